"""Document structure: parts and 公文 metadata, headings, tables and sentences, on real documents."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import pytest

from extractors import metadata as md
from extractors.loaders import load
from extractors.structure import parse_structure
from schema.records import Document, RawText

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def parsed(path: str) -> Document:
    return parse_structure(load(path))


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


# The samples' document records (source, part, title, 文号, issuers, date, kind, forwards).
SEEDS = [
    (
        "000_4983a58432236fc3.txt",
        0,
        "国家乡村振兴局：2023年要抓牢两个重点牢牢守住不发生规模性返贫底线",
        None,
        ["国家乡村振兴局"],
        None,
        "news",
        None,
    ),
    (
        "001_35935e3a46465b39.txt",
        0,
        "国家乡村振兴局关于进一步做好促进脱贫人口持续增收工作的通知",
        "国乡振发〔2023〕8号",
        ["国家乡村振兴局"],
        None,
        "notice",
        None,
    ),
    (
        "002_6ceb1ec26c302d42.txt",
        0,
        "人民日报：夯实脱贫群众就业增收基本盘",
        None,
        ["人民日报"],
        "2022-02-17",
        "news",
        None,
    ),
    (
        "003_ae85de4f483fdaf6.txt",
        0,
        "福建省人力资源和社会保障厅等三部门转发人力资源社会保障部国家发展改革委农业农村部关于开展防止返贫就业攻坚行动的通知",
        "闽人社文〔2023〕121号",
        ["福建省人力资源和社会保障厅", "福建省发展和改革委员会", "福建省农业农村厅"],
        "2023-10-27",
        "notice",
        "人社部发〔2023〕44号",
    ),
    (
        "003_ae85de4f483fdaf6.txt",
        1,
        "人力资源社会保障部国家发展改革委农业农村部关于开展防止返贫就业攻坚行动的通知",
        "人社部发〔2023〕44号",
        ["人力资源社会保障部", "国家发展改革委", "农业农村部"],
        "2023-09-01",
        "notice",
        None,
    ),
    (
        "004_7dc2baf39b3a8626.txt",
        0,
        "转发人力资源社会保障部发展改革委财政部农业农村部国家乡村振兴局关于做好2022年脱贫人口稳岗就业工作的通知",
        "粤人社发〔2022〕15号",
        [
            "广东省人力资源和社会保障厅",
            "广东省发展和改革委员会",
            "广东省财政厅",
            "广东省农业农村厅",
            "广东省乡村振兴局",
        ],
        "2022-04-21",
        "notice",
        "人社部发〔2022〕13号",
    ),
    (
        "004_7dc2baf39b3a8626.txt",
        1,
        "人力资源社会保障部发展改革委财政部农业农村部国家乡村振兴局关于做好2022年脱贫人口稳岗就业工作的通知",
        "人社部发〔2022〕13号",
        ["人力资源社会保障部", "国家发展改革委", "财政部", "农业农村部", "国家乡村振兴局"],
        "2022-03-18",
        "notice",
        None,
    ),
]


@pytest.mark.parametrize("source, index, title, number, issuers, date, kind, forwards", SEEDS)
def test_parse_structure_sample_parts(
    corpus_dir, source, index, title, number, issuers, date, kind, forwards
):
    doc = parsed(str(corpus_dir / source))
    part = doc.parts[index]
    assert squeeze(part.title) == title
    assert (part.doc_number, part.issuers, part.issued_date, part.kind, part.forwards) == (
        number,
        issuers,
        date,
        kind,
        forwards,
    )


@pytest.mark.parametrize(
    "source, parts", [(s, 2 if s[:3] in ("003", "004") else 1) for s in sorted({row[0] for row in SEEDS})]
)
def test_parse_structure_sample_part_count(corpus_dir, source, parts):
    assert len(parsed(str(corpus_dir / source)).parts) == parts


# Real documents: an 印发 notice and what it issues, gov.cn metadata, a law, a report page, news.
REAL = [
    (
        "gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html",
        1,
        "广州市居家社区养老服务管理办法",
        None,
        ["广州市人民政府办公厅"],
        "2022-09-06",
        "notice",
    ),
    (
        "hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
        1,
        "关于进一步推动经济高质量发展的若干政策",
        None,
        ["杭州市人民政府"],
        "2024-02-18",
        "notice",
    ),
    (
        "henan_fupin_kaifa_tiaoli_2017.md",
        0,
        "河南省扶贫开发条例",
        None,
        ["河南省人民代表大会常务委员会"],
        "2017-12-01",
        "law",
    ),
    (
        "sxyz_meizhouyixue_2024_zhengfu_gongzuo_baogao.html",
        0,
        "政府工作报告",
        None,
        ["国务院"],
        "2024-03-05",
        "report",
    ),
    (
        "gd_gaoxiao_biyesheng_jiuye_chuangye_fuchi_qingdan.html",
        0,
        "广东省高校毕业生就业创业扶持政策清单",
        None,
        ["广东省人力资源和社会保障厅"],
        "2026-08-03",
        "news",
    ),
    (
        "govcn_guofa_2018_39_cujin_jiuye_ruogan_yijian.html",
        0,
        "国务院关于做好当前和今后一个时期促进就业工作的若干意见",
        "国发〔2018〕39号",
        ["国务院"],
        "2018-11-16",
        "notice",
    ),
    (
        "sichuan_chuangye_daidong_jiuye_ruogan_zhengce_cuoshi_2025.pdf",
        0,
        "四川省人民政府办公厅关于印发《支持创业带动就业的若干政策措施》的通知",
        "川办规〔2025〕6号",
        ["四川省人民政府办公厅"],
        "2025-04-30",
        "notice",
    ),
]


@pytest.mark.parametrize("source, index, title, number, issuers, date, kind", REAL)
def test_parse_structure_real_documents(realdocs_dir, source, index, title, number, issuers, date, kind):
    part = parsed(str(realdocs_dir / source)).parts[index]
    assert squeeze(part.title) == squeeze(title)
    assert (part.doc_number, part.issuers, part.issued_date, part.kind) == (number, issuers, date, kind)


def _titled_doc_numbers() -> list[tuple[str, str]]:
    table = ROOT.parent / "shared" / "realdocs.tsv"
    if not table.is_file():
        return []
    with table.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    found = [(r["filename"], md.find_doc_number(r["title"])) for r in rows]
    return [(name, number) for name, number in found if number]


@pytest.mark.parametrize("source, number", _titled_doc_numbers())
def test_parse_structure_finds_the_doc_number_of_every_titled_real_document(realdocs_dir, source, number):
    assert number in [p.doc_number for p in parsed(str(realdocs_dir / source)).parts]


@pytest.mark.parametrize(
    "line, number",
    [
        ("国乡振发〔2023〕8号", "国乡振发〔2023〕8号"),
        ("国乡振发 [2023] 8 号", "国乡振发〔2023〕8号"),
        ("人社部发(2022)13号", "人社部发〔2022〕13号"),
        ("（人社部发〔2023〕44号）转发你们", "人社部发〔2023〕44号"),
        ("穗医保规字［2024］1号", "穗医保规字〔2024〕1号"),
    ],
)
def test_find_doc_number_normalises_brackets(line, number):
    assert md.find_doc_number(line) == number


@pytest.mark.parametrize(
    "text, date",
    [
        ("2023年9月1日", "2023-09-01"),
        ("二〇二三年九月一日", "2023-09-01"),
        ("二〇二二年十二月三十一日", "2022-12-31"),
        ("2022 年 4 月 21 日", "2022-04-21"),
        ("2026-08-03 10:00:00", "2026-08-03"),
        ("Thu, 17 Feb 2022 23:32:20 GMT", "2022-02-17"),
        ("2023年2月30日", None),
    ],
)
def test_parse_date_forms(text, date):
    assert md.parse_date(text) == date


@pytest.mark.parametrize(
    "line, expected",
    [
        ("国乡振发〔2023〕8号", True),
        ("某府文〔2023〕12号    签发人：张三", True),
        ("（人社部发〔2023〕44号）转发你们", False),
    ],
)
def test_is_doc_number_line(line, expected):
    assert md.is_doc_number_line(line) is expected


def test_signature_date_in_chinese_numerals_and_recipients():
    text = (
        "某省人力资源和社会保障厅文件\n某人社发〔2023〕5号\n某省人力资源和社会保障厅关于做好就业工作的通知\n"
        "各市人力资源和社会保障局，省直有关单位：\n现将有关事项通知如下。\n一、落实政策。各地要落实补贴。\n"
        "某省人力资源和社会保障厅\n二〇二三年九月一日"
    )
    doc = parse_structure(RawText("x.txt", text, "text"))
    part = doc.parts[0]
    assert part.issued_date == "2023-09-01"
    assert part.recipients == ["各市人力资源和社会保障局", "省直有关单位"]
    assert part.issuers == ["某省人力资源和社会保障厅"]


def test_sections_heading_tree(corpus_dir):
    doc = parsed(str(corpus_dir / "004_7dc2baf39b3a8626.txt"))
    part1 = [s for s in doc.sections if s.part == 1]
    titles = [(s.level, s.title) for s in part1]
    assert (1, "一、明确目标任务") in titles
    assert (2, "（一）保持规模稳定") in titles
    nested = next(s for s in part1 if s.title == "（一）保持规模稳定")
    assert nested.path == "一、明确目标任务 > （一）保持规模稳定"
    assert any(s.level == 0 and s.title.startswith("附件") for s in part1)


def test_tables_caption_unit_header_rows(corpus_dir):
    doc = parsed(str(corpus_dir / "004_7dc2baf39b3a8626.txt"))
    first, second = doc.tables[0], doc.tables[1]
    assert first.caption == "2022年度各地市吸纳脱贫人口务工目标任务表"
    assert first.unit == "万人" and first.header == ["序号", "地市", "目标任务（万人）"]
    assert first.rows[0] == ["1", "广州", "79.80"]
    start, end = first.row_spans[0]
    assert doc.text[start:end] == "1 广州 79.80"
    assert second.part == 1 and second.unit == "万人" and second.caption.endswith("脱贫人口务工目标任务表")
    assert any(s.text == "1 广州 79.80" for s in doc.sentences)


@pytest.mark.parametrize(
    "source",
    [
        "000_4983a58432236fc3.txt",
        "001_35935e3a46465b39.txt",
        "002_6ceb1ec26c302d42.txt",
        "003_ae85de4f483fdaf6.txt",
        "004_7dc2baf39b3a8626.txt",
    ],
)
def test_sentences_are_short_clauses_with_offsets(corpus_dir, source):
    doc = parsed(str(corpus_dir / source))
    assert doc.sentences
    for sentence in doc.sentences:
        assert 0 < len(sentence.text) <= 200
        assert doc.text[sentence.start : sentence.end] == sentence.text
        titles = {squeeze(p.title) for p in doc.parts}
        assert "\n" not in sentence.text or squeeze(sentence.text) in titles  # a wrapped title stays whole
        assert sentence.part == max(p.index for p in doc.parts if p.start <= sentence.start)
    ends = [s for s in doc.sentences if re.search("[。；！？]", s.text[:-1].rstrip("”’）)"))]
    assert not ends, ends[:3]


def test_sentences_split_long_clauses_at_commas():
    text = "各地要" + "，".join(["加强就业帮扶工作落实各项政策措施"] * 20) + "。"
    doc = parse_structure(RawText("x.txt", text, "text"))
    assert len(doc.sentences) >= 2
    assert all(len(s.text) <= 200 for s in doc.sentences)
    assert "".join(s.text for s in doc.sentences) == text


def test_sentences_carry_section_and_page(realdocs_dir):
    doc = parsed(str(realdocs_dir / "sichuan_chuangye_daidong_jiuye_ruogan_zhengce_cuoshi_2025.pdf"))
    sentence = next(s for s in doc.sentences if "由30万元提高至50万元" in s.text)
    assert sentence.page == 2 and sentence.part == 1
    assert sentence.section.startswith("一、强化财政政策支持 > （一）加大创业信贷支持力度")


@pytest.mark.parametrize(
    "text, title, issuers, date, kind",
    [
        (  # 2023_zhongyang…md: a short heading, a dateline, the full title, the date in brackets
            "关于做好2023年全面推进乡村振兴重点工作的意见\n新华社北京2月13日电\n"
            "中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见\n"
            "（2023年1月2日）\n正文，各地要落实。",
            "中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见",
            ["中共中央", "国务院"],
            "2023-01-02",
            "notice",
        ),
        (  # 2026_zhongyang…pdf: the release line gives month and day, the title the year; the genre
            # gives the issuers (patterns/genre_issuers.tsv)
            "2026年中央一号文件\n中央一号文件2月3日由新华社受权发布，对工作作出部署。\n正文。",
            "2026年中央一号文件",
            ["中共中央", "国务院"],
            "2026-02-03",
            "notice",
        ),
        (  # laibin…txt: a work report read to the congress
            "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n一、2023年工作回顾",
            "政府工作报告",
            ["市人民政府"],
            None,
            "report",
        ),
        (  # beibuwan…txt: a web byline under the title
            "广西工业和信息化发展“十三五”规划\n"
            "广西壮族自治区工业和信息化委员会2017-06-14 14:40\n正文，发展。",
            "广西工业和信息化发展“十三五”规划",
            ["广西壮族自治区工业和信息化委员会"],
            "2017-06-14",
            "notice",
        ),
    ],
)
def test_parse_structure_untitled_and_web_forms(text, title, issuers, date, kind):
    part = parse_structure(RawText("x.txt", text, "text")).parts[0]
    assert (part.title, part.issuers, part.issued_date, part.kind) == (title, issuers, date, kind)


@pytest.mark.parametrize(
    "source, index, title, issuers",
    [
        # a report that names its government by level only: the place it keeps naming completes it
        ("laibin_2024_zhengfu_gongzuo_baogao.txt", 0, "政府工作报告", ["来宾市人民政府"]),
        # no title line: the first sentence names the text (编制…规划纲要，阐明…)
        (
            "guangxi_shisanwu_guihua_gangyao_2016.txt",
            0,
            "广西壮族自治区国民经济和社会发展第十三个五年规划纲要",
            [],
        ),
        # a page title naming the issued 办法 yields to the notice's own title
        (
            "gz_jiuye_jianxi_jidi_guanli_banfa_2019.html",
            0,
            "广州市人力资源和社会保障局广州市财政局关于印发广州市就业见习基地管理办法的通知",
            ["广州市人力资源和社会保障局", "广州市财政局"],
        ),
    ],
)
def test_parse_structure_untitled_reports_and_page_titles(realdocs_dir, source, index, title, issuers):
    part = parsed(str(realdocs_dir / source)).parts[index]
    assert (squeeze(part.title), part.issuers) == (squeeze(title), issuers)


@pytest.mark.parametrize(
    "source, title",
    [
        (
            "nanning_keji_fazhan_shisanwu_guihua_2016_gbk.txt",
            "南宁市人民政府办公厅关于印发南宁市科学技术发展“十三五”专项规划的通知",
        ),
        (
            "hangzhou_jingji_gaozhiliang_fazhan_ruogan_zhengce_2024.pdf",
            "杭州市人民政府印发关于进一步推动经济高质量发展若干政策的通知",
        ),
    ],
)
def test_parse_structure_wrapped_title_rejoins_without_space(realdocs_dir, source, title):
    assert parsed(str(realdocs_dir / source)).parts[0].title == title


# Constructed (labelled): an 印发 notice whose issued 办法 opens on 第一条 with no title line,
# its 版记 (印发机关 and 印发日期) at the end.
ISSUED_WITHOUT_TITLE = (
    "甲人社规字〔2023〕1号\n"
    "甲市人力资源和社会保障局 甲市财政局\n"
    "关于印发甲市促进青年就业办法的通知\n"
    "各有关单位：\n"
    "《甲市促进青年就业办法》已经市政府同意，现印发实施。\n"
    "甲市人力资源和社会保障局\n甲市财政局\n2023年8月9日\n"
    "第一条 为促进青年就业，制定本办法。\n"
    "第二条 本办法自2023年9月1日起施行。\n"
    "公开方式：主动公开\n"
    "甲市人力资源和社会保障局办公室\n2023年8月9日印发"
)


def test_parse_structure_issued_text_without_title_line():
    notice, issued = parse_structure(RawText("x.txt", ISSUED_WITHOUT_TITLE, "text")).parts
    assert notice.title == "关于印发甲市促进青年就业办法的通知"
    assert notice.issuers == ["甲市人力资源和社会保障局", "甲市财政局"]
    assert (issued.title, issued.issuers, issued.issued_date) == (
        "甲市促进青年就业办法",
        ["甲市人力资源和社会保障局", "甲市财政局"],
        "2023-08-09",
    )
    assert ISSUED_WITHOUT_TITLE[issued.start :].startswith("第一条")


@pytest.mark.parametrize(
    "header, issuers, date",
    [
        (  # constructed (labelled): title, subtitle with date and congress, speaker, opening
            "政府工作报告\n——2024年1月10日在甲乙市第五届人民代表大会第四次会议上\n甲乙市人民政府市长 张三\n",
            ["甲乙市人民政府"],
            "2024-01-10",
        ),
        (  # constructed (labelled): the date in Chinese numerals, a prefecture
            "政府工作报告\n——二〇二四年一月二十五日在丙丁州第十一届人民代表大会第四次会议上\n",
            ["丙丁州人民政府"],
            "2024-01-25",
        ),
    ],
)
def test_parse_structure_report_subtitle_gives_date_and_place(header, issuers, date):
    speaker = "市" if "市" in issuers[0] else "州"
    text = header + f"各位代表：\n现在，我代表{speaker}人民政府，向大会报告政府工作，请予审议。\n一、工作回顾"
    part = parse_structure(RawText("x.txt", text, "text")).parts[0]
    assert (part.title, part.issuers, part.issued_date, part.kind) == (
        "政府工作报告",
        issuers,
        date,
        "report",
    )


@pytest.mark.parametrize(
    "body, text, expected",
    [
        ("市人民政府", "来宾发展。来宾篇章。亲临来宾。", "来宾市人民政府"),  # laibin…txt phrases
        ("市人民政府", "广州和深圳", "市人民政府"),  # no place dominates
        ("国务院", "来宾来宾来宾", "国务院"),  # not a bare level
    ],
)
def test_qualify_body_prefixes_the_dominant_place(body, text, expected):
    assert md.qualify_body(body, text) == expected


@pytest.mark.parametrize(
    "line, title",
    [
        (  # guangxi_shisanwu…txt, first sentence
            "根据《中共广西壮族自治区委员会关于制定国民经济和社会发展第十三个五年规划的建议》，编制广西壮族自治区"
            "国民经济和社会发展第十三个五年（2016—2020年）规划纲要，阐明“十三五”时期经济社会发展的指导思想。",
            "广西壮族自治区国民经济和社会发展第十三个五年规划纲要",
        ),
        ("为促进就业，结合本市实际，制定本办法。", None),  # constructed: 本办法 names nothing
    ],
)
def test_preamble_title(line, title):
    assert md.preamble_title(line) == title


def test_indicator_table_rows_are_not_headings(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("南宁市科学技术发展“十三五”规划\n第一章 发展目标\n专栏2“十三五”时期主要指标\n"
                    "指标\n2015年\n2020年\n"
                    "1.地区生产总值（亿元） 16803 24130\n9.城镇化率：\n常住人口城镇化率（%） 47.06 54\n"
                    "第二章 主要任务\n一、加快科技创新\n", encoding="utf-8")
    titles = [s.title for s in parse_structure(load(path)).sections]
    assert titles == ["第一章 发展目标", "第二章 主要任务", "一、加快科技创新"], "guangxi 专栏2 rows"
