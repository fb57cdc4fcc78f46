"""Prediction speed of the shipped model on 10,000 rows (target < 5 s warm).

Usage: python benchmarks/bench_predict.py [--model DIR]
Rows are resampled from the seed corpus. Prints rows/s with the embedding cache
cold (strings never embedded in this process) and warm (same rows again).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import load_model  # noqa: E402


def main() -> None:
    model_dir = sys.argv[sys.argv.index("--model") + 1] if "--model" in sys.argv else None
    corpus = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    rows = corpus[["name", "value"]].sample(n=10_000, replace=True, random_state=0).reset_index(drop=True)
    t0 = time.perf_counter()
    model = load_model(model_dir)
    load = time.perf_counter() - t0
    print(f"model {model.manifest.get('embedder')}: load {load:.2f} s; "
          f"{rows['name'].nunique():,} distinct names, {len(rows.drop_duplicates()):,} distinct rows "
          "in 10,000")
    t0 = time.perf_counter()
    model.predict(rows)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.predict(rows)
    warm = time.perf_counter() - t0
    print(f"embeddings uncached: {cold:.2f} s ({len(rows) / cold:,.0f} rows/s)")
    print(f"embeddings cached:   {warm:.2f} s ({len(rows) / warm:,.0f} rows/s)")


if __name__ == "__main__":
    main()
