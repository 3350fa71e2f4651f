"""Target and subsidy feeds: base units, stable ids, filters, every format valid against the schema."""
from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from schema.records import Document, Fact, Part, Sentence
from service.feeds import (
    BadFeedRequest,
    canonical_region,
    dump_records,
    load_schema,
    subsidies_feed,
    targets_feed,
    to_base_unit,
)

SOURCE = "004_7dc2baf39b3a8626.txt"
# Rows of the Guangdong and national quota tables and the sentence restating the provincial total
# (corpus/004_…), as the target extractor records them: (evidence, metric, value, unit, region, part).
TARGET_ROWS = [
    ("全省吸纳脱贫人口务工人数不低于 387.6 万", "吸纳脱贫人口务工人数", 3876000, "人", "广东", 0, ">="),
    ("1\t广州\t79.80", "吸纳脱贫人口务工目标任务", 798000, "人", "广州", 0, ">="),
    ("21\t云浮\t0.99", "吸纳脱贫人口务工目标任务", 9900, "人", "云浮", 0, ">="),
    ("\t合计\t387.56", "吸纳脱贫人口务工目标任务", 3875600, "人", "广东", 0, ">="),
    ("21\t陕 西\t210.23", "脱贫人口务工规模目标任务", 210.23, "万人", "陕西省", 1, ">="),
    ("合计\t\t3019.17", "脱贫人口务工规模目标任务", 3019.17, "万人", "全国", 1, ">="),
]
SUBSIDY_ROWS = [
    ("对就业帮扶车间吸纳脱贫人口就业的，奖补标准由车间1000元/人提高到4000元/人",
     "就业帮扶车间吸纳脱贫人口奖补", "就业帮扶车间", 4000, "元/人", 1000, "海南"),
    ("按规定落实好吸纳脱贫人口就业补贴、社会保险补贴", "社会保险补贴", "吸纳脱贫人口就业的用人单位",
     None, None, None, "广东省"),
    ("给予一次性创业补贴最高不超过0.5万元", "一次性创业补贴", "创业的脱贫人口", 0.5, "万元", None, None),
]


def _store(fresh_store, targets=TARGET_ROWS, subsidies=SUBSIDY_ROWS):
    text = "。\n".join([r[0] for r in targets] + [r[0] for r in subsidies]) + "。"
    title = "关于做好2022年脱贫人口稳岗就业工作的通知"
    parts = [Part(index=0, start=0, end=len(text) // 2, title="转发…" + title,
                  doc_number="粤人社发〔2022〕15号", issued_date="2022-04-21",
                  forwards="人社部发〔2022〕13号"),
             Part(index=1, start=len(text) // 2, end=len(text), title=title,
                  doc_number="人社部发〔2022〕13号", issued_date="2022-03-18")]
    facts = []
    for i, (ev, metric, value, unit, region, part, cmp_) in enumerate(targets):
        start = text.index(ev)
        facts.append(Fact("target", SOURCE, part, start, start + len(ev), ev, id=f"t{i}",
                          fields={"metric": metric, "value": value, "unit": unit, "comparator": cmp_,
                                  "year": 2022, "region": region}))
    for i, (ev, item, who, amount, unit, prev, region) in enumerate(subsidies):
        start = text.index(ev)
        facts.append(Fact("subsidy", SOURCE, 0, start, start + len(ev), ev, id=f"s{i}",
                          fields={"item": item, "beneficiary": who, "amount": amount, "unit": unit,
                                  "previous_amount": prev, "condition": None, "region": region}))
    doc = Document(SOURCE, SOURCE, "sha", "text", "utf-8", text, parts,
                   sentences=[Sentence(0, 0, len(text), text)])
    fresh_store.write(doc, facts)
    return fresh_store


@pytest.mark.parametrize("value, unit, expected", [
    (387.6, "万人", (3876000, "人")),
    (3.35, "亿元", (335000000, "元")),
    (0.5, "万元", (5000, "元")),
    (4000, "元/人", (4000, "元/人")),
    (104, "%", (104, "%")),
    (None, None, (None, None)),
])
def test_to_base_unit_scales_chinese_magnitudes(value, unit, expected):
    assert to_base_unit(value, unit) == expected


@pytest.mark.parametrize("written, short", [
    ("陕西省", "陕西"), ("陕 西", "陕西"), ("广西壮族自治区", "广西"), ("新疆维吾尔自治区", "新疆"),
    ("内蒙古自治区", "内蒙古"), ("广州市", "广州"), ("全国", "全国"), (None, None),
])
def test_canonical_region_matches_quota_table_form(written, short):
    assert canonical_region(written) == short


def test_targets_feed_base_units_and_totals(fresh_store):
    records = targets_feed(_store(fresh_store))
    assert len(records) == len(TARGET_ROWS)
    shaanxi = next(r for r in records if r["region"] == "陕西")
    assert shaanxi["value"] == 2102300 and shaanxi["unit"] == "人"
    assert shaanxi["doc_number"] == "人社部发〔2022〕13号" and shaanxi["original"] == "210.23"
    assert records[0]["original"] == "387.6 万" and records[1]["original"] == "79.80"
    totals = [r for r in records if r["is_total"]]
    assert {r["value"] for r in totals} == {3875600, 30191700}


def test_targets_feed_filters(fresh_store):
    store = _store(fresh_store)
    assert [r["value"] for r in targets_feed(store, region="广州市")] == [798000]
    assert len(targets_feed(store, metric="务工规模")) == 2
    assert targets_feed(store, year=2021) == []
    with pytest.raises(BadFeedRequest):
        targets_feed(store, fact_type="deadline")


def test_feed_ids_are_stable_across_reingest(fresh_store):
    first = {r["id"] for r in targets_feed(_store(fresh_store))}
    from schema.store import SQLiteStore
    again = {r["id"] for r in targets_feed(_store(SQLiteStore(":memory:")))}
    assert first == again and len(first) == len(TARGET_ROWS)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_targets_every_format_validates_against_schema(fresh_store, fmt):
    records = targets_feed(_store(fresh_store))
    text = dump_records(records, fmt)
    if fmt == "json":
        parsed = json.loads(text)
    elif fmt == "jsonl":
        parsed = [json.loads(line) for line in text.splitlines()]
    else:
        parsed = list(csv.DictReader(io.StringIO(text)))
        assert [float(r["value"]) for r in parsed] == [float(r["value"]) for r in records]
        return
    schema = load_schema("target")
    for record in parsed:
        jsonschema.validate(record, schema)
    assert parsed == records


def test_target_schema_rejects_unscaled_units(fresh_store):
    record = targets_feed(_store(fresh_store))[0] | {"unit": "万人"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, load_schema("target"))


def test_subsidies_feed_answers_which_subsidies_apply(fresh_store):
    store = _store(fresh_store)
    records = subsidies_feed(store)
    for record in records:
        jsonschema.validate(record, load_schema("subsidy"))
    workshop = subsidies_feed(store, beneficiary="车间")
    assert [(r["amount"], r["previous_amount"], r["unit"]) for r in workshop] == [(4000, 1000, "元/人")]
    assert subsidies_feed(store, item="创业补贴")[0]["amount"] == 5000
    assert workshop[0]["original"] == "4000元/人"
    assert [r["item"] for r in subsidies_feed(store, applies_to="吸纳脱贫人口")] == [
        "就业帮扶车间吸纳脱贫人口奖补", "社会保险补贴"]
    assert subsidies_feed(store, region="广东")[0]["item"] == "社会保险补贴"


def test_dump_records_rejects_unknown_format():
    with pytest.raises(BadFeedRequest):
        dump_records([], "xml")


def test_cli_targets_and_subsidies_print_valid_records(tmp_path):
    from click.testing import CliRunner

    from cli import cli
    from schema.store import SQLiteStore

    db = str(tmp_path / "feeds.db")
    _store(SQLiteStore(db))
    out = CliRunner().invoke(cli, ["targets", "--db", db, "--format", "jsonl", "--region", "广东"])
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines()]
    assert sorted(r["value"] for r in records) == [3875600, 3876000]
    for record in records:
        jsonschema.validate(record, load_schema("target"))
    out = CliRunner().invoke(cli, ["subsidies", "--db", db, "--format", "csv", "--applies-to", "车间"])
    assert out.exit_code == 0 and len(out.output.splitlines()) == 2 and "4000" in out.output


def test_feed_id_survives_an_extractor_switching_to_base_units(fresh_store):
    scaled = [(ev, m, v * 10000, "人", r, p, c) if u == "万人" else (ev, m, v, u, r, p, c)
              for ev, m, v, u, r, p, c in TARGET_ROWS]
    from schema.store import SQLiteStore
    before = {r["id"] for r in targets_feed(_store(fresh_store))}
    after = {r["id"] for r in targets_feed(_store(SQLiteStore(":memory:"), targets=scaled))}
    assert before == after
