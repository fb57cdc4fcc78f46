"""Throughput of the pyfunc model in-process and as a Spark UDF on local[2].

Usage: python benchmarks/bench_spark.py [--sizes 10000,30000,100000] [--model DIR]

Rows are resampled from the seed corpus (training_data/indicators.csv: name, value,
l2_declared, funds, year). Both sides are measured warm: the model is loaded and the
sentence embeddings of the corpus's distinct names are cached, in this process and in
each Spark Python worker (a warm-up job sends every worker the whole corpus). The
warm-up times are printed too: they are the one-off cost of a job (JVM and worker
start, model load, embedding the distinct names). Spark reads each size from Parquet,
splits it into 2 partitions and writes the results to Spark's no-op sink.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
INPUT = ["name", "value", "l2_declared", "funds_total", "funds_year", "year"]


def _spark(cores: int):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{cores}]").appName("jixiao-bench")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main() -> None:
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    warnings.simplefilter("ignore")
    import mlflow.pyfunc

    from nlp.classify import DEFAULT_MODEL_DIR
    from nlp.embed import cpu_threads
    from nlp.serving import save_pyfunc, spark_result_type

    args = sys.argv[1:]
    sizes = [int(s) for s in args[args.index("--sizes") + 1].split(",")] if "--sizes" in args \
        else [10_000, 30_000, 100_000]
    model_dir = Path(args[args.index("--model") + 1]) if "--model" in args else DEFAULT_MODEL_DIR
    cores = 2
    corpus = pd.read_csv(ROOT / "training_data" / "indicators.csv", usecols=INPUT)
    seed = corpus.drop_duplicates(["name", "value"]).reset_index(drop=True)
    data = {n: corpus.sample(n=n, replace=True, random_state=n).reset_index(drop=True) for n in sizes}

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = save_pyfunc(model_dir, tmp / "pyfunc")
        print(f"model {model_dir.name}; {cpu_threads()} cores; seed corpus {len(corpus):,} rows, "
              f"{seed['name'].nunique():,} distinct names")

        t0 = time.perf_counter()
        model = mlflow.pyfunc.load_model(str(path))
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        model.predict(seed)
        local_warmup = time.perf_counter() - t0
        local = {}
        for n, rows in data.items():
            t0 = time.perf_counter()
            model.predict(rows)
            local[n] = time.perf_counter() - t0
        print(f"local: load {load:.1f} s; warm-up on {len(seed):,} distinct rows {local_warmup:.1f} s "
              f"({len(seed) / local_warmup:,.0f} rows/s, embeddings computed)")

        from pyspark.sql import functions as F

        t0 = time.perf_counter()
        spark = _spark(cores)
        session = time.perf_counter() - t0
        udf = mlflow.pyfunc.spark_udf(spark, str(path), result_type=spark_result_type(),
                                      env_manager="local")

        def score(frame) -> float:
            start = time.perf_counter()
            frame.withColumn("out", udf(*[F.col(c) for c in INPUT])).select("out.*") \
                .write.format("noop").mode("overwrite").save()
            return time.perf_counter() - start

        # One copy of the corpus per partition, run at the same time: every worker warms up.
        copies = pd.concat([seed.assign(copy=k) for k in range(cores)], ignore_index=True)
        spark_warmup = score(spark.createDataFrame(copies).repartitionByRange(cores, "copy"))
        print(f"spark local[{cores}]: session {session:.1f} s; warm-up ({cores} workers start, load the "
              f"model, embed the corpus) {spark_warmup:.1f} s")
        on_spark = {}
        for n, rows in data.items():
            file = tmp / f"rows_{n}.parquet"
            rows.to_parquet(file, index=False)
            on_spark[n] = score(spark.read.parquet(str(file)).repartition(cores))
        spark.stop()

    print()
    print(f"| rows | local pyfunc s | local rows/s | Spark local[{cores}] s | Spark rows/s | Spark / local |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        print(f"| {n:,} | {local[n]:.1f} | {n / local[n]:,.0f} | {on_spark[n]:.1f} | "
              f"{n / on_spark[n]:,.0f} | {local[n] / on_spark[n]:.2f}x |")


if __name__ == "__main__":
    main()
