"""Lesson steps 6–8: autoencoder vs PCA, feedback loops, the bias taxonomy (no embedding needed).

Lesson defaults are sized so that each experiment finishes in seconds on 2 CPU cores (measured by
``bench/lesson.py``), with the same library calls as the Autoencoder and Feedback-loop pages.

    >>> step = linear_pca_step(LinearPcaDefaults(epochs=300))
    >>> bool(step.max_angle_deg < 5 and step.ae_mse < 1.02 * step.pca_mse)
    True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.progress import ProgressFn, report

DATA = Path(__file__).resolve().parent.parent / "data"


def warm_up() -> bool:
    """Pay the lesson's one-time import costs now: scikit-learn and torch's optimiser machinery.

    The first ``torch.optim.Adam`` of a process imports ``torch._dynamo`` (≈ 2 s on 2 cores) and the
    first k-means, SVM or digits load imports scikit-learn (≈ 1.5 s); warm, step 6a takes 0.5 s.
    The Lesson page runs this in its background thread as soon as it opens.

        >>> warm_up()
        True
    """
    import sklearn.cluster  # noqa: F401 - steps 5 (k-means) and 6 (digits)
    import sklearn.datasets  # noqa: F401
    import sklearn.svm  # noqa: F401
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])
    return True


@dataclass(frozen=True)
class LinearPcaDefaults:
    latent: int = 2  # bottleneck k, compared with the top-k principal components
    epochs: int = 400  # full-batch Adam epochs on the 1,797 digits (≈ 0.5 s on 2 cores)
    lr: float = 0.02  # Adam step size; the Autoencoder page's lecture setup uses the same


@dataclass(frozen=True)
class LinearPcaStep:
    k: int  # bottleneck size
    angles_deg: list[float]  # principal angles between decoder span and PCA subspace
    ae_mse: float  # linear autoencoder reconstruction MSE (standardised digits)
    pca_mse: float  # PCA rank-k MSE on the same data: the floor for any linear AE
    epochs: int  # epochs trained

    @property
    def max_angle_deg(self) -> float:
        return max(self.angles_deg)


def linear_pca_config(defaults: LinearPcaDefaults = LinearPcaDefaults()):
    """The ``AutoencoderConfig`` of step 6a (full-batch linear AE on the 64-pixel digits)."""
    from analysis.autoencoder import AutoencoderConfig

    return AutoencoderConfig(input_dim=64, latent_dim=defaults.latent, epochs=defaults.epochs, lr=defaults.lr)


def linear_pca_step(defaults: LinearPcaDefaults = LinearPcaDefaults(), device: str = "cpu") -> LinearPcaStep:
    """Step 6a: a linear autoencoder on the digits learns PCA's subspace (Baldi & Hornik 1989)."""
    from analysis.autoencoder import Trainer, linear_pca_check
    from analysis.images import load_digits

    check = linear_pca_check(Trainer(load_digits().data, linear_pca_config(defaults), device).train())
    return LinearPcaStep(check.k, check.angles_deg, check.ae_mse, check.pca_mse, defaults.epochs)


@dataclass(frozen=True)
class BottleneckDefaults:
    latent: int = 200  # the lecture's CIFAR-10 bottleneck: 3072 → 200 → 3072
    epochs: int = 5  # Adam epochs over the 1,950 bundled photo patches (0.4–3 s each on 2 cores, by load)
    batch_size: int = 128  # mini-batch size
    lr: float = 0.001  # Adam step size
    shown: int = 8  # patches drawn with their reconstructions


@dataclass(frozen=True)
class BottleneckStep:
    originals: np.ndarray  # (shown, 32, 32, 3) in [0, 1]
    reconstructions: np.ndarray  # (shown, 32, 32, 3) in [0, 1]
    losses: list[float]  # full-data MSE before training and after each epoch
    samples: int  # patches trained on
    stopped: bool  # True when Stop ended training early


def bottleneck_config(defaults: BottleneckDefaults = BottleneckDefaults()):
    """The ``AutoencoderConfig`` of step 6b: 3072 → ``latent`` ReLU → 3072 sigmoid, raw pixels in [0, 1]."""
    from analysis.autoencoder import AutoencoderConfig

    return AutoencoderConfig(
        input_dim=3072, latent_dim=defaults.latent, activation="relu", output_activation="sigmoid", scaling="none",
        lr=defaults.lr, epochs=defaults.epochs, batch_size=defaults.batch_size,
    )


def bottleneck_step(defaults: BottleneckDefaults = BottleneckDefaults(), device: str = "cpu", progress: ProgressFn | None = None) -> BottleneckStep:
    """Step 6b: the 3072 → 200 ReLU/sigmoid network on bundled colour patches, with reconstructions."""
    from analysis.autoencoder import Trainer
    from analysis.images import load_photo_patches

    photos = load_photo_patches()
    trainer = Trainer(photos.data, bottleneck_config(defaults), device).train(progress=progress)
    # Evenly spread rows: both photographs and different parts of each.
    rows = np.linspace(0, len(photos.data) - 1, defaults.shown).astype(int)
    originals = photos.images(rows)
    recon = photos.images(data=trainer.reconstruct(photos.data[rows]).astype(np.float32))
    return BottleneckStep(originals, np.clip(recon, 0, 1), list(trainer.losses), len(photos.data), trainer.stopped)


@dataclass(frozen=True)
class GdDefaults:
    samples: int = 500  # digits used (stochastic GD makes one update per sample)
    epochs: int = 5  # passes over the data for each variant
    mini_batch: int = 32  # the mini-batch variant's batch size
    lr: float = 0.01  # Adam step size, the same for all three


def gd_config(defaults: GdDefaults = GdDefaults()):
    """The ``AutoencoderConfig`` every variant of step 6c starts from (the batch size is the variant's)."""
    from analysis.autoencoder import AutoencoderConfig

    return AutoencoderConfig(input_dim=64, latent_dim=2, lr=defaults.lr, epochs=defaults.epochs)


def gd_step(defaults: GdDefaults = GdDefaults(), device: str = "cpu", progress: ProgressFn | None = None):
    """Step 6c: batch vs stochastic vs mini-batch GD on the digits (``autoencoder.compare_gd_variants``)."""
    from analysis.autoencoder import compare_gd_variants
    from analysis.images import load_digits

    return compare_gd_variants(load_digits().data, gd_config(defaults), device, epochs=defaults.epochs, mini_batch=defaults.mini_batch, max_samples=defaults.samples, progress=progress)


@dataclass(frozen=True)
class OverKDefaults:
    ks: tuple[int, ...] = (1, 2, 3, 4, 6, 8)  # bottleneck sizes compared
    epochs: int = 200  # full-batch epochs per k on the digits
    lr: float = 0.02  # Adam step size


def over_k_config(defaults: OverKDefaults = OverKDefaults()):
    """The ``AutoencoderConfig`` of step 6d (its bottleneck size is replaced by each k)."""
    from analysis.autoencoder import AutoencoderConfig

    return AutoencoderConfig(input_dim=64, latent_dim=max(defaults.ks), epochs=defaults.epochs, lr=defaults.lr)


def over_k_step(defaults: OverKDefaults = OverKDefaults(), device: str = "cpu", progress: ProgressFn | None = None):
    """Step 6d: linear AE vs PCA reconstruction error over k (``autoencoder.reconstruction_error_over_k``)."""
    from analysis.autoencoder import reconstruction_error_over_k
    from analysis.images import load_digits

    return reconstruction_error_over_k(load_digits().data, over_k_config(defaults), defaults.ks, device, progress=progress)


# --- step 7: feedback loops ------------------------------------------------------------------------
FEED_METRICS = ("stance_variance", "extreme_share", "welfare", "ctr")  # shown side by side


@dataclass(frozen=True)
class FeedbackStep:
    engagement: dict[str, float]  # FEED_METRICS at the last step of the "engagement feed" preset
    random: dict[str, float]  # the same for the "random feed" preset (same seeds)
    variance_series: dict[str, list[float]]  # stance variance per step, by preset
    policing_share: float  # mean share of patrols sent to region A after the last day (all runs)
    policing_true: float  # A's true share of incidents: where a fair allocation would settle
    policing_runs: int  # independent urn runs


def feedback_step(progress: ProgressFn | None = None) -> FeedbackStep:
    """Step 7: engagement-ranked vs random feed, and Ensign et al.'s policing urn, at preset defaults."""
    from analysis.feedback.config import preset
    from analysis.feedback.policing import PolicingConfig, simulate_policing
    from analysis.feedback.simulate import simulate

    finals, series = {}, {}
    for i, name in enumerate(("engagement feed", "random feed")):
        report(progress, i / 3, name)
        metrics = simulate(preset(name)).metrics
        finals[name] = {m: float(metrics[m][-1]) for m in FEED_METRICS}
        series[name] = [float(v) for v in metrics["stance_variance"]]
    report(progress, 2 / 3, "policing urn")
    urn = simulate_policing(PolicingConfig())
    report(progress, 1.0, "done")
    return FeedbackStep(finals["engagement feed"], finals["random feed"], series, float(np.mean(urn.final_shares)), float(urn.true_share), len(urn.final_shares))


def feedback_loop_dot(labels: dict[str, str]) -> str:
    """Graphviz DOT of the loop users ↔ recommender ↔ publishers; ``labels`` holds the translated words.

    Keys: users, publishers, recommender, clicks, ranks, posts, rewards, learns.

        >>> dot = feedback_loop_dot({k: k for k in LOOP_LABELS})
        >>> dot.startswith("digraph") and '"users" -> "recommender"' in dot
        True
    """
    missing = [k for k in LOOP_LABELS if k not in labels]
    if missing:
        raise KeyError(f"feedback_loop_dot needs labels for {missing}")

    def q(text: str) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    u, p, r = q(labels["users"]), q(labels["publishers"]), q(labels["recommender"])
    lines = [
        "digraph feedback {",
        '  rankdir=LR; bgcolor="transparent";',
        '  node [shape=box, style="rounded,filled", fillcolor="#e8f0fe", fontname="sans-serif", fontsize=16];',
        '  edge [fontname="sans-serif", fontsize=13];',
        f"  {u}; {r} [fillcolor=\"#fde7c8\"]; {p};",
        f"  {u} -> {r} [label={q(labels['clicks'])}];",
        f"  {r} -> {u} [label={q(labels['ranks'])}];",
        f"  {p} -> {r} [label={q(labels['posts'])}];",
        f"  {r} -> {p} [label={q(labels['rewards'])}];",
        f"  {r} -> {r} [label={q(labels['learns'])}];",
        "}",
    ]
    return "\n".join(lines)


LOOP_LABELS = ("users", "publishers", "recommender", "clicks", "ranks", "posts", "rewards", "learns")


# --- step 8: the bias taxonomy ---------------------------------------------------------------------
@dataclass(frozen=True)
class TaxonomyCard:
    key: str  # text key of the case (summary and question live in the locale files)
    kind: str  # "pre-existing", "technical" or "emergent" (Friedman & Nissenbaum 1996)
    source: str  # full citation with a URL
    cite: str  # short citation for the card, e.g. "Dastin, Reuters 2018"
    url: str  # where the source can be read


def taxonomy_cards() -> list[TaxonomyCard]:
    """Step 8: the discussion cases from ``data/lesson_taxonomy.json``, in the lecture's order."""
    data = json.loads((DATA / "lesson_taxonomy.json").read_text(encoding="utf-8"))
    return [TaxonomyCard(c["key"], c["kind"], c["source"], c["cite"], c["url"]) for c in data["cards"]]
