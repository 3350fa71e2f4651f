"""The one home of date parsing: absolute due dates, relative time limits, reference dates.

Chinese official documents (公文, GB/T 9704) write deadlines in a few fixed shapes: a calendar
date or period end followed by 前 (2023年12月31日前, 6月底前, 年底前, 第三季度末前, 上半年),
often without the year, which is then the year of the document itself; a recurring date
(每年3月底前), whose next occurrence after the document's date is the first due date; and a
relative limit counted from an event (受理申请之日起15个工作日内, 1个月内, 2年内). Everything here
is a pure function of text and a reference date, so it is tested without a Document.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from extractors.normalize.numbers import parse_number

_NUM = r"[0-9０-９]+|[零〇○一二两三四五六七八九十百]+"
_YEAR = r"(?:[12][0-9]{3}|[12][0-9]\s[0-9]{2}|[一二][〇零○一二三四五六七八九]{3})"
_SP = r"\s*"

# A date or period end, optionally recurring, optionally ending in 前 (a due date).
DUE_EXPRESSION = re.compile(
    r"(?=[每0-9０-９零〇○一二两三四五六七八九十百年底末第季上下今次翌明当本去])"  # cheap first-character test
    rf"(?P<every>每年度?|每个?季度|每半年|每个?月)?{_SP}"
    rf"(?:(?P<year>{_YEAR}){_SP}年(?:度)?{_SP}"
    r"|(?P<rel_year>次年|翌年|明年|今年|当年|本年|去年|上年)(?:度)?)?"
    r"(?:"
    rf"(?P<month>{_NUM}){_SP}月{_SP}(?:(?P<day>{_NUM}){_SP}[日号]|(?P<mpart>底|末|份|中旬|上旬|下旬))?"
    r"|(?P<yend>年底|年末|年终|底|末)"
    rf"|第?(?P<quarter>[一二三四1-4]){_SP}季度{_SP}(?P<qend>末|底)?"
    r"|(?P<qevery>季度末|季度底|季末)"
    r"|(?P<half>上半年|下半年|年中)"
    r"|(?P<ybefore>(?<=年)(?=前(?![后一二两三四五六七八九十几\d０-９])))"  # 2027年前完成: by the year's end
    rf"|(?<=月)(?P<mday>{_NUM}){_SP}[日号]"  # 每月10日前 (only after 每月)
    r")"
    r"(?P<suffix>前|之前|以前|为止)?"
)

_RELATIVE_YEARS = {"次年": 1, "翌年": 1, "明年": 1, "今年": 0, "当年": 0, "本年": 0, "去年": -1, "上年": -1}
_HALF_DAYS = {"个月": 15, "月": 15, "年": 180, "个年度": 180}
_UNIT_DAYS = {"日": 1, "天": 1, "工作日": 1, "个工作日": 1, "自然日": 1, "个自然日": 1,
              "周": 7, "个星期": 7, "星期": 7, "个月": 30, "月": 30, "年": 365, "个年度": 365}

# A relative limit: a count of days/weeks/months/years, optionally followed by 内 / 以内 / 之内.
TIME_LIMIT = re.compile(
    rf"(?P<num>{_NUM}|半){_SP}(?P<unit>个工作日|工作日|个自然日|自然日|个星期|星期|个月|个年度|日|天|周|年"
    r"|(?<=[0-9０-９])个?小时(?=内|以内|之内))"  # 24小时内: hours only as a limit, whole days only
    r"(?P<within>内|以内|之内)?"
)

# A full calendar date as written in a 落款 or a page header: 2022年9月6日, 二〇二二年九月六日, 2022-09-06.
FULL_DATE = re.compile(
    rf"(?P<year>{_YEAR}){_SP}年{_SP}(?P<month>{_NUM}){_SP}月{_SP}(?P<day>{_NUM}){_SP}日"
    r"|(?P<iyear>[12][0-9]{3})[-./](?P<imonth>[01]?[0-9])[-./](?P<iday>[0-3]?[0-9])(?![0-9])"
)
YEAR_MENTION = re.compile(rf"(?P<year>{_YEAR}){_SP}年")


@dataclass(frozen=True)
class DueDate:
    """A resolved due date and how it was written."""

    date: dt.date
    recurring: bool
    explicit_year: bool


def to_int(text: str) -> int:
    """A numeral as written in a date (12, １２, 十二, 二〇二三) → int; ValueError when none."""
    squeezed = re.sub(r"\s+", "", text)
    if re.fullmatch(r"[一二][〇零○一二三四五六七八九]{3}", squeezed):
        digits = "〇一二三四五六七八九"
        return int("".join(str(digits.index(ch if ch not in "零○" else "〇")) for ch in squeezed))
    return int(parse_number(squeezed))


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def limit_days(number: str, unit: str) -> int | None:
    """A limit in days: 15日 → 15, 5个工作日 → 5, 1个月 → 30, 半年 → 180, 1年 → 365 (GUIDELINES.md),
    48小时 → 2; None for hours that make no whole day (12小时)."""
    if unit.endswith("小时"):
        hours = to_int(number)
        return hours // 24 if hours % 24 == 0 else None
    if number == "半":
        return _HALF_DAYS.get(unit)  # 半个月 = 15, 半年 = 6个月 = 180
    return to_int(number) * _UNIT_DAYS[unit]


def parse_full_date(text: str) -> dt.date | None:
    """The first full calendar date in `text`, or None."""
    for m in FULL_DATE.finditer(text):
        try:
            if m.group("year"):
                return dt.date(to_int(m.group("year")), to_int(m.group("month")), to_int(m.group("day")))
            return dt.date(int(m.group("iyear")), int(m.group("imonth")), int(m.group("iday")))
        except ValueError:
            continue
    return None


def _in_year(m: re.Match[str], year: int) -> dt.date | None:
    """The date a due expression names within one year; None when it names no date."""
    if m.group("month"):
        month = to_int(m.group("month"))
        if m.group("day"):
            return dt.date(year, month, to_int(m.group("day")))
        part = m.group("mpart")
        if part == "上旬":
            return dt.date(year, month, 10)
        if part == "中旬":
            return dt.date(year, month, 20)
        return month_end(year, month)
    if m.group("yend"):
        return dt.date(year, 12, 31)
    if m.group("quarter"):
        quarter = to_int(m.group("quarter"))
        return month_end(year, quarter * 3)
    if m.group("ybefore") is not None:
        return dt.date(year, 12, 31)
    if m.group("half"):
        return dt.date(year, 12, 31) if m.group("half") == "下半年" else dt.date(year, 6, 30)
    return None


def _next_month_day(ref: dt.date, day: int) -> dt.date:
    """The first given day of a month after a date (每月10日前), clipped to the month's end."""
    year, month = ref.year, ref.month
    for _ in range(2):
        candidate = dt.date(year, month, min(day, month_end(year, month).day))
        if candidate > ref:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return candidate


def _next_quarter_end(ref: dt.date) -> dt.date:
    """The first quarter end after a date (每季度末)."""
    for month in (3, 6, 9, 12):
        end = month_end(ref.year, month)
        if end > ref:
            return end
    return dt.date(ref.year + 1, 3, 31)


def resolve_due(m: re.Match[str], ref: dt.date | None) -> DueDate | None:
    """Resolve a DUE_EXPRESSION match against the document's date.

    An explicit year wins. A recurring date resolves to its first occurrence after `ref`;
    a yearless one-off date to the document's year, or the next year when it would fall more
    than a month before the document was issued (a deadline cannot precede its notice).
    """
    try:
        if m.group("year"):
            date = _in_year(m, to_int(m.group("year")))
            return DueDate(date, bool(m.group("every")), True) if date else None
        if ref is None:
            return None
        if m.group("rel_year"):  # 次年3月底前, 今年年底前: a year counted from the document's
            date = _in_year(m, ref.year + _RELATIVE_YEARS[m.group("rel_year")])
            return DueDate(date, bool(m.group("every")), True) if date else None
        if m.group("mday"):
            return DueDate(_next_month_day(ref, to_int(m.group("mday"))), True, False)
        if m.group("qevery") or (m.group("every") or "").endswith("季度"):
            return DueDate(_next_quarter_end(ref), True, False)
        date = _in_year(m, ref.year)
        if date is None:
            return None
        if m.group("every"):
            if date <= ref:
                date = _in_year(m, ref.year + 1)
            return DueDate(date, True, False) if date else None
        if (ref - date).days > 31:
            date = _in_year(m, ref.year + 1)
        return DueDate(date, False, False) if date else None
    except ValueError:  # 2月30日, 13月: not a date
        return None
