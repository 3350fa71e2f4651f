"""The HTTP API, in-process (TestClient) and over a real loopback socket (uvicorn on a free port)."""
from __future__ import annotations

import json
import threading
import time

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from schema.records import Document, Fact, Part, Sentence
from schema.store import SQLiteStore
from service.feeds import load_schema
from web import pages
from web.app import address, bind_socket, create_app, make_server

NEWS, NOTICE = "000_4983a58432236fc3.txt", "004_7dc2baf39b3a8626.txt"
# Evidence as written in corpus/000_… (news bulletin) and corpus/004_… (附件1 and the notice's text).
NEWS_TEXT = "全省脱贫人口务工规模达 219.4 万人，完成目标任务的 104%。"
NOTICE_TEXT = ("21\t陕 西\t210.23\n合计\t\t3019.17\n"
               "人力资源社会保障部门加强统筹协调，督促落实就业帮扶政策措施。"
               "按规定落实好吸纳脱贫人口就业补贴、社会保险补贴。")


def _fact(kind, text, anchor, fields, fid, source):
    start = text.index(anchor)
    return Fact(kind, source, 0, start, start + len(anchor), anchor, fields, id=fid)


def _populate(store: SQLiteStore) -> None:
    quota = {"metric": "脱贫人口务工规模目标任务", "unit": "万人", "comparator": ">=", "year": 2022}
    notice = [
        _fact("target", NOTICE_TEXT, "21\t陕 西\t210.23", {**quota, "value": 210.23, "region": "陕西"},
              "t1", NOTICE),
        _fact("target", NOTICE_TEXT, "合计\t\t3019.17", {**quota, "value": 3019.17, "region": "全国"},
              "t2", NOTICE),
        _fact("responsibility", NOTICE_TEXT, "人力资源社会保障部门加强统筹协调，督促落实就业帮扶政策措施",
              {"department": "人力资源社会保障部门", "action": "加强统筹协调，督促落实就业帮扶政策措施",
               "strength": "must", "lead": None}, "r1", NOTICE),
        _fact("subsidy", NOTICE_TEXT, "吸纳脱贫人口就业补贴",
              {"item": "吸纳脱贫人口就业补贴", "beneficiary": "吸纳脱贫人口就业的用人单位", "amount": None,
               "unit": None, "previous_amount": None, "condition": None, "region": "广东"}, "s1", NOTICE),
    ]
    news = [_fact("achievement", NEWS_TEXT, NEWS_TEXT,
                  {"metric": "脱贫人口务工规模", "value": 2194000, "unit": "人", "comparator": "=",
                   "year": 2022, "region": "陕西", "target_ratio": 104}, "a1", NEWS)]
    for source, text, facts, number in ((NOTICE, NOTICE_TEXT, notice, "人社部发〔2022〕13号"),
                                        (NEWS, NEWS_TEXT, news, None)):
        part = Part(0, 0, len(text), title=f"title of {source}", doc_number=number)
        store.write(Document(source, source, "sha", "text", "utf-8", text, [part],
                             sentences=[Sentence(0, 0, len(text), text)]), facts)


@pytest.fixture()
def db_path(tmp_path):
    path = str(tmp_path / "api.db")
    store = SQLiteStore(path)
    _populate(store)
    store.db.conn.close()
    return path


@pytest.fixture()
def client(db_path):
    return TestClient(create_app(db_path))


def test_api_documents_and_document_view(client):
    rows = client.get("/api/documents").json()
    assert {r["source"] for r in rows} == {NEWS, NOTICE}
    body = client.get(f"/api/documents/{NOTICE}").json()
    text = body["document"]["text"]
    assert all(text[f["start"]:f["end"]] == f["evidence"] for f in body["facts"])
    assert "text" not in client.get(f"/api/documents/{NOTICE}?text=false").json()["document"]


def test_api_facts_by_type_with_filters(client):
    assert client.get("/api/facts/target").json()["total"] == 2
    assert [f["id"] for f in client.get("/api/facts/target?region=陕西").json()["facts"]] == ["t1"]
    assert client.get("/api/facts/responsibility?department=人力资源社会保障部门").json()["total"] == 1
    assert client.get("/api/facts/achievement?year=2021").json()["total"] == 0


def test_api_targets_validate_and_export(client):
    records = client.get("/api/targets").json()
    assert {r["value"] for r in records} == {2102300, 30191700}
    for record in records:
        jsonschema.validate(record, load_schema("target"))
    csv_text = client.get("/api/targets?format=csv&region=陕西")
    assert csv_text.headers["content-type"].startswith("text/csv") and len(csv_text.text.splitlines()) == 2
    assert len(client.get("/api/targets?format=jsonl").text.splitlines()) == 2
    assert client.get("/api/subsidies?beneficiary=用人单位").json()[0]["item"] == "吸纳脱贫人口就业补贴"


def test_api_progress_links_achievement_to_quota(client):
    (row,) = client.get("/api/progress").json()
    assert row["region"] == "陕西" and row["ratio"] == pytest.approx(104.36, abs=0.01) and row["agrees"]
    assert "陕西" in client.get("/api/progress?format=csv").text


def test_api_checklist_formats(client):
    body = client.get("/api/checklist", params={"department": "人力资源社会保障部门"}).json()
    assert body["items"][0]["citations"][0]["doc_number"] == "人社部发〔2022〕13号"
    md = client.get("/api/checklist", params={"department": "人力资源社会保障部门", "format": "md"})
    assert md.text.count("- [ ] ") == 1
    html = client.get("/api/checklist", params={"department": "人力资源社会保障部门", "format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "加强统筹协调" in html.text
    assert client.get("/api/departments").json()[0]["department"] == "人力资源社会保障部门"


@pytest.mark.parametrize("url, status, kind", [
    ("/api/documents/nope.txt", 404, "NotFound"),
    ("/api/facts/bogus", 422, "InvalidInput"),
    ("/api/targets?year=abc", 422, "InvalidInput"),
    ("/api/checklist?since=yesterday", 422, "InvalidInput"),
    ("/api/targets?format=xml", 422, "InvalidInput"),
    ("/api/no-such-route", 404, "HTTPError"),
])
def test_api_errors_are_json_envelopes(client, url, status, kind):
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["type"] == kind and error["message"]


def test_api_search_facets(client, monkeypatch):
    hits = [{"type": "target", "source": NOTICE, "part": 0, "region": "陕西", "year": 2022, "evidence": "x"},
            {"type": "subsidy", "source": NOTICE, "part": 0, "region": "广东", "evidence": "y"}]
    monkeypatch.setattr(pages, "run_search", lambda store, q, limit=100: {"query": q, "hits": hits})
    body = client.get("/api/search", params={"q": "务工", "region": "陕西"}).json()
    assert body["total"] == 1 and body["hits"][0]["type"] == "target"
    assert {"value": "广东", "count": 1} in body["facets"]["region"]
    assert client.get("/api/search").status_code == 422


def test_api_ingest_upload_and_size_limit(db_path, corpus_dir):
    client = TestClient(create_app(db_path, max_upload_bytes=64 * 1024))
    path = corpus_dir / "002_6ceb1ec26c302d42.txt"
    response = client.post("/api/ingest", files=[("files", (path.name, path.read_bytes(), "text/plain"))])
    assert response.status_code == 200, response.text
    assert response.json()["files"][0]["status"] == "stored"
    assert path.name in {r["source"] for r in client.get("/api/documents").json()}
    big = b"x" * (65 * 1024)
    refused = client.post("/api/ingest", files=[("files", ("big.txt", big, "text/plain"))])
    assert refused.status_code == 413 and refused.json()["error"]["type"] == "TooLarge"


def test_api_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/search", "/api/documents", "/api/documents/{source}", "/api/facts/{fact_type}",
                  "/api/checklist", "/api/targets", "/api/subsidies", "/api/progress", "/api/ingest"):
        assert route in paths
    assert client.get("/docs").status_code == 200


def test_api_over_a_real_loopback_socket(db_path):
    sock = bind_socket("127.0.0.1", 0)
    server = make_server(db_path, sock)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        base = address(sock)
        assert base.startswith("http://127.0.0.1:")
        assert httpx.get(f"{base}/api/health").json()["counts"]["documents"] == 2
        assert httpx.get(f"{base}/api/progress").json()[0]["region"] == "陕西"
        assert httpx.get(f"{base}/api/documents/nope.txt").json()["error"]["status"] == 404
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# -- the whole pipeline on corpus/ ------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_client(tmp_path_factory, corpus_dir):
    from service.ingest import expand_paths, ingest_paths

    path = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    store = SQLiteStore(path)
    report = ingest_paths(store, expand_paths([str(corpus_dir)]))
    assert not report.failed, report.failed
    store.db.conn.close()
    return TestClient(create_app(path))


def test_corpus_guangdong_quota_tables_in_every_format(corpus_client):
    tables = corpus_client.get(f"/api/documents/{NOTICE}?text=false").json()["document"]["tables"]
    records = corpus_client.get("/api/targets", params={"source": NOTICE}).json()
    facts = corpus_client.get("/api/facts/target", params={"source": NOTICE}).json()["facts"]
    start = {f["id"]: f["start"] for f in facts}
    per_table = [[r for r in records if t["start"] <= start[r["fact_id"]] < t["end"]] for t in tables]
    sizes = sorted(sum(not r["is_total"] for r in rows) for rows in per_table if rows)
    assert sizes == [8, 21, 25]
    assert sum(r["is_total"] for rows in per_table for r in rows) == 3
    schema = load_schema("target")
    for record in records:
        jsonschema.validate(record, schema)
    lines = corpus_client.get("/api/targets", params={"source": NOTICE, "format": "jsonl"}).text.splitlines()
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    csv_text = corpus_client.get("/api/targets", params={"source": NOTICE, "format": "csv"}).text
    assert len(lines) == len(records) == len(csv_text.splitlines()) - 1


def test_corpus_progress_links_news_to_national_quotas(corpus_client):
    rows = {r["region"]: r for r in corpus_client.get("/api/progress").json()
            if r["achievement"]["source"] == NEWS}
    expected = {"陕西": (210.23e4, 104), "海南": (28.01e4, 112.44), "云南": (318.19e4, None)}
    for region, (target, stated) in expected.items():
        row = rows[region]
        assert row["target"] == pytest.approx(target) and row["target_record"]["source"] == NOTICE
        assert row["stated_ratio"] == stated and row["agrees"] is (None if stated is None else True)


@pytest.mark.parametrize("department", ["各地", "人力资源社会保障部门"])
def test_corpus_checklist_matches_the_facts(corpus_client, department):
    from service.checklist import department_matches

    items = corpus_client.get("/api/checklist", params={"department": department}).json()["items"]
    facts = corpus_client.get("/api/facts/responsibility", params={"limit": 5000}).json()["facts"]
    wanted = {f["id"] for f in facts if department_matches(department, f["department"])}
    cited = [c["fact_id"] for item in items for c in item["citations"]]
    assert items and sorted(cited) == sorted(wanted)
    strengths = {"must", "should", "may", "prohibited"}
    assert all(item["summary"] and item["strength"] in strengths for item in items)


def test_api_openapi_describes_feeds_and_errors_with_shipped_schemas(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["TargetRecord"]["required"] == load_schema("target")["required"]
    targets = spec["paths"]["/api/targets"]["get"]["responses"]
    assert targets["200"]["content"]["application/json"]["schema"]["items"]["$ref"].endswith("TargetRecord")
    assert targets["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorEnvelope")
    assert "#/$defs/" not in json.dumps(spec)
