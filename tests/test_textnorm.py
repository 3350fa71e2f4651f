"""Normalisation of real text: widths, glyphs, spaced-out characters, CJK/digit spacing, wraps."""

from __future__ import annotations

import pytest

from extractors.textnorm import (
    Line,
    assemble,
    clean_cell,
    clean_line,
    collapse_spaced,
    is_furniture,
    normalize_chars,
    rejoin,
    take_meta_lines,
    tighten_spaces,
)


@pytest.mark.parametrize(
    "raw, clean, source",
    [
        ("由 ３０ 万元提高至 ５０ 万元", "由 30 万元提高至 50 万元", "sichuan PDF, full-width digits"),
        (
            "省政府同意ꎬ现印发给你们ꎬ请认真贯彻落实ꎮ",
            "省政府同意，现印发给你们，请认真贯彻落实。",
            "sichuan PDF, Yi glyphs",
        ),
        (
            "关于印发«支持创业带动就业的若干政策措施»的通知",
            "关于印发《支持创业带动就业的若干政策措施》的通知",
            "sichuan PDF quotes",
        ),
        ("占比达到６７．９％", "占比达到67.9%", "full-width decimal and percent"),
        (
            "各省、自治区、直辖市乡村振兴局,有关省市协作办(对口办):",
            "各省、自治区、直辖市乡村振兴局，有关省市协作办（对口办）：",
            "001 sample, ASCII punctuation among Chinese",
        ),
        ("LPR+50BP (2023)", "LPR+50BP (2023)", "ASCII context keeps ASCII punctuation"),
        (
            "运行良好。(责任单位:财政厅,",
            "运行良好。（责任单位：财政厅，",
            "sichuan PDF, tag opened on one line",
        ),
        ("人民银行四川省分行)", "人民银行四川省分行）", "sichuan PDF, tag closed on the next line"),
        (
            "编制了《上海关于贯彻落实<“十四五”全国农业机械化发展规划>的实施意见》",
            "编制了《上海关于贯彻落实〈“十四五”全国农业机械化发展规划〉的实施意见》",
            "sh_shisiwu md, inner title marks",
        ),
    ],
)
def test_normalize_chars_widths_and_glyphs(raw, clean, source):
    assert normalize_chars(raw) == clean


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("人 力 资 源 社 会 保 障 部", "人力资源社会保障部"),
        ("3\t内 蒙 古\t19.62", "3\t内蒙古\t19.62"),
        ("夏 铮，（020）83170581；", "夏铮，（020）83170581；"),
        ("人力资源社会保障部 国家发展改革委 农业农村部", "人力资源社会保障部 国家发展改革委 农业农村部"),
        ("中共中央 国务院关于", "中共中央 国务院关于"),
    ],
)
def test_collapse_spaced_joins_only_spaced_out_characters(raw, clean):
    assert collapse_spaced(raw) == clean


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("2022 年脱贫人口人均纯收入达 14342 元", "2022年脱贫人口人均纯收入达14342元"),
        ("超过 80%， 成为带动", "超过80%，成为带动"),
        ("用心 、用情 、用力", "用心、用情、用力"),
        ("142 . 06 万人次", "142.06万人次"),
        ("LPR+50BP 计算", "LPR+50BP计算"),
    ],
)
def test_tighten_spaces_between_chinese_and_digits(raw, clean):
    assert tighten_spaces(raw) == clean


def test_clean_line_combines_all_repairs():
    assert clean_line("　　国 家 乡 村 振 兴 局 2023 年要求 ") == "国家乡村振兴局2023年要求"


def test_clean_cell_joins_a_wrap_between_chinese_characters():
    assert clean_cell("补贴\n标准") == "补贴标准"
    assert clean_cell("30\n万元") == "30万元"


@pytest.mark.parametrize(
    "line",
    [
        "— 1 —",
        "—1—",
        "- 12 -",
        "第 3 页 共 10 页",
        "【打印】 【关闭】",
        "浏览量：123",
        "字体大小：大 中 小",
        "责任编辑：邓健",
        "分享到",
        "扫一扫在手机打开当前页",
        "当前位置：首页 > 政务公开",
        "第一章 发展回顾和发展环境........6",
    ],
)
def test_is_furniture_page_marks_and_buttons(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line", ["一、总体要求", "2023年9月1日", "全省脱贫人口务工规模达219.4万人。", "附件1"]
)
def test_is_furniture_keeps_content(line):
    assert not is_furniture(line)


def _texts(lines):
    return [b.text for b in rejoin(lines)]


def test_rejoin_hard_wrapped_prose_across_a_blank_line():
    # corpus/000: a sentence broken by a hard wrap and by a blank line (PDF-extracted news)
    lines = [
        Line("国家乡村振兴局近日发布，"),
        Line("2022年，我国坚持把增加脱贫人"),
        Line("口收入作为巩固拓展脱贫攻坚"),
        Line("成果的根本措施，收入增速高"),
        Line("于全国农民平均水平。其"),
        Line("中，来自就业和产业的收入占比"),
        Line("超过80%，成为带动脱贫人口增", blank_before=True),
        Line("收的主要来源。"),
    ]
    assert _texts(lines) == [
        "国家乡村振兴局近日发布，2022年，我国坚持把增加脱贫人口收入作为巩固拓展脱贫攻坚成果的根本措施，"
        "收入增速高于全国农民平均水平。其中，来自就业和产业的收入占比超过80%，成为带动脱贫人口增收的主要来源。"
    ]


def test_rejoin_keeps_title_and_letterhead_lines_apart():
    lines = [
        Line("福建省人力资源和社会保障厅"),
        Line("福建省发展和改革委员会文件"),
        Line("闽人社文〔2023〕121号", blank_before=True),
        Line("福建省人力资源和社会保障厅等三部门转发", blank_before=True),
        Line("人力资源社会保障部 国家发展改革委"),
    ]
    assert len(_texts(lines)) == 5


def test_rejoin_keeps_headings_and_numbered_items():
    lines = [
        Line("一、总体要求"),
        Line("以习近平新时代中国特色社会主义思想为指导，深入贯彻"),
        Line("党的二十大精神。"),
        Line("（一）拓展完善劳务协作对接机制。推动劳务协作"),
    ]
    assert _texts(lines) == [
        "一、总体要求",
        "以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。",
        "（一）拓展完善劳务协作对接机制。推动劳务协作",
    ]


def test_rejoin_pdf_geometry_joins_only_wrapped_lines():
    lines = [
        Line("（一）加大创业信贷支持力度。创业担保贷款个人申请额度", page=1, full=True),
        Line("由30万元提高至50万元。", page=1, full=False),
        Line("（二）优化担保基金运作模式。", page=2, full=False),
    ]
    blocks = rejoin(lines, geometry=True)
    assert [b.text for b in blocks] == [
        "（一）加大创业信贷支持力度。创业担保贷款个人申请额度由30万元提高至50万元。",
        "（二）优化担保基金运作模式。",
    ]


def test_rejoin_unclosed_bracket_continues_after_colon():
    lines = [Line("给予20万元奖励。（责任单位：", page=1, full=True), Line("市经信局）", page=1, full=False)]
    assert [b.text for b in rejoin(lines, geometry=True)] == ["给予20万元奖励。（责任单位：市经信局）"]


def test_assemble_pages_and_table_rows():
    lines = [
        Line("附件", page=1),
        Line("1 广州 79.80", page=1, cells=["1", "广州", "79.80"]),
        Line("2 深圳 86.99", page=2, cells=["2", "深圳", "86.99"]),
        Line("合计 166.79", page=2, cells=["合计", "", "166.79"]),
    ]
    text, starts, tables = assemble(rejoin(lines), n_pages=2)
    assert text == "附件\n1 广州 79.80\n2 深圳 86.99\n合计 166.79"
    assert starts == [0, text.index("2 深圳")]
    assert len(tables) == 1 and tables[0].offset == text.index("1 广州")
    assert tables[0].rows[-1] == ["合计", "", "166.79"]


def test_take_meta_lines_moves_header_labels_into_meta():
    lines = [
        Line("发布日期：2025-08-07"),
        Line("发布机构：上海市科学技术委员会"),
        Line("沪府办规〔2025〕5号"),
        Line("【法宝引证码】 CLI.12.5115678"),
    ]
    kept, meta = take_meta_lines(lines)
    assert [ln.text for ln in kept] == ["沪府办规〔2025〕5号"]
    assert meta == {
        "published_date": "2025-08-07",
        "publisher": "上海市科学技术委员会",
        "citation_code": "CLI.12.5115678",
    }


def test_rejoin_prose_drops_spaces_inside_chinese_words():
    # beibuwan…crlf.txt (PDF-extracted): 终 端产品, 全流 程
    lines = [
        Line("促进智能制造装备和终 端产品在企业全流 程应用，"),
        Line("推动人力资源社会保障部 国家发展改革委"),
    ]
    blocks = rejoin(lines)
    assert blocks[0].text.startswith("促进智能制造装备和终端产品在企业全流程应用，")
    assert rejoin([Line("人力资源社会保障部 国家发展改革委")])[0].text == "人力资源社会保障部 国家发展改革委"


def test_rejoin_list_cue_and_open_quote_continue():
    # corpus/000: 二是… wraps mid-word; an open quote runs on across a blank line
    lines = [
        Line("二是强化就业帮扶车间吸纳就"),
        Line("业。建立动态管理机制，保持就业帮"),
        Line("扶车间规模总体稳定。"),
    ]
    assert _texts(lines) == ["二是强化就业帮扶车间吸纳就业。建立动态管理机制，保持就业帮扶车间规模总体稳定。"]
    lines = [
        Line("部门联动"),
        Line("海南打通“智慧就业”系统与“防"),
        Line("返贫监测”系统信息壁垒。", blank_before=True),
    ]
    assert _texts(lines) == ["部门联动", "海南打通“智慧就业”系统与“防返贫监测”系统信息壁垒。"]


def test_rejoin_body_line_after_a_subheading_continues_across_a_blank_line():
    # corpus/000: 专班推进抓统筹 / 海南将促进…作 ⏎⏎ 为市县党政… (a page break inside the sentence)
    texts = [
        "近日发布，我国坚持把增加脱贫",
        "人口收入作为根本措施，收入",
        "增速高于全国平均水平。",
        "专班推进抓统筹",
        "海南将促进脱贫人口稳岗就业作",
        "为市县党政领导班子和领导干部",
        "推进考核的重要指标。",
    ]
    lines = [Line(t, blank_before=i in (3, 5)) for i, t in enumerate(texts)]
    assert _texts(lines)[1:] == [
        "专班推进抓统筹",
        "海南将促进脱贫人口稳岗就业作为市县党政领导班子和领导干部推进考核的重要指标。",
    ]
