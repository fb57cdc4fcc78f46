"""Reports a bureau can act on: an Excel workbook and an offline HTML report."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from nlp import lexicon
from nlp.quality import catalogue
from nlp.reviews import FINDING_COLUMNS, Review

_FILL = {"high": "F8CBAD", "medium": "FFE699", "low": "DDEBF7"}
# columns of the findings sheet, in order (those present are written)
_ROW_COLUMNS = ["source", "table", "line", "year", "project", "department_code", "department",
                "half", "l1_declared", "l2_declared", "name", "value", "value_actual", "l1", "l2",
                "l2_confidence", "l2_runner_up", "l2_runner_up_confidence", "l2_evidence",
                "l2_evidence_against", "concept", "concept_confidence", "direction", "p_operator", "p_lower",
                "p_upper",
                "p_unit", "p_unit_kind", "p_base_lower", "p_base_upper", "p_deadline", "p_value_type",
                *FINDING_COLUMNS, "score", "findings"]


def rubric() -> pd.DataFrame:
    """The scoring rubric as a table (code, level, severity, weight, message)."""
    rows = []
    for level, section in (("indicator", "indicator"), ("table", "table")):
        for key, spec in catalogue()[section].items():
            rows.append({"code": spec["code"], "level": level, "finding": key,
                         "severity": spec["severity"], "weight": spec["weight"],
                         "message": spec["message"]})
    return pd.DataFrame(rows).sort_values("code")


RUBRIC_TEXT = (
    "每个指标起始100分，每项问题按权重扣分（见下表），最低0分；"
    "每张表的得分为其指标平均分再扣除表级问题的权重；部门得分为其各表得分的平均值。"
)


def write_workbook(review: Review, path: str | Path) -> Path:
    """Findings, per-table and per-department sheets; problem cells highlighted."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = review.rows[[c for c in _ROW_COLUMNS if c in review.rows.columns]]
    sheets = {"findings": rows, "tables": review.tables, "departments": review.departments,
              "rubric": rubric()}
    if len(review.files):
        sheets["files"] = review.files
    if len(review.rejects):
        sheets["rejects"] = review.rejects
    cat = catalogue()["indicator"]
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            ws.freeze_panes = "A2"
            if len(df.columns):
                ws.auto_filter.ref = ws.dimensions
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for j, col in enumerate(df.columns, start=1):
                width = 12 if col not in ("name", "value", "findings", "project", "table_findings",
                                          "message") else 40
                ws.column_dimensions[get_column_letter(j)].width = width
        ws = xw.sheets["findings"]
        cols = {c: j for j, c in enumerate(rows.columns, start=1)}
        for i, (_, r) in enumerate(rows.iterrows(), start=2):
            worst = None
            for f in FINDING_COLUMNS:
                if f in cols and r[f]:
                    sev = cat[f]["severity"]
                    ws.cell(i, cols[f]).fill = PatternFill("solid", fgColor=_FILL[sev])
                    if worst is None or list(_FILL).index(sev) < list(_FILL).index(worst):
                        worst = sev
            if worst:
                for c in ("value", "score", "findings"):
                    if c in cols:
                        ws.cell(i, cols[c]).fill = PatternFill("solid", fgColor=_FILL[worst])
        xw.sheets["rubric"].cell(len(sheets["rubric"]) + 3, 1, RUBRIC_TEXT)
    return path


# --------------------------------------------------------------------------
# HTML


def _bars(items: list[tuple[str, float, str]], title: str, color: str = "#4c78a8") -> str:
    """A horizontal bar chart in plain HTML/CSS (the browser renders the Chinese labels)."""
    top = max((v for _, v, _ in items), default=0) or 1
    rows = "".join(
        f'<div class="bar"><span class="lbl" title="{html.escape(label)}">{html.escape(label)}</span>'
        f'<span class="track"><span class="fill" style="width:{100 * v / top:.1f}%;background:{color}">'
        f'</span></span><span class="num">{html.escape(text)}</span></div>'
        for label, v, text in items)
    return f'<figure class="chart"><figcaption>{html.escape(title)}</figcaption>{rows}</figure>'


def _codes_count(rows: pd.DataFrame) -> pd.Series:
    cat = catalogue()["indicator"]
    counts = {f"{cat[f]['code']} {f}": int(rows[f].sum()) for f in FINDING_COLUMNS if f in rows}
    return pd.Series(counts).sort_values(ascending=True)


def _table_html(df: pd.DataFrame, limit: int | None = None, cls: str = "") -> str:
    if limit is not None:
        df = df.head(limit)
    return df.to_html(index=False, escape=True, classes=cls, na_rep="", border=0,
                      float_format=lambda x: f"{x:,.4g}")


_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:22px} h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#f3f6fa;border-radius:6px;padding:10px 16px;min-width:140px}
.card b{display:block;font-size:22px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}
td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top} th{background:#eef2f7}
.charts{display:flex;flex-wrap:wrap;gap:18px} .chart{margin:0;width:460px}
figcaption{font-size:13px;color:#333;margin-bottom:6px;font-weight:bold}
.bar{display:flex;align-items:center;font-size:12px;margin:2px 0}
.lbl{width:170px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.track{flex:1;background:#eee;height:12px;margin:0 6px} .fill{display:block;height:12px}
.num{width:52px;text-align:right}
details{margin:4px 0} summary{cursor:pointer}
input#q{width:320px;padding:4px}
"""

_JS = """
function filterRows(){var q=document.getElementById('q').value.trim();
var rows=document.querySelectorAll('#findings tbody tr');
rows.forEach(function(r){r.style.display=(!q||r.textContent.indexOf(q)>=0)?'':'none';});}
"""


def _failed_html(failed: pd.DataFrame) -> str:
    """The documents that could not be read, each with its error (nothing when none)."""
    if failed.empty:
        return ""
    return (f"<h2>未读取的文件 Files not read ({len(failed):,})</h2>"
            + _table_html(failed[["source", "error"]]))


def _rejects_html(rejects: pd.DataFrame) -> str:
    """The pieces of the documents not read as rows, each with its line and reason."""
    if rejects.empty:
        return ""
    return (f"<h2>未读取的行 Rows not read ({len(rejects):,})</h2>"
            + _table_html(rejects[[c for c in ("source", "table", "line", "reason", "text")
                                   if c in rejects.columns]], limit=500))


def write_html(review: Review, path: str | Path, title: str = "绩效目标质量审核报告") -> Path:
    """A self-contained HTML report (no CDN, charts embedded)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows, tables, depts = review.rows, review.tables, review.departments
    n = len(rows)
    vague = int(rows["vague"].sum()) if n else 0

    d = depts.sort_values("vague_share", ascending=False).head(15) if len(depts) else depts
    charts = [_bars([(str(r.department), r.vague_share, f"{r.vague_share:.0%}") for r in d.itertuples()],
                    "各部门模糊指标占比（前15）share of vague targets by department")]
    if "l2" in rows.columns:
        names = {c["code"]: c["name"] for c in lexicon.taxonomy()["categories"]}
        s = rows.groupby("l2")["vague"].mean().sort_values(ascending=False)
        charts.append(_bars([(names.get(k, k), v, f"{v:.0%}") for k, v in s.items()],
                            "各类别模糊指标占比 share of vague targets by predicted category"))
    hist = pd.cut(rows["score"], bins=[-1, 19, 39, 59, 79, 99, 100],
                  labels=["0-19", "20-39", "40-59", "60-79", "80-99", "100"]).value_counts(sort=False)
    charts.append(_bars([(str(k), int(v), f"{int(v):,}") for k, v in hist.items()],
                        "指标得分分布 score distribution", color="#54a24b"))
    codes = _codes_count(rows).sort_values(ascending=False)
    charts.append(_bars([(k, int(v), f"{int(v):,}") for k, v in codes.items()],
                        "最常见问题 most common defects", color="#e45756"))
    figs = "".join(charts)
    cards = [("指标行 rows", f"{n:,}"), ("项目表 tables", f"{len(tables):,}"),
             ("部门 departments", f"{len(depts):,}"),
             ("模糊指标 vague", f"{vague:,} ({vague / n:.1%})" if n else "0"),
             ("有问题的指标 defective", f"{int((rows['score'] < 100).sum()):,}"),
             ("平均得分 mean score", f"{rows['score'].mean():.1f}" if n else "-")]
    files = review.files
    failed = files[files["error"].astype(bool)] if "error" in files.columns else files.iloc[:0]
    if len(files):
        cards.insert(0, ("文件 files", f"{len(files) - len(failed):,}"
                                       + (f" (未读取 not read: {len(failed):,})" if len(failed) else "")))
    if len(review.rejects):
        cards.insert(1, ("未读取的行 rows not read", f"{len(review.rejects):,}"))
    card_html = "".join(f'<div class="card">{html.escape(k)}<b>{html.escape(v)}</b></div>'
                        for k, v in cards)
    dept_blocks = []
    for _, d in depts.iterrows():
        t = tables[tables["department"] == d["department"]]
        dept_blocks.append(
            f"<details><summary>{html.escape(str(d['department']))} — score {d['score']}, "
            f"{int(d['tables'])} tables, vague {d['vague_share']:.0%}</summary>"
            f"{_table_html(t[['table', 'project', 'indicators', 'vague_share', 'score', 'table_findings']])}"
            "</details>")
    shown = [c for c in ("source", "table", "project", "half", "l2_declared", "l2", "name", "value",
                         "score", "findings") if c in rows.columns]
    bad = rows[rows["score"] < 100][shown]
    doc = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><style>{_CSS}</style><script>{_JS}</script></head><body>
<h1>{html.escape(title)}</h1>
<div class="cards">{card_html}</div>
{_failed_html(failed)}{_rejects_html(review.rejects)}<h2>图表 Charts</h2><div class="charts">{figs}</div>
<h2>评分规则 Rubric</h2><p>{html.escape(RUBRIC_TEXT)}</p>{_table_html(rubric())}
<h2>部门 Departments</h2>{_table_html(depts)}
<h2>各部门项目表 Tables by department</h2>{''.join(dept_blocks)}
<h2>问题指标 Defective indicators ({len(bad):,})</h2>
<p><input id="q" placeholder="筛选 filter…" oninput="filterRows()"></p>
<div id="findings">{_table_html(bad, cls="findings")}</div>
</body></html>"""
    path.write_text(doc, encoding="utf-8")
    return path
