"""jixiao: read, classify and review Chinese performance-target tables (绩效目标表)."""

from nlp.errors import InputError, JixiaoError
from nlp.tables import extract, read_tables
from nlp.values import ParsedValue, format_parsed, name_direction, parse_value, parse_values, target_direction

__version__ = "0.1.0"

__all__ = [
    "InputError", "JixiaoError", "ParsedValue", "extract", "format_parsed", "load_model",
    "name_direction", "parse_value", "parse_values", "read_tables", "review", "run_review",
    "target_direction", "__version__",
]


def __getattr__(name: str):
    # heavy modules (scikit-learn, torch) load on first use
    if name == "load_model":
        from nlp.classify import load_model

        return load_model
    if name in ("review", "run_review"):
        from nlp import reviews

        return getattr(reviews, name)
    raise AttributeError(name)
