"""公文 metadata read from lines of clean text (GB/T 9704): 文号, dates, issuers, title, kind.

Pure functions over strings; `structure.py` decides which lines to hand them. The conventions:
发文机关标志 "…文件" (letterhead), 文号 "X〔YYYY〕N号" with any bracket style, 主送机关 ending in ：,
成文日期 at the signature block (Arabic or Chinese numerals), "X关于…的通知" titles.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from extractors.textnorm import CJK, read_pattern_tsv

DOC_NUMBER = re.compile(
    f"([{CJK}]{{1,14}}?)\\s*[〔\\[［(（【﹝]\\s*((?:19|20)\\d{{2}})\\s*[〕\\]］)）】﹞]\\s*(\\d{{1,4}})\\s*号"
)
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
CN_DATE = re.compile(
    "([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
ENGLISH_DATE = re.compile(
    r"(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* ((?:19|20)\d{2})"
)
SIGNATURE_DATE = re.compile(
    r"^[（(]?((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日)[)）]?\s*(印发|发布|通过)?$"
)
SIGNER = re.compile(r"签\s*发\s*人[:：]\s*\S+(?:\s+\S{2,4})*$")
LETTERHEAD = re.compile(r"^(.{0,60}?)\s*文\s*件$")
TITLE_ISSUER = re.compile(r"^(.{2,80}?)(?:关于|印发|转发|等[一二三四五六七八九十\d]+部门)")
NEWS_PREFIX = re.compile(r"^([^：:，。]{2,20})[：:]")
# Government work reports and web bylines.
REPORT_TITLE = re.compile(r"^(?:.{2,8}?作的)?(.{2,30}?报告)(?:[（(](?:摘登|摘要|全文|节选|要点)[)）])?$")
REPORT_SPEAKER = re.compile(
    r"([^\s，。]{2,10}?)(?:总理|省长|市长|州长|县长|区长|主席)[^\s，。]{1,4}?"
    r"(\d{1,2})月(\d{1,2})日在[^，。]{0,10}报告"
)
# （2023年3月5日国务院总理李克强代表国务院向十四届全国人大一次会议作的政府工作报告）
REPORT_DELIVERED = re.compile(
    r"^[（(]((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\S*?(?:总理|省长|市长|州长|县长|区长|主席)\S{1,4}?"
    r"代表(\S{2,12}?)向\S{2,40}作的\S{0,10}报告[)）]$"
)
SPEECH_OPENING = re.compile(r"^各位(?:代表|委员)[:：]$")
# ——2024年1月10日在X市第五届人民代表大会第四次会议上: the report's subtitle, its date and place
REPORT_SESSION = re.compile(
    r"^[—－-]{1,2}\s*(\S{6,16}?日)\s*在(\S{2,12}?[省市州县区盟])?\S{0,12}?"
    r"(?:人民代表大会|政治协商会议|人大|政协)\S{0,24}上$"
)
SPEECH_SPEAKER = re.compile(r"我代表([^，。]{2,20}?(?:人民政府|政府))[，,]?\s*向大会(?:报告|作)")
BYLINE = re.compile(  # a web page's byline: body and timestamp
    r"^(\S{2,30}?(?:委员会|人民政府|办公厅|局|厅|部|委))\s*(?:19|20)\d{2}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2})?$"
)
RELEASED = re.compile(r"(\d{1,2})月(\d{1,2})日(?:由)?新华社(?:受权)?(?:发布|播发)")
DATELINE = re.compile(r"^\S{2,10}?(?:\d{1,2}月\d{1,2}日)电")  # 新华社北京2月13日电
DATED_LINE = re.compile(r"^[（(]\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*[)）]$")
MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
SITE_SUFFIX = re.compile(r"(官方网站|官网|门户网站|网站)$")
SESSION = re.compile(r"第[一二三四五六七八九十百]+届|第[一二三四五六七八九十百]+次会议.*$|会议.*$")


def normalize_doc_number(match: re.Match[str]) -> str:
    """`国乡振发 [2023] 8 号` → `国乡振发〔2023〕8号`."""
    return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"


def find_doc_number(text: str) -> str | None:
    """The first 文号 in `text`, normalised, or None."""
    match = DOC_NUMBER.search(text)
    return normalize_doc_number(match) if match else None


def is_doc_number_line(line: str) -> bool:
    """A line that is only a 文号 (the 发文字号 line; an upward report adds 签发人：name)."""
    line = SIGNER.sub("", line).strip()
    match = DOC_NUMBER.search(line)
    return bool(match) and len(line) - (match.end() - match.start()) <= 2


def _cn_number(text: str) -> int:
    if len(text) >= 4:
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[text]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD: 2023年9月1日, 二〇二三年九月一日, 2023-09-01, 17 Feb 2022."""
    for pattern, convert in ((DATE, int), (CN_DATE, _cn_number), (ISO_DATE, int)):
        match = pattern.search(text)
        if match:
            return _iso(*(convert(g) for g in match.groups()))
    match = ENGLISH_DATE.search(text)
    if match:
        return _iso(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    return None


@functools.lru_cache(maxsize=1)
def issuer_suffixes() -> tuple[str, ...]:
    """Endings of issuing bodies' names (issuer_suffixes.tsv), longest first."""
    return tuple(
        sorted((row[0] for _n, row in read_pattern_tsv("issuer_suffixes.tsv", 1)), key=len, reverse=True)
    )


@functools.lru_cache(maxsize=1)
def doc_kinds() -> tuple[tuple[str, str], ...]:
    """(title ending, kind) pairs (doc_kinds.tsv), longest ending first."""
    rows = [(row[0], row[1]) for _n, row in read_pattern_tsv("doc_kinds.tsv", 2)]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def is_letterhead(line: str) -> bool:
    """`广东省财政厅 文件`, a bare `文件`: the 发文机关标志 (not a title such as `2026年中央一号文件`)."""
    match = LETTERHEAD.match(line)
    return bool(match) and (not match.group(1).strip() or bool(split_issuers(match.group(1))))


def is_issuer_name(name: str) -> bool:
    """A short name ending like a body that issues documents (…部, …厅, …人民政府)."""
    name = name.strip()
    return 2 <= len(name) <= 30 and not re.search("[，。；：、]", name) and name.endswith(issuer_suffixes())


def split_issuers(text: str) -> list[str]:
    """`人力资源社会保障部 国家发展改革委` or `A、B和C` → names; pieces that are not bodies are dropped."""
    names = []
    for piece in re.split(r"[\s、，,]+", text.strip()):
        piece = piece.strip("（）()《》“”")
        if is_issuer_name(piece):
            names.append(piece)
    return names


def letterhead_issuers(lines: list[str]) -> list[str]:
    """Names in a 发文机关标志 block (around the line ending in 文件); rejoins …人民政府 / 办公厅."""
    names: list[str] = []
    for line in lines:
        match = LETTERHEAD.match(line)
        body = (match.group(1) if match else line).strip()
        if not body:
            continue
        if names and body.startswith(("办公厅", "办公室")) and not is_issuer_name(names[-1] + "x"):
            names[-1] += body.split()[0]
            body = " ".join(body.split()[1:])
        names.extend(split_issuers(body))
    return names


@functools.lru_cache(maxsize=1)
def genre_issuers() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """genre_issuers.tsv: title word → the issuers that genre always has."""
    return tuple((row[0], tuple(row[1].split("、"))) for _n, row in read_pattern_tsv("genre_issuers.tsv", 2))


def issuers_of_genre(title: str) -> list[str]:
    """2026年中央一号文件 → [中共中央, 国务院]: a genre whose issuers the title leaves unsaid."""
    return next((list(names) for word, names in genre_issuers() if word in title), [])


def issuers_from_title(title: str) -> list[str]:
    """`国家乡村振兴局关于…` → [国家乡村振兴局]; `中共中央 国务院关于…` → two names."""
    match = TITLE_ISSUER.match(title)
    return split_issuers(match.group(1)) if match else []


def news_source(title: str) -> str | None:
    """`人民日报：夯实…` → 人民日报 (a headline's `source：` prefix)."""
    match = NEWS_PREFIX.match(title)
    return match.group(1).strip() if match else None


def clean_source(source: str) -> str:
    """`广东省人力资源和社会保障厅官网` → the body's name."""
    return SITE_SUFFIX.sub("", source.strip().strip("（）()【】[]《》"))


def law_issuer(line: str) -> str | None:
    """`…河南省第十二届人民代表大会常务委员会第三十二次会议通过` → 河南省人民代表大会常务委员会."""
    if "通过" not in line:
        return None
    body = DATE.sub("", line).strip(" （）()")
    body = SESSION.sub("", re.sub(r"第[一二三四五六七八九十百]+届", "", body)).strip()
    return body if 2 <= len(body) <= 30 else None


def kind_of(title: str, has_doc_number: bool) -> str:
    """notice | news | report | law, from the 文种 at the end of the title."""
    bare = re.sub(r"[（(][^（）()]*[)）]$", "", title.strip())
    for ending, kind in doc_kinds():
        if bare.endswith(ending):
            return "notice" if has_doc_number and kind in ("news",) else kind
    return "notice" if has_doc_number else "news"


def squeeze(text: str) -> str:
    """Text without whitespace, for comparing titles."""
    return re.sub(r"\s+", "", text)


def dedupe(texts: Iterable[str]) -> list[str]:
    """Title lines without immediate repeats (exports often print the title twice)."""
    out: list[str] = []
    for text in texts:
        if not out or out[-1] != text:
            out.append(text)
    return out


def clean_title(title: str) -> str:
    """One line, single spaces; a report headline (李强作的政府工作报告（摘登）) → 政府工作报告."""
    title = re.sub(r"\s+", " ", title).strip()
    report = REPORT_TITLE.match(title)
    return report.group(1) if report else title


BARE_LEVEL_BODY = re.compile(r"^(省|市|州|县|区|盟|自治区|自治州)(人民政府|政府)$")
PLACE_SHARE = 3  # the home place is named at least this many times, and this many times the next one


@functools.lru_cache(maxsize=1)
def place_names() -> dict[str, tuple[str, ...]]:
    """Short place names by level (admin_divisions.tsv, the one place gazetteer): city, province."""
    by_level: dict[str, list[str]] = {"city": [], "province": []}
    for _n, row in read_pattern_tsv("admin_divisions.tsv", 3):
        if row[1] in by_level:
            by_level[row[1]].append(row[0])
    return {level: tuple(names) for level, names in by_level.items()}


def qualify_body(body: str, text: str, place: str | None = None) -> str:
    """`州人民政府` (a report's 我代表州人民政府) → `黔西南州人民政府`.

    A local report names its government by level only. Its place is the one its subtitle names
    (`place`, e.g. 在X州第…届人民代表大会上), else the one the text keeps naming; the body is left
    as it is when no place clearly dominates.
    """
    match = BARE_LEVEL_BODY.match(body)
    if not match:
        return body
    if place and place.endswith(match.group(1)):
        return place + match.group(2)
    level = "province" if match.group(1) in ("省", "自治区") else "city"
    counts = sorted(((text.count(n), n) for n in place_names()[level]), reverse=True)
    (top, name), (second, _) = counts[0], counts[1] if len(counts) > 1 else (0, "")
    if top < PLACE_SHARE or top < PLACE_SHARE * second:
        return body
    return name + body if not name.endswith(match.group(1)) else name + match.group(2)


YEAR_SPAN = re.compile(r"[（(](?:19|20)\d{2}\s*[—－-]+\s*(?:19|20)\d{2}年?[)）]")


@functools.lru_cache(maxsize=1)
def _preamble_name() -> re.Pattern[str]:
    endings = "|".join(re.escape(e) for e, kind in doc_kinds() if kind in ("notice", "law"))
    return re.compile(f"(?:编制|制定|修订|出台)(?:本)?([^，。；：、“”《》\\s]{{4,60}}?(?:{endings}))[，。；]")


def preamble_title(line: str) -> str | None:
    """The name an untitled text gives itself in its first sentence.

    `根据…，编制X省国民经济和社会发展第十三个五年（2016—2020年）规划纲要，阐明…` → the 规划纲要's name,
    without the year span in brackets.
    """
    match = _preamble_name().search(line[:300])
    return YEAR_SPAN.sub("", match.group(1)) if match else None


def join_title(lines: list[str]) -> str:
    """Title lines wrapped mid-phrase join without a space; a line of issuer names keeps one."""
    out = ""
    for line in lines:
        last = out.split()[-1] if out.split() else ""
        out += (" " if last and is_issuer_name(last) else "") + line.strip()
    return out


def meta_title(meta: dict) -> str | None:
    """The title a loader read from the page or front matter (gov.cn table, YAML, CMS), cleaned."""
    for key in ("gov_title", "title", "cms_title", "page_title"):
        if meta.get(key):
            return clean_title(str(meta[key]))
    return None
