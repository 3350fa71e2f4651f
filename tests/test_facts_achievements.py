"""Achievements: reported results, their target_ratio, year and region; what is not one."""
from __future__ import annotations

import re

import pytest

from extractors.facts.achievements import extract_achievements
from extractors.facts.targets import extract_targets
from extractors.loaders import load
from extractors.structure import parse_structure
from schema.records import Document, Part, Section, Sentence

_CLAUSE = re.compile(r"[^。；\n]+[。；]?")


def make_doc(text: str, kind: str = "news", issued: str | None = None, title: str = "",
             issuers: tuple[str, ...] = ()) -> Document:
    """A one-part document whose sentences are the text's 。/；-separated clauses."""
    sentences = [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(_CLAUSE.finditer(text))]
    part = Part(index=0, start=0, end=len(text), title=title, issued_date=issued, kind=kind,
                issuers=list(issuers))
    return Document(source="t.txt", path="t.txt", sha256="", format="text", encoding="utf-8", text=text,
                    parts=[part], sentences=sentences)


def fields(facts, *names):
    return [tuple(f.fields[n] for n in names) for f in facts]


# (source, sentence, [(value, unit, comparator)])
POSITIVE = [
    ("000", "截至三季度，脱贫群众享受就业创业补贴 3.6 亿元，较上年增长 9%。",
     [(360_000_000, "元", "="), (9, "%", "=")]),
    ("000", "全省社区工厂新增 97家，达到 1958 家，吸纳脱贫劳动力 2 万人，较上年增加 3322 人",
     [(97, "家", "="), (1958, "家", "="), (20_000, "人", "="), (3322, "人", "=")]),
    ("000", "全省脱贫劳动力实现转移就业 323.7 万人 ，平均收入超过 4200 元。",
     [(3_237_000, "人", "="), (4200, "元", ">=")]),
    ("000", "2022 年累计发放脱贫人口务工奖补 25.65 万人次 3.35亿元。",
     [(256_500, "人次", "="), (335_000_000, "元", "=")]),
    ("002", "去年27万多名脱贫劳动力稳定就业。", [(270_000, "人", ">=")]),
    ("sxyz", "货币政策精准有力，两次降低存款准备金率、两次下调政策利率。", [(2, "次", "="), (2, "次", "=")]),
    ("sxyz", "加强城镇老旧小区改造和保障性住房供给，惠及上千万家庭。", [(10_000_000, "户", ">=")]),
    ("sxyz", "推动外贸稳规模、优结构，电动汽车、锂电池、光伏产品“新三样”出口增长近30%。", [(30, "%", "<=")]),
]


@pytest.mark.parametrize("source, text, expected", POSITIVE)
def test_extract_achievements_values_units_comparators(source, text, expected):
    facts = extract_achievements(make_doc(text))
    assert fields(facts, "value", "unit", "comparator") == expected, source
    for fact in facts:
        assert fact.evidence == text[fact.start:fact.end]


@pytest.mark.parametrize("text, value, ratio", [
    ("全省脱贫人口务工规模达 219.4 万人，完成目标任务的 104%。", 2_194_000, 104),
    ("实现全省脱贫人口（含监测对象）外出务工 31.50 万人，超额完成年度目标任务（112.44%）。", 315_000, 112.44),
])
def test_extract_achievements_target_ratio_attaches_to_result(text, value, ratio):
    facts = extract_achievements(make_doc(text))
    assert fields(facts, "value", "target_ratio") == [(value, ratio)]  # the ratio is no record of its own


def test_extract_achievements_year_and_region_carry_over():
    text = ("2022 年以来， 陕西省深入学习贯彻重要讲话精神。全省脱贫人口务工规模达 219.4 万人。\n"
            "就业帮扶基地新增 40 家，达到 1245家。\n"
            "从全国看，去年全国脱贫劳动力务工就业3145万人，同比增加126万人。")
    facts = extract_achievements(make_doc(text, issued="2023-02-17"))
    assert fields(facts, "value", "year", "region") == [
        (2_194_000, 2022, "陕西"), (40, 2022, "陕西"), (1245, 2022, "陕西"),
        (31_450_000, 2022, "全国"), (1_260_000, 2022, "全国")]


def test_extract_achievements_report_review_year_is_year_before():
    text = "过去一年全面建设社会主义现代化国家迈出坚实步伐。\n国内生产总值超过126万亿元，增长5.2%。"
    facts = extract_achievements(make_doc(text, kind="report", issued="2024-03-05", issuers=("国务院",)))
    assert fields(facts, "value", "comparator", "year", "region") == [
        (126e12, ">=", 2023, "全国"), (5.2, "=", 2023, "全国")]


@pytest.mark.parametrize("source, text, why", [
    ("000", "疫情期间大幅提高补贴标准，将奖补标准由车间1000元/人、基地2000元/人均提高至4000元/人。",
     "a subsidy standard"),
    ("000", "自 2022年 5月启动以来，驿站已开展服务。", "a date"),
    ("gd", "小微企业创业担保贷款额度最高为500万元，贷款期限不超过2年。", "a loan cap and a term"),
    ("gd", "可继续提供创业担保贷款及贴息，累计次数不得超过3次。", "a procedural rule"),
    ("sxyz", "强化农业发展支持政策，实施新一轮千亿斤粮食产能提升行动。", "the name of a programme"),
])
def test_extract_achievements_skips_non_results(source, text, why):
    assert extract_achievements(make_doc(text)) == [], why


def test_extract_achievements_goal_in_news_is_target_not_achievement():
    text = "为每一名有就业意愿的脱贫劳动力，提供 3 轮以上、 每轮不低于 5 个以上的就业岗位。"
    doc = make_doc(text)
    assert extract_achievements(doc) == []
    assert [v for (v,) in fields(extract_targets(doc), "value")] == [3, 5]


def test_extract_achievements_news_sample(corpus_dir):
    docs = parse_structure(load(corpus_dir / "002_6ceb1ec26c302d42.txt"))
    doc = docs[0] if isinstance(docs, list) else docs
    got = {(f.fields["value"], f.fields["unit"], f.fields["year"]) for f in extract_achievements(doc)}
    assert {(31_450_000, "人", 2021), (22.6, "%", 2021), (3.2, "百分点", 2021)} <= got


def test_extract_achievements_undated_report_year_from_review_heading():
    # laibin_2024_zhengfu_gongzuo_baogao.txt: no date line, a 工作回顾 heading, then 今年 plans
    text = ("各位代表：\n一、2023年工作回顾\n全年地区生产总值增长5.1%，规上工业增加值增长19.5%。\n"
            "二、2024年工作安排\n今年我市经济社会发展的主要预期目标是：地区生产总值增长5.5%以上。")
    doc = make_doc(text, kind="report")
    assert fields(extract_achievements(doc), "value", "year") == [(5.1, 2023), (19.5, 2023)]
    assert fields(extract_targets(doc), "value", "comparator", "year") == [(5.5, ">=", 2024)]


def test_extract_achievements_plan_review_section_reports():
    # nanning_keji_fazhan_shisanwu_guihua_2016_gbk.txt: a 十三五 plan opens with the last five years
    text = ("五年来，通过自治区级科技成果登记505项。\n"
            "有1项科技成果获国家科学技术奖，有108项科技成果获广西科学技术奖。\n"
            "到2020年末，全市有效发明专利拥有量达到9600件。")
    doc = make_doc(text, kind="notice", issued="2016-12-30", title="南宁市科技发展“十三五”规划")
    assert fields(extract_achievements(doc), "value", "unit") == [(505, "项"), (1, "项"), (108, "项")]
    assert fields(extract_targets(doc), "value", "comparator", "year") == [(9600, ">=", 2020)]


def test_extract_achievements_procedure_staffing_is_no_result():
    doc = make_doc("入户调查人员应当不少于2人，并在调查时出示有效证件。", kind="notice")  # gz_linshi_jiuzhu
    assert extract_achievements(doc) == [] and extract_targets(doc) == []


def make_report(sections: list[tuple[str, list[str]]]) -> Document:
    """A 政府工作报告 with level-1 headings over their sentences (the review/plan reading)."""
    text, spans = "", []
    for heading, body in sections:
        start = len(text)
        text += heading + "\n" + "\n".join(body) + "\n"
        spans.append((heading, start, len(text)))
    doc = make_doc(text, kind="report")
    doc.sections = [Section(0, 1, h, a, b, h) for h, a, b in spans]
    return doc


@pytest.mark.parametrize("source, text, expected", [
    # a raised benefit standard told in a review is a result (the baseline 从450元 is not)
    ("sxyz_2024", "持续提高基本医保和大病保险水平，城乡居民医保人均财政补助标准从450元提高到610元。",
     [(610, "元")]),
    # 控制在…以内 / 保持…以上 under a review heading report what was kept (shape of a report's review)
    ("constructed", "民办义务教育学校在校生占比控制在8%以内。", [(8, "%")]),
    ("constructed", "争取上级资金12.5亿元，环境空气质量优良天数比率保持98%以上。",
     [(1_250_000_000, "元"), (98, "%")]),
])
def test_extract_achievements_review_heading_reads_goal_words_as_results(source, text, expected):
    doc = make_report([("一、2023年工作回顾", [text]), ("二、2024年工作安排", ["推进各项工作。"])])
    assert fields(extract_achievements(doc), "value", "unit") == expected, source
    assert extract_targets(doc) == []


@pytest.mark.parametrize("source, text, expected", [
    # the count heads a clause that goes on to a rate over those things: they merely exist
    ("constructed", "全市12条主要河流、8个重要湖库水质优良率均保持100%。", [(100, "%")]),
    # …and to a part of them, or to work still under way
    ("constructed", "30个重点项目全部或部分完成交付21个。", [(21, "个")]),
    ("constructed", "20座骨干水源工程加快建设，新增供水管网50公里。", [(50, "公里")]),
    # 000 (seed): brands that were built up and what they did are both reported
    ("000", "69个劳务、技能品牌带动5.6万脱贫人口有组织外出务工。", [(69, "个"), (56_000, "人")]),
    # a count after 等 followed by a verb of achievement is what was achieved
    ("constructed", "甲村、乙村等5个村被认定为省级示范村。", [(5, "个")]),
])
def test_extract_achievements_counts_of_what_exists_are_no_results(source, text, expected):
    doc = make_report([("一、2023年工作回顾", [text])])
    assert fields(extract_achievements(doc), "value", "unit") == expected, source


@pytest.mark.parametrize("source, text, metrics", [
    # laibin_2024: two measures that share one value give one record each
    ("laibin_2024", "深化“放管服”改革，全流程电子化率、不见面开标率均达100%。",
     ["全流程电子化率", "不见面开标率"]),
    # a list that counts things shares one measure: one record (constructed, a report's review)
    ("constructed", "全市12条主要河流、8个重要湖库水质优良率均保持100%。",
     ["12条主要河流、8个重要湖库水质优良率均保持"]),
])
def test_extract_achievements_shared_value_gives_one_record_per_measure(source, text, metrics):
    facts = extract_achievements(make_report([("一、2023年工作回顾", [text])]))
    assert [(f.fields["value"], f.fields["metric"]) for f in facts] == [(100, m) for m in metrics], source


def test_extract_achievements_report_without_headings_follows_its_review_lead():
    # sxyz_meizhouyixue_2023_zhengfu_gongzuo_baogao.html: a report whose review has no heading,
    # only its lead (过去五年…); 稳定在…以上 and 控制在 there report what was kept
    text = ("过去五年极不寻常、极不平凡。\n粮食产量连年稳定在1.3万亿斤以上。\n"
            "财政赤字率控制在2.8%，中央财政收支符合预算。\n今年发展主要预期目标是：国内生产总值增长5%左右。")
    doc = make_doc(text, kind="report", issued="2023-03-05")
    assert fields(extract_achievements(doc), "value", "comparator") == [(1.3e12, ">="), (2.8, "<=")]
    assert fields(extract_targets(doc), "value", "year") == [(5, 2023)]


@pytest.mark.parametrize("source, text, kept", [
    # corpus/000 (人社部 news): 7类42项 tells how a task list is divided; neither count is a result
    ("000", "全面制定人社乡村振兴7类42项重点任务，不断完善稳岗就业调度等工作机制。", []),
    # constructed in the shape of a 政府工作报告 review: projects still under way are no results
    ("constructed", "区域医疗中心、市医院扩建等8个重大项目、6个县域医共体、3个医疗次中心建设加快推进。", []),
    # but a list that reports what was finished keeps its counts
    ("constructed", "建成8个重大项目、6个县域医共体。", [8, 6]),
])
def test_extract_achievements_skips_nested_counts_and_work_under_way(source, text, kept):
    doc = make_doc("过去一年，" + text, kind="report", issued="2024-03-05")
    values = [v for (v,) in fields(extract_achievements(doc), "value")]
    assert values == kept, source


@pytest.mark.parametrize("text, kept", [
    # constructed in the shape of a 政府工作报告 review (none of these counts is a result)
    ("85个重大项目累计完成投资120亿元。", [12_000_000_000]),  # the total is the result, not the count
    ("4家定点帮扶单位共计帮扶项目90个。", [90]),  # the units exist; their total is the result
    ("某湖被评为全省首批5条“美丽河湖”之一。", []),  # one of N: N counts what exists
    ("是全省唯一一个连续上升的县。", []),  # 唯一一个 is no 11
    ("对不裁员的参保企业，可返还其上年度实际缴纳失业保险费的60%。", []),  # a share a benefit grants
])
def test_extract_achievements_skips_counts_of_what_exists(text, kept):
    doc = make_doc("过去一年，" + text, kind="report", issued="2024-03-05")
    assert [v for (v,) in fields(extract_achievements(doc), "value")] == kept
