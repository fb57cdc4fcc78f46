"""Findings on performance targets: one small ``check_*`` function per finding.

Each check takes the row frame built by :func:`nlp.reviews.review` (original
columns + ``p_*`` parsed-value columns + predictions) and returns a list with,
per row, ``None`` or the finding's message arguments. Codes, severities,
weights and message templates live in ``nlp/data/findings.yaml``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pandas as pd

from nlp import lexicon
from nlp.evidence import evidence_words
from nlp.script import simplified
from nlp.tables import squash
from nlp.train import declared_code, normalize_name

Args = dict[str, Any] | None


def catalogue() -> dict[str, Any]:
    """The findings catalogue (``findings.yaml``)."""
    return lexicon.load_yaml("findings.yaml")


def _t(key: str) -> Any:
    return catalogue()["thresholds"][key]


def _num(x: Any) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _blank(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or not str(x).strip()


# --------------------------------------------------------------------------
# Indicator checks


def check_empty_name(df: pd.DataFrame) -> list[Args]:
    return [{} if _blank(n) else None for n in df["name"]]


def check_empty_value(df: pd.DataFrame) -> list[Args]:
    return [{} if _blank(v) else None for v in df["value"]]


def check_target_in_name(df: pd.DataFrame) -> list[Args]:
    """A blank value whose target is written into the name (``value_in_name``, filled by
    :func:`nlp.reviews.review`): checkable, but in the wrong column."""
    column = df["value_in_name"] if "value_in_name" in df.columns else pd.Series("", index=df.index)
    return [{"target": t} if isinstance(t, str) and t else None for t in column]


def _measure_re() -> re.Pattern[str]:
    """A number followed by a unit of ``units.yaml``, or a calendar date, anywhere in a text."""
    spellings = sorted({s for u in lexicon.units()["units"] for s in [u["canonical"], *u["spellings"]]},
                       key=len, reverse=True)
    unit = "|".join(re.escape(s) for s in spellings)
    # a year (2023年度) is not an amount of years; a year with a month is a date
    return re.compile(rf"(?<![\d.])(?!(?:19|20)\d\d年)\d+(?:\.\d+)?(?:万|亿|千)?(?:{unit})"
                      rf"|\d{{4}}年\d{{1,2}}月")


def check_vague(df: pd.DataFrame) -> list[Args]:
    """No number, no date, no checkable status (TAXONOMY §3).

    A sentence that states a measured amount or a calendar date
    (`严格按照预算标准1000元/人兑付`, `完成时间为2022年12月30日`) names what is checked,
    so it is not vague; a restatement of the name still is.
    """
    out: list[Args] = []
    measure = _measure_re()  # built per call: the units lexicon may be swapped (lexicon.set_data_dir)
    for name, value, vtype in zip(df["name"], df["value"], df["p_value_type"], strict=True):
        if vtype not in ("qualitative", "text"):
            out.append(None)
            continue
        if vtype == "text" and measure.search(simplified(unicodedata.normalize("NFKC", str(value)))):
            out.append(None)
            continue
        v = "".join(str(value).split())
        n = "".join(str(name).split())
        if v and (v == n or (len(v) >= 4 and (v in n or n in v))):
            reason = "复述指标名称"
        elif vtype == "qualitative":
            reason = "无可量化标准"
        elif len(v) > 12:
            reason = "为描述性语句"
        else:
            reason = "无数值、时限或可核验状态"
        out.append({"value": value, "reason": reason})
    return out


_WORDS = {"increase": "越高越好（≥）", "decrease": "越低越好（≤）"}


_TRAILING_UNIT = re.compile(r"[（(][^（）()]{0,8}[)）]$")


def head_direction(name: str) -> str:
    """The direction the head of an indicator name implies (``none`` if unsure).

    The head of a Chinese noun phrase is its end: 满意度调查费用 is a cost,
    受益群众满意度 a satisfaction. A trailing unit in brackets is ignored.

    >>> head_direction("交通事故下降率"), head_direction("会议成本"), head_direction("预算项目执行度")
    ('increase', 'decrease', 'none')
    >>> head_direction("工资发放及各类保险足额率"), head_direction("成本控制差异率")
    ('increase', 'none')
    """
    n = _TRAILING_UNIT.sub("", "".join(str(name).split()))
    keywords = lexicon.direction_keywords()
    for word, direction in keywords:
        if n.endswith(word) and direction in ("increase", "decrease"):
            return direction
    # any other rate (足额率, 兑付率 …) is wanted high unless it names something unwanted
    if n.endswith(tuple(_t("rate_suffixes"))) and not any(
            d == "decrease" and w in n for w, d in keywords):
        return "increase"
    return "none"


def _unwanted_words() -> list[str]:
    """Direction keywords of things wanted low that are not money (事故, 投诉, 排放 …)."""
    money = set(_t("cost_keywords")) | set(_t("cost_head_words"))
    return [w for w, d in lexicon.direction_keywords()
            if d == "decrease" and not any(m in w for m in money)]


def expected_direction(name: str, unit_kind: Any, written: str, category: str | None,
                       upper: float | None = None) -> str:
    """What an indicator with a written bound wants (``none`` if unsure).

    The head word decides first (:func:`head_direction`). Failing that, a cost
    named anywhere in an amount of money is wanted low, and a delivered
    quantity (count, persons, area …) is wanted high unless the bound is a cap
    (funded staff, consumed inputs, unwanted events; ``quantity_cap_words``)
    or the category makes it a specification (quality, timeliness, cost).

    >>> expected_direction("按预定成本完成", "currency", "increase", None)
    'decrease'
    >>> expected_direction("法治示范场所", "count", "decrease", "output.quantity")
    'increase'
    >>> expected_direction("员额辅警人数", "person", "decrease", "output.quantity")
    'none'
    >>> expected_direction("玉米秸秆残茬高度", "length", "decrease", "output.quality")
    'none'
    >>> expected_direction("维护及时性", "duration", "decrease", "output.timeliness")
    'none'
    """
    expected = head_direction(name)
    if expected == "increase" and unit_kind in ("duration", "date"):
        return "none"  # `检测及时率 ≤7工作日`: a time limit on a timeliness measure, not a capped rate
    if expected != "none":
        return expected
    n = "".join(str(name).split())
    if unit_kind == "currency" and any(w in n for w in _t("cost_head_words")) \
            and not any(w in n for w in _t("cost_saving_words")):
        return "decrease"
    if written == "decrease" and unit_kind in _t("delivered_quantity_unit_kinds") \
            and category not in _t("quantity_spec_categories") \
            and not any(w in n for w in _t("quantity_cap_words")) \
            and not (unit_kind == "person" and any(w in n for w in _t("staff_cap_words"))) \
            and not any(w in n for w in _unwanted_words()):
        return "increase"
    if written == "decrease" and unit_kind == "percent" and upper is not None and upper >= 100 \
            and category != "cost" and not any(w in n for w in _unwanted_words()) \
            and not any(w in n for w in _t("cost_keywords")):
        return "increase"  # `灌溉站正常运行 ≤100%`: a share of something done, capped at all of it
    return "none"


def _categories(df: pd.DataFrame) -> list[str | None]:
    """The predicted 二级 of each row, else its declared one, else ``None``."""
    if "l2" in df.columns:
        return [c if isinstance(c, str) and c else None for c in df["l2"]]
    if "l2_declared" in df.columns:
        return [declared_code(d) if not _blank(d) else None for d in df["l2_declared"]]
    return [None] * len(df)


def check_direction_conflict(df: pd.DataFrame) -> list[Args]:
    """The written operator contradicts what the indicator wants (`满意度 ≤95%`, `成本 ≥300万元`,
    `法治示范场所 ≤5家`).

    Only a bound with a number counts (a comparison with a reference standard
    has no written target to contradict), and only an indicator whose name
    says what it wants (:func:`expected_direction`).
    """
    out: list[Args] = []
    kinds = df["p_unit_kind"] if "p_unit_kind" in df.columns else pd.Series([None] * len(df))
    for name, value, op, lo, hi, kind, cat in zip(df["name"], df["value"], df["p_operator"], df["p_lower"],
                                                  df["p_upper"], kinds, _categories(df), strict=True):
        if op not in (">=", ">", "<=", "<") or (_num(lo) is None and _num(hi) is None):
            out.append(None)
            continue
        v = "".join(str(value).split())
        if _LABEL_BEFORE_OPERATOR.match(v):
            out.append(None)  # the value names its own measure (`预算控制率≥95%`)
            continue
        written = "increase" if op in (">=", ">") else "decrease"
        expected = expected_direction(str(name), kind, written, cat, _num(hi))
        if expected in ("increase", "decrease") and expected != written:
            out.append({"name": name, "value": value, "expected": _WORDS[expected],
                        "written": "上限（≤）" if written == "decrease" else "下限（≥）"})
        else:
            out.append(None)
    return out


_LABEL_BEFORE_OPERATOR = re.compile(r"^[\u4e00-\u9fff]{2,}.*[≥≤><]")


def check_implausible(df: pd.DataFrame) -> list[Args]:
    """A rate above 100%, a satisfaction target below 80%, an amount far above the funds."""
    sat_words = _t("satisfaction_keywords")
    sat_min = _t("satisfaction_min_percent")
    ratio = _t("funds_ratio_max")
    out: list[Args] = []
    for _, r in df.iterrows():
        value = r["value"]
        unit = r.get("p_unit")
        lo, hi = _num(r.get("p_lower")), _num(r.get("p_upper"))
        nums = [x for x in (lo, hi) if x is not None]
        reason = None
        if unit == "%" and nums and max(nums) > 100:
            reason = f"超过100%（{max(nums):g}%）"
        elif unit == "%" and nums and any(w in str(r["name"]) for w in sat_words) and max(nums) < sat_min:
            reason = f"满意度目标低于{sat_min}%"
        elif r.get("p_unit_kind") == "currency" and str(r.get("p_unit")) == "元" and _is_cost(r):
            base = [x for x in (_num(r.get("p_base_lower")), _num(r.get("p_base_upper"))) if x is not None]
            funds = [x for x in (_num(r.get("funds_total")), _num(r.get("funds_year"))) if x]
            if base and funds and max(base) > ratio * max(funds):
                reason = (f"金额{max(base) / 1e4:,.4g}万元远超项目资金"
                          f"{max(funds) / 1e4:,.4g}万元")
        out.append({"value": value, "reason": reason} if reason else None)
    return out


def _is_cost(r: pd.Series) -> bool:
    """A cost or spending amount (a benefit such as protected property may exceed the funds)."""
    if "l2" in r.index and isinstance(r["l2"], str) and r["l2"]:
        return r["l2"] == "cost"
    return any(w in str(r["name"]) for w in _t("cost_keywords"))


def check_missing_unit(df: pd.DataFrame) -> list[Args]:
    """A number with no unit, unless the name carries it (`保障在职职工人数(人)`,
    `任务完成时限(月)`)."""
    from nlp.classify import unit_in_name

    out: list[Args] = []
    for name, value, vtype, kind, lo, hi in zip(df["name"], df["value"], df["p_value_type"],
                                                df["p_unit_kind"], df["p_lower"], df["p_upper"],
                                                strict=True):
        nums = [x for x in (_num(lo), _num(hi)) if x is not None]
        if vtype == "quantitative" and nums and any(x != 0 for x in nums) and _blank(kind) \
                and not unit_in_name(str(name)):
            out.append({"value": value})
        else:
            out.append(None)
    return out


def check_missing_operator(df: pd.DataFrame) -> list[Args]:
    """A rate target such as `95%` with no ≥/≤/=: over or under is not said."""
    suffixes = tuple(_t("rate_suffixes"))
    out: list[Args] = []
    for name, value, op, unit, lo in zip(df["name"], df["value"], df["p_operator"], df["p_unit"],
                                         df["p_lower"], strict=True):
        n = "".join(str(name).split())
        x = _num(lo)
        if (n.endswith(suffixes) or "满意度" in n) and op == "none" and unit == "%" and x is not None \
                and 0 < x < 100:
            out.append({"name": name, "value": value})
        else:
            out.append(None)
    return out


def check_category_mismatch(df: pd.DataFrame) -> list[Args]:
    if "l2" not in df.columns or "l2_declared" not in df.columns:
        return [None] * len(df)
    names = {c["code"]: c["name"] for c in lexicon.taxonomy()["categories"]}
    minimum = _t("category_mismatch_confidence")
    spec = catalogue()["indicator"]["category_mismatch"]
    evidence = df["l2_evidence"] if "l2_evidence" in df.columns else pd.Series("", index=df.index)
    against = df["l2_evidence_against"] if "l2_evidence_against" in df.columns \
        else pd.Series("", index=df.index)
    out: list[Args] = []
    for declared, pred, conf, why, versus in zip(df["l2_declared"], df["l2"], df["l2_confidence"],
                                                 evidence, against, strict=True):
        code = declared_code(declared) if not _blank(declared) else None
        if code and pred and code != pred and _num(conf) is not None and float(conf) >= minimum:
            # the words that weigh for the prediction against the declared category
            words = evidence_words(why) if versus == code and isinstance(why, str) else []
            out.append({"declared": declared, "predicted": names.get(pred, pred),
                        "confidence": float(conf),
                        "evidence": spec["evidence"].format(words="、".join(words)) if words else ""})
        else:
            out.append(None)
    return out


def check_target_not_met(df: pd.DataFrame) -> list[Args]:
    """A self-evaluation's achieved value (``value_actual``, its 实际完成值) short of the target:
    below a floor (`≥90%`, 85%), above a cap (`≤300万元`, 310万元), outside a range, a date
    after the deadline (`2023年12月底前`, 2024年2月), or short of a plain number the way the
    predicted direction wants it (`100%`, 98%: increase). Only an achieved value of the
    target's kind is compared (a percent with a percent, money with money); an achieved value
    in words says so with a shortfall word (`不合格`, `未完成`, `延期`: ``value_words.yaml``)
    that the target does not hold itself.

    >>> from nlp.reviews import review
    >>> rows = pd.DataFrame({"name": ["验收合格率", "项目成本", "完成时间", "培训人数"],
    ...                      "value": ["≥95%", "≤300万元", "2023年12月底前", "≥100人"],
    ...                      "value_actual": ["92%", "298万元", "2024年2月", "10"]})
    >>> review(rows, predict=False)["target_not_met"].tolist()
    [True, False, True, False]
    >>> rows = pd.DataFrame({"name": ["验收结果", "完成时间", "验收结果"],
    ...                      "value": ["合格", "年底前完成", "合格"],
    ...                      "value_actual": ["不合格", "未完成", "合格"]})
    >>> review(rows, predict=False)["target_not_met"].tolist()
    [True, True, False]
    """
    if "value_actual" not in df.columns:
        return [None] * len(df)
    from nlp.values import parse_value

    wants = df["direction"] if "direction" in df.columns else pd.Series("", index=df.index)
    words = sorted(lexicon.value_words()["shortfall"], key=len, reverse=True)
    shortfall = re.compile("|".join(map(re.escape, words)))
    out: list[Args] = []
    for value, actual, op, lo, hi, kind, deadline, vtype, want in zip(
            df["value"], df["value_actual"], df["p_operator"], df["p_base_lower"], df["p_base_upper"],
            df["p_unit_kind"], df["p_deadline"], df["p_value_type"], wants, strict=True):
        a = parse_value(str(actual)) if not _blank(actual) else None
        short = False
        if a is None:
            pass
        elif a.value_type != "quantitative" and (said := shortfall.search(squash(str(actual)))):
            short = said.group(0) not in squash(str(value))
        elif vtype == "deadline" and a.value_type == "deadline" and a.deadline and not _blank(deadline):
            short = op in ("<=", "<", "none") and str(a.deadline) > str(deadline)
        elif vtype == "quantitative" and a.value_type == "quantitative" and not _blank(kind) \
                and a.unit_kind == kind:
            x = a.base_lower if a.base_lower is not None else a.base_upper
            low, high = _num(lo), _num(hi)
            if x is not None:
                if op == "none":
                    op = {"increase": ">=", "decrease": "<="}.get(str(want), "")
                short = {">=": low is not None and x < low, ">": low is not None and x <= low,
                         "<=": high is not None and x > high, "<": high is not None and x >= high,
                         "=": low is not None and x != low,
                         "range": (low is not None and x < low) or (high is not None and x > high),
                         }.get(op, False)
        out.append({"actual": actual, "value": value} if short else None)
    return out


def _table_keys(df: pd.DataFrame) -> list[tuple]:
    cols = [c for c in ("source", "table", "half") if c in df.columns]
    if not cols:
        return [("",)] * len(df)
    return list(df[cols].astype(str).itertuples(index=False, name=None))


def check_duplicate(df: pd.DataFrame) -> list[Args]:
    keys = _table_keys(df)
    norm = [normalize_name(n) for n in df["name"].astype(str)]
    counts = pd.Series(list(zip(keys, norm, strict=True))).value_counts()
    out: list[Args] = []
    for k, n, name in zip(keys, norm, df["name"], strict=True):
        c = counts.get((k, n), 0)
        out.append({"name": name, "count": int(c)} if n and c > 1 else None)
    return out


def check_halves_differ(df: pd.DataFrame) -> list[Args]:
    if not {"source", "table", "half"} <= set(df.columns):
        return [None] * len(df)
    out: list[Args] = [None] * len(df)
    pos = {idx: i for i, idx in enumerate(df.index)}
    for _, t in df.groupby(["source", "table"], sort=False):
        halves = {h: g for h, g in t.groupby("half")}
        if len(halves) < 2:
            continue
        sets = {h: {(normalize_name(n), "".join(str(v).split())) for n, v in zip(g["name"], g["value"],
                                                                                   strict=True)}
                for h, g in halves.items()}
        for h, g in halves.items():
            other = [s for k, s in sets.items() if k != h][0]
            for idx, n, v in zip(g.index, g["name"], g["value"], strict=True):
                if (normalize_name(n), "".join(str(v).split())) not in other:
                    out[pos[idx]] = {"half": h}
    return out


INDICATOR_CHECKS: dict[str, Callable[[pd.DataFrame], list[Args]]] = {
    "empty_name": check_empty_name,
    "empty_value": check_empty_value,
    "target_in_name": check_target_in_name,
    "vague": check_vague,
    "direction_conflict": check_direction_conflict,
    "implausible": check_implausible,
    "missing_unit": check_missing_unit,
    "missing_operator": check_missing_operator,
    "category_mismatch": check_category_mismatch,
    "target_not_met": check_target_not_met,
    "duplicate": check_duplicate,
    "halves_differ": check_halves_differ,
}


# --------------------------------------------------------------------------
# Table checks (on the rows of one table)

_OUTPUT_DIMENSIONS = {"output.quantity": "数量", "output.quality": "质量",
                      "output.timeliness": "时效", "cost": "成本"}


def table_findings(rows: pd.DataFrame) -> list[tuple[str, dict[str, Any]]]:
    """Findings on one table, from the predicted categories of its rows."""
    found: list[tuple[str, dict[str, Any]]] = []
    cats = set(rows["l2"]) if "l2" in rows.columns else set()
    l1 = set(rows["l1"]) if "l1" in rows.columns else set()
    if cats:
        if "产出指标" not in l1 and not (cats & set(_OUTPUT_DIMENSIONS)):
            found.append(("missing_output", {}))
        else:
            missing = [v for k, v in _OUTPUT_DIMENSIONS.items() if k not in cats]
            if missing:
                found.append(("missing_output_dimension", {"missing": "、".join(missing) + "指标"}))
        if "效益指标" not in l1:
            found.append(("missing_benefit", {}))
        if "满意度指标" not in l1:
            found.append(("missing_satisfaction", {}))
    per_half = rows.groupby("half").size().max() if "half" in rows.columns else len(rows)
    if per_half < _t("min_indicators"):
        found.append(("too_few_indicators", {"count": int(per_half), "minimum": _t("min_indicators")}))
    share = float(rows["vague"].mean()) if len(rows) else 0.0
    if share > _t("vague_share_max"):
        found.append(("mostly_vague", {"share": share, "limit": _t("vague_share_max")}))
    return found
