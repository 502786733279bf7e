"""The report's numbers by name: the CI gate (``--fail-on``) and the side-by-side comparison.

``metrics(report)`` flattens every number of an ``AuditReport`` into ``{"name": value}`` with the
names a pipeline writes in ``--fail-on``: ``direct_bias``, ``weat.caliskan-6.d``,
``quality.analogy_accuracy``, ``residual.classifier_accuracy``, … (see ``METRIC_PATTERNS``).
``parse_condition`` refuses a malformed expression in one sentence, before any work;
``failed_conditions`` says which conditions a finished report breaks (a number that could not be
measured counts as failed: a gate fails closed).

    >>> parse_condition("weat.caliskan-6.d>0.8")
    Condition(metric='weat.caliskan-6.d', op='>', threshold=0.8, text='weat.caliskan-6.d>0.8')
    >>> parse_condition("direct_bias > 0.1").holds(0.2)
    True
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from analysis.errors import AnalysisError

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt,
}
_EXPRESSION = re.compile(r"^\s*(?P<metric>[^<>=!\s]+)\s*(?P<op>>=|<=|==|!=|>|<)\s*(?P<threshold>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*$")
_EXPERIMENT = r"[^\s.]+"  # a WEAT test or word: anything without a dot or a space
# Every metric name the report can produce; the groups say what has to run for it to exist.
METRIC_PATTERNS: dict[str, str] = {
    "direct_bias": r"direct_bias",
    "direction": r"direction\.pc1",
    "quality": r"quality\.(analogy_accuracy|semantic_accuracy|syntactic_accuracy|(wordsim353|simlex999)\.(spearman|pearson|oov_ratio))",
    "weat": rf"weat\.(?P<test>{_EXPERIMENT})\.(s|d|p)",
    "names": rf"names\.{_EXPERIMENT}\.(difference|male_mean|female_mean)",
    "indirect_bias": rf"indirect_bias\.{_EXPERIMENT},{_EXPERIMENT}",
    "she_he": r"she_he\.(pairs|top_score)",
    "debiasing": r"debiasing\.(before|after|change)\.[A-Za-z0-9_\-.]+",
    "residual": r"residual\.(kmeans_alignment|classifier_accuracy|neighbour_correlation)",
}


@dataclass(frozen=True)
class Condition:
    """One ``--fail-on`` expression: the report fails when ``metric op threshold`` is true."""

    metric: str  # a name from ``metrics(report)``
    op: str  # one of >, >=, <, <=, ==, !=
    threshold: float
    text: str  # the expression as the user wrote it (for the message)

    def holds(self, value: float) -> bool:
        return _OPS[self.op](value, self.threshold)


def parse_condition(expression: str) -> Condition:
    """``"weat.caliskan-6.d>0.8"`` → a ``Condition``; anything else is refused in one sentence."""
    match = _EXPRESSION.match(expression or "")
    if not match:
        raise AnalysisError(
            f"Cannot read --fail-on '{expression}': write METRIC OP NUMBER, e.g. 'weat.caliskan-6.d>0.8' or 'direct_bias>0.1' (OP one of > >= < <= == !=)."
        )
    metric = match["metric"]
    if not any(re.fullmatch(p, metric) for p in METRIC_PATTERNS.values()):
        raise AnalysisError(
            f"Unknown metric '{metric}' in --fail-on '{expression}'; use e.g. direct_bias, weat.caliskan-6.d, quality.analogy_accuracy, residual.classifier_accuracy."
        )
    return Condition(metric, match["op"], float(match["threshold"]), expression.strip())


def check_measurable(conditions: list[Condition], config) -> None:
    """Refuse, before any work, a condition on a number this configuration will not measure."""
    weat_names = set(config.weat_tests) | {t.name for t in config.custom_weat}
    for c in conditions:
        group = c.metric.split(".", 1)[0]
        weat = re.fullmatch(METRIC_PATTERNS["weat"], c.metric)
        reason = None
        if group == "quality" and not config.benchmarks:
            reason = "the benchmarks are switched off"
        elif weat and weat["test"] not in weat_names:
            reason = f"the test '{weat['test']}' is not in this report"
        elif group in ("debiasing", "residual") and not config.debias:
            reason = "no debiasing evidence is asked for (--debias hard or inlp)"
        elif group == "she_he" and not config.she_he_topn:
            reason = "the she/he analogies are switched off"
        if reason:
            raise AnalysisError(f"--fail-on '{c.text}' can never be checked: {reason}.")


def metrics(report) -> dict[str, float]:
    """Every number of the report by its ``--fail-on`` name, in report order."""
    out: dict[str, float] = {}
    if report.direct_bias:
        out["direct_bias"] = report.direct_bias["value"]
    if report.direction and report.direction["explained_variance"]:
        out["direction.pc1"] = report.direction["explained_variance"][0]
    q = report.quality
    if q:
        for key in ("analogy_accuracy", "semantic_accuracy", "syntactic_accuracy"):
            out[f"quality.{key}"] = q[key]
        for bench in ("wordsim353", "simlex999"):
            for key in ("spearman", "pearson", "oov_ratio"):
                out[f"quality.{bench}.{key}"] = q[bench][key]
    for w in report.weat:
        out[f"weat.{w['test']}.s"] = w["statistic"]
        out[f"weat.{w['test']}.d"] = w["effect_size"]
        out[f"weat.{w['test']}.p"] = w["p_value"]
    for n in report.names:
        for key in ("male_mean", "female_mean", "difference"):
            out[f"names.{n['target']}.{key}"] = n[key]
    for b in report.indirect_bias:
        out[f"indirect_bias.{b['w']},{b['v']}"] = b["beta"]
    if report.she_he:
        out["she_he.pairs"] = float(len(report.she_he["pairs"]))
        if report.she_he["pairs"]:
            out["she_he.top_score"] = report.she_he["pairs"][0]["score"]
    if report.debiasing:
        for row in report.debiasing["table"]:
            name = f"weat.{row['test']}.{row['key']}" if row["test"] else row["key"]
            for stage in ("before", "after", "change"):
                out[f"debiasing.{stage}.{name}"] = row[stage]
        for key, value in report.debiasing["residual"].items():
            out[f"residual.{key}"] = value
    # Only numbers: payloads may carry text next to them (e.g. the residual checks' protocol).
    numeric = {k: v for k, v in out.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return {k: v for k, v in numeric.items() if not math.isnan(v)}


def failed_conditions(conditions: list[Condition], report) -> list[dict]:
    """The conditions the report breaks: ``{"condition", "metric", "value"}`` (value None: not measured)."""
    values = metrics(report)
    failed = []
    for c in conditions:
        value = values.get(c.metric)
        if value is None or c.holds(value):
            failed.append({"condition": c.text, "metric": c.metric, "value": value})
    return failed


def gate_payload(conditions: list[Condition], report) -> dict:
    """What the JSON records of the gate: every condition with its value, and the failed ones."""
    values = metrics(report)
    return {
        "conditions": [{"condition": c.text, "metric": c.metric, "value": values.get(c.metric)} for c in conditions],
        "failed": failed_conditions(conditions, report),
    }


def differences(first, second) -> list[dict]:
    """Every number of two reports side by side: ``{"metric", "first", "second", "difference"}``.

    ``difference`` is second − first (None when a side lacks the number).
    """
    a, b = metrics(first), metrics(second)
    names = list(a) + [k for k in b if k not in a]
    return [
        {"metric": k, "first": a.get(k), "second": b.get(k), "difference": (b[k] - a[k]) if k in a and k in b else None}
        for k in names
    ]
