"""Obligation checklists: department matching, clause links, ordering, merging, renderings."""
from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from schema.records import Document, Fact, Part, Sentence
from service.checklist import (
    BadChecklistRequest,
    action_similarity,
    build_checklist,
    department_matches,
    list_departments,
    summarise_action,
)
from service.feeds import load_schema
from service.render import quantity_text, render_checklist

FJ = "003_ae85de4f483fdaf6.txt"
# Sentences of corpus/003_… (a Fujian notice forwarding 人社部发〔2023〕44号, which is part 1).
TEXT_0 = ("各地要加大工作力度，明确责任分工，按照文件要求，组织开展好防止返贫就业攻坚行动。"
          "年底前，要全额发放“吸纳中西部脱贫人口跨省就业补助资金”，切实发挥政策效应。"
          "各地要高度重视防止返贫就业攻坚行动，细化实施方案，强化工作举措，确保行动取得扎实成效。")
TEXT_1 = ("各地要高度重视防止返贫就业攻坚行动，细化实施方案，强化工作举措，确保行动取得扎实成效。"
          "人力资源社会保障部门要加强统筹协调，会同其他部门落实各项就业帮扶举措。"
          "省人力资源社会保障厅牵头统筹全省乡村公益性岗位开发管理。")
TEXT = TEXT_0 + TEXT_1


def _fact(kind, anchor, fields, part, fid):
    start = TEXT.index(anchor, len(TEXT_0) if part else 0)
    return Fact(kind, FJ, part, start, start + len(anchor), anchor, fields, section="一、提高思想认识",
                id=fid)


def _resp(anchor, department, action, part, fid, strength="must", lead=None):
    return _fact("responsibility", anchor, {"department": department, "action": action,
                                             "strength": strength, "lead": lead}, part, fid)


ACT_1 = "加大工作力度，明确责任分工，按照文件要求组织开展好防止返贫就业攻坚行动"
ACT_3 = "高度重视防止返贫就业攻坚行动，细化实施方案，强化工作举措，确保行动取得扎实成效"
FACTS = [
    _resp("各地要加大工作力度", "各地", ACT_1, 0, "r1"),
    _resp("年底前，要全额发放", "各地", "年底前全额发放“吸纳中西部脱贫人口跨省就业补助资金”", 0, "r2"),
    _fact("deadline", "年底前，要全额发放",
          {"task": "全额发放补助资金", "due_date": "2023-12-31", "within_days": None, "relative_to": None,
           "responsible": "各地"}, 0, "d1"),
    _fact("deadline", "明确责任分工",  # same sentence as r1, but another actor's limit
          {"task": "明确责任分工", "due_date": "2023-11-30", "within_days": None, "relative_to": None,
           "responsible": "发展改革部门"}, 0, "d2"),
    _fact("subsidy", "跨省就业补助资金",
          {"item": "吸纳中西部脱贫人口跨省就业补助资金", "beneficiary": "企业", "amount": None, "unit": None},
          0, "s1"),
    _resp("各地要高度重视", "各地", ACT_3, 0, "r3"),
    _resp("各地要高度重视", "各地", ACT_3, 1, "r4"),
    _resp("人力资源社会保障部门要加强统筹协调", "人力资源社会保障部门",
          "加强统筹协调，会同其他部门落实各项就业帮扶举措", 1, "r5"),
    _resp("省人力资源社会保障厅牵头", "省人力资源社会保障厅", "牵头统筹全省乡村公益性岗位开发管理", 1, "r6",
          lead=True),
]


@pytest.fixture()
def store(fresh_store):
    return _fill(fresh_store)


def _fill(fresh_store):
    parts = [Part(0, 0, len(TEXT_0), title="关于转发开展防止返贫就业攻坚行动的通知",
                  doc_number="闽人社文〔2023〕1号", issuers=["福建省人力资源和社会保障厅"],
                  issued_date="2023-07-01", forwards="人社部发〔2023〕44号"),
             Part(1, len(TEXT_0), len(TEXT), title="关于开展防止返贫就业攻坚行动的通知",
                  doc_number="人社部发〔2023〕44号", issuers=["人力资源社会保障部"],
                  issued_date="2023-06-01")]
    ends = [i + 1 for i, ch in enumerate(TEXT) if ch == "。"]
    sentences = [Sentence(i, s, e, TEXT[s:e], part=int(s >= len(TEXT_0)))
                 for i, (s, e) in enumerate(zip([0, *ends[:-1]], ends, strict=True))]
    fresh_store.write(Document(FJ, FJ, "sha", "markdown", "utf-8", TEXT, parts, sentences=sentences), FACTS)
    return fresh_store


@pytest.mark.parametrize("query, name, expected", [
    ("人力资源社会保障部门", "人力资源社会保障部门", True),
    ("人力资源社会保障部门", "省人力资源社会保障厅", True),
    ("人力资源社会保障部门", "云南省人力资源社会保障厅", True),
    ("人力资源社会保障部门", "县人力资源社会保障局", True),
    ("人力资源社会保障部门", "人力资源社会保障部", False),
    ("人力资源社会保障部门", "发展改革部门", False),
    ("人力资源社会保障部门", "中华全国总工会和人力资源社会保障局", False),
    ("人社局", "云南省人力资源社会保障厅", True),
    ("县人社局", "县人力资源社会保障局", True),
    ("县人社局", "省人力资源社会保障厅", False),
    ("市场监督管理局", "县市场监督管理局", True),
    ("国家乡村振兴局", "乡村振兴部门", False),
    ("各地", "各地", True),
    ("各地", "各级乡村振兴部门", False),
])
def test_department_matches_each_level(query, name, expected):
    assert department_matches(query, name) is expected


@pytest.mark.parametrize("alias", ["人社部门", "人力资源和社会保障部门", "县人社局",
                                   "云南省人力资源和社会保障厅"])
def test_department_matches_resolves_aliases(alias):
    pytest.importorskip("extractors.departments")
    assert department_matches("人力资源社会保障部门", alias)


def test_checklist_for_gedi_links_deadline_and_subsidy(store):
    items = build_checklist(store, department="各地")["items"]
    assert items[0]["deadline"]["due_date"] == "2023-12-31"
    assert items[0]["subsidies"][0]["item"] == "吸纳中西部脱贫人口跨省就业补助资金"
    assert all(i["department"] == "各地" for i in items)
    assert all(not i["subsidies"] for i in items[1:])


def test_checklist_merges_forwarded_duplicate_keeping_both_citations(store):
    items = build_checklist(store, department="各地")["items"]
    assert len(items) == 3
    merged = next(i for i in items if len(i["citations"]) == 2)
    assert {c["doc_number"] for c in merged["citations"]} == {"闽人社文〔2023〕1号", "人社部发〔2023〕44号"}


def test_checklist_orders_by_deadline_then_newest_document(store):
    items = build_checklist(store)["items"]
    assert items[0]["deadline"] is not None
    dates = [i["citations"][0]["issued_date"] for i in items[1:]]
    assert dates == sorted(dates, reverse=True)


def test_checklist_for_hrss_covers_each_level_with_lead(store):
    items = build_checklist(store, department="人力资源社会保障部门")["items"]
    assert [(i["summary"], i["lead"]) for i in items] == [
        ("加强统筹协调，会同其他部门落实各项就业帮扶举措", None),
        ("牵头统筹全省乡村公益性岗位开发管理", True)]
    assert items[0]["citations"][0]["section"] == "一、提高思想认识"


def test_checklist_filters_since_region_source(store):
    assert len(build_checklist(store, since="2023-06-15")["items"]) == 3  # part 0 only, r3/r4 not merged
    assert build_checklist(store, region="福建")["items"]
    assert build_checklist(store, region="海南")["items"] == []
    assert build_checklist(store, source="nope.txt")["items"] == []
    with pytest.raises(BadChecklistRequest):
        build_checklist(store, since="last week")


def test_list_departments_counts(store):
    rows = {r["department"]: r["count"] for r in list_departments(store)}
    assert rows["各地"] == 4 and rows["人力资源社会保障部门"] == 1


@pytest.mark.parametrize("action, summary", [
    ("加强统筹协调，会同其他部门落实各项就业帮扶举措", "加强统筹协调，会同其他部门落实各项就业帮扶举措"),
    ("持续跟踪监测搬迁群众生产生活情况，深入开展搬迁群众就业帮扶专项行动，加大安置区产业培育力度。",
     "持续跟踪监测搬迁群众生产生活情况，深入开展搬迁群众就业帮扶专项行动"),
])
def test_summarise_action_keeps_leading_clauses(action, summary):
    assert summarise_action(action) == summary


def test_action_similarity_separates_unrelated_actions():
    assert action_similarity("高度重视防止返贫就业攻坚行动", "高度重视防止返贫就业攻坚行动") == 1.0
    assert action_similarity("高度重视防止返贫就业攻坚行动", "加强统筹协调") < 0.2


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
def test_render_checklist_formats_say_the_same(store, fmt):
    checklist = build_checklist(store, department="各地")
    text = render_checklist(checklist, fmt)
    assert "2023-12-31" in text and "人社部发〔2023〕44号" in text
    if fmt == "md":
        assert text.count("- [ ] ") == 3
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 3
    elif fmt == "json":
        assert json.loads(text) == checklist
    else:
        assert text.startswith("<!doctype html>") and text.count('class="box"') == 3


def test_checklist_validates_against_schema(store):
    jsonschema.validate(build_checklist(store), load_schema("checklist"))


@pytest.mark.parametrize("value, unit, text", [
    (3876000, "人", "387.6万人"), (335000000, "元", "3.35亿元"), (4000, "元/人", "4000元/人"),
    (104, "%", "104%"),
])
def test_quantity_text_as_officials_write_it(value, unit, text):
    assert quantity_text(value, unit) == text


def test_cli_checklist_and_department_list(tmp_path):
    from click.testing import CliRunner

    from cli import cli
    from schema.store import SQLiteStore

    db = str(tmp_path / "checklist.db")
    _fill(SQLiteStore(db))
    runner = CliRunner()
    listed = runner.invoke(cli, ["checklist", "--db", db, "--list-departments"])
    assert listed.exit_code == 0 and listed.output.splitlines()[0].split() == ["4", "各地"]
    md = runner.invoke(cli, ["checklist", "--db", db, "--department", "人力资源社会保障部门"])
    assert md.exit_code == 0 and md.output.count("- [ ] ") == 2
    bad = runner.invoke(cli, ["checklist", "--db", db, "--since", "last week"])
    assert bad.exit_code == 1 and "--since" in bad.output and "Traceback" not in bad.output


def test_checklist_attaches_only_the_actors_own_deadline(store):
    items = build_checklist(store, department="各地")["items"]
    first = next(i for i in items if i["citations"][0]["fact_id"] == "r1")
    assert first["deadline"] is None
