import pytest
from django.urls import reverse
from tests import factories_portal as fp

@pytest.mark.parametrize("who", ["liaison", "office", "supervisor"])
def test_smoke(world, client, who):
    fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=10)
    report, att = fp.report_with_attachment(assignment=world.assignment, author=world.liaison)
    client.force_login(getattr(world, who))
    urls = [reverse("portal:home"), reverse("portal:assignment_list"), reverse("portal:document_list"),
            reverse("portal:document_detail", args=[world.document.pk]), reverse("portal:task_detail", args=[world.task.pk]),
            reverse("portal:assignment_detail", args=[world.assignment.pk]), reverse("portal:unit_detail", args=[world.unit.pk]),
            reverse("portal:attachment_download", args=[att.pk])]
    if who != "liaison":
        urls += [reverse("portal:review_queue"), reverse("portal:overview"), reverse("portal:jurisdiction_overview", args=[world.j.pk])]
    for url in urls:
        r = client.get(url, follow=True)
        assert r.status_code == 200, (url, r.status_code)
