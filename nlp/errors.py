"""Error classes: one root, :class:`JixiaoError`, for every failure a user can cause."""

from __future__ import annotations


class JixiaoError(Exception):
    """Root of all jixiao errors; the CLI prints its message as one line."""


class InputError(JixiaoError, ValueError):
    """A file or value that cannot be read; the message names the file and row."""
