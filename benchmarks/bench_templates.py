"""Template invariance: does a row written the way another province's template writes it get
the prediction it gets written plainly?

Usage: python benchmarks/bench_templates.py [--model DIR]

Rows: every public row (training_data/public/*.csv) and every held-out seed name
(labels, split == test) whose value has a number. Each is rewritten as other templates
print the same target, one change at a time and all together, and predicted by the model
(the shipped one unless --model). Prints, per rewriting, the share of rows whose 二级 and
direction equal those of the plain row (operator, number and unit as parsed: `95%以上` →
`≥95%`; the first line compares the value as written with it). A rewriting that loses information (the bare
number, with operator and unit in columns the table reader never saw) cannot be fully
invariant; it is listed to show the cost.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import OPERATOR_SIGNS, load_model  # noqa: E402
from nlp.train import load_labels, load_public  # noqa: E402
from nlp.values import parse_value  # noqa: E402

_WORDS = {">=": "不低于", "<=": "不超过"}


def parts(value: str) -> tuple[str, str, str] | None:
    """(operator sign, number, unit as written) of a single-number value, else None."""
    p = parse_value(value)
    number = p.lower if p.lower is not None else p.upper
    if p.value_type != "quantitative" or number is None or p.operator == "range":
        return None
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return OPERATOR_SIGNS.get(p.operator, ""), text, p.unit_raw or ""


def chinese(number: str) -> str | None:
    """A whole number below 100 in Chinese numerals (`95` → `九十五`), else None."""
    if not number.isdigit() or int(number) >= 100:
        return None
    digits, n = "零一二三四五六七八九", int(number)
    if n < 10:
        return digits[n]
    return (digits[n // 10] if n >= 20 else "") + "十" + (digits[n % 10] if n % 10 else "")


Rewrite = Callable[[str, str, str, str], tuple[str, str]]

REWRITES: dict[str, Rewrite] = {
    "≧ / ≦ and 百分比": lambda n, op, x, u: (
        n, op.replace("≥", "≧").replace("≤", "≦") + x + ("百分比" if u in ("%", "％") else u)),
    "operator in words": lambda n, op, x, u: (n, _WORDS.get({"≥": ">=", "≤": "<="}.get(op, ""), op) + x + u),
    # (a number it cannot write so keeps its digits)
    "Chinese numerals 百分之九十五, 两个": lambda n, op, x, u: (
        n, op + (("百分之" + chinese(x) if u in ("%", "％") else chinese(x) + u) if chinese(x) else x + u)),
    "value label and note 目标值：…（以考核为准）": lambda n, op, x, u: (
        n, ("目标值：" if len(n) % 2 else "") + op + x + u + "（以考核为准）"),
    "full-width, spaced": lambda n, op, x, u: (
        n, " ".join([op, x.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")), u]).strip()),
    "★ mark": lambda n, op, x, u: ("★" + n, op + x + u),
    "numbered 1.": lambda n, op, x, u: ("1." + n, op + x + u),
    "numbered 1） / 指标一：": lambda n, op, x, u: (("1）" if len(n) % 2 else "指标一：") + n, op + x + u),
    "bullet • / lead-in 其中：": lambda n, op, x, u: (("•" if len(n) % 2 else "其中：") + n, op + x + u),
    "unit in name （%）": lambda n, op, x, u: (n + (f"（{u}）" if u else ""), op + x),
    "unit in name (单位:%)": lambda n, op, x, u: (n + (f"(单位:{u})" if u else ""), op + x),
    # (only where operator or unit says it is a target: `人数（132）` could be anything)
    "target in name, no value": lambda n, op, x, u: (
        (n + f"（{op}{x}{u}）", "") if op or u else (n, op + x + u)),
    "target glued to name, no value": lambda n, op, x, u: (
        (n + op.replace("≥", "≧") + x + u, "") if op else (n, op + x + u)),
    # (a name and its value typed into one cell)
    "target after a colon, no value": lambda n, op, x, u: (
        (n + "：" + op + x + u, "") if op or u else (n, op + x + u)),
    "target glued to name in words, no value": lambda n, op, x, u: (
        (n + {"≥": "达到" + x + u + "以上", "≤": "不超过" + x + u}.get(op, op + x + u), "")
        if op in ("≥", "≤") else (n, op + x + u)),
    # a transcriber closing the name as a sentence
    "name closed by 。": lambda n, op, x, u: (n + "。", op + x + u),
    "name closed by ；": lambda n, op, x, u: (n + "；", op + x + u),
    "name in quotes, value in brackets": lambda n, op, x, u: ("“" + n + "”", "（" + op + x + u + "）"),
    # `>=` typed with a Chinese input method on
    "》= / 《= for ≥ / ≤": lambda n, op, x, u: (n, op.replace("≥", "》=").replace("≤", "《=") + x + u),
    "unit after the name, unbracketed /% ，单位：人": lambda n, op, x, u: (
        n + (("/" if len(n) % 2 else "，单位：") + u if u else ""), op + x),
    "all of the above": lambda n, op, x, u: (
        "★1." + n + (f"（单位：{u}）" if u else ""), op.replace("≥", "≧").replace("≤", "≦") + " " + x),
    "bare number (information lost)": lambda n, op, x, u: (n, x),
}


def main() -> None:
    args = sys.argv[1:]
    model_dir = args[args.index("--model") + 1] if "--model" in args else None
    model = load_model(model_dir)
    labels = load_labels()
    rows = pd.concat([load_public()[["name", "value"]],
                      labels.loc[labels["split"] == "test", ["name", "value"]]], ignore_index=True)
    split = [parts(v) for v in rows["value"]]
    keep = [s is not None for s in split]
    rows = rows[keep].reset_index(drop=True)
    split = [s for s in split if s is not None]
    t0 = time.perf_counter()
    # the plain row rebuilt from its parts (`95%以上` → `≥95%`), so that each rewriting
    # below changes only what it names
    plain = model.predict(rows.assign(value=[op + x + u for op, x, u in split]))
    as_written = model.predict(rows)
    print(f"{len(rows)} rows with a single number (public rows and held-out seed names); "
          f"model {model_dir or 'shipped'}")
    print(f"{'rewriting':<40} {'same 二级':>9} {'same direction':>15}")
    print(f"{'(the value as written)':<40} {(as_written['l2'] == plain['l2']).mean():9.3f} "
          f"{(as_written['direction'] == plain['direction']).mean():15.3f}")
    for title, rewrite in REWRITES.items():
        pairs = [rewrite(n, op, x, u) for n, (op, x, u) in zip(rows["name"], split, strict=True)]
        other = pd.DataFrame(pairs, columns=["name", "value"])
        out = model.predict(other)
        same = (out["l2"].to_numpy() == plain["l2"].to_numpy()).mean()
        same_dir = (out["direction"].to_numpy() == plain["direction"].to_numpy()).mean()
        print(f"{title:<40} {same:9.3f} {same_dir:15.3f}", flush=True)
    print(f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
