"""Score a batch of labelled rows the way a new batch is scored before any training on it.

Usage: python benchmarks/bench_new_rows.py FILE.csv [--model PATH]

FILE.csv has the columns of training_data/public/*.csv (name, value, l2_declared, l2; a
`sure` column or `unsure` in `note` marks boundary rows). Prints, against `l2`: the model's
accuracy (the shipped one, or --model PATH), the declared categories' (rows with a readable
二级 cell) and the issue's character n-gram baseline (char_wb 1–3-grams of name + value, a
logistic regression trained on the seeds' declared categories); where
tests/data/public_second_review.csv holds a second reviewer's labels of the file, the same
against those. Run it at the commit before the rows are added to training.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import load_model  # noqa: E402
from nlp.train import declared_code  # noqa: E402


def char_baseline(seeds: pd.DataFrame | None = None) -> object:
    """The issue's baseline: character n-grams of name + value, trained on the seeds'
    declared categories (``seeds``: rows with ``name``, ``value`` and ``l2_declared``; all
    of ``training_data/indicators.csv`` by default)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    if seeds is None:
        seeds = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    y = seeds["l2_declared"].map(declared_code)
    seeds = seeds[y.notna()]
    pipe = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)),
                         LogisticRegression(max_iter=2000))
    return pipe.fit(seeds["name"] + " " + seeds["value"], y[y.notna()])


def main() -> None:
    args = sys.argv[1:]
    model_path = None
    if "--model" in args:
        i = args.index("--model")
        model_path = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    path = Path(args[0])
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    pred = load_model(model_path).predict(rows[["name", "value"]])["l2"].to_numpy()
    declared = rows["l2_declared"].map(lambda v: declared_code(v) if v else None).to_numpy()
    base = char_baseline().predict(rows["name"] + " " + rows["value"])
    sure = (rows["sure"].isin(["1", "y"]) if "sure" in rows.columns
            else ~rows.get("note", pd.Series("", index=rows.index)).str.startswith("unsure"))
    second = pd.read_csv(ROOT / "tests" / "data" / "public_second_review.csv", dtype=str,
                         keep_default_na=False)
    second = second[second["file"] == path.name]
    labels = [("reviewer", rows["l2"].to_numpy())]
    if len(second) == len(rows) and (second["name"].to_numpy() == rows["name"].to_numpy()).all():
        labels.append(("second reviewer", second["l2"].to_numpy()))
    readable = ~pd.isna(declared)
    print(f"{path}: {len(rows)} rows, {readable.sum()} with a readable declared category, "
          f"{int(sure.sum())} the reviewer is sure of")
    for who, y in labels:
        print(f"against the {who}: model {np.mean(pred == y):.3f} (sure rows "
              f"{np.mean(pred[sure.to_numpy()] == y[sure.to_numpy()]):.3f}), declared "
              f"{np.mean(declared[readable] == y[readable]):.3f}, character n-gram baseline "
              f"{np.mean(base == y):.3f}")


if __name__ == "__main__":
    main()
