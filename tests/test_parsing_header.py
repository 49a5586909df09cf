"""Document header: 文号, title, addressees, issuer, date, year; splitting a file into documents."""

from datetime import date

import pytest

from tasks.parsing.cleanup import clean_lines
from tasks.parsing.header import inner_title, normalize_doc_number, parse_header, split_addressees
from tasks.parsing.splitter import split_annex, split_documents


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("薛政办发〔2021〕14号", "薛政办发〔2021〕14号"),
        ("临港办字[2021]6号", "临港办字〔2021〕6号"),
        ("冠政办发（2020）33号", "冠政办发〔2020〕33号"),
        ("台政办发 〔2023〕 6 号", "台政办发〔2023〕6号"),
        ("薛政办字［2019］013号", "薛政办字〔2019〕13号"),
    ],
)
def test_doc_number_forms(raw, expected):
    assert normalize_doc_number(raw) == expected


def test_inner_title():
    assert inner_title("关于印发《2023年台儿庄区政务公开工作要点》的通知") == "2023年台儿庄区政务公开工作要点"
    assert inner_title("关于印发2021年薛城区政务公开工作要点的通知") == "2021年薛城区政务公开工作要点"
    assert inner_title("关于印发区政府常务会议议题提报工作办法的通知") == "区政府常务会议议题提报工作办法"


def test_addressees_are_recipients_split_on_commas():
    line = "各镇政府，临城、常庄街道办事处，新城街道筹备处工委，区政府各部门，各企事业单位："
    assert split_addressees(line) == [
        "各镇政府", "临城、常庄街道办事处", "新城街道筹备处工委", "区政府各部门", "各企事业单位"]


HEADER = """
# 某某区人民政府办公室文件

某政办发〔2022〕7号

## 某某区人民政府办公室 关于印发2022年某某区政务公开 工作要点的通知

各镇政府，各街道办事处，区政府各部门：

《2022年某某区政务公开工作要点》已经区政府同意，现印发给你们，请认真贯彻落实。

某某区人民政府办公室

2022年3月8日

（此件公开发布）

# 2022 年某某区政务公开工作要点

2022年政务公开工作的总体要求是：坚持以人民为中心。
"""


def test_paragraph_header():
    lines = clean_lines(HEADER)
    header = parse_header(lines)
    assert header.doc_number == "某政办发〔2022〕7号"
    assert header.title == "2022年某某区政务公开工作要点"
    assert header.issuer == "某某区人民政府办公室"
    assert header.issued_on == date(2022, 3, 8)
    assert header.year == 2022
    assert header.addressees == ["各镇政府", "各街道办事处", "区政府各部门"]
    assert lines[header.body_start].text.startswith("2022年政务公开工作的总体要求")


WRAPPED = """ 某政办发〔2019〕18号

某某区人民政府办公室

关于印发《2019 年某某区政务公开工作要点》的

通 知

各镇政府，某某街道办事处，区政府各

部门、有关事业单位：

《2019年某某区政务公开工作要点》已经区政府同意，现印发给

你们，请认真贯彻落实。

某某区人民政府办公室

2019年 9月 30日

（此件公开发布）
 2019年某某区
政务公开工作要点

做好 2019年全区政务公开工
"""


def test_header_cut_into_narrow_lines():
    lines = clean_lines(WRAPPED)
    header = parse_header(lines)
    assert header.doc_number == "某政办发〔2019〕18号"
    assert header.title == "2019年某某区政务公开工作要点"
    assert header.issued_on == date(2019, 9, 30)
    assert header.addressees == ["各镇政府", "某某街道办事处", "区政府各部门", "有关事业单位"]
    assert lines[header.body_start].text == "做好2019年全区政务公开工"


def test_chinese_numeral_date_and_signature_at_the_end():
    text = (
        "关于印发某某工作办法的通知\n\n各部门：\n\n为规范工作，制定本办法。\n\n"
        "某某县人民政府办公室\n二〇二〇年十月一日"
    )
    header = parse_header(clean_lines(text))
    assert header.title == "某某工作办法"
    assert header.issued_on == date(2020, 10, 1)
    assert header.issuer == "某某县人民政府办公室"
    assert header.year == 2020


def test_invalid_dates_are_ignored():
    header = parse_header(clean_lines("某某县人民政府办公室\n2020年13月45日\n一、标题"))
    assert header.issued_on is None


def test_split_documents_at_doc_number_lines():
    text = (
        "甲政办发〔2019〕18号\n关于印发甲的通知\n一、正文\n"
        "甲政办发〔2019〕19号\n关于印发乙的通知\n一、正文\n"
        "引用（甲政办发〔2019〕20号）不是新文件\n"
        "甲政办字〔2019〕13号\n关于印发丙的通知\n一、正文\n"
    )
    documents = split_documents(clean_lines(text))
    firsts = [doc[0].text for doc in documents]
    assert firsts == ["甲政办发〔2019〕18号", "甲政办发〔2019〕19号", "甲政办字〔2019〕13号"]


def test_annex_belongs_to_the_document_before_it():
    lines = clean_lines("一、正文。\n附件：任务分解表\n附件\n| 工作任务 | 具体要求 | 责任单位 |")
    body, annex = split_annex(lines)
    assert [ln.text for ln in body] == ["一、正文。"]
    assert annex[0].text == "附件：任务分解表"


def test_plain_document_without_notice_or_number():
    text = "2022年某区政务公开工作要点\n\n一、深化公开\n\n（一）推进公开。做好规划公开。（责任单位：某局）"
    header = parse_header(clean_lines(text))
    assert (header.doc_number, header.title, header.year) == (None, "2022年某区政务公开工作要点", 2022)
    assert header.body_start == 1
