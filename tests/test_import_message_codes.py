"""The parser reports codes and values, never a sentence; the words come from gettext where shown."""
from django.utils import translation

from tasks.parsing import Notice, ParseError, parse_bytes, parse_text
from tasks.services.import_messages import parse_error_text, parser_warning, warning_text

PROSE = "关于做好政务公开工作的通知\n一、公开重点\n（一）推进财政信息公开。（责任单位：区财政局）\n"


def test_document_warnings_are_notices_with_codes():
    [doc] = parse_text(PROSE)
    assert doc.warnings and all(isinstance(w, Notice) for w in doc.warnings)
    codes = {w.code: w.params for w in doc.warnings}
    assert codes["no_doc_number"] == {} and codes["no_issue_date"] == {}


def test_parse_error_carries_code_and_params_not_words():
    try:
        parse_bytes("x.docx", b"PK\x03\x04broken")
    except ParseError as exc:
        assert exc.code == "corrupt" and exc.params == {"kind": ".docx"}
        assert str(exc) == "corrupt"
        with translation.override("zh-hans"):
            text = parse_error_text(exc)
        assert ".docx" in text and " / " not in text
    else:
        raise AssertionError("a broken docx must be refused")


def test_warning_text_translates_a_code_in_one_language():
    with translation.override("en"):
        text = warning_text(parser_warning(Notice("tasks_without_units", {"n": 3})))
    assert text == "3 tasks name no responsible unit."


def test_old_drafts_with_a_bilingual_message_show_only_chinese():
    assert warning_text({"message": "未找到文号 / document number not found"}) == "未找到文号"
