"""Time extraction of the five seed documents (issue target: < 3 s).

Usage: python benchmarks/bench_extract.py [--repeat N]
Prints seconds per run (best and median of N) and rows/s; then the same for the three
tab-layout seeds written one cell per line (as pypdf extracts a PDF's table), read by
placing the cells in the header's columns (``nlp.stacked``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.tables import extract  # noqa: E402


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    seeds = sorted((ROOT / "training_data" / "raw").glob("*.txt"))
    size = sum(p.stat().st_size for p in seeds)
    times = []
    rows = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = len(extract(seeds).rows)
        times.append(time.perf_counter() - t0)
    best, med = min(times), statistics.median(times)
    print(f"files {len(seeds)}  bytes {size:,}  rows {rows:,}")
    print(f"extract: best {best:.3f} s  median {med:.3f} s  ({rows / med:,.0f} rows/s)")
    with tempfile.TemporaryDirectory() as tmp:
        stacked = []
        for p in seeds:
            text = p.read_text(encoding="utf-8")
            if text.count("\t") < 100:
                continue  # (the space-layout seeds: their cells are not told apart)
            lines = [c.strip() for ln in text.splitlines() for c in ln.split("\t") if c.strip()]
            stacked.append(Path(tmp) / p.name)
            stacked[-1].write_text("\n".join(lines), encoding="utf-8")
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = len(extract(stacked).rows)
            times.append(time.perf_counter() - t0)
    best, med = min(times), statistics.median(times)
    print(f"one cell per line ({len(stacked)} tab seeds): best {best:.3f} s  median {med:.3f} s  "
          f"({rows / med:,.0f} rows/s)")


if __name__ == "__main__":
    main()
