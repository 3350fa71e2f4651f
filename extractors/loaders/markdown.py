"""Markdown: YAML front matter, headings, emphasis, links, lists, pipe tables and HTML comments."""

from __future__ import annotations

import logging
import re
from typing import Any

from extractors.loaders.text import text_lines
from extractors.textnorm import Line, clean_cell

log = logging.getLogger(__name__)

FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
LIST_MARK = re.compile(r"^\s{0,6}(?:[-*+]|>)\s+")
PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
PIPE_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter (title, date, author…) from the body; bad YAML is kept as text."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as err:
        log.info("front matter is not YAML: %s", err)
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return {str(k): v for k, v in meta.items() if v is not None}, text[match.end() :]


def _strip_inline(line: str) -> str:
    line = IMAGE.sub("", line)
    line = LINK.sub(r"\1", line)
    line = EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
    return HTML_TAG.sub("", line).replace("**", "").replace("__", "")


def markdown_lines(text: str) -> tuple[list[Line], dict[str, Any]]:
    """Markdown → cleaned `Line`s (headings are hard block boundaries) and the front matter."""
    meta, body = front_matter(text)
    body = COMMENT.sub("\n", body.replace("\r\n", "\n"))
    lines: list[Line] = []
    blank = after_heading = False
    for raw in body.split("\n"):
        if RULE.match(raw) or PIPE_SEPARATOR.match(raw) and "|" in raw:
            blank = True
            continue
        pipe = PIPE_ROW.match(raw)
        if pipe:
            cells = [clean_cell(_strip_inline(c)) for c in pipe.group(1).split("|")]
            lines.append(Line(" ".join(c for c in cells if c), blank_before=blank, cells=cells))
            blank = False
            continue
        heading = HEADING.match(raw)
        source = heading.group(1) if heading else LIST_MARK.sub("", raw)
        for line in text_lines(_strip_inline(source)):
            line.blank_before = blank or line.blank_before
            line.hard = bool(heading) or after_heading
            lines.append(line)
            blank, after_heading = False, bool(heading)
        if not raw.strip():
            blank = True
    return lines, meta
