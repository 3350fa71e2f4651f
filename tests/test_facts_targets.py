"""Targets: forward-looking goals from clauses and quota tables; what is not a target."""
from __future__ import annotations

import re

import pytest

from extractors.facts.achievements import extract_achievements
from extractors.facts.quantities import heading_tense, time_years
from extractors.facts.targets import extract_targets
from extractors.loaders import load
from extractors.structure import parse_structure
from schema.records import Document, Part, Section, Sentence

_CLAUSE = re.compile(r"[^。；\n]+[。；]?")


def make_doc(text: str, kind: str = "notice", issued: str | None = "2024-02-18", title: str = "",
             issuers: tuple[str, ...] = ()) -> Document:
    """A one-part document whose sentences are the text's 。/；-separated clauses."""
    sentences = [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(_CLAUSE.finditer(text))]
    part = Part(index=0, start=0, end=len(text), title=title, issued_date=issued, kind=kind,
                issuers=list(issuers))
    return Document(source="t.txt", path="t.txt", sha256="", format="text", encoding="utf-8", text=text,
                    parts=[part], sentences=sentences)


def parse(path) -> Document:
    docs = parse_structure(load(path))
    return docs[0] if isinstance(docs, list) else docs


def fields(facts, *names):
    return [tuple(f.fields[n] for n in names) for f in facts]


# (source, sentence, [(value, unit, comparator)])
POSITIVE = [
    ("001", "锚定脱贫人口务工规模稳定在3000万人以上的年度目标任务。", [(30_000_000, "人", ">=")]),
    ("000", "为每一名有就业意愿的脱贫劳动力，提供 3 轮以上、 每轮不低于 5 个以上的就业岗位。",
     [(3, "轮", ">="), (5, "个", ">=")]),
    ("hangzhou", "2024年，抓好省“千项万亿”重大项目120个左右，完成投资800亿元以上；",
     [(120, "个", "="), (80_000_000_000, "元", ">=")]),
    ("hangzhou", "围绕保障重大项目建设、激发全社会投资活力，市财政2024年预算安排资金177.1亿元。",
     [(17_710_000_000, "元", "=")]),
    ("hangzhou", "2024年，全市研发投入强度争取达到3.95%，新增高新技术企业2000家。",
     [(3.95, "%", ">="), (2000, "家", "=")]),
    ("hangzhou", "每年择优评选不超过10个标杆型示范项目给予支持。", [(10, "个", "<=")]),
    ("hangzhou", "支持大视听产业发展，培育1—2个引领区域发展的视听产业基地。", [(1, "个", ">=")]),
    ("gd", "每年全省各级机关至少安排300名指标，面向广东省退役大学生士兵招录公务员。", [(300, "名", ">=")]),
    ("gz", "每处建筑面积原则上不少于200平方米。", [(200, "平方米", ">=")]),
    ("004", "全省吸纳脱贫人口务工人数不低于 387.6 万，各地具体任务数详见附件 2。", [(3_876_000, "人", ">=")]),
]


@pytest.mark.parametrize("source, text, expected", POSITIVE)
def test_extract_targets_values_units_comparators(source, text, expected):
    facts = extract_targets(make_doc(text))
    assert fields(facts, "value", "unit", "comparator") == expected, source
    for fact in facts:
        assert fact.evidence == text[fact.start:fact.end] and len(fact.evidence) <= 200


# (source, sentence, why it is no target)
NEGATIVE = [
    ("guidelines", "接收见习人员20人以上的单位可申请见习补贴。", "eligibility condition"),
    ("hangzhou", "对新引进的年研发投入额达1000万元的企业研发总部，"
                 "最高可按当年研发投入额的5%给予一次性奖励，最高奖励500万元。", "subsidy terms"),
    ("gd", "该补助通过“免申即享”方式发放，同一人员身份信息只能享受1次一次性扩岗补助。", "procedural rule"),
    ("hangzhou", "上述8个领域政策市级财政资金统筹安排。", "refers to what exists"),
    ("000", "依托零工市场，提供问政策、找工作、保权益等166项服务事项。", "counts what exists (等N项)"),
    ("hangzhou", "统筹推进项目建设，针对市本级10亿元以上重大产业和基础设施项目，加大招引力度。",
     "size qualifier"),
    ("gz", "（一）承租政府和事业单位公有非住宅房产的，租金标准以市场租金参考价或评估价的50%计算和收取；",
     "fee rule"),
    ("sxyz", "预计今年高校毕业生超过1170万人，要强化促进青年就业政策举措。", "forecast"),
    ("gz", "每5000名户籍老年人配备1名工作人员，不足5000名的至少配备1名。", "rate denominators"),
    ("baotou", "半年考评分值=日常监测（60%）+实地调研（20%）+民意调查（10%）+第三方评估（10%）",
     "formula weights"),
    ("beijing", "骗取补贴的，由人力资源和社会保障行政部门责令退回，并处以骗取金额2倍以上5倍以下的罚款。",
     "penalty"),
    ("govcn", "对不裁员或少裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。", "refund rate"),
    ("sh", "5000万元（含）至1亿元（不含）/年的企业，给予一次性财政补助500万元；", "size band of a benefit"),
]


@pytest.mark.parametrize("source, text, why", NEGATIVE)
def test_extract_targets_skips_non_targets(source, text, why):
    values = [v for (v,) in fields(extract_targets(make_doc(text)), "value")]
    assert 5000 not in values and 20 not in values and 8 not in values and 166 not in values, why
    assert not [v for v in values if v not in (1,)], (why, values)


def test_extract_targets_achievement_in_news_is_not_target():
    text = "2022年以来，陕西省深入推进稳岗就业。全省脱贫人口务工规模达 219.4 万人，完成目标任务的 104%。"
    assert extract_targets(make_doc(text, kind="news", issued=None)) == []


def test_extract_targets_report_splits_review_from_goals():
    text = ("过去一年全面建设社会主义现代化国家迈出坚实步伐。"
            "城镇新增就业1244万人，城镇调查失业率平均为5.2%。\n"
            "今年发展主要预期目标是：国内生产总值增长5%左右；"
            "城镇新增就业1200万人以上，城镇调查失业率5.5%左右；")
    facts = extract_targets(make_doc(text, kind="report", issued="2024-03-05", issuers=("国务院",)))
    assert fields(facts, "value", "comparator", "year", "region") == [
        (5, "=", 2024, "全国"), (12_000_000, ">=", 2024, "全国"), (5.5, "=", 2024, "全国")]


def test_extract_targets_region_and_year_from_title_and_clause():
    doc = make_doc("2024年，全市出让土地总量中工业用地比例不低于35%。",
                   title="杭州市人民政府关于进一步推动经济高质量发展若干政策的通知")
    assert fields(extract_targets(doc), "value", "year", "region") == [(35, 2024, "杭州")]


def test_extract_targets_recurring_goal_has_no_year():
    doc = make_doc("国有企业每年要拿出一定数量的岗位，招聘数量不低于当年退役大学生士兵人数的15%。",
                   issued="2025-01-01")
    assert fields(extract_targets(doc), "value", "year") == [(15, None)]


def test_extract_targets_quota_table_rows_and_total(corpus_dir):
    doc = parse(corpus_dir / "004_7dc2baf39b3a8626.txt")
    facts = {f.evidence.replace(" ", "").replace("\t", ""): f.fields for f in extract_targets(doc)}
    assert facts["1广州79.80"]["value"] == pytest.approx(798_000)
    assert (facts["1广州79.80"]["unit"], facts["1广州79.80"]["region"]) == ("人", "广州")
    assert facts["1广州79.80"]["year"] == 2022 and facts["1广州79.80"]["comparator"] == ">="
    assert facts["3内蒙古19.62"]["region"] == "内蒙古"
    total = facts["合计387.56"]
    assert total["value"] == pytest.approx(3_875_600) and total["region"] == "广东"
    assert facts["合计877.7"]["region"] == "东部地区"
    assert total["is_total"] and not facts["1广州79.80"]["is_total"]


def test_extract_targets_realdoc_budget_lines(realdocs_dir):
    doc = parse(realdocs_dir / "gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html")
    got = {(f.fields["value"], f.fields["unit"], f.fields["comparator"]) for f in extract_targets(doc)}
    assert (1000, "平方米", ">=") in got and (200, "平方米", ">=") in got
    assert not any(unit == "元" for _, unit, _ in got)  # subsidy amounts of the 办法 are no targets


def test_extract_targets_conditions_list_gives_none():
    text = ("第五条 申请认定就业见习基地，应当符合下列条件：\n"
            "（一）具有良好的社会信誉，管理规范；\n"
            "（五）每年能够提供见习工作岗位，接收见习人员20人以上，能按不低于20%的比例录用见习人员。\n"
            "第七条 由至少2名工作人员对申请单位的工作环境进行实地核查。")
    # the real 办法 (gz_jiuye_jianxi_jidi_guanli_banfa_2019.html) words its conditions this way
    assert extract_targets(make_doc(text)) == []


def test_extract_targets_eligibility_document_has_no_targets(realdocs_dir):
    doc = parse(realdocs_dir / "gz_jiuye_jianxi_jidi_guanli_banfa_2019.html")
    assert [f.evidence[:30] for f in extract_targets(doc)] == []


def test_extract_targets_each_item_is_its_own_target():
    from extractors.facts import fact_id

    facts = extract_targets(make_doc("2024年，创建省级高品质步行街、商业特色街各2条；"))  # hangzhou
    assert fields(facts, "value", "unit") == [(2, "条"), (2, "条")]
    assert len({fact_id(f) for f in facts}) == 2  # distinct records survive the store's de-duplication


def test_extract_targets_count_of_places_is_not_a_penalty():
    # qianxinan_2024_zhengfu_gongzuo_baogao.txt: 4处以上 must not read as the penalty verb 处以
    facts = extract_targets(make_doc("项目化落实煤矿“六个一批”，建成煤矿4处以上，新增产能240万吨/年。"))
    assert fields(facts, "value", "unit", "comparator") == [(4, "处", ">="), (2_400_000, "吨/年", "=")]


def test_extract_targets_five_year_plan_period_gives_its_last_year():
    # beibuwan_gongye_xinxihua_shisanwu_guihua_crlf.txt words its goals for the plan period
    text = "——总量指标：到“十三五”期末，北部湾经济区工业总产值达到16000亿元以上。\n工业企业利润率达到8%以上。"
    title = "广西北部湾经济区工业和信息化发展“十三五”规划"
    facts = extract_targets(make_doc(text, issued="2016-12-01", title=title))
    assert fields(facts, "value", "year", "region") == [(1_600_000_000_000, 2020, "广西"), (8, 2020, "广西")]


@pytest.mark.parametrize("source, text, value", [
    ("hangzhou", "在符合相关技术规范要求的前提下，容积率一般不低于2.5，有建设条件的项目可试点探索。", 2.5),
    ("guangxi", "农业灌溉用水有效利用系数提高到0.5以上。", 0.5),
])
def test_extract_targets_dimensionless_goal_has_no_unit(source, text, value):
    assert fields(extract_targets(make_doc(text)), "value", "unit", "comparator") == [(value, None, ">=")]


def make_report(sections: list[tuple[str, list[str]]], issued: str | None = None) -> Document:
    """A 政府工作报告 with level-1 headings (一、2023年工作回顾 / 二、2024年主要工作建议), each over its
    sentences, so that the headings' review/plan reading can be tested."""
    text, spans = "", []
    for heading, body in sections:
        start = len(text)
        text += heading + "\n" + "\n".join(body) + "\n"
        spans.append((heading, start, len(text)))
    doc = make_doc(text, kind="report", issued=issued)
    doc.sections = [Section(0, 1, h, a, b, h) for h, a, b in spans]
    return doc


LAIBIN_REVIEW = ("推进糖料蔗水肥一体化建设，糖料蔗种植面积达177.2万亩，2023/2024年榨季预计进厂糖料蔗850万吨、"
                 "增长57%左右，制糖及综合利用产值突破140亿元，兴宾区蔗糖精深加工产业入选国家中小企业特色产业集群。")
LAIBIN_PLAN = ("深入实施城市更新行动，新开工建设保障性租赁住房340套，新改造老旧小区25个，"
               "提升改造背街小巷66条，建设口袋公园5个，实现市城区绿化覆盖率达41.5％。")


def test_extract_targets_review_heading_makes_goal_words_report_results():
    # laibin_2024_zhengfu_gongzuo_baogao.txt: 达/预计/左右/突破 under 2023年工作回顾 report the year
    doc = make_report([("一、2023年工作回顾", [LAIBIN_REVIEW]), ("二、2024年主要工作建议", [LAIBIN_PLAN])])
    targets = extract_targets(doc)
    assert fields(targets, "value", "unit", "year") == [
        (340, "套", 2024), (25, "个", 2024), (66, "条", 2024), (5, "个", 2024), (41.5, "%", 2024)]
    achievements = extract_achievements(doc)
    assert fields(achievements, "value", "year") == [
        (1_772_000, 2023), (8_500_000, 2023), (57, 2023), (14_000_000_000, 2023)]


@pytest.mark.parametrize("title, doc_year, tense", [
    ("一、2023年工作回顾", 2024, "achievement"),
    ("一、“十二五”时期发展回顾", 2016, "achievement"),
    ("二、2024年工作目标和主要任务", 2024, "target"),
    ("三、主要任务", 2022, "target"),
    ("（三）发展目标", 2016, "target"),
    ("二、2023年工作情况", 2024, "achievement"),
    ("（四）全力推进旅游提档升级取得新成效", 2024, None),  # 取得新成效 is a task, not a review
    ("第一章 发展环境", 2016, None),
])
def test_heading_tense_reads_review_and_plan_headings(title, doc_year, tense):
    assert heading_tense(title, doc_year) == tense


@pytest.mark.parametrize("text, years", [
    ("2023年，全市地区生产总值增长5%", [2023]),
    ("力争到2025年，建成示范村100个", [2025]),
    ("截至2023年底，累计建成", [2023]),
    ("全力推进2024年第一批项目120个", []),  # a batch named by its year, after a verb
    ("建成、2022年棚户区改造", []),
    ("2023/2024年榨季", []),  # a season across two years dates nothing
    ("工业总产值由2010年的3466.6亿元增加到2015年的9793亿元", [2010, 2015]),  # beibuwan: 由…到
    ("完成工业总产值8422亿元，是2011年的2.8倍", []),  # beibuwan: the base of a multiple
])
def test_time_years_keeps_times_not_batch_names(text, years):
    assert time_years(text) == years


@pytest.mark.parametrize("source, text, expected", [
    ("sxyz_2023", "加大出口退税、信保、信贷等政策支持力度，企业出口退税办理时间压缩至6个工作日以内。",
     [(6, "工作日", "<=")]),
    ("gz_jujia_2022", "镇人民政府、街道办事处应在5个工作日内完成初核并提交区养老服务指导单位核实。", []),
])
def test_extract_targets_shortened_time_limit_is_a_target_a_deadline_is_not(source, text, expected):
    assert fields(extract_targets(make_doc(text)), "value", "unit", "comparator") == expected, source


def test_extract_targets_plant_capacity_names_a_project():
    # beibuwan_gongye_xinxihua_shisanwu_guihua_crlf.txt: 140万吨碳酸锰 and 30万吨铁合金 name plants
    text = ("巩固广西在国内锰系铁合金的产业优势地位，推动崇左中信大锰140万吨碳酸锰地采项目、布东锰综合利用、"
            "天等沙钢30万吨铁合金二期建设。")
    assert extract_targets(make_doc(text)) == []
    kept = "确保粮食播种面积231.4万亩、粮食产量74.2万吨以上。"  # laibin: a tonnage that is the goal
    assert fields(extract_targets(make_doc(kept)), "value", "unit") == [(2_314_000, "亩"), (742_000, "吨")]


# Norms a plan sets for facilities to build or staff are goals; rules on how one case is handled
# (入户调查人员应当不少于2人) are not. (source, sentence, [(value, unit, comparator)])
NORMS = [
    ("gz_jujia 居家社区养老服务管理办法", "每个区应当单独设置至少1个区级综合养老服务中心。",
     [(1, "个", ">=")]),
    ("constructed (a facility norm in 片)", "新建居住社区内至少配建1片非标准篮球场地。", [(1, "片", ">=")]),
    ("constructed", "到2027年，每万人拥有体育场地2.5片以上。", [(2.5, "片", ">=")]),
    ("constructed (a floor on the issuer's funding)",
     "市财政统筹安排专项经费每年不少于2000万元，重点用于场地建设。",
     [(20_000_000, "元", ">=")]),
    ("gz_linshi 临时救助实施细则 (procedure)", "入户调查人员应当不少于2人，并在调查时出示有效证件。", []),
]


@pytest.mark.parametrize("source, text, expected", NORMS)
def test_extract_targets_facility_norms_are_goals_procedures_are_not(source, text, expected):
    assert fields(extract_targets(make_doc(text)), "value", "unit", "comparator") == expected, source


# Counts that describe how a catalogue or a benefit is organised are no goals (all constructed in
# the shape of provincial 补贴实施方案: catalogues of 大类/小类/品目, payment in instalments).
SCHEMES = [
    ("catalogue classes", "全省补贴机具种类范围为18大类35个小类80个品目，按年度进行调整。"),
    ("catalogue classes capped", "选择不超过8个品目且不超过15个档次的产品提高补贴额。"),
    ("class count of items named before", "创新产品补贴品目实行总量控制，年度总数量不超过6个。"),
    ("instalments", "补贴按照6:4的比例分两次兑付，即核验合格后兑付60%的补贴资金。"),
    ("a cap on a benefit's takers", "给予一次性5万元的奖励，每年获支持企业数量最多不超过8个。"),
    ("a cap on a benefit's takers", "可领取每人每年2000元交通补贴，单个企业最多申报3人。"),
    ("a share of the benefit's own amount",
     "非通用类品目机具可高于上年度补贴额，幅度控制在上年度补贴额的15%以内。"),
    ("who does the work", "市场销售均价通过市场调查获取，或书面委托3家以上有资质的第三方开展价格评估。"),
]


@pytest.mark.parametrize("why, text", SCHEMES)
def test_extract_targets_skips_scheme_counts(why, text):
    assert extract_targets(make_doc(text)) == [], why
    assert extract_achievements(make_doc(text)) == [], why


def test_extract_targets_budget_share_of_funds_is_still_a_goal():
    # source: 2023 中央一号文件 shape (a share where the money goes, not a benefit's own terms)
    text = "中央财政衔接推进乡村振兴补助资金用于产业发展的比重力争提高到60%以上。"
    assert fields(extract_targets(make_doc(text)), "value", "unit") == [(60, "%")]


def test_extract_targets_per_facility_funding_floor_is_no_budget_target():
    # source: gz_jujia 居家社区养老服务管理办法: paid to each facility, a subsidy standard (dev gold)
    text = "区级社区养老服务设施每年每个不少于60万元运营经费。"
    assert extract_targets(make_doc(text)) == []


def test_extract_targets_floor_on_the_verb_governs_the_count():
    # constructed in the shape of a 若干措施 goal: 至少 before the verb, the count after a long object
    text = "到2027年，全市至少拥有男、女甲级以上联赛参赛篮球俱乐部各3支。"
    assert fields(extract_targets(make_doc(text)), "value", "comparator") == [(3, ">="), (3, ">=")]


@pytest.mark.parametrize("text, expected, source", [
    ("单位缴费费率，在职职工、退休人员均为0.15%。", [], "gz_changqi 办法: a contribution rate is a term"),
    ("其中职工参保人员每月上门次数不低于12次，每月服务时间为28小时。", [], "gz_changqi: a service minimum"),
    ("定点服务机构应向医保经办机构申请登记1个银行结算账户。", [], "gz_changqi 办法: a procedure"),
    ("每个区应当单独设置至少1个区级综合养老服务中心，每处建筑面积不少于1000平方米。",
     [(1.0, "个"), (1000.0, "平方米")], "gz_jujia 办法: a planning norm stays a goal"),
    ("各级大厅综合一窗率达90%以上。", [(90.0, "%")], "baotou 考评办法: a level to reach"),
])
def test_extract_targets_in_a_standing_rule_needs_a_goal(text, expected, source):
    doc = make_doc(text, title="广州市长期护理保险试行办法")
    assert fields(extract_targets(doc), "value", "unit") == expected, source


def test_extract_targets_same_clause_outside_a_rule_is_a_goal():
    doc = make_doc("其中职工参保人员每月上门次数不低于12次。", title="关于做好居家养老服务工作的通知")
    assert fields(extract_targets(doc), "value", "unit") == [(12.0, "次")]


@pytest.mark.parametrize("text, expected, source", [
    ("共向1000多万失业人员发放失业保险待遇。", [(10_000_000.0, "人")], "sxyz 2023: people give 人"),
    ("近1亿农村贫困人口实现脱贫。", [(100_000_000.0, "人")], "sxyz 2023"),
    ("下六甲灌区工程等246个重大项目实现开工。", [(246.0, "个")], "laibin: 等N个 then a result verb"),
    ("兴宾区和武宣县工业园区工业总产值破百亿元。", [(1e10, "元")], "laibin: 破百亿元 passes a size"),
])
def test_extract_achievements_reads_counts_of_people_and_results(text, expected, source):
    doc = make_doc("一、2023年工作回顾\n" + text, kind="report", issued="2024-01-20")
    assert fields(extract_achievements(doc), "value", "unit") == expected, source


def test_questions_page_gives_no_targets_or_achievements():
    text = ("一、创业担保贷款额度是多少？\n答：个人创业担保贷款额度最高30万元。\n"
            "二、哪些情况需要核查？\n答：同一用人单位当月存在10人以上申领失业保险金的，需要核查。\n"
            "三、有几家经办银行？\n答：目前我市确定9家银行成为经办银行。\n")
    doc = make_doc(text, kind="news")
    assert extract_targets(doc) == [] and extract_achievements(doc) == [], "gz 常见问题 pages"


def test_questions_page_is_told_by_its_title():
    doc = make_doc("目前我市确定9家银行成为经办银行。", kind="news", title="创业担保贷款常见问题")
    assert extract_achievements(doc) == []


def test_extract_targets_conditions_under_a_subsidy_conditions_label_are_none():
    text = "补贴条件：\n（1）获得创业大赛优胜奖及以上奖次；\n（4）获奖项目吸纳就业3人或以上。\n"
    assert extract_targets(make_doc(text)) == [], "gz_yuexiu 补贴条件 list"


def test_extract_targets_floor_on_a_share_is_a_goal_even_beside_a_duty_verb():
    text = "对承担重点实验室建设任务的企业，依托建设主体年度基础研究投入占总研发支出的比例不低于10%。"
    assert fields(extract_targets(make_doc(text)), "value", "comparator") == [(10.0, ">=")], "sh_zhichi 八"


@pytest.mark.parametrize("mention, short", [("广西壮族自治区", "广西"), ("宁夏回族自治区", "宁夏"),
                                            ("新疆维吾尔自治区", "新疆"), ("内蒙古自治区", "内蒙古")])
def test_gazetteer_canonical_drops_the_ethnic_autonomy_suffix(mention, short):
    from extractors.facts.quantity_lexicon import gazetteer
    assert gazetteer().canonical(mention) == short, "guangxi 十三五 plan: region was 广西壮族"


@pytest.mark.parametrize("text, expected, source", [
    ("园区经济逐步壮大，超百亿的园区由2011年的11个增加到2015年的27个。", [(27.0, "个")],
     "beibuwan: the dated baseline is no result, the dated level is"),
    ("规模以上工业总产值由2010年的3466.6亿元增加到2015年的9793亿元。", [(979_300_000_000.0, "元")],
     "beibuwan"),
    ("三次产业结构由2010年的18.7∶40.2∶41.1调整为2015年的15∶43∶42。", [], "beibuwan: 三次产业 names sectors"),
    ("规模以上工业总产值是2010年的2.8倍。", [], "beibuwan: a multiple of a base is no level"),
])
def test_extract_achievements_dated_baselines_sectors_and_multiples(text, expected, source):
    doc = make_doc("一、十二五时期发展回顾\n" + text, issued="2016-05-01")
    assert fields(extract_achievements(doc), "value", "unit") == expected, source


def test_goals_named_in_passing_do_not_turn_a_review_into_a_plan():
    doc = make_doc("五年来，我们创新宏观调控，保持经济运行在合理区间。\n"
                   "把年度主要预期目标作为一个有机整体来把握。\n"
                   "合理把握赤字规模，五年总体赤字率控制在3%以内，政府负债率控制在50%左右。\n",
                   kind="report", issued="2023-03-05")
    assert fields(extract_achievements(doc), "value") == [(3.0,), (50.0,)], "sxyz 2023 report"
    assert extract_targets(doc) == []


def test_raised_rate_of_a_tax_benefit_is_no_result():
    doc = make_doc("五年来，不断提高企业研发费用加计扣除比例，将制造业企业分别从50%、75%提高至100%。",
                   kind="report", issued="2023-03-05")
    assert extract_achievements(doc) == [], "sxyz 2023 report: the benefit's new rate is a subsidy"


def test_extract_targets_counties_of_a_list_of_places_are_regions():
    doc = make_doc("在规上工业增加值增长方面，力争兴宾区增长10%、象州县增长14.5%、金秀瑶族自治县增长14%。",
                   title="2024年来宾市政府工作报告")
    assert fields(extract_targets(doc), "region", "value") == [
        ("兴宾区", 10.0), ("象州县", 14.5), ("金秀瑶族自治县", 14.0)], "laibin 2024 report"


@pytest.mark.parametrize("text", ["每个县改造建成1所200张床位以上的综合性福利机构。",
                                  "拓展区域面积1000亩以上，辐射区域面积3000亩以上。"])
def test_extract_targets_generic_areas_are_no_counties(text):
    regions = {f.fields["region"] for f in extract_targets(make_doc(text))}
    assert not regions & {"每个县", "拓展区", "辐射区"}


def test_extract_achievements_listed_indicators_passing_a_size_each_get_it():
    doc = make_doc("一、十二五回顾\n地区生产总值、固定资产投资、金融机构存贷款余额等指标超过万亿元。",
                   kind="report", issued="2016-03-01")
    assert fields(extract_achievements(doc), "metric", "value") == [
        ("地区生产总值", 1e12), ("固定资产投资", 1e12), ("金融机构存贷款余额", 1e12)], "guangxi 十三五 纲要"


@pytest.mark.parametrize("title, year", [("广西壮族自治区国民经济和社会发展第十三个五年规划纲要", 2016),
                                         ("南宁市科学技术发展“十三五”规划", 2016),
                                         ("关于做好就业工作的通知", None)])
def test_document_year_of_an_undated_five_year_plan_is_its_first_year(title, year):
    from extractors.facts.quantities import document_year
    doc = make_doc("到2020年，地区生产总值达到2.4万亿元。", issued=None, title=title)
    assert document_year(doc, doc.parts[0]) == (year or 2020)


def test_estimate_of_a_year_before_the_document_is_a_result():
    doc = make_doc("经济综合实力跃上新台阶，预计2015年地区生产总值达到1.68万亿元。", issued=None,
                   title="广西壮族自治区国民经济和社会发展第十三个五年规划纲要")
    assert fields(extract_achievements(doc), "value") == [(1.68e12,)] and extract_targets(doc) == []
