"""Read an indicator value (指标值): operator, bounds, unit, value type and deadline.

The conventions are those of shared/TAXONOMY.md section 3. In short:

* ``≥90%`` → operator ``>=``, lower 90 (percent stays in points); ``≤400万元`` → upper 400,
  ``base_upper`` 4,000,000 元; a plain ``100%`` or ``4条`` → operator ``none`` with
  lower = upper; ``=`` only when written; ``90%-95%`` and ``3~5个`` → ``range``.
* ``万元``/``亿元``/``千元`` normalize to 元; a bare ``万`` after a number (``51万``) is read as
  万元 and the result says so in ``notes``; compound units keep their shape (``元/人/月``).
* Deadlines (``年底前``, ``2024年11月底前``, ``审批后7日内``, ``2024年2月至2025年2月``) and
  schedules (``按月``, ``每月一次``) are ``deadline``; checkable states (合格, 全覆盖, 无) are
  ``status``; direction or degree words without a measure (提高, 及时, 明显改善) are
  ``qualitative``; any other words are ``text``.
* Deadlines and schedules are found inside longer values too: a relative limit ending the
  value with no other number before it (``评价报告正版提交5日内`` → ``<=`` 5 日), a time noun
  or deadline verb before 前 (``核查提报时间前``, ``竣工验收前`` → ``<=``), a span with an
  operation verb (``全年运行``), and a schedule followed by an action or ending a clause
  (``岗位津贴发放时间按季度发放``, ``及时拨付按月拨付每人每月``; ``每人每月`` alone is a
  denominator, not a schedule).
* Status also covers completion of a clean-up (``清理``, ``清零``) and a named class or grade
  (``地表三类``, ``Ⅲ类水``, ``二级甲等``): both are checkable.
* Qualitative vs text (documented with the word lists in ``value_words.yaml``): every clause
  (split at ``,;、``) of at most ``max_length`` characters must be (a) made only of
  direction/degree/vague/generic words (``长期影响``, ``提供依据``), (b) ruled by a vague
  timeliness word (``全国土壤普查及时``, ``及时发放补贴,按时缴纳保险``), or (c) end in such a
  run that covers at least half of it, the rest being a subject (``生命财产安全保障提升``)
  and not a direction verb's specific object (``保障学校正常运转``). Clauses of intent
  (``提高农民收入``), subjects the direction word does not dominate (``耕地质量提升``),
  beneficiaries and bare references are ``text``.
* A value naming several quantities keeps them all, separated by ``、;,`` or simply written
  one after the other (``30人保障消防车15辆``).
* A single quantity ending the value may follow a label of words and bracketed words with no
  number (``(戏曲)演出数量100场``, ``(襄垣县段)河道治理工程县级配套≤66.888万元``); a unit in
  brackets heads a number that writes none (``(万元)≤400``). A label 每X names what the
  quantity is counted per when X is a plain noun (``每支部一名管理员`` → 1 人/支部).
* An operator word with a reference and no number is a checkable status with that operator
  (``不低于国家规定标准`` → ``>=``, ``符合国家标准`` → ``none``). A quantity in working days
  (``≤5个工作日``) is a time limit, ``deadline``; other durations stay quantitative. A bare
  period (``季度``) and a clearing idiom (``日产日清``) are schedules.

Every word list and unit lives under ``nlp/data/`` (read through :mod:`nlp.lexicon`); the
regular expressions are built from them, longest alternative first. Parsing is pure: the
same text always gives the same frozen :class:`ParsedValue`, and text that cannot be read
is a result (``value_type="text"``), never an exception.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

import cn2an
import numpy as np
import pandas as pd

from nlp import lexicon
from nlp.script import simplified

__all__ = [
    "OPERATORS",
    "VALUE_TYPES",
    "ParsedValue",
    "clear_cache",
    "format_parsed",
    "parse_value",
    "parse_values",
    "target_direction",
]

OPERATORS = (">=", ">", "<=", "<", "=", "range", "none")
VALUE_TYPES = ("quantitative", "deadline", "status", "qualitative", "text", "empty")
FLOAT_FIELDS = ("lower", "upper", "base_lower", "base_upper")

_CJK = r"[\u4e00-\u9fff]"
_NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_YEAR = r"(?:19|20)\d{2}"
_CN_RUN = "零〇一二两三四五六七八九十百千万亿点"
_CN_DIGIT = re.compile("[零〇一二两三四五六七八九十]")
_DIGIT = re.compile(r"\d")
_BRACKETED = re.compile(r"[(\[【]([^()\[\]【】\d]{1,6})[)\]】]")
_DEN_JOIN = re.compile(r"(/每?[\u4e00-\u9fff])[、.](?=每?[\u4e00-\u9fff](?![\u4e00-\u9fff]))")
_UNIT_OR = re.compile(r"(?<=\d)([\u4e00-\u9fff]{1,2})[、]([\u4e00-\u9fff]{1,2})$")
_LABEL_MAX = 24  # characters (a bracketed group counts as one) of words before a quantity


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """One indicator value, read. Fields follow shared/TAXONOMY.md section 3.

    Attributes
    ----------
    text : str
        The value as written (the surface text).
    operator : str
        One of ``>=``, ``>``, ``<=``, ``<``, ``=``, ``range``, ``none``.
    lower, upper : float or None
        Bounds as written, in the written unit (``≤400万元`` → upper 400).
    unit_raw : str or None
        The unit as written after normalization (``万元``, ``个乡镇``, ``元/人/月``).
    unit : str or None
        Normalized unit: 元 for any currency, ``%`` for percent, else the canonical unit;
        compound units keep their shape (``元/人``).
    unit_kind : str or None
        currency, percent, count, person, duration, date, area, length, mass, volume,
        energy or other.
    base_lower, base_upper : float or None
        Bounds in the normalized unit (``≤400万元`` → 4,000,000.0; percent in points).
    deadline : str or None
        ISO date of a deadline when its year is known (written, or given as ``year=``).
    value_type : str
        quantitative, deadline, status, qualitative, text or empty.
    quantities : tuple of (float, str or None)
        Every quantity of a value that lists several, as (base value, normalized unit);
        empty otherwise. Such a value has no single bound.
    direction_word : str or None
        A direction word written in the value (提高, 下降, ...).
    notes : tuple of str
        Assumptions made while reading (a bare 万 read as 万元, a column operator used).
    """

    text: str
    operator: str = "none"
    lower: float | None = None
    upper: float | None = None
    unit_raw: str | None = None
    unit: str | None = None
    unit_kind: str | None = None
    base_lower: float | None = None
    base_upper: float | None = None
    deadline: str | None = None
    value_type: str = "empty"
    quantities: tuple[tuple[float, str | None], ...] = ()
    direction_word: str | None = None
    notes: tuple[str, ...] = ()


FIELDS = tuple(f.name for f in fields(ParsedValue))


# --- grammar built from the lexicons ---------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first so 万元 wins over 元."""
    uniq = sorted({str(w) for w in words if str(w)}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq)


@dataclass(frozen=True, slots=True)
class _Unit:
    raw: str
    unit: str
    kind: str
    factor: float
    bare: bool = False


class _Grammar:
    """Compiled patterns and lookup tables for one version of the lexicons."""

    def __init__(self, units: dict[str, Any], words: dict[str, Any]) -> None:
        self.source = (units, words)
        self.spellings: dict[str, tuple[str, str, float]] = units["spellings"]
        self.multipliers: dict[str, float] = units["multipliers"]
        self.bare_unit = str(units.get("bare_multiplier_unit") or "元")
        self.rewrites = [(str(a), str(b)) for a, b in words["rewrites"]]
        more = _alt(words.get("more_than") or [])
        self.more_than_re = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)(?:{more})(?=\D)") if more else None
        self.empty = {str(w).lower() for w in words.get("empty") or []}
        self.label_re = re.compile(f"^(?:{_alt(words.get('labels') or ['指标值'])}):(?=.)")

        num = words["numerals"]
        # (百 before 分比 / 分点 is the unit's: 九十五百分比 is 95 百分比, not 九十五百)
        digits = _CN_RUN.replace("百", "")
        self.cn_re = re.compile(f"({_alt(num['stopwords'])})|((?:[{digits}]|百(?!分[比点]))+)")
        self.pct_re = re.compile(f"(?:{_alt(num['percent_prefix'])})({_NUM})")

        ops = words["operators"]
        self.symbols: dict[str, str] = ops["symbols"]
        self.prefix_ops = {w["word"]: (w["op"], bool(w.get("soft"))) for w in ops["prefix"]}
        self.suffix_ops: dict[str, str] = ops["suffix"]
        self.column_ops = {**self.symbols, **{k: v for k, (v, _) in self.prefix_ops.items()}}
        self.column_ops.update(ops.get("column") or {})
        self.column_ops.update({v: v for v in OPERATORS})
        self.direction_words: dict[str, str] = words["direction_words"]
        self.direction_re = re.compile(_alt(self.direction_words))

        self._build_quantity(units, words)
        self._build_deadline(words["deadline"], words["qualitative"]["heads"])
        self._build_words(words)

    # quantities ----------------------------------------------------------------------
    def _build_quantity(self, units: dict[str, Any], words: dict[str, Any]) -> None:
        unit_alt = _alt(self.spellings)
        mult_alt = _alt(self.multipliers)
        # a multiplier that begins a unit's spelling is that unit, not a multiplier (5千瓦 is
        # 5 千瓦, not 5000 + 瓦): the multiplier must not be followed by the rest of such a unit
        mult_unit = "|".join(
            re.escape(m) + (f"(?!{rest})" if (rest := _alt(
                s[len(m):] for s in self.spellings if s.startswith(m) and len(s) > len(m))) else "")
            for m in sorted(self.multipliers, key=lambda w: (-len(w), w)))
        den_alt = _alt([*self.spellings, *units["denominators"]])
        # a population a rate is counted per (/10万, /百万人口): a multiplier, a number before it
        rate_alt = f"(?:\\d{{1,4}})?(?:{mult_alt})(?:{_alt(units['rate_bases'])})?" if units["rate_bases"] \
            else "(?!)"
        self.rate_base_re = re.compile(f"/{rate_alt}")
        self.den_re = re.compile(f"每({den_alt})", re.I)
        self.amount_qualifiers = frozenset(str(w) for w in units.get("amount_qualifiers") or [])
        self._build_distributor(units, words)

        def block(tag: str) -> str:
            return (
                f"(?P<mult{tag}>{mult_unit})?(?P<unit{tag}>{unit_alt})?"
                rf"(?:\((?P<paren{tag}>[^()]{{1,4}})\))?"
                # atomic and possessive: /平方米/平方米/… must not backtrack exponentially
                f"(?P<den{tag}>(?:/(?>{rate_alt})|/每?(?>{den_alt}|{_CJK}{{1,3}})|每(?>{den_alt}))*+)/?"
            )

        sym = "|".join(re.escape(s) for s in self.symbols)
        opw = _alt(self.prefix_ops)
        # the label before a single quantity: words and bracketed words, no number
        # ((戏曲)演出数量100场, (襄垣县段)河道治理工程县级配套≤66.888万元, (%)≥100%)
        bracket = r"[(\[【《〈「][^()\[\]【】《》〈〉「」\d]{0,12}[)\]】》〉」]"
        self.quantity_re = re.compile(
            f"(?P<label>(?:{_CJK}|[A-Za-z]|{bracket}){{0,{_LABEL_MAX}}}?)"
            f"(?P<op1>{sym}|{opw})?(?P<n1>{_NUM}){block('1')}"
            f"(?:(?P<sep>-|~|至|到)(?P<op2>{sym})?(?P<n2>{_NUM}){block('2')})?"
            f"(?P<noun>{_CJK}{{1,8}}?)??(?P<suf>{_alt(self.suffix_ops)})?"
            f"(?P<tail>{_alt(words['quantity_tail'])})?",
            re.I,
        )
        self.split_re = re.compile(r"[、;]|,(?!\d{3}(?!\d))")
        # the end of one quantity where the label of the next begins: 30人|保障消防车15辆
        self.run_on_re = re.compile(
            f"(?:{_NUM})(?:{mult_alt})?(?P<u>{unit_alt})(?={_CJK})", re.I
        )

    def _build_distributor(self, units: dict[str, Any], words: dict[str, Any]) -> None:
        """每X before a quantity names what it is counted per (每支部一名管理员 → 人/支部)."""
        dist = units.get("distributors") or {}
        self.distributor_re = None
        if not dist:  # optional section: without it only known denominators follow 每
            return
        self.distributor_re = re.compile(f"每个?({_CJK}{{1,{int(dist.get('max_length', 3))}}})")
        ql, dl = words["qualitative"], words["deadline"]
        verbs = [*(dist.get("verbs") or []), *ql["heads"], *ql["generic"], *dl["verbs"],
                 *dl["schedule_actions"]]
        self.distributor_verb_re = re.compile(_alt(verbs))
        self.distributor_nouns = frozenset(
            {s.lower() for s in self.spellings} | {str(d) for d in units["denominators"]}
        )
        self.distributor_classifiers = frozenset(
            s for s, (_, kind, _) in self.spellings.items() if len(s) == 1 and kind in ("count", "person")
        )
        # 每人发放, 每月补: a person or time denominator then words is an action, not a noun
        self.distributor_bad_start = tuple(sorted(
            {str(d) for d in units["denominators"]}
            | {s for s, (_, kind, _) in self.spellings.items() if kind in ("person", "duration")}
        ))

    def distributor(self, label: str) -> str | None:
        """The noun X of a label 每X (每支部, 每个村), or None when X is not a plain noun."""
        if self.distributor_re is None:
            return None
        m = self.distributor_re.fullmatch(label)
        if m is None:
            return None
        x = m.group(1)
        if x.lower() in self.distributor_nouns:
            return x
        if len(x) > 2 and x[0] in self.distributor_classifiers:
            x = x[1:]  # 每所学校, 每名学生: the classifier before the noun is dropped
            if x.lower() in self.distributor_nouns:
                return x
        if x.startswith(self.distributor_bad_start) or self.distributor_verb_re.search(x):
            return None
        return x

    # deadlines -----------------------------------------------------------------------
    def _build_deadline(self, dl: dict[str, Any], heads: list[str]) -> None:
        self.period_end: dict[str, Any] = dl["period_end"]
        self.halves: dict[str, str] = dl["halves"]
        self.by_prefix = set(dl["by_prefix"])
        ends = _alt(self.period_end)
        # a label naming the date may lead it (完成时间为2022年12月30日, 验收时限:…)
        lead = f"(?:{_CJK}{{0,8}}?(?:{_alt(dl.get('event_nouns') or [])})(?:为|是|:|在)?)?"
        pre = (
            f"{lead}(?P<op>[≥>≤<=])?(?P<pw>{_alt([*dl['by_prefix'], *dl['at_prefix']])})?"
        )
        # a share of the work due by then may follow (12月底前100%到位, 年底前完成80%)
        suf = (f"(?:(?P<suf>{_alt(dl['before'])}|{_alt(dl['within'])})"
               f"(?:(?:{_alt(dl['verbs'])})?(?P<share>{_NUM})%)?)?")
        # the action after a date may name what is done (2021年12月底完成项目规划相关工作)
        verb = f"(?P<verb>(?:{_alt(dl['verbs'])}){_CJK}{{0,12}})?"
        sep = "(?:-|~|至|到)"
        # the budget year or the next named in words (当年12月, 次年3月前, 明年上半年)
        rel_year = "(?P<ry>当|本|今|次|明|下一?)年度?"
        y, m, d = _YEAR, r"\d{1,2}", r"\d{1,2}"
        durations = [s for s, (_, kind, _) in self.spellings.items() if kind == "duration"]
        periods = _alt(dl["schedule_periods"])
        actions = _alt(dl["schedule_actions"])
        reports = _alt(dl["reports"])
        ev_nouns = _alt([*(dl.get("event_nouns") or []), *dl["verbs"]])
        span_verbs = _alt(dl.get("span_verbs") or [])
        span_tail = f"(?:{verb}|(?:{span_verbs}){_CJK}{{0,4}})" if span_verbs else verb
        fill = _alt(dl.get("schedule_fillers") or [])
        p = {
            "range_ym": f"{pre}(?:(?P<y1>{y})年)?(?P<m1>{m})(?P<m1u>月份?)?{sep}"
            f"(?:(?P<y2>{y})年)?(?P<m2>{m})月份?(?P<end>{ends})?{verb}",
            "range_y": f"{pre}(?P<y1>{y})年?度?{sep}(?P<y2>{y})年度?{verb}",
            # year.month to year.month (2023.07-2024.01): a period, not a range of numbers
            "range_dot": f"{pre}(?P<y1>{y})\\.(?P<m1>{m}){sep}(?P<y2>{y})\\.(?P<m2>{m}){verb}",
            # day to day (2024年1月1日至2024年12月31日, 2020.1.1-2020.12.31): a period
            "range_ymd": f"{pre}(?P<y1>{y})(?:年|[-./])(?P<m1>{m})(?:月|[-./])(?P<d1>{d})[日号]?{sep}"
            f"(?:(?P<y2>{y})(?:年|[-./]))?(?P<m2>{m})(?:月|[-./])(?P<d2>{d})[日号]?{verb}",
            "full": f"{pre}(?P<y>{y})(?:年|[-./])(?P<m>{m})(?:月|[-./])(?P<d>{d})[日号]?{suf}{verb}",
            "ym": f"{pre}(?:(?P<y>{y})年|{rel_year})?(?P<m>{m})月份?(?:(?P<d>{d})[日号]|(?P<end>{ends}))?"
            f"{suf}{verb}",
            # dates listed (3月、9月完成, 6月底、12月底前): a schedule due by the last of them
            "months": f"{pre}(?:(?P<y>{y})年|{rel_year})?(?P<m1>{m})月份?(?:{ends})?"
            f"(?:[、,和及与](?P<m>{m})月份?(?P<end>{ends})?)+{suf}{verb}",
            # month.day before a deadline word (12.31前): a date, not the number 12.31
            "md_dot": f"{pre}(?P<m>{m})\\.(?P<d>{d})(?P<suf>{_alt(dl['before'])}){verb}",
            "year_end": f"{pre}(?:(?P<y>{y})|(?P<rel>当|本|今))?年度?(?P<end>底|末|终){suf}{verb}",
            "half": f"{pre}(?:(?P<y>{y})年|{rel_year})?(?P<half>{_alt(self.halves)})(?P<end>末|底)?"
            f"{suf}{verb}",
            "year": f"{pre}(?P<y>{y})年度?{suf}{verb}",
            "span": f"{pre}(?:(?P<y>{y})年)?(?P<span>{_alt(dl['spans'])}){suf}{span_tail}",
            "month_end": f"{pre}月(?P<end>{ends}){suf}{verb}",
            "day": f"{pre}(?:每月)?(?P<d>{d})[日号](?P<suf>{_alt(dl['before'])}){verb}",
            "event": f"{pre}(?P<ev>{_alt(dl['events'])})(?P<suf>{_alt(dl['before'])}){verb}",
            "event_noun": f"{pre}(?P<evp>{_CJK}{{0,10}}?)(?P<ev>{ev_nouns})"
            f"(?P<suf>{_alt(dl['before'])}){verb}",
            # the lead may be any words without a number: 评价报告正版提交5日内
            "relative": rf"(?P<op>[≤<])?(?P<rp>[^\d≤<≥>=~\-%]{{0,40}}?)(?P<n>{_NUM})"
            f"(?P<u>{_alt(durations)})(?P<suf>{_alt(dl['within'])}){verb}",
            # 逐年提高, 每年增加: a direction word after the period makes it a trend, not a schedule
            "schedule": f"(?:{_alt(dl['schedule_leads'])})(?P<per>{periods})"
            f"(?:{actions})*(?!{_alt(heads)}){_CJK}{{0,2}}",
            "schedule_n": f"(?P<k>\\d+|半)?(?P<per>{periods})(?:1次|1)(?:{actions}|{_CJK}{{0,2}})",
            "report": f"(?:{reports})(?:[/、](?:{reports}|半月|月刊|周刊|季刊))*",
        }
        bare = dl.get("schedule_bare") or []
        if bare:  # 季度 alone names the period of a schedule, like 按季度
            p["schedule_bare"] = f"(?:{_alt(bare)})"
        idiom = dl.get("schedule_idiom") or {}
        if idiom.get("periods"):  # 日产日清, 保证日清日结: the same period twice, an action each
            leads = _alt(idiom.get("leads") or [])
            p["schedule_idiom"] = (
                (f"(?:{leads})?" if leads else "")
                + f"(?P<per>{_alt(idiom['periods'])}){_CJK}(?P=per){_CJK}"
            )
        self.limit_units = frozenset(str(u) for u in dl.get("limit_units") or [])
        self.deadline_res = [(k, re.compile(v)) for k, v in p.items()]
        # a schedule inside a longer value: a lead and a period, then an action or the end of
        # a clause; 每 right after 每X is a denominator chain (每人每月), not a schedule
        self.schedule_in_re = re.compile(
            f"(?<!每{_CJK})(?:{_alt(dl['schedule_leads'])})(?:{periods})"
            f"(?:(?:{fill})?(?:{actions})|(?!{_CJK}))"
        )

    # words: status, qualitative -------------------------------------------------------
    def _build_words(self, words: dict[str, Any]) -> None:
        st, ql = words["status"], words["qualitative"]
        generic = _alt(ql["generic"])
        self.status_end_re = re.compile(
            f"(?P<pre>{_CJK}{{0,{int(st['max_prefix'])}}}?)(?P<st>{_alt(st['words'])})"
            f"(?:{generic})*"
        )
        self.status_words = frozenset(st["words"])
        self.status_lead_re = re.compile(
            f"(?:{_alt(st['leading'])}){_CJK}{{0,{int(st['max_object'])}}}"
        )
        cmp_ops = {w["word"]: w["op"] for w in words["comparative_ops"]}
        self.cmp_ops = cmp_ops
        # 不低于国家规定标准, 不低于上年同期水平: a short qualifier before the reference, a tail after
        qual = int(words.get("comparative_qualifier_max") or 0)
        tails = _alt(words.get("comparative_tails") or [])
        self.cmp_re = re.compile(
            f"(?P<op>{_alt(cmp_ops)}){_CJK}{{0,{qual}}}?(?P<ref>{_alt(words['comparative_refs'])})"
            + (f"(?:{tails})?" if tails else "")
        )
        self.ref_prefixes = tuple(sorted(words["reference_prefixes"], key=len, reverse=True))
        self.vague_re = re.compile(_alt(ql["vague"]))
        # 及时/按时 followed by 间 is the noun 时间 (以及时间, 按时间节点)
        self.timely_re = re.compile(f"(?:{_alt(ql['vague'])})(?!间)")
        everything = _alt([*ql["vague"], *ql["heads"], *ql["modifiers"], *ql["generic"]])
        self.qual_re = re.compile(f"(?:{everything})+")
        self.qual_tail_re = re.compile(f"(?:{everything})+\\Z")
        self.qual_head_re = re.compile(_alt([*ql["vague"], *ql["heads"]]))
        self.verb_object_re = re.compile(
            f"(?:{_alt(ql['modifiers'])})*(?:{_alt(ql['heads'])})(?!{everything})"
        )
        self.qual_max = int(ql["max_length"])
        self.clause_re = re.compile("[,;、]")
        gr = st.get("grades")
        self.grade_re = None
        if gr:  # optional section: without it no value is a grade
            subject = f"{_CJK}{{0,{int(gr.get('max_prefix', 4))}}}?"
            words_alt = _alt(gr.get("words") or []) or "(?!)"
            tails_alt = _alt(gr.get("tails") or []) or "(?!)"
            self.grade_re = re.compile(
                f"{subject}(?:(?:{_alt(gr['ranks'])})(?:{_alt(gr['classes'])})"
                f"|(?:{words_alt}))(?:{tails_alt})?",
                re.I,
            )


_STATE: dict[str, _Grammar] = {}


def _grammar() -> _Grammar:
    """The grammar for the current lexicons, rebuilt when :mod:`nlp.lexicon` reloads."""
    units, words = lexicon.units(), lexicon.value_words()
    g = _STATE.get("g")
    if g is None or g.source[0] is not units or g.source[1] is not words:
        g = _STATE["g"] = _Grammar(units, words)
    return g


# --- small helpers ------------------------------------------------------------------------


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _base(x: float | None, factor: float) -> float | None:
    if x is None:
        return None
    return float(f"{x * factor:.12g}")  # 371.13 × 1e4 stays 3711300.0, not ...0005


def _iso(y: int | None, m: int, d: int | str | None) -> str | None:
    """ISO date, or None when the year is unknown or the date impossible."""
    if y is None or not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    day = last if d in (None, "last") else int(d)
    if not 1 <= day <= last:
        return None
    return f"{y:04d}-{m:02d}-{day:02d}"


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --- the parser ---------------------------------------------------------------------------


def without_enclosing(s: str, pairs: dict[str, str]) -> str:
    """``s`` without the opening mark of ``pairs`` at its start and its closing mark at its
    end when they enclose the whole of it (nested pairs counted; a mark that opens and closes
    alike, a straight quote, may not occur inside).

    >>> [without_enclosing(t, {"(": ")"}) for t in ["(≥95%)", "(提高(明显))", "(一期)(二期)"]]
    ['≥95%', '提高(明显)', '(一期)(二期)']
    >>> without_enclosing('"及时率"', {'"': '"'}), without_enclosing('"a"b"', {'"': '"'})
    ('及时率', '"a"b"')
    """
    close = pairs.get(s[:1])
    if close is None or len(s) < 3 or s[-1] != close:
        return s
    if close == s[0]:
        return s[1:-1] if close not in s[1:-1] else s
    depth = 0
    for i, c in enumerate(s):
        depth += (c == s[0]) - (c == close)
        if depth == 0:
            return s[1:-1] if i == len(s) - 1 else s
    return s


# a note in brackets closing a value: `≥95%(以考核为准)`, `年底前(12月31日前)`
_TRAILING_NOTE = re.compile(r"\([^()]{1,30}\)$")


def _set_aside(g: _Grammar, n: str) -> tuple[str, str]:
    """A normalized value without a label before it and a bracketed note after it, and the
    note (``""`` when none)."""
    label = g.label_re.match(n)
    rest = n[label.end():] if label else n
    note = _TRAILING_NOTE.search(rest)
    if note is None or note.start() == 0:
        return rest, ""
    return rest[: note.start()], note.group(0)


class _Parser:
    """Reads one value with one grammar; methods return a ParsedValue or None (no match)."""

    def __init__(self, g: _Grammar, text: str, year: int | None) -> None:
        self.g, self.text, self.year = g, text, year
        self.notes: list[str] = []

    def normalize(self, s: str) -> str:
        s = simplified(unicodedata.normalize("NFKC", s))
        s = "".join(s.split())
        for a, b in self.g.rewrites:
            if a in s:
                s = s.replace(a, b)
        # 100余人, 50多个: more than the number (a comparison written before it stays)
        if self.g.more_than_re is not None and len(self.g.more_than_re.findall(s)) == 1:
            compared = any(op in s for op in "≥≤<>=")
            s = self.g.more_than_re.sub(r"\1" if compared else r"≥\1", s)
        # 、 or . between the denominators of a compound unit is one more /: 400元/人、天
        s = _DEN_JOIN.sub(r"\1/", s)
        # a unit and its alternative after 、 (`≥189470头、只`): the second is a note, as in `头（只）`
        if (m := _UNIT_OR.search(s)) and m.group(1) in self.g.spellings and m.group(2) in self.g.spellings:
            s = s[:m.start(2) - 1] + f"({m.group(2)})"
        # a whole value in brackets is the value: `(≥95%)`
        return without_enclosing(s.strip(",;:、").rstrip(".。!"), {"(": ")"})

    def numerals(self, s: str) -> str:
        """Chinese numerals → digits (十二个月 → 12个月, 三千万元 → 3000万元)."""
        if _CN_DIGIT.search(s):
            s = self.g.cn_re.sub(self._cn_run, s)
        if "%" not in s:
            s = self.g.pct_re.sub(r"\1%", s)
        return s

    @staticmethod
    def _cn_run(m: re.Match[str]) -> str:
        run = m.group(2)
        if run is None or not _CN_DIGIT.search(run):
            return m.group(0)
        head, tail = run, ""
        stripped = run.rstrip("万亿")
        if stripped != run and stripped and not re.search("[万亿]", stripped):
            head, tail = stripped, run[len(stripped):]  # keep 万 as a multiplier: 3000万元
        try:
            value = cn2an.cn2an(head, "smart")
        except Exception:  # cn2an raises plain ValueError/others on non-numbers (一一)
            return run
        number = str(int(value)) if float(value).is_integer() else str(value)
        return number + tail

    def run(self) -> ParsedValue:
        g = self.g
        n = self.normalize(self.text)
        if not n or n.lower() in g.empty or not any(ch.isalnum() for ch in n):
            return ParsedValue(text=self.text)
        c = self.numerals(n)
        direction = self.direction(n)
        steps = () if n in g.status_words else (self.deadline, self.quantity, self.multi)
        for step in steps:  # 零 alone is the status word, not the number 0
            out = step(c)
            if out is not None:
                notes = tuple(dict.fromkeys(self.notes))
                return replace(out, direction_word=direction, notes=notes)
        inner = self.without_extras(n)
        if inner is not None:
            return inner
        vtype, op = self.words(n)
        return ParsedValue(
            text=self.text, operator=op, value_type=vtype, direction_word=direction,
            notes=tuple(self.notes),
        )

    def without_extras(self, n: str) -> ParsedValue | None:
        """A value that reads as a quantity or a deadline once a label before it
        (`目标值:≥95%`) or a bracketed note after it (`≥95%(以考核为准)`) is set aside, read
        so, with the note recorded; after a label alone, any reading but text (`定性:提高`
        is qualitative); None otherwise."""
        rest, note = _set_aside(self.g, n)
        notes = list(self.notes) + ([f"bracketed note not read: {note}"] if note else [])
        if rest == n:
            return None
        out = _Parser(self.g, rest, self.year).run()
        if out.value_type not in _readings_beside(note):
            return None
        return replace(out, text=self.text, notes=tuple(dict.fromkeys([*out.notes, *notes])))

    def direction(self, n: str) -> str | None:
        m = self.g.direction_re.search(n)
        return m.group(0) if m else None

    # deadlines ---------------------------------------------------------------------
    def deadline(self, c: str) -> ParsedValue | None:
        for kind, rx in self.g.deadline_res:
            m = rx.fullmatch(c)
            if m is not None:
                out = self._deadline(kind, m)
                if out is not None:
                    return out
        return None

    def _deadline(self, kind: str, m: re.Match[str]) -> ParsedValue | None:
        gd = m.groupdict()
        year = int(gd["y"]) if gd.get("y") else self.year
        if gd.get("ry") in ("次", "明", "下", "下一") and year is not None:
            year += 1
        base: dict[str, Any] = {"text": self.text, "value_type": "deadline", "unit_kind": "date"}
        if gd.get("share"):
            base["quantities"] = ((_num(gd["share"]), "%"),)
        op = self._deadline_op(gd)
        if kind in ("schedule", "schedule_n", "report", "schedule_bare", "schedule_idiom"):
            return ParsedValue(**{**base, "unit_kind": None})
        if kind == "relative":
            n = _num(gd["n"])
            canon, _, factor = self.g.spellings[gd["u"].lower()]
            return ParsedValue(
                **{**base, "unit_kind": "duration"}, operator="<" if gd["op"] == "<" else "<=",
                upper=n, unit_raw=gd["u"], unit=canon, base_upper=_base(n, factor),
            )
        if kind == "range_ymd":
            start = _iso(int(gd["y1"]), int(gd["m1"]), int(gd["d1"]))
            date = _iso(int(gd["y2"] or gd["y1"]), int(gd["m2"]), int(gd["d2"]))
            if start is None or date is None or date < start:
                return None
            return ParsedValue(**base, operator="range", deadline=date)
        if kind in ("range_ym", "range_y", "range_dot"):
            if kind == "range_ym" and not (gd["m1u"] or gd["y1"]) \
                    and not 1 <= int(gd["m1"]) < int(gd["m2"]) <= 12:
                return None  # 1-12月 and 1月-5月 are periods; 12-3月 is no period
            y2 = int(gd["y2"] or gd["y1"] or 0) or self.year
            if kind == "range_y":
                date = _iso(y2, 12, None)
            else:
                if not (1 <= int(gd["m1"]) <= 12 and 1 <= int(gd["m2"]) <= 12):
                    return None
                date = _iso(y2, int(gd["m2"]), self.g.period_end.get(gd.get("end") or "", None))
            return ParsedValue(**base, operator="range", deadline=date)
        if kind == "full":
            date = _iso(int(gd["y"]), int(gd["m"]), int(gd["d"]))
            return None if date is None else ParsedValue(**base, operator=op, deadline=date)
        if kind == "months":  # a schedule of dates listed in order: due by the last
            if not 1 <= int(gd["m1"]) < int(gd["m"]) <= 12:
                return None
            end = self.g.period_end.get(gd.get("end") or "", None)
            return ParsedValue(**{**base, "operator": "none"}, deadline=_iso(year, int(gd["m"]), end))
        if kind in ("ym", "md_dot"):
            month = int(gd["m"])
            if not 1 <= month <= 12:
                return None
            day = int(gd["d"]) if gd.get("d") else self.g.period_end.get(gd.get("end") or "", None)
            return ParsedValue(**base, operator=op, deadline=_iso(year, month, day))
        if kind == "year_end" or kind == "year" or kind == "span":
            return ParsedValue(**base, operator=op, deadline=_iso(year, 12, None))
        if kind == "half":
            mm, dd = (int(x) for x in self.g.halves[gd["half"]].split("-"))
            return ParsedValue(**base, operator=op, deadline=_iso(year, mm, dd))
        return ParsedValue(**base, operator=op)  # month_end, day, event: no calendar date

    def _deadline_op(self, gd: dict[str, str | None]) -> str:
        sym = gd.get("op")
        if sym:
            return self.g.symbols[sym]
        if (
            gd.get("suf") or gd.get("end") or gd.get("verb")
            or (gd.get("pw") in self.g.by_prefix)
        ):
            return "<="
        return "none"

    # quantities ---------------------------------------------------------------------
    def _unit(self, m: re.Match[str], tag: str) -> _Unit | None:
        g = self.g
        mult, unit = m.group("mult" + tag), m.group("unit" + tag)
        paren, den = m.group("paren" + tag), m.group("den" + tag) or ""
        raw = (mult or "") + (unit or "") + (f"({paren})" if paren else "") + den
        if unit is None and mult is None and den and g.rate_base_re.fullmatch(den):
            return _Unit(raw, den, "other", 1.0)  # a count per population: ≤12/10万
        if unit is None and mult is None:
            # the unit in brackets after the number: 100(%), 12(个), ≥400(万元)
            u = self.quantity("1" + paren) if paren and not den else None
            if u is None or u.unit is None or u.unit_kind is None or u.lower != 1.0:
                return None
            return _Unit(raw, u.unit, u.unit_kind, u.base_lower or 1.0)
        if unit is not None and mult is not None and (mult + unit).lower() in g.spellings:
            canon, kind, factor = g.spellings[(mult + unit).lower()]  # 千米 is 公里, not 千×米
        elif unit is not None:
            canon, kind, factor = g.spellings[unit.lower()]
            factor *= g.multipliers[mult] if mult else 1.0
        else:
            canon, kind, factor = g.spellings[g.bare_unit.lower()]
            factor *= g.multipliers[mult]
            return _Unit(raw, canon, kind, factor, bare=True)
        dens = [d.removeprefix("每") for d in re.split("/|(?=每)", den) if d]
        dens = [d for d in dens if d and d not in g.amount_qualifiers]
        if dens:
            canon = "/".join([canon, *(self._den(d) for d in dens)])
        return _Unit(raw, canon, kind, factor)

    def _den(self, d: str) -> str:
        hit = self.g.spellings.get(d.lower())
        return hit[0] if hit else d

    def quantity(self, c: str) -> ParsedValue | None:
        m = self.g.quantity_re.fullmatch(c)
        if m is None:
            return None
        g = self.g
        label, noun = m.group("label"), m.group("noun")
        per: list[str] = []
        if label:
            per = g.den_re.findall(label)
            if "".join("每" + p for p in per) == label:
                label = ""  # 每人每年60元 → 60 元/人/年
            else:
                per = []
                x = g.distributor(label)
                if x is not None:
                    per, label = [x], ""  # 每支部一名管理员 → 1 人/支部
            if label.endswith("第"):
                return None  # 第3名 is a rank
            if label and not re.search(r"\d", self.text) and not g.direction_re.fullmatch(label):
                return None  # 地表三类: Chinese numerals after words are names, not amounts
        u1, u2 = self._unit(m, "1"), self._unit(m, "2")
        n1 = _num(m.group("n1"))
        n2 = _num(m.group("n2")) if m.group("n2") else None
        if u1 is None and n2 is not None:
            u1 = u2
        main = u2 if (n2 is not None and u2 is not None) else u1
        if main is None and label:
            main = u1 = self._label_unit(label)  # (万元)≤400: the unit heads the value
        if noun and (main is None or main.kind not in ("count", "person") or "/" in main.unit):
            return None  # 95%服务对象 is two cells run together, not a quantity
        op = self._quantity_op(m)
        unit = main.unit if main else None
        if per and main is not None:
            unit = "/".join([unit, *(self._den(p) for p in per)])
        if main is not None and main.bare:
            self.notes.append(f"bare {main.raw} read as {main.raw}{g.bare_unit}")
        raw = None
        if main is not None:
            raw = main.raw + (noun or "")
        f1 = u1.factor if u1 else 1.0
        f2 = main.factor if main else 1.0
        lower = upper = None
        if n2 is not None:
            op, lower, upper = "range", n1, n2
        elif op in (">=", ">"):
            lower = n1
        elif op in ("<=", "<"):
            upper = n1
        else:
            lower = upper = n1
        return ParsedValue(
            text=self.text, operator=op, lower=lower, upper=upper, unit_raw=raw, unit=unit,
            unit_kind=main.kind if main else None,
            base_lower=_base(lower, f1 if n2 is not None else f2), base_upper=_base(upper, f2),
            value_type="quantitative",
        )

    def _label_unit(self, label: str) -> _Unit | None:
        """A unit written in brackets in the label of a quantity that writes none: (万元)≤400."""
        m = _BRACKETED.search(label)
        u = self.quantity("1" + m.group(1)) if m else None
        if u is None or u.unit is None or u.unit_kind is None or u.lower != 1.0:
            return None
        self.notes.append(f"unit from label: {m.group(1)}")
        return _Unit(u.unit_raw or u.unit, u.unit, u.unit_kind, u.base_lower or 1.0)

    def _quantity_op(self, m: re.Match[str]) -> str:
        g = self.g
        op1, suf = m.group("op1"), m.group("suf")
        if op1 in g.symbols:
            return g.symbols[op1]
        hard = soft = None
        if op1:
            word_op, is_soft = g.prefix_ops[op1]
            soft, hard = (word_op, None) if is_soft else (None, word_op)
        if hard:
            return hard
        if suf:
            return g.suffix_ops[suf]
        return soft or "none"

    def multi(self, c: str) -> ParsedValue | None:
        """A value listing several quantities: 中央补助7万、省级补助5.8万."""
        parts = [p for p in self.g.split_re.split(c) if p]
        if len(parts) < 2:
            parts = self._run_on(c)
        if len(parts) < 2:
            return None
        found = []
        notes = list(self.notes)
        for part in parts:
            q = self.quantity(part)
            if q is None:
                self.notes = notes
                return None
            found.append(q)
        units = {q.unit for q in found}
        unit = units.pop() if len(units) == 1 else None
        if len(found) == 2 and unit is not None and found[0].operator in (">=", ">") \
                and found[1].operator in ("<=", "<") and found[0].lower is not None \
                and found[1].upper is not None and found[0].lower <= found[1].upper:
            # a lower and an upper bound of one unit are a range: ≥90%且≤95%
            low, high = found
            return replace(low, text=self.text, operator="range", upper=high.upper,
                           base_upper=high.base_upper)
        kinds = {q.unit_kind for q in found}
        raws = {q.unit_raw for q in found}
        quantities = tuple(
            (q.base_lower if q.base_lower is not None else q.base_upper, q.unit) for q in found
        )
        return ParsedValue(
            text=self.text, unit=unit, unit_kind=kinds.pop() if len(kinds) == 1 else None,
            unit_raw=raws.pop() if len(raws) == 1 and unit else None,
            value_type="quantitative", quantities=quantities,
        )

    def _run_on(self, c: str) -> list[str]:
        """Cut quantities written one after the other: 30人保障消防车15辆 → 30人 | 保障消防车15辆.

        A cut falls after a number and its unit when words and another number follow (a noun
        after the last unit stays with it: 10个村5个社区); durations (2024年, 3个月) never end
        a part, they are dates or spans of the next quantity.
        """
        g = self.g
        cuts = [
            m.end() for m in g.run_on_re.finditer(c)
            if g.spellings[m.group("u").lower()][1] != "duration" and _DIGIT.search(c, m.end())
        ]
        if not cuts:
            return []
        bounds = [0, *cuts, len(c)]
        return [c[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]

    # words -----------------------------------------------------------------------------
    def words(self, n: str) -> tuple[str, str]:
        """(value type, operator) of a value without a number or date."""
        g = self.g
        if g.schedule_in_re.search(n):
            return "deadline", "none"  # 岗位津贴发放时间按季度发放: a schedule is checkable
        m = g.cmp_re.fullmatch(n)
        if m is not None:
            return "status", g.cmp_ops[m.group("op")]
        m = g.status_end_re.fullmatch(n)
        if m is not None:
            pre = m.group("pre")
            if not pre.startswith(g.ref_prefixes) and not g.vague_re.search(pre):
                return "status", "none"
        elif g.status_lead_re.fullmatch(n) and not g.vague_re.search(n):
            return "status", "none"
        if g.grade_re is not None and g.grade_re.fullmatch(n):
            return "status", "none"  # 地表三类, 二级甲等: a class is checkable
        if g.cmp_ops.get(n, "none") != "none":
            return "qualitative", g.cmp_ops[n]  # `不低于` with nothing to compare: a direction
        clauses = [x for x in g.clause_re.split(n) if x]
        if clauses and all(self._qualitative(x) for x in clauses):
            return "qualitative", "none"
        return "text", "none"

    def _qualitative(self, c: str) -> bool:
        """Whether one clause is a direction/degree phrase; the rule is in value_words.yaml."""
        g = self.g
        if len(c) > g.qual_max:
            return False
        if g.qual_re.fullmatch(c):  # (a) composed: 有效提升, 长期影响, 提供依据
            return g.qual_head_re.search(c) is not None
        if g.timely_re.search(c):  # (b) timely: 全国土壤普查及时, 符合条件及时救助
            return True
        m = g.qual_tail_re.search(c)  # (c) predicate-final: 生命财产安全保障提升
        return (
            m is not None
            and 2 * len(m.group()) >= len(c)
            and g.qual_head_re.search(m.group()) is not None
            and not g.verb_object_re.match(c)  # 保障学校正常运转 is a clause of intent
        )


# --- public API -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def _parse_cached(
    text: str, year: int | None, operator: str | None, unit: str | None, g: _Grammar
) -> ParsedValue:
    return _parse(text, year, operator, unit, g)


def _parse(
    text: str, year: int | None, operator: str | None, unit: str | None, g: _Grammar
) -> ParsedValue:
    parser = _Parser(g, text, year)
    try:
        out = parser.run()
    except Exception as exc:  # the contract: never raise on a string; keep the reason
        return ParsedValue(text=text, value_type="text", notes=(f"unreadable: {exc!r}",))
    if operator is not None or unit is not None:
        out = _apply_columns(out, parser, operator, unit)
    return _as_limit(out, g)


def _as_limit(p: ParsedValue, g: _Grammar) -> ParsedValue:
    """A single quantity in a time-limit unit (5个工作日, ≤5个工作日) is a relative deadline.

    The unit (``deadline.limit_units`` of value_words.yaml: 工作日) measures how long an office
    may take to act, so an amount of it is a limit whether or not 内 is written; the operator
    stays as written (none, <=, <, range) and the bounds are kept. A floor (``≥5个工作日``) is
    a length, not a limit, and stays quantitative.
    """
    if (
        p.value_type == "quantitative" and p.unit in g.limit_units and not p.quantities
        and p.operator in ("none", "<=", "<", "range")
    ):
        return replace(p, value_type="deadline")
    return p


def _apply_columns(
    p: ParsedValue, parser: _Parser, operator: str | None, unit: str | None
) -> ParsedValue:
    """Use an operator/unit kept in separate columns where the value itself writes none."""
    g = parser.g
    if p.value_type == "empty":
        return p
    notes = list(p.notes)
    if unit is not None and p.value_type == "quantitative" and p.unit is None and unit.strip():
        u = parser.quantity("1" + parser.normalize(unit))
        if u is not None and u.unit is not None:
            f = u.base_lower if u.base_lower is not None else 1.0
            p = replace(
                p, unit_raw=u.unit_raw, unit=u.unit, unit_kind=u.unit_kind,
                base_lower=_base(p.lower, f), base_upper=_base(p.upper, f),
                quantities=tuple((q * f, u.unit) for q, _ in p.quantities),
            )
            notes.append(f"unit from column: {unit}")
    op = g.column_ops.get(parser.normalize(operator)) if operator is not None else None
    if op == "qualitative":
        p = replace(p, value_type="qualitative", operator="none")
        notes.append("qualitative by column operator")
    elif op and op != "none" and p.operator == "none" and p.value_type == "quantitative":
        if not p.quantities and op != "range":
            x, bl = p.lower, p.base_lower
            if op in (">=", ">"):
                p = replace(p, operator=op, upper=None, base_upper=None)
            elif op in ("<=", "<"):
                p = replace(p, operator=op, lower=None, base_lower=None, upper=x, base_upper=bl)
            else:
                p = replace(p, operator=op)
            notes.append(f"operator from column: {operator}")
    return replace(p, notes=tuple(notes))


def parse_value(
    text: Any,
    *,
    year: int | None = None,
    operator: str | None = None,
    unit: str | None = None,
    cache: bool = True,
) -> ParsedValue:
    """Read one indicator value (指标值).

    Parameters
    ----------
    text : str or None
        The value as written. None, NaN and blank text give ``value_type="empty"``;
        non-strings are read as their ``str``.
    year : int, optional
        The budget year, used to date deadlines that write no year (``年底前``).
    operator : str, optional
        An operator kept in a separate column (``≥``, ``大于等于``, ``定性``); used only when
        the value writes none. ``定性`` makes the value qualitative.
    unit : str, optional
        A unit kept in a separate column (``万元``, ``%``); used only when the value writes
        none.
    cache : bool, default True
        Reuse the result of an identical earlier call.

    Returns
    -------
    ParsedValue
        Never raises for any text.

    Examples
    --------
    >>> p = parse_value("≤400万元")
    >>> p.operator, p.upper, p.unit, p.base_upper
    ('<=', 400.0, '元', 4000000.0)
    >>> parse_value("95%以上").operator
    '>='
    >>> p = parse_value("年底前", year=2024)
    >>> p.value_type, p.operator, p.deadline
    ('deadline', '<=', '2024-12-31')
    >>> parse_value("中央补助7万、省级补助5.8万").quantities
    ((70000.0, '元'), (58000.0, '元'))
    >>> parse_value("明显改善").value_type
    'qualitative'
    """
    if _is_missing(text):
        return ParsedValue(text="")
    if not isinstance(text, str):
        text = str(text)
    year = int(year) if year is not None else None
    g = _grammar()
    if cache:
        return _parse_cached(text, year, operator, unit, g)
    return _parse(text, year, operator, unit, g)


def clear_cache() -> None:
    """Forget the results :func:`parse_value` has cached (for benchmarks and tests)."""
    _parse_cached.cache_clear()


def _column(values: Any, index: pd.Index) -> list[Any]:
    if values is None or isinstance(values, str):
        return [values] * len(index)
    col = values if isinstance(values, pd.Series) else pd.Series(list(values), index=index)
    return [None if _is_missing(v) else str(v) for v in col.reindex(index)]


def parse_values(
    series: Any,
    *,
    year: int | None = None,
    operator: Any = None,
    unit: Any = None,
) -> pd.DataFrame:
    """Read a column of indicator values; one row per value, one column per field.

    Each distinct value is parsed once, so long columns with repeated values are fast.

    Parameters
    ----------
    series : pandas.Series or iterable of str
        The values (a DataFrame column such as ``df["指标值"]``).
    year : int, optional
        The budget year for deadlines that write none.
    operator, unit : str or pandas.Series, optional
        Operators / units kept in separate columns, aligned with ``series``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``series``, with the fields of :class:`ParsedValue` as columns
        (bounds as float, NaN when absent). Join it back with
        ``df.join(parse_values(df["value"]).add_prefix("value_"))``.

    Examples
    --------
    >>> s = pd.Series(["≥90%", "51万", "及时", "≥90%"], index=[10, 11, 12, 13])
    >>> out = parse_values(s)
    >>> out[["operator", "lower", "base_lower", "value_type"]]
       operator  lower  base_lower    value_type
    10       >=   90.0        90.0  quantitative
    11     none   51.0    510000.0  quantitative
    12     none    NaN         NaN   qualitative
    13       >=   90.0        90.0  quantitative
    """
    s = series if isinstance(series, pd.Series) else pd.Series(list(series))
    texts = [None if _is_missing(v) else str(v) for v in s.tolist()]
    ops, units = _column(operator, s.index), _column(unit, s.index)
    seen: dict[tuple[Any, ...], int] = {}
    parsed: list[ParsedValue] = []
    codes = np.empty(len(texts), dtype=np.int64)
    for i, key in enumerate(zip(texts, ops, units, strict=True)):
        code = seen.get(key)
        if code is None:
            code = seen[key] = len(parsed)
            parsed.append(parse_value(key[0], year=year, operator=key[1], unit=key[2]))
        codes[i] = code
    data: dict[str, Any] = {}
    for name in FIELDS:
        col = [getattr(p, name) for p in parsed]
        if name in FLOAT_FIELDS:
            arr = np.array([np.nan if v is None else v for v in col], dtype=float)
        else:
            arr = np.empty(len(col), dtype=object)
            arr[:] = col
        data[name] = arr[codes] if len(codes) else arr[:0]
    return pd.DataFrame(data, index=s.index, columns=list(FIELDS))


def target_direction(name: str | None, parsed: ParsedValue | str | None) -> str:
    """What the target wants: ``increase``, ``decrease``, ``exact`` or ``none``.

    An operator written in the value decides (``>=``/``>`` increase, ``<=``/``<`` decrease,
    ``=`` and ``range`` exact); else a direction word written in the value (提高, 下降);
    else the indicator name, by the longest keyword of ``nlp/data/direction.yaml``
    (满意度 → increase, 成本 → decrease). An empty value wants nothing.

    Parameters
    ----------
    name : str or None
        The indicator (三级指标).
    parsed : ParsedValue or str
        The value, parsed or as written.

    Examples
    --------
    >>> target_direction("群众满意度", parse_value("100%"))
    'increase'
    >>> target_direction("会议成本", "51万")
    'decrease'
    >>> target_direction("交通事故下降率", "≤10%")
    'decrease'
    """
    p = parsed if isinstance(parsed, ParsedValue) else parse_value(parsed)
    if p.value_type == "empty":
        return "none"
    if p.operator in (">=", ">"):
        return "increase"
    if p.operator in ("<=", "<"):
        return "decrease"
    if p.operator in ("=", "range"):
        return "exact"
    if p.direction_word:
        return _grammar().direction_words.get(p.direction_word, "none")
    return name_direction(name)


def name_direction(name: str | None) -> str:
    """The direction an indicator's name implies, whatever its value says, from the
    keywords of ``nlp/data/direction.yaml``.

    The head of the name (its end) decides first: the longest keyword it ends in, else
    a rate (…率) wanted high; then the longest keyword anywhere in it.

    Examples
    --------
    >>> name_direction("受益群众满意度"), name_direction("会议成本"), name_direction("交通事故下降率")
    ('increase', 'decrease', 'increase')
    >>> name_direction("下拨经费符合相关政策规定比率"), name_direction("安全事故发生率")
    ('increase', 'decrease')
    """
    key = "".join((name or "").split())
    keywords = lexicon.direction_keywords()
    for word, direction in keywords:
        if key.endswith(word):
            return direction
    if key.endswith("率"):
        return "increase"
    for word, direction in keywords:
        if word in key:
            return direction
    return "none"


def _fmt_number(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.10g}"


def format_parsed(p: ParsedValue) -> str:
    """A readable multi-line text of the fields of ``p`` (what the CLI prints).

    Examples
    --------
    >>> print(format_parsed(parse_value("≥193 人")))
    text:           ≥193 人
    value_type:     quantitative
    operator:       >=
    lower:          193
    upper:          -
    unit_raw:       人
    unit:           人 (person)
    base_lower:     193
    base_upper:     -
    deadline:       -
    quantities:     -
    direction_word: -
    notes:          -
    """
    def show(name: str) -> str:
        v = getattr(p, name)
        if name in FLOAT_FIELDS:
            return _fmt_number(v)
        if name == "unit" and v is not None:
            return f"{v} ({p.unit_kind})" if p.unit_kind else str(v)
        if name == "quantities":
            return "; ".join(f"{_fmt_number(x)} {u or ''}".strip() for x, u in v) or "-"
        if name == "notes":
            return "; ".join(v) or "-"
        return "-" if v is None or v == "" else str(v)

    order = [f for f in FIELDS if f != "unit_kind"]
    order.insert(1, order.pop(order.index("value_type")))
    return "\n".join(f"{name + ':':<15} {show(name)}".rstrip() for name in order)


def reads_alike(a: ParsedValue, b: ParsedValue) -> bool:
    """Whether two readings give the same target: operator, bounds, unit, value type and
    deadline (the text, notes and the unit as written may differ).

    >>> p = parse_value("≥95%")
    >>> reads_alike(parse_value("不低于95%"), p), reads_alike(parse_value("95%"), p)
    (True, False)
    """
    return all(getattr(a, k) == getattr(b, k)
               for k in ("operator", "lower", "upper", "unit", "value_type", "deadline"))


def _readings_beside(note: str) -> tuple[str, ...]:
    """The value types a value may take once a label (and ``note``, a bracketed note) is set
    aside: after a note only a quantity or a deadline."""
    return ("quantitative", "deadline") + (() if note else ("status", "qualitative"))


def value_core(text: Any) -> str:
    """:func:`normalize_value` of ``text`` without the label before it or the bracketed note
    after it that the parser sets aside (both read alike); otherwise the same.

    Examples
    --------
    >>> value_core("目标值：≥95%（以考核为准）"), value_core("提高（明显）"), value_core("定性：提高")
    ('≥95%', '提高(明显)', '提高')
    """
    n = normalize_value(text)
    rest, note = _set_aside(_grammar(), n)
    if rest == n or not rest:
        return n
    a, b = parse_value(n), parse_value(rest)
    if b.value_type in _readings_beside(note) and reads_alike(a, b):
        return rest
    return n


def normalize_value(text: Any) -> str:
    """A value's surface folded as the parser reads it: NFKC, no spaces, look-alikes rewritten.

    Examples
    --------
    >>> normalize_value("≧ ９０ ％"), normalize_value("=>95%")
    ('≥90%', '≥95%')
    """
    if _is_missing(text):
        return ""
    return _Parser(_grammar(), str(text), None).normalize(str(text))
