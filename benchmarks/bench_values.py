"""Time the indicator-value parser on every value of the seed corpus (target: ≥ 50,000/s cached).

Usage: python benchmarks/bench_values.py [--repeat N]

Values come from the ``value`` column of ``training_data/indicators.csv`` when it exists;
otherwise from the cells of the indicator grids of ``training_data/raw/*.txt`` (the lines
between a ``指标值`` header and the ``负责人`` footer, split on tabs and spaces). Prints
values/s for: the cached path warm, the cached path cold (cache cleared first, so repeats
of the corpus are hits), no cache at all, and ``parse_values`` on a Series.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.values import clear_cache, parse_value, parse_values  # noqa: E402

_CELL_SPLIT = re.compile(r"\t+| +")
_CATEGORY = re.compile(r"指标$|^(?:产出|效益|满意度|服务对象)$")


def corpus_values() -> list[str]:
    """Every value of the seed corpus (with repeats, as in the tables)."""
    table = ROOT / "training_data" / "indicators.csv"
    if table.exists():
        df = pd.read_csv(table, dtype=str, keep_default_na=False)
        if "value" in df.columns:
            return [v for v in df["value"] if v.strip()]
    out: list[str] = []
    for path in sorted((ROOT / "training_data" / "raw").glob("*.txt")):
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if "指标值" in line:
                inside = True
                continue
            if "负责人" in line or "项目名称" in line:
                inside = False
            if inside:
                out.extend(c for c in _CELL_SPLIT.split(line.strip()) if c and not _CATEGORY.search(c))
    return out


def rate(fn: Callable[[], object], n: int, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return n / statistics.median(times), n / min(times)


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    values = corpus_values()
    distinct = len(set(values))
    series = pd.Series(values)
    print(f"values {len(values):,}  distinct {distinct:,}")

    def cached() -> None:
        for v in values:
            parse_value(v)

    def cold() -> None:
        clear_cache()
        cached()

    def uncached() -> None:
        for v in values:
            parse_value(v, cache=False)

    cached()  # warm
    for label, fn in [
        ("cached, warm", cached),
        ("cached, cold start", cold),
        ("no cache", uncached),
        ("parse_values(Series)", lambda: parse_values(series)),
    ]:
        median, best = rate(fn, len(values), repeat)
        print(f"{label:22} {median:>12,.0f} values/s (median)  {best:>12,.0f} best")


if __name__ == "__main__":
    main()
