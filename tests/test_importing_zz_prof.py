import time
from django.urls import reverse
from tests import factories
from tests.test_importing_web import _draft, client_for
from units.models import Unit

def test_prof(world):
    for _ in range(40):
        factories.unit(jurisdiction=world.j)
    ids = list(Unit.objects.filter(jurisdiction=world.j).values_list("pk", flat=True))
    d = _draft(world, tasks=150, unit_ids=ids)
    c = client_for(world.office)
    c.get(reverse("importing:preview", args=[d.pk]))
    t = time.time(); r = c.get(reverse("importing:preview", args=[d.pk])); print("TIME", time.time() - t, len(r.content))
