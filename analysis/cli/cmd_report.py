"""Subcommand ``report``: the bias audit report as Markdown, HTML or JSON."""

from __future__ import annotations

import argparse

from analysis.cli import add_command, embeddings_from, output_path
from analysis.report import ALL_WEAT_TESTS, ReportConfig, build_report, to_html, to_json, to_markdown


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


def _report(args: argparse.Namespace):
    config = ReportConfig(
        weat_tests=tuple(args.tests), permutations=args.permutations, seed=args.seed, ddof=args.ddof,
        direction=args.direction, c=args.c, benchmarks=not args.no_benchmarks, auditor=args.auditor, context=args.context,
    )
    out = output_path(args.out) if args.out else None
    report = build_report(embeddings_from(args), config)
    markdown = to_markdown(report, args.lang)
    if out is not None:
        suffix = out.suffix.lower()
        if suffix == ".html":
            out.write_text(to_html(report, args.lang), encoding="utf-8")
        elif suffix == ".json":
            from analysis.serialize import to_json_text

            out.write_text(to_json_text(to_json(report)), encoding="utf-8")
        else:
            out.write_text(markdown, encoding="utf-8")
        text = f"report written to {out} ({report.seconds:.1f} s)"
    else:
        text = markdown
    return to_json(report), text
