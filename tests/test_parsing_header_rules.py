"""Header rules many web copies share (issue 14, "Header and deadlines"); made-up inputs."""

from datetime import date

import pytest

from tasks.parsing.cleanup import clean_lines
from tasks.parsing.header import clean_title, is_clutter, parse_header


def header_of(text):
    return parse_header(clean_lines(text))


def test_notice_title_before_the_doc_number():
    header = header_of(
        "首页 / 政务公开 / 文件\n"
        "某某市人民政府办公室关于印发2024年某某市政务公开工作要点的通知\n"
        "时间: 2024-07-11 来源: 某某市政府办公室\n"
        "某府办字〔2024〕28号  2024年6月3日\n"
        "各县（市、区）人民政府，市政府各部门：\n"
        "《2024年某某市政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻落实。\n"
        "一、推进主动公开\n"
    )
    assert header.doc_number == "某府办字〔2024〕28号"
    assert header.issued_on == date(2024, 6, 3)
    assert header.title == "2024年某某市政务公开工作要点"
    assert header.year == 2024


def test_doc_number_from_a_sites_metadata_block():
    header = header_of(
        "索 引 号 MB000/2023-1 发文日期 2023-01-03\n"
        "发布机构 区人民政府办公室 文    号 某政办〔2023〕1号\n"
        "各街道办事处，区人民政府各部门：\n"
        "现将方案印发给你们，请认真贯彻落实。\n"
        "某某区人民政府办公室\n2023年1月3日\n"
    )
    assert header.doc_number == "某政办〔2023〕1号"
    assert header.issued_on == date(2023, 1, 3)


@pytest.mark.parametrize("issuer", ["某某省人民政府办公厅", "某某县人民政府办公室", "某某县人民政府",
                                    "某某市数据局", "某某市发展改革委", "某某开发区管委会"])
def test_title_without_a_guanyu_yinfa_line(issuer):
    header = header_of(
        "分享到：\n"
        "各乡镇人民政府，县级各部门：\n"
        "《某某县2017年政务公开工作要点》已经县政府同意，现印发你们，请认真贯彻落实。\n"
        f"{issuer}\n2017年7月27日\n"
        "某某县2017年政务公开工作要点\n"
        "一、助力稳增长\n"
    )
    assert header.title == "某某县2017年政务公开工作要点"
    assert header.issuer == issuer
    assert header.issued_on == date(2017, 7, 27)
    assert header.year == 2017
    assert header.addressees == ["各乡镇人民政府", "县级各部门"]


def test_title_printed_above_the_addressees_without_a_notice_line():
    header = header_of(
        "某某平台官网_投注网站@持续深化政务公开做好2023年重点工作的任务分解\n"
        "各乡（镇）人民政府、街道办事处，区政府各部门：\n"
        "为进一步做好当前政务公开工作，现将任务分解如下：\n"
        "一、规范管理\n"
    )
    assert header.title == "持续深化政务公开做好2023年重点工作的任务分解"
    assert header.addressees[0] == "各乡（镇）人民政府"
    assert header.year == 2023


@pytest.mark.parametrize(
    "line",
    ["分享到：", "首页 / 政务公开 / 2024", "字号：", "- 12 -", "第 3 页", "工作任务 | 具体要求 | 责任单位 |",
     "工作任务", "工作任务 具体要求 责任科室 完成时限"],
)
def test_page_clutter_and_table_headers_are_never_a_title(line):
    assert is_clutter(line)
    header = header_of(f"{line}\n推进政策解读\n")
    assert header.title != line


def test_spam_glued_to_a_title_is_dropped():
    assert clean_title("某某买球平台官网_投注网站@2022年政务公开任务分解责任清单") == "2022年政务公开任务分解责任清单"
    assert clean_title("2022年政务公开工作要点") == "2022年政务公开工作要点"


def test_year_from_the_notice_title_when_the_inner_title_has_none():
    header = header_of("某某区人民政府办公室关于印发《区政府重点工作责任分解》（2021年）的通知\n各部门：\n")
    assert header.title == "区政府重点工作责任分解"
    assert header.year == 2021
