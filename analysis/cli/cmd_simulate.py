"""Subcommand ``simulate`` (issue 7): the feedback-loop simulator from the command line.

    python -m analysis simulate --preset "engagement feed" --steps 100 --users 500 --seed 3 \
        --set exploration=0.1 --set diversity_slots=2 --json

prints the per-step metrics and the platform's final learned weights — the numbers the Feedback
loop page shows for the same configuration. ``--preset "policing urn"`` runs Ensign et al.'s urn
(``--steps`` is then the number of days).
"""

from __future__ import annotations

import argparse
import dataclasses

from analysis.cli import add_command
from analysis.errors import AnalysisError
from analysis.feedback.compare import base_config, knobs_for, run
from analysis.feedback.config import KNOBS, POLICING_PRESET, PRESETS, parse_assignments, with_overrides
from analysis.feedback.policing import POLICING_KNOBS, PolicingResult


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(
        subparsers,
        "simulate",
        _simulate,
        "run the feedback-loop simulator (social-media loop or predictive-policing urn) and print its time series",
        epilog=_knob_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--preset", required=True, metavar="NAME", help="one of: " + ", ".join(f"'{n}'" for n in PRESETS))
    p.add_argument("--steps", type=int, default=None, metavar="N", help="steps to simulate (days for the policing urn)")
    p.add_argument("--users", type=int, default=None, metavar="N", help="number of users")
    p.add_argument("--seed", type=int, default=None, metavar="N", help="seed of the world and of the dynamics")
    p.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE", help="change a knob (repeatable; see below)")


def _knob_help() -> str:
    lines = ["knobs of the social-media loop (--set):"]
    lines += [f"  {k.name:<22} {k.help}" for k in KNOBS.values()]
    lines += ["knobs of the policing urn (--set):"]
    lines += [f"  {k.name:<22} {k.help}" for k in POLICING_KNOBS.values()]
    return "\n".join(lines)


def preset_name(raw: str) -> str:
    """The preset a user meant ('engagement-feed' and 'Engagement_Feed' work too)."""
    name = " ".join(raw.replace("-", " ").replace("_", " ").lower().split())
    if name not in PRESETS:
        raise AnalysisError(f"Unknown preset '{raw}'. Presets: {', '.join(PRESETS)}.")
    return name


def build_config(args: argparse.Namespace):
    """The configuration the options describe: the preset, then --steps/--users/--seed, then --set."""
    name = preset_name(args.preset)
    config = base_config(name)
    overrides: dict[str, object] = {}
    if name == POLICING_PRESET:
        if args.users is not None:
            raise AnalysisError("--users does not apply to the policing urn (it has two regions, not users).")
        if args.steps is not None:
            overrides["days"] = args.steps
        if args.seed is not None:
            overrides["seed"] = args.seed
    else:
        if args.steps is not None:
            overrides["steps"] = args.steps
        if args.users is not None:
            overrides["n_users"] = args.users
        if args.seed is not None:
            overrides["world_seed"] = overrides["dynamics_seed"] = args.seed
    overrides.update(parse_assignments(args.set))
    return name, with_overrides(config, overrides, knobs_for(config))


def _simulate(args: argparse.Namespace):
    name, config = build_config(args)
    result = run(config)
    payload = {"preset": name, "config": dataclasses.asdict(config)}
    if isinstance(result, PolicingResult):
        final = result.final_shares
        payload.update(
            metrics=result.summary.records(),
            final_weights=None,
            final_shares=final,
            summary={"true_share": result.true_share, "final_share_mean": float(final.mean()), "final_share_sd": float(final.std())},
        )
        text = (
            f"{name}: {config.runs} runs × {config.days} days, correction {'on' if config.correction else 'off'}\n"
            f"share of patrols in A at the end: mean {final.mean():.3f} (sd {final.std():.3f}); true share {result.true_share:.3f}"
        )
        return payload, text
    metrics = result.metrics
    payload.update(metrics=metrics.records(), final_weights=result.final_weights)
    rows = [f"{name}: {config.n_users} users × {config.live_items} live items × {len(metrics)} steps"]
    if len(metrics):
        rows += [f"{'metric':<22}{'step 1':>10}{'last step':>12}"]
        rows += [f"{col:<22}{metrics[col][0]:>10.3f}{metrics[col][-1]:>12.3f}" for col in metrics.columns if col != "step"]
    rows += ["final learned weights: " + ", ".join(f"{k} {v:+.3f}" for k, v in result.final_weights.items())]
    return payload, "\n".join(rows)
