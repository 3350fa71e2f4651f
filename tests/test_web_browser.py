"""The staff web page in headless Chromium, against a real server on a loopback port.

One server per session, over a database ingested from corpus/ plus one hostile document; the
embedding model is warmed once before the first test. Screenshots of each page go to
$POLICYDB_SCREENSHOTS when set (`POLICYDB_SCREENSHOTS=docs/screenshots make test` refreshes the ones
shown in the README), else to a temporary folder, so a test run leaves the checkout clean.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS_ENV = "POLICYDB_SCREENSHOTS"
WAIT_MS = 60_000  # a search may be the first to embed pending passages

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")]

# A document whose text carries markup: the page must show it as text and never run it.
HOSTILE_SOURCE = "zz_hostile_markup.txt"
HOSTILE_TEXT = """关于做好网页安全测试工作的通知

各有关单位：
为检验系统对文件内容的转义处理，现将有关事项通知如下。
一、测试条款
本条款包含脚本标记<script>window.__pwned = "script";</script>，应当原样显示为文字。
本条款包含图片标记<img src=x onerror="window.__pwned='onerror'">，同样应当原样显示。
二、工作要求
各地要在2024年12月31日前完成网页安全测试。
"""
WORKSHOP_QUERIES = [
    pytest.param("which subsidies apply to workshops", id="english"),  # queries_seeds.jsonl, query 1
    pytest.param("帮扶车间有哪些补贴", id="chinese"),  # the Chinese wording of the same need
]
SUBSIDY_CUE = re.compile(r"奖补|补贴|补助")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, corpus_dir) -> Path:
    """corpus/ plus the hostile document, ingested through the same service as the CLI."""
    from schema.store import SQLiteStore
    from service.ingest import expand_paths, ingest_paths

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / HOSTILE_SOURCE
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    db = folder / "web.db"
    report = ingest_paths(SQLiteStore(db), expand_paths([str(corpus_dir)]) + [hostile])
    assert not report.failed, report.failed
    return db


@pytest.fixture(scope="session")
def server(web_db) -> str:
    """The app of `cli.py serve` on a free loopback port; yields its base URL, model warmed."""
    import httpx
    import uvicorn

    from web.app import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(web_db)), host="127.0.0.1", port=port,
                                       log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    httpx.get(f"{base}/", params={"q": "补贴"}, timeout=300).raise_for_status()  # load the model once
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    """A fresh tab that fails the test on any JavaScript error or dialog."""
    context = browser.new_context(base_url=server, accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()
    assert not errors, errors


def _shot(tab, name: str, full_page: bool = False) -> None:
    folder = Path(os.environ.get(SHOTS_ENV) or Path(tempfile.gettempdir()) / "policydb-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    tab.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 0


def _search(tab, query: str) -> list[str]:
    """Type a query into the box as a person would; the clauses of the result cards."""
    tab.goto("/")
    tab.fill("#q", query)
    tab.press("#q", "Enter")
    tab.wait_for_selector("#result-count")
    return [_squeeze(t) for t in tab.locator(".card .clause").all_inner_texts()]


@pytest.mark.parametrize("query", WORKSHOP_QUERIES)
def test_search_workshop_query_shows_subsidy_clause_in_top_three(page, query):
    clauses = _search(page, query)
    assert clauses, "no result cards"
    top = clauses[:3]
    assert any("车间" in c and SUBSIDY_CUE.search(c) for c in top), top
    assert query in page.url or "q=" in page.url  # the URL keeps the query
    if query.isascii():
        _shot(page, "search")


def test_search_facet_narrows_without_reload(page):
    _search(page, "帮扶车间有哪些补贴")
    total = int(page.inner_text("#result-count"))
    page.evaluate("window.__sameDocument = true")
    link = page.locator(".facet[data-facet=source] a.facet-link").first
    expected = int(link.locator(".count").inner_text())
    source = link.get_attribute("data-value")
    assert expected < total, "the corpus should spread results over several files"
    link.focus()
    page.keyboard.press("Enter")  # facets are keyboard-usable links
    page.wait_for_url(re.compile(r"source="))
    page.wait_for_function(f"document.getElementById('result-count').textContent.trim() === '{expected}'")
    assert page.evaluate("window.__sameDocument") is True  # narrowed without a page reload
    cards = page.locator(".card .cite a")
    assert all(source in href for href in cards.evaluate_all("els => els.map(e => e.href)"))
    page.reload()  # the shared URL restores query and filter
    assert int(page.inner_text("#result-count")) == expected
    _shot(page, "search-facet")


@pytest.mark.parametrize("path", ["/?q=帮扶车间有哪些补贴", "/checklist?department=各地", "/targets"])
def test_pages_fit_a_narrow_screen(page, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    if path.startswith("/?"):
        _shot(page, "search-narrow")


def _doc_with_most_facts(web_db: Path) -> tuple[str, int]:
    from schema.store import SQLiteStore

    docs = SQLiteStore(web_db).documents()
    best = max((d for d in docs if d["source"] != HOSTILE_SOURCE), key=lambda d: d["n_facts"])
    return best["source"], best["n_facts"]


def test_document_view_highlights_facts(page, web_db):
    source, n_facts = _doc_with_most_facts(web_db)
    assert n_facts > 0, "no facts extracted from the corpus"
    page.goto(f"/doc/{source}")
    marks = page.locator(".doc-text mark.fact")
    assert marks.count() > 0
    side = page.locator(".fact-list li")
    assert side.count() == n_facts
    types = set(page.locator(".doc-text mark.fact").evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('t-')))"))
    assert len(types) >= 2, types  # highlighted by type
    # a click in the side list brings its clause into view, and a click on the clause the list item
    item = side.nth(side.count() // 2)
    fact_id = item.get_attribute("id").removeprefix("side-")
    item.locator("a").click()
    mark = page.locator(f'.doc-text mark.fact[data-facts~="{fact_id}"]').first
    page.wait_for_function("el => { const r = el.getBoundingClientRect(); "
                           "return r.top >= 0 && r.bottom <= innerHeight; }", arg=mark.element_handle())
    first_mark = marks.first
    first_mark.click()
    first_id = first_mark.get_attribute("data-facts").split()[0]
    page.wait_for_function(f"document.activeElement.closest('li')?.id === 'side-{first_id}'")
    page.goto(f"/doc/{source}")
    _shot(page, "document")


def test_search_citation_opens_document_at_clause(page):
    _search(page, "帮扶车间有哪些补贴")
    cite = page.locator(".card .cite a").first
    clause = _squeeze(page.locator(".card .clause").first.inner_text())
    cite.click()
    page.wait_for_selector("#cited", state="attached")
    cited = _squeeze("".join(page.locator(".doc-text .cited").all_inner_texts()))
    assert cited and (cited in clause or clause in cited), (cited, clause)


def test_checklist_alias_resolves_and_downloads_csv(page, tmp_path):
    page.goto("/checklist")
    page.fill("#department", "人社部门")  # an alias of 人力资源社会保障部门
    page.press("#department", "Enter")
    page.wait_for_selector(".checklist")
    assert "人力资源社会保障部门" in page.inner_text(".checklist-head h2")
    items = page.locator(".items .item")
    assert items.count() > 0
    assert page.locator(".items .item input[type=checkbox]").count() == items.count()
    _shot(page, "checklist")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("CSV")).click()
    path = tmp_path / "checklist.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == items.count()
    assert all(r["department"] == "人力资源社会保障部门" for r in rows)
    page.emulate_media(media="print")
    assert page.locator(".picker").is_hidden() and page.locator(".top").is_hidden()
    _shot(page, "checklist-print", full_page=True)


def test_targets_page_shows_table_and_progress_chart(page):
    page.goto("/targets")
    assert page.locator("section[aria-label^='目标'] tbody tr").count() > 0
    page.wait_for_function("Chart.getChart(document.querySelector('.chart canvas'))")
    region = page.locator("select[name=region] option").nth(1).inner_text()
    page.select_option("select[name=region]", region)
    page.click("form.filters button")
    page.wait_for_url(re.compile("region="))
    regions = page.locator("section[aria-label^='目标'] tbody tr td:first-child").all_inner_texts()
    assert regions and all(r == region for r in regions)
    page.goto("/targets")
    page.wait_for_function("Chart.getChart(document.querySelector('.chart canvas'))")
    _shot(page, "targets", full_page=False)


def _upload(page, files: list[Path]) -> None:
    page.goto("/upload")
    page.set_input_files("#files", [str(f) for f in files])
    page.evaluate("""() => { const box = document.getElementById('upload-progress');
        new MutationObserver(() => { if (!box.hidden) window.__sawProgress = true; })
            .observe(box, {attributes: true}); }""")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector(".upload-result")
    assert page.evaluate("window.__sawProgress") is True  # a progress indicator while ingesting
    assert page.locator("#upload-progress").is_hidden()


def test_upload_sample_ingests_and_shows_facts(page, corpus_dir, tmp_path):
    sample = sorted(corpus_dir.glob("*.txt"))[0]
    copy = tmp_path / f"uploaded_{sample.name}"
    shutil.copy(sample, copy)
    _upload(page, [copy])
    outcome = page.locator(f'.outcome[data-file="{copy.name}"]')
    assert "stored" in outcome.get_attribute("class")
    n_facts = int(re.search(r"(\d+) 条事实", outcome.inner_text()).group(1))
    assert n_facts > 0
    assert outcome.locator(".fact-counts .badge").count() > 0
    _shot(page, "upload")
    outcome.locator("a").first.click()
    page.wait_for_selector(".fact-list")
    assert page.locator(".fact-list li").count() == n_facts


def test_upload_junk_shows_one_line_error(page, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 64)
    good = tmp_path / "short_notice.txt"
    good.write_text(HOSTILE_TEXT.replace("网页安全", "上传"), encoding="utf-8")
    _upload(page, [junk, good])
    failed = page.locator('.outcome.failed[data-file="junk.bin"] .error-line')
    message = failed.inner_text().strip()
    assert message and "\n" not in message and "Traceback" not in message
    assert "stored" in page.locator('.outcome[data-file="short_notice.txt"]').get_attribute("class")


def test_hostile_document_stays_inert(page, web_db):
    from schema.store import SQLiteStore

    stored = SQLiteStore(web_db).document(HOSTILE_SOURCE)["text"]
    assert "<script>" in stored and "onerror=" in stored  # the loader kept the markup as text
    page.goto(f"/doc/{HOSTILE_SOURCE}")
    text = page.inner_text(".doc-text")
    assert "<script>window.__pwned" in text and "onerror=" in text  # shown as text
    assert page.locator(".doc-text script, .doc-text img").count() == 0
    assert page.evaluate("window.__pwned") is None
    _search(page, "网页安全测试")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".card script, .card img").count() == 0
