import threading
import pytest
from django.db import IntegrityError, connection, transaction, connections
from tasks.models import ReminderLog

def claim(key):
    try:
        with transaction.atomic():
            ReminderLog.objects.create(key=key)
            import time; time.sleep(0.2)
        return True
    except IntegrityError:
        return False

@pytest.mark.django_db(transaction=True)
def test_probe():
    barrier = threading.Barrier(2)
    results, errors = [], []
    def run():
        try:
            barrier.wait()
            results.append(claim("k"))
        except Exception as e:
            errors.append(repr(e))
        finally:
            connections.close_all()
    ts = [threading.Thread(target=run) for _ in range(2)]
    [t.start() for t in ts]; [t.join() for t in ts]
    print(connection.settings_dict["NAME"], results, errors)
    assert sorted(results) == [False, True], (results, errors)
