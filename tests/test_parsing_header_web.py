"""Header shapes of web copies (issue 14): metadata dates, damaged signatures, forwarded titles,
page widgets. Made-up inputs, one family each; properties over any text at the end."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.parsing.cleanup import clean_lines
from tasks.parsing.header import (
    clean_title,
    digit_date,
    forwarded_title,
    inner_title,
    is_clutter,
    meta_date,
    parse_header,
)


def header_of(text):
    return parse_header(clean_lines(text))


# --- the issue date ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "meta",
    ["发文日期: 2020年05月06日", "发布日期：2020-05-06", "来源：某某县财政局  发布时间:2020-05-06 09:30",
     "索 引 号: 001/2020-1 成文日期: 2020/5/6 发布机构: 某某局"],
)
def test_a_sites_metadata_date_is_the_issue_date_when_no_signature_dates_the_notice(meta):
    header = header_of(f"某某县财政局2020年政务公开工作要点\n{meta}\n一、推进决策公开\n")
    assert header.issued_on == date(2020, 5, 6)


def test_the_signature_date_wins_over_the_pages_publication_date():
    header = header_of(
        "某某区人民政府办公室关于印发某某区2020年政务公开工作要点的通知\n"
        "来源：某某区政府办  发布时间：2020-09-24\n"
        "各镇人民政府，区政府各部门：\n"
        "现将《某某区2020年政务公开工作要点》印发给你们，请认真贯彻落实。\n"
        "某某区人民政府办公室\n2020年9月22日\n"
        "某某区2020年政务公开工作要点\n一、推进决策公开\n"
    )
    assert header.issued_on == date(2020, 9, 22)


def test_the_metadata_label_of_the_notice_date_wins_over_the_publication_time():
    lines = clean_lines("发布时间：2021-07-09 10:00\n发文日期：2021-07-01\n一、推进决策公开\n")
    assert meta_date(lines) == date(2021, 7, 1)


def test_a_bare_date_without_a_label_is_no_metadata_date():
    # a host page's own date (日期: …) says when it was copied, not when the document was issued
    assert meta_date(clean_lines("信息来源:本站原创 日期:2020-08-21\n一、推进决策公开\n")) is None


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("202164", date(2021, 6, 4)), ("2021625", date(2021, 6, 25)), ("20211231", date(2021, 12, 31)),
     ("2021111", None),  # 1月11日 or 11月1日: never a guess
     ("202113", date(2021, 1, 3)), ("2021", None), ("20211332", None), ("123456", None)],
)
def test_a_signature_date_that_lost_its_year_month_day_signs(digits, expected):
    assert digit_date(digits) == expected


def test_digits_under_the_signature_are_its_date():
    header = header_of(
        "各镇人民政府，各街道办事处：\n"
        "《某某高新区2021年政务公开工作要点任务分解》已经管委会同意，现印发给你们，请认真抓好落实。\n"
        "某某高新区管委会办公室\n202164\n"
        "一、深化政务公开\n"
    )
    assert header.issued_on == date(2021, 6, 4)
    assert header.issuer == "某某高新区管委会办公室"


def test_digits_that_follow_no_signature_are_not_a_date():
    assert header_of("一、深化政务公开\n202164\n（一）做好规划公开。\n").issued_on is None


@pytest.mark.parametrize("line", ["（此件公开发布） 2021年6月25日", "2021年6月25日（此件公开发布）",
                                  "(此件主动公开)2021年6月25日"])
def test_a_publication_mark_on_the_dates_line(line):
    header = header_of(
        "关于印发《2021年某某市政务公开工作要点》的通知\n"
        "各县（市）区人民政府，市政府各部门：\n"
        "《2021年某某市政务公开工作要点》已经市政府同意，现印发给你们，请认真遵照执行。\n"
        f"某某市人民政府政务公开领导小组\n{line}\n"
        "2021年某某市政务公开工作要点\n一、强化基础性信息公开\n"
    )
    assert header.issued_on == date(2021, 6, 25)
    assert header.issuer == "某某市人民政府政务公开领导小组"


@pytest.mark.parametrize("issuer", ["某某省人民政府辦公廳", "某某省人民政府办公厅", "某某县人民政府"])
def test_a_signature_inside_a_run_on_line(issuer):
    header = header_of(
        "各市、縣人民政府，省政府直屬各單位： 現將《某某省2016年政務公開工作要點》印發給你們，請認真貫徹落實。 "
        f"{issuer} 2016年4月29日 （此件主動公開）\n"
        "某某省2016年政務公開工作要點 2016年，某某省政務公開工作的總體要求是：深入貫徹。\n"
        "一、圍繞深化改革推進公開\n"
    )
    assert header.issued_on == date(2016, 4, 29)
    assert header.issuer.endswith(("办公厅", "人民政府"))  # simplified: the name the office holds
    assert header.title == "某某省2016年政務公開工作要點"  # as the document writes it
    assert header.year == 2016


def test_a_date_in_a_sentence_is_no_signature():
    header = header_of("一、工作要求。各单位于2021年6月30日前报送材料，逾期不报的予以通报。\n")
    assert header.issued_on is None


# --- the title ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [("现将《某某县2019年政务公开工作要点》印发给你们，请认真贯彻落实。", "某某县2019年政务公开工作要点"),
     ("《某某区2022年政务公开工作要点》已经区政府同意，现印发给你们。", "某某区2022年政务公开工作要点"),
     ("请各单位按照《中华人民共和国政府信息公开条例》做好工作。", "")],
)
def test_the_forwarding_sentence_names_the_document(line, expected):
    assert forwarded_title(clean_lines(line)) == expected


def test_title_and_year_from_the_forwarding_sentence_when_nothing_else_names_them():
    header = header_of(
        "各乡镇人民政府，县直各部门： 现将《某某县2019年政务公开工作要点》印发给你们，请认真贯彻落实。 "
        "某某县人民政府办公室 2019年5月8日\n一、推进决策公开\n"
    )
    assert (header.title, header.year) == ("某某县2019年政务公开工作要点", 2019)


@pytest.mark.parametrize("widget", ["不能读取语音阅读器", "语音播报", "长者模式", "读屏专用", "大字版"])
def test_reader_widgets_are_page_clutter_not_a_title(widget):
    assert is_clutter(widget)
    header = header_of(f"{widget}\n某某市财政局政务公开工作规定\n发布日期：2018年06月19日\n一、组织保障\n")
    assert header.title == "某某市财政局政务公开工作规定"
    assert header.year == 2018


def test_a_site_banner_above_the_title_is_not_the_title():
    header = header_of(
        "电脑桌面\n添加某某网到电脑桌面\n安装后可以在桌面快捷访问\n"
        "某某区2019年政务公开任务分解方案\n一、提高基层党建工作水平\n"
    )
    assert header.title == "某某区2019年政务公开任务分解方案"


def test_a_quoted_guanyu_document_does_not_start_a_notice_title():
    header = header_of(
        "贯彻落实《关于加强新时代街道工作的意见》的任务分解方案\n"
        "一、提高城市基层党建工作水平\n"
    )
    assert header.notice_title == ""
    assert header.title == "贯彻落实《关于加强新时代街道工作的意见》的任务分解方案"


def test_a_quoted_report_inside_the_forwarded_title_is_not_the_title():
    notice = "关于印发2023年区《政府工作报告》确定的主要目标任务责任分解方案的通知"
    assert inner_title(notice) == "2023年区《政府工作报告》确定的主要目标任务责任分解方案"
    assert inner_title("关于印发《2023年某某区政务公开工作要点》的通知") == "2023年某某区政务公开工作要点"


@pytest.mark.parametrize("name", ["某某市政务公开工作要点实施方案.docx", "某某市政务公开工作要点实施方案.DOC",
                                  "某某市政务公开工作要点实施方案.pdf"])
def test_a_sharing_sites_file_name_loses_its_extension(name):
    assert clean_title(name) == "某某市政务公开工作要点实施方案"


# --- properties --------------------------------------------------------------------------------------------
CLUTTER = ["分享到：", "打印", "字号：大 中 小", "来源：某某县政府办", "发布时间：2021-07-09", "首页 > 政务公开",
           "不能读取语音阅读器", "文章来源：某某局", "- 3 -", "工作任务", "责任单位", "工作任务 | 责任单位 |"]
PIECES = CLUTTER + [
    "某某县2021年政务公开工作要点", "关于印发《某某县2021年政务公开工作要点》的通知", "某政办发〔2021〕3号",
    "各乡镇人民政府，县直各部门：", "现将《某某县2021年政务公开工作要点》印发给你们，请认真贯彻落实。",
    "某某县人民政府办公室", "2021年6月3日", "202163", "（此件公开发布）", "一、推进决策公开",
    "（一）做好规划公开。（责任单位：县发改局）", "发文日期：2021-06-03", "《", "》", "关于", "",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_header_never_takes_page_clutter_or_a_table_header_for_the_title(pieces):
    header = header_of("\n".join(pieces))
    assert header.title not in CLUTTER
    assert not is_clutter(header.title) or header.title == ""
    assert "|" not in header.title
    if header.year is not None:
        assert 1900 <= header.year <= 2099


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("关于印发《》的通知年月日此件公开（）()0123456789某县办公室：，。\n |"),
               max_size=200))
def test_the_header_reads_any_text_without_failing(text):
    header = header_of(text)
    assert 0 <= header.body_start <= len(clean_lines(text))
    assert header.issued_on is None or 1900 <= header.issued_on.year <= 2099


def test_a_metadata_label_with_its_value_on_the_next_line():
    lines = clean_lines("索引号\n\n0001/2021-1\n\n成文日期\n\n2021-06-28\n\n发布日期\n\n2021-06-30\n\n"
                        "一、推进决策公开\n")
    assert meta_date(lines) == date(2021, 6, 28)


def test_the_doc_number_printed_again_under_the_title_is_no_addressee():
    header = header_of(
        "发文字号\n某政办发〔2021〕9号\n某某县人民政府办公室\n关于印发2021年某某县政务公开工作要点的通知\n"
        "某政办发〔2021〕9号\n各乡镇人民政府、街道办事处，县直各部门：\n"
        "《2021年某某县政务公开工作要点》已经县政府同意，现印发给你们。\n某某县人民政府办公室\n2021年6月28日\n"
        "2021年某某县政务公开工作要点\n一、优化重点领域政府信息公开\n"
    )
    assert header.addressees == ["各乡镇人民政府", "街道办事处", "县直各部门"]
    assert header.issued_on == date(2021, 6, 28)


def test_the_same_doc_number_printed_twice_is_one_document():
    from tasks.parsing.splitter import split_documents

    text = (
        "发文字号\n某政办发〔2021〕9号\n标题\n某某县人民政府办公室关于印发某某要点的通知\n"
        "某某县人民政府办公室\n关于印发某某要点的通知\n某政办发〔2021〕9号\n各部门：\n"
        "《某某要点》已经县政府同意，现印发给你们，请认真贯彻执行。\n某某县人民政府办公室\n2021年6月28日\n"
        "某某要点\n一、落实《某某市人民政府办公室关于印发某某的通知》\n"
        "某政办发〔2021〕10号\n关于印发另一方案的通知\n一、正文\n"
    )
    documents = split_documents(clean_lines(text))
    assert [doc[0].text for doc in documents] == ["发文字号", "某政办发〔2021〕10号"]


def test_a_doc_number_in_brackets_closing_the_page_title():
    header = header_of(
        "当前位置：首页 > 政务公开\n"
        "中共某某市委办公室某某市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知（某办发〔2017〕2号）\n"
        "来源：某某市政府门户网 日期：2017-01-12\n视力保护色：\n浏览量：\n"
        "各县市区委、人民政府，市直各单位：\n"
        "《关于全面推进政务公开工作的实施意见》已经市委、市人民政府同意，现印发给你们。\n"
        "中共某某市委办公室\n某某市人民政府办公室\n2017年1月10日\n"
        "关于全面推进政务公开工作的实施意见\n一、把握总体要求\n"
    )
    assert header.doc_number == "某办发〔2017〕2号"
    assert header.title == "关于全面推进政务公开工作的实施意见"
    assert header.issued_on == date(2017, 1, 10)
    assert header.addressees[0] == "各县市区委"


def test_a_cited_document_with_its_number_is_not_the_documents_number():
    header = header_of(
        "2021年某某县政务公开工作要点\n"
        "根据《某某省人民政府办公厅关于印发2021年政务公开工作要点的通知》（某政办发〔2021〕5号）\n"
        "一、推进决策公开\n"
    )
    assert header.doc_number is None
    assert header.title == "2021年某某县政务公开工作要点"


@pytest.mark.parametrize("clutter", ["字号 大 中 小", "字号：【大 中 小】", "打印", "【打印本页】", "分享",
                                     "分享到微信", "来源：某某县人民政府办公室", "发布时间：2021-07-09 10:30",
                                     "访问量：1024"])
def test_the_issues_page_clutter_is_never_the_title(clutter):
    assert is_clutter(clutter) or clutter.startswith("【")
    header = header_of(f"{clutter}\n某某县2021年政务公开工作要点\n一、推进决策公开\n")
    assert header.title == "某某县2021年政务公开工作要点"
    assert header.year == 2021


@pytest.mark.parametrize("first", ["工作任务\n具体要求\n责任单位\n完成时限", "序号 | 工作任务 | 责任单位 | 完成时限 |"])
def test_a_table_header_as_the_files_first_lines_is_no_title(first):
    header = header_of(f"{first}\n推进政策解读\n做好重大政策解读工作\n县政府办公室\n持续推进\n")
    assert header.title not in ("工作任务", "具体要求", "责任单位", "完成时限")
    assert "|" not in header.title


def test_a_title_that_merely_starts_like_a_button_is_still_a_title():
    assert header_of("分享经济2021年发展工作要点\n一、推进决策公开\n").title == "分享经济2021年发展工作要点"


def test_a_title_cut_in_two_lines_is_joined():
    header = header_of("网站首页\n2021年某某市政务公开\n工作要点\n一、强化基础性信息公开\n")
    assert header.title == "2021年某某市政务公开工作要点"
    assert header.year == 2021


def test_a_title_line_after_another_short_line_is_not_joined_to_it():
    header = header_of("电脑桌面\n某某区2019年政务公开任务分解方案\n一、提高基层党建工作水平\n")
    assert header.title == "某某区2019年政务公开任务分解方案"


def test_a_sites_metadata_date_wins_over_a_lone_date_cell_of_the_table():
    cells = "\n".join(f"{n}\n做好第{n}项公开工作\n办公室\n" for n in range(1, 12))
    header = header_of(f"某某局政务公开重点任务清单\n发文日期：2022-03-01\n序号\n工作任务\n责任科室\n完成时限\n"
                       f"{cells}12\n做好年报编制\n办公室\n2022年12月31日\n")
    assert header.issued_on == date(2022, 3, 1)


def test_a_lone_date_line_is_still_read_when_nothing_else_dates_the_document():
    filler = "\n".join(f"（{n}）做好第{n}项工作。" for n in range(1, 30))
    assert header_of(f"一、工作任务\n{filler}\n2022年12月31日\n").issued_on == date(2022, 12, 31)


def test_a_notice_title_never_runs_into_a_table_row():
    header = header_of("关于\n工作任务 | 责任单位 |\n某某县2021年政务公开工作要点\n一、推进决策公开\n")
    assert "|" not in header.title and "工作任务" not in header.notice_title
