"""Word segmentation of indicator text: jieba with the domain dictionary.

:func:`tokenize` is a plain module-level function, so it pickles by reference
and can be handed to scikit-learn (``TfidfVectorizer(tokenizer=tokenize)``).
The jieba tokenizer behind it is private to this module (jieba's global
instance is left alone), built on first use and rebuilt when
:func:`nlp.lexicon.set_data_dir` points the lexicons elsewhere.
"""

from __future__ import annotations

import logging
import threading
import unicodedata

import jieba

from nlp import lexicon

__all__ = ["tokenize", "normalize", "reset", "joins_word"]

# jieba prints "Building prefix dict ..." through its own logger at DEBUG/INFO.
jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_entries: object = None
# words of texts already cut (indicator names repeat across rows, tables and pipelines);
# emptied whenever the tokenizer is rebuilt
_cache: dict[str, tuple[str, ...]] = {}
_CACHE_MAX = 200_000


def normalize(text: str) -> str:
    """Fold compatibility forms (full-width → half-width, ％ → %) and trim.

    Parameters
    ----------
    text : str
        Raw indicator text.

    Returns
    -------
    str
        NFKC-normalized text without surrounding whitespace.

    Examples
    --------
    >>> normalize("  受益群众满意度≥９８％ ")
    '受益群众满意度≥98%'
    """
    return unicodedata.normalize("NFKC", text).strip()


def _get_tokenizer() -> jieba.Tokenizer:
    global _tokenizer, _entries
    entries = lexicon.jieba_userdict()
    # Identity check: lexicon caches the list, so a new object means new data.
    if _tokenizer is not None and _entries is entries:
        return _tokenizer
    with _lock:
        if _tokenizer is None or _entries is not entries:
            tk = jieba.Tokenizer()
            tk.initialize()
            for word, freq, tag in entries:
                # freq=None: jieba suggests one just high enough for the word
                # to win over its own parts.
                tk.add_word(word, freq, tag)
            _tokenizer, _entries = tk, entries
            _cache.clear()
    return _tokenizer


def tokenize(text: str) -> list[str]:
    """Split indicator text into words, keeping domain terms whole.

    The text is normalized with :func:`normalize` first; whitespace tokens
    are dropped, punctuation and numbers are kept (``≥``, ``98%``).

    Parameters
    ----------
    text : str
        One indicator name or cell, e.g. ``资金拨付及时率``.

    Returns
    -------
    list of str
        The words, in order.

    Examples
    --------
    >>> tokenize("资金拨付及时率")
    ['资金拨付', '及时率']
    >>> tokenize("受益群众满意度 ≥98%")
    ['受益群众', '满意度', '≥', '98%']
    """
    tk = _get_tokenizer()
    cached = _cache.get(text)
    if cached is None:
        cached = tuple(w for w in tk.lcut(normalize(text)) if not w.isspace())
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[text] = cached
    return list(cached)


def joins_word(left: str, right: str) -> bool:
    """Whether a word runs across the end of ``left`` into ``right``: the text of a cell
    broken over two lines, read again as one (`…验收合` + `格率` → 验收合格率).

    >>> joins_word("三员合一补助方案验收合", "格率")
    True
    >>> joins_word("三员合一补助行政村数量", "三员合一补助方案验收合")
    False
    """
    left, right = left[-6:], right[:6]
    if not left or not right:
        return False
    at = 0
    for word in _get_tokenizer().lcut(left + right):
        if at < len(left) < at + len(word):
            return True
        at += len(word)
    return False


def reset() -> None:
    """Forget the built tokenizer, so the next call re-reads the dictionary.

    Examples
    --------
    >>> reset()
    >>> tokenize("培训人次")
    ['培训', '人次']
    """
    global _tokenizer, _entries
    with _lock:
        _tokenizer, _entries = None, None
        _cache.clear()
