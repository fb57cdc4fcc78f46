"""Vague and direction-conflict flags vs. an independent reviewer's labels.

Usage: python benchmarks/review_agreement.py [LABELS.csv] [--show N] [--model]
Default labels: tests/data/review_labels.csv (500 distinct rows sampled from the
seed corpus, labeled from TAXONOMY.md by a reviewer who never saw the code).
Other sets: tests/data/vague_labels.csv (300 rows, 250 without a plain number),
tests/data/direction_labels.csv (260 rows with a written bound, 45 conflicts).
Without --model the rules see the declared 二级 of the label file (if any); with
--model they see the shipped model's predicted 二级, as `jixiao review` does.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.evaluation import review_agreement  # noqa: E402


def main() -> None:
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    args = [a for a in sys.argv[1:] if a.endswith(".csv")]
    path = Path(args[0]) if args else ROOT / "tests" / "data" / "review_labels.csv"
    model = None
    if "--model" in sys.argv:
        from nlp.classify import load_model

        model = load_model()
    r = review_agreement(path, model)
    print(f"{path.name}: {r['n']} rows")
    for flag in [f for f in ("vague", "direction_conflict") if f in r]:
        m = r[flag]
        print(f"  {flag:<18} precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}"
              f"  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    for line in r["errors"][:show]:
        print("   ", line)


if __name__ == "__main__":
    main()
