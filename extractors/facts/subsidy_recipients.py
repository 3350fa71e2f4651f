"""Who receives a subsidy: the recipient noun phrase as a policy names it (see GUIDELINES.md, `subsidy`).

公文 name the recipient in a few set ways: 对X给予…, 给予X…, a list item headed by X (X…标准为每人每月…元),
the clause's subject (X当年新招用…的，可申请…), or not at all in sentences that continue the item that
named it (被评为五星级的给予10万元). These are the patterns for each, over the whitespace-free text of
a clause (`flat`) built by extractors.facts.subsidies.
"""
from __future__ import annotations

import re
from functools import cache

from extractors.departments import read_table
from schema.errors import PatternFileError
from schema.records import Document, Fact

CHUNK_END = "，,：:；;。！？"

SUBJECT_VERB = re.compile(r"招用|吸纳|(?<!社会|经济|合作|中介|行业|公益|慈善|服务)组织|"
                          r"创办|参加|购买|开展|申请|申领|于\d|在|从事|被评|"
                          r"经评估|到|向|以|按|符合|通过|新设立|牵头|承担|首次|可|应")


def chunk_bounds(flat: str, pos: int) -> tuple[int, int]:
    """The comma-delimited stretch of `flat` around `pos` (flatten has dropped digit-group commas)."""
    left = max(flat.rfind(ch, 0, pos) for ch in CHUNK_END) + 1
    rights = [i for i in (flat.find(ch, pos) for ch in CHUNK_END) if i >= 0]
    return left, min(rights) if rights else len(flat)


DUI = re.compile(r"(?<![针相面应绝核反])对(?!象|口|接|照|标|话|应|外开放|外合作|外交流)(?:于)?"
                 r"(?P<who>[^，。；：:]{2,60}?)(?:，|给予|予以|分别|按|再|直接|可(?!证)|每|实行|开展)")
# What a 对… phrase names when it is no recipient: a pronoun (对其…), a cost base (对…产生的费用), a share.
NOT_RECIPIENT = re.compile(r"^其(?!中)|%|(?:费用|支出|投入|金额|资金)的?$")
# Verbs of encouragement before a clause's subject (支持企业在…): the subject is what follows them.
ENCOURAGE = re.compile(r"^(?:支持|鼓励|引导|推动|帮助|扶持)")


GIVE = re.compile(r"(?:给予|补助给|支付给|发放给|(?<!面)向)(?:每名|每个|每户|每家|所在)?"
                  r"(?!每|累计|一次性|最高|不超过|适当|一定)(?P<who>[^，。；：\d][^，。；：]{1,39}?)(?:一次性|每|最高|不超过|支付|发放|\d+(?:\.\d+)?[万亿]?元|$)")


# A recipient named right before a per-head rate: 第一类资助对象每人每月400元, 、居民参保人员每人每天15元.
TIER_LABEL = re.compile(r"(?:第[一二三四五六七八九十百]+条|其中|^|[、为：:，])"
                        r"(?P<who>[^、为：:，。；\d]{2,14}?)(?=每人|每名|每户|每家)")


# How names of recipients end (a tier label such as 硕士 or 网络创业培训 names no recipient).
RECIPIENT_NOUN = re.compile(r"(?:人员|对象|企业|单位|机构|组织|主体|家庭|者|户|人|青年|老人|儿童|学生|员|"
                            r"中心|基地|车间|园区|项目|团队|平台|农户|合作社|载体|毕业生)$")


TIMED_SUBJECT = re.compile(r"(?P<who>.{2,20}?(?:人员|企业|单位|机构|组织|家庭|农户|合作社))"
                           r"(?:当年|当月|当季|年度内|每年|首次)")


# The recipient opening an amount's list item (…、小微企业申请额度由…提高至…; 其中本市特困人员…标准…).
SEGMENT_HOLDER = re.compile(r"(?:其中|对于)?(?P<who>[^，、；：（）()]{2,20}?"
                            r"(?:人员|对象|企业|单位|机构|组织|主体|家庭|申请人|个人|青年|老人|儿童|学生|农户|合作社))")


# Words that cannot sit inside a recipient's name (verbs of granting, amounts, standards).
NOT_IN_NAME = re.compile(r"给予|予以|每|补|奖|标准|额度|资助|最高|不超过|按|对(?!象)|以上|以下|提高|"
                         r"招用|吸纳|参加|购买|开展|申领|从事|被评|通过|符合|新设立|承担|可|应|[\d%]")


def last_match(matches):
    """The last of an iterator of matches, or None."""
    found = None
    for found in matches:  # noqa: B007
        pass
    return found


def beneficiary(flat: str, pos: int, amount: bool = False) -> str | None:
    """Who receives it: 对X给予…, 给予X…, 补助给X, a tier label, or the clause's subject."""
    cs, _ = chunk_bounds(flat, pos)
    label = last_match(TIER_LABEL.finditer(flat[cs:pos]))
    who = label.group("who") if label else ""
    if (who and RECIPIENT_NOUN.search(who) and not SUBJECT_VERB.search(who)
            and not re.search(r"补|奖|给予|标准|高于|低于|超过", who)):
        return who
    holder = segment_holder(flat, pos) if amount else None
    if holder:
        return holder
    hits = [m for m in DUI.finditer(flat, 0, pos + 1) if not NOT_RECIPIENT.search(m.group("who"))]
    if hits:  # 对其中就业困难人员在培训期间再给予…: the group without 其中 and the period
        return re.sub(r"^其中|在[^，]{1,8}期间$", "", hits[-1].group("who")).rstrip("的，")
    m = GIVE.search(flat, cs)
    if m and m.start("who") < pos + 30:
        who = m.group("who")
        if not re.search(r"补|奖|资助|优惠|经费|标准|最高|不超过", who):
            return who
    head = re.match(r"第[一二三四五六七八九十百]+条|[（(]?[一二三四五六七八九十\d]+[）)、.．]", flat)
    skip = head.end() if head else 0
    subject = SUBJECT_VERB.search(flat, skip, skip + 30)
    who = ENCOURAGE.sub("", flat[skip:subject.start()]) if subject else ""
    timed = TIMED_SUBJECT.match(who)  # 小微企业当年新招用…: the subject before a time word
    who = timed.group("who") if timed else who
    if 2 <= len(who) <= 25 and not re.search(r"[，、]", who) and RECIPIENT_NOUN.search(who):
        return who
    return head_recipient(flat[skip:], pos - skip)


# Where a place qualifies the recipient (天河区行政区域内创新创业孵化载体): the place is a condition.
# How a run of qualifications opens (在…登记注册的, 被…评定为…的, 符合…条件的): not with a subject.
QUALIFIER_OPEN = re.compile(r"(?:[（(]?[一二三四五六七八九十\d]+[）)、.．])?"
                            r"(?:在|被|经|凡|符合|具有|具备|从事|参加|参与|取得|获得|入驻|持有|领取|依法|免费|首次)")
PLACE_PREFIX = re.compile(r"^[^，。；的]{0,12}?(?:行政区域内|区域内|辖区内|境内|范围内)")


def head_recipient(flat: str, pos: int) -> str | None:
    """The recipient a clause opens with when its qualifications come first: 在…登记注册的港澳青年企业，
    给予… → 港澳青年企业 (the qualifications are the condition, GUIDELINES' 就业帮扶车间 example)."""
    end = min((i for i in (flat.find(ch) for ch in "，,：:；") if i >= 0), default=-1)
    if end < 0 or pos < end or "的" not in flat[:end] or not QUALIFIER_OPEN.match(flat):
        return None
    who = PLACE_PREFIX.sub("", flat[flat.rindex("的", 0, end) + 1:end])
    if not 2 <= len(who) <= 16 or not RECIPIENT_NOUN.search(who) or NOT_IN_NAME.search(who):
        return None
    return who


def segment_holder(flat: str, pos: int) -> str | None:
    """A recipient opening the 、/；/其中 list item that holds the amount at `pos`, else None.

    Lists of standards name each recipient at the head of its item (本市特困人员…标准不超过240元/人/日，
    其他申请人…标准不超过120元/人/日); a comma-led item (…的，给予…) names none of its own.
    """
    cuts = [flat.rfind(ch, 0, pos) for ch in "，、；：。"]
    start = max(cuts) + 1
    standard = re.search(r"标准|额度", flat[start:pos])  # X…标准为/不超过N元 states X's own standard
    if start > 0 and flat[start - 1] in "，：" and not (flat.startswith("其中", start) or standard):
        return None
    if start > 0 and flat[start - 1] == "、":  # an item of a list of standards, not of a list of names
        prev = max(flat.rfind(ch, 0, start - 1) for ch in "，、；：。") + 1
        if not re.search(r"\d(?:\.\d+)?[万亿]?(?:元|%)", flat[prev:start]):
            return None
    m = SEGMENT_HOLDER.match(flat, start, pos)
    if not m:
        return None
    who = re.sub(r"^其(?!他|余)", "", m.group("who"))  # 其农村特困人员: its (the place's) recipients
    return None if NOT_IN_NAME.search(who.replace("申请人", "")) else who


def split_beneficiaries(who: str | None) -> list[str | None]:
    """以及 always joins two recipients; 和 only between two short names (用工单位和务工人员)."""
    if not who:
        return [who]
    if "以及" in who:
        return [w for w in who.split("以及") if w]
    parts = who.split("和")
    if len(parts) == 2 and all(1 < len(w) <= 8 and "的" not in w for w in parts):
        return parts
    return [who]


# A verb that the first item of a list of qualifications shares with the rest (获得A、B的).
LIST_VERB = re.compile(r"获得|荣获|通过|入选|取得|被评为|被认定为|认定为")


def distribute(names: list[str]) -> list[str]:
    """Give each listed recipient the words it shares with the others.

    首次认定的A、B → 首次认定的A, 首次认定的B;
    考核优秀、良好的众创空间 → 考核优秀的众创空间, 考核良好的众创空间.
    """
    first, last = names[0], names[-1]
    verb = LIST_VERB.match(first)
    if verb and not any(LIST_VERB.match(n) for n in names[1:]):  # 获得A、B → 获得A, 获得B
        names = [first] + [verb.group() + n for n in names[1:]]
        first, last = names[0], names[-1]
    if "的" in first and not any("的" in n for n in names[1:]):
        prefix = first[:first.index("的") + 1]
        return [first] + [prefix + n for n in names[1:]]
    core = last[:last.index("的")] if "的" in last else ""
    if core and len(core) <= 6 and not any("的" in n for n in names[:-1]):  # 优秀、良好的…
        suffix = last[len(core):]
        prefix = first[:len(first) - len(core)] if len(first) > len(core) else ""
        return [names[0] + suffix] + [prefix + n + suffix for n in names[1:-1]] + [prefix + last]
    return names


# How a sentence that names no recipient of its own opens: a tier (被评为五星级的给予…), a condition
# (经评估为重度失能的，…), a rate (每增加1人…, 按每人…), a standard (补贴标准：…) or a label before a
# per-head rate (网络创业培训每人最高可补贴…).
SUBJECTLESS = re.compile(r"(?:[（(]?[一二三四五六七八九十\d]+[）)、.．])?"
                         r"(?:(?:补贴|补助|资助|奖励)?标准[：:为])?"
                         r"(?:被|经|招用|吸纳|按|每|给予|再|连续|首次|[^，。；]{1,24}?的，"
                         r"|[^，。；]{2,16}?，?每(?:人|名|户|家))")


ITEM_BREAK = re.compile(r"\n\s*\n|\n\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|"
                        r"第[一二三四五六七八九十百]+条)")


def split_grades(who: str) -> list[str]:
    """Two grades that share one noun: 企业新设立的省级和国家级博士后工作站 →
    企业新设立的省级博士后工作站, 企业新设立的国家级博士后工作站 (for 分别给予A、B)."""
    m = re.fullmatch(r"(?P<pre>.*的)?(?P<a>[^和及的]{1,6}?(?P<mark>[级类等星型]))(?:和|及|与)"
                     r"(?P<b>[^和及的]{1,8}?(?P=mark))(?P<head>[^和及的]{2,})", who)
    if not m:
        return [who]
    pre = m.group("pre") or ""
    return [pre + m.group("a") + m.group("head"), pre + m.group("b") + m.group("head")]


def share_grade_head(names: list[str]) -> list[str]:
    """Grades listed before one noun: 区级、街道（镇）级、社区（村）级社区养老服务设施 → each grade with
    the noun (区级社区养老服务设施, …); other lists are returned as they are."""
    if len(names) < 2 or not names[0]:
        return names
    last, first, mark = names[-1], names[0], names[0][-1]
    width = len(first)  # 第三年、第四年连续两年完成年度作业量的农机: items of one shape and width
    if (len(last) > width + 1 and last[width - 1] == mark
            and all(len(n) == width and n[-1] == mark for n in names[:-1])):
        return [n + last[width:] for n in names[:-1]] + [last]
    if mark not in "级类等星型":
        return names
    if any(len(n) > 8 or not n.endswith(mark) for n in names[:-1]):
        return names
    cut = last.find(mark)
    head = last[cut + 1:] if cut >= 0 else ""
    return [n + head for n in names[:-1]] + [last] if len(head) >= 2 else names


# How a policy names the recipients of all its benefits at once: 补贴对象为X（以下简称“Y”）,
# 扶持对象是X, 本办法适用于X (over whitespace-free text).
DEFINED_RECIPIENT = re.compile(
    r"(?:补贴|补助|奖补|资助|支持|扶持|适用|奖励)对象(?:为|是|包括)(?P<who>[^，。；：、（(“”]{2,40})"
    r"(?:[（(]以下(?:简|统)称[“\"]?(?P<short>[^”\"）)]{1,12})[”\"]?[）)])?"
    r"|本(?:办法|细则|方案|措施|政策|规定)适用于(?P<scope>[^，。；：“”]{2,40})")


def defined_recipient(flat: str) -> str | None:
    """The recipient a part defines for its benefits (补贴对象为…), for records naming none.

    A definition that gives a short name (以下简称“购机者”) wins and reads 购机者（definition）.
    """
    found = None
    for m in DEFINED_RECIPIENT.finditer(flat):
        who = (m.group("who") or m.group("scope")).rstrip("的")
        if re.search(r"给予|予以|补贴|补助|奖励|标准|[\d%]", who) or not RECIPIENT_NOUN.search(who):
            continue  # a rule or an activity (适用于…经办服务等活动), not who receives
        if m.group("short"):
            return f"{m.group('short')}（{who}）"
        found = found or who
    return found


HEAD_KINDS = ("person", "household", "body", "place")
# A head that runs on into a longer word is no head: 人才, 人民, 户籍, 员工, 单位的.
_HEAD_RUNS_ON = "才民力口籍工数次均"
MAX_PURPOSE = 6  # 困难残疾人[生活]补贴, 低收入农户[小额信贷财政]贴息: the words between head and benefit


@cache
def _heads() -> re.Pattern[str]:
    """recipient_heads.tsv, checked and compiled once."""
    rows = read_table("recipient_heads.tsv", 2)
    bad = next((row for row in rows if row[1] not in HEAD_KINDS), None)
    if bad:
        raise PatternFileError("extractors/patterns/recipient_heads.tsv",
                               f"unknown kind {bad[1]!r} for {bad[0]!r}")
    words = [row[0] for row in rows]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def recipient_in_name(item: str | None, benefit: re.Pattern[str]) -> str | None:
    """The recipient a benefit's name opens with (困难残疾人生活补贴 → 困难残疾人, 市级菜篮子基地建设奖补
    → 市级菜篮子基地): the longest stretch before the benefit word ending in a recipient head."""
    flat = re.sub(r"\s+", "", item or "")
    m = benefit.search(flat)
    if m is None or m.start() < 2:
        return None
    best = None
    for head in _heads().finditer(flat, 0, m.start()):
        end = head.end()
        if end >= 2 and m.start() - end <= MAX_PURPOSE and flat[end:end + 1] not in _HEAD_RUNS_ON:
            best = flat[:end]
    return best


# 补贴对象：符合条件的创业者。 — a policy list's label for who receives the item's benefit.
RECIPIENT_LABEL = re.compile(r"(?:补贴|补助|奖补|资助|支持|扶持|奖励|申请|享受|适用)对象[：:]\s*"
                             r"(?P<who>[^。；\n]{2,40})")
# A new item of a list (2、…, 三、…, （二）…) ends the reach of the label before it.
ITEM_HEAD = re.compile(r"\n\s*(?:\d{1,2}[、.．]|[一二三四五六七八九十]+、|"
                       r"[（(][一二三四五六七八九十\d]+[）)])")
LABEL_REACH = 600


def labelled_recipient(text: str, pos: int) -> str | None:
    """The recipient the nearest 补贴对象： label names, within the same list item as `pos`."""
    lo = max(0, pos - LABEL_REACH)
    label = last_match(RECIPIENT_LABEL.finditer(text, lo, pos))
    if label is None or ITEM_HEAD.search(text, label.end(), pos):
        return None
    who = label.group("who").strip().rstrip("，,")
    return who if RECIPIENT_NOUN.search(who) else None


def fill_defined_recipients(doc: Document, facts: list[Fact], benefit: re.Pattern[str]) -> list[Fact]:
    """Give records that name no recipient the one their benefit's name opens with, else the one
    their part defines (补贴对象为…)."""
    defined: dict[int, str | None] = {}
    for fact in facts:
        if fact.fields.get("beneficiary"):
            continue
        named = (recipient_in_name(fact.fields.get("item"), benefit)
                 or labelled_recipient(doc.text, fact.start))
        if named:
            fact.fields["beneficiary"] = named
            continue
        if fact.part not in defined:
            part = next((p for p in doc.parts if p.index == fact.part), None)
            text = doc.text[part.start:part.end] if part else doc.text
            defined[fact.part] = defined_recipient(re.sub(r"\s+", "", text))
        if defined[fact.part]:
            fact.fields["beneficiary"] = defined[fact.part]
    return facts
