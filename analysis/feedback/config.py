"""What a feedback-loop run is made of: one flat, frozen config, the knob table, and the presets.

Every arrow of the loop has one knob, and a knob at 0 removes its arrow (``learning_rate=0``: the
platform never learns; ``assimilation=0``: users never move towards what they click; …). The knob
table (``KNOBS``) gives each knob's range and a one-line explanation, so the CLI's ``--set``, the
page's sliders and the shareable URL all validate against the same numbers.

    >>> from analysis.feedback.config import preset, with_overrides
    >>> cfg = with_overrides(preset("engagement feed"), {"n_users": "500", "exploration": "0.1"})
    >>> cfg.n_users, cfg.exploration, cfg.ranking
    (500, 0.1, 'engagement')
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any, Mapping

from analysis.errors import AnalysisError
from analysis.presets import feedback_presets, policing_preset_name

RANKINGS = ("engagement", "random", "chronological", "popularity", "oracle")


@dataclass(frozen=True)
class FeedbackConfig:
    """One run of the social-media loop. Sizes first, then one knob per arrow of the loop."""

    # --- world (sizes and the initial distributions; drawn from world_seed) ---
    n_users: int = 1000  # users, each with a stance x in [-1, 1] and a hostility h in [0, 1]
    n_publishers: int = 50  # publishers, each with a stance m and a clickbait level k
    posts_per_step: int = 2  # items each publisher posts per step
    item_lifetime: int = 10  # L: an item is live for L steps, so n_publishers*posts_per_step*L items are live
    slate_size: int = 10  # K: items each user is shown per step
    follows: int = 5  # publishers each user follows; the feed ranks their posts (0: all publishers)
    audiences: int = 50  # distinct follow lists; each user gets one at random (users sharing one share a pool)
    steps: int = 200  # how many steps the loop runs
    user_spread: float = 0.35  # sd of the initial user stances (normal around 0, clipped to [-1, 1])
    publisher_spread: float = 0.45  # sd of the publishers' initial stances
    initial_clickbait: float = 0.2  # mean initial clickbait level of publishers
    posting_noise: float = 0.15  # sd of an item's stance and clickbait around its publisher's
    # --- ranking ("show what they click") ---
    ranking: str = "engagement"  # engagement | random | chronological | popularity | oracle
    exploration: float = 0.0  # epsilon: probability that a slot shows a uniformly random live item
    diversity_slots: int = 0  # slots per slate reserved for the best-ranked items from the other side
    extremity_penalty: float = 0.0  # subtracted from the ranking logit per unit of |s|
    clickbait_penalty: float = 0.0  # subtracted from the ranking logit per unit of clickbait c
    # --- the platform learns from its own logged clicks ---
    learning_rate: float = 1.0  # fraction of a Newton step of the logistic regression per step (0: never learns)
    memory: float = 0.9  # share of the earlier log's evidence kept when retraining (0: latest step only)
    l2: float = 0.00001  # ridge penalty per impression, keeps weights finite when a feature never varies
    estimate_rate: float = 0.2  # how fast the stance estimate x-hat moves towards clicked items (0: never)
    warmup_steps: int = 10  # steps of random feed at the start, logged to learn from (0: none)
    retrain: int = 1  # 1: keep learning every step; 0: weights and x-hat frozen after the warm-up
    # --- users choose ("users click what they like"; multinomial logit with a no-click option) ---
    agreement: float = 2.0  # alpha: appeal per unit of x*s (content one agrees with)
    extremity_appeal: float = 1.0  # beta: appeal per unit of |s| (extreme content)
    clickbait_appeal: float = 1.5  # kappa: appeal per unit of clickbait c
    position_attention: float = 0.8  # a: appeal falls by a*ln(rank) (Chaney et al. 2018 use 0.8)
    no_click_utility: float = 3.0  # utility of clicking nothing; higher means fewer clicks
    welfare_clickbait_cost: float = 1.0  # lambda in welfare = -|x - s| - lambda*c (the platform never sees it)
    # --- users adapt ---
    assimilation: float = 0.05  # mu: step towards a clicked item within the confidence bound (Deffuant)
    confidence_bound: float = 0.6  # epsilon: only items closer than this pull a user's stance
    repulsion: float = 0.0  # step away from shown items farther than repulsion_threshold (backfire)
    repulsion_threshold: float = 1.0  # distance beyond which a shown item repels
    hostility_rate: float = 0.05  # step of h towards the extremity of shown out-group items
    # --- publishers adapt (the T-RECS creator rule) ---
    publisher_adaptation: float = 0.05  # step of (m, k) towards the mean (s, c) of their clicked items
    # --- metrics and seeds ---
    click_window: int = 20  # homogenisation compares each user's clicks in the last this many steps
    world_seed: int = 0  # seeds the initial users, publishers and items
    dynamics_seed: int = 1  # seeds everything that happens during the run (one stream per component)

    @property
    def live_items(self) -> int:
        """How many items are live at any step."""
        return self.n_publishers * self.posts_per_step * self.item_lifetime


@dataclass(frozen=True)
class Knob:
    """One adjustable field: its range and the one-line English explanation (the page translates)."""

    name: str  # the FeedbackConfig/PolicingConfig field
    group: str  # world | ranking | learning | choice | users | publishers | seeds | policing
    kind: str  # int | float | choice
    low: float  # smallest allowed value (ignored for choice)
    high: float  # largest allowed value (ignored for choice)
    step: float  # slider step
    help: str  # one line: what it does and what 0 switches off
    choices: tuple[str, ...] = ()  # allowed values for kind == "choice"


def _k(name, group, kind, low, high, step, help, choices=()):
    return Knob(name, group, kind, low, high, step, help, choices)


KNOBS: dict[str, Knob] = {k.name: k for k in [
    _k("n_users", "world", "int", 10, 20000, 50, "number of users"),
    _k("n_publishers", "world", "int", 2, 1000, 1, "number of publishers"),
    _k("posts_per_step", "world", "int", 1, 20, 1, "items each publisher posts per step"),
    _k("item_lifetime", "world", "int", 1, 100, 1, "steps an item stays live"),
    _k("slate_size", "world", "int", 1, 50, 1, "items shown to each user per step"),
    _k("follows", "world", "int", 0, 1000, 1, "publishers each user follows (0: the feed draws on all)"),
    _k("audiences", "world", "int", 1, 1000, 1, "how many different follow lists there are"),
    _k("steps", "world", "int", 1, 5000, 10, "steps to simulate"),
    _k("user_spread", "world", "float", 0.0, 1.0, 0.05, "spread of the initial user stances"),
    _k("publisher_spread", "world", "float", 0.0, 1.0, 0.05, "spread of the initial publisher stances"),
    _k("initial_clickbait", "world", "float", 0.0, 1.0, 0.05, "initial mean clickbait of publishers"),
    _k("posting_noise", "world", "float", 0.0, 0.5, 0.01, "how far an item strays from its publisher"),
    _k("ranking", "ranking", "choice", 0, 0, 0, "who decides what is shown", RANKINGS),
    _k("exploration", "ranking", "float", 0.0, 1.0, 0.05, "share of slots filled at random (0: none)"),
    _k("diversity_slots", "ranking", "int", 0, 10, 1, "slots reserved for the other side (0: none)"),
    _k("extremity_penalty", "ranking", "float", 0.0, 10.0, 0.25, "ranking penalty on extreme items (0: none)"),
    _k("clickbait_penalty", "ranking", "float", 0.0, 10.0, 0.25, "ranking penalty on clickbait (0: none)"),
    _k("learning_rate", "learning", "float", 0.0, 1.0, 0.05, "how fast the platform learns from clicks (0: never)"),
    _k("memory", "learning", "float", 0.0, 0.99, 0.01, "how much of its older log the platform keeps (0: only the last step)"),
    _k("l2", "learning", "float", 0.0, 0.01, 0.00001, "ridge penalty on the learned weights"),
    _k("estimate_rate", "learning", "float", 0.0, 1.0, 0.05, "how fast the platform's guess of a stance follows clicks (0: never)"),
    _k("warmup_steps", "learning", "int", 0, 500, 1, "random-feed steps at the start to learn from (0: none)"),
    _k("retrain", "learning", "int", 0, 1, 1, "keep retraining after the warm-up (0: frozen model)"),
    _k("agreement", "choice", "float", 0.0, 5.0, 0.1, "how much users prefer content they agree with (0: not at all)"),
    _k("extremity_appeal", "choice", "float", 0.0, 5.0, 0.1, "how much extreme content attracts clicks (0: not at all)"),
    _k("clickbait_appeal", "choice", "float", 0.0, 5.0, 0.1, "how much clickbait attracts clicks (0: not at all)"),
    _k("position_attention", "choice", "float", 0.0, 3.0, 0.1, "how much lower slots are ignored (0: position does not matter)"),
    _k("no_click_utility", "choice", "float", -5.0, 10.0, 0.25, "how attractive clicking nothing is"),
    _k("welfare_clickbait_cost", "choice", "float", 0.0, 5.0, 0.1, "how much clickbait harms welfare (0: not at all)"),
    _k("assimilation", "users", "float", 0.0, 0.5, 0.01, "step towards a clicked item (0: stances never move)"),
    _k("confidence_bound", "users", "float", 0.0, 2.0, 0.05, "only items this close pull a user"),
    _k("repulsion", "users", "float", 0.0, 0.5, 0.01, "step away from distant shown items (0: no backfire)"),
    _k("repulsion_threshold", "users", "float", 0.0, 2.0, 0.05, "distance beyond which a shown item repels"),
    _k("hostility_rate", "users", "float", 0.0, 0.5, 0.01, "how fast hostility follows the out-group content shown (0: never)"),
    _k("publisher_adaptation", "publishers", "float", 0.0, 0.5, 0.01, "how fast publishers copy their clicked items (0: never)"),
    _k("click_window", "world", "int", 1, 200, 1, "steps of click history compared for homogenisation"),
    _k("world_seed", "seeds", "int", 0, 2**31 - 1, 1, "seed of the initial world"),
    _k("dynamics_seed", "seeds", "int", 0, 2**31 - 1, 1, "seed of the dynamics"),
]}

# The knob table of each config class (the policing scenario registers its own).
KNOB_TABLES: dict[type, dict[str, Knob]] = {FeedbackConfig: KNOBS}

# Presets change only the knobs that define them; everything else keeps its default
# (data/presets/feedback.json, with its sources; read by analysis.presets).
PRESET_OVERRIDES: dict[str, dict[str, Any]] = feedback_presets()
POLICING_PRESET = policing_preset_name()
PRESETS: tuple[str, ...] = (*PRESET_OVERRIDES, POLICING_PRESET)


def preset(name: str) -> FeedbackConfig:
    """The social-media configuration of a preset (``"policing urn"`` is in ``analysis.feedback.policing``)."""
    if name == POLICING_PRESET:
        raise AnalysisError("'policing urn' is the predictive-policing scenario: use analysis.feedback.policing.PolicingConfig.")
    if name not in PRESET_OVERRIDES:
        raise AnalysisError(f"Unknown preset '{name}'. Presets: {', '.join(PRESETS)}.")
    return dataclasses.replace(FeedbackConfig(), **PRESET_OVERRIDES[name])


def parse_value(knob: Knob, raw: Any) -> Any:
    """``raw`` (a string from the CLI or URL, or a number) as the knob's type, range-checked."""
    if knob.kind == "choice":
        value = str(raw).strip()
        if value not in knob.choices:
            raise AnalysisError(f"{knob.name} must be one of {', '.join(knob.choices)}, not '{value}'.")
        return value
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise AnalysisError(f"{knob.name} must be a number, not '{raw}'.") from None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, or ±inf (int() would overflow)
        raise AnalysisError(f"{knob.name} must be a finite number, not {raw}.")
    if knob.kind == "int":
        if number != int(number):
            raise AnalysisError(f"{knob.name} must be a whole number, not {raw}.")
        number = int(number)
    if not knob.low <= number <= knob.high:
        raise AnalysisError(f"{knob.name} must be between {_fmt(knob.low)} and {_fmt(knob.high)}, not {raw}.")
    return number


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_knob_name(name: str, knobs: Mapping[str, Knob]) -> Knob:
    """The knob called ``name``, or an error that suggests near names."""
    if name in knobs:
        return knobs[name]
    near = difflib.get_close_matches(name, list(knobs), n=3)
    hint = f" Did you mean {', '.join(near)}?" if near else f" Knobs: {', '.join(knobs)}."
    raise AnalysisError(f"Unknown knob '{name}'.{hint}")


def with_overrides(config: Any, overrides: Mapping[str, Any], knobs: Mapping[str, Knob] | None = None) -> Any:
    """A copy of a config dataclass with ``overrides`` (name -> raw value) parsed and range-checked."""
    knobs = KNOB_TABLES[type(config)] if knobs is None else knobs
    values = {}
    for name, raw in overrides.items():
        knob = check_knob_name(name, knobs)
        values[name] = parse_value(knob, raw)
    config = dataclasses.replace(config, **values)
    validate(config)
    return config


def validate(config: Any) -> None:
    """Cross-field checks that single ranges cannot express."""
    if isinstance(config, FeedbackConfig):
        if config.diversity_slots > config.slate_size:
            raise AnalysisError(f"diversity_slots ({config.diversity_slots}) cannot exceed slate_size ({config.slate_size}).")
        if config.follows > config.n_publishers:
            raise AnalysisError(f"follows ({config.follows}) cannot exceed n_publishers ({config.n_publishers}).")
        if config.live_items < 2:
            raise AnalysisError("The world needs at least 2 live items (publishers × posts per step × lifetime).")
        if config.n_users < 2:
            raise AnalysisError("The world needs at least 2 users.")
        if config.live_items * 1.0 * config.n_users > 5e9:  # guard against absurd worlds from a URL
            raise AnalysisError("This world is too large (users × live items above 5 billion).")
        from analysis import budget

        budget.check("simulation_work", simulation_work(config), "This run (users × live items × steps)")


def simulation_work(config: "FeedbackConfig") -> int:
    """Users × live items × steps: what one run costs, in the units of the budget's ``simulation_work``.

    >>> simulation_work(FeedbackConfig())
    200000000
    """
    return int(config.n_users) * int(config.live_items) * int(config.steps)


def parse_assignments(pairs: list[str] | None) -> dict[str, str]:
    """``["knob=value", …]`` (from ``--set``) as a dict, with a clear message for a malformed pair."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise AnalysisError(f"--set expects knob=value, got '{pair}'.")
        out[name.strip()] = value.strip()
    return out


def changed_fields(config: Any, base: Any) -> dict[str, Any]:
    """The fields where ``config`` differs from ``base`` (what a shareable URL has to carry)."""
    return {f.name: getattr(config, f.name) for f in dataclasses.fields(config) if getattr(config, f.name) != getattr(base, f.name)}
