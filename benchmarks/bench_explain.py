"""Is the evidence faithful? Remove the word it names and see the prediction move.

Usage: python benchmarks/bench_explain.py [--model DIR]

For every distinct row of three sets whose name has at least two words (the names of the
held-out split of training_data/labels, which the shipped model is refit on after its
evaluation; the other provinces' rows of training_data/public, trained on; and the
out-of-domain rows of training_data/other_sources, never trained on), the shipped model
explains its 二级 against the runner-up (nlp.evidence). The
word of the name the evidence weighs most is then deleted from the name and the row
predicted again; so is a word drawn at random among the others (seeded), and the word
weighing least. Prints, per set: the share of rows whose 二级 changes and the mean fall of
the first prediction's probability after each deletion; the share of the log-odds the
evidence could not place on a word, the value or the embedding ("other"); and the time
of predict against explain on the 8,019 seed rows (warm, best of three).
A faithful explanation makes the first deletion move the prediction far more than the
others.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import load_model  # noqa: E402
from nlp.evidence import NAME, OTHER, explain  # noqa: E402
from nlp.train import load_labels, load_other_sources, load_public  # noqa: E402


def deleted(name: str, word: str) -> str:
    return name.replace(word, "", 1)


def faithfulness(model, rows: pd.DataFrame, label: str, rng: random.Random) -> None:
    X = model._prepared(rows[["name", "value"]]).drop_duplicates().reset_index(drop=True)
    pred = model.explain(X)
    reasons = explain(model, X, pred["l2"].tolist(), pred["l2_runner_up"].tolist())
    placed = total = 0.0
    cases = []
    for i, r in enumerate(reasons):
        if r is None:
            continue
        total += sum(abs(p.weight) for p in r.parts)
        placed += sum(abs(p.weight) for p in r.parts if p.kind != OTHER)
        words = [p for p in r.parts if p.kind == NAME and p.label in X.at[i, "name"]]
        if len(words) < 2:
            continue
        top, low = words[0], words[-1]
        other = rng.choice(words[1:])
        cases.append((i, top.label, other.label, low.label))
    edits = {"top": [], "random": [], "lowest": []}
    for i, top, other, low in cases:
        for key, word in (("top", top), ("random", other), ("lowest", low)):
            edits[key].append({"name": deleted(X.at[i, "name"], word), "value": X.at[i, "value"]})
    base = pred.iloc[[i for i, *_ in cases]]
    classes = list(model.category_pipeline.classes_)
    print(f"{label}: {len(X)} distinct rows, {len(cases)} with two words or more; "
          f"log-odds placed on a word, the value or the embedding: {placed / total:.4f}")
    for key, rows_ in edits.items():
        E = pd.DataFrame(rows_)
        proba = model.category_proba(model._prepared(E))
        after = model.predict(E)
        col = [classes.index(c) for c in base["l2"]]
        fall = base["l2_confidence"].to_numpy() - proba[np.arange(len(col)), col]
        flipped = (after["l2"].to_numpy() != base["l2"].to_numpy()).mean()
        print(f"  delete the {key:7s} word: 二级 changes {flipped:.3f}, "
              f"probability of the first 二级 falls {fall.mean():+.3f} on average")


def main() -> None:
    args = sys.argv[1:]
    model = load_model(args[args.index("--model") + 1] if "--model" in args else None)
    labels = load_labels()
    held = labels[labels["split"] == "test"] if "split" in labels.columns else labels
    rng = random.Random(0)
    faithfulness(model, held, "held-out split's seed names (refit on)", rng)
    faithfulness(model, load_public(), "other provinces' rows (trained on)", rng)
    faithfulness(model, load_other_sources(), "out-of-domain rows (never trained on)", rng)
    seeds = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    model.predict(seeds.head(5))
    times = {"predict": [], "explain": []}
    for _ in range(3):
        t = time.perf_counter()
        model.predict(seeds)
        times["predict"].append(time.perf_counter() - t)
        t = time.perf_counter()
        model.explain(seeds, against=seeds["l2_declared"])
        times["explain"].append(time.perf_counter() - t)
    print(f"{len(seeds)} seed rows, warm, best of 3: predict {min(times['predict']):.2f} s, "
          f"explain {min(times['explain']):.2f} s")


if __name__ == "__main__":
    main()
