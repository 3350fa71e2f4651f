"""Plans' indicator tables (专栏 …主要指标): one target or result per row (facts/indicator_tables.py)."""
from __future__ import annotations

import pytest

from extractors.facts.achievements import extract_achievements
from extractors.facts.indicator_tables import indicator_table_facts
from extractors.facts.targets import extract_targets
from extractors.loaders import load
from extractors.structure import parse_structure

PLAN_TABLE = """专栏2“十三五”时期经济社会发展主要指标
指标
2015年
预计
2020年
年均增长
（%）
五年
累计
指标
属性
经济发展
1.地区生产总值（亿元） 16803 24130 ≥7.5 预期性
9.城镇化率：
常住人口城镇化率（%）
户籍人口城镇化率（%） 47.06 32.4 54 40 6.94 7.6 预期性 约束性
18.城镇新增就业人数（万人） — — 175 预期性
20.基本养老保险参保率（%） 80 ≥90 10 约束性
24.人均预期寿命（岁） 76 77 1 预期性
第二篇 创新驱动 培育发展新动力
"""

REVIEW_TABLE = """专栏1“十二五”规划纲要主要指标完成情况
指标
2010年
规划目标
完成情况
2015年
年均
增长%
2015年
预计
年均
增长%
1.地区生产总值（亿元） 9570 15500 10 16803 10.1
7.工业增加值比重（%） 40.3 45.6 37.7 [下降2.6]
29.城镇新增就业人数（万人） — [190] [250]
33.城镇居民人均可支配收入（元） 17064 27480 10 26416
“十三五”时期，广西发展仍处于可以大有作为的重要战略机遇期，和平与发展的时代主题没有变，世界多极化深入发展。
"""

STACKED_TABLE = """表1“十三五”时期北部湾经济区主要发展目标
指标分类
序号
指标
单位
2015年
2020年
指标属性
总量指标
1
规模以上工业总产值
亿元
9793
15800
预期性指标
2
规模以上工业总产值年均增速%
—
9
预期性指标
结构性指标
10
先进制造业工业总产值占工业总产值比重%
25
>35
预期性指标
第三章 重点产业及发展方向
"""


def parse(tmp_path, text, title="广西壮族自治区国民经济和社会发展第十三个五年规划纲要"):
    path = tmp_path / "plan.txt"
    path.write_text(f"{title}\n{text}", encoding="utf-8")
    return parse_structure(load(path))


def values(facts):
    keys = ("metric", "value", "unit", "comparator", "year")
    return [tuple(f.fields[k] for k in keys) for f in facts]


def test_plan_table_gives_the_goal_column_and_totals_where_it_is_empty(tmp_path):
    facts = [f for f in indicator_table_facts(parse(tmp_path, PLAN_TABLE)) if f.type == "target"]
    assert values(facts) == [
        ("地区生产总值", 2_413_000_000_000, "元", "=", 2020),
        ("常住人口城镇化率", 54.0, "%", "=", 2020),
        ("户籍人口城镇化率", 40.0, "%", "=", 2020),
        ("城镇新增就业人数", 1_750_000, "人", "=", 2020),
        ("基本养老保险参保率", 90.0, "%", ">=", 2020),
        ("人均预期寿命", 77.0, "岁", "=", 2020),
    ], "guangxi 十三五 纲要 专栏2"


def test_review_table_gives_the_results_column_whichever_growth_cells_are_empty(tmp_path):
    facts = indicator_table_facts(parse(tmp_path, REVIEW_TABLE))
    assert {f.type for f in facts} == {"achievement"}
    assert [(f.fields["metric"], f.fields["value"]) for f in facts] == [
        ("地区生产总值", 1_680_300_000_000), ("工业增加值比重", 37.7), ("城镇新增就业人数", 2_500_000),
        ("城镇居民人均可支配收入", 26416.0)], "guangxi 专栏1 完成情况"


def test_stacked_table_reads_one_cell_per_line(tmp_path):
    doc = parse(tmp_path, STACKED_TABLE, title="广西北部湾经济区工业和信息化发展“十三五”规划")
    assert values(extract_targets(doc)) == [
        ("规模以上工业总产值", 1_580_000_000_000, "元", "=", 2020),
        ("规模以上工业总产值年均增速", 9.0, "%", "=", 2020),
        ("先进制造业工业总产值占工业总产值比重", 35.0, "%", ">=", 2020),
    ], "beibuwan 表1: a value equal to the next 序号 is still a cell"


def test_table_rows_are_evidence_and_not_read_again_as_clauses(tmp_path):
    doc = parse(tmp_path, PLAN_TABLE)
    for fact in extract_targets(doc) + extract_achievements(doc):
        assert fact.evidence == doc.text[fact.start:fact.end] and len(fact.evidence) <= 200
    assert len(extract_targets(doc)) == 6


@pytest.mark.parametrize("name", ["guangxi_shisanwu_guihua_gangyao_2016.txt",
                                  "beibuwan_gongye_xinxihua_shisanwu_guihua_crlf.txt"])
def test_real_plans_give_table_targets(realdocs_dir, name):
    doc = parse_structure(load(realdocs_dir / name))
    targets = [f for f in indicator_table_facts(doc) if f.type == "target"]
    assert len(targets) >= 20 and all(f.fields["year"] == 2020 for f in targets)
