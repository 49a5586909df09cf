"""The pure name guessers: jurisdictions from issuer lines, units through the abbreviation table."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from units.abbreviations import DEPARTMENTS
from units.naming import (
    collective_rule,
    department_forms,
    expand_addressee,
    guess_jurisdiction,
    guess_kind,
    place_prefixes,
    unit_identity,
)


@pytest.mark.parametrize("issuer, name, level, prefix, parent", [
    ("青川市人民政府办公室", "青川市", "city", "市", None),
    ("泸州市人民政府", "泸州市", "city", "市", None),
    ("山东省人民政府办公厅", "山东省", "province", "省", None),
    ("冠县人民政府办公室", "冠县", "county", "县", None),
    ("长阳土家族自治县人民政府", "长阳土家族自治县", "county", "县", None),
    ("中共冠县县委办公室", "冠县", "county", "县", None),
    ("薛城区人民政府办公室", "薛城区", "district", "区", None),
    ("山东省枣庄市薛城区人民政府办公室", "薛城区", "district", "区", "枣庄市"),
    ("枣庄市市中区人民政府办公室", "市中区", "district", "区", "枣庄市"),
    ("沙沟镇人民政府", "沙沟镇", "town", "", None),
    ("兰沃乡人民政府", "兰沃乡", "town", "", None),
    ("临城街道办事处", "临城街道", "town", "", None),
    ("冠县卫生健康局", "冠县卫生健康局", "department", "", "冠县"),
    ("青川市城市管理局", "青川市城市管理局", "department", "", "青川市"),
    ("临沂临港经济开发区党政办公室", "临沂临港经济开发区", "zone", "区", None),
    ("冠县经济开发区管委会", "冠县经济开发区", "zone", "区", None),
])
def test_issuer_line_gives_the_jurisdiction_its_level_prefix_and_parent(issuer, name, level, prefix, parent):
    guess = guess_jurisdiction(issuer)
    assert (guess.name, guess.level, guess.unit_prefix, guess.parent) == (name, level, prefix, parent)


@pytest.mark.parametrize("text", ["", None, "今天天气", "关于印发工作要点的通知。"])
def test_text_that_names_no_government_gives_no_guess(text):
    assert guess_jurisdiction(text) is None


@given(st.text(max_size=80))
def test_the_guesser_never_fails_and_names_a_part_of_its_input(text):
    guess = guess_jurisdiction(text)
    if guess is not None:
        assert guess.name and guess.name in "".join(text.split())
        assert guess.level in {"province", "city", "district", "county", "town", "zone", "department"}


@given(st.sampled_from(["青川", "薛城", "台儿庄", "长宁", "东湖"]), st.sampled_from(["市", "区", "县"]))
def test_any_place_name_with_its_government_office_gives_that_place(place, ending):
    guess = guess_jurisdiction(f"{place}{ending}人民政府办公室")
    assert guess.name == place + ending
    assert guess.unit_prefix == ending


XUECHENG = place_prefixes(name="薛城区", unit_prefix="区", parent="枣庄市")


@pytest.mark.parametrize("forms", [
    ("区发改局", "区发展改革局", "区发展和改革局"),
    ("区人社局", "区人力资源社会保障局", "区人力资源和社会保障局"),
    ("区住建局", "区住房城乡建设局", "区住房和城乡建设局"),
    ("区卫健局", "卫健局", "区卫生健康局", "区卫健委"),
    ("区市场监管局", "区市场监督管理局"),
    ("区审批服务局", "区行政审批局", "区行政审批服务局"),
    ("区医保局", "区医疗保障局"),
    ("区应急局", "区应急管理局"),
    ("区退役军人局", "区退役军人事务局"),
    ("区教体局", "区教育和体育局"),
    ("区文旅局", "区文化和旅游局"),
    ("区交运局", "区交通局", "区交通运输局"),
    ("区工信局", "区工业和信息化局"),
    ("区城管局", "区城市管理局", "区综合行政执法局"),
    ("区政府办", "区政府办公室", "区人民政府办公室"),
    ("薛城生态环境分局", "市生态环境局薛城分局", "区生态环境分局"),
    ("薛城公安分局", "枣庄市公安局薛城分局"),
    ("临城街道", "临城街道办事处"),
])
def test_every_form_of_one_department_has_one_key(forms):
    keys = {unit_identity(f, prefixes=XUECHENG).key for f in forms}
    assert len(keys) == 1, keys


def test_different_departments_have_different_keys():
    names = ["区财政局", "区民政局", "区司法局", "区商务局", "区商促局", "区教育局", "区教体局", "区统计局"]
    keys = [unit_identity(n, prefixes=XUECHENG).key for n in names]
    assert len(set(keys)) == len(names)  # 商务局 and 商务和投资促进局 are kept apart: a person merges them
    assert unit_identity("区商促局").key == unit_identity("区商务和投资促进局").key


def test_department_forms_give_the_canonical_full_name_and_the_short_forms():
    full, others = department_forms("区发改局", prefix="区")
    assert full == "区发展和改革局"
    assert {"区发改局", "区发展改革局"} <= set(others)
    assert department_forms("区自然资源局", prefix="区")[0] == "区自然资源局"  # a written full form stays
    assert department_forms("区经济发展局", prefix="区") is None


def test_a_name_that_starts_like_a_prefix_is_not_cut():
    assert unit_identity("市场监管局", prefixes=XUECHENG).key == unit_identity("区市场监督管理局").key


@given(st.sampled_from(DEPARTMENTS), st.data())
def test_each_table_entry_links_all_its_forms(entry, data):
    forms = [*entry["full"], *entry["short"]]
    prefix = data.draw(st.sampled_from(["", "区", "县"]))
    keys = {unit_identity(prefix + f).key for f in forms}
    assert len(keys) == 1


@pytest.mark.parametrize("name, kind", [
    ("沙沟镇", "town"), ("斜店乡", "town"), ("临城街道", "town"), ("临城街道办事处", "town"),
    ("区财政局", "department"), ("区卫健委", "department"), ("区扶贫办", "department"), ("区大数据中心", "department"),
    ("镇财政所", "branch"), ("薛城公安分局", "branch"), ("县交警大队", "branch"), ("国家税务总局冠县税务局", "branch"),
    ("临港文化传媒集团", "company"), ("区人民医院", "company"), ("区实验学校", "company"),
    ("国网薛城供电公司", "company"),
    ("区政府办公室", "office"), ("办公室", "office"), ("区党政办公室", "office"),
    ("薛城经济开发区", "zone"), ("县经济开发区管委会", "zone"),
    ("张庄村", "village"), ("东风社区", "village"), ("财务科", "section"),
    ("区委宣传部", "other"),
])
def test_kind_is_guessed_from_the_name(name, kind):
    assert guess_kind(name) == kind


@pytest.mark.parametrize("name, rule", [
    ("各镇街", "all_towns"), ("各镇〈街〉", "all_towns"), ("各镇（街道）", "all_towns"),
    ("各乡镇（街道）", "all_towns"),
    ("各镇政府", "all_towns"), ("各乡镇人民政府", "all_towns"),
    ("区政府各部门", "all_departments"), ("区直各部门", "all_departments"), ("县直各部门", "all_departments"),
    ("各部门", "all_departments"), ("区政府各部门单位", "all_departments"),
    ("各级各部门", "all_units"), ("各单位", "all_units"),
    ("有关部门", "vague"), ("区政府有关部门", "vague"), ("相关部门单位", "vague"),
    ("年度决策事项目录涉及的区政府部门", "vague"), ("各企事业单位", "vague"),
    ("各派驻单位", "members"), ("各中心", "members"), ("各专业运营公司", "members"), ("各村（社区）", "members"),
])
def test_collective_rules_come_from_their_words(name, rule):
    assert collective_rule(name)[0] == rule


@pytest.mark.parametrize("text, towns", [
    ("临城、常庄街道办事处", [("临城街道", "临城街道办事处"), ("常庄街道", "常庄街道办事处")]),
    ("运河街道办事处", [("运河街道", "运河街道办事处")]),
    ("新城街道筹备处工委", [("新城街道", "新城街道筹备处工委")]),
    ("沙沟、周营镇人民政府", [("沙沟镇", "沙沟镇人民政府"), ("周营镇", "周营镇人民政府")]),
    ("各镇政府", []), ("区政府各部门", []), ("街道办事处", []), ("县经济开发区管委会", []),
])
def test_addressee_line_lists_its_towns(text, towns):
    assert expand_addressee(text) == towns
