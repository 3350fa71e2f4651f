"""HTML through beautifulsoup4 (lxml): the article's main content only, plus the page's metadata.

Boilerplate (scripts, styles, comments, navigation, share/QR blocks, editor credits) is removed, the
smallest element that holds most of the page's non-link text is taken as the article, data tables
become rows, and the gov.cn metadata table (索引号, 发文机关, 成文日期, 发文字号) and CMS meta
tags (ArticleTitle, PubDate, ContentSource) go into `meta`.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from extractors.loaders.markdown import front_matter
from extractors.textnorm import CJK_CHAR, Line, clean_cell, clean_line, is_furniture
from schema.errors import EmptyDocument

DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "select",
    "button",
    "input",
    "nav",
    "header",
    "footer",
    "aside",
    "img",
    "svg",
    "video",
    "audio",
    "object",
    "map",
    "textarea",
]
# class/id fragments of page furniture (share bars, QR codes, font switchers, breadcrumbs, related links)
BOILERPLATE = re.compile(
    r"share|qrcode|ewm|erweima|print|fontsize|font-size|breadcrumb|crumb|"
    r"related|recommend|comment|footer|header|topbar|navbar|\bnav\b|menu|sidebar|"
    r"bdshare|appendqr|article-editor|location|position",
    re.IGNORECASE,
)
BOILERPLATE_MAX_TEXT = (
    150  # an element with more non-link Chinese text than this is content, whatever its name
)
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
MIN_ARTICLE_TEXT = 200
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "center",
    "form",
    "body",
    "html",
}
META_LABELS = {
    "索引号": "index_number",
    "主题分类": "topic",
    "发文机关": "issuer",
    "成文日期": "written_date",
    "标题": "gov_title",
    "发文字号": "doc_number",
    "发布日期": "published_date",
    "文号": "doc_number",
    "发布机构": "issuer",
    "主题词": "keywords",
    "公开方式": "disclosure",
}
CMS_META = {"articletitle": "cms_title", "pubdate": "cms_date", "contentsource": "cms_source"}
SOURCE_LINE = re.compile(r"(?:来源|文章来源|信息来源)[:：][ \t　]*([^\s|｜:：]{2,40})(?![:：])")
DATE_LINE = re.compile(r"(?:发布时间|发布日期|时间|日期)[:：]\s*(\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?)")
TITLE_SUFFIX = re.compile(r"\s*(?:[-_|｜—]{1,2}|--).{0,30}(?:网|网站|门户|中学|学校|专栏|政府)\s*$")


def html_lines(text: str, path: str) -> tuple[list[Line], dict[str, Any]]:
    """HTML text → the article's cleaned `Line`s and the page metadata."""
    meta, body = front_matter(text)
    soup = BeautifulSoup(body, "lxml")
    meta.update(_cms_meta(soup))
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup(DROP_TAGS):
        tag.decompose()
    meta.update(_metadata_table(soup))
    _page_title(soup, meta)
    for tag in soup.find_all(True):
        if tag.attrs is not None and _is_boilerplate(tag):
            tag.decompose()
    _drop_hidden(soup)
    root = _main_content(soup)
    walker = _Walk()
    walker.walk(root)
    walker.flush(True)
    lines = [ln for ln in walker.lines if ln.cells is not None or not is_furniture(ln.text)]
    if not any(CJK_CHAR.search(ln.text) for ln in lines):
        raise EmptyDocument(path, "HTML page has no article text")
    return lines, meta


def _drop_hidden(soup: BeautifulSoup) -> None:
    """Hidden copies (display:none) duplicate the article; drop them unless they are all there is."""
    tags = soup.find_all(True)
    hidden = [t for t in tags if t.attrs is not None and HIDDEN.search(str(t.get("style", "")))]
    ids = {id(t) for t in hidden}
    hidden = [t for t in hidden if not any(id(p) in ids for p in t.parents)]
    if not hidden:
        return
    visible = _text_weight(soup) - sum(_text_weight(t) for t in hidden)
    if visible >= MIN_ARTICLE_TEXT:
        for tag in hidden:
            tag.decompose()


def _is_boilerplate(tag: Tag) -> bool:
    """Named like furniture (share, QR, print, nav…) and holding little text of its own."""
    if tag.name in ("body", "html"):
        return False
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    return bool(BOILERPLATE.search(names)) and _text_weight(tag) < BOILERPLATE_MAX_TEXT


def _cms_meta(soup: BeautifulSoup) -> dict[str, str]:
    out = {}
    for tag in soup.find_all("meta"):
        key = CMS_META.get(str(tag.get("name") or "").lower())
        content = str(tag.get("content") or "").strip()
        if key and content:
            out[key] = content
    return out


def _metadata_table(soup: BeautifulSoup) -> dict[str, str]:
    """gov.cn style label/value cells (索引号：… 发文字号：…); the table is removed from the article."""
    out: dict[str, str] = {}
    for cell in soup.find_all(["td", "th", "li", "span", "b", "strong"]):
        label = re.sub(r"[\s　:：]", "", cell.get_text())
        key = META_LABELS.get(label)
        if not key:
            continue
        value_cell = (
            cell.find_next_sibling(["td", "th", "span"]) if cell.name in ("td", "th", "span") else None
        )
        if value_cell is None and cell.parent is not None and cell.parent.name in ("td", "th"):
            value_cell = cell.parent.find_next_sibling(["td", "th"])
        value = clean_cell(value_cell.get_text(" ")) if value_cell is not None else ""
        if value and key not in out:
            out[key] = value
    if out:
        for table in soup.find_all("table"):
            if any(lbl in table.get_text() for lbl in ("索引号", "发文字号")) and not table.find("table"):
                table.decompose()
    return out


def _page_title(soup: BeautifulSoup, meta: dict[str, Any]) -> None:
    """Title, date and source printed around the article (outside it on most CMS pages)."""
    if "title" not in meta and "cms_title" not in meta:
        h1 = soup.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else ""
        if not title and soup.title:
            title = TITLE_SUFFIX.sub("", soup.title.get_text(" ", strip=True))
        if title:
            meta["page_title"] = clean_line(title)
    page_text = soup.get_text("\n")
    if "cms_source" not in meta:
        match = SOURCE_LINE.search(page_text)
        if match:
            meta["cms_source"] = match.group(1)
    if "date" not in meta and "cms_date" not in meta:
        match = DATE_LINE.search(page_text)
        if match:
            meta["cms_date"] = match.group(1)


def _text_weight(tag: Tag) -> int:
    """Chinese characters outside links: the article has many, menus have few."""
    total = len(CJK_CHAR.findall(tag.get_text()))
    links = sum(len(CJK_CHAR.findall(a.get_text())) for a in tag.find_all("a"))
    return total - links


def _main_content(soup: BeautifulSoup) -> Tag:
    """Descend from <body> while one child holds most of the non-link text."""
    node: Tag = soup.body or soup
    while True:
        weight = _text_weight(node)
        children = [c for c in node.children if isinstance(c, Tag)]
        best = max(children, key=_text_weight, default=None)
        if best is None or weight == 0 or _text_weight(best) < 0.7 * weight:
            return node
        node = best


def _is_data_table(table: Tag) -> bool:
    rows = table.find_all("tr")
    if table.find("table") or len(rows) < 2:
        return False
    cells = [c for r in rows for c in r.find_all(["td", "th"], recursive=False)]
    return max((len(r.find_all(["td", "th"], recursive=False)) for r in rows), default=0) >= 2 and all(
        len(c.get_text(strip=True)) <= 300 for c in cells
    )


class _Walk:
    """Document order: block elements start a new block, <br> only a new line, data tables become rows."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.new_block = True

    def flush(self, block_ends: bool) -> None:
        """Emit the buffered inline text as one line; `block_ends` makes the next line start a block."""
        text = clean_line(" ".join("".join(self.buffer).split()))
        self.buffer.clear()
        if text:
            self.lines.append(Line(text, hard=self.new_block))
            self.new_block = False
        self.new_block = self.new_block or block_ends

    def walk(self, node: Tag) -> None:
        """Visit `node`'s children in document order."""
        for child in node.children:
            if isinstance(child, NavigableString):
                self.buffer.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name == "br":
                self.flush(False)
            elif child.name == "table" and _is_data_table(child):
                self.flush(True)
                for row in child.find_all("tr"):
                    cells = [clean_cell(c.get_text(" ")) for c in row.find_all(["td", "th"], recursive=False)]
                    if any(cells):
                        self.lines.append(Line(" ".join(c for c in cells if c), cells=cells, hard=True))
                self.new_block = True
            elif child.name in BLOCK_TAGS:
                self.flush(True)
                self.walk(child)
                self.flush(True)
            else:
                self.walk(child)
