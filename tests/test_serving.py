"""The pyfunc model: signature, batching, packed embedder, REST server and Spark UDF."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nlp.classify import DEFAULT_MODEL_DIR
from nlp.serving import OUTPUT_COLUMNS, predict_rows, save_pyfunc, signature, spark_result_type

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "training_data" / "indicators.csv"
INPUT = ["name", "value", "l2_declared", "funds_total", "funds_year", "year"]

# A vague target, a direction conflict, a declared category that disagrees,
# a repeated name (Q009 must not fire across rows) and missing optional fields.
ROWS = pd.DataFrame({
    "name": ["受益群众满意度", "工作效率", "会议成本", "资金拨付及时率", "资金拨付及时率", "项目完成时间"],
    "value": ["≥95%", "提高", "≥51万元", "100%", "100%", "2024年12月底前"],
    "l2_declared": ["满意度指标", "效益指标", "成本指标", "质量指标", None, "时效指标"],
    "funds_total": [500000.0, None, 4000000.0, 4000000.0, 4000000.0, None],
    "funds_year": [500000.0, None, 4000000.0, 4000000.0, 4000000.0, None],
    "year": [2024, 2024, None, 2024, 2024, 2024],
})


def _load(path):
    import mlflow.pyfunc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mlflow.pyfunc.load_model(str(path))


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    """A copy of the shipped model: a retrain while the tests run must not change it."""
    import shutil

    return shutil.copytree(DEFAULT_MODEL_DIR, tmp_path_factory.mktemp("serving") / "model")


@pytest.fixture(scope="module")
def pyfunc_path(model_dir) -> Path:
    return save_pyfunc(model_dir, model_dir.parent / "pyfunc")


@pytest.fixture(scope="module")
def pyfunc(pyfunc_path):
    return _load(pyfunc_path)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """A response (JSON records or Spark rows) with the dtypes of the local output."""
    kinds = {"string": object, "double": "float64", "boolean": bool, "long": "int64"}
    return frame[list(OUTPUT_COLUMNS)].astype({c: kinds[t] for c, t in OUTPUT_COLUMNS.items()})


def test_output_has_the_signature_columns_and_simple_types(pyfunc) -> None:
    out = pyfunc.predict(ROWS)
    assert list(out.columns) == signature().outputs.input_names() == list(OUTPUT_COLUMNS)
    assert len(out) == len(ROWS)
    kinds = {"string": "O", "double": "f", "boolean": "b", "long": "i"}
    assert {c: out[c].dtype.kind for c in out.columns} == {c: kinds[t] for c, t in OUTPUT_COLUMNS.items()}
    assert out.loc[[0, 2], "l2"].tolist() == ["satisfaction.service", "cost"]
    assert out["vague"].tolist() == [False, True, False, False, False, False]
    assert out.loc[2, "direction_conflict"] and out.loc[2, "findings"].startswith("Q002")
    assert out.loc[1, "findings"].startswith('Q001 指标值"提高"无可量化标准')
    assert out.loc[0, "score"] == 100 and out.loc[1, "score"] <= 50
    assert "duplicate" not in out.columns and "Q009" not in "".join(out["findings"])


def test_rows_do_not_depend_on_batching(pyfunc) -> None:
    whole = pyfunc.predict(ROWS)
    one_by_one = pd.concat([pyfunc.predict(ROWS.iloc[[i]]) for i in range(len(ROWS))], ignore_index=True)
    pd.testing.assert_frame_equal(one_by_one, whole)
    assert pyfunc.predict(ROWS.iloc[:0]).columns.tolist() == list(OUTPUT_COLUMNS)


def test_minimal_input_and_missing_columns(pyfunc) -> None:
    out = pyfunc.predict(pd.DataFrame({"name": ["参会代表人数"], "value": ["≥193人"]}))
    assert out.loc[0, "l2"] == "output.quantity" and out.loc[0, "score"] == 100
    with pytest.raises(Exception, match="value"):
        pyfunc.predict(pd.DataFrame({"name": ["参会代表人数"]}))


def test_static_embedder_is_packed_and_used(tmp_path) -> None:
    from nlp.train import fit_model, training_set

    ts = training_set()
    ts.train = ts.train.groupby("l2").head(40)  # small: this tests packing, not accuracy
    model = fit_model(ts, embedder="use-static")
    model.save(tmp_path / "model")
    path = save_pyfunc(tmp_path / "model", tmp_path / "pyfunc")
    packed = path / "artifacts" / "use-static"
    assert (packed / "table.npy").is_file()
    loaded = _load(path)
    inner = loaded.unwrap_python_model().model
    from nlp.serving import _embedding_steps

    assert {Path(s.model_name_) for s in _embedding_steps(inner)} == {packed}
    pd.testing.assert_frame_equal(loaded.predict(ROWS), predict_rows(model, ROWS))


def test_training_run_logs_and_registers_the_served_model(model_dir, pyfunc, tmp_path, monkeypatch,
                                                          capfd) -> None:
    """A training run logs the model folder and registers the served model, without
    mlflow's notices that do not apply to it (type hints, input example, cloudpickle) or
    its progress bars in the output of `jixiao train`."""
    import shutil

    import mlflow

    from nlp.tracking import log_run

    model_dir = shutil.copytree(model_dir, tmp_path / "model")
    monkeypatch.chdir(tmp_path)  # artifacts go to ./mlruns
    previous = mlflow.get_tracking_uri()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run_id = log_run({"embedder": "default"}, {"test_accuracy": 0.9}, {}, model_dir,
                             tags={"label_hash": "test"}, uri=f"sqlite:///{tmp_path / 'mlflow.db'}")
            printed = capfd.readouterr().err + "".join(str(w.message) for w in caught)
            versions = mlflow.MlflowClient().search_model_versions("name='jixiao-classifier'")
            served = _load("models:/jixiao-classifier/1")
    finally:
        mlflow.set_tracking_uri(previous)
    assert [(str(v.version), v.run_id) for v in versions] == [("1", run_id)]
    assert json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))["mlflow_run_id"] == run_id
    assert served.metadata.metadata["jixiao_manifest"]["mlflow_run_id"] == run_id
    pd.testing.assert_frame_equal(served.predict(ROWS), pyfunc.predict(ROWS))  # same folder
    for notice in ("Add type hints", "input example was not provided", "CloudPickle",
                   "Downloading artifacts"):
        assert notice not in printed


def test_train_refuses_an_unusable_tracking_store_before_training(tmp_path) -> None:
    """A store mlflow refuses (here the file store this mlflow keeps read-only) stops
    `jixiao train` at once with a one-line error, before minutes of training."""
    from typer.testing import CliRunner

    from nlp.cli import app

    out = CliRunner().invoke(app, ["train", "--tracking-uri", f"file:{tmp_path / 'mlruns'}",
                                   "-o", str(tmp_path / "model")])
    assert out.exit_code == 1
    assert "tracking store" in out.output and "sqlite:///mlflow.db" in out.output
    assert "Traceback" not in out.output
    assert not (tmp_path / "model").exists()  # nothing trained or written


# --- REST ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status


def test_rest_server_answers_like_local_predict(pyfunc_path, pyfunc, tmp_path) -> None:
    port = _free_port()
    log = open(tmp_path / "server.log", "w+b")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "models", "serve", "-m", str(pyfunc_path),
         "--env-manager", "local", "-p", str(port), "-h", "127.0.0.1"],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        # mlflow starts `uvicorn` by name: this venv's bin must come first on PATH
        env={**os.environ, "PYTHONWARNINGS": "ignore",
             "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                log.seek(0)
                pytest.fail(f"server exited ({server.returncode}):\n{log.read().decode()[-3000:]}")
            try:
                if _get(f"{base}/ping") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not answer /ping within 120 s")
            time.sleep(0.5)
        rows = ROWS.astype(object).where(ROWS.notna(), None)  # JSON null for missing fields
        body = json.dumps({"dataframe_split": rows.to_dict(orient="split")}, ensure_ascii=False)
        request = urllib.request.Request(f"{base}/invocations", data=body.encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as r:
            answer = json.loads(r.read().decode("utf-8"))
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=15)
        log.close()
    served = _typed(pd.DataFrame(answer["predictions"]))
    pd.testing.assert_frame_equal(served, pyfunc.predict(ROWS), check_exact=True)


# --- Spark ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers: this venv, not PATH's python3
    session = (SparkSession.builder.master("local[2]").appName("jixiao-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .getOrCreate())
    yield session
    session.stop()


def test_spark_udf_matches_local_predict(spark, pyfunc_path, pyfunc, tmp_path) -> None:
    import mlflow.pyfunc
    from pyspark.sql import functions as F

    seed = pd.read_csv(SEED, usecols=INPUT).sample(200, random_state=0).reset_index(drop=True)
    seed["row"] = np.arange(len(seed))
    seed.to_parquet(tmp_path / "rows.parquet", index=False)
    frame = spark.read.parquet(str(tmp_path / "rows.parquet")).repartition(2)
    udf = mlflow.pyfunc.spark_udf(spark, str(pyfunc_path), result_type=spark_result_type(),
                                  env_manager="local")
    scored = frame.withColumn("out", udf(*[F.col(c) for c in INPUT])).select("row", "out.*")
    got = _typed(scored.toPandas().sort_values("row").reset_index(drop=True))
    want = pyfunc.predict(seed[INPUT])
    exact = [c for c, t in OUTPUT_COLUMNS.items() if t != "double"]
    pd.testing.assert_frame_equal(got[exact], want[exact], check_exact=True)
    for column in ("l2_confidence", "concept_confidence"):
        np.testing.assert_allclose(got[column], want[column], atol=1e-6, rtol=0)
