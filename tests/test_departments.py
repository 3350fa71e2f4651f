"""Actor recognition: list splitting, shared levels and classes, aliases (extractors/departments.py)."""
from __future__ import annotations

import pytest

from extractors.departments import (
    actor_ending_at,
    actor_starting_at,
    canonical_department,
    find_actors,
    is_actor_name,
    is_unit_like,
    read_table,
    split_actors,
    split_tag_units,
)
from schema.errors import PatternFileError


@pytest.mark.parametrize("phrase, names, source", [
    ("各级乡村振兴、对口协作部门", ["各级乡村振兴部门", "各级对口协作部门"], "corpus 001"),
    ("驻村第一书记和驻村工作队员", ["驻村第一书记", "驻村工作队员"], "corpus 001"),
    ("东部地区、各级定点帮扶单位等", ["东部地区", "各级定点帮扶单位"], "corpus 001"),
    ("人力资源社会保障部、农业农村部（国家乡村振兴局）",
     ["人力资源社会保障部", "农业农村部（国家乡村振兴局）"], "corpus 003"),
    ("乡村振兴部门（协作办、对口办）", ["乡村振兴部门（协作办、对口办）"], "corpus 003"),
    ("市、区财政部门", ["市财政部门", "区财政部门"], "gz_jujia 第六条"),
    ("市人力资源和社会保障、民政部门", ["市人力资源和社会保障部门", "市民政部门"], "gz_jujia"),
    ("区、镇人民政府和街道办事处", ["区人民政府", "镇人民政府", "街道办事处"], "gz_jujia 第十条"),
    ("每个社区、行政村", ["每个社区", "每个行政村"], "gz_jujia"),
    ("县级以上人民政府发展改革、教育、统计等部门",
     ["县级以上人民政府发展改革部门", "县级以上人民政府教育部门", "县级以上人民政府统计部门"],
     "henan 第五条"),
    ("县级以上人民政府及其相关部门", ["县级以上人民政府", "县级以上人民政府相关部门"], "henan"),
    ("各级政府及其工作人员", ["各级政府", "各级政府工作人员"], "sxyz 2024 report"),
    ("各级党委和政府", ["各级党委", "各级政府"], "2023 中央一号文件"),
    ("相关部门和单位", ["相关部门", "相关单位"], "henan 第六十条"),
    ("各地区各部门", ["各地区", "各部门"], "sxyz 2024 report"),
    ("任何单位和个人", ["任何单位和个人"], "henan 第五十二条"),
    ("市发改委、市财政局、中国人民银行浙江省分行",
     ["市发改委", "市财政局", "中国人民银行浙江省分行"], "hangzhou tag"),
    ("杭州城西科创大走廊—5—管委会", ["杭州城西科创大走廊管委会"], "hangzhou tag across a page number"),
])
def test_split_actors_one_name_per_body(phrase, names, source):
    assert split_actors(phrase) == names, source


@pytest.mark.parametrize("name, canonical", [
    ("人社部门", "人力资源社会保障部门"),
    ("人力资源和社会保障部门", "人力资源社会保障部门"),
    ("市人社局", "市人力资源社会保障局"),
    ("县人力资源和社会保障局", "县人力资源社会保障局"),
    ("市发改委", "市发展改革委"),
    ("县级以上政府", "县级以上人民政府"),
    ("县级以上人民政府", "县级以上人民政府"),
    ("国家乡村振兴局", "国家乡村振兴局"),
])
def test_canonical_department_resolves_aliases_at_each_level(name, canonical):
    assert canonical_department(name) == canonical


@pytest.mark.parametrize("name, expected", [
    ("国家乡村振兴局", True),
    ("各地", True),
    ("脱贫县", True),
    ("补贴对象", True),
    ("每个区", True),
    ("体系化布局", False),   # ends with 局 but names no body
    ("全面部署", False),
    ("部门", False),          # a bare suffix
    ("其所", False),
    ("积极的财政政策", False),
])
def test_is_actor_name_accepts_bodies_and_rejects_lookalikes(name, expected):
    assert is_actor_name(name) is expected


def test_actor_ending_at_takes_the_actor_right_before_the_cue():
    text = "国家乡村振兴局要求各地要认真落实"
    actor = actor_ending_at(text, text.index("要认真"))
    assert actor is not None and actor.names == ("各地",)


def test_actor_starting_at_stops_at_a_boundary_word():
    text = "县级以上人民政府相关部门在组织编制本部门本行业规划时"
    actor = actor_starting_at(text, 0)
    assert actor is not None and actor.names == ("县级以上人民政府相关部门",)


def test_actor_starting_at_drops_a_relative_lead_in():
    text = "其所在的乡镇劳动保障所在受理需求后15日内组织其参加相关培训"
    actor = actor_starting_at(text, 0)
    assert actor is not None and actor.names == ("乡镇劳动保障所",)


def test_actor_starting_at_rejects_a_prepositional_object():
    assert actor_starting_at("对乡村振兴重点帮扶县、易地搬迁大型安置区等重点地区加大倾斜", 0) is None


def test_find_actors_finds_clause_subjects_only():
    text = "市民政部门负责统筹，区民政部门负责实施；加强宣传引导。"
    assert [a.names for a in find_actors(text)] == [("市民政部门",), ("区民政部门",)]


def test_read_table_missing_file_raises_pattern_file_error():
    with pytest.raises(PatternFileError):
        read_table("no_such_table.tsv", 2)


def test_read_table_bad_row_names_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "bad.tsv").write_text("# word\tkind\n部门\torg\n局\n", encoding="utf-8")
    monkeypatch.setattr("extractors.departments.resources.files", lambda _package: tmp_path)
    with pytest.raises(PatternFileError, match=r"bad\.tsv.*line 3"):
        read_table("bad.tsv", 2)


def test_actor_starting_at_keeps_a_closing_bracket():
    actor = actor_starting_at("农业农村部（国家乡村振兴局）将定期通报脱贫人口务工规模进度", 0)
    assert actor is not None and actor.names == ("农业农村部（国家乡村振兴局）",)


def test_find_actors_reads_a_name_that_ends_the_text():
    assert [a.names for a in find_actors("县级以上人民政府")] == [("县级以上人民政府",)]


def test_actor_starting_at_does_not_stop_inside_a_bracket():
    assert actor_starting_at("市、县（区）之间要加强上下联动", 0) is None


@pytest.mark.parametrize("phrase, expected, source", [
    ("市、区教育、公安、财政、工会、残联等单位",
     ["市、区教育", "市、区公安", "市、区财政", "市、区工会", "市、区残联"],
     "levels written once before a list of domains: one actor per body"),
    ("市和区、县人民政府", ["市人民政府", "区人民政府", "县人民政府"], "beijing_jiuye 第五条"),
    ("市、区民政部门", ["市民政部门", "区民政部门"], "gz_jujia: a level pair before one body is two actors"),
    ("区、镇人民政府和街道办事处", ["区人民政府", "镇人民政府", "街道办事处"], "gz_jujia 第十二条"),
    ("扶贫办、商务部等有关部门和单位", ["扶贫办", "商务部"], "a closing class phrase after named units"),
])
def test_split_actors_distributes_written_levels(phrase, expected, source):
    assert split_actors(phrase) == expected, source


def test_split_actors_keeps_a_qualified_level_whole():
    assert split_actors("地方各级人民政府") == ["地方各级人民政府"]
    assert split_actors("各地各有关部门") == ["各地", "各有关部门"]


def test_actor_ending_at_keeps_a_place_qualifier_with_request_inside():
    text = "申请地镇人民政府（街道办事处）"
    assert actor_ending_at(text, len(text)).names == ("申请地镇人民政府（街道办事处）",)


@pytest.mark.parametrize("body, expected, source", [
    ("人力资源社会保障厅、省委组织部，经济和信息化厅、团省委、省残联",
     ["人力资源社会保障厅", "省委组织部", "经济和信息化厅", "团省委", "省残联"], "sichuan 2025 tag"),
    ("市文化局、市作协，各区、县（市）政府", ["市文化局", "市作协", "各区、县（市）政府"],
     "constructed: no level is pasted onto 各区 or an unknown name"),
    ("市发展改革委、教育、公安等部门", ["市发展改革委", "市教育部门", "市公安部门"],
     "constructed: bare domains share 部门"),
    ("各有关部门和单位", ["各有关部门", "各有关单位"], "govcn guofa 2018 39 tag"),
])
def test_split_tag_units_keeps_each_listed_unit(body, expected, source):
    assert split_tag_units(body) == expected, source


@pytest.mark.parametrize("name, expected", [
    ("市足协", True), ("杭师大", True), ("含市本级", True), ("2023年", False), ("负责落实", False),
    ("符合条件的", False),
])
def test_is_unit_like_rejects_numbers_and_verb_phrases(name, expected):
    assert is_unit_like(name) is expected
