"""Baselines vs. the classifier on the same held-out labels (split == test).

Usage: python benchmarks/bench_classifier.py [--embedder NAME] [--rows-file CSV]

Compares, on the held-out human labels (names never seen in training):
  declared   the 二级 the table authors wrote (held-out names found in the corpus)
  keywords   concept keywords of the taxonomy → their category (longest match)
  tfidf      TF-IDF (jieba words + character n-grams) + value features
  embedding  sentence embedding + value features
  full       TF-IDF + embedding + value features (the shipped configuration)
Accuracy is reported per distinct indicator and per corpus row (rows weighted by
how often the name occurs in the seed tables), plus fit time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import lexicon  # noqa: E402
from nlp.train import (  # noqa: E402
    declared_code,
    evaluate_predictions,
    fit_model,
    normalize_name,
    training_set,
)


def keyword_baseline(names: pd.Series) -> list[str]:
    pairs = []
    for c in lexicon.taxonomy().get("concepts", []):
        for kw in c.get("keywords", []) or []:
            pairs.append((kw, c["category"]))
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    out = []
    for n in names:
        out.append(next((cat for kw, cat in pairs if kw in n), "benefit.social"))
    return out


def main() -> None:
    embedder = sys.argv[sys.argv.index("--embedder") + 1] if "--embedder" in sys.argv else None
    ts = training_set()
    test = ts.test.reset_index(drop=True)
    corpus = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    corpus["group"] = corpus["name"].map(normalize_name)
    freq = corpus["group"].value_counts()
    weights = test["group"].map(freq).fillna(1).astype(float)
    declared = corpus.assign(code=corpus["l2_declared"].map(declared_code)).dropna(subset=["code"])
    declared = declared.groupby("group")["code"].agg(lambda s: s.value_counts().index[0])

    def report(label: str, pred: list[str], mask=None, seconds: float | None = None) -> None:
        t = test if mask is None else test[mask]
        p = pd.Series(pred, index=test.index) if mask is None else pd.Series(pred, index=t.index)
        ev = evaluate_predictions(t["l2"].tolist(), p.tolist())
        w = weights.loc[t.index]
        row_acc = float(((t["l2"] == p) * w).sum() / w.sum())
        extra = f"  fit {seconds:6.1f} s" if seconds is not None else ""
        print(f"{label:<10} n={len(t):4d}  accuracy {ev.accuracy:.3f}  macro-F1 {ev.macro_f1:.3f}  "
              f"row-weighted accuracy {row_acc:.3f}{extra}")

    print(f"held-out test: {len(test)} distinct indicators; training rows {ts.counts}")
    has = test["group"].isin(declared.index)
    report("declared", test.loc[has, "group"].map(declared).tolist(), mask=has)
    report("keywords", keyword_baseline(test["name"]))
    for label, opts in [("tfidf", {"use_embeddings": False}),
                        ("embedding", {"use_tfidf": False}),
                        ("full", {})]:
        t0 = time.perf_counter()
        model = fit_model(ts, embedder, **opts)
        secs = time.perf_counter() - t0
        report(label, model.predict(test[["name", "value"]])["l2"].tolist(), seconds=secs)


if __name__ == "__main__":
    main()
