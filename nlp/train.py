"""Training data, training and honest evaluation (knows nothing of mlflow).

Training data combines

* human labels (``training_data/labels/*.csv``: name, value, l2, concept,
  direction, split) — rows with ``split == "test"`` are held out and never
  trained on, and neither is any other row with the same normalized name;
* weak labels: every extracted seed row (``training_data/indicators.csv``)
  with its declared 二级 category, down-weighted, dropped where a human label
  exists for the same name.

Evaluation groups cross-validation folds by normalized name, so the same
indicator never sits on both sides.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score
from sklearn.model_selection import GroupKFold

from nlp import lexicon
from nlp.classify import IndicatorModel, build_pipeline
from nlp.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
TRAINING_DIR = ROOT / "training_data"
LABEL_COLUMNS = ["name", "value", "l2", "concept", "direction", "split"]
WEAK_WEIGHT = 0.3


def normalize_name(name: str) -> str:
    """Grouping key: the name without spaces, punctuation and digits.

    >>> normalize_name("参会代表人数（人） ")
    '参会代表人数人'
    """
    return re.sub(r"[\s\d.,，。、:：;；()（）\[\]【】“”\"'《》<>≥≤%％-]", "", str(name))


def declared_code(l2_declared: str) -> str | None:
    """Canonical code of a declared 二级 spelling, or ``None``."""
    return lexicon.l2_spellings().get("".join(str(l2_declared).split()))


def load_labels(paths: list[Path] | None = None) -> pd.DataFrame:
    """Human labels, validated against the taxonomy (bad rows raise, naming file and row)."""
    if paths is None:
        paths = sorted((TRAINING_DIR / "labels").glob("*.csv"))
    codes = {c["code"] for c in lexicon.taxonomy()["categories"]}
    concepts = {c["id"] for c in lexicon.taxonomy().get("concepts", [])}
    frames = []
    for path in paths:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = [c for c in ("name", "l2") if c not in df.columns]
        if missing:
            raise InputError(f"{path}: missing columns {missing}")
        for col in LABEL_COLUMNS:
            if col not in df.columns:
                df[col] = ""
        for i, row in df.iterrows():
            if row["l2"] not in codes:
                raise InputError(f"{path}: row {i + 2}: unknown category code {row['l2']!r}")
            if row["concept"] and concepts and row["concept"] not in concepts:
                raise InputError(f"{path}: row {i + 2}: unknown concept {row['concept']!r}")
        df["label_file"] = path.name
        frames.append(df)
    if not frames:
        return pd.DataFrame(columns=[*LABEL_COLUMNS, "label_file"])
    out = pd.concat(frames, ignore_index=True)
    out["split"] = out["split"].replace("", "train")
    return out


def load_weak(path: Path | None = None) -> pd.DataFrame:
    """Extracted rows with their declared category as a (noisy) label."""
    path = path or TRAINING_DIR / "indicators.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["l2"] = df["l2_declared"].map(declared_code)
    df = df[df["l2"].notna() & (df["name"] != "")]
    return df.drop_duplicates(["name", "value", "l2"])[["name", "value", "l2"]].reset_index(drop=True)


@dataclass
class TrainingSet:
    """Rows to train on, with weights, and the held-out test rows."""

    train: pd.DataFrame
    test: pd.DataFrame
    label_hash: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def training_set(labels: pd.DataFrame | None = None, weak: pd.DataFrame | None = None,
                 weak_weight: float = WEAK_WEIGHT) -> TrainingSet:
    """Combine human and weak labels; human labels override weak ones."""
    labels = load_labels() if labels is None else labels
    weak = load_weak() if weak is None else weak
    labels = labels.copy()
    labels["group"] = labels["name"].map(normalize_name)
    test = labels[labels["split"] == "test"].copy()
    held_out = set(test["group"])
    human = labels[(labels["split"] != "test") & ~labels["group"].isin(held_out)].copy()
    human["weight"] = 1.0
    human["origin"] = "human"
    weak = weak.copy()
    weak["group"] = weak["name"].map(normalize_name)
    weak = weak[~weak["group"].isin(held_out | set(human["group"]))]
    weak["weight"] = weak_weight
    weak["origin"] = "weak"
    weak["concept"] = ""
    cols = ["name", "value", "l2", "concept", "group", "weight", "origin"]
    train = pd.concat([human[cols], weak[cols]], ignore_index=True)
    digest = hashlib.sha256(
        pd.util.hash_pandas_object(labels[LABEL_COLUMNS], index=False).values.tobytes()
    ).hexdigest()[:16]
    counts = {"human_train": len(human), "weak_train": len(weak), "test": len(test)}
    return TrainingSet(train, test.reset_index(drop=True), digest, counts)


def fit_model(ts: TrainingSet, embedder: str | None = None, **options: Any) -> IndicatorModel:
    """Fit the category and concept pipelines on a training set."""
    X = ts.train[["name", "value"]]
    cat = build_pipeline(embedder, **options)
    cat.fit(X, ts.train["l2"], clf__sample_weight=ts.train["weight"].to_numpy())
    concept_rows = ts.train[ts.train["concept"] != ""]
    concept = None
    if concept_rows["concept"].nunique() >= 2:
        concept = build_pipeline(embedder, **options)
        concept.fit(concept_rows[["name", "value"]], concept_rows["concept"])
    emb_name = None
    if options.get("use_embeddings", True):
        from nlp.embed import get_embedder

        emb_name = get_embedder(embedder).name
    manifest = {"embedder": emb_name, "label_hash": ts.label_hash,
                "training_rows": ts.counts, "categories": sorted(ts.train["l2"].unique()),
                "options": {k: v for k, v in options.items()}}
    return IndicatorModel(cat, concept, manifest)


@dataclass
class Evaluation:
    """Metrics of a model on labeled rows."""

    accuracy: float
    macro_f1: float
    report: str
    labels: list[str]
    confusion: np.ndarray
    n: int
    extra: dict[str, float] = field(default_factory=dict)

    def metrics(self, prefix: str = "") -> dict[str, float]:
        return {f"{prefix}accuracy": self.accuracy, f"{prefix}macro_f1": self.macro_f1,
                **{f"{prefix}{k}": v for k, v in self.extra.items()}}


def evaluate_predictions(y_true: list[str], y_pred: list[str]) -> Evaluation:
    labels = sorted(set(y_true) | set(y_pred))
    return Evaluation(
        accuracy=float(accuracy_score(y_true, y_pred)),
        macro_f1=float(f1_score(y_true, y_pred, labels=sorted(set(y_true)), average="macro",
                                zero_division=0)),
        report=classification_report(y_true, y_pred, labels=labels, zero_division=0),
        labels=labels, confusion=confusion_matrix(y_true, y_pred, labels=labels), n=len(y_true),
    )


def evaluate_model(model: IndicatorModel, labeled: pd.DataFrame) -> Evaluation:
    """二级 accuracy/F1 (and concept accuracy) of ``model`` on labeled rows."""
    pred = model.predict(labeled[["name", "value"]])
    ev = evaluate_predictions(labeled["l2"].tolist(), pred["l2"].tolist())
    if "concept" in labeled.columns and (labeled["concept"] != "").any():
        mask = (labeled["concept"] != "").to_numpy()
        ev.extra["concept_accuracy"] = float(
            (pred["concept"].to_numpy()[mask] == labeled["concept"].to_numpy()[mask]).mean())
    if "direction" in labeled.columns and (labeled["direction"] != "").any():
        mask = (labeled["direction"] != "").to_numpy()
        ev.extra["direction_accuracy"] = float(
            (pred["direction"].to_numpy()[mask] == labeled["direction"].to_numpy()[mask]).mean())
    conf = pred["l2_confidence"].to_numpy()
    correct = (pred["l2"].to_numpy() == labeled["l2"].to_numpy()).astype(float)
    ev.extra["ece"] = expected_calibration_error(conf, correct)
    return ev


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Gap between confidence and accuracy, averaged over confidence bins.

    >>> round(expected_calibration_error(np.array([0.9, 0.9]), np.array([1.0, 0.0])), 2)
    0.4
    """
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (confidence > lo) & (confidence <= hi)
        if m.any():
            total += m.mean() * abs(confidence[m].mean() - correct[m].mean())
    return float(total)


def cross_validate(ts: TrainingSet, embedder: str | None = None, folds: int = 5,
                   **options: Any) -> Evaluation:
    """Grouped K-fold on the training set, scored on human-labeled rows only."""
    data = ts.train.reset_index(drop=True)
    gkf = GroupKFold(n_splits=folds)
    y_true: list[str] = []
    y_pred: list[str] = []
    base = build_pipeline(embedder, **options)
    for tr, te in gkf.split(data, data["l2"], groups=data["group"]):
        part = data.iloc[tr]
        pipe = clone(base)
        pipe.fit(part[["name", "value"]], part["l2"], clf__sample_weight=part["weight"].to_numpy())
        held = data.iloc[te]
        held = held[held["origin"] == "human"]
        if held.empty:
            continue
        y_true += held["l2"].tolist()
        y_pred += pipe.predict(held[["name", "value"]]).tolist()
    return evaluate_predictions(y_true, y_pred)


def timed_fit(ts: TrainingSet, embedder: str | None = None, **options: Any) -> tuple[IndicatorModel, float]:
    t0 = time.perf_counter()
    model = fit_model(ts, embedder, **options)
    return model, time.perf_counter() - t0


def run_training(data: list[Path] | None = None, output: Path | None = None,
                 embedder: str | None = None, tracking_uri: str | None = None,
                 cv_folds: int = 5, echo=print, **options: Any) -> dict[str, Any]:
    """Train, evaluate (grouped CV + held-out test), save, and log to mlflow."""
    from nlp.classify import DEFAULT_MODEL_DIR
    from nlp.tracking import log_run

    labels = load_labels(list(data) if data else None)
    if labels.empty:
        raise InputError("no labeled rows found (training_data/labels/*.csv or --data)")
    ts = training_set(labels)
    echo(f"training rows: {ts.counts} (label set {ts.label_hash})")
    metrics: dict[str, float] = {}
    evaluations: dict[str, Evaluation] = {}
    if cv_folds and cv_folds > 1:
        cv = cross_validate(ts, embedder, folds=cv_folds, **options)
        metrics.update(cv.metrics("cv_"))
        evaluations["cv"] = cv
        echo(f"grouped {cv_folds}-fold CV (human rows): accuracy {cv.accuracy:.3f}, "
             f"macro-F1 {cv.macro_f1:.3f}")
    model, seconds = timed_fit(ts, embedder, **options)
    metrics["fit_seconds"] = seconds
    if len(ts.test):
        test = evaluate_model(model, ts.test)
        metrics.update(test.metrics("test_"))
        evaluations["test"] = test
        echo(f"held-out test ({test.n} rows): accuracy {test.accuracy:.3f}, macro-F1 {test.macro_f1:.3f}, "
             f"concept {test.extra.get('concept_accuracy', 0):.3f}")
    model.manifest["metrics"] = {k: round(v, 4) for k, v in metrics.items()}
    out = Path(output) if output else DEFAULT_MODEL_DIR
    model.save(out)
    params = {"embedder": embedder or "default", "weak_weight": WEAK_WEIGHT, "cv_folds": cv_folds,
              **ts.counts, **options}
    run_id = log_run(params, metrics, evaluations, out,
                     tags={"label_hash": ts.label_hash, "model_dir": str(out)}, uri=tracking_uri)
    return {"model_dir": out, "run_id": run_id, "metrics": metrics}
