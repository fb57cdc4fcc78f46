"""Prediction speed of the shipped model on 10,000 rows (target < 5 s warm).

Usage: python benchmarks/bench_predict.py [--model DIR]

The model is loaded and warmed on one row (the embedder, jieba and the lexicons load on
first use), then two sets of 10,000 rows are predicted, each twice: with the embedding
cache cold (names never embedded in this process) and warm (the same rows again).

* resampled: rows drawn with replacement from the seed corpus (a corpus repeats its
  indicators across halves and projects: about 2,800 distinct rows);
* distinct: names and values paired at random (about 9,500 distinct rows, 2,600 names),
  the case of a corpus that repeats nothing;
* new names: each name prefixed with the first characters of a random project name
  (about 9,800 distinct names), the case of another province's tables, whose names the
  embedder has never met: every name is a new string to embed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import load_model  # noqa: E402
from nlp.embed import get_embedder  # noqa: E402


def main() -> None:
    model_dir = sys.argv[sys.argv.index("--model") + 1] if "--model" in sys.argv else None
    corpus = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(0)
    names, values = corpus["name"].to_numpy(), corpus["value"].to_numpy()
    projects = corpus["project"].unique()
    sets = {
        "resampled": corpus[["name", "value"]].sample(n=10_000, replace=True, random_state=0)
        .reset_index(drop=True),
        "distinct": pd.DataFrame({"name": names[rng.integers(0, len(corpus), 10_000)],
                                  "value": values[rng.integers(0, len(corpus), 10_000)]}),
        "new names": pd.DataFrame({
            "name": [projects[i][:6] + names[j] for i, j in
                     zip(rng.integers(0, len(projects), 10_000), rng.integers(0, len(corpus), 10_000),
                         strict=True)],
            "value": values[rng.integers(0, len(corpus), 10_000)]}),
    }
    t0 = time.perf_counter()
    model = load_model(model_dir)
    model.predict(pd.DataFrame({"name": ["预热用指标"], "value": ["≥1个"]}))
    print(f"model {model.manifest.get('embedder')}: load and warm-up {time.perf_counter() - t0:.2f} s")
    embedder = get_embedder(model.manifest.get("embedder"))
    for label, rows in sets.items():
        embedder.clear_cache()
        t0 = time.perf_counter()
        model.predict(rows)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        model.predict(rows)
        warm = time.perf_counter() - t0
        print(f"{label}: {len(rows.drop_duplicates()):,} distinct rows, "
              f"{rows['name'].nunique():,} names in 10,000")
        print(f"  embeddings uncached: {cold:.2f} s ({len(rows) / cold:,.0f} rows/s)")
        print(f"  embeddings cached:   {warm:.2f} s ({len(rows) / warm:,.0f} rows/s)")


if __name__ == "__main__":
    main()
