"""Subcommand ``report``: the bias audit report as Markdown, HTML or JSON; optionally a CI gate.

``--fail-on EXPR`` (repeatable) turns the report into a gate: the report is written as usual, then
the command exits 3 and names the failed conditions on stderr. With ``--compare`` the conditions
check the first embedding; ``compare.METRIC`` (e.g. ``compare.direct_bias>0.1``) checks the second. Every expression, word file and
option is checked before any work, so a typo costs no minutes (exit 2, one sentence).
"""

from __future__ import annotations

import argparse
import sys

from analysis.cli import add_command, embeddings_from, output_path
from analysis.errors import AnalysisError
from analysis.report import (
    ALL_WEAT_TESTS,
    DEBIAS_METHODS,
    CustomWeat,
    ReportConfig,
    build_comparison,
    build_report,
    to_html,
    to_json,
    to_markdown,
    validate_config,
)
from analysis.serialize import to_json_text

GATE_FAILED = 3  # exit status when a --fail-on condition holds (2 stays "user error", 1 "bug")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(subparsers, "report", _report, "write the bias audit report (Markdown, HTML or JSON) for an embedding")
    p.add_argument("--out", metavar="FILE", help="write the report here (.md, .html or .json); default: print Markdown")
    p.add_argument("--lang", choices=["en", "de"], default="en", help="language of the Markdown/HTML report")
    p.add_argument("--tests", nargs="+", default=list(ALL_WEAT_TESTS), metavar="caliskan-N", help="WEAT tests to run (default: all ten)")
    p.add_argument("--permutations", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ddof", type=int, choices=[0, 1], default=1)
    p.add_argument("--direction", default="pca", help="'pca', 'mean' or 'pair:she,he'")
    p.add_argument("--c", type=float, default=1.0, help="strictness of DirectBias_c")
    p.add_argument("--no-benchmarks", action="store_true", help="skip the analogy and word-similarity benchmarks")
    p.add_argument("--auditor", default="", help="who wrote the audit (printed on top)")
    p.add_argument("--context", default="", help="purpose or deployment context (printed on top)")
    p.add_argument(
        "--weat-lists", nargs=5, action="append", default=[], metavar=("NAME", "X_FILE", "Y_FILE", "A_FILE", "B_FILE"),
        help="an own WEAT test from four word files (one word per line or comma-separated); repeatable",
    )
    p.add_argument("--compare", metavar="SOURCE", help="audit a second embedding with the same settings and put every number side by side")
    p.add_argument("--fail-on", action="append", default=[], metavar="EXPR", help="exit 3 after writing the report when EXPR holds, e.g. 'weat.caliskan-6.d>0.8', 'direct_bias>0.1'; repeatable. "
        "Metrics name the first embedding; with --compare, prefix 'compare.' for the second, e.g. 'compare.direct_bias>0.1'")
    p.add_argument("--debias", choices=DEBIAS_METHODS, help="also debias the embedding with this method and add the before/after evidence and residual checks")
    p.add_argument("--she-he-topn", type=int, default=20, metavar="N", help="generated she/he analogies listed (0: leave the section out)")
    p.add_argument("--she-he-delta", type=float, default=1.0, metavar="DELTA", help="most distance ‖x − y‖ of a generated she/he pair")
    p.add_argument("--indirect-pairs", nargs="+", metavar="W,V", help="word pairs whose indirect bias β is reported (default: Bolukbasi et al.'s softball/football examples)")
    p.add_argument("--no-charts", action="store_true", help="leave the charts out of the HTML/Markdown file (faster)")


def _custom_tests(specs: list[list[str]]) -> tuple[CustomWeat, ...]:
    from analysis.wordlists import read_word_file

    return tuple(CustomWeat(name, *(tuple(read_word_file(path)) for path in files)) for name, *files in specs)


def _pairs(specs: list[str] | None):
    if specs is None:
        return None
    pairs = []
    for spec in specs:
        w, sep, v = spec.partition(",")
        if not sep or not w.strip() or not v.strip() or "," in v:
            raise AnalysisError(f"Cannot read --indirect-pairs '{spec}': write two words joined by a comma, e.g. receptionist,softball.")
        pairs.append((w.strip(), v.strip()))
    return tuple(pairs)


def _config(args: argparse.Namespace) -> ReportConfig:
    extra = {}
    pairs = _pairs(args.indirect_pairs)
    if pairs is not None:
        extra["indirect_pairs"] = pairs
    config = ReportConfig(
        weat_tests=tuple(args.tests), permutations=args.permutations, seed=args.seed, ddof=args.ddof,
        direction=args.direction, c=args.c, benchmarks=not args.no_benchmarks, auditor=args.auditor, context=args.context,
        custom_weat=_custom_tests(args.weat_lists), she_he_topn=args.she_he_topn, she_he_delta=args.she_he_delta,
        debias=args.debias or "", **extra,
    )
    validate_config(config)
    return config


def _report(args: argparse.Namespace):
    from analysis.report_gate import (
        check_measurable,
        failed_conditions,
        gate_payload,
        parse_condition,
    )

    conditions = [parse_condition(expr) for expr in args.fail_on]  # refused before any work
    config = _config(args)
    check_measurable(conditions, config, compare=bool(args.compare))
    out = output_path(args.out) if args.out else None
    emb = embeddings_from(args)
    other = load_compare(args) if args.compare else None
    # With --compare the second embedding gets every probe and the same --debias evidence.
    report = build_report(emb, config) if other is None else build_comparison(emb, other, config)
    if conditions:
        report.gate = gate_payload(conditions, report)
    markdown = to_markdown(report, args.lang)
    if out is not None:
        suffix = out.suffix.lower()
        if suffix == ".html":
            out.write_text(to_html(report, args.lang, charts=not args.no_charts), encoding="utf-8")
        elif suffix == ".json":
            out.write_text(to_json_text(to_json(report)), encoding="utf-8")
        else:
            out.write_text(markdown if args.no_charts else to_markdown(report, args.lang, charts=True), encoding="utf-8")
        text = f"report written to {out} ({report.seconds:.1f} s)"
    else:
        text = markdown
    failed = failed_conditions(conditions, report)
    if failed:
        listed = "; ".join(f"{f['condition']} (value {'not measured' if f['value'] is None else format(f['value'], '.4g')})" for f in failed)
        print(f"report failed {len(failed)} of {len(conditions)} --fail-on conditions: {listed}.", file=sys.stderr)
        args.exit_status = GATE_FAILED  # analysis.cli.main returns it after printing the output
    return to_json(report), text


def load_compare(args: argparse.Namespace):
    """The --compare embedding, loaded like --embeddings (same --limit)."""
    from analysis.embeddings import load_embeddings

    return load_embeddings(args.compare, limit=args.limit)
