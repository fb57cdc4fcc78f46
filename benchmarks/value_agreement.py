"""Agreement of the value parser with hand labels, per field.

Usage: python benchmarks/value_agreement.py [LABELS.csv ...] [--show N]

Default: tests/data/values_independent.csv, 300 values sampled from the seed
corpus (seed 7, values not in the parser's own development set) and labeled
by an annotator who never saw the parser or its labels.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.evaluation import value_agreement as agreement  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    if show:
        args = [a for a in args if a != str(show)]
    files = [Path(a) for a in args] or [ROOT / "tests" / "data" / "values_independent.csv"]
    for f in files:
        result = agreement(f)
        print(f"{f.name}: {result['n']} values")
        for field, rate in result["fields"].items():
            print(f"  {field:<11} {rate:.1%}")
        for line in result["disagreements"][:show]:
            print("   ", line)


if __name__ == "__main__":
    main()
