"""Subsidy standards: amounts, per-unit forms, caps, tiers, raises, and what is not a subsidy."""
from __future__ import annotations

import pytest

from extractors.facts import subsidies
from extractors.facts.subsidies import (
    clause_subsidies,
    distribute,
    extract_subsidies,
    flatten,
    lexicon,
    split_beneficiaries,
    split_clauses,
)
from extractors.facts.subsidy_recipients import defined_recipient, recipient_in_name
from schema.errors import PatternFileError
from schema.records import Document, Part


def amounts(sentence: str) -> list[tuple[float, str, float | None]]:
    """(amount, unit, previous_amount) of the amount-bearing records of one clause."""
    return [(r["amount"], r["unit"], r["previous_amount"])
            for r in clause_subsidies(sentence, lexicon()) if r["amount"] is not None]


def make_doc(text: str, source: str = "t.txt") -> Document:
    return Document(source=source, path=source, sha256="", format="text", encoding="utf-8", text=text,
                    parts=[Part(index=0, start=0, end=len(text))])


# (source, sentence, expected amount records)
AMOUNT_CASES = [
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "按每招用1人不超过1500元的标准给予补助", [(1500, "元/人", None)]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "招用3人以下的按每人2000元给予补贴；", [(2000, "元/人", None)]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "毕业2年内高校毕业生，以灵活就业人员身份参加企业职工养老保险的，"
     "按每人每月300元标准给予补贴",
     [(300, "元/人/月", None)]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "生活补贴每人每月3600元，每人每年1000元的交通补贴。",
     [(3600, "元/人/月", None), (1000, "元/人/年", None)]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "补贴标准为：珠三角地区每年最高6000元，其他地区每年最高4000元。",
     [(6000, "元/年", None), (4000, "元/年", None)]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "个人创业担保贷款额度最高30万元，贷款期限不超过3年", [(300000, "元", None)]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "财政部门对符合条件的贷款按实际利率的50%给予财政贴息。", [(50, "%", None)]),
    ("gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html",
     "区级社区养老服务设施服务评估为优秀、良好、合格等级的，每年每个分别给予40万元、30万元、20万元服务奖励",
     [(400000, "元/年", None), (300000, "元/年", None), (200000, "元/年", None)]),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "竞争类重点科研项目市本级按不超过实际投入额的20%，给予最高300万元补助。", [(3000000, "元", None)]),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "对购买科技保险产品的企业给予最高50%的保费补贴，单个企业最高可补贴50万元。", [(500000, "元", None)]),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "单个企业资助上限由200万元提高至500万元。", [(5000000, "元", 2000000)]),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "继续实施国标标准集装箱运输车辆通行费六五折优惠", [(65, "%", None)]),
    ("sxyz_meizhouyixue_2024_zhengfu_gongzuo_baogao.html",
     "城乡居民基础养老金月最低标准提高20元", [(20, "元/人/月", None)]),
    ("000_4983a58432236fc3.txt",
     "将奖补标准由车间1000元/人、基地2000元/人均提高至4000元/人",
     [(4000, "元/人", 1000), (4000, "元/人", 2000)]),
    # General 公文 forms named in GUIDELINES.md (tiers, ranges, caps after the ratio, per-unit nouns).
    ("GUIDELINES tiers", "对获奖项目给予奖励，其中一等奖10万元、二等奖5万元、三等奖3万元。",
     [(100000, "元", None), (50000, "元", None), (30000, "元", None)]),
    ("GUIDELINES range", "给予3—10万元的一次性补助。", [(100000, "元", None)]),
    ("GUIDELINES cap", "按投入的20%给予补助，50万元封顶。", [(500000, "元", None)]),
    ("agricultural subsidy form", "补贴标准为每亩200元。", [(200, "元/亩", None)]),
    ("pension notice form", "将城乡居民基础养老金最低标准由每人每月150元提高到每人每月170元。",
     [(170, "元/人/月", 150)]),
    # A cumulative cap is a cap (累计 does not mean money already paid when a cap word follows it).
    ("sh_changsanjiao_g60_kechuang_zoulang_ruogan_cuoshi.md",
     "按照规定给予累计不超过2000万元的经费支持。", [(20000000, "元", None)]),
    ("hainan_2024-2026_nongji_gouzhi_butie_shishi_fangan.pdf",
     "可列入省级和市县（区）财政安排资金的补贴范围，补贴额测算比例不得超过35%", [(35, "%", None)]),
    # A loan range offered free of interest, at its upper end; a per-household per-year ceiling.
    ("GUIDELINES range of a subsidised loan", "对符合条件的创业青年，提供5—20万元免息创业贷款。",
     [(200000, "元", None)]),
    ("range written with both units (公文 form)", "给予1万元至3万元的一次性奖励。", [(30000, "元", None)]),
    ("per-household per-month standard", "补贴标准为每户每月200元。", [(200, "元/户/月", None)]),
    ("per-bed standard (养老床位 form)", "每新增1张护理型床位给予5000元建设补贴。", [(5000, "元/张", None)]),
    ("rate stated in the chunk before (每吸纳1名…，给予…)",
     "企业每吸纳1名脱贫人口就业，给予1000元一次性奖补。", [(1000, "元/人", None)]),
    ("tax relief form (财税 个体经营 wording)",
     "在3年内按每户每年20000元为限额依次扣减其当年实际应缴纳的增值税", [(20000, "元/户/年", None)]),
    ("gz_changqi: the next group of a list of rates at one per-unit (no benefit word of its own)",
     "（一）机构护理发生的生活照料费用纳入支付范围的费用限额标准为职工参保人员每人每天120元，居民参保人员每人每天60元；",
     [(120, "元/人/日", None), (60, "元/人/日", None)]),
    ("gz_changqi: 1,000元 is one number, its comma no clause break",
     "基金最高支付限额为职工参保人员每人每月1,000元、居民参保人员每人每月500元，其中护理耗材费另计。",
     [(1000, "元/人/月", None), (500, "元/人/月", None)]),
    ("gz_changqi: 每人每次 reads like 每人每月", "失能评估费用纳入支付范围的费用标准为每人每次200元。",
     [(200, "元/人/次", None)]),
    ("gz_yuexiu: the label before the colon names the amount", "补贴标准：10000元。", [(10000, "元", None)]),
    ("gz_yuexiu: every tier of a prize list", "补贴标准：一等奖20万元，二等奖15万元，优胜奖5万元。",
     [(200_000, "元", None), (150_000, "元", None), (50_000, "元", None)]),
    ("gz_yuexiu: per year of tenancy", "补贴标准：每连续租满1年补贴6000元。", [(6000, "元/年", None)]),
    ("sh_zhichi: per firm per year is 元/年 (dev gold: 每年每个)", "每家企业每年最高补助100万元。",
     [(1_000_000, "元/年", None)]),
]


@pytest.mark.parametrize("source,sentence,expected", AMOUNT_CASES)
def test_clause_subsidies_reads_amount_unit_previous(source, sentence, expected):
    assert amounts(sentence) == expected, source


# Numbers that are not subsidy standards: paid-out money, fines, thresholds, budgets, floors.
NEGATIVE_CASES = [
    ("000_4983a58432236fc3.txt", "截至三季度，脱贫群众享受就业创业补贴3.6亿元，较上年增长9%。"),
    ("000_4983a58432236fc3.txt", "向2027名脱贫劳动力发放创业担保贷款3.32亿元。"),
    ("000_4983a58432236fc3.txt", "2022年累计发放脱贫人口务工奖补25.65万人次3.35亿元。"),
    ("general news report", "今年以来向1200名返乡创业人员发放创业担保贷款8600万元。"),
    ("general news report", "为236家企业兑付稳岗补贴资金560万元。"),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "对新引进的年研发投入额达1000万元的企业研发总部给予奖励"),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "其中，养老服务补助、就业创业补助资金9.8亿元。"),
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "开展种业成果奖励，确保全市水稻主导品种覆盖率达70%以上。"),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "每月按不低于当地最低工资80%的标准对见习人员支付工作补贴的，可按规定享受就业见习补贴。"),
    ("gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html",
     "家庭成员人均月收入低于本市最低生活保障标准的2.5倍的老年人"),
    ("general 公文 penalty clause", "骗取补贴资金的，责令退回，并处骗取金额2倍的罚款，最高不超过5万元。"),
    ("formula form (按…%的标准确定)", "返还标准可按3个月的企业及其职工应缴纳社会保险费50%的标准确定。"),
]


@pytest.mark.parametrize("source,sentence", NEGATIVE_CASES)
def test_clause_subsidies_rejects_non_standards(source, sentence):
    assert amounts(sentence) == [], source


def test_clause_subsidies_one_record_per_tiered_recipient():
    """hangzhou_…_2024.pdf: one amount 分别 given to two award winners is two records."""
    records = clause_subsidies("对获得iF金奖、红点至尊奖的，分别给予10万元奖励；", lexicon())
    assert [(r["beneficiary"], r["amount"]) for r in records if r["amount"]] == [
        ("获得iF金奖", 100000), ("获得红点至尊奖", 100000)]


def test_clause_subsidies_names_benefits_without_amount():
    """004_7dc2baf39b3a8626.txt: a list of benefits gives one amount-less record each."""
    sentence = ("按规定落实好吸纳脱贫人口就业补贴、社会保险补贴、岗位补贴、创业担保贷款及贴息、"
                "交通费补贴等政策。")
    items = [r["item"] for r in clause_subsidies(sentence, lexicon())]
    assert items == ["吸纳脱贫人口就业补贴", "社会保险补贴", "岗位补贴", "创业担保贷款", "贴息", "交通费补贴"]
    assert all(r["amount"] is None for r in clause_subsidies(sentence, lexicon()))


def test_clause_subsidies_expands_raise_labels():
    """000_4983a58432236fc3.txt: 车间/基地 before the old standards stand for the names written before."""
    sentence = ("疫情期间大幅提高就业帮扶车间和基地吸纳脱贫人口补贴标准，"
                "将奖补标准由车间1000元/人、基地2000元/人均提高至4000元/人")
    records = [r for r in clause_subsidies(sentence, lexicon()) if r["amount"]]
    assert [(r["beneficiary"], r["previous_amount"]) for r in records] == [
        ("就业帮扶车间", 1000), ("就业帮扶基地", 2000)]


def test_clause_subsidies_reads_recipient_after_dui():
    """hangzhou_…_2024.pdf: 对X，给予… names X as the beneficiary."""
    records = clause_subsidies("对首次认定的新雏鹰企业，给予最高50万元奖励。", lexicon())
    assert records[0]["beneficiary"] == "首次认定的新雏鹰企业"
    assert records[0]["item"] == "奖励"


def test_clause_subsidies_reads_recipient_label_before_rate():
    """gz_changqi_huli_baoxian_shixing_banfa_2024.html: per-head limits named per insured group."""
    sentence = "费用限额标准为职工参保人员每人每天30元、居民参保人员每人每天15元；"
    records = clause_subsidies(sentence, lexicon())
    assert [(r["beneficiary"], r["amount"], r["unit"]) for r in records if r["amount"]] == [
        ("职工参保人员", 30, "元/人/日"), ("居民参保人员", 15, "元/人/日")]


@pytest.mark.parametrize("names,expected", [
    (["首次认定的国家级专精特新“小巨人”企业", "省隐形冠军企业"],
     ["首次认定的国家级专精特新“小巨人”企业", "首次认定的省隐形冠军企业"]),
    (["年度绩效考核优秀", "良好的众创空间"], ["年度绩效考核优秀的众创空间", "年度绩效考核良好的众创空间"]),
    (["获得iF金奖", "红点至尊奖"], ["获得iF金奖", "获得红点至尊奖"]),
])
def test_distribute_shares_prefix_and_suffix(names, expected):
    """hangzhou_…_2024.pdf: tiers listed as 优秀、良好的众创空间 name each recipient in full."""
    assert distribute(names) == expected


def test_clause_subsidies_pairs_tier_amounts_with_recipients():
    """hangzhou_…_2024.pdf: 分别给予30万元、20万元 to 优秀、良好的众创空间 pairs them in order."""
    sentence = "对年度绩效考核优秀、良好的众创空间，分别给予30万元、20万元运营资助。"
    records = clause_subsidies(sentence, lexicon())
    assert [(r["beneficiary"], r["amount"]) for r in records if r["amount"]] == [
        ("年度绩效考核优秀的众创空间", 300000), ("年度绩效考核良好的众创空间", 200000)]


@pytest.mark.parametrize("who,expected", [
    ("用工单位和务工人员", ["用工单位", "务工人员"]),
    ("通过勤劳致富实现稳定脱贫的贫困人口以及有突出贡献的单位和个人",
     ["通过勤劳致富实现稳定脱贫的贫困人口", "有突出贡献的单位和个人"]),
    ("在贫困地区兴办扶贫开发项目的公民和法人", ["在贫困地区兴办扶贫开发项目的公民和法人"]),
])
def test_split_beneficiaries_splits_joined_recipients(who, expected):
    assert split_beneficiaries(who) == expected


def test_split_clauses_joins_wrapped_lines_and_breaks_at_headings():
    text = "对连续外出务工满6个月的脱\n贫劳动力给予奖补，\n\n累计发放3亿元。\n一、加大支持\n（一）落实补贴"
    clauses = [text[a:b] for a, b in split_clauses(text)]
    assert clauses[0].replace("\n", "") == "对连续外出务工满6个月的脱贫劳动力给予奖补，累计发放3亿元。"
    assert clauses[1:] == ["一、加大支持", "（一）落实补贴"]


def test_flatten_drops_whitespace_and_page_marks():
    text = "给予最高\n— 27 —\n1000 万元补助"
    clause = flatten(text, 0, len(text))
    assert clause.flat == "给予最高1000万元补助"
    assert text[clause.offsets[4]] == "1"


def test_extract_subsidies_evidence_is_verbatim_and_short():
    body = "，".join(["各地要加强组织领导"] * 30)
    text = f"{body}，对首次认定的高新技术企业，给予最高20万元奖励。"
    facts = extract_subsidies(make_doc(text))
    money = [f for f in facts if f.fields["amount"]]
    assert len(money) == 1 and money[0].fields["amount"] == 200000
    assert len(money[0].evidence) <= 200
    assert money[0].evidence == text[money[0].start:money[0].end].strip()
    assert "给予最高20万元奖励" in money[0].evidence


def test_extract_subsidies_region_from_title_and_clause_openers():
    titled = make_doc("杭州市人民政府文件\n对首次认定的新雏鹰企业，给予最高50万元奖励。")
    assert {f.fields["region"] for f in extract_subsidies(titled)} == {"杭州"}
    roundup = make_doc("国家乡村振兴局：\n2022 年以来，海南坚决贯彻落实。\n对脱贫劳动力给予奖补。")
    assert {f.fields["region"] for f in extract_subsidies(roundup)} == {"海南"}
    report = make_doc("政府工作报告\n居民医保人均财政补助标准提高30元。")
    assert {f.fields["region"] for f in extract_subsidies(report)} == {"全国"}


def test_lexicon_bad_file_raises_pattern_file_error():
    with pytest.raises(PatternFileError, match="no_such_file.tsv"):
        subsidies._read_tsv("no_such_file.tsv", 2)


def test_extract_subsidies_on_real_policy_list(realdocs_dir):
    """The 广州 居家社区养老 办法: star-rating tiers and monthly allowances come out with their units."""
    from extractors.loaders import load
    from extractors.structure import parse_structure

    doc = parse_structure(load(realdocs_dir / "gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html"))
    found = {(f.fields["amount"], f.fields["unit"]) for f in extract_subsidies(doc) if f.fields["amount"]}
    assert {(400.0, "元/人/月"), (200.0, "元/人/月"), (150000.0, "元"), (100000.0, "元")} <= found
    assert all(f.fields["region"] == "广州" for f in extract_subsidies(doc))


def test_extract_subsidies_on_corpus_sample(corpus_dir):
    """000 (a news round-up): the raised workshop standard, and no paid-out sums as standards."""
    from extractors.loaders import load
    from extractors.structure import parse_structure

    doc = parse_structure(load(corpus_dir / "000_4983a58432236fc3.txt"))
    money = [f.fields for f in extract_subsidies(doc) if f.fields["amount"]]
    assert [(m["amount"], m["previous_amount"], m["region"]) for m in money] == [
        (4000.0, 1000.0, "海南"), (4000.0, 2000.0, "海南")]


def beneficiaries(sentence: str) -> list[str | None]:
    """Recipients of the amount-bearing records of one clause."""
    return [r["beneficiary"] for r in clause_subsidies(sentence, lexicon()) if r["amount"] is not None]


@pytest.mark.parametrize("source,sentence,expected", [
    ("gz_2025_dibao_shehui_jiuzhu_biaozhun.html",
     "市财政供养的特困人员基本生活标准为每人每月2094.4元；", ["市财政供养的特困人员"]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "小微企业创业担保贷款额度最高为500万元，贷款期限不超过2年。", ["小微企业"]),
    ("gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
     "企业和社会组织于2026年招用毕业年度高校毕业生，为其足额缴纳失业保险费满3个月的，"
     "可按每招用1人1500元的标准申请一次性扩岗补助。", ["企业和社会组织"]),
    ("list of standards (、 between items that each carry an amount)",
     "个人申请额度由20万元提高至30万元、小微企业申请额度由300万元提高至400万元。", ["个人", "小微企业"]),
    ("standards stated per recipient after a comma",
     "其中本市低保对象救助标准不超过200元/人/日，其他申请人救助标准不超过100元/人/日。",
     ["本市低保对象", "其他申请人"]),
    ("subject before a time word (当年新招用…的，可申请…)",
     "小微企业当年新招用符合条件的人员达到规定比例的，可申请最高不超过200万元的创业担保贷款。", ["小微企业"]),
])
def test_clause_subsidies_reads_recipient_heading_its_item(source, sentence, expected):
    assert beneficiaries(sentence) == expected, source


def test_clause_subsidies_keeps_list_of_names_whole():
    """hangzhou_…_2024.pdf: 、 inside a 对… list of names is no list of standards."""
    who = beneficiaries("其中，对主动设计、揭榜挂帅方式组织的重大项目可给予最高1000万元补助；")
    assert who == ["主动设计、揭榜挂帅方式组织的重大项目"]


def test_extract_subsidies_carries_recipient_into_tier_sentences():
    """gz_jujia_…_2022.html: tiers that follow name no recipient; a blank line ends the carry."""
    text = ("居家社区养老服务组织被评定为星级的，可享受星级评定补贴。"
            "被评为五星级的给予10万元，四星级的给予5万元。\n\n被评为三星级的给予3万元。")
    facts = [f for f in extract_subsidies(make_doc(text)) if f.fields["amount"] is not None]
    assert [(f.fields["amount"], f.fields["beneficiary"]) for f in facts] == [
        (100000, "居家社区养老服务组织"), (50000, "居家社区养老服务组织"), (30000, None)]


def test_extract_subsidies_drops_an_article_repeated_in_another_part():
    """An HTML page that repeats its article after the navigation gives each standard once."""
    body = "对符合条件的企业，按每人1000元给予一次性吸纳就业补贴。\n"
    text = body + "网站导航\n" + body
    parts = [Part(index=0, start=0, end=len(body)), Part(index=1, start=len(body), end=len(text))]
    doc = Document(source="t.html", path="t.html", sha256="", format="html", encoding="utf-8", text=text,
                   parts=parts)
    facts = [f for f in extract_subsidies(doc) if f.fields["amount"] is not None]
    assert len(facts) == 1


@pytest.mark.parametrize("source,sentence,expected", [
    ("sh_changsanjiao_g60_kechuang_zoulang_ruogan_cuoshi.md",
     "支持卫星互联网星座建设，对取得卫星通信基础电信业务经营许可证的企业，按照规定给予5000万元的一次性奖励。",
     ["取得卫星通信基础电信业务经营许可证的企业"]),
    ("sh_changsanjiao_g60_kechuang_zoulang_ruogan_cuoshi.md",
     "支持企业在商用密码应用、自主软硬件产品研发等领域加大投入，按照规定给予不超过总投入30%、最高1000万元的经费支持。",
     ["企业"]),
    ("gz_changqi_huli_baoxian_shixing_banfa_2024.html (对应 is no 对)",
     "1.经评估后对应享受长护险2～3级待遇的由长护险基金按100%的比例支付；", [None]),
    ("sh_zhichi_qiye_jichu_yanjiu_ruogan_cuoshi_2025.md (a cost base is no recipient)",
     "对使用科学仪器设施和服务产生的费用，按照企业实际支付额的50%给予补助，每家企业每年最高补助100万元。",
     [None]),
])
def test_clause_subsidies_reads_recipient_not_verb_or_cost(source, sentence, expected):
    assert beneficiaries(sentence) == expected, source


@pytest.mark.parametrize("source,sentence,expected", [
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
     "对企业新设立的省级和国家级博士后工作站分别给予50万元、100万元补助",
     ["企业新设立的省级博士后工作站", "企业新设立的国家级博士后工作站"]),
    ("general 公文 form: two grades sharing one noun",
     "对新认定的市级和省级专精特新企业分别给予20万元、50万元奖励",
     ["新认定的市级专精特新企业", "新认定的省级专精特新企业"]),
])
def test_clause_subsidies_splits_two_grades_of_one_recipient(source, sentence, expected):
    assert beneficiaries(sentence) == expected, source


@pytest.mark.parametrize("source,sentence,named", [
    ("gz_linshi_jiuzhu_shishi_xize_2021.html (an office)",
     "镇人民政府（街道办事处）负责临时救助受理、调查核实、审核等工作。", False),
    ("hainan_2024-2026_nongji_gouzhi_butie_shishi_fangan.pdf (a title)",
     "市县（区）农业农村部门按照《农机购置补贴机具核验工作规范》开展核验。", False),
    ("sichuan_chuangye_daidong_jiuye_ruogan_zhengce_cuoshi_2025.pdf",
     "扩大创业培训覆盖对象到全部有创业需求的劳动者，实施差异化创业培训补贴。", True),
    ("henan_fupin_kaifa_tiaoli_2017.md (a named scheme)", "制定和完善教育资助制度，逐步提高资助标准。", True),
])
def test_clause_subsidies_names_benefits_not_offices_or_titles(source, sentence, named):
    records = [r for r in clause_subsidies(sentence, lexicon()) if r["amount"] is None]
    assert bool(records) is named, source


def test_extract_subsidies_region_of_central_documents_is_nationwide():
    """A 国办发 document naming no place (as govcn_guobanfa_…) holds for 全国; a county's does not."""
    text = "关于深入开展消费扶贫的指导意见\n对符合条件的企业，按规定给予一次性吸纳就业补贴。"
    part = Part(index=0, start=0, end=len(text), title="关于深入开展消费扶贫的指导意见",
                doc_number="国办发〔2018〕129号", issuers=["国务院办公厅"])
    doc = Document(source="t.html", path="t.html", sha256="", format="html", encoding="utf-8", text=text,
                   parts=[part])
    assert {f.fields["region"] for f in extract_subsidies(doc)} == {"全国"}
    local = Document(source="t.html", path="t.html", sha256="", format="html", encoding="utf-8", text=text,
                     parts=[Part(index=0, start=0, end=len(text), issuers=["某县人民政府"])])
    assert {f.fields["region"] for f in extract_subsidies(local)} == {None}


@pytest.mark.parametrize("source,flat,noun,expected", [
    ("gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html", "第三十八条医养结合补贴、星级评定补贴", "补贴",
     "医养结合补贴"),
    ("sxyz_meizhouyixue_2024_zhengfu_gongzuo_baogao.html", "免除经济困难高校毕业生2022年国家助学贷款",
     "助学贷款", "国家助学贷款"),
])
def test_benefit_phrase_stops_at_article_numbers_and_years(source, flat, noun, expected):
    start = flat.index(noun)
    assert subsidies.benefit_phrase(flat, start, start + len(noun)) == expected, source


def test_clause_subsidies_gives_each_listed_grade_the_shared_noun():
    """gz_jujia_…_2022.html: 区级、街道（镇）级、社区（村）级设施 each get their own amount."""
    sentence = ("区级、街道（镇）级、社区（村）级社区养老服务设施"
                "每年每个分别不少于60万元、40万元、5万元运营经费")
    assert beneficiaries(sentence) == ["区级社区养老服务设施", "街道（镇）级社区养老服务设施",
                                       "社区（村）级社区养老服务设施"]


@pytest.mark.parametrize("source,names,expected", [
    ("hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf", ["获得iF金奖", "红点至尊奖"],
     ["获得iF金奖", "获得红点至尊奖"]),
    ("hainan_2024-2026_nongji_gouzhi_butie_shishi_fangan.pdf",
     ["第三年", "第四年连续两年完成年度作业量的农机"],
     ["第三年连续两年完成年度作业量的农机", "第四年连续两年完成年度作业量的农机"]),
    ("two recipients of different shapes stay apart", ["企业", "社会组织"], ["企业", "社会组织"]),
])
def test_tier_names_share_verb_and_head(source, names, expected):
    assert subsidies.share_grade_head(subsidies.distribute(names)) == expected, source


# Shares that are no amount of their own: an instalment of one benefit paid in parts, a bound on
# a change to the benefit's own amount, and a share of a cost base next to the cap it is paid up to.
SHARE_CASES = [
    ("instalment form (农机购置补贴 schedule wording, constructed)",
     "补贴资金按照6:4的比例分两次兑付，购机核验合格后兑付60%的补贴资金，次年再兑付40%。", []),
    ("bound on a change to the benefit (上年度补贴额 wording, constructed)",
     "调整后的补贴额幅度控制在上年度补贴额的15%以内。", []),
    ("cost-base share beside a cap (租金补贴 wording, constructed)",
     "对其实际发生的办公用房租金总额的60%予以补贴，每个企业每年最高不超过8万元。",
     [(80000, "元/年", None)]),
    ("share of the subsidy money is an amount (激励补贴 wording, constructed)",
     "对连续两年完成作业量的农机，按照定额补贴资金的10%予以激励补贴。", [(10, "%", None)]),
]


@pytest.mark.parametrize("source,sentence,expected", SHARE_CASES)
def test_clause_subsidies_drops_instalment_and_own_amount_shares(source, sentence, expected):
    assert amounts(sentence) == expected, source


@pytest.mark.parametrize("source,sentence,expected", [
    ("per-referral reward (孵化基地 wording, constructed)",
     "服务机构每成功引荐1家企业落户，且该企业经营满1年的，给予5000元奖励。", [(5000, "元/家", None)]),
    ("per-count reward in the chunk before (constructed)",
     "每新认定1个示范基地，给予2万元奖励。", [(20000, "元/个", None)]),
    ("per-head rate stays per person", "企业每吸纳1名脱贫人口就业，给予1000元一次性奖补。",
     [(1000, "元/人", None)]),
])
def test_clause_subsidies_reads_rate_per_counted_thing(source, sentence, expected):
    assert amounts(sentence) == expected, source


@pytest.mark.parametrize("source,flat,expected", [
    ("农机购置补贴方案 form (constructed)",
     "（一）补贴对象补贴对象为从事农业生产的个人和农业生产经营组织（以下简称“购机者”），其中…",
     "购机者（从事农业生产的个人和农业生产经营组织）"),
    ("办法 第二条 form (constructed)", "第二条本办法适用于在本区登记注册的小微企业。",
     "在本区登记注册的小微企业"),
    ("gz_changqi_huli_baoxian_shixing_banfa_2024.html",
     "本办法适用于本市行政区域内的长期护理保险参保筹资、待遇享受、管理及经办服务等活动。", None),
    ("eligibility rule, not a definition (constructed)", "扶持对象应当符合下列条件：", None),
])
def test_defined_recipient_reads_the_policys_recipient(source, flat, expected):
    assert defined_recipient(flat) == expected, source


def test_extract_subsidies_fills_recipient_from_definition():
    """A record naming no recipient takes the part's defined one; a record naming its own keeps it."""
    text = ("补贴对象为从事农业生产的个人和农业生产经营组织。\n"
            "一般机具单机补贴限额不超过5万元。\n"
            "对农民专业合作社给予每台2000元作业补贴。")
    facts = [f for f in extract_subsidies(make_doc(text)) if f.fields["amount"] is not None]
    assert [(f.fields["amount"], f.fields["beneficiary"]) for f in facts] == [
        (50000, "从事农业生产的个人和农业生产经营组织"), (2000, "农民专业合作社")]


@pytest.mark.parametrize("source,sentence,expected", [
    ("gz_shiye_baoxian (失业保险 wording)",
     "符合领取失业保险待遇条件的失业人员，可按规定申领每人每月500元生活补助。", "失业人员"),
    ("孵化载体 form (constructed)",
     "被评定为省级孵化载体的本区行政区域内创新创业孵化载体，给予每家20万元一次性支持。", "创新创业孵化载体"),
    ("a subject, not qualifications (henan_fupin wording)",
     "公民、法人和其他组织在贫困地区兴办符合产业政策的扶贫开发项目，给予50万元奖励。", None),
])
def test_clause_subsidies_reads_recipient_after_its_qualifications(source, sentence, expected):
    records = [r for r in clause_subsidies(sentence, lexicon()) if r["amount"] is not None]
    assert [r["beneficiary"] for r in records] == [expected], source


@pytest.mark.parametrize("item, expected, source", [
    ("困难残疾人生活补贴", "困难残疾人", "henan 条例 / hangzhou"),
    ("产粮大县综合奖励", "产粮大县", "hangzhou"),
    ("低收入农户小额信贷财政贴息", "低收入农户", "hangzhou"),
    ("科技特派员项目补助", "科技特派员", "hangzhou"),
    ("人才公寓补贴", None, "constructed: 人才 is no head"),
    ("一次性创业补贴", None, "gd_gaoxiao: the name holds no recipient"),
    ("社区养老服务设施建设补贴", None, "gz_jujia: a facility is what is built, not who is paid"),
])
def test_recipient_in_name_reads_the_recipient_a_benefit_name_opens_with(item, expected, source):
    assert recipient_in_name(item, lexicon().benefit) == expected, source


def test_extract_subsidies_named_benefit_takes_its_recipient_from_the_name():
    text = "建立健全困难残疾人生活补贴和重度残疾人护理补贴制度。"
    named = {(f.fields["item"], f.fields["beneficiary"]) for f in subsidies.extract_subsidies(make_doc(text))}
    assert ("困难残疾人生活补贴", "困难残疾人") in named and ("重度残疾人护理补贴", "重度残疾人") in named


@pytest.mark.parametrize("flat, expected, source", [
    ("六、如何办理失业保险金资格核对？", "失业保险金", "gz_shiye FAQ: 如何办理 is no part of the name"),
    ("不符合失业保险金领取条件", "失业保险金", "gz_shiye FAQ"),
    ("须每月进行失业保险金资格核对", "失业保险金", "gz_shiye FAQ: 进行"),
])
def test_benefit_phrase_stops_at_verbs_of_procedure(flat, expected, source):
    m = list(lexicon().benefit.finditer(flat))[-1]
    assert subsidies.benefit_phrase(flat, m.start(), m.end()) == expected, source


def test_extract_subsidies_keeps_the_same_sentence_under_two_measures(tmp_path):
    from extractors.loaders import load
    from extractors.structure import parse_structure
    path = tmp_path / "measures.txt"
    path.write_text("关于支持科创走廊建设的若干措施\n一、共筑科技创新策源地\n"
                    "（一）加强应用性基础研究。按照规定分阶段给予不超过总投入30%、最高3000万元的经费支持。\n"
                    "二、共建世界级产业集群\n"
                    "（十）培育未来产业集聚区。按照规定分阶段给予不超过总投入30%、最高3000万元的经费支持。\n",
                    encoding="utf-8")
    doc = parse_structure(load(path))
    found = [f for f in subsidies.extract_subsidies(doc) if f.fields["amount"] == 30_000_000]
    assert len(found) == 2, "sh_changsanjiao 措施（一）and（十）"


def test_clause_subsidies_raised_rate_of_a_tax_benefit_keeps_each_old_rate():
    sentence = "不断提高企业研发费用加计扣除比例，将制造业企业、科技型中小企业分别从50%、75%提高至100%。"
    assert amounts(sentence) == [(100, "%", 50), (100, "%", 75)], "sxyz 2023 report"


def test_labelled_recipient_reaches_its_own_item_only():
    from extractors.facts.subsidy_recipients import labelled_recipient
    text = ("1、一次性创业资助\n补贴对象：符合条件的创业者。\n补贴标准：10000元。\n"
            "2、创业带动就业补贴\n补贴标准：每招用1人给予2000元。\n")
    assert labelled_recipient(text, text.index("10000")) == "符合条件的创业者", "gz_yuexiu 补贴对象 label"
    assert labelled_recipient(text, text.index("2000元")) is None


def test_region_of_part_skips_the_recipients_line_and_reads_a_district():
    from extractors.facts.subsidies import region_of_part
    national = make_doc("关于开展防止返贫就业攻坚行动的通知\n"
                        "各省、自治区、直辖市及新疆生产建设兵团人力资源社会保障厅：\n正文。")
    assert region_of_part(national, 0, lexicon()) is None, "corpus 003: 主送机关 names no region"
    district = make_doc("广州市天河区深化支持港澳青年创新创业高质量发展实施办法\n第一条 为支持…\n")
    assert region_of_part(district, 0, lexicon()) == "广州市天河区", "gz_tianhe 办法"


def test_a_place_opening_a_clause_speaks_for_its_section_only(tmp_path):
    from extractors.loaders import load
    from extractors.structure import parse_structure
    path = tmp_path / "news.txt"
    path.write_text("各地稳岗就业工作综述\n记者 张三\n本报讯\n一、地方经验\n海南加大帮扶车间扶持力度。\n"
                    "二、全国部署\n对帮扶车间给予每人1000元奖补。\n", encoding="utf-8")
    doc = parse_structure(load(path))
    found = [f.fields["region"] for f in subsidies.extract_subsidies(doc) if f.fields["amount"] == 1000]
    assert found == [None], "a province opening a clause in section 一 does not carry into section 二"


def test_flatten_drops_digit_group_commas_but_keeps_offsets():
    text = "限额为每人每月1,000元，居民每月500元。"
    clause = subsidies.flatten(text, 0, len(text))
    assert clause.flat == "限额为每人每月1000元，居民每月500元。"
    a, b = clause.offsets[clause.flat.index("1000")], clause.offsets[clause.flat.index("元")]
    assert text[a:b + 1] == "1,000元"
