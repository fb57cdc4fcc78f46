"""Scoring extracted rows against hand-transcribed gold tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nlp.tables import extract, squash


@dataclass
class ExtractionScore:
    gold_rows: int = 0
    found: int = 0
    exact: int = 0
    extracted_rows: int = 0
    spurious: int = 0
    per_source: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold_rows if self.gold_rows else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.gold_rows if self.gold_rows else 0.0

    @property
    def spurious_rate(self) -> float:
        return self.spurious / self.extracted_rows if self.extracted_rows else 0.0

    def summary(self) -> str:
        lines = [
            f"gold rows {self.gold_rows}  found {self.found} ({self.recall:.1%})  "
            f"exact half+name+value {self.exact} ({self.exact_rate:.1%})  "
            f"spurious {self.spurious}/{self.extracted_rows} ({self.spurious_rate:.1%})"
        ]
        for src, (g, f, e) in sorted(self.per_source.items()):
            lines.append(f"  {src}: gold {g} found {f} exact {e}")
        return "\n".join(lines)


def _key(row) -> tuple[str, str, str]:
    return (row["half"], squash(str(row["name"])), squash(str(row["value"])))


def score_extraction(gold_dir: Path, raw_dir: Path) -> ExtractionScore:
    """Compare the extraction of each gold table's source with the gold rows."""
    score = ExtractionScore()
    for gold_file in sorted(Path(gold_dir).glob("*.csv")):
        gold = pd.read_csv(gold_file, dtype=str, keep_default_na=False)
        if gold.empty:
            continue
        source = gold["source"].iloc[0]
        got = extract(Path(raw_dir) / source).rows.fillna("")
        g_tot = f_tot = e_tot = 0
        for project, g in gold.groupby("project", sort=False):
            cand = got[got["project"].map(squash) == squash(project)]
            if cand.empty:
                score.errors.append(f"{source} | {project}: table not found")
                score.gold_rows += len(g)
                g_tot += len(g)
                continue
            # a project name can repeat across tables: take the table with most matches
            best = None
            for _t, tab in cand.groupby("table"):
                keys = Counter(_key(r) for _, r in tab.iterrows())
                hits = sum(min(keys[k], n) for k, n in Counter(_key(r) for _, r in g.iterrows()).items())
                if best is None or hits > best[0]:
                    best = (hits, tab)
            assert best is not None
            exact, tab = best
            n_gold = len(g)
            # rows "found": an extracted row exists in the same half at the same
            # position or sharing the name
            found = 0
            for half, gh in g.groupby("half"):
                th = tab[tab["half"] == half]
                names = Counter(squash(x) for x in th["name"])
                values = Counter(squash(x) for x in th["value"])
                for _, r in gh.iterrows():
                    n, v = squash(r["name"]), squash(r["value"])
                    if names[n] > 0:
                        names[n] -= 1
                        found += 1
                    elif n == "" and values[v] > 0:
                        values[v] -= 1
                        found += 1
            gk = Counter(_key(r) for _, r in g.iterrows())
            tk = Counter(_key(r) for _, r in tab.iterrows())
            for k in (gk - tk):
                score.errors.append(f"{source} | {project}: missing/wrong gold row {k}")
            for k in (tk - gk):
                score.errors.append(f"{source} | {project}: extracted row not in gold {k}")
            spurious = max(0, len(tab) - n_gold) + 0
            score.gold_rows += n_gold
            score.found += min(found, n_gold)
            score.exact += exact
            score.extracted_rows += len(tab)
            score.spurious += spurious
            g_tot += n_gold
            f_tot += min(found, n_gold)
            e_tot += exact
        score.per_source[source] = (g_tot, f_tot, e_tot)
    return score


# --------------------------------------------------------------------------
# Value parser agreement

VALUE_FIELDS = ("operator", "lower", "upper", "unit", "base_lower", "base_upper", "value_type")
# spellings of one unit (TAXONOMY §3: 日 and 天 are one unit)
_SAME_UNIT = {"天": "日"}


def _same_field(expected: str, got: object) -> bool:
    import math

    if expected == "":
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(got, float):
        try:
            return not math.isnan(got) and math.isclose(float(expected), got, rel_tol=1e-9)
        except ValueError:
            return False
    return _SAME_UNIT.get(expected, expected) == _SAME_UNIT.get(str(got), str(got))


def value_agreement(path: Path) -> dict:
    """Per-field agreement of :func:`nlp.values.parse_values` with a labeled CSV."""
    from nlp.values import parse_values

    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    got = parse_values(labels["value"])
    fields: dict[str, float] = {}
    disagreements: list[str] = []
    for f in VALUE_FIELDS:
        bad = [(v, e, g) for v, e, g in zip(labels["value"], labels[f], got[f], strict=True)
               if not _same_field(e, g)]
        fields[f] = 1 - len(bad) / len(labels)
        disagreements += [f"{f:<11} {v!r}: label {e!r}, parser {g!r}" for v, e, g in bad]
    return {"n": len(labels), "fields": fields, "disagreements": disagreements}


# --------------------------------------------------------------------------
# Review flags


def _prf(truth: pd.Series, pred: pd.Series) -> dict[str, float]:
    tp = int((truth & pred).sum())
    fp = int((~truth & pred).sum())
    fn = int((truth & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def review_agreement(path: Path, model=None) -> dict:
    """Precision/recall/F1 of the vague and direction-conflict flags against labels.

    The label file has ``name, value`` and one 0/1 column per flag it labels
    (``vague``, ``direction_conflict``); a declared 二级 column (``l2_declared``
    or ``declared_category``) is passed on as the table would have it.
    """
    from nlp.reviews import review

    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    labels = labels.rename(columns={"declared_category": "l2_declared"})
    cols = [c for c in ("name", "value", "l2_declared") if c in labels.columns]
    out = review(labels[cols], model, predict=model is not None)
    result: dict = {"n": len(labels)}
    errors = []
    for flag in [f for f in ("vague", "direction_conflict") if f in labels.columns]:
        truth = labels[flag].astype(int).astype(bool)
        pred = out[flag].astype(bool)
        result[flag] = _prf(truth, pred)
        for n, v, t, p in zip(labels["name"], labels["value"], truth, pred, strict=True):
            if t != p:
                errors.append(f"{flag:<18} label {int(t)} flag {int(p)}  {n} | {v}")
    result["errors"] = errors
    return result
