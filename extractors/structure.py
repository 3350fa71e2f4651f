"""RawText → Document: parts with their 公文 metadata, heading tree, tables and sentences.

A file may hold several documents (GB/T 9704 conventions): a 转发 notice with the forwarded notice
embedded after its signature (found by that notice's own 文号 line), or an 印发 notice followed by
the 办法/方案 it issues (found by the name the notice gives it). Every offset points into the clean
text, so facts can cite their sentence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractors import metadata as md
from extractors.sentences import part_at, section_at, split_sentences
from extractors.textnorm import CJK_CHAR, INDICATOR_CAPTION
from schema.records import Document, Part, RawTable, RawText, Section, Table

PROSE = re.compile("[，。；！？]")
ISSUED_NAME = re.compile(r"(?:印发|转发)(?:了)?《?(.+?)》?的?(?:通知|$)")
QUOTED_NAME = re.compile(r"《([^《》]{4,60})》[^《》]{0,40}?印发给")
DISCLOSURE = re.compile(r"^[（(].{0,12}(公开|发布|此件).{0,12}[)）]$")
REGISTRATION = re.compile(r"^[A-Z]{2,6}\d{0,4}[-—－]\d{4}[-—－]\d{3,5}$")
UNIT_LINE = re.compile(r"^(?:计量)?单位[:：]\s*(\S{1,10})$")
HEADER_UNIT = re.compile(
    r"[（(]((?:万|亿|千|百)?(?:人次|人|元|户|个|家|件|亩|吨|台|套|次|平方米|公里|千米|%|‰)(?:/[^（）()]{1,4})?)[)）]$"
)
HEADING_KINDS = [  # (kind, regex) in nesting order; levels are ranked among the kinds a part uses
    ("篇", re.compile(r"^第[一二三四五六七八九十百零〇\d]+[篇编]\s*\S")),
    ("章", re.compile(r"^第[一二三四五六七八九十百零〇\d]+章\s*\S")),
    ("节", re.compile(r"^第[一二三四五六七八九十百零〇\d]+节\s*\S")),
    ("一", re.compile(r"^[一二三四五六七八九十百]+、\S")),
    ("（一）", re.compile(r"^[（(][一二三四五六七八九十百]+[)）]\S")),
    ("1.", re.compile(r"^\d{1,2}[.．、](?!\d)\s*\S")),
    ("（1）", re.compile(r"^[（(]\d{1,2}[)）]\S")),
]
FIRST_HEADING = re.compile(r"^(?:第[一1][章条]|一、|[（(]一[)）])")  # the opening of an issued text
ATTACHMENT = re.compile(r"^附\s*件\s*(\d{0,2})\s*[:：]?\s*(.{0,60})$")
MAX_HEAD_LINES = 14


@dataclass
class _Line:
    start: int
    end: int
    text: str
    row: bool = False

    @property
    def prose(self) -> bool:
        """Running text (clause punctuation), as opposed to titles, letterheads and table rows."""
        return bool(PROSE.search(self.text)) and not self.row


def _lines(text: str, tables: list[RawTable]) -> list[_Line]:
    row_starts = set()
    for table in tables:
        offset = table.offset or 0
        for _ in table.rows:
            row_starts.add(offset)
            end = text.find("\n", offset)
            offset = len(text) + 1 if end < 0 else end + 1
    lines, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(_Line(pos, pos + len(raw), raw, pos in row_starts))
        pos += len(raw) + 1
    return lines


def parse_structure(raw: RawText) -> Document:
    """Split the text into parts (with metadata), sections, tables and sentences."""
    lines = _lines(raw.text, raw.tables)
    starts, issued_name = _part_starts(lines)
    bounds = starts + [len(lines)]
    parts, title_spans = [], []
    for index in range(len(bounds) - 1):
        chunk = lines[bounds[index] : bounds[index + 1]]
        part, span = _read_part(chunk, index, raw.meta if index == 0 else {}, issued_name if index else None)
        part.start = chunk[0].start if index else 0
        part.end = chunk[-1].end if index + 1 < len(bounds) - 1 else len(raw.text)
        parts.append(part)
        if span:
            title_spans.append(span)
    if not parts:
        parts = [Part(index=0, start=0, end=len(raw.text), title=md.meta_title(raw.meta) or "")]
    _inherit(parts)
    sections = _sections(lines, parts)
    doc = Document(
        source=Path(raw.path).name,
        path=raw.path,
        sha256=raw.sha256,
        format=raw.format,
        encoding=raw.encoding,
        text=raw.text,
        parts=parts,
        sections=sections,
        page_starts=raw.page_starts,
        meta=raw.meta,
        warnings=raw.warnings,
    )
    doc.tables = _tables(doc, raw.tables, lines)
    doc.sentences = split_sentences(doc, title_spans)
    return doc


def _part_starts(lines: list[_Line]) -> tuple[list[int], str | None]:
    """Line indices where documents begin (0, then each embedded notice or issued attachment).

    Also the name an 印发 notice gives the document it issues, for an issued text without a title.
    """
    if not lines:
        return [], None
    starts, issued_name = [0], None
    while True:
        date_at = _signature_date_index(lines, starts[-1])
        if date_at is None:
            break
        nxt = _embedded_start(lines, date_at + 1)
        if nxt is None:
            if len(starts) == 1:
                attached, issued_name = _attachment_start(lines, date_at + 1)
                if attached is not None:
                    starts.append(attached)
            break
        starts.append(nxt)
    return starts, issued_name


def _signature_date_index(lines: list[_Line], start: int) -> int | None:
    seen_prose = False
    for i in range(start, len(lines)):
        seen_prose = seen_prose or lines[i].prose
        if seen_prose and not lines[i].row and md.SIGNATURE_DATE.match(lines[i].text):
            return i
    return None


def _embedded_start(lines: list[_Line], start: int) -> int | None:
    """A later 文号 line opens an embedded document; its letterhead/title lines come just before."""
    for i in range(start, len(lines)):
        if lines[i].row or not md.is_doc_number_line(lines[i].text):
            continue
        first = i
        while first - 1 >= start and i - first < 8 and _is_head_line(lines[first - 1]):
            first -= 1
        return first
    return None


def _is_head_line(line: _Line) -> bool:
    text = line.text
    return not (
        line.row
        or line.prose
        or md.SIGNATURE_DATE.match(text)
        or DISCLOSURE.match(text)
        or ATTACHMENT.match(text)
        or len(text) > 80
    )


def _attachment_start(lines: list[_Line], start: int) -> tuple[int | None, str | None]:
    """After an 印发 notice's signature: the line that repeats the name of what it issues.

    Without such a title line, the issued text may open at once on its first article or heading
    (第一条 / 第一章 / 一、): it starts there and takes the name the notice gives it.
    """
    head = lines[:start][: MAX_HEAD_LINES + 6]
    names = [m.group(1) for line in head for m in QUOTED_NAME.finditer(line.text)]
    match = ISSUED_NAME.search("".join(ln.text for ln in head if not ln.prose and not ln.row))
    if match:
        names.append(match.group(1))
    names = [re.sub(r"[《》\s]", "", n) for n in names if len(n) >= 4]
    if not names:
        return None, None
    for i in range(start, min(len(lines), start + 8)):
        if lines[i].prose or lines[i].row:
            continue
        candidates = [lines[i].text] + [lines[i].text + lines[i + 1].text for _ in [0] if i + 1 < len(lines)]
        for candidate in candidates:
            text = re.sub(r"[《》\s]", "", candidate)
            if any(difflib.SequenceMatcher(None, text, n).ratio() >= 0.8 for n in names):
                return i, None
    window = range(start, min(len(lines), start + 2))
    body = next((i for i in window if not DISCLOSURE.match(lines[i].text)), None)
    if match and body is not None and FIRST_HEADING.match(lines[body].text):
        return body, re.sub(r"[《》\s]", "", match.group(1))
    return None, None


def _read_part(
    lines: list[_Line], index: int, meta: dict, issued_name: str | None = None
) -> tuple[Part, tuple[int, int] | None]:
    """One document's metadata from its head (letterhead, 文号, title, 主送) and signature block.

    `issued_name`: what the 印发 notice calls this part, the title when the part has no title line.
    """
    head_end = next(
        (i for i, ln in enumerate(lines[:MAX_HEAD_LINES]) if ln.prose), min(len(lines), MAX_HEAD_LINES)
    )
    head = lines[:head_end]
    number_at = next((i for i, ln in enumerate(head) if md.is_doc_number_line(ln.text)), None)
    letterhead_at = [i for i, ln in enumerate(head[:8]) if md.is_letterhead(ln.text)]
    title_lines = _title_lines(head, number_at, letterhead_at)
    speech = _speech(lines)
    if title_lines and md.REPORT_TITLE.match(title_lines[0].text):  # a report's headline, then its subheads
        title_lines = title_lines[:1]
    span = (title_lines[0].start, title_lines[-1].end) if title_lines else None
    head_title = md.clean_title(md.join_title(md.dedupe(ln.text for ln in title_lines)))
    meta_title = next((str(meta[k]) for k in ("title", "gov_title", "cms_title") if meta.get(k)), "")
    meta_title = md.clean_title(meta_title)
    short, full = md.squeeze(meta_title), md.squeeze(head_title)
    if short and len(short) < len(full) and short in full:  # a page titled by what its notice issues
        meta_title = head_title
    title = meta_title or (speech and "政府工作报告") or head_title or md.meta_title(meta) or issued_name
    title = title or (index == 0 and lines and md.preamble_title(lines[0].text)) or ""  # 编制X规划纲要，…
    doc_number = md.find_doc_number(head[number_at].text) if number_at is not None else None
    doc_number = doc_number or (md.find_doc_number(meta.get("doc_number", "")) if index == 0 else None)
    part = Part(index=index, start=0, end=0, title=title, doc_number=doc_number)
    part.issuers = [speech] if speech else _issuers(lines, head, letterhead_at, title, meta)
    part.issued_date = _date(lines, meta, title)
    part.recipients = _recipients(lines, title_lines)
    part.kind = "law" if _law_line(lines) else md.kind_of(title, doc_number is not None)
    if "转发" in title:
        for line in lines[head_end : head_end + 4]:
            found = md.find_doc_number(line.text)
            if found and found != doc_number:
                part.forwards = found
                break
    return part, span


def _title_lines(head: list[_Line], number_at: int | None, letterhead_at: list[int]) -> list[_Line]:
    def usable(line: _Line) -> bool:
        return not (
            line.text.endswith(("：", ":"))
            or md.DATE.search(line.text)
            or line.row
            or md.ISO_DATE.search(line.text)
            or md.DATELINE.match(line.text)
            or ATTACHMENT.match(line.text)
            or any(rx.match(line.text) for _k, rx in HEADING_KINDS)
            or md.is_doc_number_line(line.text)
            or md.is_letterhead(line.text)
            or REGISTRATION.match(line.text)
            or DISCLOSURE.match(line.text)
        )

    skip = max(letterhead_at) + 1 if letterhead_at else 0
    if letterhead_at:  # letterhead names listed after the line that ends in 文件
        while (
            skip < len(head)
            and md.split_issuers(head[skip].text)
            and number_at is not None
            and skip < number_at
        ):
            skip += 1
    if number_at is not None:
        after = []
        for line in head[number_at + 1 :]:
            if not usable(line):
                break
            after.append(line)
        if len(after) > 1 and md.split_issuers(after[0].text) and after[1].text.startswith("关于"):
            after = after[1:]  # the 发文机关 on a line of its own above 关于…的通知 (web copies)
        if after:
            return after[:4]
        before = [ln for ln in head[skip:number_at] if usable(ln)]
        return before[-4:]
    out: list[_Line] = []
    for line in head[skip:]:
        if line is head[0] and md.NEWS_PREFIX.fullmatch(line.text):  # a headline's 来源： line
            out.append(line)
            continue
        if not usable(line):
            if out:
                break
            continue
        out.append(line)
    return _fuller_title(head, out[:4], usable)


def _fuller_title(head: list[_Line], title: list[_Line], usable: Callable[[_Line], bool]) -> list[_Line]:
    """A short heading line (关于…的意见) repeated below with its issuers (中共中央 国务院关于…的意见)."""
    joined = md.squeeze("".join(ln.text for ln in title))
    for line in head:
        text = md.squeeze(line.text)
        longer = len(text) > len(joined) and text.endswith(joined)
        if joined and longer and line not in title and usable(line):
            return [line]
    return title


def _speech(lines: list[_Line]) -> str | None:
    """A work report read to a congress (各位代表：… 我代表X，向大会报告工作): the government X.

    The opening may follow the report's title, subtitle (——date在…大会上) and speaker lines.
    """
    opening = next((i for i, ln in enumerate(lines[:6]) if md.SPEECH_OPENING.match(ln.text)), None)
    if opening is None:
        return None
    match = next(
        (m for ln in lines[opening + 1 : opening + 3] if (m := md.SPEECH_SPEAKER.search(ln.text))), None
    )
    if not match:
        return None
    session = next((m for ln in lines[:opening] if (m := md.REPORT_SESSION.match(ln.text))), None)
    place = session.group(2) if session else None
    return md.qualify_body(match.group(1), "\n".join(ln.text for ln in lines), place)


def _issuers(
    lines: list[_Line], head: list[_Line], letterhead_at: list[int], title: str, meta: dict
) -> list[str]:
    if letterhead_at:
        names = md.letterhead_issuers(_letterhead_block(head, letterhead_at))
        if names:
            return names
    date_at = _signature_date_index(lines, 0)
    if date_at is not None and not lines[date_at].text.endswith("印发"):  # 版记: the printing office
        names: list[str] = []
        i = date_at - 1
        while i >= 0 and date_at - i <= 8 and not lines[i].prose and md.split_issuers(lines[i].text):
            names = md.split_issuers(lines[i].text) + names
            i -= 1
        if names:
            return names
    for candidate in (md.split_issuers(meta.get("issuer", "")), md.issuers_from_title(title),
                      md.issuers_of_genre(title)):
        if candidate:
            return candidate
    law = next((md.law_issuer(ln.text) for ln in lines[:6] if md.law_issuer(ln.text)), None)
    if law:
        return [law]
    report = next(
        (md.REPORT_SPEAKER.search(ln.text) for ln in lines[:12] if md.REPORT_SPEAKER.search(ln.text)), None
    )
    if report:
        return [report.group(1)]
    delivered = next((m for ln in lines[:6] if (m := md.REPORT_DELIVERED.match(ln.text))), None)
    if delivered:
        return [delivered.group(2)]
    byline = next((m for ln in lines[:6] if (m := md.BYLINE.match(ln.text))), None)
    if byline:
        return [byline.group(1)]
    source = md.news_source(title) or meta.get("cms_source") or meta.get("source") or meta.get("author")
    if not source:
        return []
    source = md.clean_source(str(source))
    return md.split_issuers(source) or [source]


def _letterhead_block(head: list[_Line], letterhead_at: list[int]) -> list[str]:
    """Issuer lines around the line ending in 文件 (names may sit above and below it)."""
    first = letterhead_at[0]
    while first > 0 and md.split_issuers(head[first - 1].text):
        first -= 1
    last = letterhead_at[-1]
    while (
        last + 1 < len(head)
        and not md.is_doc_number_line(head[last + 1].text)
        and md.split_issuers(head[last + 1].text)
        and "".join(md.split_issuers(head[last + 1].text)) == re.sub(r"\s", "", head[last + 1].text)
    ):
        last += 1
    return [ln.text for ln in head[first : last + 1]]


def _law_line(lines: list[_Line]) -> _Line | None:
    return next((ln for ln in lines[:6] if md.DATE.search(ln.text) and md.law_issuer(ln.text)), None)


def _date(lines: list[_Line], meta: dict, title: str = "") -> str | None:
    date_at = _signature_date_index(lines, 0)
    if date_at is not None:
        return md.parse_date(lines[date_at].text)
    law = _law_line(lines)
    if law:
        return md.parse_date(law.text)
    session = next((m for ln in lines[:6] if (m := md.REPORT_SESSION.match(ln.text))), None)
    if session:  # a report's subtitle: ——2024年1月10日在…人民代表大会…上
        return md.parse_date(session.group(1))
    if meta.get("written_date"):
        return md.parse_date(str(meta["written_date"]))
    dated = next((ln for ln in lines[:10] if md.DATED_LINE.match(ln.text) or md.BYLINE.match(ln.text)), None)
    if dated:  # （2023年1月2日） under a 中共中央 title; a web byline `机关 2017-06-14 14:40`
        return md.parse_date(dated.text)
    published = next(
        (
            md.parse_date(str(meta[k]))
            for k in ("date", "cms_date", "published_date")
            if meta.get(k) and md.parse_date(str(meta[k]))
        ),
        None,
    )
    report = next((m for ln in lines[:12] if (m := md.REPORT_SPEAKER.search(ln.text))), None)
    if report and published:
        return md._iso(int(published[:4]), int(report.group(2)), int(report.group(3)))
    delivered = next((m for ln in lines[:6] if (m := md.REPORT_DELIVERED.match(ln.text))), None)
    if delivered:
        return md.parse_date(delivered.group(1))
    released = next((m for ln in lines[:4] if (m := md.RELEASED.search(ln.text))), None)
    year = re.search(r"((?:19|20)\d{2})年", title)
    if published is None and released and year:  # …2月3日由新华社受权发布, the year from the title
        return md._iso(int(year.group(1)), int(released.group(1)), int(released.group(2)))
    return published


def _recipients(lines: list[_Line], title_lines: list[_Line]) -> list[str]:
    """主送机关: the line after the title that ends in ：."""
    after = lines.index(title_lines[-1]) + 1 if title_lines else 0
    for line in lines[after : after + 2]:
        if line.text.endswith(("：", ":")) and "。" not in line.text and len(line.text) < 200:
            return [r for r in re.split("[，,]", line.text.rstrip("：:")) if r]
    return []


def _inherit(parts: list[Part]) -> None:
    """An issued attachment (no 文号, no signature of its own) takes the notice's issuers and date."""
    for part in parts[1:]:
        if part.doc_number is None:
            part.issuers = part.issuers if part.issuers and part.issued_date else parts[0].issuers
            part.issued_date = part.issued_date or parts[0].issued_date


def _sections(lines: list[_Line], parts: list[Part]) -> list[Section]:
    """Heading tree per part: 篇/章/节, 一、, （一）, 1., （1）, and 附件 (level 0)."""
    found: list[tuple[_Line, str | None, int]] = []
    in_table = False  # under an indicator table's caption: numbered lines are its rows
    for line in lines:
        if INDICATOR_CAPTION.match(line.text):
            in_table = True
            continue
        if line.row:
            continue
        if ATTACHMENT.match(line.text):
            found.append((line, None, part_at(parts, line.start)))
            continue
        kind = next((k for k, rx in HEADING_KINDS if rx.match(line.text)), None)
        if in_table and (kind in ("1.", "（1）", None) and not line.prose):
            continue
        in_table = False
        if kind:
            found.append((line, kind, part_at(parts, line.start)))
    sections: list[Section] = []
    for part in parts:
        used = [k for k, _ in HEADING_KINDS if any(f[1] == k and f[2] == part.index for f in found)]
        stack: list[Section] = []
        for line, kind, part_index in found:
            if part_index != part.index:
                continue
            level = 0 if kind is None else used.index(kind) + 1
            while stack and stack[-1].level >= level and (level > 0 or stack[-1].level == 0):
                stack.pop()
            if level == 0:
                stack = []
            title = re.split("[。；]", line.text, maxsplit=1)[0][:60]
            path = " > ".join([s.title for s in stack] + [title])
            section = Section(part.index, level, title, line.start, part.end, path)
            for open_section in reversed(stack):
                if open_section.level >= level:
                    open_section.end = line.start
            _close(sections, part.index, level, line.start)
            sections.append(section)
            stack.append(section)
    return sections


def _close(sections: list[Section], part: int, level: int, at: int) -> None:
    """Earlier sections at this level or deeper end where a new heading starts."""
    for section in reversed(sections):
        if section.part != part:
            break
        if section.end > at and (section.level >= level or level == 0):
            section.end = at


def _tables(doc: Document, raw_tables: list[RawTable], lines: list[_Line]) -> list[Table]:
    """RawTables → Tables with caption, unit line, header and the text span of each row."""
    out = []
    for raw in raw_tables:
        start = raw.offset or 0
        spans, pos = [], start
        for _ in raw.rows:
            end = doc.text.find("\n", pos)
            end = len(doc.text) if end < 0 else end
            spans.append((pos, end))
            pos = end + 1
        before = [ln for ln in lines if ln.end <= start][-3:]
        unit, caption = None, ""
        for line in reversed(before):
            match = UNIT_LINE.match(line.text)
            if match and unit is None:
                unit = match.group(1)
            elif (
                not caption
                and not line.prose
                and not line.row
                and len(line.text) <= 60
                and not ATTACHMENT.match(line.text)
                and not UNIT_LINE.match(line.text)
                and len(CJK_CHAR.findall(line.text)) >= 4
                and not line.text.startswith(("（", "("))
            ):
                caption = line.text
        numeric = sum(bool(re.search(r"\d", c)) for c in raw.rows[0])
        header = raw.rows[0] if raw.rows and numeric <= len(raw.rows[0]) // 3 else []
        if unit is None and header:
            unit = next((m.group(1) for c in header if (m := HEADER_UNIT.search(c))), None)
        out.append(
            Table(
                part=part_at(doc.parts, start),
                caption=caption,
                unit=unit,
                header=header,
                rows=raw.rows[1:] if header else raw.rows,
                start=start,
                end=spans[-1][1] if spans else start,
                page=raw.page,
                section=section_at(doc.sections, start),
                row_spans=spans[1:] if header else spans,
            )
        )
    return out
