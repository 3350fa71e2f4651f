"""Responsibilities: actor + obligation + strength + lead (extractors/facts/responsibilities.py)."""
from __future__ import annotations

import re

import pytest

from extractors.facts.responsibilities import extract_responsibilities
from extractors.loaders import load
from extractors.structure import parse_structure
from schema.records import Document, Part, Sentence

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def make_doc(text: str, kind: str = "notice") -> Document:
    """A Document split into sentences the way the structure stage does, without depending on it."""
    sentences = [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(_SENTENCE.finditer(text))]
    return Document(source="t.txt", path="t.txt", sha256="", format="text", encoding="utf-8", text=text,
                    parts=[Part(0, 0, len(text), kind=kind)], sentences=sentences)


def records(text: str, kind: str = "notice") -> list[tuple[str, str, bool | None]]:
    return [(f.fields["department"], f.fields["strength"], f.fields["lead"])
            for f in extract_responsibilities(make_doc(text, kind))]


@pytest.mark.parametrize("text, expected, source", [
    ("各地要持续跟踪监测搬迁群众生产生活情况。", [("各地", "must", None)], "corpus 000"),
    ("各地应严格落实有关要求。", [("各地", "should", None)], "corpus 003"),
    ("各地可利用衔接推进乡村振兴补助资金对就业帮扶车间吸纳脱贫人口就业给予奖补。", [("各地", "may", None)],
     "corpus 004"),
    ("任何单位和个人不得滞留、截留、挤占、挪用、冒领和贪污扶贫资金。",
     [("任何单位和个人", "prohibited", None)], "henan 第五十二条"),
    ("国家乡村振兴局将会同有关部门深入调查研究。", [("国家乡村振兴局", "must", None)], "corpus 000"),
    ("国家乡村振兴局要求各地要认真落实实施方案。", [("各地", "must", None)], "corpus 000"),
    ("各级乡村振兴、对口协作部门要切实提高政治站位。",
     [("各级乡村振兴部门", "must", None), ("各级对口协作部门", "must", None)], "corpus 001"),
    ("乡村振兴部门（支援合作办、合作交流办）配合人力资源社会保障部门做好脱贫人口就业帮扶工作。",
     [("乡村振兴部门（支援合作办、合作交流办）", "must", False)], "corpus 004"),
    ("明确由人社部门牵头统筹全省乡村公益性岗位开发管理。", [("人社部门", "must", True)], "corpus 000"),
    ("人力资源社会保障部门加强统筹协调，督促落实就业帮扶政策措施。", [("人力资源社会保障部门", "must", None)],
     "corpus 004: a duty verb with no modal"),
    ("县级以上人民政府相关部门在组织编制本部门本行业规划时，应当把改善贫困地区发展环境作为重要内容。",
     [("县级以上人民政府相关部门", "should", None)], "henan 第十二条"),
    ("我们这样一个人口大国，必须践行好大农业观、大食物观。", [("我们", "must", None)], "sxyz 2024 report"),
])
def test_extract_responsibilities_reads_actor_strength_and_lead(text, expected, source):
    assert records(text) == expected, source


REGULATION = "第七条 扶贫开发实行政府主导。\n第八条 {}\n第九条 各级人民政府应当加大投入。\n"


@pytest.mark.parametrize("clause, expected, source", [
    ("扶贫标准和扶贫范围由省人民政府确定。", [("省人民政府", "must", None)], "henan 第八条 (a regulation)"),
    ("具体实施办法由省人民政府制定。", [("省人民政府", "must", None)], "henan (a regulation)"),
    ("由区民政部门委托镇人民政府（街道办事处）审批。", [("区民政部门", "must", None)],
     "gz_linshi: 委 begins 委托, so the name ends at 部门"),
])
def test_extract_responsibilities_reads_by_actor_in_a_regulation(clause, expected, source):
    found = [r for r in records(REGULATION.format(clause)) if r[0] != "各级人民政府"]
    assert found == expected, source


@pytest.mark.parametrize("text, expected, source", [
    ("明确由人社部门牵头统筹全省乡村公益性岗位开发管理。", [("人社部门", "must", True)], "corpus 000"),
    ("省级财政资金具体补贴机具品目和补贴标准由省农业农村厅、省财政厅确定；", [],
     "constructed from a 实施方案: 由X确定 says who decides, not a duty"),
    ("市县财政资金具体补贴标准由当地农业农村部门、财政部门自定，并报省农业农村厅备案。", [],
     "constructed from a 实施方案: 自定 and 备案 carry no obligation"),
    ("贷款项目的额度由经办银行在限额以内根据实际情况合理确定。", [], "gz_chuangye_danbao: the bank decides"),
    ("失业人员违规领取失业保险金的，将由相关部门责令退回并依法追究相关法律责任。",
     [("相关部门", "must", None)], "gz_shiye_baoxian: 责令 enforces; the claimant is not the actor"),
    ("各牵头考核单位自身工作及考核分值由市政府办公室数字政府专班予以核实。",
     [("市政府办公室数字政府专班", "must", None)], "baotou 2022: a 专班 verifies"),
])
def test_extract_responsibilities_reads_by_actor_outside_a_regulation(text, expected, source):
    assert records(text) == expected, source


@pytest.mark.parametrize("text, source", [
    ("积极的财政政策要适度加力、提质增效。", "sxyz report: the subject is a policy"),
    ("全面部署推进新型工业化。", "sxyz report: 部署 ends like 署 but names no body"),
    ("推动县域普遍服务类设施城乡统筹建设，有条件的地区推动市政管网往户延伸。",
     "constructed: a class picked by a condition is encouraged, not bound, by a bare duty verb"),
    ("加快重大科技基础设施体系化布局，推进共性技术平台建设。", "sxyz report: 布局"),
    ("这是一项重要举措，需要各方面齐心协力。", "重要/需要 are not modals"),
    ("对乡村振兴重点帮扶县、易地搬迁大型安置区等重点地区加大倾斜。", "corpus 000: an object after 对"),
    ("国家乡村振兴局负责人表示，巩固成果成效明显。", "负责人 is a person, not 负责"),
    ("落实跨省务工交通补贴政策，简化程序，符合条件的应发尽发、应补尽补。", "corpus 001: 应发尽发"),
])
def test_extract_responsibilities_ignores_non_obligations(text, source):
    assert records(text) == [], source


def test_subjectless_clause_continues_the_paragraph_actor():
    text = "各级乡村振兴部门要切实提高政治站位。要会同有关部门深入研究谋划。"
    assert records(text) == [("各级乡村振兴部门", "must", None), ("各级乡村振兴部门", "must", None)]


def test_subjectless_clause_does_not_cross_a_paragraph():
    text = "各地要规范收入统计监测。\n三、强化保障\n要加强宣传引导。"
    assert records(text) == [("各地", "must", None)]


def test_report_does_not_carry_subjects_over():
    text = "各级政府要习惯过紧日子。要大力优化支出结构。"
    assert records(text, kind="report") == [("各级政府", "must", None)]


def test_regulation_article_carries_its_subject_to_cueless_sentences():
    text = ("第一条 总则。\n第二条 总则。\n第二十六条 县级以上人民政府应当加强贫困地区的基础教育。"
            "教育经费和师资向贫困地区倾斜，改善办学条件。\n实施乡村教师支持计划。\n"
            "第二十七条 鼓励社会力量参与扶贫。")
    assert records(text) == [("县级以上人民政府", "should", None)] * 3


def test_tags_give_one_record_per_unit_with_the_tag_as_evidence():
    text = "（三）降低用电成本。对符合规定的项目给予支持。（责任单位：\n市发改委、国网杭州供电公司）\n"
    facts = extract_responsibilities(make_doc(text))
    assert [f.fields["department"] for f in facts] == ["市发改委", "国网杭州供电公司"]
    assert all(f.evidence.startswith("（责任单位") and f.evidence.endswith("）") for f in facts)
    assert facts[0].fields["department_canonical"] == "市发展改革委"


def test_tags_honour_the_first_listed_leads_rule():
    text = "各项任务列第一位者为牵头单位。\n一、稳就业（责任单位：市人社局、市财政局）\n"
    assert records(text) == [("市人社局", "must", True), ("市财政局", "must", False)]


def test_lead_and_assist_tag():
    text = "推进产业园建设（市发改委牵头，市财政局、市自然资源局配合）。"
    assert records(text) == [("市发改委", "must", True), ("市财政局", "must", False),
                             ("市自然资源局", "must", False)]


def test_section_lead_heading_is_a_lead_record():
    text = "一、扩大有效投资政策（由市发改委牵头实施）\n"
    facts = extract_responsibilities(make_doc(text))
    assert [(f.fields["department"], f.fields["lead"]) for f in facts] == [("市发改委", True)]
    assert "扩大有效投资政策" in facts[0].evidence


def test_evidence_is_verbatim_and_short():
    text = ("县级以上人民政府发展改革、教育、民政、财政、人力资源和社会保障、住房和城乡建设、"
            "交通运输、国土、水利、农业、林业、卫生计生、文化、新闻出版广电、旅游、统计等部门，"
            "在各自职责范围内做好扶贫开发相关工作。")
    doc = make_doc(text)
    facts = extract_responsibilities(doc)
    assert len(facts) == 16
    assert all(len(f.evidence) <= 200 and doc.text[f.start:f.end] == f.evidence for f in facts)
    assert facts[0].fields["department"] == "县级以上人民政府发展改革部门"


def test_corpus_notice_finds_each_actor_of_a_listed_subject(corpus_dir):
    doc = parse_structure(load(corpus_dir / "001_35935e3a46465b39.txt"))
    names = {f.fields["department"] for f in extract_responsibilities(doc)}
    assert {"各地", "东部地区", "中西部地区", "各级定点帮扶单位", "驻村第一书记", "驻村工作队员"} <= names


def test_realdoc_regulation_reads_prohibitions_and_duties(realdocs_dir):
    doc = parse_structure(load(realdocs_dir / "henan_fupin_kaifa_tiaoli_2017.md"))
    facts = extract_responsibilities(doc)
    got = {(f.fields["department"], f.fields["strength"]) for f in facts}
    assert ("任何单位和个人", "prohibited") in got
    assert ("乡镇人民政府", "must") in got
    assert ("贫困户", "should") in got


def test_duty_tag_lists_each_unit_and_the_provinces():
    text = "建立和完善东西部地区劳务精准对接机制。（扶贫办、发展改革委、商务部等和各有关省级人民政府负责）\n"
    assert records(text) == [("扶贫办", "must", None), ("发展改革委", "must", None), ("商务部", "must", None),
                             ("各有关省级人民政府", "must", None)]


@pytest.mark.parametrize("text, source", [
    ("就业补助资金按每人3000元给予用人单位，可用于见习人员生活补助。", "a body after 给予 is an object"),
    ("申请时未被市场监管部门列入经营异常名录的，可申请租金补贴。", "a passive 被 phrase is no subject"),
    ("（以上数据截至年底，不含新设机构负责）", "a parenthesis that names no body"),
])
def test_objects_and_conditions_are_not_actors(text, source):
    assert records(text) == [], source


def test_comma_rule_makes_units_before_the_comma_lead():
    text = ("（一）加大创业担保贷款支持。〔责任单位：财政厅、团省委，人力资源社会保障厅。"
            "（逗号前为牵头单位，下同）〕\n（二）优化担保基金运作模式。（责任单位：财政厅，人力资源社会保障厅、省税务局）\n")
    assert records(text) == [("财政厅", "must", True), ("团省委", "must", True),
                             ("人力资源社会保障厅", "must", False), ("财政厅", "must", True),
                             ("人力资源社会保障厅", "must", False), ("省税务局", "must", False)]


def test_bracketed_unit_list_without_keyword_is_a_tag():
    text = ("健全足球协会组织。\n[市体育局，各区、县（市）政府，列第一位的为牵头单位，下同]\n"
            "开展校园足球活动。\n[市教育局、市体育局，各区、县（市）政府]\n[注：数据来源于统计年鉴]\n")
    assert records(text) == [("市体育局", "must", True), ("各区、县（市）政府", "must", False),
                             ("市教育局", "must", True), ("市体育局", "must", False),
                             ("各区、县（市）政府", "must", False)]


@pytest.mark.parametrize("text, expected, source", [
    ("各项任务列第一位者为牵头单位。\n一、繁荣群众文艺。\n[市文化局、市民政局，各区政府，市作协]\n",
     [("市文化局", "must", True), ("市民政局", "must", False), ("各区政府", "must", False),
      ("市作协", "must", False)], "constructed: an association abbreviation the suffix table does not know"),
    ("各项任务列第一位者为牵头单位。\n一、发展老年教育。（市民政局、市教育局、市老年大学协会）\n",
     [("市民政局", "must", True), ("市教育局", "must", False), ("市老年大学协会", "must", False)],
     "constructed: a round-bracket list that closes the measure"),
    ("一、发展老年教育。（责任单位：市民政局、浙大、市老年协会）\n",
     [("市民政局", "must", None), ("浙大", "must", None), ("市老年协会", "must", None)],
     "constructed: inside a labelled tag every item is a unit"),
])
def test_tags_keep_units_the_suffix_table_does_not_know(text, expected, source):
    assert records(text) == expected, source


@pytest.mark.parametrize("text, source", [
    ("坚决守住不发生规模性返贫底线。（据国家乡村振兴局）\n", "corpus 000: a source line, not a tag"),
    ("由区民政部门委托镇人民政府（街道办事处）\n", "gz_linshi: a bracketed alias closing a line"),
    ("一、发展老年教育。（市作协、浙大、市民政局）\n", "constructed: most items are no known unit"),
    ("一、发展老年教育。（含市本级、各区）\n", "constructed: a scope note"),
])
def test_brackets_that_are_not_tags_give_no_record(text, source):
    assert [r for r in records(text) if r[0] != "区民政部门"] == [], source


def test_eligibility_of_the_measure_is_not_a_duty():
    text = ("第一条 为促进创业，制定本办法。\n第二条 本办法适用对象应当拥护宪法，无违法犯罪记录。\n"
            "第三条 享受本办法的扶持对象须遵守国家法律法规。\n第四条 区人力资源社会保障局应当做好服务。\n")
    assert records(text) == [("扶持对象", "must", None), ("区人力资源社会保障局", "should", None)], \
        "constructed on the 第X条 pattern of a 扶持办法: the scope's 应当 states eligibility"


def test_condition_on_a_person_is_not_carried_to_the_previous_actor():
    text = "市民政部门应当建立信息平台。线上申请困难的，可以到政务服务中心提出申请。"
    assert records(text) == [("市民政部门", "should", None)]


def test_fronted_object_keeps_the_carried_actor():
    text = "各地要加强监测排查。对有因灾返贫风险的农户，符合政策规定的，可通过设立绿色通道先落实帮扶措施。"
    assert records(text) == [("各地", "must", None), ("各地", "may", None)]


@pytest.mark.parametrize("text, expected, source", [
    ("发展改革部门加大以工代赈项目实施力度，配合做好易地搬迁脱贫人口就业帮扶。",
     [("发展改革部门", "must", False)], "corpus 004: 配合 opens a later clause"),
    ("县级人民政府扶贫开发行政主管部门会同各相关部门，应当依照国家和省有关规定，建立完善精准扶贫项目库。",
     [("县级人民政府扶贫开发行政主管部门", "should", None)], "henan 第四十条: 会同 takes 应当's strength"),
    ("各领域政策市级牵头单位要根据本文件要求，会同要素保障清单牵头单位，抓紧制定实施细则。",
     [("各领域政策市级牵头单位", "must", None)], "hangzhou: 牵头单位 is a noun, not a lead"),
    ("各地要紧盯弱劳力、半劳力与返乡无业可就的脱贫劳动力。", [("各地", "must", None)],
     "corpus 003: 要 before 紧盯, not 可 in 无业可就"),
])
def test_lead_and_strength_follow_the_clause_verbs(text, expected, source):
    assert records(text) == expected, source


def test_a_unit_listed_twice_gives_one_record():
    text = "推进数字化改造。（责任单位：市经信局、市经信局、市财政局）\n"
    assert [name for name, _, _ in records(text)] == ["市经信局", "市财政局"]


def test_condition_clause_opened_by_a_listed_actor_keeps_the_whole_list():
    text = ("区、镇人民政府和街道办事处建设社区养老服务设施存在困难的，"
            "也可以通过与社会力量合作共建的方式建设。")
    assert records(text) == [("区人民政府", "may", None), ("镇人民政府", "may", None),
                             ("街道办事处", "may", None)]


def test_duty_tag_states_the_lead_rule_and_runs_past_a_comma():
    text = ("（一）稳定就业岗位。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n"
            "（二）加大培训力度。（教育部、民政部，各省级人民政府按职责分工负责）\n")
    assert records(text) == [("人力资源社会保障部", "must", True), ("财政部", "must", False),
                             ("教育部", "must", True), ("民政部", "must", False),
                             ("各省级人民政府", "must", False)]


def test_duty_tag_class_phrase_after_named_units_gives_no_record():
    text = "推动消费扶贫。（农业农村部、商务部等有关部门和单位负责）\n"
    assert [name for name, _, _ in records(text)] == ["农业农村部", "商务部"]


def test_keyword_after_a_status_in_a_tag_is_read(realdocs_dir):
    text = "完成适老化改造，适应特殊群体需求。（6月底完成，牵头考核单位：市政府办公室、市公安局）\n"
    assert records(text) == [("市政府办公室", "must", True), ("市公安局", "must", True)], "baotou 2022"
    doc = parse_structure(load(realdocs_dir / "baotou_2022_shuzi_zhengfu_jianshe_kaoping_banfa_pkulaw.txt"))
    tagged = [f for f in extract_responsibilities(doc) if f.fields.get("tag")]
    assert len(tagged) >= 40 and all(f.fields["lead"] is True for f in tagged)


@pytest.mark.parametrize("text, expected, source", [
    ("公安、市场监管、城管执法等部门积极配合监控视频接入。",
     [("公安部门", "must", False), ("市场监管部门", "must", False), ("城管执法部门", "must", False)],
     "baotou 2022 item 64: 积极 before 配合"),
    ("市和区、县人力资源和社会保障行政部门具体负责本行政区域内就业援助工作的组织实施和检查。",
     [("市人力资源和社会保障行政部门", "must", None), ("区人力资源和社会保障行政部门", "must", None),
      ("县人力资源和社会保障行政部门", "must", None)], "beijing_jiuye_yuanzhu_guiding 第四条"),
    ("市、区审计、工会、妇联等单位按照各自职责主动配合，密切协作。",
     [("市、区审计", "must", False), ("市、区工会", "must", False), ("市、区妇联", "must", False)],
     "按照各自职责主动 before 配合"),
])
def test_adverbs_may_stand_between_actor_and_duty_verb(text, expected, source):
    assert records(text) == expected, source


@pytest.mark.parametrize("text, expected, source", [
    ("第八条 区民政部门审核认定不符合条件，或者申请材料不全的，应当书面告知申请人并说明理由。",
     [("区民政部门", "should", None)], "a condition over two clauses keeps the body that opens it"),
    ("参保人员有医疗护理需求，经评估符合条件的，可按规定享受长护险待遇。", [],
     "gz_changqi_huli: a beneficiary's condition is no duty"),
    ("（十三）明确部门组织协调责任。", [], "a heading: 明确 is a verb, not part of a name"),
])
def test_condition_and_verb_boundaries_of_actors(text, expected, source):
    assert records(text) == expected, source


def test_decision_condition_keeps_the_article_actor():
    text = ("第九条 区民政部门应当在收到材料之日起3个工作日内作出审批决定。"
            "批准给予救助的，应当同时确定救助金额；不予批准的，应当书面说明理由。\n")
    assert records(text) == [("区民政部门", "should", None)] * 3, "regulation articles (实施细则)"


@pytest.mark.parametrize("text, expected, source", [
    ("分类推进城乡供水一体化，有条件的地方可推行农村供水县域统管和专业化管护。",
     [("有条件的地方", "may", None)], "2026 一号文件: qualifier kept, as in 有条件的地市"),
    ("其他有关部门和单位要立足职能职责，积极出台政策措施。",
     [("其他有关部门", "must", None), ("其他有关单位", "must", None)], "其他 is no anaphoric 其"),
])
def test_qualified_and_other_classes_are_actors(text, expected, source):
    assert records(text) == expected, source


@pytest.mark.parametrize("text, source", [
    ("超出服务方案和资助标准的费用由资助对象自行支付。", "gz_jujia 第二十八条: a person pays"),
    ("将就业见习补贴范围由离校未就业高校毕业生扩展至失业青年。", "a widened scope, not 由 + actor"),
])
def test_private_person_after_by_is_no_actor(text, source):
    assert records(text) == [], source


@pytest.mark.parametrize("text, expected, source", [
    ("失业人员可通过广东省人力资源和社会保障厅网上服务平台申请停发失业保险金。", [],
     "gz_shiye_baoxian FAQ: an entitlement"),
    ("第二十四条 具有本市户籍且符合以下情形之一的服务对象可申请服务资助：", [], "gz_jujia 第二十四条"),
    ("第十一条 就业困难人员有权向公共就业服务机构了解有关就业援助的政策。",
     [("就业困难人员", "may", None)], "beijing_jiuye 第十一条: a right still counts"),
])
def test_beneficiary_permission_is_no_responsibility(text, expected, source):
    assert records(text) == expected, source


ARTICLES = "第一条 总则。\n第二条 总则。\n{}\n第九条 附则。\n"


@pytest.mark.parametrize("article, expected, source", [
    ("第十条 享受长护险待遇的人员应符合以下条件：", [],
     "gz_changqi 第十条: 应符合以下条件 says who qualifies"),
    ("第十一条 市医疗保障行政部门主管本市长护险工作。正常享受医保待遇且按规定参加长护险并足额缴费的参保人员，"
     "在长护险评估结果有效期内，可在本市行政区域内享受相应的长护险待遇。",
     [("市医疗保障行政部门", "must", None)], "gz_changqi 第七条: 可…享受 grants a benefit, no duty"),
    ("第十六条 市医疗保障行政部门应当加强监督。居家护理生活照料服务分为三类：",
     [("市医疗保障行政部门", "should", None)], "gz_changqi: a classification continues no duty"),
    ("第十七条 享受长护险3级待遇的长期失能人员由定点护理机构每日派护理人员上门提供生活照料服务。",
     [("定点护理机构", "must", None)], "gz_changqi: the name ends before 每日"),
    ("第十八条 享受长护险2级待遇的长期失能人员由定点护理机构派专职护理人员上门提供生活照料服务。",
     [("定点护理机构", "must", None)], "gz_changqi: the name ends before 派"),
    ("第二十六条 长护险基金实行分账核算，任何部门、单位、个人均不得挤占、挪用。"
     "不足部分先从累计结余中支出，没有累计结余时，由城乡居民医保基金承担。",
     [("任何部门、单位、个人", "prohibited", None)], "gz_changqi 第二十六条: a ban on all is not carried"),
])
def test_regulation_entitlements_eligibility_and_bans_are_read_as_such(article, expected, source):
    assert records(ARTICLES.format(article)) == expected, source


def test_body_after_dui_is_the_object_not_the_actor():
    text = "医保经办机构负责核查。对涉及的第三方机构应当按照合同追究其违约责任。"
    assert ("第三方机构", "should", None) not in records(text), "gz_changqi 第二十四条"


@pytest.mark.parametrize("text, expected, source", [
    ("失业人员自领取失业保险金次月起，须每月进行失业保险金资格核对。", [("失业人员", "must", None)],
     "gz_shiye FAQ: a time phrase after the subject (自领取…起)"),
    ("需核定视同缴费年限的退役军人，应提供人事档案或退役证明；",
     [("需核定视同缴费年限的退役军人", "should", None)], "gz_shiye FAQ: 军人 ends a name of people"),
    ("失能评估为其他情形的，由申请人按100%的比例支付。", [], "gz_changqi: a payer owes no duty"),
    ("失业人员在领取失业保险金期间死亡的，遗属应当在六个月内申请。", [("遗属", "should", None)],
     "gz_shiye FAQ: 遗属 is a whole-word actor"),
])
def test_people_with_duties_and_payers_without(text, expected, source):
    assert records(text, kind="news") == expected, source


@pytest.mark.parametrize("text, expected, source", [
    ("不允许城镇居民到农村购买农房、宅基地，不允许退休干部到农村占地建房。",
     [("城镇居民", "prohibited", None), ("退休干部", "prohibited", None)], "2025 中央一号文件"),
    ("严禁党政机关违规举债。", [("党政机关", "prohibited", None)], "constructed on the same form"),
    ("严禁挪用扶贫资金。", [], "a ban with no party named binds nobody in particular"),
])
def test_bans_written_before_their_party(text, expected, source):
    assert records(text) == expected, source


@pytest.mark.parametrize("text, expected, source", [
    ("镇人民政府应按规定建立备用金制度，区民政部门应对辖区内各镇人民政府加强监督指导。",
     [("镇人民政府", "should", None), ("区民政部门", "should", None)], "gz_linshi: 应 + 对"),
    ("各地要积极应对人口老龄化。", [("各地", "must", None)], "应对 = cope with: no second duty"),
    ("全国各地均需要应对“保增长”和“转方式，调结构”双重压力。", [], "nanning plan: 需要应对 copes"),
])
def test_ying_dui_is_a_modal_only_before_an_object_of_duty(text, expected, source):
    assert records(text) == expected, source


@pytest.mark.parametrize("text, expected, source", [
    ("答：目前，我市通过公开遴选确定工商银行广州分行、广州银行等9家银行成为合作机构，负责受理和发放创业担保贷款。",
     [("工商银行广州分行", "must", None), ("广州银行", "must", None)], "gz 创业担保贷款问答"),
    ("确定2—4所重点高中作为足球联办学校，建立青少年足球苗子流动机制。", [], "hangzhou: no duty verb"),
    ("村民会议、村民代表会议和村民有权对本村扶贫开发进行监督。",
     [("村民会议", "may", None), ("村民代表会议", "may", None), ("村民", "may", None)], "henan 第六十二条"),
])
def test_designated_units_and_villagers(text, expected, source):
    assert records(text, kind="news") == expected, source
