"""Subcommand ``debias`` (issue: debiasing with evidence).

``python -m analysis debias --method hard|inlp [--iterations N] --out FILE [--json]`` debiases the
embedding, writes it (word2vec format, ``--binary`` for the binary variant) and prints the
before/after evidence: ``{"before": {...}, "after": {...}, "residual": {"kmeans_alignment",
"classifier_accuracy", "neighbour_correlation", ...}, "verdict", "table", "debias"}`` — the numbers the
Debiasing page shows for the same settings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli import add_command, embeddings_from
from analysis.errors import AnalysisError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(
        subparsers,
        "debias",
        _debias,
        "debias an embedding (hard debias or INLP), write it, and print the before/after evidence",
    )
    p.add_argument("--method", required=True, choices=["hard", "inlp"], help="hard debias (Bolukbasi et al. 2016) or INLP (Ravfogel et al. 2020)")
    p.add_argument("--iterations", type=int, default=None, metavar="N", help="INLP: number of classifiers / removed directions (default 15)")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the debiased embedding (word2vec format)")
    p.add_argument("--binary", action="store_true", help="write word2vec binary instead of text")
    p.add_argument("--classifier", choices=["svm", "logistic"], default=None, help="INLP: linear classifier (default svm)")
    p.add_argument("--seed", type=int, default=0, help="INLP split/classifier seed and WEAT sampling seed")
    p.add_argument("--permutations", type=int, default=10_000, metavar="N", help="WEAT permutation budget (default 10,000)")
    p.add_argument("--residual-words", type=int, default=500, metavar="N", help="most male- and female-biased words per side for the residual checks (default 500)")
    p.add_argument("--residual-vocab", type=int, default=50_000, metavar="N", help="choose them among the N most frequent words (default 50,000)")
    p.add_argument("--no-utility", action="store_true", help="skip the analogy and word-similarity benchmarks")
    p.add_argument(
        "--residual-protocol",
        choices=["gonen-goldberg", "debias-direction"],
        default="gonen-goldberg",
        help="residual checks as in Gonen & Goldberg's code (he − she ranking, 2,500 + 2,500 SVM words, neighbours over the whole pool; default) or the lab's older variant (ranking by the removed direction)",
    )
    p.add_argument("--svm-gamma", choices=["scale", "auto"], default="scale", help="RBF width of the residual SVM: scale (scikit-learn today, default) or auto (the 2019 default the paper ran with)")


def _debias(args: argparse.Namespace):
    from analysis.debias import debias
    from analysis.debias_evidence import EvidenceConfig, measure, payload, reference_of
    from analysis.device import pick_device
    from analysis.residual import ResidualConfig

    out = Path(args.out).expanduser()
    if out.is_dir():
        raise AnalysisError(f"--out {out} is a folder; give a file name, e.g. {out / 'debiased.txt'}.")
    if not out.parent.exists():
        raise AnalysisError(f"The folder {out.parent} does not exist.")
    if args.method == "hard" and (args.classifier is not None):
        raise AnalysisError("--classifier applies to INLP only.")
    params = {}
    if args.method == "inlp":
        params["seed"] = args.seed
        if args.classifier:
            params["classifier"] = args.classifier

    if args.permutations < 1:
        raise AnalysisError("--permutations must be at least 1.")
    if args.method == "inlp" and args.iterations is not None and args.iterations < 1:
        raise AnalysisError("--iterations must be at least 1.")

    emb = embeddings_from(args)
    config = EvidenceConfig(
        permutations=args.permutations,
        seed=args.seed,
        utility=not args.no_utility,
        residual=ResidualConfig(
            protocol=args.residual_protocol, n_per_class=args.residual_words, vocab_limit=args.residual_vocab, svm_gamma=args.svm_gamma
        ),
    )
    # The original's words and direction first: impossible residual settings fail before debiasing
    # and before anything is written.
    reference = reference_of(emb, config)
    progress = _stderr_progress() if not args.json else None
    result = debias(emb, args.method, iterations=args.iterations, progress=_stage(progress, "debias"), **params)
    result.embeddings.save(out, binary=args.binary)

    device = pick_device()
    before = measure(emb, emb, config, reference=reference, stage="before", device=device, progress=_stage(progress, "before"))
    after = measure(result.embeddings, emb, config, reference=reference, stage="after", device=device, progress=_stage(progress, "after"))
    summary = result.summary()
    summary["out"] = str(out)
    data = payload(before, after, summary)
    return data, _text(data)


def _stderr_progress():
    last = {"message": None}

    def show(fraction: float, message: str) -> None:
        if message != last["message"]:
            last["message"] = message
            print(f"  {fraction:4.0%}  {message}", file=sys.stderr)

    return show


def _stage(progress, name: str):
    if progress is None:
        return None
    return lambda fraction, message: progress(fraction, f"{name}: {message}")


def _fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _text(data: dict) -> str:
    d = data["debias"]
    lines = [f"{d['name']}  →  {d['out']}", ""]
    if d["method"] == "hard":
        lines.append(f"kept {d['kept']:,} gender-specific words, neutralised {d['neutralised']:,}, equalised {len(d['equalised'])} pairs")
    else:
        accs = ", ".join(f"{s['dev_accuracy']:.3f}" for s in d["iterations"])
        lines.append(f"INLP held-out accuracy per iteration: {accs}")
        lines.append(f"final classifier {d['final_accuracy']:.3f} (chance {d['chance']:.3f}); removed {d['removed_dims']} dimensions")
    lines += ["", f"{'metric':<34}{'before':>11}{'after':>11}"]
    for row in data["table"]:
        name = row["key"] + (f" ({row['test']})" if row["test"] else "")
        lines.append(f"{name:<34}{_fmt(row['before']):>11}{_fmt(row['after']):>11}")
    lines += ["", data["verdict"]["text"]]
    return "\n".join(lines)
