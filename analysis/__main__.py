"""``python -m analysis <subcommand> [--json]`` — see analysis/cli/__init__.py."""

from analysis.cli import main

raise SystemExit(main())
