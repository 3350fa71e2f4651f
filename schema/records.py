"""Record types that flow through the pipeline: loaders → structure → facts → store → index.

Every stage maps one record type to the next (see STYLE.md). Offsets (`start`, `end`) are
character offsets into `Document.text`, the stored clean text, so any fact can cite its place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FACT_TYPES = ("target", "achievement", "subsidy", "deadline", "responsibility")
STRENGTHS = ("must", "should", "may", "prohibited")


@dataclass
class RawTable:
    """A table as a loader found it: rows of cell strings, plus where it sits in the text."""

    rows: list[list[str]]
    page: int | None = None
    offset: int | None = None  # character offset in RawText.text where the table was placed


@dataclass
class RawText:
    """What a loader returns: clean text with page starts and tables; no structure yet."""

    path: str
    text: str
    format: str  # pdf | html | markdown | text
    encoding: str | None = None
    page_starts: list[int] = field(default_factory=list)  # offset where page i+1 begins
    tables: list[RawTable] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # front matter / gov.cn metadata table
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    part: int = 0
    section: str = ""  # heading path, e.g. "二、明确目标任务 > （一）…"
    page: int | None = None


@dataclass
class Section:
    part: int
    level: int  # 1 = 一、 ; 2 = （一） ; 3 = 1. ; 4 = （1）; 0 = attachment (附件)
    title: str
    start: int
    end: int
    path: str


@dataclass
class Table:
    part: int
    caption: str
    unit: str | None  # e.g. "万人" from a line such as 单位：万人
    header: list[str]
    rows: list[list[str]]
    start: int
    end: int
    page: int | None = None
    section: str = ""
    row_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets of each row's text


@dataclass
class Part:
    """One document inside a file: the outer notice (part 0) or a forwarded/attached one (1, 2…)."""

    index: int
    start: int
    end: int
    title: str = ""
    doc_number: str | None = None  # 文号
    issuers: list[str] = field(default_factory=list)
    issued_date: str | None = None  # YYYY-MM-DD
    recipients: list[str] = field(default_factory=list)  # 主送机关
    kind: str = "notice"  # notice | news | report | law
    forwards: str | None = None  # doc_number of the forwarded document


@dataclass
class Document:
    """A parsed file: clean text, its parts, heading tree, tables and sentences."""

    source: str  # file base name
    path: str
    sha256: str
    format: str
    encoding: str | None
    text: str
    parts: list[Part]
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """1-based page of a character offset, or None for formats without pages."""
        if not self.page_starts:
            return None
        page = 1
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i + 1
            else:
                break
        return page


@dataclass
class Fact:
    """One extracted fact with its provenance; `fields` holds the type's contract fields.

    Fields per type (GUIDELINES.md): target/achievement: metric, value, unit, comparator, year,
    region (+ target_ratio); subsidy: item, beneficiary, amount, unit, previous_amount, condition,
    region; deadline: task, due_date, within_days, relative_to, responsible; responsibility:
    department, action, strength, lead.
    """

    type: str
    source: str
    part: int
    start: int
    end: int
    evidence: str
    fields: dict[str, Any]
    section: str = ""
    page: int | None = None
    id: str = ""

    def to_record(self) -> dict[str, Any]:
        """The export contract's flat shape."""
        record = {"id": self.id, "type": self.type, "source": self.source, "part": self.part,
                  "section": self.section, "page": self.page, "start": self.start, "end": self.end,
                  "evidence": self.evidence}
        record.update(self.fields)
        return record
