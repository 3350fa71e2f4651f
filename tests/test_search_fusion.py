"""Fusion is pure: rank fusion, fact-type intent and de-duplication on hand-made items."""
from __future__ import annotations

import pytest

from search import fusion
from search.settings import SearchSettings


def _item(kind="sentence", type_="sentence", evidence="", source="a.txt"):
    return {"kind": kind, "type": type_, "evidence": evidence, "source": source}


def test_reciprocal_rank_fusion_rewards_agreement():
    scores = fusion.reciprocal_rank_fusion([([1, 2, 3], 1.0), ([3, 1, 4], 1.0)], k=60)
    assert max(scores, key=scores.get) == 1
    assert scores[3] > scores[2] and scores[3] > scores[4]


def test_reciprocal_rank_fusion_weights_sides():
    scores = fusion.reciprocal_rank_fusion([([1], 2.0), ([2], 1.0)], k=60)
    assert scores[1] == pytest.approx(2 * scores[2])


@pytest.mark.parametrize("item, intents, expected", [
    (_item("fact", "subsidy"), ["subsidy"], 1.6),                       # asked type, + fact bonus
    (_item("fact", "target"), ["subsidy"], 1.1),                        # other type: fact bonus only
    (_item(evidence="落实好吸纳脱贫人口就业补贴"), ["subsidy"], 1.25),   # sentence with a cue word
    (_item(evidence="加强组织领导"), ["subsidy"], 1.0),
    (_item("fact", "deadline"), ["subsidy", "deadline"], 1.35),          # a second intent counts half
])
def test_intent_factor_favours_the_asked_fact_type(item, intents, expected):
    settings = SearchSettings(intent_boost=0.5, cue_boost=0.25, fact_bonus=0.1)
    assert fusion.intent_factor(item, intents, {"补贴": "subsidy"}, settings) == pytest.approx(expected)


def test_fuse_puts_an_intent_fact_above_an_equal_sentence():
    items = {1: _item(evidence="就业帮扶车间"), 2: _item("fact", "subsidy", "车间奖补")}
    ranked = fusion.fuse([1, 2], [2, 1], items, ["subsidy"], {})
    assert [i for i, _ in ranked] == [2, 1]


def test_dedupe_drops_evidence_inside_a_better_hit():
    items = {1: _item(evidence="对就业帮扶车间吸纳脱贫人口就业的，给予奖补。"),
             2: _item("fact", "subsidy", "给予奖补"),
             3: _item("fact", "subsidy", "给予奖补", source="b.txt"),
             4: _item(evidence="加强组织领导")}
    kept = fusion.dedupe([(1, 0.9), (2, 0.8), (3, 0.7), (4, 0.6)], items, limit=10)
    assert [i for i, _ in kept] == [1, 3, 4]
    assert len(fusion.dedupe([(1, 0.9), (3, 0.7), (4, 0.6)], items, limit=2)) == 2
