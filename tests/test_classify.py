"""The classifier: sklearn contract, save/load, predictions, and accuracy floors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from nlp import lexicon
from nlp.classify import (
    DEFAULT_MODEL_DIR,
    PREDICTION_COLUMNS,
    IndicatorModel,
    KeywordFeatures,
    _SharedFeatures,
    build_pipeline,
    load_model,
    seen_keys_of,
)
from nlp.embed import DEFAULT_EMBEDDER
from nlp.errors import InputError, JixiaoError
from nlp.train import (
    NAMING_HEAD_C,
    TrainingSet,
    cross_validate,
    declared_code,
    evaluate_model,
    fit_model,
    load_exemplars,
    load_labels,
    load_other_sources,
    load_policy,
    load_public,
    normalize_name,
    training_set,
)


@pytest.fixture(scope="module")
def small_model():
    """A quick model (TF-IDF + value features) on the human training labels."""
    ts = training_set()
    return fit_model(ts, use_embeddings=False), ts


def test_pipeline_follows_the_estimator_contract() -> None:
    pipe = build_pipeline(use_embeddings=False, C=3.0)
    twin = clone(pipe)
    assert twin.get_params()["clf__C"] == 3.0
    twin.set_params(clf__C=5.0)
    assert twin.named_steps["clf"].C == 5.0 and pipe.named_steps["clf"].C == 3.0
    with pytest.raises(Exception, match="not fitted"):
        pipe.predict(pd.DataFrame({"name": ["会议成本"], "value": ["≤51万元"]}))


def _transforms_of(model: IndicatorModel, X: pd.DataFrame) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The id of the feature union of each row transformed while ``model`` reads ``X`` (one
    entry per row and transform), and the category and concept probabilities."""
    from nlp import classify

    calls: list[int] = []
    blocks = classify._feature_blocks

    def counted(features, Z):
        calls.extend([id(features)] * len(Z))  # one entry per row transformed
        return blocks(features, Z)

    classify._feature_blocks = counted
    try:
        proba, concept = model._probabilities(X)
    finally:
        classify._feature_blocks = blocks
    return calls, proba, concept


def _mixed_rows(ts) -> pd.DataFrame:
    """Rows of names the model's corpus filed, new names, and blank values."""
    train = ts.train.drop_duplicates("name")
    corpus = train["origin"] == "corpus"
    seed = train.loc[corpus if corpus.any() else train.index, ["name", "value"]].head(200)
    X = pd.concat([seed, seed.head(100).assign(name="某县" + seed["name"].head(100))],  # new names
                  ignore_index=True)
    X.loc[180:220, "value"] = ""  # blank values: the name-only twins read these
    return X


def test_one_transform_serves_the_heads_that_share_features(small_model) -> None:
    """The definition heads read the category pipeline's fitted features; a prediction
    transforms each row once for both, the name-only twins only the blank rows, and each
    head gives what its pipeline gives alone."""
    model, ts = small_model
    shared = model.category_pipeline.named_steps["features"]
    assert model.definition_pipeline.named_steps["features"] is shared
    X = _mixed_rows(ts)
    calls, proba, concept = _transforms_of(model, X)
    assert calls.count(id(shared)) == len(X)
    from nlp.classify import value_text

    blank = sum(v == "" or v in lexicon.answer_values() for v in value_text(X))  # rows 180-220 …
    assert blank >= 41 and calls.count(id(model.name_only_pipeline.named_steps["features"])) == blank
    np.testing.assert_allclose(concept, model.concept_pipeline.predict_proba(X))
    # the category blend reads the concept head that never learnt the public rows' concepts
    blending = model.blend_concept_pipeline
    concept_features = model.concept_pipeline.named_steps["features"]
    assert blending is not None and blending.named_steps["features"] is concept_features
    assert calls.count(id(concept_features)) == len(X)  # one transform for both concept heads
    new = model.read_by_definition(X)
    assert new.any() and (~new).any()
    for rows, pipe, named in ((~new, model.category_pipeline, model.name_only_pipeline),
                              (new, model.definition_pipeline, model.definition_name_only_pipeline)):
        classes = model.category_pipeline.classes_
        mass = model._category_mass(blending.predict_proba(X), classes, blending)
        alone = model._category_proba(X, rows, pipe, named, classes, mass[rows], _SharedFeatures(X))
        np.testing.assert_allclose(proba[rows], alone)


def test_shipped_heads_give_scikit_learns_probabilities_block_by_block() -> None:
    """Predictions multiply each feature block by its own weights (the dense embedding is
    never copied into the sparse matrix) and count terms with ``Vocabulary``'s own counter:
    on seed rows and on names no table wrote, every head gives ``predict_proba`` of its
    pipeline, and each vectorizer the matrix of scikit-learn's ``TfidfVectorizer``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = pd.read_csv(Path(__file__).resolve().parents[1] / "training_data" / "indicators.csv",
                         dtype=str, keep_default_na=False)
    seed = corpus[["name", "value"]].drop_duplicates().sample(400, random_state=3)
    X = pd.concat([seed, seed.assign(name="某市" + seed["name"].str[1:] + "工作")], ignore_index=True)
    model = load_model()
    mask = np.arange(len(X)) % 3 == 0
    for pipe in model.pipelines():
        np.testing.assert_allclose(_SharedFeatures(X).proba(pipe), pipe.predict_proba(X), atol=1e-12)
        np.testing.assert_allclose(_SharedFeatures(X).proba(pipe, mask), pipe.predict_proba(X[mask]),
                                   atol=1e-12)
    checked = 0
    for _, part in model.category_pipeline.named_steps["features"].transformer_list:
        if hasattr(part, "steps"):
            text, vectorizer = part.steps[0][1], part.steps[1][1]
            docs = text.transform(X)
            ours = vectorizer.transform(docs)
            _, counts = TfidfVectorizer._count_vocab(vectorizer, docs, True)
            theirs = vectorizer._tfidf.transform(counts)
            assert ours.nnz > len(X) and (ours != theirs).nnz == 0 and ours.has_canonical_format
            checked += 1
    assert checked == 4  # words, characters, value characters, head features


def test_a_concept_head_may_share_the_category_features() -> None:
    """``concept_shares_features``: the concept head reads the category pipeline's features,
    transformed once per prediction, with the probabilities of the concept pipeline alone."""
    labels = load_labels()
    ts = training_set(labels.query("split == 'train'").head(500),
                      corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                      public=load_public().iloc[:0], exemplars=load_exemplars().iloc[:0])
    ts.test = labels.query("split == 'test'")
    model = fit_model(ts, use_embeddings=False, concept_shares_features=True)
    shared = model.category_pipeline.named_steps["features"]
    assert model.concept_pipeline.named_steps["features"] is shared
    assert model.manifest["concept_shares_features"] is True
    X = _mixed_rows(ts)
    calls, _, concept = _transforms_of(model, X)
    assert calls.count(id(shared)) == len(X)
    np.testing.assert_allclose(concept, model.concept_pipeline.predict_proba(X))
    own = fit_model(ts, use_embeddings=False, concept_shares_features=False)
    assert own.concept_pipeline.named_steps["features"] is not shared
    held = [(m.predict(ts.test[["name", "value"]])["concept"] == ts.test["concept"].to_numpy()).mean()
            for m in (model, own)]
    assert held[0] > 0.2 and abs(held[0] - held[1]) < 0.08


def test_held_out_names_never_trained(small_model) -> None:
    _, ts = small_model
    assert not set(ts.test["group"]) & set(ts.train["group"])
    assert ts.counts["test"] >= 500


def test_public_rows_are_held_out_by_source(small_model) -> None:
    """Other provinces' published rows: a source is wholly in training or wholly held out."""
    _, ts = small_model
    public = load_public()
    assert public["source"].str.startswith("http").all()
    assert public.groupby("source")["split"].nunique().max() == 1
    assert len(ts.public_test) == (public["split"] == "test").sum() >= 100
    assert ts.counts["train_public"] > 0


def test_exemplars_train_but_never_twin_a_scored_row(small_model) -> None:
    """Reviewer-written rows (training_data/exemplars) are training rows only: none shares a
    name with a published row, an out-of-domain row or a held-out seed name, and a row
    written like a scored public row is dropped from that training set."""
    _, ts = small_model
    exemplars = load_exemplars()
    assert len(exemplars) >= 500 and exemplars["source"].str.startswith("exemplar:").all()
    written = set(exemplars["name"].map(normalize_name))
    scored = (set(load_public()["name"]) | set(load_other_sources()["name"])
              | set(load_labels().query("split == 'test'")["name"]))
    assert not written & {normalize_name(n) for n in scored}
    assert ts.counts["train_exemplars"] == len(exemplars)
    public = load_public().assign(split="test")
    twin = exemplars.iloc[:2].assign(name=public["name"].iloc[:2].to_numpy())
    again = training_set(public=public, exemplars=pd.concat([twin, exemplars.iloc[2:5]]))
    assert again.counts["train_exemplars"] == 3


def test_exemplar_concepts_must_belong_to_their_category(tmp_path: Path) -> None:
    """A written row may name its concept, and a valid one reaches the concept model's
    training rows."""
    good = tmp_path / "good.csv"
    good.write_text("name,value,l2,sure,sector,concept\n社会成本,无,cost,1,交通,social_cost\n"
                    "道路里程,12公里,output.quantity,1,交通,\n", encoding="utf-8")
    rows = load_exemplars([good])
    assert rows["concept"].tolist() == ["social_cost", ""]
    ts = training_set(load_labels().query("split == 'train'").head(40),
                      corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                      public=load_public().iloc[:0], exemplars=rows)
    assert ts.train.set_index("name").loc["社会成本", "concept"] == "social_cost"
    # one of another category: tests/test_labeling.py, test_a_concept_of_another_category_is_refused


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_shipped_model_reads_named_cost_subtypes_as_cost() -> None:
    """The 2021 central rule's 社会成本 / 生态环境成本 are sub-types of cost (TAXONOMY.md).
    Names that state them, none of them a training name, read as cost; the model before
    (commit 28e74f4) read the first and the fourth as benefits and `生态环境成本 无` as an
    ecological benefit."""
    rows = pd.DataFrame({"name": ["生态环境成本（对周边水体的影响）", "环境成本", "生态成本控制",
                                  "社会成本指标（对周边群众出行的影响）", "社会成本（征地拆迁）"],
                         "value": ["无", "无明显影响", "0", "可控", "无"]})
    assert not set(rows["name"].map(normalize_name)) & set(
        training_set().train["name"].map(normalize_name))
    out = load_model().predict(rows)
    assert out["l2"].tolist() == ["cost"] * 5
    # the names that write the concept's own name get that concept
    assert out["concept"].iloc[[0, 3, 4]].tolist() == ["ecological_cost", "social_cost", "social_cost"]


def test_cross_validation_scores_no_written_row() -> None:
    """Grouped CV trains on exemplar rows but scores only labelled rows of real tables."""
    labels = load_labels().query("split == 'train'").groupby("l2").head(12)
    exemplars = load_exemplars().groupby("l2").head(6)
    ts = training_set(labels, corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                      public=load_public().iloc[:0], exemplars=exemplars)
    ev = cross_validate(ts, folds=3, use_embeddings=False)
    assert ev.n == len(labels) < len(ts.train)


def test_public_file_with_unknown_category_names_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "rows.csv"
    bad.write_text("name,value,l2,source\n培训人数,100人,output.quantity,https://a\n"
                   "满意度,≥90%,满意度指标,https://a\n", encoding="utf-8")
    with pytest.raises(JixiaoError, match=r"rows.csv: row 3: unknown category code '满意度指标'"):
        load_public([bad])


def test_human_label_file_errors_name_file_and_row(tmp_path: Path) -> None:
    """Human labels are checked as the public rows are: category code, then the concept's
    category."""
    bad = tmp_path / "labels.csv"
    bad.write_text("name,value,l2,concept\n培训人数,100人,output.quantity,trainee_count\n"
                   "满意度,≥90%,satisfaction.service,trainee_count\n", encoding="utf-8")
    with pytest.raises(JixiaoError, match=r"labels.csv: row 3: .*trainee_count"):
        load_labels([bad])
    bad.write_text("name,l2\n培训人数,数量指标\n", encoding="utf-8")
    with pytest.raises(JixiaoError, match=r"labels.csv: row 2: unknown category code '数量指标'"):
        load_labels([bad])


def test_public_concepts_are_checked_and_trained_on(tmp_path: Path) -> None:
    """A public row's concept must belong to its category (the error names file and row); the
    training rows of public sources keep their concepts, held-out sources' rows are not
    trained on, and a file without the column reads as rows without concepts. The concept
    model weighs them by the label policy's ``public_concept_weight`` (0: not at all)."""
    bad = tmp_path / "rows.csv"
    bad.write_text("name,value,l2,source,concept\n培训人数,100人,output.quantity,https://a,trainee_count\n"
                   "群众满意度,≥90%,satisfaction.service,https://a,trainee_count\n", encoding="utf-8")
    with pytest.raises(JixiaoError, match=r"rows.csv: row 3: concept 'trainee_count' belongs to "
                                          r"output.quantity, not to l2 satisfaction.service"):
        load_public([bad])
    public = load_public()
    assert (public["concept"] != "").mean() > 0.95  # the shipped files carry concepts
    plain = tmp_path / "plain.csv"
    plain.write_text("name,value,l2,source\n培训人数,100人,output.quantity,https://a\n", encoding="utf-8")
    assert load_public([plain])["concept"].tolist() == [""]
    ts = training_set(load_labels().query("split == 'train'").head(40),
                      corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                      public=public, exemplars=load_exemplars().iloc[:0])
    trained = ts.train[ts.train["origin"] == "public"]
    expected = public[public["split"] != "test"].drop_duplicates(["name", "value", "l2"])
    assert len(trained) == len(expected)
    assert (trained["concept"].to_numpy() == expected["concept"].to_numpy()).all()
    assert not set(trained["name"]) & (set(ts.public_test["name"]) - set(expected["name"]))
    # their weight in the concept model is the label policy's, recorded in the model
    assert ts.public_concept_weight == load_policy().get("public_concept_weight", 1.0)
    halved = training_set(load_labels().iloc[:0],
                          corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                          policy={**load_policy(), "public_concept_weight": 0.25},
                          public=public.head(60), exemplars=load_exemplars().iloc[:0])
    assert halved.public_concept_weight == 0.25
    model = fit_model(halved, use_embeddings=False, name_only_model=False)
    assert model.manifest["public_concept_weight"] == 0.25 and model.concept_pipeline is not None
    full = fit_model(halved, use_embeddings=False, name_only_model=False, public_concept_weight=1.0)
    assert not np.allclose(full.concept_pipeline.named_steps["clf"].coef_,
                           model.concept_pipeline.named_steps["clf"].coef_)
    # weight 0: the concepts only measure; the model is the one of rows without them
    mixed = training_set(load_labels().query("split == 'train'").head(300),
                         corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                         public=public.head(60), exemplars=load_exemplars().iloc[:0])
    blank = training_set(load_labels().query("split == 'train'").head(300),
                         corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                         public=public.head(60).assign(concept=""), exemplars=load_exemplars().iloc[:0])
    zero = fit_model(mixed, use_embeddings=False, name_only_model=False, public_concept_weight=0)
    none = fit_model(blank, use_embeddings=False, name_only_model=False, public_concept_weight=1.0)
    assert list(zero.concept_pipeline.classes_) == list(none.concept_pipeline.classes_)
    np.testing.assert_allclose(zero.concept_pipeline.named_steps["clf"].coef_,
                               none.concept_pipeline.named_steps["clf"].coef_)


def test_public_concepts_name_concepts_without_moving_the_category(tmp_path: Path) -> None:
    """With ``public_concept_weight`` > 0 the public rows' concepts train a second concept
    head on the concept model's features: it names the concepts, while the category blend
    reads the head that never saw them, so every category probability is that of the model
    trained at weight 0. Both heads read one transform of each row, and survive saving. A
    concept only public rows show trains the blending head too (else the blend could not give
    it its category's mass)."""
    labels = load_labels().query("split == 'train'").head(300)
    public = load_public().head(150)
    shown = public["concept"].isin(set(labels["concept"]))

    def rows_of(pub: pd.DataFrame) -> TrainingSet:
        return training_set(labels, corpus=pd.DataFrame(columns=["name", "l2_declared"]),
                            public=pub, exemplars=load_exemplars().iloc[:0])

    ts = rows_of(public[shown])
    zero = fit_model(ts, use_embeddings=False, name_only_model=False, public_concept_weight=0)
    one = fit_model(ts, use_embeddings=False, name_only_model=False, public_concept_weight=1.0)
    assert zero.blend_concept_pipeline is None and one.blend_concept_pipeline is not None
    # the naming head is regularized apart (nlp.train.NAMING_HEAD_C), the blending head as the others
    assert one.concept_pipeline.named_steps["clf"].C == one.manifest["naming_head_C"] == NAMING_HEAD_C
    assert one.blend_concept_pipeline.named_steps["clf"].C == one.category_pipeline.named_steps["clf"].C
    assert zero.manifest["naming_head_C"] is None
    assert one.manifest["blend_concept_pipeline"] is True
    features = one.concept_pipeline.named_steps["features"]
    assert one.blend_concept_pipeline.named_steps["features"] is features
    np.testing.assert_allclose(one.blend_concept_pipeline.named_steps["clf"].coef_,
                               zero.concept_pipeline.named_steps["clf"].coef_)
    X = _mixed_rows(ts)
    pub = ts.train.loc[ts.train["origin"] == "public", ["name", "value", "l2", "concept"]]
    rows = pd.concat([X, pub[["name", "value"]]], ignore_index=True)
    calls, proba, _ = _transforms_of(one, rows)
    assert calls.count(id(features)) == len(rows)  # one transform serves both concept heads
    np.testing.assert_allclose(proba, zero.category_proba(rows), atol=1e-12)
    # the public rows' own concepts are learnt: named more often right on the rows trained on
    right = {name: (m.predict(pub)["concept"].to_numpy() == pub["concept"].to_numpy()).mean()
             for name, m in (("zero", zero), ("one", one))}
    assert right["one"] > right["zero"] + 0.1, right
    loaded = load_model(one.save(tmp_path / "model"))
    assert loaded.blend_concept_pipeline.named_steps["features"] is \
        loaded.concept_pipeline.named_steps["features"]
    pd.testing.assert_frame_equal(loaded.predict(rows), one.predict(rows), atol=1e-4)
    mixed = rows_of(public)
    lone = set(mixed.train.loc[mixed.train["origin"] == "public", "concept"]) - set(labels["concept"])
    assert lone - {""}
    both = fit_model(mixed, use_embeddings=False, name_only_model=False, public_concept_weight=1.0)
    assert lone - {""} <= set(both.blend_concept_pipeline.classes_)
    assert not set(both.concept_pipeline.classes_) - set(both.blend_concept_pipeline.classes_)


def test_blank_values_read_from_the_name(small_model) -> None:
    """Templates that leave 指标值 empty: the name-only model decides, not the empty value."""
    model, _ = small_model
    names = ["受益群众满意度", "会议成本", "资金拨付及时率", "培训人数", "项目验收合格率"]
    blank = model.predict(pd.DataFrame({"name": names, "value": [""] * 5}))
    assert blank["l2"].tolist() == ["satisfaction.service", "cost", "output.timeliness",
                                    "output.quantity", "output.quality"]
    assert blank["direction"].eq("none").all()  # no value, no target to read a direction from


def test_yes_no_answers_read_by_the_question(small_model) -> None:
    """A 是/否 value only answers the name's question: the category is the one the name
    alone gets, as for a blank value (evaluation forms ask 是否有利于保护生态环境 → 是)."""
    model, _ = small_model
    names = ["来访外宾是否满意", "是否有利于保护生态环境", "外事接待是否超出标准", "是否当年产生成果转让收益"]
    answered = model.predict(pd.DataFrame({"name": names, "value": ["是", "是", "否", "是"]}))
    blank = model.predict(pd.DataFrame({"name": names, "value": [""] * 4}))
    assert answered["l2"].tolist() == blank["l2"].tolist()
    assert answered["l2_confidence"].tolist() == blank["l2_confidence"].tolist()
    assert answered["l2"].tolist()[:2] == ["satisfaction.service", "benefit.ecological"]


def test_predict_contract(small_model) -> None:
    model, _ = small_model
    df = pd.DataFrame({"name": ["受益群众满意度", "会议成本", "资金拨付及时率", "参会代表人数"],
                       "value": ["≥98%", "≤51万元", "100%", "≥193人"]}, index=[7, 8, 9, 10])
    out = model.predict(df)
    assert list(out.columns) == PREDICTION_COLUMNS
    assert list(out.index) == [7, 8, 9, 10]
    assert out["l2"].tolist() == ["satisfaction.service", "cost", "output.timeliness", "output.quantity"]
    assert out["l1"].tolist() == ["满意度指标", "产出指标", "产出指标", "产出指标"]
    assert out["direction"].tolist() == ["increase", "decrease", "increase", "increase"]
    assert out["l2_confidence"].between(0, 1).all()


def test_other_templates_read_like_seed_rows(small_model) -> None:
    """★ marks, units inside names, ≧ and operator-less numbers (other provinces' templates)."""
    model, _ = small_model
    seed_style = pd.DataFrame({"name": ["受益群众满意度", "保障在职职工人数", "会议成本"],
                               "value": ["≥95%", "120人", "≤51万元"]})
    other = pd.DataFrame({"name": ["★受益群众满意度（%）", "保障在职职工人数(人)", "会议成本（万元）"],
                          "value": ["≧95", "120", "≤51"]})
    assert model.predict(other)["l2"].tolist() == model.predict(seed_style)["l2"].tolist() == [
        "satisfaction.service", "output.quantity", "cost"]
    bare_percent = pd.DataFrame({"name": ["受益群众满意度%", "苗木成活率(≥**%)"], "value": ["95", "85"]})
    written = pd.DataFrame({"name": ["受益群众满意度", "苗木成活率"], "value": ["95%", "≥85%"]})
    pd.testing.assert_frame_equal(model.predict(bare_percent), model.predict(written))
    # other spellings of a unit or a target inside the name, and circled numbering
    spelled = pd.DataFrame({"name": ["①受益群众满意度【%】", "【新增】保障在职职工人数（单位：人）",
                                     "会议成本[万元](必填)", "苗木成活率（≧85%）", "资金拨付及时率",
                                     "工程验收合格率≥98%"],
                            "value": ["95", "120", "51", "", "不低于95%", ""]})
    plain = pd.DataFrame({"name": ["受益群众满意度", "保障在职职工人数", "会议成本", "苗木成活率",
                                   "资金拨付及时率", "工程验收合格率"],
                          "value": ["95%", "120人", "51万元", "≥85%", "≥95%", "≥98%"]})
    pd.testing.assert_frame_equal(model.predict(spelled), model.predict(plain))


def test_punctuation_numbering_and_lead_ins_around_a_name_leave_its_reading(small_model) -> None:
    """What a transcriber adds around a row is not the indicator's: a `。` or `；` after the
    name, numbering or a lead-in before it, the target typed after a colon, a value in
    Chinese numerals. The held-out seed names read with them get the prediction they get
    without (the shipped model changed the category of about 4 % of rows closed by `。`
    before, `bench_templates.py`)."""
    model, ts = small_model
    rows = ts.test[["name", "value"]].drop_duplicates("name").head(300).reset_index(drop=True)
    plain = model.predict(rows)
    for mark in ("。", "；", "，", "、", ":"):
        closed = model.predict(rows.assign(name=rows["name"] + mark))
        pd.testing.assert_frame_equal(closed, plain)
    # numbering, bullets and lead-ins before a name (before, 2-4 % of rows changed 二级)
    for lead in ("1）", "指标一：", "一是", "•", "—", "其中：", "三级指标："):
        pd.testing.assert_frame_equal(model.predict(rows.assign(name=lead + rows["name"])), plain)
    # a name and its target typed into one cell after a colon (direction none before)
    colon = pd.DataFrame({"name": ["资金拨付及时率：≥95%", "培训人数:200人"], "value": ["", ""]})
    typed = pd.DataFrame({"name": ["资金拨付及时率", "培训人数"], "value": ["≥95%", "200人"]})
    pd.testing.assert_frame_equal(model.predict(colon), model.predict(typed))
    # a value in Chinese numerals reads as in digits (1.5 % of rows changed 二级 before)
    digits = pd.DataFrame({"name": ["受益群众满意度", "培训场次", "资金拨付及时率", "项目成本"],
                           "value": ["≥95%", "2场", "≥90%", "≤30万元"]})
    words = digits.assign(value=["不低于百分之九十五", "两场", "≥九十百分比", "≤三十万元"])
    pd.testing.assert_frame_equal(model.predict(words), model.predict(digits))
    # a whole name in quotes, a whole value in brackets (5 % and 4 % of the held-out and
    # public rows changed 二级 before, 36 % of the bracketed values their direction)
    quoted = model.predict(rows.assign(name="“" + rows["name"] + "”",
                                       value=rows["value"].map(lambda v: f"（{v}）" if v else v)))
    pd.testing.assert_frame_equal(quoted, plain)
    # a target in brackets before the mark is still the name's target
    pd.testing.assert_frame_equal(
        model.predict(pd.DataFrame({"name": ["资金拨付及时率（≥95%）。"], "value": [""]})),
        model.predict(pd.DataFrame({"name": ["资金拨付及时率"], "value": ["≥95%"]})))


def test_a_worded_target_glued_to_a_blank_rows_name_is_its_value(small_model) -> None:
    """`资金拨付及时率达到95%以上` with no value reads as `资金拨付及时率` + `≥95%` (the shipped
    model read its direction as `none` before, and bench_templates' rewriting of 961 rows
    into this form kept the 二级 of 0.934 of them); a row with a value keeps such a tail."""
    model, _ = small_model
    worded = pd.DataFrame({"name": ["资金拨付及时率达到95%以上", "项目成本控制在400万元以内",
                                    "培训人数不少于200人", "投诉率不高于5%"], "value": ["", "", "", " "]})
    plain = pd.DataFrame({"name": ["资金拨付及时率", "项目成本", "培训人数", "投诉率"],
                          "value": ["≥95%", "≤400万元", "≥200人", "≤5%"]})
    pd.testing.assert_frame_equal(model.predict(worded), model.predict(plain))
    assert model.predict(plain)["direction"].tolist() == ["increase", "decrease", "increase", "decrease"]
    from nlp.classify import worded_target_moved

    assert worded_target_moved("连续任职农村党支部书记20年以上", "500元/月")[0].endswith("20年以上")
    assert worded_target_moved("误差100米左右", "") == ("误差100米左右", "")


def test_split_value_columns_are_composed(small_model) -> None:
    """Operator and unit in columns of their own (value_operator / value_unit, as
    `jixiao extract` writes them) read as the composed value."""
    model, _ = small_model
    split = pd.DataFrame({"name": ["受益群众满意度", "会议成本", "参会代表人数"],
                          "value": ["95", "51", "193"], "value_operator": ["≥", "≤", "≥"],
                          "value_unit": ["%", "万元", "人"]})
    composed = pd.DataFrame({"name": split["name"], "value": ["≥95%", "≤51万元", "≥193人"]})
    pd.testing.assert_frame_equal(model.predict(split), model.predict(composed))
    assert model.predict(split)["direction"].tolist() == ["increase", "decrease", "increase"]
    # the same columns as a table heads them, and as plain operator / unit
    headed = split.set_axis(["三级指标", "指标值", "计算符号", "计量单位"], axis=1)
    pd.testing.assert_frame_equal(model.predict(headed), model.predict(composed))
    plain = split.rename(columns={"value_operator": "operator", "value_unit": "unit"})
    pd.testing.assert_frame_equal(model.predict(plain), model.predict(composed))
    # a table's 指标方向性 instead of the operator (our own `direction` column is never read)
    directed = split.assign(value_operator="", value_direction=["正向指标", "反向指标", "正向"])
    pd.testing.assert_frame_equal(model.predict(directed), model.predict(composed))
    # our name and value beside the table's own 指标性质 / 度量单位 headers (a hand-renamed
    # frame), the comparison in 指标性质 as the 2021 template writes it
    mixed = split.drop(columns=["value_operator", "value_unit"]).assign(
        指标性质=["≥", "≤", "≥"], 度量单位=["%", "万元", "人"])
    pd.testing.assert_frame_equal(model.predict(mixed), model.predict(composed))
    with pytest.raises(JixiaoError, match="三级指标"):
        model.predict(pd.DataFrame({"备注": ["会议成本"]}))
    # a column headed 指标 alone is the name (a hand-made sheet)
    short = pd.DataFrame({"指标": ["会议成本"], "目标值": ["≤51万元"]})
    assert model.predict(short)["l2"].tolist() == ["cost"]
    empty = model.predict(split.head(0))
    assert empty.empty and list(empty.columns) == list(model.predict(split).columns)
    assert empty["l2_confidence"].dtype == float


def test_training_adds_bare_number_copies(small_model) -> None:
    """Quantitative rows also train as the number alone (a template showing only the
    number), at a fraction of their weight; other values are not copied."""
    from nlp.train import BARE_VALUE_WEIGHT, bare_value, with_bare_values

    rows = pd.DataFrame({"name": ["会议成本", "完成时限", "满意度"], "value": ["≤51万元", "年底前", "95"],
                         "l2": ["cost", "output.timeliness", "satisfaction.service"],
                         "weight": [1.0, 1.0, 1.0]})
    out = with_bare_values(rows)
    assert out["value"].tolist() == ["≤51万元", "年底前", "95", "51"]
    assert out["weight"].tolist() == [1.0, 1.0, 1.0, BARE_VALUE_WEIGHT]
    assert with_bare_values(rows, 0).equals(rows)
    assert bare_value("3~5个") == "3" and bare_value("提高") is None


def test_keyword_votes_keep_every_keyword_unless_a_purity_is_asked(small_model) -> None:
    """The shipped setting (``keyword_purity`` 0) keeps every taxonomy keyword; with a
    purity, keywords that name a subject (学生, 居民, 工程) and mislead across categories are
    dropped on the real training labels. The concept model has no category votes at all."""
    model, ts = small_model
    votes = dict(model.category_pipeline.named_steps["features"].transformer_list)["keywords"]
    assert {tuple(pair) for pair in votes.keywords_} == set(lexicon.concept_keywords())
    pure = KeywordFeatures(min_purity=0.6).fit(ts.train[["name", "value"]], ts.train["l2"])
    kept = {tuple(pair) for pair in pure.keywords_}
    assert {("满意度", "satisfaction.service"), ("增收", "benefit.economic"),
            ("及时性", "output.timeliness")} <= kept
    assert not {("学生", "satisfaction.service"), ("居民", "satisfaction.service"),
                ("工程", "cost"), ("活动", "cost")} & kept
    assert "keywords" not in dict(model.concept_pipeline.named_steps["features"].transformer_list)


def test_keyword_votes_mark_the_categories_whose_keywords_a_name_holds() -> None:
    """Each category's keywords are searched as one pattern: on every seed name, a category
    is marked exactly when one of its keywords is a substring of the cleaned name (keywords
    with characters a pattern treats specially, like `(`, included)."""
    from nlp.classify import name_text

    corpus = pd.read_csv(Path(__file__).resolve().parents[1] / "training_data" / "indicators.csv",
                         dtype=str, keep_default_na=False)
    X = pd.concat([corpus[["name", "value"]],
                   pd.DataFrame({"name": ["社会成本", "a.b(c)", ""], "value": ""})], ignore_index=True)
    votes = KeywordFeatures(min_purity=0).fit(X)
    votes.keywords_ = [*votes.keywords_, ["a.b(c)", "cost"]]
    marked = (votes._counts(name_text(X)).toarray() > 0)
    expected = np.array([[any(w in n for w, c in votes.keywords_ if c == cat) for cat in votes.categories_]
                         for n in name_text(X)])
    assert (marked == expected).all() and marked.sum() > 1000
    assert marked[-3, votes.categories_.index("cost")] and not marked[-1].any()


def test_a_one_category_l1_in_the_l2_cell_is_read() -> None:
    """Five public tables write 满意度指标 (the 一级) as the 二级 of satisfaction rows; it has
    one category only, while 效益指标 or 产出指标 there stay unreadable."""
    public = load_public()
    rows = public[public["l2_declared"] == "满意度指标"]
    assert len(rows) >= 5
    assert (rows["l2_declared"].map(declared_code) == "satisfaction.service").all()
    assert (rows["l2"] == "satisfaction.service").mean() >= 0.8  # the reviewer mostly kept it
    assert declared_code("效益指标") is None and declared_code("产出指标") is None


def test_every_declared_spelling_of_the_other_sources_is_read() -> None:
    """Forms outside the seeds write 产出数量 / 产出时效 / 产出成本 / 环境效益 in the 二级 cell
    (training_data/other_sources): each reads as its category."""
    rows = pd.read_csv(Path(__file__).parents[1] / "training_data" / "other_sources"
                       / "github_systems.csv", dtype=str, keep_default_na=False)
    codes = rows["l2_declared"].map(declared_code)
    assert codes.notna().all(), rows.loc[codes.isna(), "l2_declared"].unique()
    spelled = rows["l2_declared"].isin(["产出数量", "产出质量", "产出时效", "产出成本", "环境效益"])
    assert spelled.sum() >= 90
    assert declared_code("产出数量") == "output.quantity"
    assert declared_code("环境效益") == "benefit.ecological"


def test_traditional_characters_read_as_simplified(small_model) -> None:
    """Rows copied through mirror sites arrive in traditional characters (three public
    sources do): names, values and declared cells read as their simplified twins."""
    public = load_public()
    trad = public[public["l2_declared"].isin(["數量指標", "質量指標", "時效指標"])]
    assert len(trad) >= 4
    codes = trad["l2_declared"].map(declared_code)
    assert codes.notna().all()  # every cell readable, and the reviewer kept nearly all of them
    assert (codes == trad["l2"]).mean() >= 0.9
    model, _ = small_model
    pair = pd.DataFrame({"name": ["中職免學費應受助學生數", "中职免学费应受助学生数"],
                         "value": ["≥5萬元", "≥5万元"]})
    out = model.predict(pair)
    assert out.iloc[0].tolist() == out.iloc[1].tolist()


def test_declared_category_is_not_copied(small_model) -> None:
    model, _ = small_model
    df = pd.DataFrame({"name": ["资金拨付及时率"], "value": ["100%"]})
    wrong = df.assign(l2_declared="质量指标")
    assert model.predict(df)["l2"].tolist() == model.predict(wrong)["l2"].tolist() == ["output.timeliness"]


def test_save_load_identical(tmp_path: Path, small_model) -> None:
    model, _ = small_model
    model.save(tmp_path / "m")
    again = load_model(tmp_path / "m")
    df = pd.DataFrame({"name": ["垃圾清运量", "项目验收合格率", "带动就业人数", "村民夜校开班期数"],
                       "value": ["≥50吨", "100%", "20人", ""]})
    assert again.seen_names == model.seen_names and again.definition_pipeline is not None
    assert model.manifest["definition_model"]  # the policy's new_names_by_definition
    pd.testing.assert_frame_equal(model.predict(df), again.predict(df))
    assert again.manifest["taxonomy"] and again.manifest["scikit-learn"]


def test_load_refuses_a_changed_file(tmp_path: Path, small_model) -> None:
    model, _ = small_model
    model.save(tmp_path / "m")
    with open(tmp_path / "m" / "pipelines.skops", "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(JixiaoError, match="checksum"):
        load_model(tmp_path / "m")
    with pytest.raises(JixiaoError, match="no trained model"):
        load_model(tmp_path / "nothing")


def test_small_model_floor_on_held_out(small_model) -> None:
    model, ts = small_model
    ev = evaluate_model(model, ts.test)
    assert ev.accuracy >= 0.78, ev.report  # vs policy labels, names never trained on


def test_held_out_figures_of_a_model_that_never_saw_them() -> None:
    """Full pipeline (TF-IDF + embeddings) trained without the held-out names."""
    ts = training_set(load_labels())
    assert not set(ts.test["name"].map(normalize_name)) & set(ts.train["group"])
    model = fit_model(ts, "use-static")
    ev = evaluate_model(model, ts.test)
    print(ev.report, ev.metrics())
    assert ev.accuracy >= 0.78
    human = model.predict(ts.test[["name", "value"]])["l2"].eq(ts.test["l2_human"]).mean()
    assert human >= 0.8
    assert ev.extra["concept_accuracy"] >= 0.6
    assert np.isfinite(ev.extra["ece"]) and ev.extra["ece"] < 0.1


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_normalize_keeps_declared_unless_the_model_is_sure() -> None:
    df = pd.DataFrame({"name": ["资金拨付及时率", "参会代表人数", "受益群众满意度", "项目总投资"],
                       "value": ["100%", "≥193人", "≥95%", "≤4886.22万元"],
                       "l2_declared": ["质量指标", "数量指标", "", "数量指标"]})
    model = load_model()
    out = model.normalize(df)
    assert out["l2_normalized"].tolist() == ["output.timeliness", "output.quantity",
                                             "satisfaction.service", "cost"]
    assert out["l2_source"].tolist() == ["model", "declared", "model", "model"]
    assert out["l1_normalized"].tolist() == ["产出指标", "产出指标", "满意度指标", "产出指标"]
    # predict itself never reads the declared column
    pd.testing.assert_frame_equal(model.predict(df), out[PREDICTION_COLUMNS])
    # with no confidence high enough, the declared category always stands where readable
    assert model.normalize(df, min_confidence=1.01)["l2_source"].tolist() == [
        "declared", "declared", "model", "declared"]


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_shipped_model_manifest() -> None:
    manifest = load_model().manifest
    assert manifest["label_hash"] == training_set(load_labels()).label_hash  # in sync with the labels
    assert manifest["metrics"]["test_accuracy"] >= 0.78  # held-out figures of the evaluation model
    assert manifest["embedder"] == DEFAULT_EMBEDDER  # use-static unless configured
    # the card counts the provinces of the public rows (四川省… and 四川 are one)
    provinces = manifest["training_rows"]["public_provinces"]
    assert provinces == load_public()["region"].str[:2].replace("", None).dropna().nunique()
    assert f"published in\n  {provinces} other provinces" in (DEFAULT_MODEL_DIR / "README.md").read_text(
        encoding="utf-8")


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_shipped_model_agrees_with_declared_categories_on_the_corpus() -> None:
    """Experts keep the declared 二级 on ~97% of seed rows: the model should mostly agree."""
    corpus = pd.read_csv(Path(__file__).resolve().parents[1] / "training_data" / "indicators.csv",
                         dtype=str, keep_default_na=False)
    code = corpus["l2_declared"].map(declared_code)
    pred = load_model().predict(corpus[["name", "value"]])["l2"]
    assert (pred == code).mean() >= 0.9


def test_direction_agrees_with_blind_reviewer() -> None:
    """300 rows labeled blind from the guide (198 seed rows, 102 of other provinces):
    0.830 before the word-value rules (a state or schedule of a name that is no measure
    wants nothing; 改善/促进/加强/完善 are direction words), 0.957 after."""
    rows = pd.read_csv(Path(__file__).parent / "data" / "direction_target_labels.csv", dtype=str,
                       keep_default_na=False)
    pred = load_model().predict(rows[["name", "value"]])["direction"]
    ok = pred.to_numpy() == rows["direction"].to_numpy()
    assert ok.mean() >= 0.93
    assert ok[(rows["origin"] == "other_provinces").to_numpy()].mean() >= 0.9



def test_second_review_of_the_public_rows() -> None:
    """A second reviewer labelled every public row blind (benchmarks/bench_public_cv.py
    scores against both): the file must stay aligned with training_data/public/*.csv."""
    second = pd.read_csv(Path(__file__).parent / "data" / "public_second_review.csv", dtype=str,
                         keep_default_na=False)
    public = load_public()
    assert len(second) == len(public)
    assert (second["name"].to_numpy() == public["name"].to_numpy()).all()
    assert (second["value"].to_numpy() == public["value"].to_numpy()).all()
    assert set(second["l2"]) <= {c["code"] for c in lexicon.taxonomy()["categories"]}
    agree = (second["l2"] == public["l2"]).to_numpy()
    assert 0.9 <= agree.mean() < 1.0
    # where the reviewers differ, the second one mostly called the row a boundary case
    unsure = (second["sure"] == "n").to_numpy()
    assert unsure[~agree].mean() > 2 * unsure[agree].mean()


def test_name_only_review_of_public_rows() -> None:
    """A third reviewer read 300 public rows from name and value alone, never the declared
    category (benchmarks/bench_public_cv.py compares it with the model): each row names a
    public row by file and line and copies its name and value; the reader, who lacks the
    declared category, agrees with the first reviewer less often than the second one does."""
    data = Path(__file__).parent / "data"
    read = pd.read_csv(data / "public_name_only_review.csv", dtype=str, keep_default_na=False)
    second = pd.read_csv(data / "public_second_review.csv", dtype=str, keep_default_na=False)
    public = load_public().assign(key=(second["file"] + ":" + second["line"]).to_numpy())
    rows = public.set_index("key").loc[read["file"] + ":" + read["line"]]
    assert len(read) == 300 and read[["file", "line"]].duplicated().sum() == 0
    assert (rows["name"].to_numpy() == read["name"].to_numpy()).all()
    assert (rows["value"].to_numpy() == read["value"].to_numpy()).all()
    categories = {c["code"] for c in lexicon.taxonomy()["categories"]}
    assert set(read["l2"]) <= categories and set(read["alt"]) - {""} <= categories
    concept_cat = lexicon.concept_categories()
    assert all(concept_cat[c] == l2 for c, l2 in zip(read["concept"], read["l2"], strict=True))
    name_only = (read["l2"].to_numpy() == rows["l2"].to_numpy()).mean()
    with_declared = (second["l2"] == public["l2"]).to_numpy().mean()
    assert 0.7 < name_only < with_declared
    # an unsure row names its runner-up, a sure row none
    assert ((read["sure"] == "n") == (read["alt"] != "")).all()


def test_names_the_corpus_filed_keep_the_declared_first_pipelines(small_model) -> None:
    """Seen names are read by the declared-first pipelines, new names by the definition
    pipelines; on held-out names whose own label differs from the declared convention, the
    definition pipelines follow our label more often (on 2026-12-04, 80 of 101 rows against
    75; a change of the features elsewhere moves a row or two either way)."""
    model, ts = small_model
    assert model.definition_pipeline is not None and model.manifest["definition_model"]
    assert ts.new_names_by_definition  # training_data/label_policy.yaml
    assert not training_set(policy={"declared_first": True}).new_names_by_definition
    corpus = ts.train[ts.train["origin"] == "corpus"]
    assert set(seen_keys_of(corpus["name"])) == model.seen_names
    declared_first = IndicatorModel(model.category_pipeline, model.concept_pipeline, model.manifest,
                                    model.name_only_pipeline,
                                    blend_concept_pipeline=model.blend_concept_pipeline)
    by_definition = IndicatorModel(model.definition_pipeline, model.concept_pipeline, model.manifest,
                                   model.definition_name_only_pipeline,
                                   blend_concept_pipeline=model.blend_concept_pipeline)
    rows = pd.concat([corpus[["name", "value"]].head(300), ts.test[["name", "value"]],
                      ts.test[["name"]].head(50).assign(value="")], ignore_index=True)
    seen = np.array([k in model.seen_names for k in seen_keys_of(rows["name"])])
    assert 0 < seen.sum() < len(rows)
    out = model.predict(rows)
    pd.testing.assert_frame_equal(out[seen], declared_first.predict(rows[seen]))
    pd.testing.assert_frame_equal(out[~seen], by_definition.predict(rows[~seen]))
    moved = ts.test[ts.test["l2_human"] != ts.test["l2"]]
    assert len(moved) >= 50
    hits = {name: (m.predict(moved)["l2"] == moved["l2_human"]).mean()
            for name, m in (("declared_first", declared_first), ("definition", by_definition))}
    assert hits["definition"] >= hits["declared_first"] + 0.04, hits


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_hand_transcribed_seed_names_count_as_filed() -> None:
    """The seed tables keep the declared-first convention even when a person transcribes
    them: every name of the 369 hand-transcribed gold rows is found among the filed names."""
    gold = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False)
                      for f in sorted((Path(__file__).parent / "data" / "gold").glob("*.csv"))])
    seen = load_model().seen_names
    assert seen is not None and len(gold) > 300
    assert [n for n in gold["name"] if seen_keys_of([n])[0] not in seen] == []


def test_suggest_reads_each_row_with_the_pipeline_that_predicts_it(small_model) -> None:
    """Active learning ranks a row by the probabilities behind its l2_confidence: a new name
    by the definition pipeline, a blank value by the name-only twin."""
    from nlp.labeling import uncertainty_and_vectors

    model, ts = small_model
    X = ts.test[["name", "value"]].head(40)
    X = pd.concat([X, X.head(10).assign(value="")], ignore_index=True)  # templates with no value
    new = np.array([k not in model.seen_names for k in seen_keys_of(X["name"])])
    blank = (X["value"].str.strip() == "").to_numpy()
    assert new.sum() >= 20 and blank.sum() == 10
    u, _ = uncertainty_and_vectors(model, X)
    proba = model.category_proba(X)
    top = np.sort(proba, axis=1)
    assert np.allclose(u, 1 - (top[:, -1] - top[:, -2]))
    # the same probabilities as the prediction's confidence
    assert np.allclose(proba.max(axis=1), model.predict(X)["l2_confidence"], atol=1e-4)
    # not the declared-first pipeline's on new names
    top = np.sort(model.category_pipeline.predict_proba(X), axis=1)
    assert not np.allclose(u[new], 1 - (top[:, -1] - top[:, -2])[new])


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_cli_predict_keeps_a_tables_own_columns(tmp_path: Path) -> None:
    """A researcher's table of one indicator per row (三级指标 / 指标值, or indicator /
    target) keeps its own columns (an id, their labels) beside the prediction, to join back;
    they were dropped when the table was read as a document."""
    from typer.testing import CliRunner

    from nlp.cli import app

    for header in (["编号", "三级指标", "指标值", "专家二级"], ["id", "indicator", "target", "expert_l2"]):
        rows = tmp_path / "mine.csv"
        pd.DataFrame([["A7", "资金拨付及时率", "100%", "output.timeliness"],
                      ["B2", "受益群众满意度", "≥90%", "satisfaction.service"]],
                     columns=header).to_csv(rows, index=False)
        out = CliRunner().invoke(app, ["predict", str(rows), "-o", str(tmp_path / "p.csv")])
        assert out.exit_code == 0, out.output
        written = pd.read_csv(tmp_path / "p.csv")
        assert written[header[0]].tolist() == ["A7", "B2"] and written["name"].tolist()[0] == "资金拨付及时率"
        assert written["l2"].tolist() == written[header[3]].tolist()


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_cli_predict_reads_a_list_of_names(tmp_path: Path) -> None:
    """A list of indicator names with no value column (an id beside them) is predicted from
    the names, values blank (it was refused: "no indicator table found"); a grid whose levels
    are named below a merged 绩效指标 is still read as a document."""
    from typer.testing import CliRunner

    from nlp.cli import app

    names = tmp_path / "names.csv"
    pd.DataFrame({"编号": [1, 2, 3], "三级指标": ["资金拨付及时率", "受益群众满意度", "培训人数"]}).to_csv(
        names, index=False)
    out = CliRunner().invoke(app, ["predict", str(names), "-o", str(tmp_path / "p.csv")])
    assert out.exit_code == 0, out.output
    written = pd.read_csv(tmp_path / "p.csv", keep_default_na=False)
    assert written["编号"].tolist() == [1, 2, 3] and (written["value"] == "").all()
    assert written["l2"].tolist() == ["output.timeliness", "satisfaction.service", "output.quantity"]
    grid = tmp_path / "grid.csv"
    grid.write_text("绩效指标,,,\n一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,培训人数,≥100人\n",
                    encoding="utf-8")
    out = CliRunner().invoke(app, ["predict", str(grid), "-o", str(tmp_path / "g.csv")])
    assert out.exit_code == 0, out.output
    read = pd.read_csv(tmp_path / "g.csv", keep_default_na=False)
    assert read[["l2_declared", "name", "value"]].values.tolist() == [["数量指标", "培训人数", "≥100人"]]


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
def test_cli_predict_says_where_to_look_first(tmp_path: Path) -> None:
    """`jixiao predict` ends with the rows a reviewer looks at first: those below the
    confidence of finding Q008, and those whose declared 二级 the model confidently
    contradicts (a disbursement-timeliness rate filed under 质量指标)."""
    from typer.testing import CliRunner

    from nlp.cli import app

    rows = tmp_path / "rows.csv"
    pd.DataFrame({"name": ["资金拨付及时率", "受益群众满意度", "专业群建设的示范作用"],
                  "value": ["100%", "≥90%", "1.0000"],
                  "l2_declared": ["质量指标", "满意度指标", "社会效益指标"]}).to_csv(rows, index=False)
    out = CliRunner().invoke(app, ["predict", str(rows), "-o", str(tmp_path / "p.csv")])
    assert out.exit_code == 0, out.output
    written = pd.read_csv(tmp_path / "p.csv")
    unsure = int((written["l2_confidence"] < 0.8).sum())
    assert written.loc[0, "l2"] == "output.timeliness" and written.loc[0, "l2_confidence"] >= 0.8
    assert f"{unsure} rows below confidence 0.8" in out.output
    differ = sum(declared_code(d) != p and c >= 0.8 for d, p, c in
                 zip(written["l2_declared"], written["l2"], written["l2_confidence"], strict=True))
    assert differ >= 1 and f"; {differ} rows whose declared 二级 the model contradicts" in out.output


def test_declared_kept_rules_of_the_label_policy() -> None:
    """label_policy.yaml `declared_kept`: a standard (补贴标准, 发放标准 …) declared 质量 keeps
    it although our label reads it as a unit cost; filed under 成本 it stays cost, and an
    amount of money filed under 质量 still moves to cost. A name labelled timeliness moves a
    质量 row to timeliness only when the row speaks of time."""
    ts = training_set()
    corpus = ts.train[ts.train["origin"] == "corpus"]
    raw = pd.read_csv(Path(__file__).resolve().parents[1] / "training_data" / "indicators.csv",
                      dtype=str, keep_default_na=False)
    declared = raw.assign(code=raw["l2_declared"].map(declared_code))
    label = corpus.set_index(["name", "value"])["l2"]

    def labels_of(name: str, code: str) -> set[str]:
        rows = declared[(declared["name"] == name) & (declared["code"] == code)]
        assert len(rows), (name, code)
        return {label.get((name, v)) for v in rows["value"]} - {None}

    assert labels_of("补贴标准", "output.quality") == {"output.quality"}
    assert labels_of("发放标准", "output.quality") == {"output.quality"}
    assert labels_of("补贴标准", "cost") == {"cost"}
    assert labels_of("在押（在拘）人员月均给养费", "output.quality") == {"cost"}  # no standard: moved
    assert labels_of("项目总成本", "output.timeliness") == {"cost"}
    assert label[("发放要求", "按月发放")] == "output.timeliness"
    assert label[("发放要求", "按文件要求")] == "output.quality"
    assert labels_of("预算项目执行度", "output.quality") == {"output.quality"}
    assert labels_of("及时发放", "output.quality") == {"output.timeliness"}


def test_labels_by_the_definitions_follow_the_declared_kept_rules() -> None:
    """label_policy.yaml `definition_keeps_rules`: the labels that train the pipelines for new
    names keep a standard filed under 质量 as 质量 (as the policy labels and the seed reviewers
    do); without the key they are our own labels (cost). An amount filed under 质量 moves to
    cost either way, and a 质量 row that speaks of time to timeliness."""
    policy = load_policy()
    assert policy.get("definition_keeps_rules") is True
    on = training_set(policy=policy).train
    off = training_set(policy={**policy, "definition_keeps_rules": False}).train

    def definition(train: pd.DataFrame, name: str, value: str) -> str:
        rows = train[(train["origin"] == "corpus") & (train["name"] == name) & (train["value"] == value)]
        assert len(rows) == 1, (name, value, len(rows))
        return rows["l2_definition"].iloc[0]

    assert definition(on, "室外保洁服务标准", "3.6元/平方米") == "output.quality"
    assert definition(off, "室外保洁服务标准", "3.6元/平方米") == "cost"
    assert definition(on, "发放要求", "按文件要求") == "output.quality"
    assert definition(off, "发放要求", "按文件要求") == "output.timeliness"
    assert definition(on, "发放要求", "按月发放") == "output.timeliness"
    changed = on.merge(off, on=["name", "value", "l2", "origin"], suffixes=("_on", "_off"))
    changed = changed[changed["l2_definition_on"] != changed["l2_definition_off"]]
    assert 30 <= len(changed) <= 80
    assert set(changed["l2_definition_on"]) <= {"output.quality", "output.timeliness"}
    assert (changed["l2_definition_on"] == changed["l2"]).all()  # the policy label, as kept


def test_label_policy_refuses_a_malformed_declared_kept_rule(tmp_path: Path) -> None:
    path = tmp_path / "label_policy.yaml"
    path.write_text("declared_first: true\nhuman_overrides_to: [cost]\n"
                    "declared_kept:\n  - {declared: output.quality, human: costs, words: [标准]}\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"label_policy\.yaml: declared_kept rule 1 needs"):
        load_policy(path)
    path.write_text("declared_kept:\n  - {declared: output.quality, human: cost, words: [标准],"
                    " unless_words: [元]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="one list of `words` or `unless_words`"):
        load_policy(path)


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "pipelines.skops").exists(), reason="no shipped model")
@pytest.mark.parametrize("review", ["seed_review.csv", "seed_review_2.csv"])
def test_shipped_model_agrees_with_taxonomy_readers_on_sampled_seed_rows(review: str) -> None:
    """tests/data/seed_review*.csv: seed rows drawn at random (450, then 600), each file
    labelled by two reviewers who read TAXONOMY.md alone (benchmarks/seed_review_agreement.py).
    Where both agree, the model matches them more often than the tables' declared categories
    do (0.928 vs 0.908; on the second sample, labelled after the label policy's rules were
    fixed, 0.936 vs 0.919)."""
    rows = pd.read_csv(Path(__file__).parent / "data" / review, dtype=str, keep_default_na=False)
    rows = rows[(rows["random_rows"] != "0") & (rows["l2_a"] == rows["l2_b"])]
    weight = rows["random_rows"].astype(int).to_numpy()
    assert weight.sum() >= 400
    pred = load_model().predict(rows[["name", "value"]])["l2"].to_numpy()
    declared = rows["l2_declared"].map(declared_code).to_numpy()
    model_hits = np.average(pred == rows["l2_a"].to_numpy(), weights=weight)
    declared_hits = np.average(declared == rows["l2_a"].to_numpy(), weights=weight)
    assert model_hits >= 0.92
    assert model_hits > declared_hits + 0.01
