"""Portal pages: what each role sees and what the forms do."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Assignment, ExtensionRequest, ProgressReport, Role, Status, Urge
from tasks.services.reports import progress_report_submit
from tests import factories
from tests import factories_portal as fp
from tests.html import by_testid, find, find_all, hrefs, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English whatever translations exist, so assertions on words stay stable."""
    settings.LANGUAGE_CODE = "en"


def page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def set_assignment(a, **fields):
    Assignment.objects.filter(pk=a.pk).update(**fields)


# ----- home (我的任务)


@time_machine.travel(date(2021, 7, 12))
def test_home_lists_own_units_assignments_with_lights_counts_and_week_strip(world, client):
    set_assignment(world.assignment, due_on=date(2021, 7, 14), due_provisional=True)  # yellow, this week
    overdue = factories.assignment(task=factories.task(document=world.document, text="逾期任务"), unit=world.unit,
                                   due_on=date(2021, 7, 1))
    html = page(client, world.liaison, reverse("portal:home")).content.decode()
    assert world.assignment.get_absolute_url() in html and overdue.get_absolute_url() in html
    assert world.other_assignment.get_absolute_url() not in html
    assert 'data-testid="count-overdue">1<' in html and 'data-testid="count-due-soon">1<' in html
    assert "provisional" in html
    strip = hrefs(find(html, '//section[@aria-labelledby="week-title"]'))
    assert world.assignment.get_absolute_url() in strip and overdue.get_absolute_url() not in strip


@time_machine.travel(date(2021, 7, 12))
def test_home_filters_by_light_status_text_and_due_range(world, client):
    late = factories.assignment(task=factories.task(document=world.document, text="逾期的预算公开"),
                                unit=world.unit, due_on=date(2021, 7, 1))
    set_assignment(world.assignment, due_on=date(2021, 9, 1), status=Status.IN_PROGRESS)
    client.force_login(world.liaison)
    url = reverse("portal:home")

    def listed(**params):
        html = client.get(url, params).content.decode()
        return {a.pk for a in (late, world.assignment) if a.get_absolute_url() in html.split("row-count")[1]}

    assert listed(light="red") == {late.pk}
    assert listed(status="in_progress") == {world.assignment.pk}
    assert listed(q="预算") == {late.pk}
    assert listed(due_after="2021-08-01", due_before="2021-09-30") == {world.assignment.pk}
    assert listed(document=world.document.pk, year=2021) == {late.pk, world.assignment.pk}
    # The counts still show every light within the other filters.
    assert 'data-testid="count-overdue">1<' in client.get(url, {"light": "green"}).content.decode()


def test_home_sorts_by_due_date(world, client):
    later = factories.assignment(task=factories.task(document=world.document, number="9"), unit=world.unit,
                                 due_on=date(2030, 1, 1))
    set_assignment(world.assignment, due_on=date(2029, 1, 1))
    html = page(client, world.liaison, reverse("portal:home"), sort="-due_on").content.decode()
    links = hrefs(find(html, "//table"))
    assert links.index(later.get_absolute_url()) < links.index(world.assignment.get_absolute_url())


def test_office_and_supervisor_land_on_the_overview(world, client):
    for user in (world.office, world.supervisor):
        client.force_login(user)
        assert client.get(reverse("portal:home")).url == reverse("portal:overview")


def test_user_without_role_sees_an_explanation(world, client):
    html = page(client, factories.user(), reverse("portal:home")).content.decode()
    assert "not linked to any unit" in html


# ----- assignment page and the unit's acts


def test_assignment_page_shows_task_in_context_and_all_units(world, client):
    world.task.section_path = ["一、深化重点领域政府信息公开", "（一）推进重大事项领域政务公开"]
    world.task.deadline_phrase = "2021年年底前"
    world.task.save()
    html = page(client, world.liaison, world.assignment.get_absolute_url()).content.decode()
    assert "（一）推进重大事项领域政务公开" in html and world.task.text in html and "2021年年底前" in html
    assert "区市场监管局" in html and 'id="report"' in html


def test_liaison_submits_report_with_link_and_attachment(world, client):
    client.force_login(world.liaison)
    response = client.post(reverse("portal:report_submit", args=[world.assignment.pk]), {
        "text": "已在政府网站公开预算", "percent": "80",
        "evidence_urls": "http://www.xuecheng.gov.cn/art/1.html\r\nhttps://www.xuecheng.gov.cn/2",
        "attachments": [fp.upload("证明.pdf"), fp.upload("清单.xlsx", b"PK")],
    })
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence_urls == ["http://www.xuecheng.gov.cn/art/1.html", "https://www.xuecheng.gov.cn/2"]
    assert report.attachments.count() == 2 and report.author == world.liaison
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "证明.pdf" in html and "http://www.xuecheng.gov.cn/art/1.html" in html


@pytest.mark.parametrize("data,files", [
    ({"evidence_urls": "javascript:alert(1)"}, []),
    ({}, [fp.upload("run.exe", b"MZ")]),
    ({}, [fp.upload("huge.pdf", b"x" * (1024 * 1024 + 1))]),
    ({"percent": "101"}, []),
])
def test_bad_report_is_refused_with_a_message_and_nothing_saved(world, client, settings, data, files):
    settings.OPENSCHED_MAX_UPLOAD_MB = 1
    client.force_login(world.liaison)
    post = {"text": "进展", "percent": "50", "evidence_urls": "", **data}
    if files:
        post["attachments"] = files
    response = client.post(reverse("portal:report_submit", args=[world.assignment.pk]), post)
    assert response.status_code == 400
    assert "was not saved" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_period_choice_appears_only_for_recurring_tasks(world, client):
    html = page(client, world.liaison, world.assignment.get_absolute_url()).content.decode()
    assert 'name="period"' not in html
    fp_period = world.task.periods.create(index=0, label="一季度", starts_on=date(2021, 1, 1), due_on=date(2021, 3, 31))
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert 'name="period"' in html and fp_period.label in html


def test_returned_comment_is_shown_to_the_liaison(world, client):
    report = factories.report(assignment=world.assignment, author=world.liaison, state="returned",
                              review_note="请补充公开网址", reviewer=world.office)
    set_assignment(world.assignment, status=Status.RETURNED)
    html = page(client, world.liaison, world.assignment.get_absolute_url()).content.decode()
    assert 'data-testid="returned-comment"' in html and report.review_note in html


def test_acknowledge_button(world, client):
    client.force_login(world.liaison)
    assert client.post(reverse("portal:assignment_acknowledge", args=[world.assignment.pk])).status_code == 302
    assignment = Assignment.objects.get(pk=world.assignment.pk)
    assert assignment.acknowledged_by == world.liaison
    assert "Acknowledge receipt" not in client.get(assignment.get_absolute_url()).content.decode()


@time_machine.travel(date(2021, 7, 1))
def test_extension_request_and_approval_show_both_dates(world, client):
    set_assignment(world.assignment, due_on=date(2021, 7, 15))
    client.force_login(world.liaison)
    response = client.post(reverse("portal:extension_request", args=[world.assignment.pk]),
                           {"requested_due": "2021-08-31", "reason": "需要协调"})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    client.force_login(world.office)
    response = client.post(reverse("portal:extension_decide", args=[extension.pk]),
                           {"decision": "approve", "note": "",
                            "version": Assignment.objects.get(pk=world.assignment.pk).version})
    assert response.status_code == 302
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "Extended from 2021-07-15 to 2021-08-31" in html
    assert Assignment.objects.get(pk=world.assignment.pk).due_on == date(2021, 8, 31)


def test_attachment_download_is_an_attachment_with_nosniff(world, client):
    _report, attachment = fp.report_with_attachment(assignment=world.assignment, author=world.liaison)
    response = page(client, world.supervisor, reverse("portal:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"


# ----- office: review, urge, assign


@time_machine.travel(date(2021, 7, 20))
def test_review_queue_accept_and_return(world, client):
    accepted = progress_report_submit(assignment=world.assignment, user=world.liaison, text="完成", percent=100)
    returned = progress_report_submit(assignment=world.other_assignment, user=world.other_liaison, text="部分",
                                      percent=50)
    html = page(client, world.office, reverse("portal:review_queue")).content.decode()
    assert html.count('data-testid="queue-report"') == 2
    version = Assignment.objects.get(pk=world.assignment.pk).version
    client.post(reverse("portal:report_review", args=[accepted.pk]), {"decision": "accept", "note": "",
                                                                       "version": version})
    other_version = Assignment.objects.get(pk=world.other_assignment.pk).version
    response = client.post(reverse("portal:report_review", args=[returned.pk]),
                           {"decision": "return", "note": "", "version": other_version}, follow=True)
    assert "Say what is missing" in response.content.decode()  # a return needs a comment
    client.post(reverse("portal:report_review", args=[returned.pk]),
                {"decision": "return", "note": "缺少链接", "version": other_version})
    done = Assignment.objects.get(pk=world.assignment.pk)
    assert done.status == Status.COMPLETED and done.completed_on == date(2021, 7, 20)
    assert Assignment.objects.get(pk=world.other_assignment.pk).status == Status.RETURNED
    assert 'data-testid="queue-report"' not in client.get(reverse("portal:review_queue")).content.decode()


def test_supervisor_sees_the_queue_without_buttons(world, client):
    progress_report_submit(assignment=world.assignment, user=world.liaison, text="完成", percent=100)
    html = page(client, world.supervisor, reverse("portal:review_queue")).content.decode()
    assert 'data-testid="queue-report"' in html and 'value="accept"' not in html


def test_urge_from_the_assignment_page(world, client):
    client.force_login(world.office)
    client.post(reverse("portal:assignment_urge", args=[world.assignment.pk]), {"message": "请本周内报送"})
    assert Urge.objects.get().message == "请本周内报送"
    html = page(client, world.liaison, world.assignment.get_absolute_url()).content.decode()
    assert "请本周内报送" in html


def test_two_office_staff_changing_a_role_at_once(world, client):
    """The second save, made from a page loaded before the first, is refused with a reload message."""
    second = factories.office(jurisdiction=world.j)
    url = reverse("portal:assignment_role", args=[world.assignment.pk])
    client.force_login(world.office)
    client.post(url, {"role": Role.LEAD, "version": 1})
    client.force_login(second)
    response = client.post(url, {"role": Role.COOPERATING, "version": 1}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert Assignment.objects.get(pk=world.assignment.pk).role == Role.LEAD


def test_task_page_assigns_and_removes_units_and_shows_history(world, client):
    unit = factories.unit(jurisdiction=world.j, name="区教体局")
    client.force_login(world.office)
    client.post(reverse("portal:task_assign", args=[world.task.pk]), {"unit": unit.pk, "role": Role.COOPERATING})
    added = Assignment.objects.get(task=world.task, unit=unit)
    assert added.role == Role.COOPERATING
    client.post(reverse("portal:assignment_role", args=[world.assignment.pk]), {"role": Role.LEAD, "version": 1})
    page = client.get(world.task.get_absolute_url()).content.decode()
    assert reverse("portal:task_history", args=[world.task.pk]) in page.split('id="history"')[1]
    html = client.get(reverse("portal:task_history", args=[world.task.pk])).content.decode()
    assert "Assignment of 区教体局 created" in html
    assert "Lead" in html.split('id="history"')[1]  # role change with old → new
    client.post(reverse("portal:assignment_remove", args=[added.pk]))
    assert not Assignment.objects.filter(pk=added.pk).exists()
    assert "Assignment of 区教体局 deleted" in client.get(
        reverse("portal:task_history", args=[world.task.pk])).content.decode()


def test_vague_task_shows_a_unit_picker(world, client):
    world.task.flags = ["vague_units"]
    world.task.save()
    unit = factories.unit(jurisdiction=world.j, name="区教体局")
    html = page(client, world.office, world.task.get_absolute_url()).content.decode()
    assert "Pick the units" in html and "区教体局" in html and "县民政局" not in html
    client.post(reverse("portal:task_pick_units", args=[world.task.pk]), {"units": [unit.pk], "role": "responsible"})
    world.task.refresh_from_db()
    assert world.task.flags == [] and Assignment.objects.filter(task=world.task, unit=unit).exists()


def test_document_list_publish_and_guarded_import_link(world, client):
    html = page(client, world.office, reverse("portal:document_list")).content.decode()
    assert world.document.title in html and world.foreign_document.title not in html
    client.post(reverse("portal:document_publish", args=[world.document.pk]), {"published": "on"})
    world.document.refresh_from_db()
    assert world.document.is_published
    assert "Publish" not in page(client, world.supervisor, reverse("portal:document_list")).content.decode().split(
        "<table")[1]


def test_document_page_shows_sections_tasks_units_and_lights(world, client):
    section = factories.section(document=world.document, label="一", title="深化重点领域政府信息公开")
    world.task.section = section
    world.task.save()
    html = page(client, world.supervisor, world.document.get_absolute_url()).content.decode()
    assert "深化重点领域政府信息公开" in html and "区市场监管局" in html and "light-grey" in html
    assert 'data-testid="matrix"' in html and 'data-testid="ranking"' in html
    liaison_html = page(client, world.liaison, world.document.get_absolute_url()).content.decode()
    assert 'data-testid="matrix"' not in liaison_html
    assert world.assignment.get_absolute_url() in liaison_html
    assert world.other_assignment.get_absolute_url() not in liaison_html


# ----- overviews, ledger, unit page


@time_machine.travel(date(2021, 7, 20))
def test_overview_shows_completion_by_unit(world, client):
    set_assignment(world.assignment, status=Status.COMPLETED, completed_on=date(2021, 7, 1), due_on=date(2021, 7, 9))
    html = page(client, world.supervisor, reverse("portal:jurisdiction_overview", args=[world.j.pk])).content.decode()
    row = find(html, '//tr[@data-unit="区财政局"]')
    assert text(by_testid(row, "unit-rate")) == "100%"
    assert '<svg class="bar-chart"' in html
    assert 'data-testid="completed-count">1<' in page(client, world.supervisor,
                                                       reverse("portal:overview")).content.decode()


def test_ledger_filters_by_unit_and_jurisdiction(world, client):
    client.force_login(world.office)
    html = client.get(reverse("portal:assignment_list"), {"unit": world.other_unit.pk}).content.decode()
    listing = html.split("row-count")[1]
    assert world.other_assignment.get_absolute_url() in listing
    assert world.assignment.get_absolute_url() not in listing
    everything = client.get(reverse("portal:assignment_list")).content.decode()
    assert world.foreign_assignment.get_absolute_url() not in everything


@time_machine.travel(date(2022, 3, 1))
def test_unit_page_shows_on_time_rate_per_year(world, client):
    set_assignment(world.assignment, status=Status.COMPLETED, completed_on=date(2021, 7, 1), due_on=date(2021, 7, 9))
    doc_2020 = factories.document(jurisdiction=world.j, issued_on=date(2020, 5, 1))
    factories.assignment(task=factories.task(document=doc_2020), unit=world.unit, status=Status.COMPLETED,
                         due_on=date(2020, 6, 1), completed_on=date(2020, 6, 5))
    html = page(client, world.liaison, reverse("portal:unit_detail", args=[world.unit.pk])).content.decode()
    rows = find_all(html, '//section[@aria-labelledby="record-title"]//tbody/tr')
    cells = [[text(cell) for cell in row.xpath("./th|./td")] for row in rows]
    assert cells[0][0] == "2021" and "100%" in cells[0]
    assert cells[1][0] == "2020" and "0%" in cells[1]


def test_history_shows_who_changed_what(world, client):
    client.force_login(world.office)
    client.post(reverse("portal:assignment_role", args=[world.assignment.pk]), {"role": Role.LEAD, "version": 1})
    page = client.get(world.assignment.get_absolute_url()).content.decode()
    url = reverse("portal:assignment_history", args=[world.assignment.pk])
    assert url in page and "Responsible</del>" not in page  # the page links to its history
    html = client.get(url).content.decode()
    history = html.split('id="history"')[1]
    assert "Responsible</del> → Lead" in history and "office" in history
    assert world.assignment.get_absolute_url() in html  # the way back
    assert 'data-testid="history-truncated"' not in html


def test_the_history_page_reads_only_the_newest_records_and_says_so(world, client, monkeypatch):
    from tasks.selectors import portal_history

    monkeypatch.setattr(portal_history, "HISTORY_LIMIT", 2)
    monkeypatch.setattr(portal_history.history_entries, "__kwdefaults__", {"limit": 2})
    for percent in (10, 20, 30, 40):
        world.assignment.percent = percent
        world.assignment.save()
    client.force_login(world.office)
    html = client.get(reverse("portal:assignment_history", args=[world.assignment.pk])).content.decode()
    history = html.split('id="history"')[1]
    assert "40" in history and "→ 30" not in history  # the newest change only: 30 → 40
    assert 'data-testid="history-truncated"' in html
