"""Seed rows against two reviewers who read TAXONOMY.md alone.

Usage: python benchmarks/seed_review_agreement.py [--model DIR]

`tests/data/seed_review.csv` holds 552 distinct seed rows (name, value, declared 一级/二级,
project), each labelled by two reviewers working apart, who read TAXONOMY.md and nothing
else of this repository (no code, no model, no label file, no labeling guide) and were
told to keep the declared category where it fits the definitions. The rows are the union
of

* a random sample of 450 of the 7,999 seed rows (`random_rows`: how many sampled rows
  each distinct row stands for; 422 distinct), the estimate of accuracy on seed tables;
* every distinct row whose 二级 the model shipped at commit d829f13 predicted against the
  declared one (`model_disagreed`, 149): whether those moves are ones a reviewer makes.

Prints, for the declared categories and the model (shipped unless --model), the
agreement with each reviewer and with the rows both agree on, over the random sample
(each row weighted by `random_rows`), then, on the rows of the second set, how often the
reviewers side with the model, with the declared category, or with neither.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import load_model  # noqa: E402
from nlp.train import declared_code  # noqa: E402

REVIEW = ROOT / "tests" / "data" / "seed_review.csv"


def agreement(pred: pd.Series, truth: pd.Series, weight: pd.Series) -> float:
    return float(np.average((pred.to_numpy() == truth.to_numpy()), weights=weight.to_numpy()))


def main() -> None:
    model_dir = sys.argv[sys.argv.index("--model") + 1] if "--model" in sys.argv else None
    rows = pd.read_csv(REVIEW, dtype=str, keep_default_na=False)
    rows["declared"] = rows["l2_declared"].map(lambda v: declared_code(v) or "")
    rows["model"] = load_model(model_dir).predict(rows[["name", "value"]])["l2"].to_numpy()
    rows["weight"] = rows["random_rows"].astype(int)
    sample = rows[rows["weight"] > 0]
    both = sample[sample["l2_a"] == sample["l2_b"]]
    print(f"random sample: {int(sample['weight'].sum())} seed rows ({len(sample)} distinct); "
          f"the reviewers agree on {agreement(sample['l2_a'], sample['l2_b'], sample['weight']):.3f}")
    print(f"{'':<10} {'reviewer A':>11} {'reviewer B':>11} {'both agree':>11}")
    for col in ("declared", "model"):
        figures = [agreement(sample[col], sample[ref], sample["weight"]) for ref in ("l2_a", "l2_b")]
        figures.append(agreement(both[col], both["l2_a"], both["weight"]))
        print(f"{col:<10} " + " ".join(f"{f:>11.3f}" for f in figures))
    print(f"model vs declared on the sample: "
          f"{agreement(sample['model'], sample['declared'], sample['weight']):.3f}")
    moved = rows[rows["model_disagreed"] == "1"]
    print(f"\n{len(moved)} distinct rows the model of commit d829f13 moved from the declared 二级:")
    print(f"  this model still moves {(moved['model'] != moved['declared']).mean():.3f} of them")
    for ref in ("l2_a", "l2_b"):
        side_model, side_declared = moved["model"] == moved[ref], moved["declared"] == moved[ref]
        print(f"  reviewer {ref[-1].upper()}: with this model {side_model.mean():.3f}, with the "
              f"declared category {side_declared.mean():.3f}, with neither "
              f"{(~side_model & ~side_declared).mean():.3f}")


if __name__ == "__main__":
    main()
