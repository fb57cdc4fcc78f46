"""Command line: one thin command per public function (``jixiao --help``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nlp.errors import JixiaoError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jixiao: read, classify and review Chinese performance-target tables (绩效目标表).",
)


@app.callback()
def _root() -> None:
    """jixiao: read, classify and review Chinese performance-target tables (绩效目标表)."""


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def write_table(df, out: Path) -> None:
    """Write a DataFrame as .csv, .parquet, .xlsx or .json by the extension of ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        df.to_csv(out, index=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        df.to_parquet(out, index=False)
    elif suffix == ".xlsx":
        df.to_excel(out, index=False)
    elif suffix == ".json":
        df.to_json(out, orient="records", force_ascii=False, indent=1)
    else:
        raise JixiaoError(f"{out}: unknown output format (use .csv, .parquet, .xlsx or .json)")


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="documents: .txt (PDF text), .xlsx, .csv, .pdf")],
    output: Annotated[Path, typer.Option("-o", "--output", help="rows: .csv/.parquet/.xlsx")] = Path(
        "indicators.csv"
    ),
    rejects: Annotated[Path | None, typer.Option(help="write unreadable rows here")] = None,
) -> None:
    """Extract indicator rows from documents.

    Example: jixiao extract training_data/raw/*.txt -o out/indicators.csv --rejects out/rejects.csv
    """
    from nlp.tables import extract as run_extract

    try:
        result = run_extract(files, progress=True, keep_going=True)
        write_table(result.rows, output)
        if rejects is not None:
            write_table(result.rejects, rejects)
    except JixiaoError as exc:
        _fail(exc)
        return
    for row in result.counts.itertuples():
        if row.error:
            typer.echo(f"error: {row.error}", err=True)
            continue
        typer.echo(f"{row.source}: tables {row.tables}  read {row.read}  "
                   f"extracted {row.extracted}  rejected {row.rejected}")
    typer.echo(f"wrote {len(result.rows)} rows to {output}"
               + (f", {len(result.rejects)} rejects to {rejects}" if rejects else ""))
    if result.counts["error"].astype(bool).any():
        raise typer.Exit(1)


@app.command()
def parse(
    text: Annotated[str | None, typer.Argument(help="a value such as ≥90% (omit with --column)")] = None,
    column: Annotated[str | None, typer.Option(help="parse this column of FILE")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="table (.csv/.xlsx/.parquet)")] = None,
    year: Annotated[int | None, typer.Option(help="budget year for deadlines such as 年底前")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write the table here")] = None,
) -> None:
    """Read an indicator value (指标值): operator, numbers, unit, type.

    Examples: jixiao parse "≤400万元";  jixiao parse --column 指标值 -f table.xlsx -o parsed.csv
    """
    from nlp.values import format_parsed, parse_value, parse_values

    if column is None:
        if text is None:
            _fail(JixiaoError("give a value, or --column NAME --file FILE"))
        typer.echo(format_parsed(parse_value(text, year=year)))
        return
    if file is None:
        _fail(JixiaoError("--column needs --file"))
        return
    try:
        df = read_table_file(file)
        if column not in df.columns:
            raise JixiaoError(f"{file}: no column {column!r} (columns: {', '.join(map(str, df.columns))})")
        out = df.join(parse_values(df[column], year=year).add_prefix("parsed_"))
        if output is None:
            typer.echo(out.to_string(max_rows=50))
        else:
            write_table(out, output)
            typer.echo(f"wrote {len(out)} rows to {output}")
    except JixiaoError as exc:
        _fail(exc)


def read_table_file(path: Path):
    """A plain table (.csv/.xlsx/.parquet/.json) as a DataFrame of strings where possible."""
    import pandas as pd

    if not path.exists():
        raise JixiaoError(f"{path}: file not found")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str).fillna("")
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".json":
            return pd.read_json(path)
    except Exception as exc:  # noqa: BLE001 - any reader error is a bad file for the user
        raise JixiaoError(f"{path}: cannot read table ({type(exc).__name__}: {exc})") from None
    raise JixiaoError(f"{path}: unknown table format (use .csv, .xlsx, .parquet or .json)")


@app.command()
def review(
    files: Annotated[list[Path], typer.Argument(help="documents (.txt/.xlsx/.csv/.pdf) or extracted rows")],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("out"),
    model: Annotated[Path | None, typer.Option(help="model folder (default: shipped model)")] = None,
    formats: Annotated[str, typer.Option(help="machine outputs: csv,parquet,json")] = "csv",
) -> None:
    """Flag vague and defective targets and score every indicator, table and department.

    Writes OUT/review.xlsx (findings, tables, departments, rubric), OUT/report.html,
    OUT/findings.csv (and parquet/json with --formats) and OUT/rejects.csv.

    Example: jixiao review training_data/raw/*.txt -o out
    """
    from nlp.report import write_html, write_workbook
    from nlp.review import run_review
    from nlp.tables import extract as run_extract

    try:
        result = run_extract(files, progress=True, keep_going=True)
        for row in result.counts.itertuples():
            if row.error:
                typer.echo(f"error: {row.error}", err=True)
        if result.rows.empty:
            raise JixiaoError("no indicator rows to review")
        mdl = None
        if model is not None:
            from nlp.classify import load_model

            mdl = load_model(model)
        rev = run_review(result.rows, mdl)
        out.mkdir(parents=True, exist_ok=True)
        write_workbook(rev, out / "review.xlsx")
        write_html(rev, out / "report.html")
        for fmt in formats.split(","):
            if fmt.strip():
                write_table(rev.rows, out / f"findings.{fmt.strip()}")
        write_table(result.rejects, out / "rejects.csv")
    except JixiaoError as exc:
        _fail(exc)
        return
    rows = rev.rows
    n_in = int(result.counts["read"].sum())
    typer.echo(f"rows read {n_in}, reviewed {len(rows)}, rejected {len(result.rejects)}; "
               f"tables {len(rev.tables)}, departments {len(rev.departments)}")
    typer.echo(f"vague {int(rows['vague'].sum())} ({rows['vague'].mean():.1%}), "
               f"rows with findings {int((rows['score'] < 100).sum())}, "
               f"mean score {rows['score'].mean():.1f}")
    typer.echo(f"wrote {out / 'review.xlsx'}, {out / 'report.html'}")
    if result.counts["error"].astype(bool).any():
        raise typer.Exit(1)


@app.command()
def train(
    data: Annotated[list[Path] | None,
                    typer.Option("--data", help="label CSVs (default: training_data/labels)")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="model folder")] = None,
    embedder: Annotated[str | None,
                        typer.Option(help="sentence-transformers name/path or use-static")] = None,
    tracking_uri: Annotated[str | None, typer.Option(help="mlflow tracking URI")] = None,
    cv: Annotated[int, typer.Option(help="grouped cross-validation folds (0: skip)")] = 5,
) -> None:
    """Train the classifier from labeled examples; log the run to mlflow; write the model folder.

    Example: jixiao train --embedder use-static --tracking-uri sqlite:///mlflow.db
    """
    from nlp.train import run_training

    try:
        result = run_training(data, output, embedder, tracking_uri, cv_folds=cv, echo=typer.echo)
    except JixiaoError as exc:
        _fail(exc)
        return
    typer.echo(f"model written to {result['model_dir']}; mlflow run {result['run_id']}")


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", help="labeled CSV (name, value, l2[, concept, direction])")],
    model: Annotated[Path | None, typer.Option(help="model folder (default: shipped model)")] = None,
    confusion: Annotated[Path, typer.Option(help="confusion matrix image")] = Path("confusion.png"),
) -> None:
    """Per-class precision/recall/F1 of a model on labeled rows, and a confusion-matrix image.

    Example: jixiao evaluate --data training_data/labels/human_labels.csv
    """
    from nlp.classify import load_model
    from nlp.tracking import confusion_figure
    from nlp.train import evaluate_model, load_labels

    try:
        labeled = load_labels([data])
        ev = evaluate_model(load_model(model), labeled)
    except JixiaoError as exc:
        _fail(exc)
        return
    typer.echo(ev.report)
    typer.echo(" ".join(f"{k}={v:.4f}" for k, v in ev.metrics().items()))
    confusion_figure(ev.confusion, ev.labels, confusion, title=f"accuracy {ev.accuracy:.3f}")
    typer.echo(f"confusion matrix: {confusion}")


@app.command()
def predict(
    files: Annotated[list[Path], typer.Argument(help="documents or a table with name,value columns")],
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("predictions.csv"),
    model: Annotated[Path | None, typer.Option(help="model folder")] = None,
) -> None:
    """Classify indicators: 一级/二级 with confidence, concept, direction.

    Example: jixiao predict training_data/raw/004_85ad6b5078b91ae2.txt -o out/predictions.csv
    """
    import pandas as pd

    from nlp.classify import load_model
    from nlp.tables import extract as run_extract

    try:
        frames = []
        docs = [f for f in files if f.suffix.lower() not in (".parquet", ".json")]
        for f in files:
            if f.suffix.lower() in (".parquet", ".json"):
                frames.append(read_table_file(f))
        if docs:
            frames.append(run_extract(docs, keep_going=False).rows)
        rows = pd.concat(frames, ignore_index=True)
        out = rows.join(load_model(model).predict(rows))
        write_table(out, output)
    except JixiaoError as exc:
        _fail(exc)
        return
    typer.echo(f"wrote {len(out)} predictions to {output}")


def main() -> None:
    """Entry point of the ``jixiao`` console script."""
    try:
        app()
    except JixiaoError as exc:  # pragma: no cover - commands catch their own
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
