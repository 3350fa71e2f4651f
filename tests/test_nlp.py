"""The spaCy pipeline: jieba + policy dictionary, modal matcher, actor spans (extractors/nlp.py)."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")
pytest.importorskip("jieba")

from extractors.nlp import cue_token_starts, get_nlp, modal_cues  # noqa: E402


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


def test_get_nlp_is_built_once_with_named_components(nlp):
    assert get_nlp() is nlp
    assert nlp.pipe_names == ["actor_gazetteer", "policy_actors", "policy_modals"]


def test_user_dictionary_keeps_policy_terms_whole(nlp):
    words = [t.text for t in nlp.make_doc("县人社局要加强就业帮扶车间建设")]
    assert "人社局" in words and "就业帮扶车间" in words  # jieba alone splits 县人/社局


@pytest.mark.parametrize("text, cues, source", [
    ("各地要持续跟踪监测搬迁群众生产生活情况", [("要", "must")], "corpus 000"),
    ("各级人民政府应当为社会各界参与扶贫开发活动搭建平台", [("应当", "should")], "henan 第四条"),
    ("各地可利用衔接推进乡村振兴补助资金", [("可", "may")], "corpus 004"),
    ("任何单位和个人不得滞留扶贫资金", [("不得", "prohibited")], "henan"),
    ("国家乡村振兴局要求各地抓好落实", [], "要求 is not a modal"),
    ("这是一项重要举措，需要各方面齐心协力", [], "重要/需要 are not modals"),
])
def test_modal_matcher_marks_whole_token_cues(nlp, text, cues, source):
    doc = nlp(text)
    found = [(s.text, s.label_) for s in doc.spans["modal"] if modal_cues()[s.text].position != "duty"]
    assert found == cues, source


def test_actor_spans_cover_general_patterns_and_gazetteer(nlp):
    doc = nlp("驻村第一书记和驻村工作队员要进村入户，市人社局负责统筹。")
    texts = {s.text for s in doc.spans["actor"]}
    assert "驻村第一书记和驻村工作队员" in texts
    assert "人社局" in texts


def test_cue_token_starts_rejects_cue_inside_a_word():
    text = "重点领域要求各地要做好"
    starts = cue_token_starts(text)
    assert text.index("要做好") in starts
    assert text.index("要求") not in starts
