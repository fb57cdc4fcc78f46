"""jixiao: read, classify and review Chinese performance-target tables (绩效目标表)."""

from nlp.errors import InputError, JixiaoError
from nlp.tables import extract, read_tables

__version__ = "0.1.0"

__all__ = ["InputError", "JixiaoError", "extract", "read_tables", "__version__"]
