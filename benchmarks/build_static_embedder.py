"""Distil USE into the static embedder ``models/embedders/use-static``.

A text's vector is the sum of vectors of its character 1- and 2-grams, put
through a linear map and a residual tanh layer, then L2-normalized
(:class:`nlp.embed.StaticEmbedder`). The n-gram table and the head are fitted
with torch so that, on the corpus, the result has the highest cosine to full
USE (the teacher). Table rows start from USE's vector of the n-gram itself.

Corpus (teacher strings):
  * indicator names and ``name value`` cells from training_data/indicators.csv
    (else: a rough regex over the table lines of training_data/raw/*.txt),
  * short phrases of the raw documents (split at punctuation and spaces),
  * word spans of names and random splices of two names (jieba words).

Evaluation (``--folds K``): tables are split into K groups; for each, the
model is fitted on the others' strings and scored on the held-out names:
mean cosine to USE, and accuracy of a logistic regression on the declared
二级 category, trained on the other tables' names, with USE vs static
vectors. The shipped table is then fitted on everything, and the scores go
into its config.json.

    .venv/bin/python benchmarks/build_static_embedder.py            # ~8 min on 2 cores
    .venv/bin/python benchmarks/build_static_embedder.py --folds 0  # no evaluation
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import lexicon  # noqa: E402
from nlp.embed import (  # noqa: E402
    STATIC_FORMAT,
    StaticEmbedder,
    get_embedder,
    save_static_st_files,
    static_features,
)
from nlp.tokenize import tokenize  # noqa: E402

RAW = ROOT / "training_data" / "raw"
CSV = ROOT / "training_data" / "indicators.csv"
ORDERS = (1, 2)

_L2 = (r"(数量指标|质量指标|时效指标|成本指标|经济效益指标|社会效益指标|生态效益指标|可持续影响指标"
       r"|服务对象满意度指标|满意度指标|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)")
_ROW = re.compile(r"(?:^|[\t ])" + _L2 + r"[\t ]+([^\t]+?)[\t ]+([^\t ].*?)(?:[\t ]+" + _L2
                  + r"[\t ]|$)")
_SPLIT = re.compile(r"[\s，。、；;：:,.（）()“”\"《》【】\[\]!！?？…·]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Row:
    name: str
    value: str
    label: str | None  # taxonomy code of the declared 二级, None if unknown
    group: str  # one project table: "<source>:<table>"


def _label(l2: str) -> str | None:
    key = "".join(str(l2).split())
    code = lexicon.l2_spellings().get(key)
    if code is None and lexicon.l1_spellings().get(key) == "满意度指标":
        code = "satisfaction.service"
    return code


def load_rows() -> list[Row]:
    """Indicator rows from indicators.csv, else from a regex over the raw texts."""
    if CSV.is_file():
        with CSV.open(encoding="utf-8-sig", newline="") as fh:
            return [Row(r["name"].strip(), (r.get("value") or "").strip(),
                        _label(r.get("l2_declared") or ""),
                        f"{r.get('source', '')}:{r.get('table', r.get('project', ''))}")
                    for r in csv.DictReader(fh) if (r.get("name") or "").strip()]
    rows = []
    for path in sorted(RAW.glob("*.txt")):
        table = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            table += "项目名称" in line
            if m := _ROW.search(line):
                rows.append(Row(m.group(2).strip(), m.group(3).split("\t")[0].strip(),
                                _label(m.group(1)), f"{path.name}:{table}"))
    return rows


def load_phrases(rows: list[Row]) -> dict[str, list[str]]:
    """Short CJK phrases of the raw documents, keyed by the table they sit in."""
    starts: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    if CSV.is_file():  # table of a raw line: the one whose first row is the last before it
        with CSV.open(encoding="utf-8-sig", newline="") as fh:
            first: dict[str, int] = {}
            for r in csv.DictReader(fh):
                g = f"{r['source']}:{r['table']}"
                first[g] = min(first.get(g, 10**9), int(r["line"]) - 40)
        for g, ln in first.items():
            starts[g.split(":")[0]].append((ln, g))
    out: dict[str, list[str]] = collections.defaultdict(list)
    for path in sorted(RAW.glob("*.txt")):
        marks = sorted(starts.get(path.name, []))
        table, k = 0, 0
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if marks:
                while k < len(marks) and marks[k][0] <= n:
                    k += 1
                group = marks[k - 1][1] if k else f"{path.name}:preamble"
            else:
                table += "项目名称" in line
                group = f"{path.name}:{table}"
            if _ROW.search(line):
                continue
            out[group].extend(p for p in _SPLIT.split(line) if 2 <= len(p) <= 24 and _CJK.search(p))
    return out


def augment(names: list[str], rng: random.Random, n_splices: int) -> set[str]:
    """Word spans of names and splices of two names' spans (compositional variety)."""
    words = {n: tokenize(n) for n in names}
    out: set[str] = set()
    for w in words.values():
        for _ in range(2):
            if len(w) >= 2:
                i = rng.randrange(len(w))
                out.add("".join(w[i:rng.randrange(i + 1, len(w) + 1)]))
    pool = sorted(names)
    for _ in range(min(n_splices, len(pool) * 4)):
        a, b = (words[x] for x in rng.sample(pool, 2))
        out.add("".join(a[: rng.randint(1, len(a))]) + "".join(b[-rng.randint(1, len(b)):]))
    return out


class Teacher:
    """Full-USE vectors of every string, computed once."""

    def __init__(self) -> None:
        self.emb = get_embedder("use-multilingual")

    def __call__(self, texts: list[str]) -> np.ndarray:
        return self.emb.encode(texts)


class Student(torch.nn.Module):
    def __init__(self, init_table: np.ndarray, proj: np.ndarray) -> None:
        super().__init__()
        dim = proj.shape[1]
        self.table = torch.nn.EmbeddingBag(len(init_table), dim, mode="sum")
        self.table.weight.data = torch.tensor(init_table @ proj * 0.3, dtype=torch.float32)
        self.lin = torch.nn.Linear(dim, 512)
        self.lin.weight.data = torch.tensor(proj, dtype=torch.float32)
        torch.nn.init.zeros_(self.lin.bias)
        self.hid = torch.nn.Linear(512, 512)
        self.out = torch.nn.Linear(512, 512)
        torch.nn.init.zeros_(self.out.weight)
        torch.nn.init.zeros_(self.out.bias)

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        y = self.lin(self.table(ids, offsets))
        return y + self.out(torch.tanh(self.hid(torch.nn.functional.normalize(y, dim=-1))))

    def export(self, folder: Path, vocab: list[str], config: dict) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        f16 = np.float16
        with torch.no_grad():
            np.save(folder / "table.npy", self.table.weight.numpy().astype(f16))
            np.savez(folder / "head.npz",
                     W=self.lin.weight.numpy().T.astype(f16), b=self.lin.bias.numpy().astype(f16),
                     A=self.hid.weight.numpy().T.astype(f16), a=self.hid.bias.numpy().astype(f16),
                     B=self.out.weight.numpy().T.astype(f16), c=self.out.bias.numpy().astype(f16))
        (folder / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
        (folder / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2),
                                            encoding="utf-8")
        save_static_st_files(folder)  # loadable by sentence-transformers as well


def fit(strings: list[str], targets: np.ndarray, teacher: Teacher, args) -> tuple:
    """Fit a student on strings → teacher vectors; returns (model, vocab, index)."""
    counts = collections.Counter(f for s in strings for f in set(static_features(s, ORDERS)))
    vocab = sorted(f for f, c in counts.items() if c >= args.min_count)
    index = {f: i for i, f in enumerate(vocab)}
    init = teacher([f.split(":", 1)[1] for f in vocab])
    _, _, vt = np.linalg.svd(targets, full_matrices=False)
    model = Student(init, vt[: args.dim].T.copy())
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    feats = [[index[f] for f in static_features(s, ORDERS) if f in index] for s in strings]
    y = torch.tensor(targets)
    order = np.arange(len(strings))
    rng = np.random.default_rng(args.seed)
    for epoch in range(args.epochs):
        rng.shuffle(order)
        total = 0.0
        for b in range(0, len(order), args.batch):
            batch = order[b:b + args.batch]
            pred = model(*_bag([feats[i] for i in batch]))
            loss = (1 - torch.nn.functional.cosine_similarity(pred, y[batch])).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(batch)
        print(f"    epoch {epoch + 1}: 1-cos {total / len(order):.4f}", flush=True)
    return model, vocab


def _bag(feats: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    offsets = np.cumsum([0] + [len(f) for f in feats[:-1]])
    flat = [i for f in feats for i in f]
    return torch.tensor(flat, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


def corpus_strings(rows: list[Row], phrases: dict[str, list[str]], groups: set[str],
                   rng: random.Random) -> list[str]:
    """Teacher strings made only from the given tables (and text outside any table)."""
    mine = [r for r in rows if r.group in groups]
    names = sorted({r.name for r in mine})
    out = set(names) | {f"{r.name} {r.value}" for r in mine if r.value}
    tables = {r.group for r in rows}
    for g, ps in phrases.items():
        if g in groups or g not in tables:
            out.update(ps)
    out |= augment(names, rng, n_splices=8000)
    return sorted(s for s in out if s.strip())


def evaluate(model_dir: Path, train: list[Row], test: list[Row], teacher: Teacher) -> dict:
    from sklearn.linear_model import LogisticRegression

    static = StaticEmbedder(model_dir)
    names = sorted({r.name for r in test})
    seen = {r.name for r in train}
    cos = np.sum(static.encode(names) * teacher(names), axis=1)
    unseen = np.array([n not in seen for n in names])
    out = {"n_names": len(names), "cos_mean": float(cos.mean()),
           "cos_unseen_mean": float(cos[unseen].mean()) if unseen.any() else None,
           "cos_p10": float(np.percentile(cos, 10))}
    tr = [r for r in train if r.label]
    te = [r for r in test if r.label]
    for key, emb in (("acc_use", teacher), ("acc_static", static.encode)):
        clf = LogisticRegression(C=10, max_iter=3000)
        clf.fit(emb([r.name for r in tr]), [r.label for r in tr])
        out[key] = float(clf.score(emb([r.name for r in te]), [r.label for r in te]))
    out["n_test_rows"] = len(te)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "embedders" / "use-static")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    ap.add_argument("--dim", type=int, default=256, help="table width (head maps it to 512)")
    ap.add_argument("--min-count", type=int, default=2, help="keep n-grams in >= N strings")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    t0 = time.time()
    rows = load_rows()
    phrases = load_phrases(rows)
    groups = sorted({r.group for r in rows})
    print(f"{len(rows)} indicator rows, {len({r.name for r in rows})} names, {len(groups)} tables,"
          f" {sum(map(len, phrases.values()))} phrases", flush=True)
    teacher = Teacher()

    folds = []
    for k in range(args.folds):
        held = {g for g in groups if int(hashlib.md5(g.encode()).hexdigest(), 16) % args.folds == k}
        train_rows = [r for r in rows if r.group not in held]
        test_rows = [r for r in rows if r.group in held]
        test_strings = {r.name for r in test_rows} | {f"{r.name} {r.value}" for r in test_rows}
        train_strings = corpus_strings(rows, phrases, set(groups) - held, random.Random(args.seed))
        # a held-out name may recur in another table: as a string it counts as seen
        seen = {r.name for r in train_rows} | {f"{r.name} {r.value}" for r in train_rows}
        train_strings = [s for s in train_strings if s not in test_strings or s in seen]
        print(f"fold {k + 1}/{args.folds}: {len(train_strings)} strings", flush=True)
        model, vocab = fit(train_strings, teacher(train_strings), teacher, args)
        tmp = args.out.parent / f".{args.out.name}-fold"
        model.export(tmp, vocab, {"format": STATIC_FORMAT, "orders": list(ORDERS)})
        folds.append(evaluate(tmp, train_rows, test_rows, teacher))
        print("    " + json.dumps(folds[-1]), flush=True)
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()

    strings = corpus_strings(rows, phrases, set(groups), random.Random(args.seed))
    print(f"final: {len(strings)} strings", flush=True)
    model, vocab = fit(strings, teacher(strings), teacher, args)
    summary = {}
    if folds:
        n = sum(f["n_test_rows"] for f in folds)
        summary = {
            "folds": len(folds),
            "heldout_cos_mean": float(np.mean([f["cos_mean"] for f in folds])),
            "heldout_cos_unseen_mean": float(np.mean([f["cos_unseen_mean"] for f in folds])),
            "heldout_cos_p10": float(np.mean([f["cos_p10"] for f in folds])),
            "acc_use": sum(f["acc_use"] * f["n_test_rows"] for f in folds) / n,
            "acc_static": sum(f["acc_static"] * f["n_test_rows"] for f in folds) / n,
            "n_test_rows": n,
        }
    digest = hashlib.sha256("\n".join(strings).encode()).hexdigest()[:16]
    config = {
        "format": STATIC_FORMAT,
        "teacher": "use-multilingual",
        "orders": list(ORDERS),
        "dim": args.dim,
        "vocab_size": len(vocab),
        "n_strings": len(strings),
        "corpus": "training_data/indicators.csv" if CSV.is_file() else "training_data/raw/*.txt",
        "build_hash": f"{digest}-{time.strftime('%Y%m%d')}",
        "params": {k: v for k, v in vars(args).items() if k != "out"},
        "evaluation": summary,
        "built_by": "benchmarks/build_static_embedder.py",
    }
    model.export(args.out, vocab, config)
    # the teacher's vector of a text with no characters (a name cleaned to nothing), so that
    # the embedder never loads the teacher for it
    np.save(args.out / "empty.npy", teacher([""])[0].astype(np.float32))
    print(json.dumps(summary, indent=2))
    sizes = {p.name: p.stat().st_size for p in sorted(args.out.iterdir())}
    print(f"wrote {args.out}: {sizes}; {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
