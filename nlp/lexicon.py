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


_CACHED = [taxonomy, l2_spellings, l1_spellings]
