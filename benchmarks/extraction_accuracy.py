"""Extraction accuracy against the hand-transcribed gold tables in tests/data/gold/.

Usage: python benchmarks/extraction_accuracy.py [--verbose]

For each gold table (matched by source and project) rows are matched on
(half, name, value) with whitespace ignored, then on (half, position) for
rows whose text differs. Prints rows found (recall), rows exactly right
(half + name + value), and spurious extracted rows in the gold tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.evaluation import score_extraction  # noqa: E402


def main() -> None:
    verbose = "--verbose" in sys.argv
    report = score_extraction(ROOT / "tests" / "data" / "gold", ROOT / "training_data" / "raw")
    print(report.summary())
    if verbose:
        for line in report.errors:
            print(line)


if __name__ == "__main__":
    main()
