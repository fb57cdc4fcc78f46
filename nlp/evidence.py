"""Why the model chose a category: the parts of a row that weigh for it.

A category head is a multinomial logistic regression over a union of feature blocks
(:func:`nlp.classify.build_features`), so its log-odds of one category against another is
a sum: each active feature's value times the difference of the two categories' weights,
plus the difference of their intercepts. :func:`explain` splits that sum, exactly, by what
each feature reads:

* the name (its TF-IDF words and word pairs, character n-grams, head features and the
  taxonomy's keyword votes): a feature's share is spread evenly over the characters it
  covers in the cleaned name, and the characters are summed per jieba word, so
  `资金拨付及时率` gets one part for 资金拨付 and one for 及时率;
* the value (its character n-grams, keyword votes, parsed operator, type and unit): one part;
* the name's sentence embedding: one part (what the name means as a whole);
* the intercepts (how often each category was trained on), kept apart.

The parts explain the head that read the row: the head of names the seed corpus filed,
the head by definition for new names, or their name-only twins for a blank value
(:meth:`nlp.classify.IndicatorModel.row_heads`). The model's probabilities also blend in
the concept head's mass per category (``manifest["concept_blend"]``); that blend is not
split here, so a row the blend decided can show little evidence for its category.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from nlp.classify import IndicatorModel, _feature_blocks, _steps, name_text, value_text
from nlp.tokenize import normalize, tokenize

__all__ = ["Part", "Explanation", "explain", "evidence_text", "evidence_words"]

NAME, VALUE, EMBEDDING, OTHER = "name", "value", "embedding", "other"
# blocks of build_features that read the value, and the one that embeds the name
_VALUE_BLOCKS = frozenset({"value_chars", "value_keywords", "value"})
_EMBEDDING_BLOCKS = frozenset({"embedding"})
# a part shown as evidence weighs at least this share of the largest part (a word of
# +0.3 beside one of +6 explains nothing a reviewer needs)
MIN_SHARE = 0.2
MIN_WEIGHT = 0.05  # shown as +0.1 or more
# how the embedding's part and the value's part are shown
EMBEDDING_LABEL, VALUE_LABEL, BLANK_VALUE_LABEL = "（名称语义）", "指标值「{value}」", "（指标值）"


@dataclass(frozen=True)
class Part:
    """One part of a row's log-odds: a word of the name (``kind`` ``name``, ``label`` the
    word), the value (``value``, labelled with the value as the model read it), the
    embedding (``embedding``, :data:`EMBEDDING_LABEL`) or what could not be placed on the
    name (``other``)."""

    kind: str
    label: str
    weight: float


@dataclass(frozen=True)
class Explanation:
    """The log-odds of ``category`` against ``against`` in the head ``head`` that read the
    row, split into ``parts`` (largest first) and the intercepts' difference."""

    category: str
    against: str
    head: str
    intercept: float
    parts: tuple[Part, ...]

    @property
    def log_odds(self) -> float:
        """``intercept`` plus every part: the head's log(p(category) / p(against))."""
        return self.intercept + sum(p.weight for p in self.parts)

    def evidence(self, top: int = 3, min_share: float = MIN_SHARE) -> tuple[Part, ...]:
        """The ``top`` largest parts that weigh for ``category``: at least
        :data:`MIN_WEIGHT` and ``min_share`` of the largest part's, never ``other``."""
        shown = [p for p in self.parts if p.weight >= MIN_WEIGHT and p.kind != OTHER]
        return tuple(p for p in shown[:top] if p.weight >= min_share * shown[0].weight)


def evidence_text(explanation: Explanation | None, top: int = 3) -> str:
    """The evidence as a short text: `及时率 +3.1；资金拨付 +0.6` ('' for none).

    >>> e = Explanation("output.timeliness", "output.quality", "category", 0.2,
    ...                 (Part("name", "及时率", 3.14), Part("value", "指标值「≥95%」", 0.9),
    ...                  Part("embedding", "（名称语义）", 0.3), Part("name", "资金拨付", -0.2)))
    >>> evidence_text(e)  # (名称语义) weighs less than a fifth of 及时率
    '及时率 +3.1；指标值「≥95%」 +0.9'
    >>> evidence_words(evidence_text(e))
    ['及时率', '指标值「≥95%」']
    """
    if explanation is None:
        return ""
    return "；".join(f"{p.label} {p.weight:+.1f}" for p in explanation.evidence(top))


def evidence_words(text: str) -> list[str]:
    """The labels of an :func:`evidence_text`, without their log-odds."""
    return [item.rsplit(" ", 1)[0] for item in text.split("；") if item.strip()]


def explain(model: IndicatorModel, X: pd.DataFrame, chosen: Any,
            against: Any) -> list[Explanation | None]:
    """The log-odds of ``chosen[i]`` against ``against[i]`` for each row of ``X`` (columns
    ``name`` and ``value``, as :meth:`~nlp.classify.IndicatorModel.predict` prepares them),
    split into parts. ``None`` for a row whose head is no linear model of
    :func:`~nlp.classify.build_pipeline`'s shape, or lacks one of the two categories, or
    where they are the same."""
    chosen, against = list(chosen), list(against)
    out: list[Explanation | None] = [None] * len(X)
    for head, pipe, rows in model.row_heads(X):
        steps = _steps(pipe)
        if steps is None or not rows.any():
            continue
        features, clf = steps
        named = getattr(features, "transformer_list", None)
        coef = getattr(clf, "coef_", None)
        if named is None or coef is None or coef.shape[0] != len(clf.classes_):
            continue
        sub = X[rows]
        blocks = _feature_blocks(features, sub)
        if len(blocks) != len(named):  # a union with weights or jobs: stacked, not named
            continue
        blocks = [sparse.csr_matrix(b) if sparse.issparse(b) else np.asarray(b, dtype=np.float64)
                  for b in blocks]
        index = {c: i for i, c in enumerate(clf.classes_)}
        coef = np.asarray(coef, dtype=np.float64)
        intercept = np.asarray(clf.intercept_, dtype=np.float64)
        names, values = name_text(sub), value_text(sub)
        readers = [_reader(name, transformer) for name, transformer in named]
        positions = np.flatnonzero(rows)
        diffs: dict[tuple[int, int], np.ndarray] = {}  # one weight difference per pair of classes
        for i, at in enumerate(positions):
            a, b = index.get(chosen[at]), index.get(against[at])
            if a is None or b is None or a == b:
                continue
            diff = diffs.get((a, b))
            if diff is None:
                diff = diffs[(a, b)] = coef[a] - coef[b]
            row = _Row(normalize(names[i]), values[i])
            start = 0
            for block, reader in zip(blocks, readers, strict=True):
                width = block.shape[1]
                d = diff[start:start + width]
                start += width
                if sparse.issparse(block):
                    lo, hi = block.indptr[i], block.indptr[i + 1]
                    cols, data = block.indices[lo:hi], block.data[lo:hi]
                    reader(row, cols, data * d[cols])
                else:
                    reader(row, None, np.array([float(block[i] @ d)]))
            out[at] = Explanation(str(chosen[at]), str(against[at]), head,
                                  float(intercept[a] - intercept[b]), row.parts())
    return out


class _Row:
    """The parts of one row's log-odds, gathered block by block."""

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.lower = name.lower()
        self.chars = np.zeros(len(name))
        self.value_label = value
        self.sums = {VALUE: 0.0, EMBEDDING: 0.0, OTHER: 0.0}

    def spread(self, surface: str, weight: float, where: str = "any") -> None:
        """Spread ``weight`` evenly over the characters ``surface`` covers in the name:
        each occurrence (``any``), the last one (``last``) or the name's end (``end``); a
        surface not in the name goes to ``other``."""
        text = surface.replace(" ", "").lower()
        found: list[int] = []
        if text:
            if where == "end":
                found = [len(self.lower) - len(text)] if self.lower.endswith(text) else []
            elif where == "last":
                at = self.lower.rfind(text)
                found = [at] if at >= 0 else []
            else:
                at = self.lower.find(text)
                while at >= 0:
                    found.append(at)
                    at = self.lower.find(text, at + 1)
        if not found:
            pieces = [p for p in surface.lower().split(" ") if p]
            if len(pieces) > 1 and all(p in self.lower for p in pieces):  # a word pair apart
                for p in pieces:
                    self.spread(p, weight / len(pieces))
            else:
                self.sums[OTHER] += weight
            return
        share = weight / (len(found) * len(text))
        for at in found:
            self.chars[at:at + len(text)] += share

    def parts(self) -> tuple[Part, ...]:
        """The name's words (summed over their characters), the value, the embedding and
        what was not placed, largest first."""
        parts: list[Part] = []
        at = 0
        words: dict[str, float] = {}
        for word in tokenize(self.name):
            found = self.name.find(word, at)
            if found < 0:
                continue
            if found > at:  # characters jieba dropped (spaces): their own part
                gap = self.name[at:found].strip()
                if gap:
                    words[gap] = words.get(gap, 0.0) + float(self.chars[at:found].sum())
                else:
                    self.sums[OTHER] += float(self.chars[at:found].sum())
            words[word] = words.get(word, 0.0) + float(self.chars[found:found + len(word)].sum())
            at = found + len(word)
        self.sums[OTHER] += float(self.chars[at:].sum())
        for w in [w for w in words if not any(c.isalnum() for c in w)]:  # `,` `(`: no reason
            self.sums[OTHER] += words.pop(w)
        parts = [Part(NAME, w, v) for w, v in words.items()]
        parts.append(Part(VALUE, VALUE_LABEL.format(value=self.value_label) if self.value_label
                          else BLANK_VALUE_LABEL, self.sums[VALUE]))
        parts.append(Part(EMBEDDING, EMBEDDING_LABEL, self.sums[EMBEDDING]))
        parts.append(Part(OTHER, "", self.sums[OTHER]))
        return tuple(sorted(parts, key=lambda p: -p.weight))


def _terms(transformer: Any) -> np.ndarray | None:
    """The terms of a block's fitted vectorizer, in column order (None if it has none)."""
    steps = getattr(transformer, "named_steps", {})
    vectorizer = steps.get("tfidf")
    vocabulary = getattr(vectorizer, "vocabulary_", None)
    if vocabulary is None:
        return None
    terms = np.empty(len(vocabulary), dtype=object)
    for term, column in vocabulary.items():
        terms[column] = term
    return terms


# each fitted block's terms, for as long as the block lives (a reloaded model gets its own)
_TERMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _cached_terms(transformer: Any) -> np.ndarray | None:
    if transformer not in _TERMS:
        _TERMS[transformer] = _terms(transformer)
    return _TERMS[transformer]


def _reader(block: str, transformer: Any):  # noqa: ANN202 - a closure over the block's terms
    """How one block's contributions are placed: on the name's characters, the value, the
    embedding, or ``other``."""
    if block in _VALUE_BLOCKS:
        def to_value(row: _Row, cols: Any, w: np.ndarray) -> None:
            row.sums[VALUE] += float(w.sum())
        return to_value
    if block in _EMBEDDING_BLOCKS:
        def to_embedding(row: _Row, cols: Any, w: np.ndarray) -> None:
            row.sums[EMBEDDING] += float(w.sum())
        return to_embedding
    if block == "keywords":
        categories = list(getattr(transformer, "categories_", []))
        words: dict[int, list[str]] = {}
        for word, cat in getattr(transformer, "keywords_", []):
            if cat in categories:
                words.setdefault(categories.index(cat), []).append(word)

        def to_keywords(row: _Row, cols: Any, w: np.ndarray) -> None:
            for c, weight in zip(cols, w, strict=True):
                hits = [k for k in words.get(int(c), []) if k.lower() in row.lower]
                if not hits:
                    row.sums[OTHER] += float(weight)
                for k in hits:
                    row.spread(k, float(weight) / len(hits))
        return to_keywords
    terms = _cached_terms(transformer)
    if terms is None:
        def to_other(row: _Row, cols: Any, w: np.ndarray) -> None:
            row.sums[OTHER] += float(w.sum())
        return to_other

    def to_name(row: _Row, cols: Any, w: np.ndarray) -> None:
        for c, weight in zip(cols, w, strict=True):
            term = str(terms[c])
            if block == "head" and term[:1] == "W" and term[1:2] == ":":
                row.spread(term[2:], float(weight), "last")
            elif block == "head" and term[:1] == "S" and ":" in term[:3]:
                row.spread(term.split(":", 1)[1], float(weight), "end")
            else:
                row.spread(term, float(weight))
    return to_name
