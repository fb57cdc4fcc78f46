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


def main() -> None:
    """Entry point of the ``jixiao`` console script."""
    try:
        app()
    except JixiaoError as exc:  # pragma: no cover - commands catch their own
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
