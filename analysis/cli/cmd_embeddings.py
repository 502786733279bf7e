"""Subcommands ``info``, ``neighbors`` and ``train`` (issue: foundation)."""

from __future__ import annotations

import argparse

from analysis.cli import add_command, embeddings_from


def register(subparsers: argparse._SubParsersAction) -> None:
    add_command(subparsers, "info", _info, "name, source, dimensions, vocabulary size and content hash")
    p = add_command(subparsers, "neighbors", _neighbors, "nearest neighbours of a word by cosine similarity")
    p.add_argument("word")
    p.add_argument("--topn", type=int, default=10)


def _info(args: argparse.Namespace):
    info = embeddings_from(args).info
    payload = info.as_dict()
    text = "\n".join(f"{k:>10}: {v}" for k, v in payload.items() if k != "notes")
    return payload, text


def _neighbors(args: argparse.Namespace):
    emb = embeddings_from(args)
    result = emb.neighbors(args.word, topn=args.topn)
    payload = [{"word": n.word, "score": n.score} for n in result]
    text = "\n".join(f"{n.score:8.4f}  {n.word}" for n in result)
    return payload, text
