"""Numerals and quantities: values in base units, units, comparators, ranges, spans."""
from __future__ import annotations

import pytest

from extractors.normalize import numbers
from extractors.normalize.numbers import Quantity, find_quantities, parse_number
from schema.errors import PatternFileError


@pytest.mark.parametrize("text, value", [
    ("3000", 3000), ("219.4", 219.4), ("１２３", 123), ("９．４４", 9.44), ("1,200", 1200),
    ("三千万", 30_000_000), ("一百二十", 120), ("两", 2), ("十五", 15), ("二〇二三", 2023),
    ("一万二千", 12_000), ("三亿五千万", 350_000_000), ("3.35亿", 335_000_000), ("1.39万亿", 1.39e12),
])
def test_parse_number_values(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "万人", "三x"])
def test_parse_number_rejects_non_numerals(text):
    with pytest.raises(ValueError):
        parse_number(text)


# (source, clause, [(value, unit, comparator, upper)])
CASES = [
    ("001", "锚定脱贫人口务工规模稳定在3000万人以上的年度目标任务", [(30_000_000, "人", ">=", None)]),
    ("000", "2022 年累计发放脱贫人口务工奖补 25.65 万人次 3.35亿元。",
     [(256_500, "人次", None, None), (335_000_000, "元", None, None)]),
    ("000", "全省脱贫人口务工规模达 219.4 万人，完成目标任务的 104%。",
     [(2_194_000, "人", None, None), (104, "%", None, None)]),
    ("002", "同比提升3.2个百分点", [(3.2, "百分点", None, None)]),
    ("002", "去年27万多名脱贫劳动力稳定就业", [(270_000, "人", ">=", None)]),
    ("000", "提供 3 轮以上、 每轮不低于 5 个以上的就业岗位", [(3, "轮", ">=", None), (5, "个", ">=", None)]),
    ("000", "提供 3 轮以\n上", [(3, "轮", ">=", None)]),  # a line break inside 以上 (wrapped PDF text)
    ("gd", "招聘数量不低于当年退役大学生士兵人数的15%", [(15, "%", ">=", None)]),
    ("sxyz", "惠及上千万家庭", [(10_000_000, "户", ">=", None)]),
    ("sxyz", "两次降低存款准备金率", [(2, "次", None, None)]),
    ("sxyz", "6600多万纳税人受益", [(66_000_000, "人", ">=", None)]),
    ("sxyz", "新三样出口增长近30%", [(30, "%", "<=", None)]),
    ("sxyz", "粮食产量1.39万亿斤", [(1.39e12, "斤", None, None)]),
    ("hangzhou", "培育1—2个引领区域发展的视听产业基地", [(1, "个", ">=", 2)]),
    ("hangzhou", "确保一般公共预算支出三分之二用于民生领域", [(66.67, "%", None, None)]),
    ("hangzhou", "重大项目用能100万吨标准煤以上", [(1_000_000, "吨标准煤", ">=", None)]),
    ("hangzhou", "市场化交易电量450亿千瓦时以上", [(45_000_000_000, "千瓦时", ">=", None)]),
    ("hangzhou", "每年择优评选不超过10个标杆型示范项目", [(10, "个", "<=", None)]),
    ("hangzhou", "重大项目120个左右", [(120, "个", "=", None)]),
    ("000", "脱贫人口工资性收入 11909元/人", [(11909, "元/人", None, None)]),
    ("000", "９．４４万名返乡回流人员", [(94_400, "人", None, None)]),
    ("gz", "每处建筑面积原则上不少于200平方米", [(200, "平方米", ">=", None)]),
    ("gz", "不足5000名的至少配备1名", [(5000, "名", "<=", None), (1, "名", ">=", None)]),
    ("004", "全省吸纳脱贫人口务工人数不低于 387.6 万，各地", [(3_876_000, None, ">=", None)]),
    ("subsidy", "最高不超过50万元", [(500_000, "元", "<=", None)]),
    ("subsidy", "3000—5000元", [(3000, "元", ">=", 5000)]),
    ("subsidy", "3—10万元", [(30_000, "元", ">=", 100_000)]),
    ("guangxi", "培育一批人口5万至10万以上的重点镇", [(50_000, None, ">=", 100_000)]),
    ("qianxinan", "固定资产投资增长-3.8%", [(-3.8, "%", None, None)]),
    ("qianxinan", "增速排位较2022年上升1位", [(1, "位", None, None)]),  # a rank: 位 is no person here
    ("gz_jiuye", "获奖项目吸纳就业3人或以上", [(3, "人", ">=", None)]),
    ("sxyz", "全年新增装机超过全球一半", [(50, "%", ">=", None)]),
    ("hangzhou", "确保一般公共预算支出不低于三分之二", [(66.67, "%", ">=", None)]),
    ("sxyz 2023", "重污染天数下降超过五成", [(50, "%", ">=", None)]),
    ("constructed", "九成以上的行政村通硬化路", [(90, "%", ">=", None)]),
    ("laibin", "攻坚化解17个民生领域问题", [(17, "个", None, None)]),  # 民 after 个 is no 人民
    ("nanning", "研究与试验发展人员全时当量达到40人年", [(40, "人年", None, None)]),
    ("constructed", "带动1000人年均增收3000元", [(1000, "人", None, None), (3000, "元", None, None)]),
]


@pytest.mark.parametrize("source, text, expected", CASES)
def test_find_quantities_values_units_comparators(source, text, expected):
    got = [(q.value, q.unit, q.comparator, q.upper) for q in find_quantities(text)]
    assert len(got) == len(expected), (source, got)
    for want, (g_value, g_unit, g_comp, g_upper) in zip(expected, got, strict=True):
        value, unit, comparator, upper = want
        assert g_value == pytest.approx(value, rel=1e-6)
        assert (g_unit, g_comp) == (unit, comparator)
        assert g_upper == (pytest.approx(upper) if upper is not None else None)


@pytest.mark.parametrize("text", [
    "加大人社、乡村振兴、林业等 6 部门公益性岗位统筹使用力度",  # 部门 is no unit
    "第三十条 县级以上人民政府",  # ordinal
    "一是细化政策措施",  # list label
    "自2022年5月启动以来",  # a date
    "杭政函〔2024〕16号",  # a document number
    "同时对连续外出务工满6个月",  # a duration, not a count of 个
    "一半以上的企业",  # 一半 only counts as a share after 超过/近/占/达
    "惠及3人民生",  # 3人民 is no headcount
    "政策一成不变",  # 成 only counts as tenths after a comparator or before 以上
])
def test_find_quantities_ignores_non_quantities(text):
    assert find_quantities(text) == []


def test_find_quantities_spans_point_into_the_text():
    text = "全省社区工厂新增 97家，达到 1958 家"
    qs = find_quantities(text, offset=100)
    assert [text[q.start - 100:q.end - 100] for q in qs] == ["97家", "1958 家"]
    assert all(isinstance(q, Quantity) for q in qs)


def test_lexicon_bad_row_names_file_and_line(monkeypatch, tmp_path):
    (tmp_path / "patterns").mkdir()
    bad = "# c\n元\t元\t1\tunit\n人\t人\tone\tunit\n"
    (tmp_path / "patterns" / "units.tsv").write_text(bad, encoding="utf-8")
    (tmp_path / "patterns" / "comparators.tsv").write_text("以上\tafter\t>=\n", encoding="utf-8")
    monkeypatch.setattr(numbers.resources, "files", lambda package: tmp_path)
    numbers.lexicon.cache_clear()
    try:
        with pytest.raises(PatternFileError, match=r"units.tsv.*line 3"):
            numbers.lexicon()
    finally:
        numbers.lexicon.cache_clear()


@pytest.mark.parametrize("text, expected", [
    ("力争将伦理审查总体流程时间压缩至3周以内。", [(3, "周", "<=")]),  # sh_gaoduan_yiliao 2025
    ("企业出口退税办理时间压缩至6个工作日以内。", [(6, "工作日", "<=")]),  # sxyz 2023
    ("天等沙钢30万吨铁合金二期", [(300_000, "吨", None)]),  # beibuwan: read here, judged in quantities
])
def test_find_quantities_weeks_and_working_days(text, expected):
    assert [(q.value, q.unit, q.comparator) for q in find_quantities(text)] == expected
