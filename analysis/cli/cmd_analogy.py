"""Subcommands ``analogy`` and ``evaluate`` (issue: analogy explorer and benchmark evaluation).

    python -m analysis analogy --positive king woman --negative man --json
    python -m analysis evaluate --benchmark google --method mul --json
"""

from __future__ import annotations

import argparse
import sys

from analysis.analogy import METHOD_NAMES, analogy
from analysis.cli import ErrorWithPayload, add_command, embeddings_from
from analysis.device import pick_device
from analysis.errors import AnalysisError
from analysis.evaluate import AnalogyEvaluation, evaluate


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(subparsers, "analogy", _analogy, "solve a word analogy: positive − negative words (3CosAdd or 3CosMul)")
    p.add_argument("--positive", nargs="+", required=True, metavar="WORD", help="words added (king woman)")
    p.add_argument("--negative", nargs="*", default=[], metavar="WORD", help="words subtracted (man)")
    p.add_argument("--method", choices=["add", "mul"], default="add", help="add = 3CosAdd (default), mul = 3CosMul")
    p.add_argument("--topn", type=int, default=10, metavar="N", help="number of answers (default 10)")
    p.add_argument("--keep-inputs", action="store_true", help="do not remove the query words from the answers")
    p.add_argument("--restrict-vocab", type=int, default=None, metavar="N", help="answer from the N most frequent words only")

    p = add_command(subparsers, "evaluate", _evaluate, "analogy accuracy (Google set) or word-similarity correlation (WordSim353, SimLex-999)")
    p.add_argument("--benchmark", default="google", metavar="NAME|PATH", help="google (default), wordsim353, simlex999 or a file of either kind")
    p.add_argument("--method", choices=["add", "mul"], default="add", help="analogy method: add = 3CosAdd (default), mul = 3CosMul")
    p.add_argument("--restrict-vocab", type=int, default=300_000, metavar="N", help="use the N most frequent words (default 300000, as gensim)")


def _analogy(args: argparse.Namespace):
    emb = embeddings_from(args)
    result = analogy(
        emb,
        args.positive,
        args.negative,
        method=args.method,
        topn=args.topn,
        exclude_inputs=not args.keep_inputs,
        restrict_vocab=args.restrict_vocab,
    )
    try:
        result.raise_for_missing()  # one sentence naming the words, with suggestions; exit 2
    except AnalysisError as exc:  # --json still prints the result, whose "missing" names them
        raise ErrorWithPayload(str(exc), result.as_dict()) from None
    query = " + ".join(result.resolved_positive) + "".join(f" − {w}" for w in result.resolved_negative)
    lines = [f"{query}  ({METHOD_NAMES[args.method]}{'' if not args.keep_inputs else ', inputs kept'})"]
    lines += [f"{i:>3}. {n.score:8.4f}  {n.word}" for i, n in enumerate(result.results, 1)]
    return result.as_dict(), "\n".join(lines)


def _evaluate(args: argparse.Namespace):
    emb = embeddings_from(args)
    progress = None if args.json or not sys.stderr.isatty() else _terminal_progress
    result = evaluate(
        emb, args.benchmark, method=args.method, restrict_vocab=args.restrict_vocab, progress=progress, device=pick_device()
    )
    if progress is not None:
        print(file=sys.stderr)
    if isinstance(result, AnalogyEvaluation):
        lines = [f"{s.name:<32} {s.correct:>6} / {s.total:<6} {s.accuracy:7.1%}" for s in result.sections]
        lines += [
            "-" * 56,
            f"{'semantic':<32} {result.semantic_correct:>6} / {result.semantic_total:<6} {result.semantic_accuracy:7.1%}",
            f"{'syntactic':<32} {result.syntactic_correct:>6} / {result.syntactic_total:<6} {result.syntactic_accuracy:7.1%}",
            f"{'total':<32} {result.correct:>6} / {result.total:<6} {result.accuracy:7.1%}",
            f"{METHOD_NAMES[result.method]}, {result.restrict_vocab:,} words, {result.skipped:,} questions skipped "
            f"(out of vocabulary), {result.seconds:.2f} s",
        ]
        return result.as_json(), "\n".join(lines)
    text = (
        f"{result.benchmark}: Pearson {result.pearson:.4f}, Spearman {result.spearman:.4f}, "
        f"{result.pairs} pairs, {result.oov_ratio:.1%} out of vocabulary"
    )
    return result.as_json(), text


def _terminal_progress(fraction: float, message: str = "") -> None:
    print(f"\r{fraction:6.1%}  {message:<40}", end="", file=sys.stderr, flush=True)
