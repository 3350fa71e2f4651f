"""What a number in a clause is *not*: the tests that keep quantities out of targets and achievements.

A benefit's terms (补贴标准1000元/人), a condition on who qualifies (接收见习人员20人以上的单位), a
procedure rule, a reference to what exists (上述8个领域, 全州41条主要河流…水质优良率), a plant's
capacity that names it (48.88万吨电解铝), a time limit that is no shortened goal (5个工作日内办结).
Cue words come from extractors/patterns/quantity_cues.tsv through quantity_lexicon.
"""
from __future__ import annotations

import re

from extractors.facts.quantity_lexicon import cues, gazetteer
from extractors.normalize.numbers import Quantity

# Comparators that state a goal's floor or band (3轮以上, 不低于5个, 5%左右); 超过 and 多 report.
GOAL_COMPARATOR = re.compile(r"以上|左右|以下|以内|不低于|不少于|不高于|不超过|至少|力争|确保")
# A sentence that is one long noun phrase ending in the qualifying party (…留用率达到60%以上的单位).
_QUALIFIER_SENTENCE = re.compile(
    r"的[^，。；、]{0,12}(单位|企业|机构|组织|个人|人员|项目|家庭|农户|基地|车间|主体)[。；;]?\s*$")
CJK = re.compile(r"[\u4e00-\u9fff]")
_DURATIONS = frozenset(("周", "工作日"))
_SHORTEN = re.compile(r"(压缩|缩短|压减|减少|降低|降|控制)[至到在]?[^，。；]{0,4}$|不超过\s*$")
_LIST_BEFORE = re.compile(r"[^、，]*\d[^、，]*、")
_SUBJECT_HEAD = re.compile(r"(其中|全[省市州区县盟]|我[省市州区县]|全[省市州区县]共有)")
_CONTINUES = re.compile(r"以上|以下|以内|左右|上下|及以上|多|余|、|的|和|及|或|标准煤|标煤")
_CLASSIFIERS = frozenset(
    "个 项 家 条 所 张 栋 套 件 部 次 轮 批 座 台 辆 处 间 支 片 种 类 门 篇 份 场 名 场次 家次".split())
_HEADCOUNTS = frozenset(("人", "人次", "户", "户次"))
_CONDITION_BEFORE = re.compile(r"^\W*(对|凡|符合|年满|满|吸纳|招用|雇用|带动)")
_CONDITION_AFTER = re.compile(r"^[^，。；,;]{0,20}?的(?![^，。；]{0,4}(目标|任务|要求|比例|比重|基础|水平))")
_CONDITION_VERBS = re.compile(r"可|给予|申请|享受|认定|纳入|评为|奖励|补贴|支持")
_SUBSIDY_NEAR = re.compile(r"给予|予以|一次性|标准|每|最高|按|额度|限额|上限")
_RATE_WORDS = re.compile(r"按|由$|提高至|提高到|上限|比例|标准|额度|费率|利率")
_BENEFIT_VERB = re.compile(r"给予|予以|奖励|补助|补贴|资助|贴息|奖补|配套支持|执行|收取|计算|贷款|支付|承担|"
                           r"缴费|缴纳|返还")
_RAISED_TO = re.compile(r"(从|由)[^，。；]{0,24}(提高|上调|调整|提升)(至|到|为)\s*$")
_FLOOR_BEFORE = re.compile(r"(不低于|不少于|至少)\s*$")
_GRANT_TERMS = re.compile(r"给予|予以|标准[：:为是]")
_STANDARD_LEAD = re.compile(r"标准[：:为是]|限额|费率")
# 专项经费每年不少于3000万元, 财政投入不低于1亿元: a floor on the issuer's own funding is a budget
# commitment (a goal); a benefit is granted up to a cap (最高, 不超过), not from a floor.
_FUNDING_FLOOR = re.compile(r"(经费|资金|投入|预算)[^，。；、]{0,6}(不少于|不低于|至少)\s*$")
_PER_TAKER = re.compile(r"每(个|家|处|人|户|所|名)")  # 每个设施每年不少于60万元: paid to each, a standard
# Rules about how a procedure runs (只能享受1次, 不得超过3次) and forecasts (预计…) set no goal.
_PROCEDURE = re.compile(r"只能|不得|不能|严禁|禁止|期限|可申请|可享受|由(至少)?\s*\d+\s*名|实地核查|现场核查|"
                        r"(调查|核查|审核|评审|检查|走访|入户)[^，。；]{0,8}(不少于|至少)|"
                        r"罚款|罚金|(?<![\d处])处以(?![上下内])|骗取|追回|没收|"
                        r"(委托|聘请)\s*\d+\s*(家|个|名)以上")  # 委托2家以上第三方: who does the work
# 从2.1%提高到2.5%, 由6.5亿千瓦增至12亿千瓦: the first number is the baseline, not the goal or result.
# 由2010年的3466.6亿元增加到…, 分别从50%、75%提高至…: the baselines of a change.
_BASELINE = re.compile(r"(从|由)\s*(?:(?:19|20)\d\d\s*年(?:底|末)?的?|[\d.%％]+、)?\s*$")
_CHANGE_AFTER = re.compile(
    r"^[^，。；]{0,16}?(提高|增加|增长|增至|提升|降至|降到|降低|下降|减少|扩大|压减|上升|到|至)")
# 补贴额测算比例调至30%以下, 幅度控制在上年度补贴额的20%以内: a share of the benefit's own amount
# is one of the benefit's terms, not a goal (补助资金用于产业发展的比重 measures where money goes).
_BENEFIT_SHARE = re.compile(r"(补贴|补助|奖补|资助|奖励)(额|金额|标准|限额)(测算)?(比例)?"
                            r"(的|为|调至|调整为|调整至|提高至|提高到|降至|降低至)?\s*$")
# 分两次兑付, 分三批发放, 分2期实施: a schedule that splits one measure, not a count to reach.
_SPLIT = re.compile(r"分\s*$")
_SPLIT_UNITS = frozenset(("次", "批", "期", "轮", "年", "个阶段"))
# 按照7:3的比例分两次兑付，即…兑付70%的补贴资金，第二年…再兑付30%: each share is one instalment.
_INSTALMENTS = re.compile(r"分\s*[两二三四五\d]\s*(次|批|期|年)")
_PAYMENT_VERB = re.compile(r"(兑付|拨付|发放|支付)\s*$")


# A standing rule's title (…实施办法, …条例（试行）, 关于印发…细则的通知) once its wrappers are cut off.
_TITLE_WRAPPERS = re.compile(r"(（[^（）]*）|\([^()]*\)|[》”\s]|的通知|通知)+$")
_RATE_METRIC = re.compile(r"率[^，。；\d]{0,6}$")  # 覆盖率不低于90%: a rate's floor is a goal
_REACHES = re.compile(r"(达到|达|提高到|提升到|增长到|增加到)\s*$")


def is_rules_title(title: str) -> bool:
    """办法, 细则, 条例…: a part that lays down standing rules rather than a plan."""
    core = _TITLE_WRAPPERS.sub("", title or "")
    return bool(core) and bool(re.search(f"(?:{cues().patterns['rules_genre'].pattern})$", core))


def is_standing_term(text: str, left: int, rel: int, comparator: str | None, goal_year: bool) -> bool:
    """In a standing rule (办法, 条例) a number is one of the rule's terms (单位缴费费率为0.15%,
    每月上门次数不低于12次, 申请登记1个银行结算账户) unless the sentence names a goal (力争, 目标, a
    year ahead), plans what is built or staffed (每个街道应当设置至少1个中心，每处建筑面积不少于1000平方米),
    or sets a level to reach (一窗率达90%以上, 覆盖率不低于90%)."""
    cue = cues()
    if goal_year or cue.has("goal", text) or cue.has("planning", text[:rel]):
        return False
    head = text[left:rel]
    return not (_REACHES.search(head) or comparator and _RATE_METRIC.search(head))


def is_instalment_share(text: str, rel: int) -> bool:
    """兑付70%的补贴资金 in a clause that pays a benefit in 分两次 instalments: a schedule share,
    neither a goal nor a benefit's amount."""
    return bool(_INSTALMENTS.search(text) and _PAYMENT_VERB.search(text[max(0, rel - 6):rel]))


def is_share_of_own_amount(before: str) -> bool:
    """幅度控制在上年度补贴额的20%以内: a share of the benefit's own amount (…补贴额的N%) bounds a
    change to it, it is no amount of its own."""
    m = _BENEFIT_SHARE.search(before)
    return bool(m and m.group().rstrip().endswith("的"))
# 171个重大项目累计完成投资213亿元: the total the counted things reached is the result.
_TOTAL_OVER = re.compile(r"[^\d，。；]{0,12}(共计|合计|累计|共)[^，。；]*\d")
# 全省首批3条“美丽幸福河湖”之一: one of N; the N counts what exists.
_ONE_OF = re.compile(r"[^，。；\d]{0,16}之一")
# 可返还其上年度实际缴纳失业保险费的50%: a share a benefit grants.
_GRANTED_SHARE = re.compile(r"可(以)?(返还|给予|补贴|报销|按|减免|退还)")
# 21大类40个小类, 7类42项任务: a count written straight after another count of classes.
_NESTED_AFTER = re.compile(r"\s*\d+\s*(个|项|类|种|大类|小类|品目|档次)")
_NESTED_BEFORE = re.compile(r"\d\s*(个|类|种|大类|小类)\s*$")
# 每年获支持企业数量最多不超过10个, 单个企业最多申报5人: a cap a benefit puts on its own takers.
_AT_MOST = re.compile(r"最多")
_FORMULA = re.compile(r"[=＝][^。；]*[+＋]")  # a scoring formula's weights are no goals
_FORECAST = re.compile(r"^\W*预计")
_PASSED = re.compile(r"(破|突破|超|超过|达|达到|迈上|跨越)\s*$")
# A conditional sentence: …达到1000人次…的，给予… (the number decides who qualifies).
_IF_THEN = re.compile(r"的[，,]\s*[^。；]{0,60}?(给予|可|予以|按|享受|纳入|认定)")


def is_benefit_standard(text: str, left: int, rel: int, unit: str, tense: str, q_raw: str,
                         review: bool = False) -> bool:
    """补贴标准 1000元/人, 给予最高300万元补助, 按投入额的20%给予奖励, 资助比例由50%提高至60%:
    the terms of a benefit, which are neither targets nor results (budget lines are kept)."""
    unit = unit or ""
    floor = _FUNDING_FLOOR.search(text[left:rel]) and not _PER_TAKER.search(text[left:rel])
    if cues().has("budget", text) or "元" in unit and floor:
        return False
    clause = text[left:rel]
    if review and not _GRANT_TERMS.search(clause):  # 低保平均标准提高到725元/月 in a review: a result
        return False
    if "/" in unit and cues().has("subsidy", text):
        return True
    if unit == "%" and (_BENEFIT_SHARE.search(clause) or _GRANTED_SHARE.search(clause)):
        return True
    if unit == "%" and _RAISED_TO.search(clause) and cues().has("subsidy", text):
        return True  # 加计扣除比例…分别从50%、75%提高至100%: a benefit's new rate, even told in a review
    if unit in ("%", "倍") and _RATE_WORDS.search(clause) and _BENEFIT_VERB.search(text) \
            and not GOAL_COMPARATOR.search(q_raw) and not _FLOOR_BEFORE.search(clause):
        return True  # (投入占支出的比例不低于10%: a floor is a goal; a benefit's share is capped)
    if "元" in unit and _STANDARD_LEAD.search(text[:rel]):
        return True  # 补贴标准：一等奖20万元…
    if "元" not in unit or not _SUBSIDY_NEAR.search(clause):
        return False
    # 累计发放…亿元, 截至…享受补贴, a raise told in a review: money paid out, a change made
    reported = review or cues().score("past", text) >= 3
    return tense == "target" or not reported and (bool(_BENEFIT_VERB.search(text)) or "最高" in clause)



def is_excluded(text: str, q: Quantity, rel: int, rel_end: int, left: int, right: int) -> bool:
    """References to things that exist (上述8个领域), rate denominators (每5000名), procedure
    rules, forecasts and bare Chinese counts of groups (三类, 千亿斤粮食产能提升行动)."""
    before = text[left:rel]
    if _BASELINE.search(before) and _CHANGE_AFTER.match(text[rel_end:right]):
        return True
    if cues().has("existing", text[max(left, rel - 4):rel]) or re.search(r"(每|[（(]含)\s*$", before):
        return True
    if q.unit in _CLASSIFIERS and re.search(r"(?<![年度])[等的]\s*$", before) \
            and not cues().has("result", text[rel_end:right][:12]):  # 等166项服务事项, 相关的12个领域
        return True  # (but 等5个村被认定, 等6个单位获评 count what was achieved)
    if re.search(r"将\s*$", before) and "作为" in text[rel_end:right]:  # 将160个县作为重点: a set named
        return True
    if _PROCEDURE.search(text[left:right]) or (_FORECAST.match(text) and not cues().has("budget", text)):
        return True
    if _is_subject_count(text, q, rel, rel_end, left, right) or _is_capacity(text, q, rel_end):
        return True
    if _ONE_OF.match(text, rel_end, right):
        return True
    if _is_work_under_way(text, q, rel, rel_end, left, right):
        return True
    if _is_scheme(text, q, rel, rel_end, right) or _SPLIT.search(before) and q.unit in _SPLIT_UNITS:
        return True
    if q.unit in _DURATIONS and not _SHORTEN.search(before):  # 5个工作日内办结 is a time limit
        return True
    if _FORMULA.search(text) or re.search(r"[×*xX]\s*$", before):  # 分值=监测（60%）+…, 7×24小时
        return True
    numeral = text[q.number_start - (q.start - rel):rel_end]
    if re.match(r"[一二两三四五六七八九十]", numeral) and q.value < 10 and q.unit not in ("次", "轮", "倍"):
        return True
    if numeral.startswith("二") and q.unit == "次":  # 二次 is "secondary", not "twice"
        return True
    if re.match(r"[十百千万亿]", numeral) and q.start == q.number_start \
            and not _PASSED.search(before):  # 千亿斤…行动 names a size; 产值破百亿元 reports one
        return True
    return False


def _is_work_under_way(text: str, q: Quantity, rel: int, rel_end: int, left: int, right: int) -> bool:
    """…等12个重大项目、9个医共体、4个次中心建设稳步推进: counts of a list whose clause ends in work
    still under way (加快推进, 稳步推进) name what is being built, not a result or a goal."""
    tail = text[rel_end:right]
    listed = "、" in tail or _LIST_BEFORE.search(text[left:rel])
    return q.unit in _CLASSIFIERS and bool(listed) and cues().has("progressive", tail) \
        and not cues().has("result", tail)


def _is_subject_count(text: str, q: Quantity, rel: int, rel_end: int, left: int, right: int) -> bool:
    """全州41条主要河流…水质优良率均保持100%, 5家定点帮扶单位共计帮扶项目180个, 36座水源工程加快建设:
    a count at the head of its clause names the things the clause is about, not a result or goal,
    when the clause goes on to a rate over them, a part of them (59个项目…完成交付48个), a total
    over them (171个重大项目累计完成投资213亿元) or to work still under way. (69个劳务品牌带动5.6万人
    keeps its count: what the brands did is another measure.)"""
    if q.unit not in _CLASSIFIERS:
        return False
    head = _LIST_BEFORE.sub("", text[left:rel]).strip()  # earlier items of the same list
    if head and not _SUBJECT_HEAD.fullmatch(head) and not gazetteer().pattern.fullmatch(head):
        return False
    tail = text[rel_end:right]
    part = re.search(rf"\d\s*(?:%|％|{re.escape(q.unit)})", tail)
    return bool(part or _TOTAL_OVER.match(tail)) or cues().has("progressive", tail)


def _is_scheme(text: str, q: Quantity, rel: int, rel_end: int, right: int) -> bool:
    """21大类40个小类91个品目, 不超过10个品目且不超过20个档次, 补贴品目…年度总数量不超过10个: counts
    of the classes of a catalogue describe how it is cut up, not a goal; so does a cap on how many
    takers a benefit admits (每年获支持企业数量最多不超过10个, 单个企业最多申报5人)."""
    if q.unit not in _CLASSIFIERS and q.unit not in _HEADCOUNTS:
        return False
    cue = cues()
    if cue.has("category", text[rel_end:rel_end + 3]) or cue.has("category", q.unit or ""):
        return True
    if q.unit in _CLASSIFIERS and (_NESTED_AFTER.match(text, rel_end) or _NESTED_BEFORE.search(text[:rel])):
        return True  # 7类42项重点任务: a count nested in a count tells how a whole is divided
    if not text[rel_end:right].strip() and q.unit in _CLASSIFIERS and \
            cue.has("category", text[max(0, rel - 30):rel]) and "数量" in text[max(0, rel - 12):rel]:
        return True  # 补贴品目实行总量控制，年度总数量不超过10个: the items counted are classes
    return bool(_AT_MOST.search(text[max(0, rel - 12):rel])) and cue.has("subsidy", text)


def _is_capacity(text: str, q: Quantity, rel_end: int) -> bool:
    """48.88万吨电解铝, 1000吨/天金矿, 年产15万吨高纯硫酸锰: a plant's capacity that names it."""
    if not q.unit or not cues().has("capacity", q.unit.split("/")[0]) or q.unit.startswith("千瓦时"):
        return False
    after = text[rel_end:rel_end + 3]
    return bool(CJK.match(after)) and not _CONTINUES.match(after)


def is_condition(text: str, q: Quantity, rel: int, rel_end: int, left: int, right: int) -> bool:
    """接收见习人员20人以上的单位可申请: a threshold that decides who qualifies is no target."""
    tail = text[rel_end:right]
    if q.unit not in _CLASSIFIERS and _QUALIFIER_SENTENCE.search(text):
        return True  # …接收人员超过50人…留用率达到60%以上的单位: who qualifies
    if q.unit not in _CLASSIFIERS and q.unit not in _HEADCOUNTS and q.comparator \
            and re.match(r"[\u4e00-\u9fff]", tail) and not re.match(r"[的，、]", tail):
        return True  # 10亿元以上重大项目: a size that picks the projects out
    if q.comparator == "<=" and re.match(r"\s*的", tail):
        return True  # 不足5000名的: the smaller ones, a case of the rule
    if _IF_THEN.search(text, rel_end):
        return True
    measure = q.unit not in _CLASSIFIERS  # 5个以上的岗位 counts posts; 20人以上的单位 qualifies them
    if measure and _CONDITION_AFTER.match(tail) and (q.comparator or _CONDITION_VERBS.search(text)):
        return True
    if re.match(r"^\W*(针对|对于)", text[left:rel]) and q.comparator and q.unit not in _CLASSIFIERS:
        return True  # 针对市本级10亿元以上…项目: the projects a measure is aimed at
    return bool(_CONDITION_BEFORE.match(text[left:rel]) and _CONDITION_VERBS.search(text[rel_end:]))
