"""The command line: ``python -m analysis <subcommand> [options] [--json]``.

Each module in this package whose name starts with ``cmd_`` defines ``register(subparsers)``, which
adds its subcommands with ``add_command``. Discovery is by file name, so a new subcommand is a new
file and no list has to be edited. Every subcommand accepts ``--embeddings SOURCE`` and ``--json``.

User errors (``AnalysisError``) print one sentence on stderr and exit 2; any other exception is a
bug and prints one sentence (no traceback) and exits 1; set ``LAB_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from analysis.embeddings import DEFAULT_SOURCE, Embeddings, load_embeddings
from analysis.errors import AnalysisError
from analysis.serialize import to_json_text, to_jsonable  # noqa: F401  (to_jsonable re-exported for old imports)


class ErrorWithPayload(AnalysisError):
    """A user error that still has a result to print with ``--json`` (e.g. ``missing`` words).

    The CLI prints ``payload`` on stdout, the message on stderr, and exits 2.
    """

    def __init__(self, message: str, payload: Any):
        super().__init__(message)
        self.payload = payload


# A handler takes the parsed arguments and returns (payload for --json, text for humans).
Handler = Callable[[argparse.Namespace], tuple[Any, str]]


def add_command(subparsers: argparse._SubParsersAction, name: str, handler: Handler, help: str, **kw) -> argparse.ArgumentParser:
    """Add a subcommand with the options every subcommand shares (``--embeddings``, ``--limit``, ``--json``)."""
    parser = subparsers.add_parser(name, help=help, description=help, **kw)
    parser.add_argument(
        "--embeddings",
        default=DEFAULT_SOURCE,
        metavar="SOURCE",
        help=f"'{DEFAULT_SOURCE}' (default, embedded) or a path to a word2vec/GloVe text or word2vec binary file",
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="keep only the N most frequent words")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    parser.set_defaults(handler=handler)
    return parser


def embeddings_from(args: argparse.Namespace) -> Embeddings:
    """The embedding an invocation asked for (``--embeddings`` and ``--limit``)."""
    return load_embeddings(args.embeddings, limit=args.limit)


def output_path(path: str) -> Path:
    """``--out`` as a Path, refused before any work when its folder does not exist."""
    out = Path(path).expanduser()
    if out.is_dir():  # found after a whole training run otherwise (IsADirectoryError, exit 1)
        raise AnalysisError(f"--out {out} is a folder; give a file name, e.g. {out / 'vectors.txt'}.")
    if not out.parent.is_dir():
        raise AnalysisError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="The bias & embedding lab from the command line: the same numbers as the pages.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="<subcommand>")
    subparsers.required = True
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_")):
        importlib.import_module(f"{__name__}.{module}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        payload, text = args.handler(args)
    except ErrorWithPayload as exc:
        if args.json:
            print(to_json_text(exc.payload))
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `python -m analysis … | head` closed the pipe: not an error
        return 0
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI promises no tracebacks
        if os.environ.get("LAB_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (set LAB_DEBUG=1 for details).", file=sys.stderr)
        return 1
    try:
        print(to_json_text(payload) if args.json else text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return getattr(args, "exit_status", 0)  # a handler may set another status (report --fail-on: 3)
