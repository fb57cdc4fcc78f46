"""Vague and direction-conflict flags vs. an independent reviewer's labels.

Usage: python benchmarks/review_agreement.py [LABELS.csv] [--show N]
Default labels: tests/data/review_labels.csv (500 distinct rows sampled from the
seed corpus, labeled from TAXONOMY.md by a reviewer who never saw the code).
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
    r = review_agreement(path)
    print(f"{path.name}: {r['n']} rows")
    for flag in [f for f in ("vague", "direction_conflict") if f in r]:
        m = r[flag]
        print(f"  {flag:<18} precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}"
              f"  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    for line in r["errors"][:show]:
        print("   ", line)


if __name__ == "__main__":
    main()
