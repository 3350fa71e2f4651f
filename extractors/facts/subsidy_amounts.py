"""Subsidy amounts: which numbers of a clause are a benefit's standard, with their per-unit wording.

A standard is money, a share or a multiple written with a grant, benefit or cap word (给予…1000元,
最高不超过50万元, 按投入的20%), per unit where the text says so (每人每月300元 → 元/人/月), at a
range's upper end (3—10万元), and with the standard it replaces (由1000元提高至4000元). Thresholds,
results, budgets, fines and the payer's own contributions are not standards. Read by
extractors/facts/subsidies.py, which holds the word lists (`Lexicon`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.facts.quantity_filters import is_instalment_share, is_share_of_own_amount
from extractors.facts.subsidy_recipients import chunk_bounds, last_match
from extractors.normalize.numbers import Quantity, find_quantities, parse_number

if TYPE_CHECKING:
    from extractors.facts.subsidies import Lexicon

DISCOUNT = re.compile(r"(?<![打])(?P<n>[一二三四五六七八九]{1,2}|\d{1,2}(?:\.\d)?)折(?![旧算合扣])")
RATIO = re.compile(r"(?P<a>\d+)[:：](?P<b>\d+)(?:的)?比例")
RAISE = re.compile(r"(?:由|从)(?P<old>[^，。；]{1,40}?)均?"
                   r"(?:提高|提升|上调|调整|增加|增至|提至)(?:至|到|为)?")


@dataclass
class Amount:
    """One amount judged to be a subsidy standard, at flat [start, end) of its clause."""

    value: float
    unit: str
    start: int
    end: int
    previous: float | None = None
    label: str = ""  # the name written before the old standard (由车间1000元/人、基地2000元/人…)


RATIO_PHRASE = re.compile(r"(?:按|最高可按)[^，。；]{1,30}?\d+(?:\.\d+)?%")
RANGE_JOIN = ("至", "到", "—", "－", "-", "～", "~", "—至")
PER_HEAD = re.compile(r"每(?:招用|增加|吸纳|安置|带动|新招用)\d+(?:人|名)")
# 每成功推荐1个企业…的，给予1万元: a reward per counted thing (元/个, 元/家, 元/户).
PER_COUNT = re.compile(r"每[^，。；\d]{0,8}?(?:1|一)(?P<unit>个|家|户)(?![月年工小])")
# 场地租金总额的50%予以补贴，每个企业…不超过5万元: a share of a cost base beside a cap is the condition.
COST_SHARE = re.compile(r"(?:总额|费用|金额|租金|支出|投入|成本|价款|价格)的$")
# Words after which the next number is a rate or standard (按每人…, 每增加1人…), not a condition.
PER_WORD = re.compile(r"每[人户家名]")
LABEL_BEFORE = re.compile(r"[^，。；：:\n]{0,6}(?:标准|金额|额度)[：:]$")
STANDARD_MARK = re.compile(r"按|每(?:增加|招用|吸纳)?\d*[人名户家个年月]")
PAID_OUT = re.compile(r"发放|兑付|拨付|减免了|共为|共计|为\d+(?:\.\d+)?万?(?:名|家|户|人)")
NOT_AMOUNT_AFTER = ("以上", "以下", "及以上", "左右", "多", "余", "之和", "）之和", ")之和")
# 累计 before a cap word bounds a running total (累计最高不得超过5万元): a cap, not money already paid.
CUMULATIVE_CAP = re.compile(r"累计(?=(?:金额|额度|总额)?(?:最高|不超过|不得超过|不高于|上限|封顶))")
# A share inside a calculation rule (按…应缴纳社会保险费50%的标准确定): part of the formula, not the amount.
FORMULA_SHARE = re.compile(r"^(?:的)?(?:标准|比例|额度)?(?:确定|计算|核定|测算)")


def _quantities(flat: str) -> list[Quantity]:
    """Money, percentages and multiples in the clause, plus discounts (六五折) and ratios (1:1)."""
    out = [q for q in find_quantities(flat) if q.unit and (q.unit.startswith("元") or q.unit in ("%", "倍"))]
    for m in DISCOUNT.finditer(flat):
        digits = m.group("n")
        try:
            value = parse_number(digits)
        except ValueError:
            continue
        value = value * 10 if value < 10 and len(digits) == 1 else value
        out.append(Quantity(value, "%", None, m.group(), m.start(), m.end(), number_start=m.start()))
    for m in RATIO.finditer(flat if "配套" in flat else ""):
        a, b = float(m.group("a")), float(m.group("b"))
        if a:
            out.append(Quantity(b / a, "倍", None, m.group(), m.start(), m.end(), number_start=m.start()))
    return merge_ranges(flat, sorted(out, key=lambda q: q.start))


def merge_ranges(flat: str, qs: list[Quantity]) -> list[Quantity]:
    """1万元至3万元: two amounts joined by 至/到/— are one range, kept at its upper end (GUIDELINES)."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (prev and prev.unit == q.unit and q.unit.startswith("元") and not prev.upper
                and flat[prev.end:q.start] in RANGE_JOIN and q.value > prev.value):
            out[-1] = Quantity(prev.value, q.unit, ">=", flat[prev.start:q.end], prev.start, q.end,
                               upper=q.upper or q.value, number_start=prev.number_start)
        else:
            out.append(q)
    return out


def _per_unit(before: str, lex: Lexicon) -> str | None:
    """The per-unit wording nearest before an amount (每人每月 → 元/人/月)."""
    best: tuple[int, int, str] | None = None
    for rank, (pattern, unit) in enumerate(lex.per_unit):
        last = last_match(pattern.finditer(before))
        if last and (best is None or (last.end(), -rank) > (best[0], -best[1])):
            best = (last.end(), rank, unit)
    return best[2] if best else None


def _per_count(before: str) -> str | None:
    """The rate a chunk sets for the next one: 每招用1人 → 元/人, 每成功推荐1个企业 → 元/个."""
    if re.search(r"\d[万亿]?元", before):
        return None
    if PER_HEAD.search(before):
        return "元/人"
    m = PER_COUNT.search(before)
    return f"元/{m.group('unit')}" if m else None


def _is_standard(flat: str, q: Quantity, lex: Lexicon, money_elsewhere: bool, raised: bool,
                 listed: bool = False) -> bool:
    """Whether a quantity is a benefit's amount, not a threshold, result, budget or fine; `listed`:
    it continues a list of amounts at the same rate, whose first item named the benefit."""
    cs, ce = chunk_bounds(flat, q.start)
    before, after, chunk = flat[cs:q.start], flat[q.end:ce], flat[cs:ce]
    label = LABEL_BEFORE.search(flat, max(0, cs - 10), cs)
    if label:  # 补贴标准：10000元: the label before the colon names what the amount is
        before, chunk = label.group() + before, label.group() + chunk
    if after.startswith(NOT_AMOUNT_AFTER) or q.raw.endswith(("以上", "以下")):
        return False
    if any(lex.cue[role].search(CUMULATIVE_CAP.sub("", chunk))
           for role in ("achievement", "payer", "allocation")):
        return False
    marks = [m.end() for role in ("grant", "cap") for m in lex.cue[role].finditer(before)]
    marks += [m.end() for m in STANDARD_MARK.finditer(before)]
    gap = before[max(marks):] if marks else before
    if lex.cue["threshold"].search(re.sub("不得?超过", "", gap)):
        return False
    if q.unit.startswith("元"):
        if q.value >= 1e8 and not lex.cue["cap"].search(before):
            return False
        if lex.cue["budget"].search(gap[-3:]) and not lex.cue["grant"].search(gap):
            return False
        if q.unit == "元" and PAID_OUT.search(chunk) and not re.search(r"标准|每|最高|不超过|可", chunk):
            return False  # 向2000名劳动力发放贷款5000万元: a sum handed out, not a standard
    if q.unit == "倍" and not re.search(r"配套|补助|补贴|奖励|资助|奖补", chunk):
        return False
    if q.unit == "%" and raised and lex.benefit.search(flat):
        return True  # 加计扣除比例…从75%提高至100%: the benefit's new rate
    if not (listed or lex.cue["grant"].search(chunk) or lex.benefit.search(chunk)
            or (lex.cue["cap"].search(chunk) and lex.benefit.search(flat))):
        return False
    if q.unit == "%":
        if "按" in before and FORMULA_SHARE.search(after):
            return False
        if re.search(r"不低于|不少于", before):
            return False  # a floor the payer must meet (不低于最低工资80%), not a benefit
        if is_instalment_share(flat, q.start) or is_share_of_own_amount(before):
            return False  # 分两次兑付…兑付70%, 上年度补贴额的20%以内: no amount of its own
        if money_elsewhere and not raised and (re.search(r"按|最高|不超过", before)
                                               or COST_SHARE.search(before)):
            return False  # a ratio next to a cap: the cap is the amount, the ratio a condition
    return True


def _amount_unit(flat: str, q: Quantity, lex: Lexicon) -> str:
    """元 with its per-unit wording (每人每月 → 元/人/月; 企业每吸纳1名…就业，给予1000元 → 元/人,
    the rate being in one of the two chunks before); other units as read."""
    if q.unit != "元":
        return q.unit
    cs, _ = chunk_bounds(flat, q.start)
    unit = _per_unit(flat[cs:q.start], lex) or "元"
    lo = cs
    for _ in range(2):
        if unit != "元" or lo <= 1:
            break
        lo, _ = chunk_bounds(flat, lo - 1)
        unit = _per_count(flat[lo:cs]) or unit
    return unit


def find_amounts(flat: str, lex: Lexicon) -> list[Amount]:
    """Subsidy amounts of a clause; 由X提高至Y gives Y with X as the previous standard."""
    qs = _quantities(flat)
    old: dict[int, float] = {}  # index of a quantity that is an old standard → its value
    prev_of: dict[int, list[tuple[float, str]]] = {}
    for m in RAISE.finditer(flat):
        olds = [i for i, q in enumerate(qs) if m.start("old") <= q.start < m.end("old")]
        new = next((i for i, q in enumerate(qs) if q.start >= m.end()), None)
        if olds and new is not None:
            labels, left = [], m.start("old")
            for i in olds:
                old[i] = qs[i].value
                labels.append(flat[left:qs[i].start].strip("、，"))
                left = qs[i].end
            prev_of[new] = [(qs[i].value, label if len(olds) > 1 else "")
                            for i, label in zip(olds, labels, strict=True)]
    last_old: dict[str, float] = {}
    money = any(q.unit.startswith("元") and flat[q.end:q.end + 2] not in ("以上", "以下") for q in qs)
    out: list[Amount] = []
    for i, q in enumerate(qs):
        if i in old:
            last_old[q.unit[:1]] = q.value
            continue
        raised = i in prev_of or bool(re.search(r"提高至|提高到|上调至", flat[max(0, q.start - 6):q.start]))
        unit = _amount_unit(flat, q, lex)
        # …每人每天120元，居民参保人员每人每天60元: the next item of a list of rates at one per-unit
        listed = bool(out) and unit == out[-1].unit and "/" in unit and bool(PER_WORD.search(
            flat[chunk_bounds(flat, q.start)[0]:q.start]))
        if not _is_standard(flat, q, lex, money and not q.unit.startswith("元"), raised, listed):
            continue
        value = q.upper if q.upper else q.value
        carried_old = last_old.get(q.unit[:1]) if raised else None
        previous = prev_of.get(i) or [(carried_old, "")]
        for prev, label in previous:
            out.append(Amount(value, unit, q.start, q.end, prev, label))
    return out
