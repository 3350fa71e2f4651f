"""Items, lexical index, glossary bridge, filters, batch mode and an empty database (fake embeddings)."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from schema.errors import EmptyDatabase, PatternFileError
from schema.store import SQLiteStore
from search import dense, glossary, index, lexical, search, search_many
from search.engine import BadFilter, filter_sql

SAMPLES = ["000_4983a58432236fc3.txt", "004_7dc2baf39b3a8626.txt"]


def fake_vectors(texts):
    """Character-bag vectors: deterministic, fast, enough for the dense side to rank something."""
    out = np.zeros((len(texts), 384), np.float32)
    for row, text in enumerate(texts):
        for ch in text:
            out[row, hash(ch) % 384] += 1.0
    return out / np.linalg.norm(out, axis=1, keepdims=True).clip(1e-9)


@pytest.fixture(scope="module")
def fake_model(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYDB_CACHE", str(tmp_path_factory.mktemp("cache")))
        mp.setattr(dense, "encode_passages", lambda texts, settings=None: fake_vectors(texts))
        mp.setattr(dense, "encode_query", lambda text, settings=None: fake_vectors([text])[0])
        yield


@pytest.fixture(scope="module")
def ingested(corpus_dir, tmp_path_factory, fake_model):
    """The samples ingested once per module; tests get a fresh copy of the file."""
    from service.ingest import ingest_paths

    path = tmp_path_factory.mktemp("db") / "s.db"
    db = SQLiteStore(path)
    report = ingest_paths(db, [corpus_dir / name for name in SAMPLES])
    assert not report.failed
    db.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.db.conn.close()
    return path


@pytest.fixture()
def store(ingested, tmp_path):
    import shutil

    copy = tmp_path / "s.db"
    shutil.copy(ingested, copy)
    return SQLiteStore(copy)


@pytest.mark.parametrize("text, limit, pieces", [
    ("落实好吸纳脱贫人口就业补贴。", 200, 1),
    ("，".join(["各地要落实好吸纳脱贫人口就业补贴社会保险补贴"] * 20) + "。", 200, 3),
    ("无标点" * 100, 120, 3),
])
def test_chunks_cut_long_sentences_at_clause_ends(text, limit, pieces):
    out = index.chunks(text, limit)
    assert len(out) == pieces
    assert all(len(p) <= limit for _, p in out)
    assert "".join(p for _, p in out) == text
    assert all(text[o:o + len(p)] == p for o, p in out)


def test_row_contexts_give_table_rows_their_caption():
    lines = ["2022年度东部地区吸纳脱贫人口务工目标任务表", "单位：万人", "序号 省(市) 目标任务",
             "1 北京 38.5", "合计 877.7", "各地要加强组织领导，确保完成 2022 年任务。"]
    ctx = index.row_contexts(lines)
    assert "东部地区" in ctx[3] and "单位：万人" in ctx[4]
    assert ctx[0] == ctx[5] == ""


@pytest.mark.parametrize("query, expected", [
    ("which subsidies apply to workshops", {"补贴", "帮扶车间"}),           # queries_seeds.jsonl
    ("travel allowance for migrant workers", {"交通补贴", "农民工"}),       # phrase beats single words
    ("target of 30 million people", {"3000万", "目标"}),                    # English magnitudes
])
def test_bridge_english_maps_to_chinese_terms(query, expected):
    bridged, _left = glossary.bridge_english(query)
    assert expected <= set(bridged)


@pytest.mark.parametrize("query, intent", [
    ("which subsidies apply to workshops", "subsidy"),
    ("东西部劳务协作由谁负责", "responsibility"),
    ("年底前必须完成哪些工作", "deadline"),
    ("陕西脱贫人口稳岗就业取得了哪些成效", "achievement"),
])
def test_intents_name_the_fact_type(query, intent):
    assert glossary.intents(query)[0] == intent


def test_bad_glossary_row_names_file_and_line(monkeypatch):
    monkeypatch.setattr(glossary, "_rows", lambda name: iter([(7, ["subsidy"])]))
    glossary.glossary.cache_clear()
    with pytest.raises(PatternFileError, match="glossary.tsv:7"):
        glossary.glossary()
    glossary.glossary.cache_clear()


def test_index_document_is_lexically_searchable(store):
    ids = lexical.rank(store.db, ["帮扶车间"], 5)
    texts = [store.db.execute("select evidence from search_items where id = ?", [i]).fetchone()[0]
             for i, _ in ids]
    assert ids and all("车间" in t for t in texts)


def test_reindexing_a_document_replaces_its_items(store):
    before = store.db.execute("select count(*) from search_items").fetchone()[0]
    index.index_document(store, SAMPLES[1])
    assert store.db.execute("select count(*) from search_items").fetchone()[0] == before
    assert store.db.execute("select count(*) from search_fts").fetchone()[0] == before


def test_vectors_are_computed_at_first_search_not_at_ingest(store):
    assert store.db.execute("select count(*) from search_vectors").fetchone()[0] == 0
    search(store, "就业帮扶车间", limit=3)
    assert dense.pending(store, dense.model_name()) == []


def test_search_english_query_finds_workshop_subsidies(store):
    hits = search(store, "which subsidies apply to workshops", limit=10)
    assert any("车间" in h["evidence"] and ("奖补" in h["evidence"] or "补贴" in h["evidence"]) for h in hits)
    assert all(len(h["evidence"]) <= 200 for h in hits)


@pytest.mark.parametrize("filters, check", [
    ({"source": SAMPLES[0]}, lambda h: h["source"] == SAMPLES[0]),
    ({"type": "sentence"}, lambda h: h["type"] == "sentence"),
    ({"region": "广东"}, lambda h: "广东" in (h.get("region") or "") or "广东" in h["evidence"]),
])
def test_search_filters_restrict_hits(store, filters, check):
    hits = search(store, "脱贫人口务工", limit=10, filters=filters)
    assert hits and all(check(h) for h in hits)


def test_filter_sql_rejects_unknown_filters():
    with pytest.raises(BadFilter):
        filter_sql({"colour": "red"})
    with pytest.raises(BadFilter):
        filter_sql({"year": "last year"})
    assert filter_sql({"year": 2022, "region": None}) == ("i.year = ?", [2022])


def test_search_empty_database_raises_clear_error(fake_model):
    with pytest.raises(EmptyDatabase, match="ingest"):
        search(SQLiteStore(":memory:"), "补贴")


def test_cli_search_empty_database_is_one_line(tmp_path, fake_model):
    from cli import cli

    result = CliRunner().invoke(cli, ["search", "--db", str(tmp_path / "empty.db"), "补贴"])
    assert result.exit_code == 1
    assert "ingest" in result.output and "Traceback" not in result.output


def test_cli_search_batch_prints_one_json_line_per_query(store, tmp_path):
    from cli import cli

    queries = tmp_path / "q.txt"
    queries.write_text("which subsidies apply to workshops\n\n东西部劳务协作由谁负责\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["search", "--db", store.path, "--limit", "3", "--batch", str(queries)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [r["query"] for r in lines] == ["which subsidies apply to workshops", "东西部劳务协作由谁负责"]
    assert all(len(r["hits"]) == 3 for r in lines)
    assert {"source", "part", "page", "type", "evidence", "score"} <= set(lines[0]["hits"][0])


def test_search_many_matches_single_queries(store):
    queries = ["乡村公益性岗位", "交通补贴"]
    assert search_many(store, queries, limit=5) == [search(store, q, limit=5) for q in queries]


def test_dense_text_carries_chinese_bridges_for_english_queries():
    from search.engine import dense_text
    from search.settings import SearchSettings

    text = dense_text("work-relief projects that pay wages", SearchSettings(dense_bridge=3))
    assert text.startswith("work-relief projects") and "以工代赈" in text
    assert dense_text("以工代赈项目", SearchSettings(dense_bridge=3)) == "以工代赈项目"
    assert dense_text("work-relief", SearchSettings(dense_bridge=0)) == "work-relief"


def test_document_frequencies_match_fts5_after_reindex(store):
    index.index_document(store, SAMPLES[0])  # replace one document: counts go down, then up again
    store.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, search_fts, 'row')")
    truth = dict(store.db.execute("SELECT term, doc FROM temp.v").fetchall())
    kept = dict(store.db.execute("SELECT term, df FROM search_df").fetchall())
    assert kept == truth


def test_within_budget_drops_the_commonest_tokens_first(store):
    df = dict(store.db.execute("SELECT term, df FROM search_df").fetchall())
    common = max(df, key=df.get)
    rare = [t for t in df if df[t] == 1][:3]
    kept = lexical.within_budget(store.db, [common, *rare], budget=len(rare))
    assert set(kept) == set(rare)
