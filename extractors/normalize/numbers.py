"""Numerals and quantities in Chinese official text → values in base units.

The one home of number parsing (STYLE.md): Arabic, full-width and Chinese numerals, 万/亿
multipliers, decimals, percentages and 百分点, ranges (3000—5000元), comparators (不低于, 以上,
左右 …) and units normalised as the export contract says (3000万人 → 30000000 人). Units,
comparators and person nouns are data (extractors/patterns/units.tsv, comparators.tsv), read on
first use. Fact extractors call `find_quantities` on a clause and decide what each number means.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from schema.errors import PatternFileError

COMPARATORS = (">=", "<=", "=")
POSITIONS = ("before", "lead", "after", "inside")
UNIT_KINDS = ("unit", "noun", "person")

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
# A unit character that starts a longer word is no unit: 6部门, 3条件, 2期间, 5处理, 3人民, 10项目.
WORD_AFTER_UNIT = ("门", "署", "件下", "例", "款", "间", "理", "置", "槛", "型", "目", "属", "序", "隔",
                   "景", "账", "阶", "谈", "准", "复", "贴", "额", "才", "社", "乡", "级", "庭", "月",
                   "工作日", "子", "式", "制", "均")

# A unit that with the next characters makes another word: 3人民 is no 3人, 三次产业 names sectors.
_NOT_UNIT_WORDS = "(?!(?<=人)民)(?!(?<=次)产业)"
ARABIC_NUMBER = r"\d+(?:,\d{3})*(?:\s?[.．]\s?\d+)?"
CHINESE_NUMBER = r"[零〇一二两三四五六七八九十百千万亿]+"
# Fractions such as 三分之二 and 百分之三十 (the latter is a percentage).
CHINESE_FRACTION = re.compile(r"(百分之|[一二三四五六七八九十]分之)([零〇一二两三四五六七八九十百点\d.]+)")
HALF = re.compile(r"(一半|半数)(?!以)")  # 超过全球一半: a share, when a comparator or 占/达 leads to it
# 下降超过五成, 九成以上: tenths as a share, when a comparator or a verb of change leads or 以上 follows.
TENTHS = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九])成(以上|左右)?(?![为立功本员果效就])")
_TENTHS_LEAD = re.compile(r"(超过|超|近|接近|达到|达|占|约|逾|下降|增长|提高|减少|上升|降低)$")
_HALF_LEAD = re.compile(r"(超过|超|近|接近|达到|达|占|约|逾)[^，。；、\d]{0,6}$")
_CHINESE_NUMBER_RE = re.compile(CHINESE_NUMBER)
_PLAIN_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_DECIMAL_DIGITS = re.compile(r"[\d.]+")
_DIGIT = re.compile(r"\d")
_PHRASE_END = re.compile(r"[，。；、,;（(]")
_HEADING_NUMBER = re.compile(r"\d+(\.\d+)+\s")
_RANGE_DASH = r"\s*[—–\-~～至到]\s*"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and comparator as written in a clause.

    `value` is in base units (3.35亿元 → 335000000 元); a range keeps its lower end in `value`
    and its upper end in `upper`. `comparator` is None when the text states none, so each fact
    type can choose its own default (a target's 达到 means >=, an achievement's means =).
    `start`/`end` are offsets into the text given to `find_quantities` (plus its offset).
    """

    value: float
    unit: str | None
    comparator: str | None
    raw: str
    start: int
    end: int
    upper: float | None = None
    number_start: int = 0  # where the numeral itself begins (after any comparator word)


@dataclass(frozen=True)
class Lexicon:
    """Units, nouns and comparators from the pattern files, compiled once."""

    units: dict[str, tuple[str, float]]  # surface → (base unit, factor)
    nouns: dict[str, str]  # noun written straight after a number → base unit
    persons: tuple[str, ...]  # nouns that make 名 mean 人
    comparators: dict[str, dict[str, str]]  # position → word → comparator
    quantity: re.Pattern[str]
    before: re.Pattern[str]


def read_pattern_rows(name: str, columns: int) -> list[tuple[int, list[str]]]:
    """Rows of extractors/patterns/<name> (comments and blank lines skipped) with their line
    numbers; a row without `columns` non-empty tab-separated cells raises PatternFileError."""
    try:
        text = (resources.files("extractors") / "patterns" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as err:
        raise PatternFileError(f"extractors/patterns/{name}", f"cannot read: {err}") from err
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns or not all(c.strip() for c in cells):
            raise PatternFileError(f"extractors/patterns/{name}",
                                   f"line {lineno}: expected {columns} tab-separated cells")
        rows.append((lineno, [c.strip() for c in cells]))
    return rows


def _alternation(words) -> str:
    """Longest first; a line break or space may sit inside a word (以\n上) in wrapped text."""
    return "|".join(r"\s?".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))


@cache
def lexicon() -> Lexicon:
    """Load and check units.tsv and comparators.tsv once; raise PatternFileError on a bad row."""
    units: dict[str, tuple[str, float]] = {}
    nouns: dict[str, str] = {}
    persons: list[str] = []
    for lineno, (surface, base, factor, kind) in read_pattern_rows("units.tsv", 4):
        if kind not in UNIT_KINDS:
            raise PatternFileError("extractors/patterns/units.tsv", f"line {lineno}: unknown kind {kind!r}")
        try:
            value = float(factor)
        except ValueError as err:
            raise PatternFileError("extractors/patterns/units.tsv",
                                   f"line {lineno}: factor {factor!r} is not a number") from err
        if kind == "unit":
            units[surface] = (base, value)
        elif kind == "noun":
            nouns[surface] = base
        else:
            persons.append(surface)
    comparators: dict[str, dict[str, str]] = {p: {} for p in POSITIONS}
    for lineno, (word, position, comparator) in read_pattern_rows("comparators.tsv", 3):
        if position not in POSITIONS or comparator not in COMPARATORS:
            raise PatternFileError("extractors/patterns/comparators.tsv",
                                   f"line {lineno}: bad position {position!r} or comparator {comparator!r}")
        comparators[position][word] = comparator
    return Lexicon(units, nouns, tuple(persons), comparators,
                   _compile_quantity(units, nouns, comparators),
                   re.compile(f"(?:{_alternation(comparators['before'])})"))


def _compile_quantity(units, nouns, comparators) -> re.Pattern[str]:
    """One regex for number (range) + multiplier + unit + trailing comparator."""
    number = f"(?:{ARABIC_NUMBER}|{CHINESE_NUMBER})"
    unit_alt = _alternation(list(units) + list(nouns))
    return re.compile(
        f"(?P<lead>{_alternation(comparators['lead'])})?"
        f"(?P<num>{number})(?:\\s*(?P<lowmult>{_alternation(MULTIPLIERS)})?{_RANGE_DASH}(?P<hi>{number}))?"
        f"\\s*(?P<inside>{_alternation(comparators['inside'])})?"
        f"\\s*(?P<mult>{_alternation(MULTIPLIERS)})?"
        f"\\s*(?P<inside2>{_alternation(comparators['inside'])})?"
        f"\\s*(?P<unit>(?:{unit_alt})(?!{_alternation(WORD_AFTER_UNIT)}){_NOT_UNIT_WORDS})?"
        f"(?P<per>(?:/(?:人|户|月|年|天|日|次|亩|平方米|千瓦时|个|家|吨))*)"
        f"(?:\\s*(?:[（(]含[)）])?\\s*(?P<after>{_alternation(comparators['after'])}))?"
    )


def parse_number(text: str) -> float:
    """Arabic, full-width or Chinese numeral (with 万/亿) → float; ValueError when it is none."""
    s = "".join(text.translate(_FULLWIDTH).split()).replace(",", "").replace("，", "")
    if not s:
        raise ValueError("empty numeral")
    if s in MULTIPLIERS:  # 超过万亿元: the unit word alone means one of it
        return MULTIPLIERS[s]
    mult = 1.0
    for word, factor in MULTIPLIERS.items():
        if s.endswith(word) and _DECIMAL_DIGITS.fullmatch(s[: -len(word)] or "x"):
            s, mult = s[: -len(word)], factor
            break
    if _PLAIN_DECIMAL.fullmatch(s):
        return float(s) * mult
    if _CHINESE_NUMBER_RE.fullmatch(s):
        return _parse_chinese(s) * mult
    raise ValueError(f"not a numeral: {text!r}")


def _parse_chinese(s: str) -> float:
    """三千万 → 30000000, 一百二十 → 120, 十五 → 15, 两 → 2, 二〇二三 → 2023."""
    if all(ch in _CN_DIGITS for ch in s):
        return float("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, section, digit = 0.0, 0.0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_LARGE:
            section += digit or 0
            if ch == "亿":
                total = (total + (section or 1)) * _CN_LARGE[ch]
            else:
                total += (section or 1) * _CN_LARGE[ch]
            section, digit = 0.0, None
    return total + section + (digit or 0)


def _squeeze(text: str | None) -> str:
    """A matched word without the line breaks and spaces wrapped text put inside it."""
    return "".join((text or "").split())


def _unit_of(m: re.Match[str], text: str, lex: Lexicon) -> tuple[str, float]:
    """Base unit and factor of the matched unit word (名 before a person noun → 人)."""
    word = _squeeze(m.group("unit"))
    if not word:
        return "", 1.0
    if word in lex.nouns:
        return lex.nouns[word], 1.0
    base, factor = lex.units[word]
    if word in ("名", "位"):  # 300名指标 stays 名; 2027名脱贫劳动力, 3位专家 are people
        tail = _PHRASE_END.split(text[m.end("unit"): m.end("unit") + 10], maxsplit=1)[0]
        if any(p in tail for p in lex.persons):
            return "人", factor
    per = _squeeze(m.group("per"))
    return base + per, factor


def _comparator_before(text: str, start: int, lex: Lexicon) -> str | None:
    """The comparator word written before a number in its comma clause, if any."""
    left = max(text.rfind(ch, 0, start) for ch in "，,；;。：:、（(") + 1
    window = text[left:start]
    if _DIGIT.search(window):  # another number in between: the word belongs to it
        window = _DIGIT.split(window)[-1]
    found = lex.before.findall(window)
    return lex.comparators["before"][_squeeze(found[-1])] if found else None


def _is_numeral_noise(m: re.Match[str], text: str) -> bool:
    """Ordinals (第三), list labels (一是), dates and bare 一 (一批, 一个) are not quantities; nor is
    一一 (唯一一个, 一一对应), which no count is written as."""
    num, start = m.group("num"), m.start("num")
    before = text[max(0, start - 1): start]
    if before == "第" or (before.isdigit() and not m.group("lead")):
        return True
    line_start = start == 0 or text[start - 1] == "\n"
    if line_start and _HEADING_NUMBER.match(text, start):  # a heading number: 2.1 种子…
        return True
    if _CHINESE_NUMBER_RE.fullmatch(num):
        passed = num == "万亿" and re.search(r"(超过|突破|破|达到|达|逾)$", text[max(0, start - 2):start])
        if num in {"一", "万", "亿", "千", "百", "十"} or num.startswith(("万", "亿")) and not passed \
                or "一一" in num:
            return True  # 万众, 亿万; but 超过万亿元 is a size passed
        if m.group("unit") in {"部", "门", "类", "种", "批", "期", "支", "处"} and len(num) == 1:
            return True  # 三部门, 两类, 五种: names of groups, not counts to reach
    return False


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every number with a known unit in `text`, in order, with its comparator and span."""
    lex = lexicon()
    out: list[Quantity] = []
    for m in lex.quantity.finditer(text):
        if _is_numeral_noise(m, text) or not (m.group("unit") or m.group("mult")):
            continue
        lead = _squeeze(m.group("lead"))
        if lead == "上" and m.group("num")[0] not in "百千万":
            lead = None
        try:
            low, high = parse_number(m.group("num")), m.group("hi") and parse_number(m.group("hi"))
        except ValueError:
            continue
        unit, factor = _unit_of(m, text, lex)
        mult = MULTIPLIERS.get(_squeeze(m.group("mult")), 1.0) * factor
        low_mult = MULTIPLIERS.get(_squeeze(m.group("lowmult")), 0.0) * factor  # 5万至10万人
        comparator = (lex.comparators["lead"].get(lead)
                      or lex.comparators["inside"].get(_squeeze(m.group("inside") or m.group("inside2")))
                      or lex.comparators["after"].get(_squeeze(m.group("after")))
                      or _comparator_before(text, m.start(), lex))
        if high:
            comparator = comparator or ">="
        start = m.start() if lead else m.start("num")
        if _is_negative(text, m.start("num")):  # 增长-3.8%
            low = -low
        out.append(Quantity(value=_tidy(low * (low_mult or mult)), unit=unit or None, comparator=comparator,
                            raw=m.group(), start=start + offset, end=m.end() + offset,
                            upper=_tidy(high * mult) if high else None,
                            number_start=m.start("num") + offset))
    out.extend(_fractions(text, offset))
    out.sort(key=lambda q: q.start)
    return out


def _is_negative(text: str, start: int) -> bool:
    """A minus sign straight before the number and not between two numbers (3-5 is a range)."""
    return start > 0 and text[start - 1] in "-－" and not (start > 1 and text[start - 2].isdigit())


def _fractions(text: str, offset: int) -> list[Quantity]:
    """三分之二 → 66.67 %, 百分之三十 → 30 %, 超过全球一半 → >= 50 %."""
    out, lex = [], lexicon()
    for m in CHINESE_FRACTION.finditer(text):
        try:
            numerator = parse_number(m.group(2))
            denominator = 100.0 if m.group(1) == "百分之" else _parse_chinese(m.group(1)[:-2])
        except ValueError:
            continue
        if denominator:
            out.append(Quantity(value=round(100 * numerator / denominator, 2), unit="%",
                                comparator=_comparator_before(text, m.start(), lex), raw=m.group(),
                                start=m.start() + offset, end=m.end() + offset,
                                number_start=m.start() + offset))
    for m in TENTHS.finditer(text):
        lead = _TENTHS_LEAD.search(text[max(0, m.start() - 2):m.start()])
        if lead or m.group(2):
            comparator = ">=" if m.group(2) == "以上" else (
                lex.comparators["before"].get(lead.group(1)) or lex.comparators["lead"].get(lead.group(1))
                if lead else None)
            out.append(Quantity(value=10.0 * _CN_DIGITS[m.group(1)], unit="%", comparator=comparator,
                                raw=m.group(), start=m.start() + offset, end=m.end() + offset,
                                number_start=m.start() + offset))
    for m in HALF.finditer(text):
        lead = _HALF_LEAD.search(text[max(0, m.start() - 10):m.start()])
        if lead:
            word = lead.group(1)
            comparator = lex.comparators["before"].get(word) or lex.comparators["lead"].get(word)
            start = m.start() + offset
            out.append(Quantity(value=50.0, unit="%", comparator=comparator, raw=m.group(), start=start,
                                end=m.end() + offset, number_start=start))
    return out


def _tidy(value: float) -> float:
    """Remove float noise from multiplication (3.35 * 1e8 → 335000000.0)."""
    return float(round(value, 6)) if abs(value) < 1e6 else float(round(value))


def normalize_text(text: str) -> str:
    """NFKC without touching Chinese punctuation widths we rely on (，。；): digits, %, letters."""
    return unicodedata.normalize("NFKC", text) if text.isascii() else text.translate(_FULLWIDTH)
