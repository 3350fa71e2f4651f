"""Plain text and Markdown loaders on the samples and real documents (GBK, CRLF, PKULaw export)."""

from __future__ import annotations

import re

import pytest

from extractors.loaders import load
from extractors.loaders.markdown import front_matter, markdown_lines
from extractors.loaders.text import drop_toc, restack_cells, table_cells, text_lines
from extractors.textnorm import Line


def test_load_text_sample_rejoins_hard_wraps(corpus_dir):
    raw = load(corpus_dir / "000_4983a58432236fc3.txt")
    assert raw.format == "text" and raw.encoding == "utf_8"
    assert "2022年脱贫人口人均纯收入达14342元，收入增速高于全国农民平均水平。" in raw.text
    assert "其中，来自就业和产业的收入占比超过80%，成为带动脱贫人口增收的主要来源。" in raw.text
    assert not re.search(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", raw.text)


def test_load_text_rejoins_a_sentence_split_by_a_blank_line(corpus_dir):
    raw = load(corpus_dir / "001_35935e3a46465b39.txt")
    assert "党中央、国务院决策部署，进一步做好脱贫人口增收工作" in raw.text


def test_load_markdown_sample_collapses_spaced_letterhead(corpus_dir):
    raw = load(corpus_dir / "004_7dc2baf39b3a8626.txt")
    lines = raw.text.split("\n")
    assert "人力资源社会保障部" in lines and "国家乡村振兴局" in lines
    assert "**" not in raw.text and "## " not in raw.text


def test_load_markdown_sample_tables_are_rows(corpus_dir):
    raw = load(corpus_dir / "004_7dc2baf39b3a8626.txt")
    assert len(raw.tables) == 3
    first = raw.tables[0]
    assert first.rows[0] == ["序号", "地市", "目标任务（万人）"]
    assert first.rows[1] == ["1", "广州", "79.80"]
    assert raw.text[first.offset :].startswith("序号 地市 目标任务（万人）\n1 广州 79.80\n")
    assert "3 内蒙古 19.62" in raw.text


def test_load_gbk_text_with_spaced_header(realdocs_dir):
    raw = load(realdocs_dir / "nanning_keji_fazhan_shisanwu_guihua_2016_gbk.txt")
    assert raw.encoding == "gb18030"
    assert raw.warnings[0] == "decoded as gb18030"
    assert any(w.startswith("rejoined") for w in raw.warnings)
    assert raw.text.startswith("南宁市人民政府\n办公厅文件\n南府办〔2016〕71号")


def test_load_crlf_pdf_extracted_text_drops_toc(realdocs_dir):
    raw = load(realdocs_dir / "beibuwan_gongye_xinxihua_shisanwu_guihua_crlf.txt")
    assert "\r" not in raw.text
    assert raw.text.count("第一章 发展回顾和发展环境") == 1


def test_load_pkulaw_export_moves_header_into_meta(realdocs_dir):
    raw = load(realdocs_dir / "baotou_2022_shuzi_zhengfu_jianshe_kaoping_banfa_pkulaw.txt")
    assert raw.meta["citation_code"] == "CLI.12.5115678"
    assert "法宝引证码" not in raw.text and "原文链接" not in raw.text


def test_load_markdown_law_drops_comments(realdocs_dir):
    raw = load(realdocs_dir / "henan_fupin_kaifa_tiaoli_2017.md")
    assert "INFO END" not in raw.text and "<!--" not in raw.text
    assert "第一章 总则" in raw.text


def test_load_markdown_metadata_lines(realdocs_dir):
    raw = load(realdocs_dir / "sh_zhichi_qiye_jichu_yanjiu_ruogan_cuoshi_2025.md")
    assert raw.meta["published_date"] == "2025-08-07"
    assert "沪府办规〔2025〕5号" in raw.text.split("\n")


def test_text_lines_tab_rows_and_blank_lines():
    lines = text_lines("序号\t地市\t目标任务\n1\t广州\t79.80\n\n合计\t\t387.56\n")
    assert [ln.cells for ln in lines] == [
        ["序号", "地市", "目标任务"],
        ["1", "广州", "79.80"],
        ["合计", "", "387.56"],
    ]
    assert lines[2].blank_before


def test_drop_toc_removes_heading_page_number_pairs():
    lines = [
        Line(t)
        for t in [
            "第一章 发展回顾",
            "6",
            "一、发展回顾",
            "6",
            "二、发展环境",
            "8",
            "第一章 发展回顾",
            "正文。",
        ]
    ]
    assert [ln.text for ln in drop_toc(lines)] == ["第一章 发展回顾", "正文。"]


@pytest.mark.parametrize(
    "text, meta",
    [
        (
            "---\ntitle: '人民日报：夯实脱贫群众就业增收基本盘'\n"
            "date: Thu, 17 Feb 2022 23:32:20 GMT\n---\n正文",
            {"title": "人民日报：夯实脱贫群众就业增收基本盘", "date": "Thu, 17 Feb 2022 23:32:20 GMT"},
        ),
        ("---\n: not yaml : [\n---\n正文", {}),
        ("正文\n---\n", {}),
    ],
)
def test_front_matter(text, meta):
    assert front_matter(text)[0] == meta


def test_markdown_lines_strip_markup():
    lines, _meta = markdown_lines(
        "# 标题\n\n**一、加强组织领导。**各地要[落实](http://x)。\n\n"
        "| 序号 | 地市 |\n|---|---|\n| 1 | 广州 |\n"
    )
    assert [ln.text for ln in lines] == ["标题", "一、加强组织领导。各地要落实。", "序号 地市", "1 广州"]
    assert lines[0].hard and lines[3].cells == ["1", "广州"]


def test_restack_cells_rebuilds_a_table_flattened_one_cell_per_line():
    # guangxi_shisanwu…txt: 专栏2 printed one cell per line
    cells = [
        "指标",
        "经济发展",
        "1.地区生产总值（亿元）",
        "16803",
        "24130",
        "≥7.5",
        "预期性",
        "2.人均地区生产总值（元）",
        "35190",
        "48000",
        "≥6.4",
        "预期性",
        "18.城镇新增就业人数（万人）",
        "—",
        "—",
        "175",
        "预期性",
        "正文继续。",
    ]
    lines = restack_cells([Line(c) for c in cells])
    assert [ln.text for ln in lines] == [
        "指标",
        "经济发展",
        "1.地区生产总值（亿元） 16803 24130 ≥7.5 预期性",
        "2.人均地区生产总值（元） 35190 48000 ≥6.4 预期性",
        "18.城镇新增就业人数（万人） — — 175 预期性",
        "正文继续。",
    ]
    assert lines[4].cells == ["18.城镇新增就业人数（万人）", "—", "—", "175", "预期性"]


def test_restack_cells_leaves_ordinary_text_alone():
    lines = [Line(t) for t in ["一、总体要求", "6", "（一）指导思想", "正文。"]]
    assert restack_cells(lines) == lines


def test_load_guangxi_indicator_table_rows(realdocs_dir):
    raw = load(realdocs_dir / "guangxi_shisanwu_guihua_gangyao_2016.txt")
    assert "19.农村贫困人口脱贫（万人） — — 453 约束性" in raw.text.split("\n")
    assert any(["19.农村贫困人口脱贫（万人）", "—", "—", "453", "约束性"] in t.rows for t in raw.tables)


def test_table_cells_ignores_a_stray_tab_in_prose():
    assert (
        table_cells(
            "整合优化大型仪器协作创新服务平台\t。强化科研设施和仪器网络管理平台建设，" + "积极联合" * 20
        )
        is None
    )
    assert table_cells("1\t广州\t79.80") == ["1", "广州", "79.80"]


@pytest.mark.parametrize("encoding, newline", [("gb18030", "\r\n"), ("utf-16", "\n"), ("utf-8-sig", "\r\n")])
def test_load_same_text_whatever_the_encoding_and_line_ends(tmp_path, corpus_dir, encoding, newline):
    source = corpus_dir / "004_7dc2baf39b3a8626.txt"
    copy = tmp_path / "copy.txt"
    copy.write_bytes(source.read_text(encoding="utf-8").replace("\n", newline).encode(encoding))
    assert load(copy).text == load(source).text
