"""The mlflow adapter: every training run is logged (params, metrics, confusion
matrix, label-set hash, the model folder).

Runs go to ``--tracking-uri``, else ``$MLFLOW_TRACKING_URI``, else a local
SQLite store ``mlflow.db`` in the working directory with artifacts under
``mlruns/`` (both ignored by git). ``mlflow ui --backend-store-uri
sqlite:///mlflow.db`` shows them.

A run that saves a model folder also logs it as an mlflow pyfunc model
(:mod:`nlp.serving`) and registers it as a new version of
``jixiao-classifier``; the folder's manifest records the run id
(``mlflow_run_id``). See ``docs/serving.md``.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

EXPERIMENT = "jixiao"
REGISTERED_MODEL = "jixiao-classifier"


def tracking_uri(uri: str | None = None) -> str:
    """The tracking URI in force (argument, environment, or local SQLite)."""
    return uri or os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{Path.cwd() / 'mlflow.db'}"


def check_store(uri: str | None = None) -> str:
    """Open the tracking store in force and return its URI; an unusable one (a file store
    this mlflow refuses, an unreachable server, a bad scheme) is an :class:`InputError`
    naming it. ``jixiao train`` calls this before it spends minutes training."""
    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient

    from nlp.errors import InputError

    resolved = tracking_uri(uri)
    try:
        MlflowClient(tracking_uri=resolved).search_experiments(max_results=1)
    except MlflowException as exc:
        first = (exc.message.splitlines() or [type(exc).__name__])[0]
        raise InputError(f"mlflow tracking store {resolved!r} cannot be used: {first} "
                         "(a local store: --tracking-uri sqlite:///mlflow.db)") from exc
    return resolved


def confusion_figure(confusion: np.ndarray, labels: list[str], path: Path, title: str = "") -> Path:
    """Write a confusion-matrix PNG (rows: truth, columns: prediction)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 6))
    ax.imshow(confusion, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i in range(confusion.shape[0]):
        for j in range(confusion.shape[1]):
            if confusion[i, j]:
                ax.text(j, i, int(confusion[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if confusion[i, j] > confusion.max() / 2 else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def log_run(params: dict[str, Any], metrics: dict[str, float], evaluations: dict[str, Any],
            model_dir: Path | None, tags: dict[str, str], uri: str | None = None) -> str:
    """Log one training run; returns the run id."""
    import logging

    import mlflow

    logging.getLogger("mlflow").setLevel(logging.WARNING)
    mlflow.set_tracking_uri(tracking_uri(uri))
    mlflow.set_experiment(EXPERIMENT)
    with mlflow.start_run() as run:
        mlflow.log_params({k: str(v)[:500] for k, v in params.items()})
        mlflow.log_metrics({k: float(v) for k, v in metrics.items()})
        mlflow.set_tags(tags)
        with tempfile.TemporaryDirectory() as tmp:
            for name, ev in evaluations.items():
                fig = confusion_figure(ev.confusion, ev.labels, Path(tmp) / f"confusion_{name}.png",
                                       title=f"{name}: accuracy {ev.accuracy:.3f}")
                mlflow.log_artifact(str(fig))
                mlflow.log_text(ev.report, f"report_{name}.txt")
        if model_dir is not None:
            stamp_run_id(Path(model_dir), run.info.run_id)
            mlflow.log_artifacts(str(model_dir), artifact_path="model")
            log_served_model(Path(model_dir))
        return run.info.run_id


def stamp_run_id(model_dir: Path, run_id: str) -> None:
    """Record the run that produced a model folder in its manifest (``mlflow_run_id``)."""
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["mlflow_run_id"] = run_id
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    from nlp.classify import model_card

    (model_dir / "README.md").write_text(model_card(manifest), encoding="utf-8")


def log_served_model(model_dir: Path, registered_name: str = REGISTERED_MODEL) -> str | None:
    """Log the pyfunc model in the active run and register it; a failure is a warning.

    Returns the model URI, or None when the model could not be logged.
    """
    try:
        from nlp.serving import log_pyfunc

        return log_pyfunc(model_dir, registered_name=registered_name)
    except Exception as exc:  # noqa: BLE001 - the run and its artifacts are logged either way
        warnings.warn(f"could not log {model_dir} as an mlflow pyfunc model: {exc}", stacklevel=2)
        return None
