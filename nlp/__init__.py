"""jixiao: read, classify and review Chinese performance-target tables."""

__version__ = "0.1.0"
