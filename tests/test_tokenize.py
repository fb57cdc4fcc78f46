"""Tests for nlp/tokenize.py (jieba with the domain dictionary)."""

from __future__ import annotations

import pickle

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp import lexicon
from nlp.errors import JixiaoError
from nlp.tokenize import normalize, tokenize


# Segmentations that the packaged dictionary is designed to give (see its
# header: "domain noun + rate word" compounds split into the two parts).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("资金拨付及时率", ["资金拨付", "及时率"]),
        ("受益群众满意度 ≥98%", ["受益群众", "满意度", "≥", "98%"]),
        ("培训人次", ["培训", "人次"]),
        # full-width digits and per-cent sign are folded before segmenting
        ("群众满意度≥９５％", ["群众", "满意度", "≥", "95%"]),
        ("", []),
        ("   ", []),
    ],
)
def test_tokenize_exact(text, expected):
    assert tokenize(text) == expected


# A domain term must never be cut: it lies inside one token (which may be a
# longer listed term, e.g. 验收合格率 or 服务对象满意度).
@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("受益群众满意度", "满意度"),
        ("服务对象满意度", "满意度"),
        ("工程验收合格率", "合格率"),
        ("办公设备验收合格率", "合格率"),
        ("项目完成及时率", "及时率"),
        ("补助资金拨付到位率", "资金拨付"),
        ("资金拨付率", "资金拨付"),
        ("年培训农民人次", "人次"),
        ("参会代表出勤率", "出勤率"),
    ],
)
def test_domain_terms_stay_whole(text, term):
    assert any(term in token for token in tokenize(text)), tokenize(text)


def test_spaces_dropped_and_order_kept():
    assert tokenize(" 会议 成本 ") == ["会议", "成本"]
    assert "".join(tokenize("资金拨付及时率")) == "资金拨付及时率"


def test_normalize_folds_full_width():
    assert normalize("　ＡＢＣ１２３％　") == "ABC123%"


def test_tokenize_pickles_by_reference():
    assert pickle.loads(pickle.dumps(tokenize)) is tokenize


def test_tfidf_vectorizer_with_tokenize_roundtrips():
    docs = ["资金拨付及时率", "受益群众满意度", "群众满意度", "项目完成及时率"]
    vec = TfidfVectorizer(tokenizer=tokenize, token_pattern=None, lowercase=False).fit(docs)
    assert {"满意度", "资金拨付", "及时率"} <= set(vec.vocabulary_)
    again = pickle.loads(pickle.dumps(vec))
    assert (again.transform(docs) != vec.transform(docs)).nnz == 0


@pytest.fixture
def tiny_lexicons(tmp_path):
    """A data folder with only a jieba dictionary; restored afterwards."""
    (tmp_path / "jieba_userdict.txt").write_text(
        "# test dictionary\n# schema: word [freq] [tag]\n会议成本 100 n\n\n群众满意度\n",
        encoding="utf-8",
    )
    lexicon.set_data_dir(tmp_path)
    try:
        yield tmp_path
    finally:
        lexicon.set_data_dir(None)


def test_dictionary_is_read_through_lexicon(tiny_lexicons):
    assert lexicon.jieba_userdict() == [("会议成本", 100, "n"), ("群众满意度", None, None)]
    assert tokenize("会议成本") == ["会议成本"]
    assert tokenize("群众满意度") == ["群众满意度"]


def test_switching_back_restores_packaged_dictionary(tiny_lexicons):
    assert tokenize("会议成本") == ["会议成本"]
    lexicon.set_data_dir(None)
    assert tokenize("会议成本") == ["会议", "成本"]


def test_packaged_dictionary_has_a_header_and_core_terms():
    words = {w for w, _, _ in lexicon.jieba_userdict()}
    assert {"满意度", "合格率", "及时率", "资金拨付", "人次"} <= words
    first = (lexicon.data_dir() / "jieba_userdict.txt").read_text(encoding="utf-8")
    assert first.startswith("#")


def test_malformed_dictionary_line_is_an_error(tmp_path):
    (tmp_path / "jieba_userdict.txt").write_text("满意度 10 n extra\n", encoding="utf-8")
    lexicon.set_data_dir(tmp_path)
    try:
        with pytest.raises(JixiaoError, match="word \\[freq\\] \\[tag\\]"):
            lexicon.jieba_userdict()
    finally:
        lexicon.set_data_dir(None)
