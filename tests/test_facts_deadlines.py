"""Deadline extraction on real sentences from the samples and the real documents."""
from __future__ import annotations

import pytest

from extractors.facts.deadlines import cues, extract_deadlines, parse_cues, sentence_bounds
from extractors.loaders import load
from extractors.structure import parse_structure
from schema.errors import PatternFileError
from schema.records import Document, Part


def make_doc(text: str, issued: str | None = "2022-09-06", title: str = "") -> Document:
    """A one-part document around a sentence, issued on a given date."""
    part = Part(index=0, start=0, end=len(text), title=title, issued_date=issued)
    return Document(source="t.txt", path="t.txt", sha256="", format="text", encoding="utf-8",
                    text=text, parts=[part])


POSITIVE = [
    # (source, sentence, due_date, within_days, relative_to, responsible)
    ("corpus/000", "对有培训需求的脱贫劳动力，由其所在的乡镇劳动保障"
                   "所在受理需求后 15 日内组织其参加相关培训。",
     None, 15, "受理需求后", "乡镇劳动保障所"),
    ("gz_jujia", "每年2月底前，镇人民政府、街道办事处应当完成上年度服务资助资金的清算工作，"
                 "报区民政部门审核。",
     "2023-02-28", None, None, "镇人民政府、街道办事处"),
    ("gz_jujia", "镇人民政府、街道办事处应在5个工作日内完成初核并提交区养老服务指导单位核实。",
     None, 5, None, "镇人民政府、街道办事处"),
    ("gz_jujia", "由区养老服务指导单位会同镇人民政府、街道办事处自收到复"
                 "核申请之日起15个工作日采取入户调查等方式组织复核。",
     None, 15, "收到复核申请之日起", "区养老服务指导单位会同镇人民政府、街道办事处"),
    ("gz_jujia", "申请医养结合补贴的居家社区养老服务组织，"
                 "应当于每年3月份通过信息管理平台向住所地区民政部门提交申请；",
     "2023-03-31", None, None, "居家社区养老服务组织"),
    ("gz_jujia", "市民政部门应当在区民政部门核实同意后的1个月内完成核实。",
     None, 30, "区民政部门核实同意后", "市民政部门"),
    ("gd 扶持政策清单", "补贴对象应于首次签订劳动合同之日起2年内向所在地人力资源社会保障部门提出补贴申请。",
     None, 730, "首次签订劳动合同之日起", "补贴对象"),
    ("gd 扶持政策清单", "首次补贴申请应于办理就业登记之日起1年内，向参保地人力资源社会保障部门提出。",
     None, 365, "办理就业登记之日起", None),
    ("henan 扶贫开发条例", "第四十六条 扶贫项目获准立项后，"
                     "县、乡人民政府应当在十日内通过当地主要媒体公开项目相关信息。",
     None, 10, "扶贫项目获准立项后", "县、乡人民政府"),
    ("henan 扶贫开发条例", "项目实施单位应当按照有关规定开工建设，并在开工建设后十日内设立公示牌。",
     None, 10, "开工建设后", "项目实施单位"),
    ("govcn 国发〔2018〕39号", "各省、自治区、直辖市人民政府要在本意见印发之日起30日内，"
                          "制定出台具体实施办法。",
     None, 30, "本意见印发之日起", "各省、自治区、直辖市人民政府"),
    ("gz_linshi 临时救助细则", "镇人民政府（街道办事处）在受理之日起3个工作日内，"
                         "根据入户调查等情况提出审核意见。",
     None, 3, "受理之日起", "镇人民政府（街道办事处）"),
    ("hainan 农机购置补贴", "财政部门于15个工作日内通过国库集中支付方式向符合要求的购机者兑付资金。",
     None, 15, None, "财政部门"),
]


@pytest.mark.parametrize("source, sentence, due_date, within_days, relative_to, responsible", POSITIVE)
def test_extract_deadlines_reads_real_sentences(source, sentence, due_date, within_days, relative_to,
                                                responsible):
    facts = extract_deadlines(make_doc(sentence))
    assert len(facts) == 1, source
    fields = facts[0].fields
    assert (fields["due_date"], fields["within_days"]) == (due_date, within_days)
    assert fields["relative_to"] == relative_to
    assert fields["responsible"] == responsible
    assert facts[0].evidence in sentence and len(facts[0].evidence) <= 200


NEGATIVE = [
    # (source, sentence): vague urgency, validity, eligibility windows, look-backs, benefit periods
    ("corpus/003", "要准确及时掌握防止返贫监测对象就业失业状态，尽快兑现补贴。"),
    ("vague", "对逾期未整改的，责令限期改正。"),
    ("validity", "本办法自2022年10月1日起施行，有效期至2027年9月30日。"),
    ("validity", "本通知自印发之日起施行，2019年1月1日至12月31日执行。"),
    ("gd 扶持政策清单", "小微企业招用毕业2年内高校毕业生，与其签订1年以上劳动合同的，给予社会保险补贴。"),
    ("gd 扶持政策清单", "企业和社会组织于2026年招用毕业年度、离校2年内未就业高校毕业生，"
                  "给予一次性扩岗补助。"),
    ("gz_linshi 临时救助细则", "申请支出型临时救助的事由应发生在申请日前12个月内。"),
    ("gz_jiuye_jianxi 见习基地办法", "财政不给予支付补贴，两年内不予认定为就业见习基地。"),
    ("gz_jujia", "（三）近3年内无重大违法、犯罪记录，未被列入失信名单。"),
    ("sh 医疗器械行动方案", "将第二类医疗器械审评平均时限压缩至40个工作日以内。"),
    ("gz_chuangye 担保贷款问答", "所创办的创业主体注册登记时间在3年内。"),
    ("sichuan 创业带动就业", "自办理个体工商户登记当月起，在3年内按每户每年24"
                       "000元为限额依次扣减其当年实际应缴纳的税费。"),
    ("hangzhou 若干政策", "其孵化的企业在孵期间或毕业后1年内通过高新技术企业认定的，给予奖励。"),
    ("gz_changqi 长护险办法", "可按规定享受1～3个月的长护险待遇，一个年度内享受待遇次数不超过2次。"),
    ("gz_yuexiu 创业补贴", "（2）获奖之日起两年内（含参赛期间）在广州地区领取营业执照。"),
    ("report", "截至2023年底，全市累计发放补贴3.35亿元。"),
    ("report", "年底前已完成全部改造任务。"),
    ("report", "9月底前，全省各地已累计完成培训12万人次。"),
    ("event", "广州市人民政府办公厅于2022年9月6日印发本办法。"),
]


@pytest.mark.parametrize("source, sentence", NEGATIVE)
def test_extract_deadlines_skips_non_deadlines(source, sentence):
    assert extract_deadlines(make_doc(sentence)) == [], source


def test_extract_deadlines_gives_two_limits_in_one_sentence():
    # source: gd 扶持政策清单: the first claim within 3 years, the last within 4
    sentence = ("首次补贴申请应于相关创业主体登记注册之日起3年内提出，"
                "最后一次申请时间不得超过登记注册之日起4年。")
    facts = extract_deadlines(make_doc(sentence))
    assert [f.fields["within_days"] for f in facts] == [1095, 1460]
    assert facts[1].fields["relative_to"] == "登记注册之日起"


def test_extract_deadlines_carries_actor_over_from_paragraph():
    # source: corpus/003: a subject-less clause belongs to the actor of the paragraph
    text = ("各地要加大工作力度，明确责任分工。继续深化省际劳务协作。"
            "年底前，要全额发放吸纳脱贫人口跨省就业补助资金，切实发挥政策效应。")
    facts = extract_deadlines(make_doc(text, issued="2023-10-27"))
    assert len(facts) == 1
    assert facts[0].fields["due_date"] == "2023-12-31"
    assert facts[0].fields["responsible"] == "各地"
    assert facts[0].evidence.startswith("年底前")


def test_extract_deadlines_uses_date_line_when_issue_date_missing():
    text = "关于印发办法的通知\n广州市人民政府办公厅\n2022年9月6日\n每年3月底前，区民政部门应当完成清算工作。"
    facts = extract_deadlines(make_doc(text, issued=None))
    assert facts[0].fields["due_date"] == "2023-03-31"
    assert facts[0].fields["recurring"] == "每年3月底前"


def test_extract_deadlines_task_drops_vague_adverbs():
    facts = extract_deadlines(make_doc("区民政部门应当在受理申请后1个月内及时完成实地核实。"))
    assert facts[0].fields["task"] == "完成实地核实"


def test_extract_deadlines_cuts_long_sentences_to_200_characters():
    filler = "，".join(["统筹推进各项工作"] * 30)
    text = f"{filler}，区民政部门应当在受理申请后1个月内完成实地核实，{filler}。"
    fact = extract_deadlines(make_doc(text))[0]
    assert len(fact.evidence) <= 200
    assert "受理申请后1个月内" in fact.evidence
    assert text[fact.start:fact.end] == fact.evidence


def test_sentence_bounds_keep_wrapped_pdf_lines_together():
    text = "由其所在的乡镇劳动保障所在受理需求后 15 日内组织\n其参加相关培训。\n\n二、下一段"
    bounds = sentence_bounds(text)
    assert bounds[0] == text.index("。") + 1


def test_parse_cues_names_file_and_line_of_a_bad_row():
    with pytest.raises(PatternFileError, match="line 2"):
        parse_cues("lead\t在\nunknown_kind\t词\n", "deadline_cues.tsv")


def test_cues_load_every_kind():
    table = cues()
    assert "及时" in table["vague"] and "有效期" in table["validity"] and "毕业" in table["before_skip"]


def test_extract_deadlines_on_real_regulation(realdocs_dir):
    # source: gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html (穗府办规〔2022〕13号, 2022-09-06)
    doc = parse_structure(load(realdocs_dir / "gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html"))
    facts = extract_deadlines(doc)
    dues = sorted(f.fields["due_date"] for f in facts if f.fields["due_date"])
    days = sorted(f.fields["within_days"] for f in facts if f.fields["within_days"])
    assert dues == ["2023-02-28", "2023-03-31", "2023-03-31", "2023-03-31", "2023-03-31", "2023-04-30"]
    assert days == [5, 5, 15, 30, 30]
    assert all(doc.text[f.start:f.end] == f.evidence for f in facts)


@pytest.mark.parametrize("name", ["sxyz_meizhouyixue_2024_zhengfu_gongzuo_baogao.html",
                                  "gz_tianhe_gangao_qingnian_chuangxin_chuangye_banfa_2023.html"])
def test_extract_deadlines_finds_none_in_documents_without_deadlines(realdocs_dir, name):
    # a government work report full of years and 以上/以内 figures, and a subsidy policy
    doc = parse_structure(load(realdocs_dir / name))
    assert extract_deadlines(doc) == []


def test_extract_deadlines_on_sample_notice(corpus_dir):
    doc = parse_structure(load(corpus_dir / "003_ae85de4f483fdaf6.txt"))
    facts = extract_deadlines(doc)
    assert [(f.fields["due_date"], f.fields["responsible"]) for f in facts] == [("2023-12-31", "各地")]


@pytest.mark.parametrize("sentence, due_date", [
    ("请各地于2023年6月30日前将工作总结报送省人力资源社会保障厅。", "2023-06-30"),
    ("项目申报截止日期为2023年5月31日。", "2023-05-31"),
    ("各单位须于每月10日前报送上月数据。", "2022-09-10"),
    ("各地要在第三季度末完成摸底排查。", "2022-09-30"),
])
def test_extract_deadlines_reads_common_notice_phrasings(sentence, due_date):
    facts = extract_deadlines(make_doc(sentence))
    assert [f.fields["due_date"] for f in facts] == [due_date]


def test_extract_deadlines_ignores_unnamed_month():
    # source: gz 失业保险常见问题: 次月15日前 names no month of its own
    assert extract_deadlines(make_doc("并于审批通过后的次月15日前统一发放。")) == []


def test_extract_deadlines_names_actor_after_please():
    facts = extract_deadlines(make_doc("请各地于2023年6月30日前将工作总结报送省人力资源社会保障厅。"))
    assert facts[0].fields["responsible"] == "各地"


def test_extract_deadlines_skips_processing_time_ranges():
    # source: sxyz 2023 政府工作报告: a reported processing time, not a time limit
    sentence = "企业开办时间从一个月以上压缩到目前的平均4个工作日以内，实行中小微企业简易注销制度。"
    assert extract_deadlines(make_doc(sentence)) == []


@pytest.mark.parametrize("sentence, due_date, within_days", [
    ("补贴资金原则上于次年3月底前拨付到位。", "2023-03-31", None),
    ("各地要在今年年底前全面完成排查。", "2022-12-31", None),
    ("用人单位应当自用工之日起30日内为其职工申请办理社会保险登记。", None, 30),
    ("审核部门应于受理后7个自然日内办结。", None, 7),
    ("完成时限：2023年6月30日。", "2023-06-30", None),
])
def test_extract_deadlines_reads_relative_years_and_labels(sentence, due_date, within_days):
    facts = extract_deadlines(make_doc(sentence))
    assert [(f.fields["due_date"], f.fields["within_days"]) for f in facts] == [(due_date, within_days)]


def test_extract_deadlines_skips_dates_long_past():
    # a 2022 notice recalling what was done by the end of 2018 reports, it sets no deadline
    assert extract_deadlines(make_doc("2018年底前，全市完成了全部改造任务。")) == []


def test_extract_deadlines_task_takes_object_named_before_limit():
    # source: gd 扶持政策清单
    facts = extract_deadlines(make_doc("首次补贴申请应于相关创业主体登记注册之日起3年内提出。"))
    assert facts[0].fields["task"] == "提出首次补贴申请"


@pytest.mark.parametrize("sentence, due_date, responsible", [
    ("市发展改革委牵头，2023年底前出台实施细则。", "2023-12-31", "市发展改革委"),
    ("2024年6月底前，各县（市、区）要全面完成摸底排查工作。", "2024-06-30", "各县（市、区）"),
    ("企业应在每年1月31日前完成上一年度年报公示。", "2024-01-31", "企业"),
    # constructed in the shape of a 若干措施 item: 2025年前 is the end of 2025
    ("市体育局牵头，2025年前完成全民健身中心建设。", "2025-12-31", "市体育局"),
])
def test_extract_deadlines_reads_plan_items(sentence, due_date, responsible):
    facts = extract_deadlines(make_doc(sentence, issued="2023-03-01"))
    assert [(f.fields["due_date"], f.fields["responsible"]) for f in facts] == [(due_date, responsible)]


@pytest.mark.parametrize("sentence, within_days, relative_to, task", [
    ("审批通过的，应尽快拨付资金，原则上不得超过20个工作日（自审批通过之日起计算）。",
     20, "审批通过之日起", "拨付资金"),
    ("区民政部门应及时办结，最长不超过1个月（从受理之日起算）。", 30, "受理之日起", "办结"),
])
def test_extract_deadlines_reads_capped_limit_with_bracketed_event(sentence, within_days, relative_to,
                                                                   task):
    """公文 note the starting event of a capped limit in brackets after it (…自…之日起计算)."""
    facts = extract_deadlines(make_doc(sentence))
    assert len(facts) == 1
    fields = facts[0].fields
    assert (fields["within_days"], fields["relative_to"], fields["task"]) == (within_days, relative_to, task)


def test_extract_deadlines_skips_capped_duration_without_event():
    """A cap on a duration with no event to count from is no deadline (培训时间不得超过30天)."""
    assert extract_deadlines(make_doc("每期培训时间原则上不得超过30天。")) == []


def test_extract_deadlines_gives_fronted_condition_the_paragraph_actor():
    """A 的-condition with no actor (不予批准的，应当在…内…) continues the actor of the sentence before."""
    text = ("区民政部门应当自收到材料之日起5个工作日内作出审批决定。"
            "不予批准的，应当在3个工作日内书面告知申请人。")
    facts = extract_deadlines(make_doc(text))
    assert [(f.fields["within_days"], f.fields["responsible"]) for f in facts] == [
        (5, "区民政部门"), (3, "区民政部门")]


def test_extract_deadlines_task_skips_note_on_the_count():
    """hainan_…_fangan.pdf: 应于13个工作日内（不含公示时间）完成… — the note qualifies the count."""
    sentence = "农业农村部门对符合条件可以受理的，应于13个工作日内（不含公示时间）完成相关核验工作。"
    facts = extract_deadlines(make_doc(sentence))
    assert facts[0].fields["task"] == "完成相关核验工作"


def test_extract_deadlines_drops_own_place_before_actor():
    """本市/本省 point at the issuer's own place and are no part of the actor's name."""
    facts = extract_deadlines(make_doc("本省各级人力资源社会保障部门应当自受理之日起10个工作日内完成审核。"))
    assert facts[0].fields["responsible"] == "各级人力资源社会保障部门"


@pytest.mark.parametrize("sentence, within_days, task, responsible", [
    ("审批时限不超过15个工作日。", 15, "审批", None),
    ("区人社局审核时间原则上不得超过5个工作日。", 5, "审核", "区人社局"),
])
def test_extract_deadlines_reads_capped_processing_time(sentence, within_days, task, responsible):
    """公文 bound a procedure by naming its time (审批时限不超过N个工作日): a limit on that action."""
    fields = extract_deadlines(make_doc(sentence))[0].fields
    assert (fields["within_days"], fields["task"], fields["responsible"]) == (within_days, task, responsible)


@pytest.mark.parametrize("sentence", ["贷款期限不超过3年。", "补贴期限最长不超过6个月。"])
def test_extract_deadlines_skips_benefit_terms(sentence):
    """A loan or benefit term is how long a benefit lasts, not a time limit on an action."""
    assert extract_deadlines(make_doc(sentence)) == []


def test_extract_deadlines_year_before_in_a_report_is_no_deadline():
    # a year long past (2018年前) recalls what was done; 前后 is "around", no limit
    assert extract_deadlines(make_doc("2015年前完成了全部改造任务。", issued="2023-03-01")) == []
    assert extract_deadlines(make_doc("预计2030年前后达到峰值。", issued="2023-03-01")) == []


@pytest.mark.parametrize("text, responsible", [
    # constructed in the shape of a 若干措施 item closed by its unit tag (列第一位的为牵头单位)
    ("（九）加快基地建设。\n对标国家标准，2026年前完成训练基地建设。[市体育局、市教育局，各区、县（市）政府]\n",
     "市体育局"),
    ("（三）完善场地。\n2026年6月底前完成改造。（责任单位：市住房城乡建设局、市财政局）\n",
     "市住房城乡建设局"),
    # a parenthesis that names no unit gives none
    ("（三）完善场地。\n2026年6月底前完成改造（含附属设施）\n", None),
])
def test_extract_deadlines_item_tag_names_who_must_act(text, responsible):
    facts = extract_deadlines(make_doc(text, issued="2025-03-01"))
    assert [f.fields["responsible"] for f in facts] == [responsible]


@pytest.mark.parametrize("sentence, within_days, source", [
    ("区民政部门应当在24小时内完成审核。", 1, "constructed on the 临时救助 急难 form: hours in whole days"),
    ("接到报告后48小时内上报。", 2, "constructed"),
    ("乡镇人民政府应在半年内完成整改。", 180, "constructed: 半年 = 6个月"),
])
def test_extract_deadlines_reads_hours_and_half_years(sentence, within_days, source):
    assert [f.fields["within_days"] for f in extract_deadlines(make_doc(sentence))] == [within_days], source


@pytest.mark.parametrize("sentence", ["应在12小时内报告。", "实行7×24小时服务。",
                                      "毕业半年内的高校毕业生可申请。"])
def test_extract_deadlines_skips_part_days_service_hours_and_windows(sentence):
    assert extract_deadlines(make_doc(sentence)) == []


@pytest.mark.parametrize("item, due_date, responsible, source", [
    ("6.持续梳理政务服务事项，全部纳入一体化平台。（5月底完成，牵头考核单位：市审批服务局）\n",
     "2022-05-31", "市审批服务局", "baotou 考评办法: a month limit opening the item's unit tag"),
    ("3.推进政务服务一网通办。（6月底取得阶段性成效并持续推进，牵头考核单位：市政府办公室、市公安局）\n",
     "2022-06-30", "市政府办公室、市公安局", "baotou: a milestone is due too"),
    ("9.完善公共文化服务平台。（12月取得明显成效，牵头考核单位：市文旅局）\n",
     "2022-12-31", "市文旅局", "baotou: a bare month opening the tag is its last day"),
    ("年底建成10个示范点。", "2022-12-31", None, "constructed: a date opening its clause, then 建成"),
])
def test_extract_deadlines_reads_dates_followed_by_completion(item, due_date, responsible, source):
    facts = extract_deadlines(make_doc(item, issued="2022-04-14"))
    got = [(f.fields["due_date"], f.fields["responsible"]) for f in facts]
    assert got == [(due_date, responsible)], source


@pytest.mark.parametrize("sentence", ["6月底完成了全部改造任务。", "（持续推进，牵头考核单位：市税务局）",
                                      "6月印发实施方案。"])
def test_extract_deadlines_skips_done_results_and_bare_months(sentence):
    assert extract_deadlines(make_doc(sentence, issued="2022-04-14")) == []


def test_extract_deadlines_keeps_two_equal_tags_of_different_items():
    text = ("41.建成财政项目平台。（1分）（6月底完成，牵头考核单位：市财政局）\n"
            "42.建成国有资产平台。（1分）（6月底完成，牵头考核单位：市财政局）\n")
    assert len(extract_deadlines(make_doc(text, issued="2022-04-14"))) == 2
