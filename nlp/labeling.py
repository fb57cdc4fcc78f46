"""The labeling loop: pick rows worth a human look, export them, read the labels back, retrain.

1. :func:`suggest` ranks unlabeled indicator rows by how unsure the model is
   (1 − the margin between its two likeliest categories) and picks a diverse
   batch (greedy farthest-point in the model's own feature space, weighted by
   uncertainty), skipping names that already have a human label.
2. :func:`export_for_labeling` writes the batch for an annotator: an Excel
   workbook with dropdowns and a code sheet, a CSV, or Label Studio tasks
   (``.json`` with the model's guesses as predictions, plus the labeling
   config ``.xml``).
3. :func:`import_labels` reads the edited file or a Label Studio export back,
   validating every label against the taxonomy; :func:`append_labels` adds the
   good rows to ``training_data/labels/corrections.csv``, which
   :func:`nlp.train.load_labels` reads with the other label files.
4. :func:`compare_runs` puts the metrics of two mlflow runs side by side.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

from nlp import lexicon
from nlp.classify import IndicatorModel, clean_name
from nlp.errors import InputError, JixiaoError

DIRECTIONS = ("increase", "decrease", "exact", "none")
LABEL_FILE_COLUMNS = ["name", "value", "l2", "concept", "direction", "split", "source", "note"]
CORRECTIONS_FILE = "corrections.csv"
LABEL_COLUMNS = ["l2", "concept", "direction", "note"]
PREDICTED_COLUMNS = ["predicted_l2", "predicted_l2_confidence", "predicted_l2_runner_up",
                     "predicted_l2_evidence", "predicted_concept", "predicted_concept_confidence",
                     "predicted_direction"]
PROVENANCE_COLUMNS = ["source", "table", "line"]
REJECT_COLUMNS = ["file", "row", "reason"]
# an l2 cell an annotator fills with one of these marks a row not worth a label (a fragment of a
# wrapped cell, two indicators run together): it is skipped, not rejected
SKIP_WORDS = ("skip", "跳过", "-")


# --------------------------------------------------------------------------
# keys and the held-out split (training_data/README.md, "Split")


def label_key(name: str) -> str:
    """One label row per key: NFKC, no whitespace, lower case.

    >>> label_key(" 受益群众满意度（％） ")
    '受益群众满意度(%)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name))).lower()


def split_for(name: str) -> str:
    """``test`` for about a quarter of the names, fixed by a hash of the key, else ``train``.

    >>> split_for("涉及学校数"), split_for("涉及学生数")
    ('test', 'train')
    """
    digest = int(hashlib.sha1(label_key(name).encode("utf-8")).hexdigest(), 16)
    return "test" if digest % 100 < 25 else "train"


def _group(name: str) -> str:
    from nlp.train import normalize_name

    return normalize_name(clean_name(str(name)))


# --------------------------------------------------------------------------
# 1. suggest


def suggest(rows: pd.DataFrame, model: IndicatorModel, n: int = 50, seed: int = 0,
            labeled: pd.DataFrame | None = None, prefill: bool = True) -> pd.DataFrame:
    """The ``n`` unlabeled rows the model is least sure of, spread over different kinds of indicator.

    Parameters
    ----------
    rows : DataFrame
        Indicator rows with ``name`` and ``value`` (as :func:`nlp.read_tables`
        returns them); ``source``, ``table``, ``line`` and ``l2_declared`` are
        carried along when present.
    model : IndicatorModel
        The classifier whose uncertainty decides.
    n : int
        How many rows to return (fewer when fewer unlabeled names exist).
    seed : int
        Breaks ties between equally uncertain rows reproducibly.
    labeled : DataFrame, optional
        Existing labels (column ``name``); default :func:`nlp.train.load_labels`.
        A row whose normalized name (:func:`nlp.train.normalize_name`) is
        labeled is skipped, and so is every repeat of a name and every
        one-character name (a fragment of a wrapped cell).
    prefill : bool
        Fill the label columns ``l2, concept, direction`` with the model's guess.

    Returns
    -------
    DataFrame
        In the order picked (most useful first): ``name, value, [l2_declared],
        l2, concept, direction, note, uncertainty, predicted_l2,
        predicted_l2_confidence, predicted_l2_runner_up, predicted_l2_evidence,
        predicted_concept, predicted_concept_confidence, predicted_direction, source, table,
        line``.

    Examples
    --------
    >>> from nlp.classify import build_pipeline
    >>> labeled = pd.DataFrame({"name": ["会议成本", "培训人数", "群众满意度", "工程验收合格率"],
    ...                         "value": ["≤5万元", "100人", "≥95%", "100%"]})
    >>> pipe = build_pipeline(use_embeddings=False).fit(
    ...     labeled, ["cost", "output.quantity", "satisfaction.service", "output.quality"])
    >>> rows = pd.DataFrame({"name": ["会议成本", "培训成本", "游客满意度", "培训成本"],
    ...                      "value": ["5万元", "3万元", "90%", "4万元"]})
    >>> sorted(suggest(rows, IndicatorModel(pipe, None), n=5, labeled=labeled)["name"])
    ['培训成本', '游客满意度']
    """
    if not isinstance(rows, pd.DataFrame) or "name" not in rows.columns:
        raise InputError("suggest needs a DataFrame with a 'name' column (and 'value')")
    if n < 1:
        raise InputError(f"n must be at least 1, got {n}")
    if labeled is None:
        from nlp.train import load_labels

        labeled = load_labels()
    known = {_group(x) for x in labeled["name"]}
    df = rows.reset_index(drop=True).copy()
    df["name"] = df["name"].fillna("").astype(str).map(lambda s: "".join(s.split()))
    df["value"] = df["value"].fillna("").astype(str) if "value" in df.columns else ""
    df["_group"] = df["name"].map(_group)
    # one-character names (效, 标, 无) are fragments of wrapped cells: never worth a label
    df = df[(df["_group"].str.len() >= 2) & ~df["_group"].isin(known)].drop_duplicates("_group")
    columns = _suggest_columns("l2_declared" in df.columns)
    if df.empty:
        return pd.DataFrame(columns=columns)

    X = df[["name", "value"]]  # filled and stringified above
    uncertainty = margin_uncertainty(model, X)
    # feature vectors only for the candidate pool diverse_pick looks at, not every row
    picked = diverse_pick(uncertainty, lambda rows: feature_vectors(model, X.iloc[rows]), n, seed)
    chosen = df.iloc[picked].reset_index(drop=True)
    # the runner-up and the evidence (against the declared 二级 where it differs): the rows
    # picked are the uncertain ones, and an annotator weighs the model's two readings
    pred = model.explain(chosen[["name", "value"]],
                         against=chosen["l2_declared"] if "l2_declared" in chosen.columns else None)
    out = chosen[["name", "value"]].copy()
    if "l2_declared" in chosen.columns:
        out["l2_declared"] = chosen["l2_declared"].fillna("").astype(str)
    for col in ("l2", "concept", "direction"):
        out[col] = pred[col].to_numpy() if prefill else ""
    out["note"] = ""
    out["uncertainty"] = np.round(uncertainty[picked], 4)
    for col in PREDICTED_COLUMNS:
        out[col] = pred[col.removeprefix("predicted_")].to_numpy()
    for col in PROVENANCE_COLUMNS:
        out[col] = chosen[col].to_numpy() if col in chosen.columns else ""
    return out[columns]


def _suggest_columns(declared: bool) -> list[str]:
    return ["name", "value", *(["l2_declared"] if declared else []), *LABEL_COLUMNS, "uncertainty",
            *PREDICTED_COLUMNS, *PROVENANCE_COLUMNS]


def uncertainty_and_vectors(model: IndicatorModel, X: pd.DataFrame):
    """1 − (p₁ − p₂) of the probabilities behind the model's ``l2_confidence``, and the
    rows' unit-length feature vectors (of the category pipeline).

    The probabilities are :meth:`IndicatorModel.category_proba`: a row whose name the seed
    corpus never filed reads by the definition pipeline, a row with an empty 指标值 by a
    name-only pipeline, as prediction does.

    >>> from nlp.classify import build_pipeline
    >>> X = pd.DataFrame({"name": ["会议成本", "培训人数"], "value": ["≤5万元", "100人"]})
    >>> model = IndicatorModel(build_pipeline(use_embeddings=False).fit(X, ["cost", "output.quantity"]), None)
    >>> u, v = uncertainty_and_vectors(model, X)
    >>> bool(((0 <= u) & (u < 1)).all()), v.shape[0]
    (True, 2)
    """
    return margin_uncertainty(model, X), feature_vectors(model, X)


def margin_uncertainty(model: IndicatorModel, X: pd.DataFrame) -> np.ndarray:
    """1 − (p₁ − p₂) of :meth:`IndicatorModel.category_proba` for each row of ``X``."""
    proba = model.category_proba(X[["name", "value"]].fillna("").astype(str))
    top = np.sort(proba, axis=1)
    margin = top[:, -1] - (top[:, -2] if proba.shape[1] > 1 else 0.0)
    return 1.0 - margin


def feature_vectors(model: IndicatorModel, X: pd.DataFrame):
    """The rows' unit-length feature vectors of the category pipeline."""
    from sklearn.preprocessing import normalize

    return normalize(model.category_pipeline[:-1].transform(X[["name", "value"]].fillna("").astype(str)))


def diverse_pick(uncertainty: np.ndarray, vectors, n: int, seed: int = 0, pool_factor: int = 5) -> list[int]:
    """Greedy farthest-point selection weighted by uncertainty.

    Among the ``pool_factor * n`` most uncertain rows (at least 100), pick the
    most uncertain first, then each time the row maximizing uncertainty ×
    cosine distance to the nearest row already picked. Near-duplicates score
    ~0 and wait until nothing else is left. ``vectors`` is a matrix with a row per
    row of ``uncertainty``, or a function giving the vectors of the rows whose
    positions it is passed (only the pool's are asked for).

    >>> v = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> diverse_pick(np.array([0.9, 0.8, 0.5]), v, 2)
    [0, 2]
    """
    rng = np.random.default_rng(seed)
    u = np.asarray(uncertainty, dtype=float) + rng.uniform(0, 1e-9, len(uncertainty))
    pool = np.argsort(-u, kind="stable")[: max(pool_factor * n, 100)]
    V = vectors(pool) if callable(vectors) else vectors[pool]
    up = u[pool]
    picked = [0]
    nearest = np.clip(1.0 - _dot(V, V[0]), 0.0, 2.0)
    while len(picked) < min(n, len(pool)):
        score = up * nearest
        score[picked] = -1.0
        k = int(score.argmax())
        picked.append(k)
        nearest = np.minimum(nearest, np.clip(1.0 - _dot(V, V[k]), 0.0, 2.0))
    return [int(pool[k]) for k in picked]


def _dot(V, row) -> np.ndarray:
    prod = V @ row.T
    return np.asarray(prod.toarray() if hasattr(prod, "toarray") else prod).ravel()


# --------------------------------------------------------------------------
# 2. export


def export_for_labeling(df: pd.DataFrame, path: str | Path, model_version: str = "jixiao") -> list[Path]:
    """Write rows to label by the extension of ``path``; returns the files written.

    ``.xlsx``: sheet ``to_label`` with dropdowns for l2, concept and direction,
    and sheets ``categories``, ``concepts`` listing the valid values.
    ``.csv``: UTF-8 with BOM (opens in Excel). ``.json``: Label Studio tasks,
    the model's guesses as predictions, and the labeling config next to it
    (same name, ``.xml``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(df, path)
        return [path]
    if suffix == ".csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")
        return [path]
    if suffix == ".json":
        tasks = label_studio_tasks(df, model_version)
        path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
        config = path.with_suffix(".xml")
        config.write_text(label_studio_config(), encoding="utf-8")
        return [path, config]
    raise JixiaoError(f"{path}: unknown format for labeling (use .xlsx, .csv or .json)")


def _write_xlsx(df: pd.DataFrame, path: Path) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    tax = lexicon.taxonomy()
    cats = pd.DataFrame([{"code": c["code"], "name": c["name"], "l1": c["l1"],
                          "definition": c.get("definition", "")} for c in tax["categories"]])
    concepts = pd.DataFrame([{"id": c["id"], "name": c["name"], "category": c["category"],
                              "direction": c.get("direction", "")} for c in tax.get("concepts", [])])
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name="to_label", index=False)
        cats.to_excel(writer, sheet_name="categories", index=False)
        concepts.to_excel(writer, sheet_name="concepts", index=False)
        sheet = writer.sheets["to_label"]
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = sheet.dimensions
        last = max(len(df) + 1, 2)
        lists = {"l2": f"categories!$A$2:$A${len(cats) + 1}",
                 "concept": f"concepts!$A$2:$A${len(concepts) + 1}",
                 "direction": f'"{",".join(DIRECTIONS)}"'}
        for i, col in enumerate(df.columns, start=1):
            letter = get_column_letter(i)
            sheet.column_dimensions[letter].width = 36 if col == "name" else 18
            if col in lists:
                # a warning, not a stop: 数量指标 or a concept's Chinese name is also accepted on import
                dv = DataValidation(type="list", formula1=lists[col], allow_blank=True,
                                    errorStyle="warning", showErrorMessage=True,
                                    error=f"not a listed {col} value", errorTitle="jixiao")
                dv.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(dv)


def _concept_control(code: str) -> str:
    return "concept_" + code.replace(".", "_")


def label_studio_config() -> str:
    """Labeling config XML: the indicator text, 二级 and direction choices, the concepts of
    the chosen category (one ``Choices`` per category, shown when it is selected), a note."""
    tax = lexicon.taxonomy()
    lines = ['<View>',
             '  <Header value="申报二级: $l2_declared"/>',
             '  <Text name="text" value="$text"/>',
             '  <Header value="二级指标 (l2)" size="5"/>',
             '  <Choices name="l2" toName="text" choice="single" required="true" showInline="true">']
    lines += [_choice(c["code"], c["name"]) for c in tax["categories"]]
    lines += ['  </Choices>', '  <Header value="方向 (direction)" size="5"/>',
              '  <Choices name="direction" toName="text" choice="single" showInline="true">']
    lines += [f'    <Choice value="{d}"/>' for d in DIRECTIONS]
    lines += ['  </Choices>', '  <Header value="概念 (concept)" size="5"/>']
    for c in tax["categories"]:
        lines.append(f'  <Choices name="{_concept_control(c["code"])}" toName="text" choice="single" '
                     f'visibleWhen="choice-selected" whenTagName="l2" whenChoiceValue="{c["code"]}">')
        lines += [_choice(k["id"], k["name"]) for k in tax.get("concepts", []) if k["category"] == c["code"]]
        lines.append('  </Choices>')
    lines += ['  <TextArea name="note" toName="text" maxSubmissions="1" editable="true" '
              'placeholder="note: why (optional)"/>', '</View>', '']
    return "\n".join(lines)


def _choice(value: str, chinese: str) -> str:
    # the annotator reads the Chinese name; the export keeps the code
    return f"    <Choice value={quoteattr(value)} html={quoteattr(chinese + ' ' + value)}/>"


def label_studio_tasks(df: pd.DataFrame, model_version: str = "jixiao") -> list[dict]:
    """Label Studio tasks (``data`` + one prediction with the pre-filled labels).

    >>> task, = label_studio_tasks(pd.DataFrame({"name": ["会议成本"], "value": ["≤5万元"], "l2": ["cost"],
    ...                                          "concept": ["activity_cost"], "direction": ["decrease"]}))
    >>> task["data"]["text"]
    '会议成本\\n指标值: ≤5万元'
    >>> [(r["from_name"], r["value"]["choices"]) for r in task["predictions"][0]["result"]]
    [('l2', ['cost']), ('direction', ['decrease']), ('concept_cost', ['activity_cost'])]
    """
    tasks = []
    for rec in df.fillna("").to_dict("records"):
        data = {k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()
                if k not in LABEL_COLUMNS}
        data["text"] = f"{rec.get('name', '')}\n指标值: {rec.get('value', '')}"
        data.setdefault("l2_declared", "")
        l2 = str(rec.get("l2", ""))
        choices = [("l2", l2), ("direction", str(rec.get("direction", "")))]
        if l2:
            choices.append((_concept_control(l2), str(rec.get("concept", ""))))
        result = [{"from_name": control, "to_name": "text", "type": "choices", "value": {"choices": [value]}}
                  for control, value in choices if value]
        task: dict = {"data": data}
        if result:
            score = rec.get("predicted_l2_confidence", "")
            task["predictions"] = [{"model_version": model_version, "result": result,
                                    **({"score": float(score)} if score != "" else {})}]
        tasks.append(task)
    return tasks


# --------------------------------------------------------------------------
# 3. import and append


@dataclass
class ImportResult:
    """Valid label rows (``name, value, l2, concept, direction, note, file``) and rejects
    (``file, row, reason``); ``unlabeled`` counts rows nobody labeled (skipped silently)."""

    rows: pd.DataFrame
    rejects: pd.DataFrame
    unlabeled: int = 0


def import_labels(path: str | Path) -> ImportResult:
    """Read labels from an edited ``.xlsx``/``.csv`` or a Label Studio ``.json`` export.

    Category codes or their Chinese names (``数量指标``), concept ids or their
    Chinese names, and directions ``increase, decrease, exact, none`` are
    accepted; a concept fixes an empty ``l2``, and a concept of another
    category than ``l2`` is a reject. A row with no label, or ``skip`` in
    ``l2``, is counted in ``unlabeled``; a Label Studio task counts only with a
    submitted (not cancelled) annotation, never from its predictions. Row numbers are spreadsheet rows (header
    = 1) or 1-based task positions.

    Examples
    --------
    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp()) / "labels.csv"
    >>> _ = tmp.write_text("name,value,l2,concept,direction\\n会议成本,≤5万元,成本指标,,decrease\\n"
    ...                    "培训人数,100人,数量,,up\\n", encoding="utf-8")
    >>> res = import_labels(tmp)
    >>> res.rows[["name", "l2", "direction"]].values.tolist()
    [['会议成本', 'cost', 'decrease']]
    >>> res.rejects["reason"].tolist()
    ["unknown direction 'up' (expected increase, decrease, exact or none)"]
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix == ".json":
        records = _label_studio_records(path)
    elif suffix in (".csv", ".xlsx", ".xlsm"):
        records = _table_records(path)
    else:
        raise InputError(f"{path}: unknown label file format (use .xlsx, .csv or Label Studio .json)")
    good: list[dict] = []
    rejects: list[dict] = []
    seen: dict[str, int] = {}
    unlabeled = 0
    for row_no, rec in records:
        if isinstance(rec, str):
            rejects.append({"file": path.name, "row": row_no, "reason": rec})
            continue
        checked = _check(rec)
        if checked is None:
            unlabeled += 1
            continue
        if isinstance(checked, str):
            rejects.append({"file": path.name, "row": row_no, "reason": checked})
            continue
        key = label_key(checked["name"])
        if key in seen:
            rejects.append({"file": path.name, "row": row_no, "reason": f"same name as row {seen[key]}"})
            continue
        seen[key] = row_no
        good.append({**checked, "file": path.name})
    return ImportResult(pd.DataFrame(good, columns=["name", "value", *LABEL_COLUMNS, "file"]),
                        pd.DataFrame(rejects, columns=REJECT_COLUMNS), unlabeled)


def _table_records(path: Path) -> list[tuple[int, dict | str]]:
    try:
        if path.suffix.lower() == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            sheets = pd.ExcelFile(path).sheet_names
            df = pd.read_excel(path, sheet_name="to_label" if "to_label" in sheets else 0, dtype=str)
    except Exception as exc:  # noqa: BLE001 - any reader error is a bad file for the user
        raise InputError(f"{path}: cannot read ({type(exc).__name__}: {exc})") from None
    df = df.fillna("")
    df.columns = [str(c).strip() for c in df.columns]
    if "name" not in df.columns or ("l2" not in df.columns and not _concept_keys(df.columns)):
        raise InputError(f"{path}: expected columns name and l2 (found {', '.join(df.columns)})")
    return [(i + 2, rec) for i, rec in enumerate(df.to_dict("records"))]


def _concept_keys(keys) -> list[str]:
    return [k for k in keys if k == "concept" or str(k).startswith("concept_")]


def _label_studio_records(path: Path) -> list[tuple[int, dict | str]]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a JSON file ({exc})") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise InputError(f"{path}: expected a list of Label Studio tasks")
    out: list[tuple[int, dict | str]] = []
    for i, task in enumerate(tasks, start=1):
        if not isinstance(task, dict):
            out.append((i, "not a task object"))
        elif "data" not in task:
            out.append((i, task))  # JSON-MIN export: one flat object per task
        else:
            anns = [a for a in task.get("annotations") or task.get("completions") or []
                    if not a.get("was_cancelled")]
            rec = {k: v for k, v in task["data"].items() if k in ("name", "value")}
            if anns:  # the last submitted annotation wins
                for r in anns[-1].get("result", []):
                    value = r.get("value", {})
                    rec[r.get("from_name", "")] = value.get("choices", value.get("text", ""))
            out.append((i, rec))
    return out


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("choices", value.get("text", ""))
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()


def _check(rec: dict) -> dict | str | None:
    """A valid label row, a reject reason, or ``None`` when the row carries no label."""
    name = "".join(_text(rec.get("name")).split())
    l2_raw = _text(rec.get("l2"))
    direction = _text(rec.get("direction")).lower()
    per_category = {k: _text(rec[k]) for k in _concept_keys(rec) if k != "concept"}
    has_label = l2_raw or _text(rec.get("concept")) or any(per_category.values()) or direction
    if not has_label or l2_raw.lower() in SKIP_WORDS:
        return None
    if not name:
        return "name is empty"
    l2 = _l2_code(l2_raw) if l2_raw else ""
    if l2 is None:
        return (f"unknown category {l2_raw!r} "
                "(expected a code such as output.quantity or a name such as 数量指标)")
    # Label Studio keeps one concept control per category; those of other categories are hidden
    raws = [_text(rec.get("concept")), *([per_category.get(_concept_control(l2), "")] if l2
                                         else per_category.values())]
    raw = next((r for r in raws if r), "")
    concept = _concept_id(raw) if raw else ""
    if concept is None:
        return f"unknown concept {raw!r} (see nlp/data/taxonomy.yaml, concepts:)"
    if concept:
        from nlp.train import concept_problem

        if problem := concept_problem(concept, l2):
            return problem
        l2 = lexicon.concept_categories()[concept]
    if not l2:
        return "l2 is empty"
    if direction and direction not in DIRECTIONS:
        return f"unknown direction {direction!r} (expected increase, decrease, exact or none)"
    return {"name": name, "value": _text(rec.get("value")), "l2": l2, "concept": concept,
            "direction": direction, "note": _text(rec.get("note"))}


def _l2_code(text: str) -> str | None:
    codes = {c["code"] for c in lexicon.taxonomy()["categories"]}
    spellings = lexicon.l2_spellings()
    for token in [text, *re.split(r"[\s()（）/|·:：,，]+", text)]:
        token = "".join(token.split())
        if token.lower() in codes:
            return token.lower()
        if token in spellings:
            return spellings[token]
    return None


def _concept_id(text: str) -> str | None:
    by_id = lexicon.concept_categories()
    by_name = {"".join(c["name"].split()): c["id"] for c in lexicon.taxonomy().get("concepts", [])}
    for token in [text, *re.split(r"[\s/|·:：,，]+", text)]:
        token = "".join(token.split())
        if token in by_id:
            return token
        if token in by_name:
            return by_name[token]
    return None


@dataclass
class AppendResult:
    """What :func:`append_labels` did: counts, the file, and rows that contradict an existing label."""

    path: Path
    appended: int
    duplicates: int
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)

    def counts(self) -> dict[str, int]:
        return {"appended": self.appended, "duplicates": self.duplicates, "conflicts": len(self.conflicts)}


def append_labels(result: ImportResult, labels_dir: str | Path | None = None) -> AppendResult:
    """Append the valid rows of ``result`` to ``<labels_dir>/corrections.csv``.

    Columns are those of ``human_labels.csv``; ``split`` follows the hash rule
    of ``training_data/README.md`` (so a held-out name stays held out, and
    :func:`nlp.train.training_set` also keeps out every name of the same
    group); ``source`` is the imported file's name. A name already labeled in
    any label file of ``labels_dir`` with the same l2/concept/direction is a
    duplicate and skipped (appending twice changes nothing); with a different
    label it is a conflict, not written, and returned for a person to settle.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> rows = pd.DataFrame({"name": ["农村改厕数量"], "value": ["100座"], "l2": ["output.quantity"],
    ...                      "concept": [""], "direction": ["increase"], "note": [""],
    ...                      "file": ["批次1.xlsx"]})
    >>> append_labels(ImportResult(rows, pd.DataFrame()), folder).counts()
    {'appended': 1, 'duplicates': 0, 'conflicts': 0}
    >>> append_labels(ImportResult(rows, pd.DataFrame()), folder).counts()
    {'appended': 0, 'duplicates': 1, 'conflicts': 0}
    """
    from nlp.train import TRAINING_DIR

    folder = Path(labels_dir) if labels_dir is not None else TRAINING_DIR / "labels"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CORRECTIONS_FILE
    existing: dict[str, tuple[tuple[str, str, str], str]] = {}
    for file in sorted(folder.glob("*.csv")):
        old = pd.read_csv(file, dtype=str, keep_default_na=False)
        if "name" not in old.columns:
            continue
        for rec in old.to_dict("records"):
            existing.setdefault(label_key(rec["name"]), (
                (rec.get("l2", ""), rec.get("concept", ""), rec.get("direction", "")), file.name))
    new: list[dict] = []
    conflicts: list[dict] = []
    duplicates = 0
    for rec in result.rows.to_dict("records"):
        key = label_key(rec["name"])
        labels = (rec["l2"], rec["concept"], rec["direction"])
        if key in existing:
            old_labels, where = existing[key]
            if old_labels == labels:
                duplicates += 1
            else:
                conflicts.append({"name": rec["name"], "l2": rec["l2"], "concept": rec["concept"],
                                  "direction": rec["direction"],
                                  "existing": "/".join(x or "-" for x in old_labels), "in_file": where})
            continue
        existing[key] = (labels, CORRECTIONS_FILE)
        new.append({"name": rec["name"], "value": rec["value"], "l2": rec["l2"], "concept": rec["concept"],
                    "direction": rec["direction"], "split": split_for(rec["name"]),
                    "source": rec.get("file", ""), "note": rec.get("note", "")})
    if new:
        frame = pd.DataFrame(new, columns=LABEL_FILE_COLUMNS)
        # no BOM: load_labels reads label files as plain UTF-8
        frame.to_csv(target, mode="a", header=not target.exists() or target.stat().st_size == 0,
                     index=False, encoding="utf-8")
    return AppendResult(target, len(new), duplicates, pd.DataFrame(conflicts))


# --------------------------------------------------------------------------
# 4. compare runs


def compare_runs(run_a: str, run_b: str, tracking_uri: str | None = None) -> pd.DataFrame:
    """Metrics of two mlflow runs side by side: columns ``a, b, diff`` (b − a), one row per metric.

    Rows: held-out test metrics first (accuracy, macro-F1, concept and
    direction accuracy, ECE, then ``test_f1.<class>``), then the grouped
    cross-validation ones (``cv_…``), then the rest; a metric one run lacks is NaN.
    """
    import logging

    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient

    from nlp.tracking import tracking_uri as resolve_uri

    logging.getLogger("mlflow").setLevel(logging.WARNING)
    client = MlflowClient(tracking_uri=resolve_uri(tracking_uri))
    metrics = {}
    for label, run_id in (("a", run_a), ("b", run_b)):
        try:
            metrics[label] = client.get_run(run_id).data.metrics
        except MlflowException as exc:
            raise JixiaoError(f"mlflow run {run_id!r} not found at {resolve_uri(tracking_uri)} "
                              f"({exc.message.splitlines()[0]})") from None
    keys = sorted(set(metrics["a"]) | set(metrics["b"]), key=_metric_order)
    out = pd.DataFrame({"a": [metrics["a"].get(k, np.nan) for k in keys],
                        "b": [metrics["b"].get(k, np.nan) for k in keys]},
                       index=pd.Index(keys, name="metric"))
    out["diff"] = out["b"] - out["a"]
    return out


_HEAD = ["accuracy", "macro_f1", "concept_accuracy", "direction_accuracy", "ece"]


def _metric_order(key: str) -> tuple[int, int, str]:
    prefix = 0 if key.startswith("test_") else 1 if key.startswith("cv_") else 2
    rest = key.split("_", 1)[1] if prefix < 2 else key
    rank = _HEAD.index(rest) if rest in _HEAD else len(_HEAD)
    return prefix, rank, rest
