"""Progress: achievements in a news bulletin linked to the quotas of a notice's table."""
from __future__ import annotations

import pytest

from schema.errors import PatternFileError
from schema.records import Document, Fact, Part, Sentence
from service import progress
from service.progress import flatten_progress, link_score, metric_concepts, track_progress
from service.render import render_progress

NEWS, NOTICE = "000_4983a58432236fc3.txt", "004_7dc2baf39b3a8626.txt"
# (evidence, metric, value, unit, region, target_ratio): achievements as the news bulletin (000) reports them.
ACHIEVEMENTS = [
    ("全省脱贫人口务工规模达 219.4 万人，完成目标任务的 104%。", "脱贫人口务工规模",
     2194000, "人", "陕西", 104),
    ("实现全省脱贫人口（含监测对象）外出务工 31.50 万人，超额完成年度目标任务（112.44%）",
     "脱贫人口（含监测对象）外出务工人数", 315000, "人", "海南", 112.44),
    ("全省脱贫劳动力实现转移就业 323.7 万人", "脱贫劳动力实现转移就业", 3237000, "人", "云南省", None),
    ("69个劳务、技能品牌带动 5.6万脱贫人口有组织外出务工。", "劳务品牌带动脱贫人口有组织外出务工人数",
     56000, "人", "陕西", None),
    ("线上线下培训脱贫群众 8.16 万人次", "培训脱贫群众人次", 81600, "人次", "陕西", None),
    ("2022 年脱贫人口人均纯收入达 14342 元", "脱贫人口人均纯收入", 14342, "元", "全国", None),
]
# Rows of 附件1 of 人社部发〔2022〕13号 (corpus/004_…): quota per province, in 万人.
TARGETS = [
    ("15\t海 南\t28.01", 28.01, "海南"), ("19\t云 南\t318.19", 318.19, "云南"),
    ("21\t陕 西\t210.23", 210.23, "陕西"), ("22\t甘 肃\t190.00", 190.0, "甘肃"),
]


def _write(store, source, rows, fact_type, issued=None, year=2022):
    text = "\n".join(r[0] for r in rows)
    facts = []
    for i, row in enumerate(rows):
        start = text.index(row[0])
        if fact_type == "achievement":
            _, metric, value, unit, region, ratio = row
        else:
            _, value, region = row
            metric, unit, ratio = "脱贫人口务工规模目标任务", "万人", None
        facts.append(Fact(fact_type, source, 0, start, start + len(row[0]), row[0], id=f"{fact_type}{i}",
                          fields={"metric": metric, "value": value, "unit": unit, "comparator": "=",
                                  "year": year, "region": region, "target_ratio": ratio}))
    part = Part(0, 0, len(text), title=source, doc_number="人社部发〔2022〕13号" if issued else None,
                issued_date=issued)
    store.write(Document(source, source, "sha", "text", "utf-8", text, [part],
                         sentences=[Sentence(0, 0, len(text), text)]), facts)


@pytest.fixture()
def store(fresh_store):
    _write(fresh_store, NEWS, ACHIEVEMENTS, "achievement")
    _write(fresh_store, NOTICE, TARGETS, "target", issued="2022-03-18")
    return fresh_store


@pytest.mark.parametrize("metric, concepts", [
    ("脱贫人口务工规模", {"poor_population", "employment"}),
    ("脱贫人口（含监测对象）外出务工人数", {"poor_population", "employment"}),
    ("脱贫劳动力实现转移就业", {"poor_population", "employment"}),
    ("社区工厂吸纳脱贫劳动力人数", {"workshop", "poor_population"}),
    ("就业帮扶基地新增数量", {"base", "increase", "employment"}),
])
def test_metric_concepts_from_gazetteer(metric, concepts):
    assert metric_concepts(metric) == concepts


def test_track_progress_links_provinces_to_national_quotas(store):
    rows = {r["region"]: r for r in track_progress(store)}
    assert set(rows) == {"陕西", "海南", "云南"}
    assert rows["陕西"]["target"] == 2102300 and rows["陕西"]["ratio"] == pytest.approx(104.36, abs=0.01)
    assert rows["陕西"]["agrees"] is True and rows["陕西"]["stated_ratio"] == 104
    assert rows["海南"]["ratio"] == pytest.approx(112.46, abs=0.01) and rows["海南"]["agrees"] is True
    assert rows["云南"]["ratio"] == pytest.approx(101.73, abs=0.01) and rows["云南"]["agrees"] is None
    assert rows["陕西"]["target_record"]["source"] == NOTICE
    assert rows["陕西"]["achievement"]["metric"] == "脱贫人口务工规模"


def test_track_progress_flags_a_stated_ratio_that_disagrees(fresh_store):
    wrong = [(ACHIEVEMENTS[0][0], "脱贫人口务工规模", 2194000, "人", "陕西", 120)]
    _write(fresh_store, NEWS, wrong, "achievement")
    _write(fresh_store, NOTICE, TARGETS, "target", issued="2022-03-18")
    (row,) = track_progress(fresh_store)
    assert row["agrees"] is False


def test_link_score_refuses_other_year_unit_or_scale():
    ach = {"metric": "脱贫人口务工规模", "value": 2194000, "unit": "人", "region": "陕西", "year": 2022}
    tgt = ach | {"metric": "脱贫人口务工规模目标任务", "value": 2102300}
    assert link_score(ach, tgt) > 0.9
    assert link_score(ach, tgt | {"year": 2023}) is None
    assert link_score(ach, tgt | {"unit": "人次"}) is None
    assert link_score(ach | {"value": 56000}, tgt) is None
    assert link_score(ach, tgt | {"year": None}) < link_score(ach, tgt)


def test_track_progress_filters_by_region(store):
    assert [r["region"] for r in track_progress(store, region="海南省")] == ["海南"]


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_render_progress_formats(store, fmt):
    text = render_progress(track_progress(store), fmt)
    assert "陕西" in text and "104" in text
    if fmt == "csv":
        assert text.splitlines()[0].startswith("region,year,achievement_metric")
        assert len(text.splitlines()) == 1 + len(flatten_progress(track_progress(store)))


def test_load_concepts_names_file_and_line_on_bad_row(monkeypatch, tmp_path):
    bad = tmp_path / "patterns"
    bad.mkdir()
    (bad / "metric_concepts.tsv").write_text("# comment\n务工\temployment\n就业\tNot A Concept\n", "utf-8")
    monkeypatch.setattr(progress.resources, "files", lambda _pkg: tmp_path)
    progress.load_concepts.cache_clear()
    try:
        with pytest.raises(PatternFileError, match=r"metric_concepts.tsv:3"):
            progress.load_concepts()
    finally:
        progress.load_concepts.cache_clear()


def test_track_progress_reads_missing_target_year_from_doc_number(fresh_store):
    # 001_… (国乡振发〔2023〕8号) states 3000万人以上 with no year; news reports 2021's 3145万.
    news = [("去年全国脱贫劳动力务工就业 3145 万人", "全国脱贫劳动力务工就业", 31450000, "人", "全国", None)]
    _write(fresh_store, NEWS, news, "achievement", year=2021)
    text = "锚定脱贫人口务工规模稳定在3000万人以上的年度目标任务"
    fact = Fact("target", NOTICE, 0, 0, len(text), text, id="t", fields={
        "metric": "脱贫人口务工规模", "value": 30000000, "unit": "人", "comparator": ">=", "year": None,
        "region": "全国"})
    part = Part(0, 0, len(text), title="通知", doc_number="国乡振发〔2023〕8号")
    fresh_store.write(Document(NOTICE, NOTICE, "sha", "text", "utf-8", text, [part]), [fact])
    assert track_progress(fresh_store) == []
    part_2021 = Part(0, 0, len(text), title="通知", doc_number="国乡振发〔2021〕8号")
    fresh_store.write(Document(NOTICE, NOTICE, "sha", "text", "utf-8", text, [part_2021]), [fact])
    assert [r["target"] for r in track_progress(fresh_store)] == [30000000]


def test_cli_progress_prints_table_and_csv(tmp_path):
    from click.testing import CliRunner

    from cli import cli
    from schema.store import SQLiteStore

    db = str(tmp_path / "progress.db")
    store = SQLiteStore(db)
    _write(store, NEWS, ACHIEVEMENTS, "achievement")
    _write(store, NOTICE, TARGETS, "target", issued="2022-03-18")
    table = CliRunner().invoke(cli, ["progress", "--db", db])
    assert table.exit_code == 0 and "104.36" in table.output and "112.46" in table.output
    csv_out = CliRunner().invoke(cli, ["progress", "--db", db, "--format", "csv", "--region", "云南"])
    assert csv_out.output.splitlines()[1].startswith("云南,2022,")


def test_track_progress_ignores_a_goal_clause_read_as_achievement(fresh_store):
    # 004_…: 推动全国脱贫人口…务工规模不低于3000万人 is a goal, even when also read as an outcome.
    clause = "推动全国脱贫人口（含防止返贫监测对象，下同）务工规模不低于3000万人。"
    both = [Fact(kind, NOTICE, 0, 0, len(clause), clause, id=kind, fields={
        "metric": "脱贫人口务工规模", "value": 30000000, "unit": "人", "comparator": ">=", "year": 2022,
        "region": "全国"}) for kind in ("target", "achievement")]
    total = Fact("target", NOTICE, 0, 0, len(clause), clause + " ", id="total", fields={
        "metric": "脱贫人口务工规模目标任务", "value": 30191700, "unit": "人", "comparator": ">=",
        "year": 2022, "region": "全国"})
    fresh_store.write(Document(NOTICE, NOTICE, "sha", "text", "utf-8", clause, [Part(0, 0, len(clause))]),
                      [*both, total])
    assert track_progress(fresh_store) == []
