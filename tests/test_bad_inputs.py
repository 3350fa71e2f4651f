"""Each kind of bad input raises its own PolicyError subclass, never a traceback or a silent empty text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.loaders import MAX_BYTES, MAX_TEXT_BYTES, load
from schema.errors import (
    DamagedFile,
    EmptyDocument,
    NoTextLayer,
    PolicyError,
    TooLarge,
    UndecodableText,
    UnsupportedFormat,
)

BAD = Path(__file__).resolve().parent / "bad_inputs"

CASES = [
    ("empty.txt", EmptyDocument, "empty"),
    ("blank.txt", EmptyDocument, "empty"),
    ("binary_junk.dat", UnsupportedFormat, "binary"),
    ("image.png", UnsupportedFormat, "PNG"),
    ("undecodable.txt", UndecodableText, "decode"),
    ("truncated.pdf", DamagedFile, "cannot be read"),
    ("encrypted.pdf", DamagedFile, "encrypted"),
    ("scanned.pdf", NoTextLayer, "no text layer"),
    ("cid_font.pdf", NoTextLayer, "ToUnicode"),
    ("no_article.html", EmptyDocument, "no article"),
]


@pytest.mark.parametrize("name, error, words", CASES)
def test_load_bad_input_raises_its_error(name, error, words):
    with pytest.raises(error, match=words) as info:
        load(BAD / name)
    assert info.value.path.endswith(name)
    assert "\n" not in str(info.value)


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def test_load_oversized_files(tmp_path):
    with pytest.raises(TooLarge, match="larger than 50 MB"):
        load(_sparse(tmp_path / "huge.txt", MAX_BYTES + 1))
    with pytest.raises(TooLarge, match="not one policy document"):
        load(_sparse(tmp_path / "big.txt", MAX_TEXT_BYTES + 1))


def test_load_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        load(tmp_path / "absent.txt")


def test_every_bad_input_error_is_a_policy_error():
    assert all(issubclass(error, PolicyError) for _name, error, _words in CASES)
