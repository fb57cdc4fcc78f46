"""The indicator classifier: a scikit-learn pipeline, saved as a self-describing folder.

Features of an indicator row (``name`` = 三级指标, ``value`` = 指标值):

* TF-IDF over jieba tokens of the name (domain dictionary keeps 满意度, 合格率 … whole);
* TF-IDF over character n-grams of the name and of the value;
* the parsed value: operator, value type, unit kind (:func:`nlp.values.parse_values`);
* a sentence embedding of the name (:mod:`nlp.embed`, swappable by configuration).

Two logistic regressions predict the 二级 category and the canonical concept;
一级 follows from the category, the concept is kept consistent with it, and
the target direction is read from the value (operator) or, failing that, from
the concept's usual direction and the name's keywords.

The declared category of a table is *not* a feature: the prediction is an
independent reading a reviewer compares with what the table declares.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import platform
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, normalize
from sklearn.utils.validation import check_is_fitted

from nlp import lexicon
from nlp.errors import JixiaoError
from nlp.script import simplified
from nlp.tokenize import tokenize

OPERATORS = [">=", ">", "<=", "<", "=", "range", "none"]
VALUE_TYPES = ["quantitative", "deadline", "status", "qualitative", "text", "empty"]
UNIT_KINDS = ["currency", "percent", "count", "person", "duration", "date", "area", "length",
              "mass", "volume", "energy", "other"]
PREDICTION_COLUMNS = ["l1", "l2", "l2_confidence", "concept", "concept_confidence", "direction"]
EXPLANATION_COLUMNS = ["l2_runner_up", "l2_runner_up_confidence", "l2_evidence", "l2_evidence_against"]
MODEL_FORMAT = 1
# below this concept-model probability mass inside the predicted category, no concept of the
# category fits: the row gets the category's `other` concept (held-out concept accuracy is
# unchanged at 0.05; 8 of 621 held-out rows move to `other`)
CONCEPT_MIN_MASS = 0.05
# IndicatorModel.normalize keeps the declared 二级 unless the model disagrees at least this
# sure: on held-out seed rows 0.981 agreement with the policy labels (declared alone 0.970,
# model alone 0.846), on unseen other-province sources 0.901 (declared 0.897, model 0.853;
# benchmarks/bench_normalize.py)
NORMALIZE_CONFIDENCE = 0.99


# --------------------------------------------------------------------------
# Transformers (sklearn contract: __init__ stores, fit learns, state ends in _)


def _column_text(X: Any, column: str) -> list[str]:
    if isinstance(X, pd.DataFrame):
        if column not in X.columns:
            return [""] * len(X)
        # (a str is taken as it is: pd.isna on each of 10,000 cells cost a tenth of a prediction)
        return [v if type(v) is str else "" if pd.isna(v) else str(v) for v in X[column].tolist()]
    raise JixiaoError(f"expected a DataFrame with a '{column}' column, got {type(X).__name__}")


_MARKS = re.compile(r"[★☆※▲△●○◆◇■□*＊\s]")


# template furniture around a name: a numbering prefix (指标1:, 指标7., 1、, (一)) and a
# placeholder target left in by a form (`种植作物成活率(≥**%)`, `受益人口数≥**人`)
_NUMBERING = re.compile(
    r"^(?:指标\d+[:.、]?|指标[一二三四五六七八九十]{1,3}[:.、]|第[\d一二三四五六七八九十]{1,3}项[:.、]"
    r"|\d{1,2}[、.:)\-](?!\d)|\(\w{1,2}\)\.?|[一二三四五六七八九十]{1,2}[、.]|[一二三四五六七八九十]{1,2}是"
    r"|[A-Za-z][.、)](?![\dA-Za-z])|[#•·\-—–、,;:]+)")
# (a unit may follow the asterisks only at the end of the name; inside it, `**` stands for
# the item a library template leaves open: 购置**的质量合格率 is 购置的质量合格率)
_PLACEHOLDER = re.compile(
    r"\([≥≤><=]*\*{2,}[^()]{0,8}\)|[≥≤><=]*\*{2,}[^()*]{0,4}(?=[。.;；]?$)|\*{2,}")
# a target's form with its number left out, an operator and a unit alone in brackets at the
# end of the name (`消毒机(≥台)`, `投入资金(≥万元)`, as `(≥**台)` without the asterisks):
# a placeholder when the units lexicon knows the unit
_OPERATOR_UNIT = re.compile(r"\(([≥≤><=≧≦]{1,2})([^()\d*≥≤><=≧≦]{1,6})\)$")
# a target written into the name as a form prints it (`资金拨付及时率(≥95%)`), and a
# circled numbering mark (`①`, which NFKC would turn into a digit glued to the name)
_NAME_TARGET = re.compile(r"\(([≥≤><=≧≦]{0,2})([\d.]+)([^()\d][^()]{0,7})?\)$")
# the same target glued to the name without brackets: `资金拨付及时率≥95%` (an operator is
# required: `达标率100%` keeps its number)
_GLUED_TARGET = re.compile(r"(?<=[\u4e00-\u9fff)])([≥≤><=≧≦]{1,2})([\d.]+)([^()\d≥≤><=≧≦][^()]{0,7})?$")
# the same target after a colon (`资金拨付及时率:≥95%`, `培训人数:200人`: a name and its
# value typed into one cell); without an operator the unit must be one the lexicon knows
_COLON_TARGET = re.compile(r"(?<=[\u4e00-\u9fff)]):([≥≤><=≧≦]{0,2})([\d.]+)([^()\d≥≤><=≧≦][^()]{0,7})?$")
_CIRCLED = re.compile(r"^[\u2460-\u2473\u2776-\u277f\u24f5-\u24fe]")
# sentence punctuation closing a (folded) name: `增加就业机会,提高农民收入。`, `资金拨付及时率;`.
# A transcriber's habit, not the indicator's: before, a name read with it changed its
# category on about 5 % of rows (`python benchmarks/bench_templates.py`)
_CLOSING_PUNCTUATION = re.compile(r"[。.;:,、!?]+$")


def clean_name(name: str) -> str:
    """A name as the features see it: NFKC, simplified characters, no spaces, no ★-style
    marks, numbering or placeholder targets.

    >>> clean_name("★ 受益群众满意度（％）")
    '受益群众满意度(%)'
    >>> clean_name("指标1:食品安全监管人员培训"), clean_name("种植作物成活率(≥**%)")
    ('食品安全监管人员培训', '种植作物成活率')
    >>> clean_name("中職免學費應受助學生數")
    '中职免学费应受助学生数'
    >>> clean_name("購置**的質量合格率(%)"), clean_name("受益人口数≥**人")
    ('购置的质量合格率(%)', '受益人口数')
    >>> clean_name("收益人群满意度"), clean_name("村级光伏电站年收益")
    ('受益人群满意度', '村级光伏电站年收益')
    >>> clean_name("【新增】学校安全管理体系"), clean_name("★受益群众满意度（核心指标）")
    ('学校安全管理体系', '受益群众满意度')
    >>> clean_name("增加就业机会，提高农民收入。"), clean_name("资金拨付及时率（≥95%）；")
    ('增加就业机会,提高农民收入', '资金拨付及时率')
    >>> [clean_name(n) for n in ["1）培训人数", "指标一：培训人数", "一是培训人数", "•培训人数",
    ...                          "其中：中央资金到位率", "指标一致率", "A级景区数量"]]
    ['培训人数', '培训人数', '培训人数', '培训人数', '中央资金到位率', '指标一致率', 'A级景区数量']
    >>> clean_name("“资金拨付及时率”"), clean_name("“三公”经费控制率")
    ('资金拨付及时率', '“三公”经费控制率')
    >>> clean_name("消毒机(≥台)"), clean_name("投入资金(≥万元)"), clean_name("建设项目个数(含续建)")
    ('消毒机', '投入资金', '建设项目个数(含续建)')
    """
    n = _PLACEHOLDER.sub("", _folded(_CIRCLED.sub("", name.strip())))
    if (blank := _operator_unit(n)) is not None:
        n = n[: blank.start()]
    target = _written_target(n)
    n = _MARKS.sub("", n[: target.start] if target else n)
    n = _unclosed(_unquoted(_without_tags(n)))
    for typo, word in lexicon.name_typos():
        if typo in n:
            n = n.replace(typo, word)
    return _NUMBERING.sub("", _without_lead_in(n)) or n


# a whole name in quotes (a transcriber's or a Word table's `“资金拨付及时率”`); quotes inside
# a name (`“三公”经费控制率`) are the name's own
_QUOTE_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u300c": "\u300d", "\u300e": "\u300f",
                '"': '"', "'": "'"}


def _unquoted(name: str) -> str:
    """``name`` without quotes around the whole of it.

    >>> _unquoted("“离任“两委”主干”"), _unquoted("“两委”主干“补贴”"), _unquoted('"及时率"')
    ('离任“两委”主干', '“两委”主干“补贴”', '及时率')
    """
    from nlp.values import without_enclosing

    return without_enclosing(name, _QUOTE_PAIRS)


def _without_lead_in(name: str) -> str:
    """``name`` without a lead-in word before it (``spelling.yaml``: ``name_lead_ins``):
    `其中:中央资金到位率`, `三级指标:培训人数`; nothing when the word is the whole name.

    >>> _without_lead_in("其中:中央资金到位率"), _without_lead_in("其中")
    ('中央资金到位率', '其中')
    """
    for word in lexicon.name_lead_ins():
        if name.startswith(word) and len(name) > len(word):
            rest = name[len(word):].lstrip(":,、.")
            return rest or name
    return name


def _unclosed(folded: str) -> str:
    """``folded`` without the sentence punctuation closing it (the whole of it when nothing
    else is left)."""
    return _CLOSING_PUNCTUATION.sub("", folded) or folded


def _without_tags(name: str) -> str:
    """``name`` without a bracketed template tag (``spelling.yaml: name_tags``) at its start
    or end: `【新增】资金拨付及时率`, `受益群众满意度(必填)`; the name itself is kept whole.

    >>> _without_tags("【新增】资金拨付及时率"), _without_tags("满意度(必填)"), _without_tags("(必填)")
    ('资金拨付及时率', '满意度', '(必填)')
    """
    pattern = _tag_pattern(lexicon.name_tags())
    out = pattern.sub("", name) if pattern is not None else name
    return out or name


@functools.lru_cache(maxsize=4)
def _tag_pattern(tags: tuple[str, ...]) -> re.Pattern | None:
    if not tags:
        return None
    words = "|".join(re.escape(t) for t in tags)
    return re.compile(rf"^[(\[【](?:{words})[)\]】]|[(\[【](?:{words})[)\]】]$")


@dataclass(frozen=True)
class _Target:
    """A target written into a name: where it starts, operator (≥ ≤ …), number, unit."""

    start: int
    op: str
    number: str
    unit: str

    @property
    def text(self) -> str:
        return self.op + self.number + self.unit


def _written_target(folded: str) -> _Target | None:
    """A target written at the end of a (folded) name: in brackets, an operator and a number
    (`(≥95%)`) or a number and a unit the units lexicon knows (`(100%)`, `(1657座)`; a year,
    `(2024年)`, is none); glued to the name, an operator, a number and a known unit or none
    (`及时率≥95%`).

    >>> [_written_target(n).text if _written_target(n) else None
    ...  for n in ["及时率(≥95%)", "及时率(100%)", "项目(2024年)", "费(一期)", "及时率≧95%", "达标率100%",
    ...            "及时率:≥95%", "培训人数:200人", "项目:2024"]]
    ['≥95%', '100%', None, None, '≥95%', None, '≥95%', '200人', None]
    """
    m = _NAME_TARGET.search(folded)
    if m is None:
        m = _GLUED_TARGET.search(folded) or _COLON_TARGET.search(folded)
        if m is None or (m.group(3) and not _is_unit(m.group(3))) \
                or not (m.group(1) or m.group(3)):
            return None
    elif not m.group(1) and not (m.group(3) and _is_unit(m.group(3))):
        return None
    unit = m.group(3) or ""
    if unit.startswith("年") and re.fullmatch(r"(19|20)\d\d", m.group(2)):
        return None
    from nlp.values import normalize_value

    return _Target(m.start(), normalize_value(m.group(1)), m.group(2), unit)  # ≧ → ≥ as values read


def _worded_target(folded: str) -> _Target | None:
    """A target glued to the end of a name with operator words (``value_words.yaml``,
    ``operators``) rather than a sign: `资金拨付及时率达到95%以上`, `培训人数不少于200人`,
    `满意度90%以上`. The number must follow the name's last character, the unit must be one
    the units lexicon knows (or none), and the words must give an operator (`左右` does not).

    >>> [_worded_target(n).text if _worded_target(n) else None for n in
    ...  ["及时率达到95%以上", "培训人数不少于200人", "满意度90%以上", "年龄60岁以上老人", "达标率100%",
    ...   "误差100米左右"]]
    ['≥95%', '≥200人', '≥90%', None, None, None]
    """
    from nlp.values import parse_value

    ops = lexicon.value_words()["operators"]
    m = _worded_pattern(tuple(w["word"] for w in ops["prefix"]), tuple(ops["suffix"])).search(folded)
    if m is None or not (m.group(1) or m.group(4)) or (m.group(3) and not _is_unit(m.group(3))):
        return None
    parsed = parse_value(m.group(0))
    if parsed.value_type != "quantitative" or parsed.operator not in OPERATOR_SIGNS:
        return None
    return _Target(m.start(), OPERATOR_SIGNS[parsed.operator], m.group(2), m.group(3))


@functools.lru_cache(maxsize=4)
def _worded_pattern(prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern:
    """The pattern of :func:`_worded_target` for the operator words of ``value_words.yaml``
    (built once per lexicon, as :func:`_tag_pattern`)."""
    before = "|".join(map(re.escape, sorted(prefixes, key=len, reverse=True)))
    after = "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True)))
    return re.compile(rf"(?<=[\u4e00-\u9fff)])({before})?(\d+(?:\.\d+)?)([^\d≥≤><=.]{{0,7}}?)"
                      rf"({after})?$")


def target_in_name(name: str) -> str:
    """The target a name holds at its end, as a value reads (``""`` when none): in brackets
    (`资金拨付及时率(≥95%)`, `改厕数量(1657座)`), glued with a sign (`及时率≥95%`) or with
    operator words (`及时率达到95%以上`). Templates that leave 指标值 blank write it so.

    >>> [target_in_name(n) for n in ["及时率（≧95%）", "及时率达到95%以上", "培训人数", "项目(2024年)"]]
    ['≥95%', '≥95%', '', '']
    """
    from nlp.values import normalize_value

    found = _end_target(name)
    return normalize_value(found[1].text) if found else ""


def worded_target_moved(name: str, value: str) -> tuple[str, str]:
    """A row whose value is blank and whose name ends in a target written with operator
    words, with the target moved into the value: (`资金拨付及时率达到95%以上`, ``""``) →
    (`资金拨付及时率`, `≥95%`). Other rows are returned as they are: with a value, such a
    tail is a criterion of the name (`连续任职农村党支部书记20年以上`, `500元/月`).

    >>> worded_target_moved("资金拨付及时率达到95%以上", ""), worded_target_moved("任职30年以上", "500元")
    (('资金拨付及时率', '≥95%'), ('任职30年以上', '500元'))
    """
    if value.strip() or (found := _end_target(name, worded_only=True)) is None:
        return name, value
    folded, target = found
    return folded[: target.start], target.text


def _end_target(name: str, worded_only: bool = False) -> tuple[str, _Target] | None:
    """The folded name and the target at its end (written with operator words only, when
    ``worded_only``), if a name of at least two characters is left before it."""
    folded = _folded(name)
    target = (None if worded_only else _written_target(folded)) or _worded_target(folded)
    return (folded, target) if target is not None and target.start >= 2 else None


def _folded(text: str) -> str:
    """NFKC, simplified characters, no whitespace and no closing sentence punctuation: the
    surface names are matched on."""
    return _unclosed(simplified("".join(unicodedata.normalize("NFKC", text).split())))


# a unit in brackets at the end of a name: `(人)`, `[%]`, `【万元】`, `(单位:人次)`
_TRAILING_UNIT = re.compile(r"[(\[【](?:单位[:]?)?([^()\[\]【】]{1,12})[)\]】]$")
# the same unit after `单位:` or a slash, unbracketed: `培训人数,单位:人次`, `资金拨付及时率/%`
_SEPARATED_UNIT = re.compile(r"(?P<sep>,?单位:?|/)(?P<unit>[^/,:()]{1,6})$")
_BARE_NUMBER = re.compile(r"^[≥≤<>=]*[\d.]+$")
# an all-zero decimal fraction: `40.0000` (a database export) → `40`, `100.00%` → `100%`
# (`2024.10`, a date, and `95.50` keep theirs)
_TRAILING_ZEROS = re.compile(r"(?<![\d.])(\d+)\.0+(?![\d.])")


def _names_before_slash(stem: str) -> bool:
    """Whether ``stem``, written before `/unit`, is a name and not the first half of a
    compound unit (`生均经费元/生/年`, `防疫室84平米/元`): no slash in it, and its last
    character no unit unless a measure ends it (`满意度/%`: 度 is also a unit)."""
    return len(stem) >= 2 and "/" not in stem and not stem[-1].isdigit() and (
        not _is_unit(stem[-1]) or stem.endswith(lexicon.measure_suffixes()))


def split_name_unit(name: str) -> tuple[str, str]:
    """A cleaned name and the unit some templates write into it: at its end in brackets,
    a bare `%` at its end, or inside a placeholder target (`苗木成活率(≥**%)`). Only a unit the units lexicon
    knows counts (`(按月平均)` is no unit).

    >>> split_name_unit("★保障在职职工人数（人）")
    ('保障在职职工人数', '人')
    >>> split_name_unit("项目总投入(≥**万元)"), split_name_unit("会议成本")
    (('项目总投入', '万元'), ('会议成本', ''))
    >>> split_name_unit("服务对象满意度%"), split_name_unit("达标率100%")
    (('服务对象满意度', '%'), ('达标率100%', ''))
    >>> split_name_unit("培训人数（单位：人次）"), split_name_unit("①资金拨付及时率【%】")
    (('培训人数', '人次'), ('资金拨付及时率', '%'))
    >>> split_name_unit("资金拨付及时率（≧95%）")
    ('资金拨付及时率', '%')
    >>> [split_name_unit(n) for n in ["资金拨付及时率/%", "培训人数，单位：人次", "生均经费元/生/年"]]
    [('资金拨付及时率', '%'), ('培训人数', '人次'), ('生均经费元/生/年', '')]
    """
    n = clean_name(name)
    m = _TRAILING_UNIT.search(n)
    if m and _is_unit(m.group(1)):
        return n[: m.start()], m.group(1)
    m = _SEPARATED_UNIT.search(n)
    if m and _is_unit(m.group("unit")) and (m.group("sep") != "/" or _names_before_slash(n[: m.start()])):
        return n[: m.start()], m.group("unit")
    if len(n) > 1 and n.endswith("%") and not n[-2].isdigit():
        return n[:-1], "%"  # `服务对象满意度%`; `达标率100%` keeps its number
    return n, placeholder_target(name)[1]


def unit_in_name(name: str) -> str:
    """The unit a name gives its values: :func:`split_name_unit`'s, or a denominator word of
    ``units.yaml`` alone in brackets at its end (`任务完成时限(月)`: a bare `10` counts months;
    :func:`split_name_unit` leaves it on the name, since `10月` after a number may be a date).

    >>> unit_in_name("任务完成时限（月）"), unit_in_name("培训人数(人次)"), unit_in_name("会议成本")
    ('月', '人次', '')
    """
    unit = split_name_unit(name)[1]
    if unit:
        return unit
    m = _TRAILING_UNIT.search(clean_name(name))
    return m.group(1) if m and m.group(1) in lexicon.units()["denominators"] else ""


def _is_unit(text: str) -> bool:
    """Whether ``text`` is written only of units of ``units.yaml``: one unit (`万元`), a
    compound (`元/人·月`) or alternatives (`台/件/辆/套`, `元/台、件`), in either script;
    `按月平均` and `一期工程` are no units.

    >>> _is_unit("台/件/辆/套"), _is_unit("万元"), _is_unit("一期工程"), _is_unit("%")
    (True, True, False, True)
    >>> _is_unit("件/個/份")  # traditional characters read as simplified
    True
    """
    data = lexicon.units()  # spellings in lower case, multipliers, denominators
    units, dens, mults = data["spellings"], data["denominators"], data["multipliers"]

    def unit(p: str) -> bool:
        return p in units or (p[:1] in mults and p[1:] in units)

    parts = [p for p in re.split(r"[/、·,]|每", simplified(text).lower()) if p]
    # the first part must be a unit; a denominator alone (`(月)`) may be a month
    return 0 < len(parts) <= 6 and unit(parts[0]) and all(
        unit(p) or p in dens or (p[:1] in mults and p[1:] in dens) for p in parts[1:])


def _operator_unit(folded: str) -> re.Match | None:
    """An operator and a known unit alone in brackets ending a folded name (`(≥台)`)."""
    m = _OPERATOR_UNIT.search(folded)
    return m if m is not None and _is_unit(m.group(2)) else None


def placeholder_target(name: str) -> tuple[str, str]:
    """The operator and the unit of a placeholder target in a name, ``""`` for each that
    is missing (the unit only when the units lexicon knows it).

    >>> placeholder_target("成活率(≥**%)"), placeholder_target("会议成本")
    (('≥', '%'), ('', ''))
    >>> placeholder_target("资金拨付及时率（≧95%）"), placeholder_target("成本(≤500万元)")
    (('≥', '%'), ('≤', '万元'))
    >>> [placeholder_target(n) for n in ("消毒机(≥台)", "投入资金(≧万元)", "建设(含续建)")]
    [('≥', '台'), ('≥', '万元'), ('', '')]
    """
    folded = _folded(name)
    target = _written_target(folded)
    if target is not None:  # a written target: `(≥95%)`
        return target.op, (target.unit if _is_unit(target.unit) else "")
    if (blank := _operator_unit(folded)) is not None:  # `(≥台)`
        return blank.group(1).replace("≧", "≥").replace("≦", "≤"), blank.group(2)
    m = _PLACEHOLDER.search(folded)
    if m is None:
        return "", ""
    op = re.match(r"\(?([≥≤><=]*)", m.group(0))
    unit = re.sub(r"[()≥≤><=*]", "", m.group(0))
    return (op.group(1) if op else ""), (unit if _is_unit(unit) else "")


# Each pipeline reads the name and value of a row through several of its feature blocks,
# and a model holds three pipelines: the cleaned name and value of each distinct string
# are kept, for as long as the lexicons they were read with stay loaded
_MEMO: dict[str, Any] = {"lexicons": None, "names": {}, "values": {}, "analyses": {}}
_MEMO_MAX = 500_000


def _memo(kind: str) -> dict:
    lexicons = (lexicon.units(), lexicon.value_words(), lexicon.name_typos(), lexicon.name_tags(),
                lexicon.name_lead_ins(), lexicon.jieba_userdict())
    state = _MEMO["lexicons"]
    if state is None or any(a is not b for a, b in zip(state, lexicons, strict=True)):
        _MEMO.update(lexicons=lexicons, names={}, values={}, analyses={})
    table = _MEMO[kind]
    if len(table) > _MEMO_MAX:
        table.clear()
    return table


def _name_parts(name: str, memo: dict) -> tuple[str, str]:
    hit = memo.get(name)
    if hit is None:
        hit = memo[name] = split_name_unit(name)
    return hit


def name_text(X: Any) -> list[str]:
    """The 三级指标 column of ``X``, cleaned, a trailing ``(unit)`` removed."""
    memo = _memo("names")
    return [_name_parts(n, memo)[0] for n in _column_text(X, "name")]


def value_text(X: Any) -> list[str]:
    """The 指标值 column as the parser normalizes it (≧ → ≥, => → ≥, 百分比 → %); a bare
    number takes the unit written in the name (`保障在职职工人数(人)` + `120` → `120人`), a
    percentage after a name of a rate (`units.yaml: percent_name_suffixes`) and
    the operator of a placeholder target (`苗木成活率(≥**%)` + `85` → `≥85%`); an empty value
    reads a target written into the name (`资金拨付及时率(≥95%)`).

    >>> value_text(pd.DataFrame({"name": ["满意度（百分比）", "人数"], "value": ["≧90", "90百分比"]}))
    ['≥90%', '90%']
    >>> value_text(pd.DataFrame({"name": ["a", "b", "c"], "value": ["40.0000", "≥100.00%", "2024.10"]}))
    ['40', '≥100%', '2024.10']
    >>> value_text(pd.DataFrame({"name": ["学时占比", "课程数量"], "value": ["20.0000", "≥4"]}))
    ['20%', '≥4']
    >>> value_text(pd.DataFrame({"name": ["及时率（≧95%）", "及时率(≥95%)", "人数(单位:人)"],
    ...                          "value": ["95", "", "12"]}))
    ['≥95%', '≥95%', '12人']
    """
    memo, names = _memo("values"), _memo("names")
    out = []
    for name, value in zip(_column_text(X, "name"), _column_text(X, "value"), strict=True):
        v = memo.get((name, value))
        if v is None:
            v = memo[(name, value)] = _value_text(name, value, names)
        out.append(v)
    return out


def _value_text(name: str, value: str, names: dict) -> str:
    from nlp.values import normalize_value, parse_value, value_core

    v = _TRAILING_ZEROS.sub(r"\1", value_core(value))
    if not v and (target := _written_target(_folded(name))):  # `及时率(≥95%)`, no value
        v = normalize_value(target.text)
    stem, name_unit = _name_parts(name, names)
    unit = re.split("[、,]", name_unit)[0]  # 元/台、件 → 元/台
    if _BARE_NUMBER.match(v):
        if not unit and stem.endswith(tuple(lexicon.units().get("percent_name_suffixes") or ())):
            unit = "%"
        v = v + unit
        op = placeholder_target(name)[0]
        v = op + v if op and not re.match(r"[≥≤<>=]", v) else v
    p = parse_value(v)
    if p.unit_kind == "percent" and p.unit_raw and p.unit_raw != p.unit and p.unit_raw in v:
        v = v.replace(p.unit_raw, p.unit)  # `90百分比` reads as `90%`
    return _signed(_in_digits(v, p), p)


def _in_digits(v: str, parsed: Any) -> str:
    """A quantitative value written in Chinese numerals, in digits, when the parser reads
    both alike (`≥百分之九十` → `≥90%`, `两个` → `2个`); other values as they are. Before, the
    shipped model changed the 二级 of 1.5 % of 479 values so rewritten.

    >>> from nlp.values import parse_value
    >>> [_in_digits(v, parse_value(v)) for v in ["≥百分之九十", "两个", "三至五个", "≥90%", "一次性"]]
    ['≥90%', '2个', '3-5个', '≥90%', '一次性']
    """
    from nlp.values import parse_value, reads_alike

    if parsed.value_type != "quantitative" or any(c.isdigit() for c in v) or not parsed.unit_raw \
            or parsed.lower is None and parsed.upper is None:
        return v

    def number(x: float) -> str:
        return f"{x:.6f}".rstrip("0").rstrip(".")

    sign = OPERATOR_SIGNS.get(parsed.operator, "")
    if parsed.operator == "range" and parsed.lower is not None and parsed.upper is not None:
        body = f"{number(parsed.lower)}-{number(parsed.upper)}"
    else:
        body = number(parsed.lower if parsed.lower is not None else parsed.upper)
    unit = parsed.unit if parsed.unit_kind == "percent" else parsed.unit_raw
    candidate = sign + body + unit
    return candidate if reads_alike(parse_value(candidate), parsed) else v


# the parser's operators as the signs written in values
OPERATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


def _signed(v: str, parsed: Any) -> str:
    """A value whose operator is written in words, with the sign instead (`不低于95%`,
    `95%以上` → `≥95%`), when the parser reads both alike; other values as they are.

    >>> from nlp.values import parse_value
    >>> [_signed(v, parse_value(v)) for v in ["不低于95%", "达95%以上", "10万元以内", "7日内", "提高"]]
    ['≥95%', '≥95%', '≤10万元', '7日内', '提高']
    """
    from nlp.values import parse_value, reads_alike

    if parsed.operator not in OPERATOR_SIGNS or parsed.value_type != "quantitative":
        return v
    ops = lexicon.value_words()["operators"]
    bodies = [v] + [v[len(w["word"]):] for w in ops["prefix"] if v.startswith(w["word"])]
    bodies += [b[: -len(word)] for b in bodies for word in ops["suffix"] if b.endswith(word)]
    candidates = [OPERATOR_SIGNS[parsed.operator] + b for b in bodies if b[:1].isdigit()]
    for c in sorted(candidates, key=len):
        if reads_alike(parse_value(c), parsed):
            return c
    return v


class ValueFeatures(TransformerMixin, BaseEstimator):
    """One-hot operator, value type and unit kind of the parsed value.

    With ``mark_zero``, one more column marks a target of zero (`0次`, `=0`, `≤0%`): an
    incident, complaint or defect count, never an amount delivered.

    >>> ValueFeatures().fit_transform(pd.DataFrame({"value": ["≥90%", "年底前"]})).shape
    (2, 25)
    >>> ValueFeatures(mark_zero=True).fit_transform(pd.DataFrame({"value": ["0次", "10次"]}))[:, -1]
    array([1., 0.], dtype=float32)
    """

    def __init__(self, mark_zero: bool = False) -> None:
        self.mark_zero = mark_zero

    def fit(self, X: Any, y: Any = None) -> ValueFeatures:
        self.n_features_out_ = len(OPERATORS) + len(VALUE_TYPES) + len(UNIT_KINDS) + int(self.mark_zero)
        return self

    def transform(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "n_features_out_")
        from nlp.values import parse_values

        parsed = parse_values(pd.Series(value_text(X)))
        out = np.zeros((len(parsed), self.n_features_out_), dtype=np.float32)
        blocks = [(parsed["operator"], OPERATORS, 0),
                  (parsed["value_type"], VALUE_TYPES, len(OPERATORS)),
                  (parsed["unit_kind"], UNIT_KINDS, len(OPERATORS) + len(VALUE_TYPES))]
        for col, vocab, offset in blocks:
            index = {v: i for i, v in enumerate(vocab)}
            for row, v in enumerate(col.tolist()):
                if v in index:
                    out[row, offset + index[v]] = 1.0
        if getattr(self, "mark_zero", False):  # models saved before the column have no attribute
            zero = (parsed["lower"] == 0) | (parsed["upper"] == 0)
            out[:, -1] = (zero & (parsed["value_type"] == "quantitative")).to_numpy(dtype=np.float32)
        return out


class EmbeddingFeatures(TransformerMixin, BaseEstimator):
    """Sentence embeddings of the name, from :func:`nlp.embed.get_embedder`.

    Parameters
    ----------
    model : str or None
        A sentence-transformers model name or path, or one of jixiao's
        embedders (``None`` = the configured default). Only the name is
        saved with the pipeline; the embedder is loaded on first use.
    weight : float
        Scale of the (L2-normalized) embedding block next to the TF-IDF blocks.
    """

    def __init__(self, model: str | None = None, weight: float = 1.0) -> None:
        self.model = model
        self.weight = weight

    def fit(self, X: Any, y: Any = None) -> EmbeddingFeatures:
        from nlp.embed import get_embedder

        emb = get_embedder(self.model)
        self.model_name_ = emb.name
        self.dim_ = int(emb.dim)
        return self

    def transform(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "dim_")
        from nlp.embed import get_embedder

        vectors = get_embedder(self.model_name_).encode(name_text(X))
        if vectors.shape[1] != self.dim_:
            raise JixiaoError(f"embedder {self.model_name_} gives {vectors.shape[1]} dimensions, "
                              f"the model was trained with {self.dim_}")
        return (normalize(vectors) * self.weight).astype(np.float32)


def head_features(name: str) -> list[str]:
    """The head of a name: its last word and last 1-4 characters.

    A Chinese noun phrase ends in its head (资金拨付**及时率**, 受益群众**满意度**,
    项目总**成本**), which decides the category far more than the words before
    it; marking the end lets the model weigh it apart from the same characters
    elsewhere (满意度调查**费用** is a cost).

    >>> head_features("资金拨付及时率")
    ['W:及时率', 'S1:率', 'S2:时率', 'S3:及时率', 'S4:付及时率']
    """
    words = [w for w in tokenize(name) if not re.fullmatch(r"[\d.%≥≤<>=+-]+", w)]
    out = [f"W:{words[-1]}"] if words else []
    return out + [f"S{k}:{name[-k:]}" for k in range(1, 5) if len(name) >= k]


class KeywordFeatures(TransformerMixin, BaseEstimator):
    """Votes of the taxonomy's concept keywords for their category, keeping only the
    keywords the training labels bear out.

    A prior from the curated taxonomy that reaches names training never saw (水质,
    增收, 长效 …). Some keywords name a subject (学生, 居民, 工程) that picks a
    concept inside a category but misleads across categories; ``fit`` drops a
    keyword when at least ``min_support`` training names contain it and less than
    ``min_purity`` of them carry its category. Concept labels count as their category.

    Parameters
    ----------
    min_purity : float
        Share of a keyword's training names that must carry its category.
    min_support : int
        Keywords found in fewer training names are kept as the taxonomy has them.
    column : str
        ``"name"`` (the 三级指标) or ``"value"`` (the 指标值 as :func:`value_text` reads it:
        `经济效益良好`, `持续影响`); the filter then counts the rows whose value holds a keyword.

    >>> X = pd.DataFrame({"name": ["群众满意度", "村民满意度", "群众受益人数", "群众出行"] * 2})
    >>> f = KeywordFeatures().fit(X, ["satisfaction.service", "satisfaction.service",
    ...                                "output.quantity", "benefit.social"] * 2)
    >>> "群众" in {w for w, _ in f.keywords_}, "满意度" in {w for w, _ in f.keywords_}
    (False, True)
    """

    def __init__(self, min_purity: float = 0.6, min_support: int = 3, column: str = "name") -> None:
        self.min_purity = min_purity
        self.min_support = min_support
        self.column = column

    def _text(self, X: Any) -> list[str]:
        return value_text(X) if getattr(self, "column", "name") == "value" else name_text(X)

    def fit(self, X: Any, y: Any = None) -> KeywordFeatures:
        names = self._text(X)
        pairs = lexicon.concept_keywords()
        self.categories_ = sorted({cat for _, cat in pairs})
        keep = list(pairs)
        if y is not None and self.min_purity > 0:  # a purity of 0 keeps every keyword
            concept_cat = lexicon.concept_categories()
            labels = np.array([concept_cat.get(v, v) for v in y], dtype=object)
            keep = []
            for word, cat in pairs:
                hit = np.fromiter((word in n for n in names), dtype=bool, count=len(names))
                if hit.sum() < self.min_support or (labels[hit] == cat).mean() >= self.min_purity:
                    keep.append((word, cat))
        self.keywords_ = [[str(w), str(c)] for w, c in keep]
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(self._counts(names))
        return self

    def _counts(self, names: list[str]) -> Any:
        """One 0/1 column per category: whether any of its keywords is in the name. Each
        category's keywords are searched as one regular expression (about 420 keywords: one
        substring test each took a fifth of predicting 10,000 new names)."""
        column = {c: i for i, c in enumerate(self.categories_)}
        words: dict[int, list[str]] = {}
        for word, cat in self.keywords_:
            words.setdefault(column[cat], []).append(word)
        patterns = [(c, re.compile("|".join(map(re.escape, words[c])))) for c in sorted(words)]
        rows, cols = [], []
        for r, name in enumerate(names):
            for c, pattern in patterns:
                if pattern.search(name):
                    rows.append(r)
                    cols.append(c)
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                 shape=(len(names), len(self.categories_)))

    def transform(self, X: Any) -> Any:
        check_is_fitted(self, "keywords_")
        return self.tfidf_.transform(self._counts(self._text(X)))


# the parameters of a vectorizer that decide how a text is cut into terms
_ANALYSIS_PARAMS = ("input", "encoding", "decode_error", "strip_accents", "lowercase",
                    "preprocessor", "tokenizer", "analyzer", "stop_words", "token_pattern",
                    "ngram_range")
_ANALYSIS_MAX = 100_000


class Vocabulary(TfidfVectorizer):
    """scikit-learn's ``TfidfVectorizer`` whose fitted vocabulary is stored as one array.

    skops writes a dict node per vocabulary entry; the model's vectorizers hold about
    300,000 terms, so saving and loading the model took 44 s and 23 s (2026-12-03). Kept as
    one string array (terms in column order), they take a fraction of it. Fitting and
    transforming are ``TfidfVectorizer``'s own.

    >>> v = Vocabulary(analyzer="char").fit(["满意度", "及时率"])
    >>> state = v.__getstate__()
    >>> "vocabulary_" in state, state["terms_"].tolist()[:3]
    (False, ['及', '度', '意'])
    >>> w = Vocabulary.__new__(Vocabulary); w.__setstate__(state); w.vocabulary_ == v.vocabulary_
    True
    """

    def build_analyzer(self) -> Any:
        """``TfidfVectorizer``'s analyzer, remembering the terms of each text it analyzed.

        The model's pipelines (category, concept, name-only, by definition) hold vectorizers
        configured alike over the same names: each text is cut into words and n-grams once per
        configuration, not once per pipeline (while the lexicons stay loaded, as
        :func:`name_text`'s memo). The vocabulary picks its terms afterwards, so the fitted
        vectorizer is the same.

        >>> a = Vocabulary(analyzer="char", ngram_range=(1, 2)).build_analyzer()
        >>> a("及时率"), a("及时率") is a("及时率")
        (('及', '时', '率', '及时', '时率'), True)
        """
        analyze = super().build_analyzer()
        params = self.get_params()
        key = tuple((k, params[k] if isinstance(params[k], str | tuple | bool | None)
                     or callable(params[k]) else repr(params[k]))
                    for k in _ANALYSIS_PARAMS)
        analyses = _memo("analyses")
        memo = analyses.get(key)
        if memo is None or len(memo) > _ANALYSIS_MAX:
            memo = analyses[key] = {}

        def cached(doc: str) -> tuple[str, ...]:
            hit = memo.get(doc)
            if hit is None:  # (a tuple of str: the garbage collector stops tracking it)
                hit = memo[doc] = tuple(analyze(doc))
            return hit

        return cached

    def _count_vocab(self, raw_documents: Any, fixed_vocab: bool) -> tuple[dict, Any]:
        """The term counts of fitted vocabularies (``transform``): the same matrix as
        ``CountVectorizer._count_vocab`` (checked equal in the tests), built from one
        ``dict.get`` per term and one sparse-matrix sum instead of a per-document counter;
        fitting is left to scikit-learn."""
        if not fixed_vocab:
            return super()._count_vocab(raw_documents, fixed_vocab)
        vocabulary = self.vocabulary_
        get = vocabulary.get
        analyze = self.build_analyzer()
        columns: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            columns.extend([j for j in map(get, analyze(doc)) if j is not None])
            indptr.append(len(columns))
        X = sparse.csr_matrix((np.ones(len(columns), dtype=self.dtype),
                               np.asarray(columns, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                              shape=(len(indptr) - 1, len(vocabulary)))
        X.sum_duplicates()  # sorted columns, repeated terms counted
        return vocabulary, X

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # a copy: object.__getstate__ gives __dict__ itself
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            state["terms_"] = np.array(sorted(vocabulary, key=vocabulary.__getitem__), dtype=str)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        terms = state.pop("terms_", None)
        if terms is not None:
            state["vocabulary_"] = {t: i for i, t in enumerate(terms.tolist())}
        super().__setstate__(state)


def build_features(embedder: str | None = None, use_tfidf: bool = True,
                   use_embeddings: bool = True, embedding_weight: float = 1.0,
                   use_head: bool = True, use_value: bool = True,
                   use_keywords: bool = True, value_keywords: bool = True,
                   value_zero: bool = True, keyword_purity: float = 0.0) -> FeatureUnion:
    """The feature union; switches let the benchmark compare feature sets.

    ``value_keywords`` adds the taxonomy's keyword votes read in the value (`经济效益良好`,
    `持续影响`, `长期`); ``value_zero`` marks a target of zero (`0次`: an incident count).
    Other provinces cross-validated by source (benchmarks/bench_public_cv.py, 794 rows):
    0.854 / 0.790 (accuracy / macro-F1) without both, 0.859 / 0.796 with ``value_zero``,
    0.858 / 0.797 with ``value_keywords``, 0.858 / 0.798 with both; on 39 rows of five
    new sources scored before any training on them, 34 → 36 agree with the reviewer.
    ``keyword_purity`` is :class:`KeywordFeatures`' ``min_purity``: 0 keeps every taxonomy
    keyword (the classifier weighs a misleading one down itself). Cross-validated by source
    (833 rows): 0.867 / 0.802 with 0, 0.867 / 0.806 with 0.3, 0.863 / 0.802 with 0.6; the
    held-out seed names 0.822, 0.813, 0.822.
    """
    parts: list[tuple[str, Any]] = []
    if use_tfidf:
        parts += [
            ("words", Pipeline([
                ("text", FunctionTransformer(name_text)),
                ("tfidf", Vocabulary(tokenizer=tokenize, token_pattern=None, lowercase=False,
                                          ngram_range=(1, 2), sublinear_tf=True)),
            ])),
            ("chars", Pipeline([
                ("text", FunctionTransformer(name_text)),
                ("tfidf", Vocabulary(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)),
            ])),
        ]
        if use_value:
            parts.append(("value_chars", Pipeline([
                ("text", FunctionTransformer(value_text)),
                ("tfidf", Vocabulary(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)),
            ])))
    if use_head:
        parts.append(("head", Pipeline([
            ("text", FunctionTransformer(name_text)),
            ("tfidf", Vocabulary(analyzer=head_features, sublinear_tf=True)),
        ])))
    if use_keywords:
        parts.append(("keywords", KeywordFeatures(min_purity=keyword_purity)))
        if value_keywords and use_value:
            parts.append(("value_keywords", KeywordFeatures(min_purity=keyword_purity, column="value")))
    if use_value:
        parts.append(("value", ValueFeatures(mark_zero=value_zero)))
    if use_embeddings:
        parts.append(("embedding", EmbeddingFeatures(model=embedder, weight=embedding_weight)))
    return FeatureUnion(parts)


# Classes weighted inversely to their frequency: the benefit sub-categories are rare in
# the seeds (economic and ecological ~2 % of rows) and were under-predicted on other
# provinces (recall 0.53 / 0.44 at precision 1.0). Cross-validated by source over the 689
# public rows (benchmarks/bench_public_cv.py) macro-F1 0.780 -> 0.796, accuracy 0.840 ->
# 0.842; the shipped model's agreement with the declared category on the 7,999 seed rows
# 0.950 -> 0.952.
CLASS_WEIGHT: str | None = "balanced"


def build_pipeline(embedder: str | None = None, C: float = 16.0,
                   class_weight: str | None = CLASS_WEIGHT, **feature_options: Any) -> Pipeline:
    """Features + a multinomial logistic regression (probabilities = confidences).

    >>> pipe = build_pipeline(use_embeddings=False)
    >>> pipe.named_steps["clf"].C, pipe.named_steps["clf"].class_weight
    (16.0, 'balanced')
    """
    return Pipeline([
        ("features", build_features(embedder, **feature_options)),
        ("clf", LogisticRegression(C=C, class_weight=class_weight, max_iter=3000)),
    ])


# --------------------------------------------------------------------------
# The model


def indicator_columns(df: pd.DataFrame) -> dict[str, str]:
    """The columns of ``df`` that hold an indicator's name, value, operator and unit.

    Our own names come first (``name``, ``value``, ``value_operator`` or ``operator``,
    ``value_unit`` or ``unit``, ``value_direction``: a table's 指标方向性, never our own
    ``direction`` output). Only a frame without a ``name`` column is read by the
    header spellings of ``layout.yaml`` (a table's own headers: ``三级指标``, ``指标值``,
    ``计量单位``); a frame in our schema is never reinterpreted.

    >>> indicator_columns(pd.DataFrame(columns=["name", "value", "unit"]))
    {'name': 'name', 'value': 'value', 'unit': 'unit'}
    >>> indicator_columns(pd.DataFrame(columns=["二级指标", "三级指标", "指标值", "计量单位"]))
    {'name': '三级指标', 'value': '指标值', 'unit': '计量单位'}
    >>> indicator_columns(pd.DataFrame(columns=["name", "value", "指标性质", "度量单位", "direction"]))
    {'name': 'name', 'value': 'value', 'nature': '指标性质', 'unit': '度量单位'}
    """
    from nlp.spreadsheets import column_of

    out: dict[str, str] = {}
    own = {"name": ["name"], "value": ["value"], "operator": ["value_operator", "operator"],
           "unit": ["value_unit", "unit"], "direction": ["value_direction"],
           "nature": ["value_nature", "nature"]}
    if "name" in df.columns:
        for key, spellings in own.items():
            found = next((c for c in spellings if c in df.columns), None)
            if found is not None:
                out[key] = found
        # a table's own header beside ours (`name`, `value`, `计量单位`): the parts of the value
        for col in df.columns:
            key = column_of(str(col))
            if key in ("operator", "unit", "direction", "nature") and key not in out \
                    and col not in out.values() and col != "direction":
                out[key] = col
        return out
    for col in df.columns:
        key = column_of(str(col))
        if key in own and key not in out:
            out[key] = col
    return out


@dataclass
class IndicatorModel:
    """A trained classifier: predicts 一级/二级, concept and direction per row.

    Use :func:`load_model` to get the shipped one, :func:`nlp.train.train` to
    make a new one.
    """

    category_pipeline: Pipeline
    concept_pipeline: Pipeline | None
    manifest: dict[str, Any] = field(default_factory=dict)
    name_only_pipeline: Pipeline | None = None
    """Category from the name alone, for rows whose value is blank (other templates often
    leave 指标值 empty or keep it in columns a reader cannot see)."""
    definition_pipeline: Pipeline | None = None
    """Category by the definitions (trained on our own labels first), for names the seed
    corpus never filed; ``definition_name_only_pipeline`` is its name-only twin."""
    definition_name_only_pipeline: Pipeline | None = None
    seen_names: frozenset[str] | None = None
    """Keys (:func:`seen_keys`) of the names the seed corpus filed: these keep the
    declared-first pipelines."""
    blend_concept_pipeline: Pipeline | None = None
    """The concept model whose probabilities, summed per category, are blended into the
    category (``manifest["concept_blend"]``), when it is not ``concept_pipeline``: a head
    on the same features that never learnt the public rows' and written exemplars' concepts
    (``nlp.train.NAMING_ONLY_ORIGINS``), so that they name concepts without moving the
    category."""

    def pipelines(self) -> list[Pipeline]:
        """Every fitted pipeline of the model."""
        return [p for p in (self.category_pipeline, self.concept_pipeline, self.name_only_pipeline,
                            self.definition_pipeline, self.definition_name_only_pipeline,
                            self.blend_concept_pipeline)
                if p is not None]

    def predict(self, df: pd.DataFrame) -> pd.DataFrame:
        """Predictions for each row of ``df`` (needs ``name`` and ``value``).

        Optional ``value_operator`` / ``value_unit`` / ``value_nature`` columns (or
        ``operator`` / ``unit`` / ``nature``, or a table's own headers for them: ``计算符号``,
        ``计量单位``, ``指标性质`` …; templates that keep them apart from the number) are composed
        into the value first.
        A frame without a ``name`` column may name its columns as tables do (``三级指标``,
        ``指标值``, ``计量单位``, ``计算符号`` …, the spellings of ``layout.yaml``). Returns a
        DataFrame indexed like ``df`` with columns ``l1, l2, l2_confidence, concept,
        concept_confidence, direction``.
        """
        X = self._prepared(df)
        if X.empty:
            return _no_rows(df.index, PREDICTION_COLUMNS)
        # tables repeat indicators (both halves, many projects): predict each distinct row once
        unique = X.drop_duplicates().reset_index(drop=True)
        return _per_row(self._predict(unique), unique, X, df.index)

    def _prepared(self, df: pd.DataFrame) -> pd.DataFrame:
        """The ``name`` and ``value`` of each row of ``df`` as the heads read them (a value
        composed from operator and unit columns, a target glued to a blank row's name moved
        into the value), indexed like ``df``."""
        if not isinstance(df, pd.DataFrame):
            raise JixiaoError("predict needs a DataFrame with a 'name' column (and 'value')")
        cols = indicator_columns(df)
        if "name" not in cols:
            raise JixiaoError("predict needs a DataFrame with a 'name' column (and 'value'), or "
                              f"the table's 三级指标 / 指标值 columns; got {list(df.columns)}")
        X = pd.DataFrame({"name": df[cols["name"]],
                          "value": df[cols["value"]] if "value" in cols else ""}, index=df.index)
        X = X.fillna("").astype(str)
        if any(k in cols for k in ("operator", "unit", "direction", "nature")):
            # templates with operator and unit in columns of their own (as `jixiao extract`
            # writes them): read the value as a reviewer does, `≥` + `95` + `%` → `≥95%`,
            # and `95` + `%` under 正向指标 as `≥95%`
            from nlp.spreadsheets import composed_value

            def part(key: str) -> pd.Series:
                return df[cols[key]].fillna("").astype(str) if key in cols \
                    else pd.Series("", index=df.index)

            X["value"] = [composed_value(v, o, k, u, d, "")[0] for v, o, k, u, d in zip(
                X["value"], part("operator"), part("nature"), part("unit"), part("direction"),
                strict=True)]
        if not X.empty:  # a target glued to a blank row's name with operator words is its value
            moved = [worded_target_moved(n, v) for n, v in zip(X["name"], X["value"], strict=True)]
            X["name"], X["value"] = [n for n, _ in moved], [v for _, v in moved]
        return X

    def explain(self, df: pd.DataFrame, against: Any = None, top: int = 3) -> pd.DataFrame:
        """:meth:`predict`'s columns, the runner-up category and the evidence for ``l2``.

        ``l2_runner_up`` / ``l2_runner_up_confidence``: the second most probable 二级.
        ``l2_evidence``: the ``top`` parts of the row that weigh most for ``l2`` against
        ``l2_evidence_against`` in the head that read the row, with their log-odds (`及时率
        +3.1；资金拨付 +0.6`: a word of the name, the value as read, or `（名称语义）` for the
        name's embedding; :mod:`nlp.evidence`). That category is the runner-up, or ``against[i]``
        (a code or a table's spelling, e.g. the declared 二级) where it is readable and not
        ``l2``: why the model files the row elsewhere than its table.
        """
        from nlp.evidence import evidence_text, explain
        from nlp.train import declared_code

        X = self._prepared(df)
        columns = [*PREDICTION_COLUMNS, *EXPLANATION_COLUMNS]
        if X.empty:
            return _no_rows(df.index, columns)
        wanted = pd.Series(list(against) if against is not None else [""] * len(X), index=X.index)
        X["against"] = [(declared_code(a) or "") if isinstance(a, str) and a.strip() else ""
                        for a in wanted]
        unique = X.drop_duplicates().reset_index(drop=True)
        proba, concept_proba = self._probabilities(unique[["name", "value"]])
        out = self._predict_from(unique[["name", "value"]], proba, concept_proba)
        classes = self.category_pipeline.classes_
        order = np.argsort(-proba, axis=1, kind="stable")
        second = order[:, 1] if proba.shape[1] > 1 else order[:, 0]
        out["l2_runner_up"] = classes[second]
        out["l2_runner_up_confidence"] = proba[np.arange(len(second)), second].round(4)
        known = set(classes)
        versus = [a if a and a != c and a in known else r
                  for a, c, r in zip(unique["against"], out["l2"], out["l2_runner_up"], strict=True)]
        reasons = explain(self, unique[["name", "value"]], out["l2"].tolist(), versus)
        out["l2_evidence"] = [evidence_text(r, top) for r in reasons]
        out["l2_evidence_against"] = versus
        return _per_row(out, unique, X, df.index)[columns]

    def row_heads(self, X: pd.DataFrame) -> list[tuple[str, Pipeline, np.ndarray]]:
        """Which category head reads which rows of ``X`` (prepared as :meth:`predict` does):
        ``(label, pipeline, rows)`` for the head of names the seed corpus filed
        (``category``), the head by definition for new names (``definition``) and their
        name-only twins for a blank value (``name_only``, ``definition_name_only``), as
        :meth:`category_proba` reads them before the concept blend."""
        new = self.read_by_definition(X)
        answers = lexicon.answer_values()
        blank = np.array([v == "" or v in answers for v in value_text(X)], dtype=bool)
        heads = []
        for label, rows, pipe, named in (
                ("category", ~new, self.category_pipeline, self.name_only_pipeline),
                ("definition", new, self.definition_pipeline, self.definition_name_only_pipeline)):
            if pipe is None:
                continue
            if named is None:
                heads.append((label, pipe, rows))
            else:
                heads.append((label, pipe, rows & ~blank))
                heads.append((f"{label}_name_only" if label != "category" else "name_only",
                              named, rows & blank))
        return heads

    def normalize(self, df: pd.DataFrame, min_confidence: float = NORMALIZE_CONFIDENCE,
                  predicted: pd.DataFrame | None = None) -> pd.DataFrame:
        """One canonical 二级 per row for aggregation, combining the declared category
        with the prediction (a separate option: :meth:`predict` never reads the declared one).

        The declared 二级 (``l2_declared``, any spelling of ``taxonomy.yaml``) is kept
        unless the model disagrees with confidence ≥ ``min_confidence``; a row with no
        readable declared category takes the prediction. Returns the columns of
        :meth:`predict` (or of ``predicted``, a prediction of ``df`` already made:
        :meth:`explain`'s) plus ``l2_normalized``, ``l1_normalized`` and ``l2_source``
        (``declared`` or ``model``).
        """
        from nlp.train import declared_code

        out = self.predict(df) if predicted is None else predicted.copy()
        declared = (df["l2_declared"].map(lambda v: declared_code(v) if isinstance(v, str) else None)
                    if "l2_declared" in df.columns else pd.Series(None, index=df.index, dtype=object))
        disagrees = out["l2"].to_numpy() != declared.to_numpy()
        sure = out["l2_confidence"].to_numpy() >= min_confidence
        use_model = declared.isna().to_numpy() | (disagrees & sure)
        cat_l1 = lexicon.category_l1()
        out["l2_normalized"] = np.where(use_model, out["l2"].to_numpy(), declared.to_numpy())
        out["l1_normalized"] = out["l2_normalized"].map(cat_l1)
        out["l2_source"] = np.where(use_model, "model", "declared")
        return out

    def category_proba(self, X: pd.DataFrame) -> np.ndarray:
        """The 二级 probabilities behind ``l2`` and ``l2_confidence`` (columns:
        ``category_pipeline.classes_``); ``X`` as :meth:`predict` prepares it."""
        return self._probabilities(X)[0]

    def _probabilities(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
        """Category probabilities (every pipeline that reads a row, blended) and the
        concept model's probabilities."""
        classes = self.category_pipeline.classes_
        features = _SharedFeatures(X)
        concept_proba = (features.proba(self.concept_pipeline)
                         if self.concept_pipeline is not None else None)
        # the blending concept model's probabilities summed per category (only when blended)
        blending = self.blend_concept_pipeline if self.blend_concept_pipeline is not None \
            else self.concept_pipeline
        mass = None
        if blending is not None and float(self.manifest.get("concept_blend", 0.0)) > 0:
            mass = self._category_mass(
                concept_proba if blending is self.concept_pipeline else features.proba(blending),
                classes, blending)
        new = self.read_by_definition(X)
        proba = np.zeros((len(X), len(classes)))
        for rows, pipe, named in ((~new, self.category_pipeline, self.name_only_pipeline),
                                  (new, self.definition_pipeline, self.definition_name_only_pipeline)):
            if rows.any():
                proba[rows] = self._category_proba(
                    X, rows, pipe, named, classes, mass[rows] if mass is not None else None,
                    features)
        return proba, concept_proba

    def _predict(self, X: pd.DataFrame) -> pd.DataFrame:
        return self._predict_from(X, *self._probabilities(X))

    def _predict_from(self, X: pd.DataFrame, proba: np.ndarray,
                      concept_proba: np.ndarray | None) -> pd.DataFrame:
        cat_l1 = lexicon.category_l1()
        classes = self.category_pipeline.classes_
        best = proba.argmax(axis=1)
        l2 = classes[best]
        out = pd.DataFrame(index=X.index)
        out["l1"] = [cat_l1.get(c, "") for c in l2]
        out["l2"] = l2
        out["l2_confidence"] = proba[np.arange(len(best)), best].round(4)
        concepts, cconf = self._concepts(concept_proba, l2)
        out["concept"] = concepts
        out["concept_confidence"] = cconf
        out["direction"] = self._directions(X, concepts)
        return out

    def read_by_definition(self, X: pd.DataFrame) -> np.ndarray:
        """Which rows of ``X`` the definition pipelines read: those whose name the seed corpus
        never filed (all ``False`` for a model without them)."""
        if self.definition_pipeline is None or self.seen_names is None or not len(X):
            return np.zeros(len(X), dtype=bool)
        return np.array([k not in self.seen_names for k in seen_keys_of(X["name"])])

    def _category_proba(self, X: pd.DataFrame, rows: np.ndarray, pipe: Pipeline,
                        name_only: Pipeline | None, classes: np.ndarray,
                        concept_mass: np.ndarray | None, features: _SharedFeatures) -> np.ndarray:
        """Category probabilities (columns as ``classes``) of one pipeline pair for ``X[rows]``:
        blended with the concept model's mass (:meth:`_category_mass` of ``X[rows]``), rows
        with a blank value read by the name-only pipeline."""
        proba = _aligned(pipe, features.proba(pipe, rows), classes)
        X = X[rows]
        if concept_mass is not None:  # computed only when the manifest blends
            blend = float(self.manifest["concept_blend"])
            proba = (1 - blend) * proba + blend * concept_mass
        # a target in the name is a value; a bare 是/否 answers the name's question and tells
        # nothing of the category (lexicon.answer_values)
        answers = lexicon.answer_values()
        blank = np.array([v == "" or v in answers for v in value_text(X)])
        if name_only is not None and blank.any():
            mask = rows.copy()
            mask[rows] = blank  # the rows of X that are blank among ``rows``
            proba[blank] = _aligned(name_only, features.proba(name_only, mask), classes)
        return proba

    @staticmethod
    def _category_mass(concept_proba: np.ndarray, classes: np.ndarray, pipe: Pipeline) -> np.ndarray:
        """A concept model's probabilities (``pipe``'s) summed per category (columns as
        ``classes``)."""
        concept_cat = lexicon.concept_categories()
        index = {c: i for i, c in enumerate(classes)}
        mass = np.zeros((concept_proba.shape[0], len(classes)))
        for j, concept in enumerate(pipe.classes_):
            i = index.get(concept_cat.get(concept))
            if i is not None:
                mass[:, i] += concept_proba[:, j]
        total = mass.sum(axis=1, keepdims=True)
        return np.divide(mass, total, out=np.zeros_like(mass), where=total > 0)

    def _concepts(self, proba: np.ndarray | None, l2: np.ndarray) -> tuple[list[str], list[float]]:
        if proba is None or self.concept_pipeline is None:
            return [_other_concept(c) for c in l2], [0.0] * len(l2)
        concept_cat = lexicon.concept_categories()
        classes = self.concept_pipeline.classes_
        cats = np.array([concept_cat.get(c, "") for c in classes])
        names, confs = [], []
        for row, cat in zip(proba, l2, strict=True):
            # keep the concept inside the predicted category
            mask = cats == cat
            if mask.any() and row[mask].sum() >= CONCEPT_MIN_MASS:
                masked = np.where(mask, row, -1.0)
                k = int(masked.argmax())
                names.append(str(classes[k]))
                confs.append(round(float(row[k]), 4))
            else:
                names.append(_other_concept(cat))
                confs.append(0.0)
        return names, confs

    def _directions(self, X: pd.DataFrame, concepts: list[str]) -> list[str]:
        from nlp.values import parse_value, target_direction

        usual = {c["id"]: c.get("direction", "none") for c in lexicon.taxonomy().get("concepts", [])}
        measures = lexicon.measure_suffixes()
        out = []
        # name and value as the features read them: ★ marks, numbering, and a unit or a
        # target written into the name (`到位率(100%)`) are the template's, not the indicator's
        for name, value, concept in zip(name_text(X), value_text(X), concepts, strict=True):
            parsed = parse_value(value)
            if parsed.value_type == "empty":
                out.append("none")
            elif parsed.operator in (">=", ">", "<=", "<", "=", "range") or parsed.direction_word:
                out.append(target_direction(name, parsed))
            elif (parsed.value_type in ("status", "qualitative", "text")
                  or (parsed.value_type == "deadline" and parsed.deadline is None)) \
                    and not name.endswith(measures):
                # a state (`建设质量 合格`) or a schedule (`补贴发放时间 按月`) of a name that
                # is no measure: nothing to exceed or undercut
                out.append("none")
            else:
                rule = target_direction(name, parsed)
                out.append(rule if rule != "none" else usual.get(concept, "none"))
        return out

    # -- persistence ---------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model folder: ``pipelines.skops`` and ``manifest.json``."""
        import skops.io as sio

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for pipe in self.pipelines():
            _compact(pipe)
        sio.dump({"category": self.category_pipeline, "concept": self.concept_pipeline,
                  "name_only": self.name_only_pipeline, "definition": self.definition_pipeline,
                  "definition_name_only": self.definition_name_only_pipeline,
                  "blend_concept": self.blend_concept_pipeline,
                  "seen_names": sorted(self.seen_names) if self.seen_names is not None else None},
                 path / "pipelines.skops", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        manifest = {**self.manifest, **environment(), "format": MODEL_FORMAT}
        manifest["pipelines_sha256"] = _sha256(path / "pipelines.skops")
        (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                            encoding="utf-8")
        self.manifest = manifest
        (path / "README.md").write_text(model_card(manifest), encoding="utf-8")
        return path


def model_card(manifest: dict[str, Any]) -> str:
    """The model card written next to the pipelines (data, metrics, limits)."""
    m = manifest.get("metrics", {})

    def fig(key: str) -> str:
        return f"{m[key]:.3f}" if key in m else "n/a"

    per_class = "\n".join(f"| {k.split('.', 1)[1]} | {v:.3f} |" for k, v in sorted(m.items())
                          if k.startswith("test_f1."))
    return f"""# Model card: jixiao-classifier

Predicts, from an indicator's name (三级指标) and value (指标值) only, its 二级
category (一级 follows), its canonical concept and its target direction.

* **Made**: jixiao {manifest.get("jixiao")}, scikit-learn {manifest.get("scikit-learn")},
  Python {manifest.get("python")}, taxonomy {manifest.get("taxonomy")}, embedder
  `{manifest.get("embedder")}`; mlflow run `{manifest.get("mlflow_run_id", "n/a")}`.
* **Data**: the rows extracted from the five seed documents (Shanxi counties, 2023-2025
  budgets) labeled by `training_data/label_policy.yaml` (declared category unless a human
  label moves it to satisfaction, deadline or cost, except the rows the policy's
  `declared_kept` rules name: standards filed under 质量, rows filed under 质量 or 数量
  that do not speak of time, rows filed under 时效 that do; analyst corrections always win),
  2,718 hand-labeled distinct indicators, and rows of tables published in
  {manifest.get("training_rows", {}).get("public_provinces", "several")} other provinces
  (`training_data/public/`, expert category); label set `{manifest.get("label_hash")}`.
* **Prediction**: the 二级 probabilities blend the category model with the concept model's
  probabilities summed per category (share {manifest.get("concept_blend", 0)}); a row with
  an empty 指标值 is read by a model of the name alone.{" A name the seed corpus never filed is "
  "read by a second pair of pipelines trained on our own labels first (by the definitions"
  + (", which keep the declared category where a `declared_kept` rule does"
     if manifest.get("label_policy", {}).get("definition_keeps_rules") else "")
  + "); names it filed keep the declared-first convention that experts accept on the seed "
  "tables." if manifest.get("definition_model") else ""}
* **Evaluation**: grouped 5-fold CV (no name on both sides) and a held-out quarter of the
  labeled names, by a model that never saw them. {"This saved model was then refit on all "
  "labels, held-out ones included (as GridSearchCV(refit=True))." if manifest.get("refit_on_all")
  else "This saved model never saw the held-out names."}

| metric | value |
|---|---|
| CV accuracy / macro-F1 (declared-first category pipeline) | {fig("cv_accuracy")} / {fig("cv_macro_f1")} |
| held-out accuracy / macro-F1 (policy labels) | {fig("test_accuracy")} / {fig("test_macro_f1")} |
| held-out accuracy vs our own labels (by the definitions) | {fig("test_human_accuracy")} |
| held-out concept accuracy | {fig("test_concept_accuracy")} |
| held-out direction accuracy | {fig("test_direction_accuracy")} |
| held-out expected calibration error | {fig("test_ece")} |
| other provinces, unseen sources: accuracy / macro-F1 | {fig("public_accuracy")} / {fig("public_macro_f1")} |
| unlike the training data, never trained on: acc. / macro-F1 | {fig("outside_accuracy")} / \
{fig("outside_macro_f1")} |

| held-out F1 per category | |
|---|---|
{per_class}

## Limits

* Trained mostly on one province's templates (a few hundred rows of other provinces);
  other templates (operator and unit in separate columns, ★ marks, units in names, 指标N:
  numbering, `(≥**%)` placeholders) are normalized before the features. Provinces file
  some indicators differently (beneficiary counts under 社会效益 rather than 数量).
  Far from budget tables (research outputs, school KPIs, 是/否 questions of an inspection
  bureau; `training_data/other_sources`, the last row above) it agrees with a reviewer much less often than
  the forms' own declared categories do: trust those there, or label and retrain.
* The 效益 sub-categories (economic / social / ecological / sustainable) are where table
  authors and reviewers disagree most; their F1 is the lowest. Treat predictions with
  `l2_confidence` below 0.8 as suggestions.
* The declared category is never an input: a disagreement with it is a finding for a
  reviewer (Q008), not necessarily a model error.
"""


def seen_keys_of(names: Any) -> list[str]:
    """The key a name is looked up by in :attr:`IndicatorModel.seen_names`: cleaned as the
    features see it (★, numbering, a unit in brackets removed), then without spaces,
    punctuation and digits (:func:`nlp.train.normalize_name`).

    >>> seen_keys_of(["★资金拨付及时率（%）", "指标3:资金拨付 及时率"])
    ['资金拨付及时率', '资金拨付及时率']
    """
    from nlp.train import normalize_name

    return [normalize_name(n) for n in name_text(pd.DataFrame({"name": list(names)}))]


def seen_keys(names: Any) -> frozenset[str]:
    """The set of :func:`seen_keys_of` of ``names``."""
    return frozenset(seen_keys_of(names))


class _SharedFeatures:
    """The rows of one prediction transformed at most once per fitted feature union.

    A head that reads every row (the concept model) leaves its transform here, and a head
    sharing that union (``concept_shares_features``) reads its rows from it; other heads
    transform just the rows they predict (the category and definition heads split the rows
    between them, the name-only twins read the blank ones)."""

    def __init__(self, X: pd.DataFrame) -> None:
        self.X = X
        self.done: dict[int, Any] = {}

    def proba(self, pipe: Pipeline, rows: np.ndarray | None = None) -> np.ndarray:
        """``pipe.predict_proba`` of ``X[rows]`` (all rows when ``rows`` is None)."""
        steps = _steps(pipe)
        if steps is None:
            return pipe.predict_proba(self.X if rows is None else self.X[rows])
        features, clf = steps
        blocks = self.done.get(id(features))
        if blocks is None and rows is None:
            blocks = self.done[id(features)] = _feature_blocks(features, self.X)
        if blocks is None:
            return _linear_proba(clf, _feature_blocks(features, self.X[rows]))
        return _linear_proba(clf, blocks if rows is None else [b[rows] for b in blocks])


def _feature_blocks(features: Any, X: pd.DataFrame) -> list[Any]:
    """The outputs of a feature union's transformers, side by side as ``transform`` would
    stack them (one block, the stacked matrix, for a union with weights or parallel jobs)."""
    parts = getattr(features, "transformer_list", None)
    if (not isinstance(features, FeatureUnion) or features.transformer_weights
            or features.n_jobs not in (None, 1)
            or any(isinstance(t, str) for _, t in parts)):  # 'drop' / 'passthrough'
        return [features.transform(X)]
    return [t.transform(X) for _, t in parts]


def _linear_proba(clf: Any, blocks: list[Any]) -> np.ndarray:
    """``clf.predict_proba`` of the blocks stacked side by side, for a multinomial logistic
    regression computed block by block: the sparse TF-IDF blocks times their weights, the
    dense embedding times its own, so the dense block is never copied into the sparse
    matrix (probabilities equal within 1e-12, checked in the tests). Other classifiers get
    the stacked matrix."""
    widths = [b.shape[1] for b in blocks]
    multinomial = (isinstance(clf, LogisticRegression) and len(clf.classes_) > 2
                   and getattr(clf, "multi_class", "auto") in ("auto", "multinomial", "deprecated")
                   and clf.solver != "liblinear"  # one-vs-rest in scikit-learn < 1.8
                   and clf.coef_.shape[1] == sum(widths))
    if not multinomial:
        stacked = blocks[0] if len(blocks) == 1 else sparse.hstack(
            [b if sparse.issparse(b) else sparse.csr_matrix(b) for b in blocks], format="csr")
        return clf.predict_proba(stacked)
    coef = clf.coef_
    scores = np.tile(np.asarray(clf.intercept_, dtype=np.float64), (blocks[0].shape[0], 1))
    start = 0
    for block, width in zip(blocks, widths, strict=True):
        w = coef[:, start:start + width].astype(np.float64).T
        scores += block @ w if sparse.issparse(block) else np.asarray(block, dtype=np.float64) @ w
        start += width
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def _no_rows(index: pd.Index, columns: list[str]) -> pd.DataFrame:
    """A prediction of no rows: its columns, typed."""
    return pd.DataFrame({c: pd.Series(dtype=float if c.endswith("confidence") else object)
                         for c in columns}, index=index)


def _per_row(out: pd.DataFrame, unique: pd.DataFrame, X: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """``out`` (one row per row of ``unique``, the distinct rows of ``X``) for every row of
    ``X``, under ``index``."""
    out.index = pd.MultiIndex.from_frame(unique)
    out = out.reindex(pd.MultiIndex.from_frame(X))
    out.index = index
    return out


def _steps(pipe: Pipeline) -> tuple[Any, Any] | None:
    """(features, classifier) of a two-step pipeline as :func:`build_pipeline` makes it."""
    steps = getattr(pipe, "steps", None)
    if steps is None or len(steps) != 2 or steps[0][0] != "features":
        return None
    return steps[0][1], steps[1][1]


def _aligned(pipe: Pipeline, proba: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """``proba`` of ``pipe`` with its columns put in the order of ``classes`` (0 where absent)."""
    index = {c: i for i, c in enumerate(pipe.classes_)}
    cols = [index.get(c) for c in classes]
    if cols == list(range(len(classes))) and len(pipe.classes_) == len(classes):
        return proba.copy()
    return np.column_stack([proba[:, i] if i is not None else np.zeros(len(proba)) for i in cols])


def _compact(pipe: Pipeline) -> None:
    """Store the linear weights in float32 (half the size; predictions differ < 1e-6)."""
    clf = pipe.named_steps.get("clf")
    if clf is not None and getattr(clf, "coef_", None) is not None and clf.coef_.dtype != np.float32:
        clf.coef_ = clf.coef_.astype(np.float32)
        clf.intercept_ = clf.intercept_.astype(np.float32)


def _other_concept(category: str) -> str:
    for c in lexicon.taxonomy().get("concepts", []):
        if c["category"] == category and c["id"].endswith("other"):
            return c["id"]
    return f"{category}.other"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment() -> dict[str, str]:
    """Versions recorded in (and checked against) a model's manifest."""
    import sklearn

    import nlp

    env = {"jixiao": nlp.__version__, "scikit-learn": sklearn.__version__,
           "python": platform.python_version(),
           "taxonomy": str(lexicon.taxonomy().get("version", ""))}
    try:  # the installed distribution's version: importing the package (torch) takes ~8 s
        env["sentence-transformers"] = importlib.metadata.version("sentence-transformers")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        pass
    return env


DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "jixiao-classifier"
# types skops may rebuild besides its defaults: ours and plain sklearn/numpy/scipy ones
_TRUSTED_PREFIXES = ("nlp.", "sklearn.", "numpy.", "scipy.", "builtins.")


def load_model(path: str | Path | None = None) -> IndicatorModel:
    """Load a trained model folder (default: the one shipped in ``models/``).

    Only types from jixiao, scikit-learn, NumPy and SciPy are rebuilt (skops),
    never arbitrary pickled code. A manifest written by other versions of
    scikit-learn or the taxonomy gives a warning.
    """
    import warnings

    import skops.io as sio

    path = Path(path) if path is not None else DEFAULT_MODEL_DIR
    file = path / "pipelines.skops"
    if not file.exists():
        raise JixiaoError(f"{path}: no trained model here (expected pipelines.skops); run `jixiao train`")
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("pipelines_sha256") and manifest["pipelines_sha256"] != _sha256(file):
        raise JixiaoError(f"{file}: checksum differs from manifest.json (file changed or corrupt)")
    untrusted = sio.get_untrusted_types(file=file)
    bad = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
    if bad:
        raise JixiaoError(f"{file}: refuses to load unexpected types {bad}")
    pipes = sio.load(file, trusted=untrusted)
    env = environment()
    for key in ("scikit-learn", "taxonomy"):
        if manifest.get(key) and manifest[key] != env.get(key):
            warnings.warn(f"model {path} was made with {key} {manifest[key]}, this is {env.get(key)}",
                          stacklevel=2)
    seen = pipes.get("seen_names")
    return IndicatorModel(pipes["category"], pipes["concept"], manifest, pipes.get("name_only"),
                          pipes.get("definition"), pipes.get("definition_name_only"),
                          frozenset(seen) if seen is not None else None, pipes.get("blend_concept"))
