"""Format and encoding come from content, never from the file name."""

from __future__ import annotations

import pytest

from extractors.sniff import sniff, text_format
from schema.errors import EmptyDocument, UndecodableText, UnsupportedFormat

NOTICE = "人力资源社会保障部关于做好2022年脱贫人口稳岗就业工作的通知。各地要落实就业帮扶政策。"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_sniff_decodes_chinese_encodings(encoding):
    sniffed = sniff(NOTICE.encode(encoding), "notice.txt")
    assert sniffed.format == "text"
    assert sniffed.text.strip() == NOTICE


def test_sniff_notes_a_non_utf8_encoding():
    assert sniff(NOTICE.encode("gbk") * 3, "x").repaired.startswith("decoded as gb18030")
    assert sniff(NOTICE.encode("utf-8"), "x").repaired is None


@pytest.mark.parametrize("name", ["000_4983a58432236fc3.txt", "001_35935e3a46465b39.txt"])
def test_sniff_plain_text_samples(corpus_dir, name):
    assert sniff((corpus_dir / name).read_bytes(), name).format == "text"


@pytest.mark.parametrize("name", ["003_ae85de4f483fdaf6.txt", "004_7dc2baf39b3a8626.txt"])
def test_sniff_markdown_samples_despite_txt_extension(corpus_dir, name):
    assert sniff((corpus_dir / name).read_bytes(), name).format == "markdown"


def test_sniff_front_matter_then_html_is_html(corpus_dir):
    assert sniff((corpus_dir / "002_6ceb1ec26c302d42.txt").read_bytes(), "002").format == "html"


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("hangzhou_zuqiu_fazhan_zhongdian_chengshi_ruogan_cuoshi_2025.pdf", "pdf"),
        ("govcn_guofa_2018_39_cujin_jiuye_ruogan_yijian.html", "html"),
        ("henan_fupin_kaifa_tiaoli_2017.md", "markdown"),
        ("laibin_2024_zhengfu_gongzuo_baogao.txt", "text"),
    ],
)
def test_sniff_real_documents(realdocs_dir, name, fmt):
    assert sniff((realdocs_dir / name).read_bytes(), name).format == fmt


def test_sniff_gbk_real_document(realdocs_dir):
    name = "nanning_keji_fazhan_shisanwu_guihua_2016_gbk.txt"
    sniffed = sniff((realdocs_dir / name).read_bytes(), name)
    assert sniffed.encoding == "gb18030"
    assert "南府办" in sniffed.text


@pytest.mark.parametrize(
    "data, error",
    [
        (b"", EmptyDocument),
        (b" \n\r\n\t", EmptyDocument),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(200)), UnsupportedFormat),
        (b"PK\x03\x04" + bytes(100), UnsupportedFormat),
        (bytes(range(256)) * 8, UnsupportedFormat),
        (
            "关于做好就业工作的通知".encode()
            + b"\xff\xfe\xfa\x80\x81"
            + "测试".encode("gbk") * 3
            + b"\xff\x80",
            UndecodableText,
        ),
    ],
)
def test_sniff_rejects_bad_bytes(data, error):
    with pytest.raises(error):
        sniff(data, "bad")


@pytest.mark.parametrize(
    "text, fmt",
    [
        ("<html><body><div><p>通知</p></div></body></html>", "html"),
        ("# 标题\n\n**一、总体要求**\n\n正文。", "markdown"),
        ("国家乡村振兴局文件\n\n国乡振发〔2023〕8号\n\n正文。", "text"),
    ],
)
def test_text_format_from_markup(text, fmt):
    assert text_format(text) == fmt
