"""Status and light words have one home, the TextChoices labels (tasks/models/choices.py)."""

from django.template.loader import render_to_string
from django.utils import translation

from tasks.exports.cells import LIGHT_LABELS, STATUS_LABELS, light_label, status_text
from tasks.models import Light, Status
from tasks.models.choices import light_words


def test_exports_write_the_chinese_labels_whatever_the_readers_language():
    with translation.override("en"):
        assert STATUS_LABELS[Status.SUBMITTED] == "已报送"
        assert light_label(Light.RED) == "逾期"
        assert status_text({"status": Status.IN_PROGRESS, "percent": 40}) == "推进中 40%"
    assert set(LIGHT_LABELS) == set(Light.values)


def test_light_words_follow_the_reader_and_read_unknown_lights_as_no_deadline():
    with translation.override("en"):
        assert light_words(Light.YELLOW) == "Due soon"
        assert light_words("purple") == "No deadline"
    with translation.override("zh-hans"):
        assert light_words(Light.DONE_LATE) == "逾期完成"


def test_light_badge_template_shows_the_label_words():
    with translation.override("en"):
        hidden = render_to_string("tasks/portal/_light.html", {"light": Light.GREEN})
        shown = render_to_string("tasks/portal/_light.html", {"light": Light.RED, "label": 1})
    assert '<span class="visually-hidden">On track</span>' in hidden
    assert '<span class="light-label">Overdue</span>' in shown


def test_role_marks_of_the_ledger_come_from_the_role_labels_in_chinese():
    from tasks.exports.cells import role_suffix
    from tasks.models import Role

    with translation.override("en"):
        assert role_suffix(Role.LEAD) == "（牵头）"
        assert role_suffix("cooperating") == "（配合）"
        assert role_suffix(Role.RESPONSIBLE) == ""
