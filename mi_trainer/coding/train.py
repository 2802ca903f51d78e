"""Train the shipped coder from data/corpus and evaluate it (needs the ``train`` extra: scikit-learn).

    python -m mi_trainer.coding.train                 # train on every corpus file, write model.json
    python -m mi_trainer.coding.train --eval          # also: leave-one-writer-out and scenario test sets

Reproducible: sorted vocabulary, deterministic solvers, fixed seeds; the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from mi_trainer.coding.corpus import Example, check_files
from mi_trainer.coding.features import extract
from mi_trainer.coding.model import BASE, HEADS, MODEL_FORMAT, MODEL_VERSION, Model
from mi_trainer.coding.types import CODES, OARS

#: Inverse regularisation strength (smaller = smoother weights that lean less on any one phrase).
C_CODES = 1.0
C_OARS = 0.5
#: Cue features count this much more than a single word or letter group (they are written to generalise).
CUE_SCALE = 1.0
#: A word, word pair or letter group must occur in this many training utterances to become a feature.
MIN_DF = {"w": 2, "b": 3, "c": 8, "cue": 1, "bias": 1}
#: Weight of the rarer side of each yes/no head: "sqrt" = the square root of the inverse frequency (between
#: equal weights, which under-call rare codes, and "balanced", which over-calls them), or None, or "balanced".
CLASS_WEIGHT: str | None = "sqrt"
PRUNE = 0.05
SEED = 0
#: Features about the client line: only the simple-vs-complex head may use them. (In a written corpus the mere
#: presence of a client line predicts "reflection"; in real talk every utterance follows a client line.)
CLIENT_ONLY = frozenset(
    "cue:" + n
    for n in (
        "no_client",
        "client_q",
        "client_go_ahead",
        "overlap_high",
        "overlap_mid",
        "overlap_low",
        "new_0",
        "new_1_2",
        "new_3_5",
        "new_6",
        "new_feeling",
        "new_value",
        "longer_than_client",
    )
)

_SKILL_OARS = {
    "open_question": "open_question",
    "closed_question": "closed_question",
    "simple_reflection": "simple_reflection",
    "complex_reflection": "complex_reflection",
    "summary": "summary",
    "affirmation": "affirmation",
}


def _features(ex: Example) -> set[str]:
    return extract(ex.text, ex.client or None)[0]


#: Question form says nothing about confronting (Confront trumps Question whatever the form), so the Confront head
#: does not weigh it; otherwise a corpus rich in judging questions teaches "a question mark is a confrontation".
FORM_ONLY = frozenset(
    ["cue:qmark", "cue:qmark_inside", "cue:lead_aux", "cue:lead_wh", "cue:lead_why", "cue:how_number", "w:?"]
)


def fit(examples: list[Example]) -> dict[str, object]:
    """Train the model on examples; returns the JSON-ready model (the format model.Model reads)."""
    from scipy.sparse import csr_matrix, diags
    from sklearn.linear_model import LogisticRegression

    feats = [_features(ex) for ex in examples]
    df: Counter[str] = Counter(f for fs in feats for f in fs)
    vocab = sorted(f for f, n in df.items() if n >= MIN_DF.get(f.partition(":")[0], 1))
    index = {f: i for i, f in enumerate(vocab)}
    scale = [CUE_SCALE if f.startswith("cue:") else 1.0 for f in vocab]
    rows, cols, vals = [], [], []
    for r, fs in enumerate(feats):
        for f in sorted(fs):
            j = index.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(scale[j])
    x = csr_matrix((vals, (rows, cols)), shape=(len(examples), len(vocab)))
    keep = diags([0.0 if f in CLIENT_ONLY else 1.0 for f in vocab])
    x_base = (x @ keep).tocsr()
    bias: list[float] = []
    columns: list[list[float]] = []

    def binary(matrix: object, y: list[int]) -> None:
        if 0 < sum(y) < len(y):
            weight: dict[int, float] | str | None = CLASS_WEIGHT
            if CLASS_WEIGHT == "sqrt":
                pos = sum(y)
                weight = {0: 1.0, 1: max(1.0, ((len(y) - pos) / pos) ** 0.5)}
            clf = LogisticRegression(
                C=C_CODES, solver="liblinear", random_state=SEED, max_iter=1000, class_weight=weight
            )
            clf.fit(matrix, y)
            bias.append(float(clf.intercept_[0]))
            columns.append([float(w) for w in clf.coef_[0]])
        else:
            bias.append(-6.0 if sum(y) == 0 else 6.0)
            columns.append([0.0] * len(vocab))

    x_confront = (x_base @ diags([0.0 if f in FORM_ONLY else 1.0 for f in vocab])).tocsr()
    for head in BASE:
        wanted = {"SR", "CR"} if head == "REFLECTION" else {head}
        binary(x_confront if head == "CONFRONT" else x_base, [1 if wanted & set(ex.codes) else 0 for ex in examples])
    refl = [i for i, ex in enumerate(examples) if {"SR", "CR"} & set(ex.codes)]
    binary(x[refl], [1 if "CR" in examples[i].codes else 0 for i in refl])
    labels = [ex.oars for ex in examples]
    clf = LogisticRegression(C=C_OARS, solver="lbfgs", max_iter=3000, random_state=SEED)
    clf.fit(x_base, labels)
    classes = [str(c) for c in clf.classes_]
    for o in OARS:
        if o in classes:
            k = classes.index(o)
            bias.append(float(clf.intercept_[k]))
            columns.append([float(w) for w in clf.coef_[k]])
        else:
            bias.append(-6.0)
            columns.append([0.0] * len(vocab))
    heads = list(HEADS)
    weights: dict[str, list[list[float]]] = {}
    for j, f in enumerate(vocab):
        pairs = [(h, round(columns[h][j] * scale[j], 3)) for h in range(len(heads))]
        kept = [p for p in pairs if abs(p[1]) >= PRUNE]
        if kept:
            weights[f] = [[h for h, _w in kept], [w for _h, w in kept]]
    digest = hashlib.sha256(
        "\n".join(f"{e.text}\t{e.client}\t{e.codes}\t{e.oars}" for e in examples).encode()
    ).hexdigest()
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "trained_on": {"examples": len(examples), "sha256": digest[:16], "files": sorted({e.source for e in examples})},
        "settings": {"C_codes": C_CODES, "C_oars": C_OARS, "cue_scale": CUE_SCALE, "min_df": MIN_DF, "prune": PRUNE},
        "heads": heads,
        "bias": [round(b, 4) for b in bias],
        "weights": weights,
    }


def scenario_examples() -> list[Example]:
    """Every shipped scenario response as a test example: its text, MITI codes, skill and the client line."""
    from mi_trainer.loading.library import load_library

    out = []
    for entry in load_library():
        if entry.compiled is None:
            continue
        for node in entry.compiled.scenario.nodes.values():
            for r in node.responses:
                oars = _SKILL_OARS.get(r.skill.value, "other")
                codes = tuple(c for c in CODES if c in {m.value for m in r.codes})
                out.append(
                    Example(
                        r.say,
                        node.says,
                        codes,
                        oars,
                        entry.compiled.scenario.audience.value,
                        entry.path.name,
                        r.pos.line,
                    )
                )
    return out


def evaluate(model: Model, examples: list[Example]) -> dict[str, object]:
    """Per-code and per-OARS precision/recall/F1, exact-match rate and the commonest confusions."""
    per: dict[str, Counter[str]] = {c: Counter() for c in (*CODES, "none")}
    per_oars: dict[str, Counter[str]] = {o: Counter() for o in OARS}
    swaps: Counter[str] = Counter()
    oars_swaps: Counter[str] = Counter()
    exact = 0
    for ex in examples:
        got = model.code(ex.text, ex.client or None)
        gold, pred = set(ex.codes) or {"none"}, set(got.codes) or {"none"}
        exact += gold == pred
        for c in per:
            key = "tp" if c in gold and c in pred else "fn" if c in gold else "fp" if c in pred else "tn"
            per[c][key] += 1
        for miss in sorted(gold - pred):
            for extra in sorted(pred - gold):
                swaps[f"{miss} → {extra}"] += 1
        for o in OARS:
            key = "tp" if ex.oars == o == got.oars else "fn" if ex.oars == o else "fp" if got.oars == o else "tn"
            per_oars[o][key] += 1
        if ex.oars != got.oars:
            oars_swaps[f"{ex.oars} → {got.oars}"] += 1
    return {
        "n": len(examples),
        "exact": exact / max(1, len(examples)),
        "codes": {c: _prf(v) for c, v in per.items()},
        "oars": {o: _prf(v) for o, v in per_oars.items()},
        "oars_accuracy": sum(v["tp"] for v in per_oars.values()) / max(1, len(examples)),
        "confusions": swaps.most_common(8),
        "oars_confusions": oars_swaps.most_common(6),
    }


def _prf(c: Counter[str]) -> dict[str, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "support": c["tp"] + c["fn"]}


def table(result: dict[str, object], title: str) -> str:
    """A Markdown table of one evaluation."""
    lines = [
        f"### {title} (n = {result['n']}, exact code set {result['exact']:.0%}, "
        f"OARS accuracy {result['oars_accuracy']:.0%})",
        "",
        "| code | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    codes = result["codes"]
    assert isinstance(codes, dict)
    for c, m in codes.items():
        lines.append(f"| {c} | {m['p']:.2f} | {m['r']:.2f} | {m['f1']:.2f} | {m['support']} |")
    lines += ["", "| OARS | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    oars = result["oars"]
    assert isinstance(oars, dict)
    for o, m in oars.items():
        lines.append(f"| {o} | {m['p']:.2f} | {m['r']:.2f} | {m['f1']:.2f} | {m['support']} |")
    conf = result["confusions"]
    oconf = result["oars_confusions"]
    assert isinstance(conf, list) and isinstance(oconf, list)
    lines += ["", "Commonest code confusions (gold → coder): " + ", ".join(f"{k} ({n})" for k, n in conf)]
    lines += ["", "Commonest OARS confusions: " + ", ".join(f"{k} ({n})" for k, n in oconf), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mi_trainer.coding.train", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="data/corpus", help="folder of *.jsonl corpus files")
    parser.add_argument("--out", default=str(Path(__file__).with_name("model.json")), help="where to write the model")
    parser.add_argument("--eval", action="store_true", help="print leave-one-writer-out and scenario results")
    parser.add_argument("--report", help="also write the evaluation tables to this Markdown file")
    args = parser.parse_args(argv)
    paths = sorted(Path(args.corpus).glob("*.jsonl"))
    examples, problems = check_files(paths)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"train: {len(problems)} corpus problem(s); fix them first", file=sys.stderr)
        return 1
    sections: list[str] = []
    if args.eval:
        writers = sorted({e.source for e in examples})
        for held in writers:
            test = [e for e in examples if e.source == held]
            train = [e for e in examples if e.source != held]
            if len(test) < 50 or len(train) < 50:
                continue
            model = Model.from_dict(fit(train))
            sections.append(table(evaluate(model, test), f"Held out: {held} (trained on the other writers)"))
    data = fit(examples)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(data['weights'])} features, {len(text) // 1024} KiB, from {len(examples)} examples")  # type: ignore[arg-type]
    if args.eval:
        model = Model.from_dict(data)
        sections.append(table(evaluate(model, scenario_examples()), "Shipped scenario responses (never trained on)"))
        report = "\n".join(sections)
        print(report)
        if args.report:
            Path(args.report).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
