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
    files: Annotated[list[Path], typer.Argument(
        help="documents (.txt PDF text, .xlsx, .xls, .csv, .pdf, .docx, .doc, .html) or folders of them")],
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
            from nlp.spreadsheets import read_first_sheet

            return read_first_sheet(path)  # cells as shown: a 0% format makes 0.95 `95%`
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".json":
            return pd.read_json(path)
    except Exception as exc:  # noqa: BLE001 - any reader error is a bad file for the user
        raise JixiaoError(f"{path}: cannot read table ({type(exc).__name__}: {exc})") from None
    raise JixiaoError(f"{path}: unknown table format (use .csv, .xlsx, .parquet or .json)")


@app.command()
def review(
    files: Annotated[list[Path], typer.Argument(
        help="documents (.txt/.xlsx/.xls/.csv/.pdf/.docx/.doc/.html), folders of them, or extracted rows")],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("out"),
    model: Annotated[Path | None, typer.Option(help="model folder (default: shipped model)")] = None,
    formats: Annotated[str, typer.Option(help="machine outputs: csv,parquet,json")] = "csv",
) -> None:
    """Flag vague and defective targets and score every indicator, table and department.

    Writes OUT/review.xlsx (findings, tables, departments, rubric, files, rejects), OUT/report.html,
    OUT/findings.csv (and parquet/json with --formats), OUT/rejects.csv and OUT/files.csv
    (per document: tables, rows read / extracted / rejected, or the error that stopped it).

    Example: jixiao review training_data/raw/*.txt -o out
    """
    from nlp.report import write_html, write_workbook
    from nlp.reviews import run_review
    from nlp.tables import extract as run_extract

    try:
        result = run_extract(files, progress=True, keep_going=True)
        for row in result.counts.itertuples():
            if row.error:
                typer.echo(f"error: {row.error}", err=True)
        out.mkdir(parents=True, exist_ok=True)  # what was read, and why not, even when nothing was
        write_table(result.counts, out / "files.csv")
        write_table(result.rejects, out / "rejects.csv")
        if result.rows.empty:
            raise JixiaoError(f"no indicator rows to review ({out / 'files.csv'} says why, file by file)")
        mdl = None
        if model is not None:
            from nlp.classify import load_model

            mdl = load_model(model)
        rev = run_review(result.rows, mdl)
        rev.files, rev.rejects = result.counts, result.rejects
        write_workbook(rev, out / "review.xlsx")
        write_html(rev, out / "report.html")
        for fmt in formats.split(","):
            if fmt.strip():
                write_table(rev.rows, out / f"findings.{fmt.strip()}")
    except JixiaoError as exc:
        _fail(exc)
        return
    rows = rev.rows
    n_in = int(result.counts["read"].sum())
    typer.echo(f"rows read {n_in}, reviewed {len(rows)}, rejected {len(result.rejects)}; "
               f"tables {len(rev.tables)}, departments {len(rev.departments)}")
    typer.echo(f"vague {int(rows['vague'].sum())} ({rows['vague'].mean():.1%}), "
               f"rows with findings {int((rows['findings'].fillna('') != '').sum())}, "
               f"mean score {rows['score'].mean():.1f}")
    if "value_actual" in rows.columns:  # self-evaluation tables: achieved values read
        typer.echo(f"achieved values {int((rows['value_actual'].fillna('') != '').sum())}, "
                   f"short of their target {int(rows['target_not_met'].sum())}")
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
    refit: Annotated[bool, typer.Option(help="after evaluating, refit the saved model on all labels")] = True,
) -> None:
    """Train the classifier from labeled examples; log the run to mlflow; write the model folder.

    Example: jixiao train --embedder use-static --tracking-uri sqlite:///mlflow.db
    """
    from nlp.train import run_training

    try:
        result = run_training(data, output, embedder, tracking_uri, cv_folds=cv, echo=typer.echo,
                              refit=refit)
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
    files: Annotated[list[Path], typer.Argument(
        help="documents, folders of them, or a table with name,value columns")],
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("predictions.csv"),
    model: Annotated[Path | None, typer.Option(help="model folder")] = None,
    normalize: Annotated[bool, typer.Option(
        help="add l2_normalized: the declared 二级 unless the model confidently disagrees")] = False,
    explain: Annotated[bool, typer.Option(
        help="add l2_runner_up and l2_evidence: the words that weigh most for l2 against the "
             "declared 二级 (where it differs) or the runner-up")] = False,
) -> None:
    """Classify indicators: 一级/二级 with confidence, concept, direction.

    Example: jixiao predict training_data/raw/004_85ad6b5078b91ae2.txt -o out/predictions.csv
    """
    from nlp.classify import load_model

    try:
        rows = _indicator_rows(files)  # a plain table keeps its own columns (an id, labels)
        m = load_model(model)
        # explain predicts too (its columns are predict's and more): one prediction either way
        pred = m.explain(rows, against=rows["l2_declared"] if "l2_declared" in rows.columns
                         else None) if explain else m.predict(rows)
        out = rows.join(m.normalize(rows, predicted=pred) if normalize else pred)
        write_table(out, output)
    except JixiaoError as exc:
        _fail(exc)
        return
    typer.echo(f"wrote {len(out)} predictions to {output}")
    typer.echo(prediction_summary(out))


@app.command()
def explain(
    name: Annotated[str, typer.Argument(help="the indicator's name (三级指标), e.g. 资金拨付及时率")],
    value: Annotated[str, typer.Argument(help="its value (指标值), e.g. ≥95%")] = "",
    declared: Annotated[str | None, typer.Option(
        help="the table's declared 二级 (e.g. 质量指标): explain the prediction against it")] = None,
    model: Annotated[Path | None, typer.Option(help="model folder")] = None,
) -> None:
    """Classify one indicator and say why: 二级 with confidence, the runner-up, and the parts
    of the row that weigh most for the prediction.

    Example: jixiao explain 资金拨付及时率 "≥95%" --declared 质量指标
    """
    import pandas as pd

    from nlp.classify import load_model
    from nlp.lexicon import taxonomy

    try:
        m = load_model(model)
        row = pd.DataFrame({"name": [name], "value": [value]})
        out = m.explain(row, against=[declared or ""]).iloc[0]
    except JixiaoError as exc:
        _fail(exc)
        return
    names = {c["code"]: c["name"] for c in taxonomy()["categories"]}
    typer.echo(f"二级 {out['l2']} {names.get(out['l2'], '')}  confidence {out['l2_confidence']:.2f}"
               f"  (concept {out['concept']}, direction {out['direction']})")
    typer.echo(f"runner-up {out['l2_runner_up']} {names.get(out['l2_runner_up'], '')}"
               f"  {out['l2_runner_up_confidence']:.2f}")
    against = out["l2_evidence_against"]
    typer.echo(f"evidence against {against} {names.get(against, '')}: {out['l2_evidence'] or '(none)'}")


def prediction_summary(out) -> str:
    """Where a reviewer looks first: rows the model is unsure of, and rows whose declared 二级
    it confidently contradicts (the rule of finding Q008, `findings.yaml` thresholds)."""
    from nlp.quality import catalogue, check_category_mismatch

    sure = catalogue()["thresholds"]["category_mismatch_confidence"]
    unsure = int((out["l2_confidence"] < sure).sum())
    text = f"{unsure} rows below confidence {sure:g} (look at these first)"
    if "l2_declared" in out.columns:
        differ = sum(a is not None for a in check_category_mismatch(out))
        text += f"; {differ} rows whose declared 二级 the model contradicts at confidence ≥ {sure:g}"
    return text


_PLAIN_KEYS = {"name", "value", "l1_declared", "l2_declared", "project", "department", "implementer",
               "year", "half"}


def _as_rows(table):  # noqa: ANN001, ANN202 - pandas DataFrame in and out
    """A table of one indicator per row (name and value columns, under their own names or a
    spelling of ``layout.yaml``: 三级指标 / 指标值, indicator / target), columns renamed to
    jixiao's and every other column (an id, the user's own labels) kept; ``None`` for any
    other table (operator or unit columns to compose, two halves, a title above the header:
    the document readers' work). A list of names alone (a name column, no value column) gets
    blank values, which the name-only heads read, unless it looks like a document's grid (a
    column without a header, or a header word among its first cells: levels named below a
    merged 绩效指标)."""
    from nlp.spreadsheets import column_of

    if {"name", "value"} <= set(table.columns):
        return table
    keys = {c: column_of(str(c)) for c in table.columns}
    named = [k for k in keys.values() if k is not None]
    if "name" not in named or len(named) != len(set(named)) or not set(named) <= _PLAIN_KEYS:
        return None
    if "value" not in named:
        headless = any(str(c).startswith("Unnamed") or not str(c).strip() for c in table.columns)
        cells = table.head(5).fillna("").astype(str).to_numpy().ravel()
        if headless or any(column_of(v) in ("name", "value") for v in cells if v.strip()):
            return None
    rows = table.rename(columns={c: k for c, k in keys.items() if k is not None and k not in table.columns})
    return rows if "value" in rows.columns else rows.assign(value="")


def _indicator_rows(files: list[Path]):
    """Rows from extracted tables (a file with name and value columns) and documents."""
    import pandas as pd

    from nlp.tables import extract as run_extract

    frames, docs = [], []
    for f in files:
        table = None
        if f.suffix.lower() in (".csv", ".xlsx", ".parquet", ".json"):
            try:
                table = read_table_file(f)
            except JixiaoError:
                table = None  # not a plain table (a GBK budget export, a grid sheet): read as a document
        table = _as_rows(table) if table is not None else None
        if table is not None:
            frames.append(table.assign(source=table["source"] if "source" in table.columns else f.name))
        else:
            docs.append(f)
    if docs:
        frames.append(run_extract(docs, keep_going=False).rows)
    return pd.concat(frames, ignore_index=True)


@app.command()
def suggest(
    files: Annotated[list[Path], typer.Argument(help="documents, or extracted rows (name,value columns)")],
    n: Annotated[int, typer.Option("--n", help="how many rows to suggest")] = 50,
    output: Annotated[Path, typer.Option("-o", "--output", help=".xlsx, .csv or .json (Label Studio)")] = (
        Path("out/to_label.xlsx")),
    model: Annotated[Path | None, typer.Option(help="model folder (default: shipped model)")] = None,
    labels_dir: Annotated[Path | None, typer.Option(help="skip names labeled here")] = None,
    seed: Annotated[int, typer.Option(help="tie-break seed")] = 0,
    prefill: Annotated[bool, typer.Option(help="pre-fill l2, concept, direction with the model's guess")] = (
        True),
) -> None:
    """Pick the unlabeled rows the model is least sure of (and diverse) for a person to label.

    .xlsx has dropdowns and a sheet of valid codes; .json writes Label Studio tasks
    and the labeling config (.xml) next to it. Label, then `jixiao import-labels`.

    Example: jixiao suggest training_data/indicators.csv --n 50 -o out/to_label.xlsx
    """
    from nlp.classify import load_model
    from nlp.labeling import export_for_labeling
    from nlp.labeling import suggest as run_suggest
    from nlp.train import load_labels

    try:
        rows = _indicator_rows(files)
        labeled = load_labels(sorted(labels_dir.glob("*.csv"))) if labels_dir is not None else None
        mdl = load_model(model)
        picked = run_suggest(rows, mdl, n=n, seed=seed, labeled=labeled, prefill=prefill)
        version = f"jixiao-{mdl.manifest.get('label_hash', '') or 'model'}"
        written = export_for_labeling(picked, output, model_version=version)
    except JixiaoError as exc:
        _fail(exc)
        return
    if picked.empty:
        typer.echo("every name in these rows is labeled already: nothing to suggest")
    else:
        typer.echo(f"{len(picked)} of {len(rows)} rows suggested (uncertainty "
                   f"{picked['uncertainty'].min():.2f}-{picked['uncertainty'].max():.2f}; predicted: "
                   + ", ".join(f"{k} {v}" for k, v in picked["predicted_l2"].value_counts().items()) + ")")
    typer.echo("wrote " + ", ".join(map(str, written)))


@app.command("pdf-text")
def pdf_text(
    file: Annotated[Path, typer.Argument(help="a .pdf document")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write the text here")] = None,
) -> None:
    """The text a PDF is read as (its tables as tab-separated cells), lines numbered as the
    `line` of its rows and rejects; personal data (names after 负责人 / 联系人, phones) blanked.

    Example: jixiao pdf-text 预算公开.pdf | less
    """
    from nlp.documents import redact_lines
    from nlp.pdf import pdf_to_text

    try:
        text = pdf_to_text(file)
    except JixiaoError as exc:
        _fail(exc)
        return
    lines = redact_lines(text).split("\n")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")
        typer.echo(f"wrote {len(lines)} lines to {output}")
        return
    for i, line in enumerate(lines, 1):
        typer.echo(f"{i:>6}  {line}")


@app.command("import-labels")
def import_labels(
    file: Annotated[Path, typer.Argument(help="labeled .xlsx/.csv, or a Label Studio JSON export")],
    labels_dir: Annotated[Path | None,
                          typer.Option(help="label folder (default: training_data/labels)")] = None,
    dry_run: Annotated[bool, typer.Option(help="validate only, write nothing")] = False,
) -> None:
    """Validate labels and append the good rows to LABELS_DIR/corrections.csv (then `jixiao train`).

    Example: jixiao import-labels out/to_label.xlsx --labels-dir training_data/labels
    """
    from nlp.labeling import append_labels
    from nlp.labeling import import_labels as run_import

    try:
        result = run_import(file)
        appended = None if dry_run or result.rows.empty else append_labels(result, labels_dir)
    except JixiaoError as exc:
        _fail(exc)
        return
    for rej in result.rejects.itertuples():
        typer.echo(f"reject: {rej.file} row {rej.row}: {rej.reason}", err=True)
    typer.echo(f"{file}: valid {len(result.rows)}, rejected {len(result.rejects)}, "
               f"unlabeled {result.unlabeled}")
    if appended is not None:
        for c in appended.conflicts.itertuples():
            typer.echo(f"conflict: {c.name}: {c.l2}/{c.concept or '-'}/{c.direction or '-'} here, "
                       f"{c.existing} in {c.in_file} (not written)", err=True)
        typer.echo(f"{appended.path}: appended {appended.appended}, already there {appended.duplicates}, "
                   f"conflicts {len(appended.conflicts)}")
    if result.rows.empty:
        raise typer.Exit(1)


@app.command()
def compare(
    run_a: Annotated[str, typer.Argument(help="mlflow run id (before)")],
    run_b: Annotated[str, typer.Argument(help="mlflow run id (after)")],
    tracking_uri: Annotated[str | None, typer.Option(help="mlflow tracking URI")] = None,
) -> None:
    """Metrics of two training runs side by side (diff = b − a), per-class F1 included.

    Example: jixiao compare 3f2c… 9ab1… --tracking-uri sqlite:///mlflow.db
    """
    from nlp.labeling import compare_runs

    try:
        table = compare_runs(run_a, run_b, tracking_uri)
    except JixiaoError as exc:
        _fail(exc)
        return
    plain = "{:.4f}".format
    typer.echo(table.to_string(formatters={"a": plain, "b": plain, "diff": "{:+.4f}".format}))


def main() -> None:
    """Entry point of the ``jixiao`` console script."""
    try:
        app()
    except JixiaoError as exc:  # pragma: no cover - commands catch their own
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
