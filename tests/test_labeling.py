"""The labeling loop: suggest → export → (annotator) → import → append, and run comparison."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from nlp.classify import IndicatorModel, build_pipeline
from nlp.cli import app
from nlp.errors import InputError, JixiaoError
from nlp.labeling import (
    LABEL_FILE_COLUMNS,
    append_labels,
    compare_runs,
    diverse_pick,
    export_for_labeling,
    import_labels,
    split_for,
    suggest,
)
from nlp.train import TRAINING_DIR, load_exemplars, load_labels, normalize_name, training_set

N_TRAIN = 700  # human training rows the quick model sees (the rest are candidates to suggest)


@pytest.fixture(scope="module")
def small():
    """A quick TF-IDF model on part of the human training labels, and the rest as candidates."""
    labels = load_labels([TRAINING_DIR / "labels" / "human_labels.csv"])
    train = labels[labels["split"] == "train"].sample(frac=1.0, random_state=0)
    seen, rest = train.iloc[:N_TRAIN], train.iloc[N_TRAIN:]
    X = seen[["name", "value"]]
    cat = build_pipeline(use_embeddings=False).fit(X, seen["l2"])
    # a looser tolerance: ~80 concepts fit in a few seconds instead of ~15 (fit on the training rows: 100 %)
    concept = build_pipeline(use_embeddings=False).set_params(clf__tol=1e-3).fit(X, seen["concept"])
    return IndicatorModel(cat, concept, {"label_hash": "test"}), seen, rest


@pytest.fixture(scope="module")
def picked(small):
    model, seen, rest = small
    return suggest(rest, model, n=30, labeled=seen)


def test_suggest_picks_unsure_rows(small, picked) -> None:
    model, _, rest = small
    assert len(picked) == 30
    everyone = model.predict(rest[["name", "value"]])
    # the picked rows are the model's doubtful ones: far below the candidates' typical confidence
    assert picked["predicted_l2_confidence"].mean() < everyone["l2_confidence"].quantile(0.25)
    assert picked["uncertainty"].between(0, 1).all()
    # pre-filled with the model's guess
    assert (picked["l2"] == picked["predicted_l2"]).all()
    assert (picked["concept"] == picked["predicted_concept"]).all()


def test_suggest_is_diverse_and_skips_labeled(small, picked) -> None:
    _, seen, _ = small
    groups = picked["name"].map(normalize_name)
    assert groups.is_unique
    assert not set(groups) & set(seen["name"].map(normalize_name))
    assert picked["predicted_l2"].nunique() >= 4
    assert picked["predicted_l2"].value_counts().iloc[0] <= 15


def test_suggest_options(small) -> None:
    model, seen, rest = small
    rows = pd.concat([rest.head(5), rest.head(5), seen.head(3)])  # repeats and labeled names
    out = suggest(rows.assign(l2_declared="数量指标"), model, n=50, labeled=seen, prefill=False)
    assert sorted(out["name"]) == sorted(rest.head(5)["name"])
    assert (out[["l2", "concept", "direction"]] == "").all().all()
    assert (out["l2_declared"] == "数量指标").all()
    assert suggest(seen.head(3), model, labeled=seen).empty


def test_diverse_pick_skips_near_duplicates() -> None:
    # five copies of one uncertain row and three distinct, slightly less uncertain rows
    vectors = np.vstack([np.tile([1.0, 0, 0, 0], (5, 1)), np.eye(4)[1:]])
    uncertainty = np.array([0.9, 0.9, 0.9, 0.9, 0.9, 0.6, 0.5, 0.4])
    picked = diverse_pick(uncertainty, vectors, 4)
    assert picked[0] < 5 and sorted(picked[1:]) == [5, 6, 7]


def test_xlsx_roundtrip(tmp_path: Path, picked) -> None:
    batch = picked.head(6)
    (path,) = export_for_labeling(batch, tmp_path / "to_label.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["to_label", "categories", "concepts"]
    sheet = wb["to_label"]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert "categories!$A$2:$A$10" in formulas
    head = [c.value for c in sheet[1]]
    col = {name: head.index(name) + 1 for name in ("l2", "concept", "direction")}
    # the annotator: a Chinese category name with a matching concept, a bad code, a skipped fragment
    sheet.cell(2, col["l2"], "生态效益指标")
    sheet.cell(2, col["concept"], "空气质量")
    sheet.cell(2, col["direction"], "increase")
    sheet.cell(3, col["l2"], "生态指标")
    sheet.cell(4, col["l2"], "skip")
    wb.save(path)
    res = import_labels(path)
    assert len(res.rows) == 4 and res.unlabeled == 1
    first = res.rows.iloc[0]
    assert (first["name"], first["l2"], first["concept"]) == (batch.iloc[0]["name"], "benefit.ecological",
                                                              "air_quality")
    assert res.rejects[["file", "row"]].values.tolist() == [["to_label.xlsx", 3]]
    assert "unknown category '生态指标'" in res.rejects["reason"].iloc[0]


def test_csv_roundtrip_and_rejects(tmp_path: Path, picked) -> None:
    batch = picked.head(6).copy()
    (path,) = export_for_labeling(batch, tmp_path / "to_label.csv")
    edited = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    edited.loc[0, ["l2", "concept"]] = ["cost", "beneficiary_count"]  # concept of another category
    edited.loc[1, "direction"] = "upwards"
    edited.loc[2, ["l2", "concept"]] = ["", "total_cost"]  # the concept fixes the category
    edited.loc[3, "concept"] = "no_such_concept"
    edited.loc[4, "name"] = edited.loc[5, "name"]  # the same name twice
    edited.to_csv(path, index=False, encoding="utf-8-sig")
    res = import_labels(path)
    reasons = dict(zip(res.rejects["row"], res.rejects["reason"], strict=True))
    assert sorted(reasons) == [2, 3, 5, 7]
    assert reasons[2] == "concept 'beneficiary_count' belongs to output.quantity, not to l2 cost"
    assert "unknown direction 'upwards'" in reasons[3]
    assert "unknown concept 'no_such_concept'" in reasons[5]
    assert reasons[7] == "same name as row 6"
    assert res.rows[["l2", "concept"]].iloc[0].tolist() == ["cost", "total_cost"]


def test_label_studio_roundtrip(tmp_path: Path, picked) -> None:
    batch = picked.head(5)
    json_path, xml_path = export_for_labeling(batch, tmp_path / "tasks.json", model_version="m1")
    tasks = json.loads(json_path.read_text(encoding="utf-8"))
    config = ET.fromstring(xml_path.read_text(encoding="utf-8"))
    controls = {c.get("name"): c for c in config.iter("Choices")}
    assert controls["l2"].get("toName") == "text" and len(controls["l2"]) == 9
    for task in tasks:
        assert task["data"]["text"].startswith(task["data"]["name"])
        (pred,) = task["predictions"]
        assert pred["model_version"] == "m1"
        for r in pred["result"]:  # every prediction fits a control and one of its choices
            assert r["to_name"] == "text" and r["type"] == "choices"
            assert r["value"]["choices"][0] in {c.get("value") for c in controls[r["from_name"]]}

    def result(control: str, value: str) -> dict:
        return {"from_name": control, "to_name": "text", "type": "choices", "value": {"choices": [value]}}

    # an annotator's export: accepted after a change, cancelled, untouched, corrected badly, accepted as is
    export = [dict(t, id=i + 1) for i, t in enumerate(tasks)]
    stale = result("concept_output_quantity", "whatever")  # a control hidden once l2 is cost
    export[0]["annotations"] = [{"result": [result("l2", "cost"), result("concept_cost", "total_cost"),
                                            result("direction", "decrease"), stale,
                                            {"from_name": "note", "to_name": "text", "type": "textarea",
                                             "value": {"text": ["成本, 不是数量"]}}]}]
    export[1]["annotations"] = [{"result": [result("l2", "cost")], "was_cancelled": True}]
    export[3]["annotations"] = [{"result": [result("l2", "成本")]}, {"result": [result("l2", "nonsense")]}]
    export[4]["annotations"] = [{"result": export[4]["predictions"][0]["result"]}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    res = import_labels(path)
    assert res.unlabeled == 2
    assert res.rejects["row"].tolist() == [4]
    assert res.rejects["reason"].iloc[0].startswith("unknown category 'nonsense' (expected a code")
    assert res.rows[["name", "l2", "concept", "direction", "note"]].values.tolist()[0] == [
        batch.iloc[0]["name"], "cost", "total_cost", "decrease", "成本, 不是数量"]
    assert res.rows.iloc[1][["l2", "concept"]].tolist() == batch.iloc[4][["l2", "concept"]].tolist()


def test_label_studio_json_min_export(tmp_path: Path) -> None:
    path = tmp_path / "min.json"
    task = {"id": 1, "name": "垃圾无害化处理率", "value": "≥95%", "l2": "生态效益",
            "concept_benefit_ecological": "pollution_treatment_rate", "direction": "increase"}
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    res = import_labels(path)
    assert res.rows[["l2", "concept"]].values.tolist() == [["benefit.ecological", "pollution_treatment_rate"]]


def _import(tmp_path: Path, rows: list[tuple[str, str, str, str, str]], name: str = "batch.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=["name", "value", "l2", "concept", "direction"]).to_csv(path, index=False)
    return import_labels(path)


def test_append_is_idempotent_and_keeps_held_out(tmp_path: Path) -> None:
    labels_dir = tmp_path / "labels"
    labels_dir.mkdir()
    human = pd.read_csv(TRAINING_DIR / "labels" / "human_labels.csv", dtype=str, keep_default_na=False)
    human.head(40).to_csv(labels_dir / "human_labels.csv", index=False)
    new = [(f"{word}污水管网改造长度", "5公里", "output.quantity", "length_size", "increase")
           for word in ("东关", "西关", "南关", "北关", "城东", "城西", "城南", "城北")]
    existing = human.iloc[0]
    rows = [*new, (existing["name"], existing["value"], existing["l2"], existing["concept"],
                   existing["direction"])]
    first = append_labels(_import(tmp_path, rows), labels_dir)
    assert (first.appended, first.duplicates, len(first.conflicts)) == (8, 1, 0)
    again = append_labels(_import(tmp_path, rows), labels_dir)
    assert (again.appended, again.duplicates) == (0, 9)
    fix = _import(tmp_path, [(existing["name"], "", "cost", "", "")], "fix.csv")
    changed = append_labels(fix, labels_dir)
    assert (changed.appended, changed.conflicts["in_file"].tolist()) == (0, ["human_labels.csv"])

    written = pd.read_csv(labels_dir / "corrections.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == LABEL_FILE_COLUMNS and len(written) == 8
    assert written["split"].tolist() == [split_for(n) for n in written["name"]]
    assert set(written["split"]) == {"train", "test"}  # both sides occur among these eight names
    assert (written["source"] == "batch.csv").all()
    labels = load_labels(sorted(labels_dir.glob("*.csv")))  # validates the appended file
    ts = training_set(labels)
    assert not set(ts.test["group"]) & set(ts.train["group"])
    assert set(written.loc[written["split"] == "test", "name"]) <= set(ts.test["name"])


def test_compare_runs(tmp_path: Path) -> None:
    from nlp.tracking import log_run

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    a = log_run({"embedder": "none"}, {"test_accuracy": 0.80, "test_f1.cost": 0.90, "cv_accuracy": 0.7,
                                       "test_f1.benefit.ecological": 0.50}, {}, None, tags={}, uri=uri)
    b = log_run({"embedder": "none"}, {"test_accuracy": 0.85, "test_f1.cost": 0.90, "cv_accuracy": 0.75,
                                       "test_f1.benefit.ecological": 0.70, "fit_seconds": 3.0},
                {}, None, tags={}, uri=uri)
    table = compare_runs(a, b, tracking_uri=uri)
    assert table.index.tolist() == ["test_accuracy", "test_f1.benefit.ecological", "test_f1.cost",
                                    "cv_accuracy", "fit_seconds"]
    assert table.loc["test_f1.benefit.ecological", "diff"] == pytest.approx(0.20)
    assert table.loc["test_f1.cost", "diff"] == 0.0
    assert np.isnan(table.loc["fit_seconds", "a"])
    with pytest.raises(JixiaoError, match="not found"):
        compare_runs(a, "0" * 32, tracking_uri=uri)
    out = CliRunner().invoke(app, ["compare", a, b, "--tracking-uri", uri])
    assert out.exit_code == 0 and "+0.2000" in out.output


def test_cli_suggest_and_import(tmp_path: Path, small) -> None:
    model, seen, rest = small
    model.save(tmp_path / "model")
    rows = tmp_path / "rows.csv"
    rest.head(40)[["name", "value"]].to_csv(rows, index=False)
    labels_dir = tmp_path / "labels"
    labels_dir.mkdir()
    seen.head(5)[LABEL_FILE_COLUMNS[:6]].to_csv(labels_dir / "human_labels.csv", index=False)
    runner = CliRunner()
    out = runner.invoke(app, ["suggest", str(rows), "--n", "5", "-o", str(tmp_path / "t.json"),
                              "--model", str(tmp_path / "model"), "--labels-dir", str(labels_dir)])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "t.json").exists() and (tmp_path / "t.xml").exists()
    assert len(json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))) == 5

    good = tmp_path / "good.csv"
    pd.DataFrame({"name": ["农村改厕数量"], "value": ["100座"], "l2": ["数量指标"]}).to_csv(good, index=False)
    out = runner.invoke(app, ["import-labels", str(good), "--labels-dir", str(labels_dir)])
    assert out.exit_code == 0 and "appended 1" in out.output
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"name": ["农村改厕数量"], "value": ["100座"], "l2": ["数量"],
                  "direction": ["more"]}).to_csv(bad, index=False)
    out = runner.invoke(app, ["import-labels", str(bad), "--labels-dir", str(labels_dir)])
    assert out.exit_code == 1 and "unknown direction 'more'" in out.output


@pytest.mark.parametrize("loader, shipped, header, rows, message", [
    (load_labels, 2000, "name,value,l2,concept",
     ["培训人数,200人,output.quantity,trainee_count", "项目总成本,≤400万元,output.quantity,total_cost"],
     r"mine\.csv: row 3: concept 'total_cost' belongs to cost, not to l2 output\.quantity"),
    (load_exemplars, 8, "name,value,l2,sure,sector,concept",
     ["道路里程,12公里,output.quantity,1,交通,", "社会成本,无,benefit.social,1,交通,social_cost"],
     r"mine\.csv: row 3: concept 'social_cost' belongs to cost, not to l2 benefit\.social"),
])
def test_a_concept_of_another_category_is_refused(tmp_path: Path, loader, shipped: int, header: str,
                                                  rows: list[str], message: str) -> None:
    """A label file (training_data/labels/*.csv) or a written-exemplar file whose concept
    belongs to another category than its l2 is refused with file and row, as imports are
    (one check, nlp.train.concept_problem); the shipped files all pass."""
    assert (loader()["concept"] != "").sum() > shipped
    bad = tmp_path / "mine.csv"
    bad.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        loader([bad])
