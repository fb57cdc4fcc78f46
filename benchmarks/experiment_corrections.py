"""Do N corrected labels of a weak class improve it on held-out data?

Usage:
    python benchmarks/experiment_corrections.py [--cls CODE] [--keep 15] [--n 10 20 40]
        [--seeds 0 1 2] [--policy corrections|configured|human] [--select random|uncertain]
        [--new-names]
        [--embedder use-static]

The labeling loop (``jixiao suggest`` → a person corrects → ``jixiao import-labels``
→ ``jixiao train``) is simulated on the human labels we already have:

1. Train on all labels and pick the class with the lowest F1 on the held-out test
   split (``split == test``: names never trained on), unless ``--cls`` names one.
2. "Before correction": of that class's human *training* rows, keep ``--keep``
   (random, per seed) and hold the rest back. A held-back name that occurs in the
   seed corpus still trains, with the label the policy gives it without a human
   label (its declared category); a name outside the corpus is absent.
3. "Corrections": add back N of the held-back rows (``random``, or the ones the
   before-model is least sure of: ``uncertain``, as ``jixiao suggest`` ranks them)
   and retrain. Corrections come only from training rows: the test split is the
   same in every run and no test name is ever trained on. The last row adds back
   all of them (the state with every label).

``--new-names`` simulates corrections of names from new documents, which the seed
corpus lacks: the held-back names' corpus rows are removed in every run, so a
correction adds a training row instead of relabeling corpus rows.

Printed per N: the training rows labeled with the class, and precision, recall
and F1 of the class on the held-out test (mean ±
standard deviation over seeds), and macro-F1 over all classes, scored against the
test labels that ``nlp.train.training_set`` defines (``l2``: the policy label) and
against our human labels (``l2_human``) where the two differ.

``--policy corrections`` (default) is the product's loop: the added labels come in
through ``corrections.csv``, which ``training_data/label_policy.yaml`` makes
authoritative (they replace the declared category); ``--policy configured`` treats
them like the bulk human labels (declared first, except clear cases); ``--policy
human`` lets every human label replace the declared category.
Only the category model is fitted (TF-IDF + value features by default, ~2-5 s a fit).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify import IndicatorModel, build_pipeline  # noqa: E402
from nlp.labeling import uncertainty_and_vectors  # noqa: E402
from nlp.train import TRAINING_DIR, load_labels, load_policy, normalize_name, training_set  # noqa: E402


def fit_category(ts, embedder: str | None, options: dict):
    """The category pipeline exactly as :func:`nlp.train.fit_model` fits it (no concept model)."""
    pipe = build_pipeline(embedder, **options)
    pipe.fit(ts.train[["name", "value"]], ts.train["l2"], clf__sample_weight=ts.train["weight"].to_numpy())
    return pipe


def scores(pipe, ts, test: pd.DataFrame, cls: str) -> dict[str, float]:
    pred = pipe.predict(test[["name", "value"]])
    out = {"train_rows": float((ts.train["l2"] == cls).sum())}
    for truth in ("l2", "l2_human"):
        if truth not in test.columns:
            continue
        y = test[truth].to_numpy()
        p, r, f, _ = precision_recall_fscore_support(y, pred, labels=[cls], zero_division=0)
        out |= {f"{truth}.precision": p[0], f"{truth}.recall": r[0], f"{truth}.f1": f[0],
                f"{truth}.macro_f1": f1_score(y, pred, labels=sorted(set(y)), average="macro",
                                              zero_division=0)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cls", help="class to correct (default: lowest held-out F1)")
    ap.add_argument("--keep", type=int, default=15,
                    help="training labels of the class kept before correction")
    ap.add_argument("--n", type=int, nargs="+", default=[10, 20, 40], help="corrected labels added back")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--policy", choices=["corrections", "configured", "human"], default="corrections")
    ap.add_argument("--select", choices=["random", "uncertain"], default="random")
    ap.add_argument("--new-names", action="store_true",
                    help="held-back names are absent from the corpus (names of new documents)")
    ap.add_argument("--embedder", help="e.g. use-static (default: no embeddings, TF-IDF + value features)")
    args = ap.parse_args()
    options = {} if args.embedder else {"use_embeddings": False}
    policy = load_policy() if args.policy != "human" else {**load_policy(), "declared_first": False}

    t0 = time.perf_counter()
    corpus = pd.read_csv(TRAINING_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    corpus_group = corpus["name"].map(normalize_name)
    labels = load_labels()
    full = training_set(labels, corpus=corpus, policy=policy)
    test = full.test.reset_index(drop=True)
    pipe = fit_category(full, args.embedder, options)
    truth = test["l2"].to_numpy()
    classes = sorted(set(truth))
    per_class = dict(zip(classes, f1_score(truth, pipe.predict(test[["name", "value"]]), labels=classes,
                                           average=None, zero_division=0), strict=True))
    cls = args.cls or min(per_class, key=per_class.get)
    pool = labels[(labels["split"] == "train") & (labels["l2"] == cls)]
    ns = [n for n in args.n if n <= len(pool) - args.keep]
    print(f"policy {args.policy} {policy}; features: {args.embedder or 'TF-IDF + value'}; "
          f"selection {args.select}" + ("; held-back names not in the corpus" if args.new_names else ""))
    print(f"held-out test: {len(test)} names, {int((truth == cls).sum())} of class {cls}; "
          f"its human training labels: {len(pool)} (keep {args.keep}, hold back {len(pool) - args.keep})")
    print("held-out F1 per class with all labels: "
          + ", ".join(f"{c} {v:.3f}" for c, v in sorted(per_class.items(), key=lambda kv: kv[1])))

    rows: dict[str, list[dict[str, float]]] = {}
    for seed in args.seeds:
        order = pool.sample(frac=1.0, random_state=seed)
        held = order.iloc[args.keep:]
        before_labels = labels.drop(index=held.index)
        seen = corpus[~corpus_group.isin(set(held["name"].map(normalize_name)))] if args.new_names else corpus
        before = training_set(before_labels, corpus=seen, policy=policy)
        assert not set(before.train["group"]) & set(test["group"]), "a held-out name was trained on"
        before_pipe = fit_category(before, args.embedder, options)
        rows.setdefault("before (0)", []).append(scores(before_pipe, before, test, cls))
        if args.select == "uncertain":
            u, _ = uncertainty_and_vectors(IndicatorModel(before_pipe, None), held[["name", "value"]])
            held = held.iloc[np.argsort(-u, kind="stable")]
        for n in [*ns, len(held)]:
            added = held.iloc[:n]
            if args.policy == "corrections":
                # as `jixiao import-labels` writes them: corrections.csv is authoritative
                added = added.assign(label_file="corrections.csv")
            ts = training_set(pd.concat([before_labels, added]), corpus=seen, policy=policy)
            assert ts.test["name"].tolist() == test["name"].tolist()
            label = f"+{n} corrected" if n < len(held) else f"+{n} (all {len(pool)} labels)"
            rows.setdefault(label, []).append(scores(fit_category(ts, args.embedder, options), ts, test, cls))

    keys = ["train_rows", "l2.precision", "l2.recall", "l2.f1", "l2.macro_f1"]
    if "l2_human" in test.columns and (test["l2_human"] != test["l2"]).any():
        keys += ["l2_human.recall", "l2_human.f1"]
    heads = {"train_rows": "train rows", "l2.precision": "P", "l2.recall": "R", "l2.f1": "F1",
             "l2.macro_f1": "macro-F1", "l2_human.recall": "R (human)", "l2_human.f1": "F1 (human)"}
    print(f"\n{cls} on the held-out test, mean ± sd over seeds {args.seeds}")
    print(f"{'labels of ' + cls:<28}" + "".join(f"{heads[k]:>16}" for k in keys))
    for label, runs in rows.items():
        cells = []
        for k in keys:
            v = np.array([r[k] for r in runs])
            cells.append(f"{v.mean():.0f}" if k == "train_rows" else f"{v.mean():.3f} ± {v.std():.3f}")
        print(f"{label:<28}" + "".join(f"{c:>16}" for c in cells))
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
