"""The page helpers of web/pages.py that need no browser: quantities, highlighting, facets, text runs."""
from __future__ import annotations

import pytest

from web.pages import (
    facet_url,
    facet_view,
    format_quantity,
    highlight,
    key_fields,
    query_terms,
    text_segments,
)

# corpus/000_4983a58432236fc3.txt (news bulletin), the workshop subsidy clause
WORKSHOP_CLAUSE = ("将奖补标准由车间1000元/人、基地2000元/人均提高至4000元/人，"
                   "极大提升帮扶车间吸纳脱贫人口就业积极性")


@pytest.mark.parametrize("value, unit, expected", [
    (30000000, "人", "3000万人"),          # 稳定在3000万人以上 (corpus/001)
    (335000000, "元", "3.35亿元"),         # 3.35亿元 (GUIDELINES example)
    (1000, "元/人", "1,000元/人"),         # 车间1000元/人 (corpus/000)
    (2194000, "人", "219.4万人"),          # 务工规模达219.4万人 (corpus/000)
    (104, "%", "104%"),
    (None, "元", ""),
])
def test_format_quantity_reads_as_written(value, unit, expected):
    assert format_quantity(value, unit) == expected


def test_query_terms_finds_query_words_in_clause():
    terms = query_terms("帮扶车间有哪些补贴", WORKSHOP_CLAUSE)
    assert "帮扶车间" in terms and "有哪些" not in terms


def test_query_terms_keeps_bridged_terms_present_in_clause():
    terms = query_terms("which subsidies apply to workshops", WORKSHOP_CLAUSE, ["车间", "奖补", "补助"])
    assert set(terms) == {"车间", "奖补"}


def test_highlight_marks_terms_and_keeps_text():
    runs = highlight(WORKSHOP_CLAUSE, ["帮扶车间", "奖补"])
    assert "".join(piece for piece, _ in runs) == WORKSHOP_CLAUSE
    assert [piece for piece, marked in runs if marked] == ["奖补", "帮扶车间"]


def test_highlight_escapes_regex_characters_in_terms():
    runs = highlight("按投入的20%(最高50万元)给予补助", ["20%(最高"])
    assert runs[1] == ("20%(最高", True)


def test_text_segments_cover_text_and_keep_overlapping_facts():
    text = "各地要在2023年底前完成。财政部门要予以支持。"
    facts = [{"id": "r1", "type": "responsibility", "start": 0, "end": 13},
             {"id": "d1", "type": "deadline", "start": 4, "end": 13},
             {"id": "r2", "type": "responsibility", "start": 13, "end": 24}]
    runs = text_segments(text, facts, anchors={13}, cited=(13, 24))
    assert "".join(r["text"] for r in runs) == text
    overlap = next(r for r in runs if r["start"] == 4)
    assert overlap["facts"] == ["r1", "d1"] and overlap["types"] == ["deadline", "responsibility"]
    second = next(r for r in runs if r["start"] == 13)
    assert second["anchor"] and second["cited_start"] and second["fact_starts"] == ["r2"]
    assert not runs[0]["cited"]


def test_facet_view_counts_under_the_other_filters():
    hits = [{"type": "subsidy", "source": "a.txt", "region": "广东"},
            {"type": "subsidy", "source": "b.txt", "region": "陕西"},
            {"type": "sentence", "source": "a.txt"}]
    shown, facets = facet_view(hits, {"source": "a.txt"}, parts={})
    assert shown == [hits[0], hits[2]]
    assert dict(facets["type"]) == {"subsidy": 1, "sentence": 1}
    assert dict(facets["source"]) == {"a.txt": 2, "b.txt": 1}  # own filter ignored: switchable


def test_facet_url_sets_and_clears_one_filter():
    url = facet_url("补贴", {"type": "subsidy"}, "region", "广东")
    assert url == "?q=%E8%A1%A5%E8%B4%B4&type=subsidy&region=%E5%B9%BF%E4%B8%9C"
    assert facet_url("补贴", {"type": "subsidy"}, "type", "") == "?q=%E8%A1%A5%E8%B4%B4"


def test_key_fields_of_a_subsidy_use_bilingual_labels():
    fact = {"type": "subsidy", "item": "就业帮扶车间吸纳脱贫人口奖补", "beneficiary": "就业帮扶车间",
            "amount": 4000, "unit": "元/人", "previous_amount": 1000, "condition": None}
    assert key_fields(fact) == [("项目 Item", "就业帮扶车间吸纳脱贫人口奖补"),
                                ("对象 Beneficiary", "就业帮扶车间"),
                                ("金额 Amount", "4,000元/人"), ("原标准 Previous", "1,000元/人")]
