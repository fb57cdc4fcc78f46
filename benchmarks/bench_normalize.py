"""Declared + predicted 二级 (`IndicatorModel.normalize`) vs. either alone, per confidence threshold.

Usage: python benchmarks/bench_normalize.py
A model is fit without the held-out names and sources (as `jixiao train` evaluates), then:
  seeds   every corpus row of a held-out name, against its policy label
  public  the held-out sources of other provinces, against the reviewer's label
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.train import (  # noqa: E402
    declared_code,
    fit_model,
    load_policy,
    normalize_name,
    policy_label,
    training_set,
)


def main() -> None:
    ts = training_set()
    model = fit_model(ts)
    corpus = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    corpus["group"] = corpus["name"].map(normalize_name)
    human = ts.test.drop_duplicates("group").set_index("group")["l2_human"]
    seeds = corpus[corpus["group"].isin(set(ts.test["group"]))].copy()
    policy = load_policy()
    seeds["truth"] = [policy_label(declared_code(d), human.get(g), policy, name=n, value=v)
                      for d, g, n, v in zip(seeds["l2_declared"], seeds["group"], seeds["name"],
                                            seeds["value"], strict=True)]
    seeds = seeds[seeds["truth"].notna()].reset_index(drop=True)
    public = ts.public_test.rename(columns={"l2": "truth"}).reset_index(drop=True)
    print(f"seeds: {len(seeds)} held-out corpus rows; public: {len(public)} rows of "
          f"{public['source'].nunique()} unseen sources")
    print(f"{'threshold':>10} {'seeds':>7} {'public':>7}")
    both = (seeds, public)
    for rows in both:
        rows["_pred"] = model.predict(rows[["name", "value"]])["l2"].to_numpy()
        rows["_decl"] = rows["l2_declared"].map(declared_code)
    for label, col in (("model", "_pred"), ("declared", "_decl")):
        print(f"{label:>10} " + " ".join(f"{np.mean(r[col] == r['truth']):7.3f}" for r in both))
    for t in (0.8, 0.9, 0.95, 0.99):
        accs = [np.mean(model.normalize(r, min_confidence=t)["l2_normalized"] == r["truth"])
                for r in both]
        print(f"{t:>10} " + " ".join(f"{a:7.3f}" for a in accs))


if __name__ == "__main__":
    main()
