"""Review: flag vague and defective targets and score quality per row, table, department."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from nlp.errors import JixiaoError
from nlp.quality import INDICATOR_CHECKS, catalogue, table_findings

FINDING_COLUMNS = list(INDICATOR_CHECKS)
PARSED_FIELDS = ["operator", "lower", "upper", "unit", "unit_kind", "base_lower", "base_upper",
                 "deadline", "value_type", "direction_word"]


def _fmt(template: str, args: dict) -> str:
    try:
        return template.format(**args)
    except (KeyError, ValueError, IndexError):
        return template


def budget_year(value: Any) -> int | None:
    """A row's budget year as a number: `2024`, `2024.0`, `2024年`, `2024-2026` (the first
    year); ``None`` when it names none.

    >>> [budget_year(v) for v in (2024, 2024.0, "2024年", "2024-2026年", "abc", None, float("nan"))]
    [2024, 2024, 2024, 2024, None, None, None]
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    found = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", str(value).removesuffix(".0"))
    return int(found.group(0)) if found else None


def _parse(rows: pd.DataFrame) -> pd.DataFrame:
    from nlp.values import parse_values

    years = (rows["year"].map(budget_year) if "year" in rows.columns
             else pd.Series([None] * len(rows), index=rows.index))
    parts = []
    for year, idx in years.groupby(years.fillna(-1)).groups.items():
        y = None if year == -1 else int(year)
        parts.append(parse_values(rows.loc[idx, "value"], year=y))
    parsed = pd.concat(parts).reindex(rows.index) if parts else pd.DataFrame(index=rows.index)
    return parsed[[c for c in PARSED_FIELDS if c in parsed.columns]].add_prefix("p_")


def review(rows: pd.DataFrame, model=None, *, predict: bool = True) -> pd.DataFrame:
    """Findings per indicator row.

    Parameters
    ----------
    rows : DataFrame
        As :func:`nlp.read_tables` returns it, or just ``name`` and ``value``.
    model : IndicatorModel, optional
        Classifier for categories (default: the shipped model when present).
    predict : bool
        Set False to skip classification (rule findings only).

    Returns
    -------
    DataFrame
        Every input row in order, with predictions, parsed-value columns
        (``p_*``), one boolean column per finding, ``findings`` (codes and
        Chinese explanations) and ``score`` (0-100).

    Examples
    --------
    >>> out = review(pd.DataFrame({"name": ["群众满意度", "工作效率"], "value": ["≥90%", "提高"]}),
    ...              predict=False)
    >>> out["vague"].tolist(), out["score"].tolist()
    ([False, True], [100, 50])
    >>> out.loc[1, "findings"]
    'Q001 指标值"提高"无可量化标准，年底无法判断是否达成'
    """
    if not isinstance(rows, pd.DataFrame) or not {"name", "value"} <= set(rows.columns):
        raise JixiaoError("review needs a DataFrame with 'name' and 'value' columns")
    index = rows.index  # the caller's, given back at the end: any labels, repeated ones too
    df = rows.reset_index(drop=True)
    df["name"] = df["name"].fillna("").astype(str)
    df["value"] = df["value"].fillna("").astype(str)
    if predict:
        if model is None:
            from nlp.classify import load_model

            try:
                model = load_model()
            except JixiaoError:
                model = None
        if model is not None:  # with the evidence for each category against the declared one
            df = df.join(model.explain(df, against=df["l2_declared"] if "l2_declared" in df.columns
                                       else None))
    # a blank value whose target the name holds (`资金拨付及时率(≥95%)`, `…达到95%以上`): the
    # checks read that target as the value; the output keeps the value as the table wrote it
    from nlp.classify import target_in_name

    written = df["value"]
    df["value_in_name"] = ["" if v.strip() else target_in_name(n)
                           for n, v in zip(df["name"], written, strict=True)]
    df["value"] = df["value_in_name"].where(df["value_in_name"] != "", written)
    df = df.join(_parse(df))
    cat = catalogue()["indicator"]
    messages: list[list[str]] = [[] for _ in range(len(df))]
    penalty = np.zeros(len(df))
    for column, check in INDICATOR_CHECKS.items():
        results = check(df)
        df[column] = [r is not None for r in results]
        spec = cat[column]
        for i, args in enumerate(results):
            if args is not None:
                messages[i].append(f"{spec['code']} {_fmt(spec['message'], args)}")
                penalty[i] += spec["weight"]
    df["value"] = written
    df["findings"] = ["; ".join(m) for m in messages]
    df["score"] = np.clip(100 - penalty, 0, 100).astype(int)
    df.index = index
    return df


@dataclass
class Review:
    """A full review: rows, tables and departments; ``files`` (when the rows were read from
    documents) counts each document's tables, rows read, extracted and rejected, and names
    the error of one that could not be read; ``rejects`` are the pieces of them that could
    not be read as rows, each with its line and reason."""

    rows: pd.DataFrame
    tables: pd.DataFrame = field(default_factory=pd.DataFrame)
    departments: pd.DataFrame = field(default_factory=pd.DataFrame)
    files: pd.DataFrame = field(default_factory=pd.DataFrame)
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)


UNNAMED_DEPARTMENT = "（未注明部门）"


def department_of(rows: pd.DataFrame) -> pd.Series:
    """The department each row is counted under: its 主管部门, else its 实施单位 (a template
    that names only its unit: 预算单位, 单位名称), else ``UNNAMED_DEPARTMENT``.

    >>> rows = pd.DataFrame({"department": ["甲局", "", ""], "implementer": ["", "乙站", ""]})
    >>> department_of(rows).tolist()
    ['甲局', '乙站', '（未注明部门）']
    """
    dept = rows.get("department", pd.Series("", index=rows.index)).fillna("").astype(str)
    unit = rows.get("implementer", pd.Series("", index=rows.index)).fillna("").astype(str)
    return dept.where(dept != "", unit).replace("", UNNAMED_DEPARTMENT)


def summarize_tables(reviewed: pd.DataFrame) -> pd.DataFrame:
    """One row per project table: indicators, vague share, table findings, score."""
    cat = catalogue()["table"]
    reviewed = reviewed.assign(_department=department_of(reviewed))
    keys = [c for c in ("source", "table") if c in reviewed.columns] or None
    groups = reviewed.groupby(keys, sort=False) if keys else [((), reviewed)]
    out = []
    for key, rows in groups:
        key = key if isinstance(key, tuple) else (key,)
        found = table_findings(rows)
        penalty = sum(cat[f]["weight"] for f, _ in found)
        first = rows.iloc[0]
        out.append({
            **dict(zip(keys or [], key, strict=False)),
            "project": first.get("project", ""), "department": first["_department"],
            "year": first.get("year"), "funds_total": first.get("funds_total"),
            "indicators": len(rows), "vague_share": round(float(rows["vague"].mean()), 4),
            "defective_rows": int((rows["score"] < 100).sum()),
            "mean_indicator_score": round(float(rows["score"].mean()), 1),
            "table_findings": "; ".join(f"{cat[f]['code']} {_fmt(cat[f]['message'], a)}"
                                        for f, a in found),
            "score": round(max(0.0, float(rows["score"].mean()) - penalty), 1),
        })
    return pd.DataFrame(out)


def summarize_departments(tables: pd.DataFrame, reviewed: pd.DataFrame) -> pd.DataFrame:
    """One row per department: tables, indicators, vague share, mean table score."""
    if "department" not in tables.columns or tables.empty:
        return pd.DataFrame()
    rows = reviewed.assign(department=department_of(reviewed))
    vague = rows.groupby("department")["vague"].mean()
    out = tables.groupby("department", sort=True).agg(
        tables=("score", "size"), indicators=("indicators", "sum"), score=("score", "mean"),
        min_table_score=("score", "min"))
    out["vague_share"] = vague.reindex(out.index).round(4)
    out["score"] = out["score"].round(1)
    return out.reset_index().sort_values("score")


def run_review(rows: pd.DataFrame, model=None, predict: bool = True) -> Review:
    """Review rows and aggregate per table and per department."""
    reviewed = review(rows, model, predict=predict)
    tables = summarize_tables(reviewed)
    return Review(reviewed, tables, summarize_departments(tables, reviewed))
