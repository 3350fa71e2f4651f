"""PDF loader: reading order, wrapped lines, pages, page marks, displaced digits, glyphs, no text layer."""

from __future__ import annotations

import re

import pytest

from extractors.loaders import load
from extractors.loaders.pdf import _drop_empty_columns, _is_grid, _Row, _row_text, _rows
from schema.errors import DamagedFile, NoTextLayer

CID_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts "
    b"[<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) "
    b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>] >>"
)


def build_pdf(
    pages: list[list[tuple[int, int, str | None]]], encrypt: bool = False, cid_font: bool = False
) -> bytes:
    """A minimal PDF: each page a list of (x, y, text) in Helvetica 12 pt; text None draws a filled box.

    With `cid_font` the text is set in a CID font without a ToUnicode map, as some 公文 PDFs are.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(CID_FONT if cid_font else b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    page_ids = []
    for items in pages:
        ops = [
            f"{x} {y} 100 50 re f"
            if text is None
            else f"BT /F1 12 Tf {x} {y} Td {_show(text, cid_font)} Tj ET"
            for x, y, text in items
        ]
        stream = "\n".join(ops).encode()
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    add(
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (" ".join(f"{i} 0 R" for i in page_ids).encode(), len(page_ids))
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    encrypt_id = (
        add(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> /P -4 >>")
        if encrypt
        else None
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if encrypt_id:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt_id, b"ab" * 16, b"ab" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _show(text: str, cid_font: bool) -> str:
    return "<" + "".join(f"{ord(ch):04x}" for ch in text) + ">" if cid_font else f"({text})"


def test_load_pdf_with_cid_fonts_has_no_usable_text(tmp_path):
    path = tmp_path / "cid.pdf"
    path.write_bytes(build_pdf([[(72, 750, "Policy text set in an unmapped font")]], cid_font=True))
    with pytest.raises(NoTextLayer, match="ToUnicode"):
        load(path)


def test_load_built_pdf_pages_and_order(tmp_path):
    path = tmp_path / "two_pages.bin"
    path.write_bytes(
        build_pdf(
            [
                [
                    (72, 710, "Second paragraph."),
                    (72, 750, "This notice sets out the work plan for 2024 and"),
                    (72, 730, "its targets."),
                ],
                [(72, 750, "Page two text."), (280, 60, "- 2 -")],
            ]
        )
    )
    raw = load(path)
    assert raw.format == "pdf"
    assert raw.text.split("\n") == [
        "This notice sets out the work plan for 2024 and its targets.",
        "Second paragraph.",
        "Page two text.",
    ]
    assert raw.page_starts == [0, raw.text.index("Page two")]


@pytest.mark.parametrize(
    "pages, error",
    [
        ([[(72, 700, None)]], NoTextLayer),
    ],
)
def test_load_pdf_without_text_layer(tmp_path, pages, error):
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf(pages))
    with pytest.raises(error, match="no text layer"):
        load(path)


def test_load_encrypted_and_truncated_pdf(tmp_path):
    encrypted, truncated = tmp_path / "e.pdf", tmp_path / "t.pdf"
    encrypted.write_bytes(build_pdf([[(72, 750, "Secret")]], encrypt=True))
    truncated.write_bytes(build_pdf([[(72, 750, "Hello")]])[:300])
    with pytest.raises(DamagedFile, match="encrypted"):
        load(encrypted)
    with pytest.raises(DamagedFile):
        load(truncated)


def _char(text, x0, top, size=14.7):
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size}


def test_rows_put_lowered_digits_back_into_their_line():
    # sichuan_chuangye…pdf: full-width digits sit 11.7 pt lower than their sentence
    chars = [
        _char("由", 77, 342.6),
        _char("３", 95.8, 354.3, 7.3),
        _char("０", 103.1, 354.3, 7.3),
        _char("万", 115.3, 342.6),
        _char("元", 131.0, 342.6),
        _char("下", 77, 372.6),
    ]
    rows = _rows(chars)
    assert len(rows) == 2
    assert _row_text(rows[0]) == "由３０万元"


def test_row_text_spaces_latin_words_not_chinese():
    row = _Row(
        0,
        10,
        10,
        [_char("A", 0, 0, 10), _char("B", 12, 0, 10), _char("中", 24, 0, 10), _char("文", 34, 0, 10)],
    )
    assert _row_text(row) == "A B中文"


def test_fake_tables_of_shaded_lines_are_not_grids():
    assert not _is_grid([["海南省农业农村厅 海南省财政厅", "", ""], ["关于印发", "", ""], ["", "", ""]])
    assert _is_grid([["1.1.1", "犁"], ["1.1.2", "旋耕机"]])
    assert _drop_empty_columns([["", "1.", "", "耕整地机械"], ["", "1.1", "", ""]]) == [
        ["1.", "耕整地机械"],
        ["1.1", ""],
    ]


@pytest.fixture(scope="module")
def sichuan(realdocs_dir):
    return load(realdocs_dir / "sichuan_chuangye_daidong_jiuye_ruogan_zhengce_cuoshi_2025.pdf")


def test_load_sichuan_numbers_back_in_place(sichuan):
    assert (
        "创业担保贷款个人申请额度由30万元提高至50万元、小微企业申请额度由400万元提高至600万元" in sichuan.text
    )
    assert "川办规〔2025〕6号" in sichuan.text.split("\n")
    assert "2025年4月30日" in sichuan.text.split("\n")


def test_load_sichuan_glyphs_normalised(sichuan):
    assert not re.search("[ꎬꎮꎻꎼ«»０-９]", sichuan.text)
    assert "关于印发《支持创业带动就业的" in sichuan.text
    assert "〔责任单位：财政厅、团省委，人力资源社会保障厅" in sichuan.text


def test_load_sichuan_pages_and_no_page_marks(sichuan):
    assert len(sichuan.page_starts) == 8
    assert sichuan.page_starts == sorted(sichuan.page_starts)
    assert not re.search(r"^—\s*\d+\s*—$", sichuan.text, re.MULTILINE)


def test_load_hangzhou_wrapped_lines_rejoined(realdocs_dir):
    raw = load(realdocs_dir / "hangzhou_zuqiu_fazhan_zhongdian_chengshi_ruogan_cuoshi_2025.pdf")
    lines = raw.text.split("\n")
    assert "杭政办函〔2025〕16号" in lines
    assert not any(re.fullmatch(r"—\s*\d+\s*—", ln) for ln in lines)
    prose = [ln for ln in lines if len(ln) > 30]
    assert all(ln.endswith(("。", "）", "；", "：", "]")) for ln in prose)  # each a whole paragraph


def test_load_pdf_tables_as_rows(realdocs_dir):
    raw = load(realdocs_dir / "hainan_2024-2026_nongji_gouzhi_butie_shishi_fangan.pdf")
    assert raw.tables and all(len(t.rows) >= 2 for t in raw.tables)
    assert any(row[0] == "1.1.1" and "犁" in row for row in raw.tables[0].rows)
    assert "1.1.1 犁" in raw.text.split("\n")
    assert "海南省农业农村厅 海南省财政厅" in raw.text
