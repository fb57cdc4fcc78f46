"""The mlflow adapter: every training run is logged (params, metrics, confusion
matrix, label-set hash, the model folder).

Runs go to ``--tracking-uri``, else ``$MLFLOW_TRACKING_URI``, else a local
SQLite store ``mlflow.db`` in the working directory with artifacts under
``mlruns/`` (both ignored by git). ``mlflow ui --backend-store-uri
sqlite:///mlflow.db`` shows them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

EXPERIMENT = "jixiao"


def tracking_uri(uri: str | None = None) -> str:
    """The tracking URI in force (argument, environment, or local SQLite)."""
    return uri or os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{Path.cwd() / 'mlflow.db'}"


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
            mlflow.log_artifacts(str(model_dir), artifact_path="model")
        return run.info.run_id
