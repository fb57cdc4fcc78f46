"""The evidence for a category: exact parts of the head's log-odds, on real rows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nlp.classify import (
    DEFAULT_MODEL_DIR,
    EXPLANATION_COLUMNS,
    PREDICTION_COLUMNS,
    load_model,
    name_text,
)
from nlp.evidence import NAME, OTHER, evidence_words, explain
from nlp.tokenize import normalize
from nlp.train import declared_code, load_public

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(),
                                reason="no shipped model")


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """300 seed rows and 150 other provinces' rows, drawn once with a fixed seed."""
    seeds = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    public = load_public()
    return pd.concat([seeds.sample(300, random_state=1)[["name", "value", "l2_declared"]],
                      public.sample(150, random_state=1)[["name", "value", "l2_declared"]]],
                     ignore_index=True)


def test_parts_sum_to_the_log_odds_of_the_head_that_read_the_row(model, rows) -> None:
    """The parts and the intercepts' difference add up to log(p(l2) / p(against)) of the
    head's own probabilities, for every row of every head (seen names, new names, blank
    values), against the runner-up and against a third category."""
    X = model._prepared(rows[["name", "value"]]).drop_duplicates().reset_index(drop=True)
    pred = model.explain(X)
    checked = set()
    for against in (pred["l2_runner_up"].tolist(), ["benefit.social"] * len(X)):
        reasons = explain(model, X, pred["l2"].tolist(), against)
        for head, pipe, mask in model.row_heads(X):
            if not mask.any():
                continue
            proba = pipe.predict_proba(X[mask])
            index = {c: i for i, c in enumerate(pipe.classes_)}
            for r, p in zip(np.flatnonzero(mask), proba, strict=True):
                e = reasons[r]
                if against[r] == pred.at[r, "l2"]:
                    assert e is None
                    continue
                assert e is not None and e.head == head
                want = np.log(p[index[e.category]] / p[index[e.against]])
                assert abs(e.log_odds - want) < 1e-3, (X.loc[r].tolist(), e.log_odds, want)
                checked.add(head)
    assert {"category", "definition"} <= checked


def test_row_heads_are_the_heads_the_prediction_reads(model, rows) -> None:
    """Without the concept blend, the model's category probabilities are those of the head
    row_heads names for each row."""
    X = model._prepared(rows[["name", "value"]].assign(value=lambda d: d["value"].where(
        d.index % 7 != 0, "")))  # every seventh value blank: the name-only heads read those
    plain = dataclasses.replace(model, manifest={**model.manifest, "concept_blend": 0.0})
    proba = plain.category_proba(X)
    classes = list(model.category_pipeline.classes_)
    heads = model.row_heads(X)
    assert sum(int(m.sum()) for _, _, m in heads) == len(X)
    assert any(h == "name_only" and m.any() for h, _, m in heads)
    for _, pipe, mask in heads:
        if mask.any():
            own = pipe.predict_proba(X[mask])
            cols = [list(pipe.classes_).index(c) for c in classes]
            np.testing.assert_allclose(proba[mask], own[:, cols], atol=1e-5)


def test_the_evidence_names_the_words_that_decide(model) -> None:
    rows = pd.DataFrame({"name": ["资金拨付及时率", "项目验收合格率", "受益群众满意度", "在押人员月均给养费"],
                         "value": ["≥95%", "100%", "≥90%", "400元"],
                         "l2_declared": ["质量指标", "数量指标", "", "质量指标"]})
    out = model.explain(rows, against=rows["l2_declared"])
    assert out["l2"].tolist() == ["output.timeliness", "output.quality", "satisfaction.service", "cost"]
    # against the declared category where it differs, else the runner-up
    assert out["l2_evidence_against"].tolist()[:2] == ["output.quality", "output.quantity"]
    assert out.at[2, "l2_evidence_against"] == out.at[2, "l2_runner_up"]
    first = [evidence_words(e)[0] for e in out["l2_evidence"]]
    assert first[0] == "及时率" and "合格率" in first[1] and first[2] == "满意度"
    assert "指标值「400元」" in evidence_words(out.at[3, "l2_evidence"])


def test_explain_predicts_as_predict_and_places_the_log_odds(model, rows) -> None:
    """explain's prediction columns equal predict's; almost all of the log-odds lands on a
    word of the name, the value or the embedding (measured: 0.999)."""
    out = model.explain(rows, against=rows["l2_declared"])
    pd.testing.assert_frame_equal(out[PREDICTION_COLUMNS], model.predict(rows))
    assert list(out.columns) == PREDICTION_COLUMNS + EXPLANATION_COLUMNS
    codes = rows["l2_declared"].map(lambda v: declared_code(v) or "")
    differs = (codes != "") & (codes != out["l2"])
    assert differs.any() and (out.loc[differs, "l2_evidence_against"] == codes[differs]).all()
    assert (out["l2_runner_up"] != out["l2"]).all()
    assert (out["l2_runner_up_confidence"] <= out["l2_confidence"]).all()
    X = model._prepared(rows[["name", "value"]])
    reasons = [r for r in explain(model, X, out["l2"], out["l2_runner_up"]) if r is not None]
    weight = sum(abs(p.weight) for r in reasons for p in r.parts)
    other = sum(abs(p.weight) for r in reasons for p in r.parts if p.kind == OTHER)
    assert len(reasons) == len(rows) and other / weight < 0.01
    # a word is one of the name as the model reads it (traditional characters read as
    # simplified, ★ and numbering gone), never punctuation
    read = [normalize(n) for n in name_text(X)]
    words = [(i, p.label) for i, r in enumerate(reasons) for p in r.parts if p.kind == NAME]
    assert all(w in read[i] and any(c.isalnum() for c in w) for i, w in words)
    assert sum(w in X.at[i, "name"] for i, w in words) > 0.95 * len(words)


def test_the_category_mismatch_finding_says_why(model) -> None:
    """Q008 names the words that weigh for the prediction against the declared category."""
    from nlp.reviews import review

    out = review(pd.DataFrame({"name": ["资金拨付及时率", "培训人数"], "value": ["≥95%", "≥200人"],
                               "l2_declared": ["质量指标", "数量指标"]}), model=model)
    assert out.loc[0, "findings"].startswith('Q008 申报为"质量指标"，按指标内容应为"时效指标"（置信度')
    assert "；依据：及时率" in out.loc[0, "findings"]
    assert not out.loc[1, "category_mismatch"] and out.loc[1, "l2_evidence"]


def test_cli_predict_explain(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nlp.cli import app

    rows = tmp_path / "rows.csv"
    pd.DataFrame({"name": ["资金拨付及时率", "受益群众满意度"], "value": ["100%", "≥90%"],
                  "l2_declared": ["质量指标", "满意度指标"]}).to_csv(rows, index=False)
    out = CliRunner().invoke(app, ["predict", str(rows), "-o", str(tmp_path / "p.csv"), "--explain"])
    assert out.exit_code == 0, out.output
    written = pd.read_csv(tmp_path / "p.csv", keep_default_na=False)
    assert set(EXPLANATION_COLUMNS) <= set(written.columns)
    assert written.loc[0, "l2_evidence_against"] == "output.quality"
    assert evidence_words(written.loc[0, "l2_evidence"])[0] == "及时率"


def test_cli_explain_one_indicator() -> None:
    """`jixiao explain NAME VALUE --declared 二级`: the prediction, the runner-up and the
    evidence against the declared category; a declared cell that names no category leaves
    the runner-up to compare with."""
    from typer.testing import CliRunner

    from nlp.cli import app

    out = CliRunner().invoke(app, ["explain", "资金拨付及时率", "≥95%", "--declared", "质量指标"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith("二级 output.timeliness 时效指标  confidence 0.9")
    assert lines[2].startswith("evidence against output.quality 质量指标: 及时率 +")
    out = CliRunner().invoke(app, ["explain", "受益群众满意度", "≥90%", "--declared", "不是类别"])
    runner_up = out.output.splitlines()[1].split()[1]
    assert out.exit_code == 0 and f"evidence against {runner_up} " in out.output
