"""Load, validate and cache the data files under ``nlp/data/``.

This is the only module that reads lexicon files. Every file opens with a
header comment giving its schema and source; tests may point
:func:`set_data_dir` at a folder of tiny files.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from nlp.errors import JixiaoError

_DEFAULT_DIR = Path(__file__).parent / "data"
_data_dir = _DEFAULT_DIR


def data_dir() -> Path:
    """Folder the lexicons are read from."""
    return _data_dir


def set_data_dir(path: str | Path | None) -> None:
    """Read lexicons from ``path`` (``None`` restores the packaged data)."""
    global _data_dir
    _data_dir = Path(path) if path is not None else _DEFAULT_DIR
    load_yaml.cache_clear()
    for fn in _CACHED:
        fn.cache_clear()


@functools.cache
def load_yaml(name: str) -> Any:
    """Parse ``nlp/data/<name>`` (YAML) once and cache it."""
    path = _data_dir / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise JixiaoError(f"{path}: lexicon file is missing") from exc
    except yaml.YAMLError as exc:
        raise JixiaoError(f"{path}: not valid YAML: {exc}") from exc


def read_text_lines(name: str) -> list[str]:
    """Lines of a plain-text lexicon, without comments (``#``) and blanks."""
    path = _data_dir / name
    try:
        raw = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise JixiaoError(f"{path}: lexicon file is missing") from exc
    return [ln for ln in (x.strip() for x in raw) if ln and not ln.startswith("#")]


# --- taxonomy ---------------------------------------------------------------


@functools.cache
def taxonomy() -> dict[str, Any]:
    """The taxonomy file (``taxonomy.yaml``), validated."""
    data = load_yaml("taxonomy.yaml")
    cats = data.get("categories")
    if not isinstance(cats, list) or not cats:
        raise JixiaoError(f"{_data_dir / 'taxonomy.yaml'}: 'categories' must be a non-empty list")
    for c in cats:
        for key in ("code", "name", "l1", "spellings"):
            if key not in c:
                raise JixiaoError(f"taxonomy.yaml: category {c!r} lacks '{key}'")
    return data


@functools.cache
def l2_spellings() -> dict[str, str]:
    """Every 二级 spelling found in tables → canonical category code."""
    out: dict[str, str] = {}
    for c in taxonomy()["categories"]:
        for s in [c["name"], *c["spellings"]]:
            out[_squash(s)] = c["code"]
    return out


@functools.cache
def l1_spellings() -> dict[str, str]:
    """Every 一级 spelling found in tables → canonical 一级 name."""
    out: dict[str, str] = {}
    for name, spellings in taxonomy()["l1"].items():
        for s in [name, *spellings]:
            out[_squash(s)] = name
    return out


def _squash(text: str) -> str:
    return "".join(text.split())


@functools.cache
def category_l1() -> dict[str, str]:
    """Category code → its 一级 (``taxonomy.yaml``: ``cost`` → 产出指标)."""
    return {c["code"]: c["l1"] for c in taxonomy()["categories"]}


@functools.cache
def concept_categories() -> dict[str, str]:
    """Concept id → its category code (``taxonomy.yaml``)."""
    return {c["id"]: c["category"] for c in taxonomy().get("concepts", [])}


@functools.cache
def concept_keywords() -> tuple[tuple[str, str], ...]:
    """(keyword, category) pairs of the taxonomy's concepts."""
    return tuple((str(k), c["category"]) for c in taxonomy().get("concepts", [])
                 for k in c.get("keywords") or [])


_CACHED = [taxonomy, l2_spellings, l1_spellings, category_l1, concept_categories, concept_keywords]


# --- jieba user dictionary ----------------------------------------------------


@functools.cache
def jieba_userdict() -> list[tuple[str, int | None, str | None]]:
    """Entries of ``jieba_userdict.txt``: ``(word, frequency or None, POS tag or None)``.

    Each line is ``word [frequency] [tag]`` as in jieba's own format; the file
    is read here (not by ``jieba.load_userdict``) so that its header comments
    are not taken for words.

    Examples
    --------
    >>> "满意度" in {word for word, _, _ in jieba_userdict()}
    True
    """
    out: list[tuple[str, int | None, str | None]] = []
    for line in read_text_lines("jieba_userdict.txt"):
        word, *rest = line.split()
        freq: int | None = None
        tag: str | None = None
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            raise JixiaoError(f"jieba_userdict.txt: expected 'word [freq] [tag]', got {line!r}")
        out.append((word, freq, tag))
    return out


_CACHED.append(jieba_userdict)


# --- indicator values (nlp.values) --------------------------------------------


@functools.cache
def units() -> dict[str, Any]:
    """The unit lexicon (``units.yaml``), validated.

    Returns the file's mapping plus ``spellings``: every surface form (lower case) →
    ``(canonical, kind, factor)``.
    """
    data = load_yaml("units.yaml")
    where = _data_dir / "units.yaml"
    kinds = set(data.get("kinds") or [])
    spellings: dict[str, tuple[str, str, float]] = {}
    for entry in data.get("units") or []:
        for key in ("canonical", "kind", "spellings"):
            if key not in entry:
                raise JixiaoError(f"{where}: unit {entry!r} lacks '{key}'")
        if entry["kind"] not in kinds:
            raise JixiaoError(f"{where}: unit {entry['canonical']!r} has unknown kind {entry['kind']!r}")
        factor = float(entry.get("factor", 1))
        forms = list(entry["spellings"])
        if factor == 1:
            forms.append(entry["canonical"])
        for form in forms:
            value = (str(entry["canonical"]), str(entry["kind"]), factor)
            key = str(form).lower()
            if spellings.setdefault(key, value) != value:
                raise JixiaoError(f"{where}: spelling {form!r} given to two units")
    if not spellings:
        raise JixiaoError(f"{where}: 'units' must be a non-empty list")
    mult = {str(k): float(v) for k, v in (data.get("multipliers") or {}).items()}
    bare = data.get("bare_multiplier_unit")
    if bare is not None and str(bare).lower() not in spellings:
        raise JixiaoError(f"{where}: bare_multiplier_unit {bare!r} is not a unit")
    return {
        **data,
        "spellings": spellings,
        "multipliers": mult,
        "denominators": [str(d) for d in data.get("denominators") or []],
        "rate_bases": [str(d) for d in data.get("rate_bases") or []],
    }


_VALUE_WORD_KEYS = (
    "rewrites", "numerals", "operators", "quantity_tail", "comparative_refs", "comparative_ops",
    "status", "reference_prefixes", "qualitative", "direction_words", "deadline", "shortfall",
)


@functools.cache
def value_words() -> dict[str, Any]:
    """Operator, status, qualitative, deadline and direction words (``value_words.yaml``)."""
    data = load_yaml("value_words.yaml")
    for key in _VALUE_WORD_KEYS:
        if key not in data:
            raise JixiaoError(f"{_data_dir / 'value_words.yaml'}: section '{key}' is missing")
    for word, direction in data["direction_words"].items():
        if direction not in ("increase", "decrease"):
            raise JixiaoError(f"value_words.yaml: direction of {word!r} must be increase/decrease")
    return data


@functools.cache
def name_typos() -> tuple[tuple[str, str], ...]:
    """Misspellings of names and their intended spelling (``spelling.yaml``), longest first."""
    data = load_yaml("spelling.yaml") or {}
    pairs = data.get("name_typos") or {}
    if not isinstance(pairs, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in pairs.items()):
        raise JixiaoError(f"{_data_dir / 'spelling.yaml'}: name_typos must map text to text")
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


def _spelling_words(key: str) -> list[str]:
    """The list of words under ``key`` in ``spelling.yaml`` (empty when absent)."""
    words = (load_yaml("spelling.yaml") or {}).get(key) or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise JixiaoError(f"{_data_dir / 'spelling.yaml'}: {key} must be a list of words")
    return words


@functools.cache
def name_tags() -> tuple[str, ...]:
    """Words a template writes in brackets around a name to mark the row (``spelling.yaml``:
    ``name_tags``), longest first."""
    return tuple(sorted(_spelling_words("name_tags"), key=len, reverse=True))


@functools.cache
def name_lead_ins() -> tuple[str, ...]:
    """Words written before an indicator name that are not part of it (``spelling.yaml``:
    ``name_lead_ins``), longest first."""
    return tuple(sorted(_spelling_words("name_lead_ins"), key=len, reverse=True))


@functools.cache
def answer_values() -> frozenset[str]:
    """Values that only answer a 是否 question (``spelling.yaml``: ``answer_values``)."""
    return frozenset(_spelling_words("answer_values"))


@functools.cache
def direction_keywords() -> list[tuple[str, str]]:
    """Indicator-name keywords → implied direction (``direction.yaml``), longest first."""
    data = load_yaml("direction.yaml")
    out: list[tuple[str, str]] = []
    order = ("increase", "decrease", "exact")
    for direction, words in (data.get("name_keywords") or {}).items():
        if direction not in order:
            raise JixiaoError(f"direction.yaml: unknown direction {direction!r}")
        out.extend((str(w), direction) for w in words)
    out.sort(key=lambda kv: (-len(kv[0]), order.index(kv[1])))
    return out


@functools.cache
def measure_suffixes() -> tuple[str, ...]:
    """Name endings that make an indicator a measure (``direction.yaml``)."""
    return tuple(str(w) for w in load_yaml("direction.yaml").get("measure_suffixes") or [])


_CACHED.extend([units, value_words, direction_keywords, measure_suffixes, name_typos, name_tags,
                 name_lead_ins, answer_values])
