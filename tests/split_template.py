"""Seed tables re-laid as other documents lay them out (test helpers).

Templates outside the seeds (the 2021 central one, many provinces) put the comparison
in a 指标性质 column, the number in 指标值 and the unit in 度量单位, with a 权重 column
and one half only. ``split_template`` writes real seed rows that way, so a reader can
be checked against the rows as the seed text gives them.
"""

from __future__ import annotations

import re

import pandas as pd

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]
_SIMPLE = re.compile(r"^(≥|≤|=|＝|>|<|＞|＜)?(\d+(?:\.\d+)?)([^\d≥≤=<>]{0,4})$")


def split_cells(value: str) -> tuple[str, str, str]:
    """(指标性质, 指标值, 度量单位) of a value: ``≥193人`` → ``(≥, 193, 人)``; a value
    that is not a plain number keeps its text, marked 定性."""
    m = _SIMPLE.match(value)
    if m is None:
        return "定性", value, ""
    return m.group(1) or "", m.group(2), m.group(3)


def split_template(rows: pd.DataFrame) -> list[list[str]]:
    """Grid of one table's 实施期 rows (header first); merged category cells left blank."""
    grid = [HEADER]
    last_l1 = last_l2 = None
    for r in rows.itertuples():
        l1 = r.l1_declared if r.l1_declared != last_l1 else ""
        l2 = r.l2_declared if (r.l2_declared, r.l1_declared) != (last_l2, last_l1) else ""
        last_l1, last_l2 = r.l1_declared, r.l2_declared
        nature, number, unit = split_cells(r.value)
        grid.append([l1, l2, r.name, nature, number, unit, "5"])
    return grid


def published_grids(rows: pd.DataFrame) -> list[list[list[str]]]:
    """Each table of ``rows`` (seed 004 as read) as the published grid: header block, the
    绩效指标 header row, then both halves side by side, repeated categories left blank."""
    grids = []
    for _, t in rows.groupby("table", sort=True):
        left, right = t[t["half"] == "实施期"], t[t["half"] == "年度"]
        first = t.iloc[0]
        grid = [["项目名称", first["project"]],
                ["主管部门及代码", f"{first['department_code']}-{first['department']}",
                 "实施单位", first["implementer"]],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]]
        last = ("", "", "")
        for i in range(max(len(left), len(right))):
            a = left.iloc[i] if i < len(left) else None
            b = right.iloc[i] if i < len(right) else None
            l1 = a["l1_declared"] if a is not None else ""
            l2a = a["l2_declared"] if a is not None else ""
            l2b = b["l2_declared"] if b is not None else ""
            grid.append(["", l1 if l1 != last[0] else "", l2a if (l1, l2a) != last[:2] else "",
                         a["name"] if a is not None else "", a["value"] if a is not None else "",
                         l2b if l2b != last[2] else "",
                         b["name"] if b is not None else "", b["value"] if b is not None else ""])
            last = (l1, l2a, l2b)
        grids.append(grid)
    return grids
