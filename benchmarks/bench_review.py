"""End-to-end review of the five seed documents (target < 30 s cold).

Usage: python benchmarks/bench_review.py
Runs `jixiao review training_data/raw/*.txt -o <tmp>` in a fresh process (cold: imports,
model load, extraction, classification, parsing, findings, workbook and HTML) and
prints the wall time and rows/s; then times the same work warm, in-process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    seeds = sorted(str(p) for p in (ROOT / "training_data" / "raw").glob("*.txt"))
    jixiao = Path(sys.executable).with_name("jixiao")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        proc = subprocess.run([str(jixiao), "review", *seeds, "-o", tmp], capture_output=True, text=True)
        cold = time.perf_counter() - t0
        if proc.returncode != 0:
            print(proc.stderr)
            raise SystemExit(1)
        print(proc.stdout.strip())
    from nlp.classify import load_model
    from nlp.report import write_html, write_workbook
    from nlp.reviews import run_review
    from nlp.tables import extract

    try:
        model = load_model()
    except Exception:  # noqa: BLE001 - benchmark without a shipped model
        model = None
    with tempfile.TemporaryDirectory() as tmp:
        rows = extract(seeds).rows
        t0 = time.perf_counter()
        rev = run_review(extract(seeds).rows, model)
        write_workbook(rev, Path(tmp) / "r.xlsx")
        write_html(rev, Path(tmp) / "r.html")
        warm = time.perf_counter() - t0
    n = len(rows)
    print(f"cold (new process, all steps): {cold:.1f} s  ({n / cold:,.0f} rows/s)")
    print(f"warm (in-process, model loaded): {warm:.1f} s  ({n / warm:,.0f} rows/s)")


if __name__ == "__main__":
    main()
