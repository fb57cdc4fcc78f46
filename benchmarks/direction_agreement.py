"""Predicted target direction vs. hand labels.

Usage: python benchmarks/direction_agreement.py [--model PATH]

Two label sets: the held-out quarter of training_data/labels/human_labels.csv (rows
with a direction) and tests/data/direction_target_labels.csv, 300 rows labeled blind by a
second reviewer from the guide in training_data/README.md (198 seed rows no human label
covers, 102 rows of other provinces). Prints agreement overall, per origin, and the
confusion of the disagreements.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import load_model  # noqa: E402
from nlp.train import training_set  # noqa: E402


def main() -> None:
    path = sys.argv[sys.argv.index("--model") + 1] if "--model" in sys.argv else None
    model = load_model(path)
    held = training_set().test
    held = held[held["direction"] != ""].assign(origin="held-out human labels")
    blind = pd.read_csv(ROOT / "tests" / "data" / "direction_target_labels.csv", dtype=str,
                        keep_default_na=False)
    blind["origin"] = "blind set: " + blind["origin"]
    for title, rows in (("held-out human labels", held), ("blind reviewer", blind)):
        rows = rows.reset_index(drop=True)
        pred = model.predict(rows[["name", "value"]])["direction"].to_numpy()
        ok = pred == rows["direction"].to_numpy()
        print(f"{title}: {ok.mean():.3f} of {len(rows)} rows")
        for origin, part in rows.groupby("origin"):
            print(f"  {origin}: {ok[part.index].mean():.3f} of {len(part)}")
        wrong = rows[~ok].assign(predicted=pred[~ok])
        print(pd.crosstab(wrong["direction"], wrong["predicted"]).to_string(), "\n")


if __name__ == "__main__":
    main()
