"""An autoencoder in PyTorch: a learned, possibly non-linear dimensionality reduction.

The encoder squeezes each sample through a bottleneck of ``latent_dim`` numbers and the decoder
rebuilds the sample from them; training minimises the reconstruction error. With linear layers
and the squared error, the best such model spans exactly the top-k principal components (Baldi &
Hornik 1989) — ``linear_pca_check`` measures how close a trained model gets, by the principal
angles between the decoder's span and the PCA subspace and by the two reconstruction errors.

    >>> from analysis.autoencoder import AutoencoderConfig, Trainer, linear_pca_check
    >>> from analysis.images import load_digits
    >>> digits = load_digits().data
    >>> config = AutoencoderConfig(input_dim=64, latent_dim=2, epochs=300, lr=0.02)
    >>> trainer = Trainer(digits, config, device="cpu").train()
    >>> check = linear_pca_check(trainer)
    >>> bool(max(check.angles_deg) < 5 and check.ae_mse < 1.02 * check.pca_mse)
    True

Speed: the whole (scaled) data set lives on the device as one tensor and mini-batches are slices
of a shuffled copy, so there is no DataLoader or per-sample Python work. Seeding goes through
``torch.manual_seed`` inside ``fork_rng``, so runs repeat exactly without touching global state.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
import zipfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import torch
from torch import nn

from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, StopRequested, report
from analysis.projection import pca

ACTIVATIONS = ("linear", "relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS = ("linear", "sigmoid")
LOSSES = ("mse", "l1")
OPTIMIZERS = ("adam", "sgd")
SCALINGS = ("standardize", "center", "none")
FORMAT_VERSION = 1
# An uploaded model archive larger than this is refused before it is unpacked.
MAX_MODEL_BYTES = 512 << 20


@dataclass(frozen=True)
class AutoencoderConfig:
    """Everything that defines an autoencoder and its training run (saved next to the weights)."""

    input_dim: int  # features per sample: 64 for 8×8 digits, 784 for MNIST, 3072 for CIFAR-10, 50 for GloVe 50d
    latent_dim: int = 2  # bottleneck size k: the number of codes each sample is squeezed into
    hidden: tuple[int, ...] = ()  # encoder hidden layer sizes, outermost first; the decoder mirrors them
    activation: str = "linear"  # after every encoder layer (bottleneck included) and every hidden decoder layer
    output_activation: str = "linear"  # after the decoder's last layer: linear, or sigmoid for data in [0, 1]
    loss: str = "mse"  # reconstruction error: mse (squared, the PCA objective) or l1 (absolute)
    optimizer: str = "adam"  # adam, or sgd (plain gradient descent, no momentum)
    lr: float = 0.01  # learning rate (step size)
    epochs: int = 200  # passes over the whole data set
    batch_size: int = 0  # samples per update: 0 = all (batch GD), 1 = stochastic GD, else mini-batch
    seed: int = 0  # seeds the initial weights and the shuffling: same seed, same run
    scaling: str = "standardize"  # inside the model: standardize (z-scores), center, or none

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        problems = []
        if self.input_dim < 1:
            problems.append(f"input size must be positive, got {self.input_dim}")
        if self.latent_dim < 1:
            problems.append(f"the bottleneck needs at least 1 unit, got {self.latent_dim}")
        if any(h < 1 for h in self.hidden):
            problems.append(f"hidden layer sizes must be positive, got {list(self.hidden)}")
        for name, value, allowed in (
            ("activation", self.activation, ACTIVATIONS),
            ("output activation", self.output_activation, OUTPUT_ACTIVATIONS),
            ("loss", self.loss, LOSSES),
            ("optimiser", self.optimizer, OPTIMIZERS),
            ("scaling", self.scaling, SCALINGS),
        ):
            if value not in allowed:
                problems.append(f"{name} must be one of {', '.join(allowed)}, got '{value}'")
        if not (self.lr > 0 and np.isfinite(self.lr)):
            problems.append(f"the learning rate must be positive, got {self.lr}")
        if self.epochs < 0 or self.batch_size < 0:
            problems.append("epochs and batch size cannot be negative")
        problems += _budget_problems(self)
        if self.output_activation == "sigmoid" and self.scaling != "none":
            problems.append("a sigmoid output reaches only (0, 1): use scaling 'none' with data in [0, 1]")
        if problems:
            raise AnalysisError("Invalid autoencoder settings: " + "; ".join(problems) + ".")

    @property
    def is_linear(self) -> bool:
        """Linear encoder and decoder: the case in which the model can only learn PCA's subspace."""
        return self.activation == "linear" and self.output_activation == "linear"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["hidden"] = list(self.hidden)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "AutoencoderConfig":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise AnalysisError(f"Unknown autoencoder settings: {', '.join(sorted(unknown))}.")
        try:
            return cls(**{**data, "hidden": tuple(data.get("hidden", ()))})
        except TypeError as exc:
            raise AnalysisError(f"Incomplete autoencoder settings: {exc}.") from exc


def parameter_count(config: "AutoencoderConfig") -> int:
    """Trainable numbers of the model ``config`` describes, computed without building it."""
    sizes = [max(config.input_dim, 0), *(max(w, 0) for w in (*config.hidden, config.latent_dim))]
    # Encoder weights and biases, then the mirrored decoder's (its biases have the encoder's input sizes).
    return 2 * sum(a * b for a, b in zip(sizes, sizes[1:])) + sum(sizes[1:]) + sum(sizes[:-1])


def _budget_problems(config: "AutoencoderConfig") -> list[str]:
    """Layer sizes and the parameter count against the resource budget (checked before any allocation)."""
    from analysis import budget

    plan = budget.current()
    widths = [*config.hidden, config.latent_dim]
    problems = []
    if max(widths, default=0) > plan.hidden_units:
        problems.append(
            f"a layer of {max(widths):,} units is more than the limit of {plan.hidden_units:,} "
            f"(set {budget.env_name('hidden_units')} to raise it)"
        )
    parameters = parameter_count(config)
    if parameters > plan.model_parameters:
        problems.append(
            f"the model would have {parameters:,} parameters, more than the limit of {plan.model_parameters:,} "
            f"(set {budget.env_name('model_parameters')} to raise it)"
        )
    return problems


def _activation(name: str) -> nn.Module:
    return {"linear": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[name]()


class Autoencoder(nn.Module):
    """Encoder ``input → hidden… → latent`` and mirrored decoder, with the input scaling built in.

    ``forward`` works in the scaled space (what training sees); ``encode``/``reconstruct`` take raw
    samples, so a saved model is self-contained.
    """

    def __init__(self, config: AutoencoderConfig):
        super().__init__()
        self.config = config
        sizes = [config.input_dim, *config.hidden, config.latent_dim]
        encoder: list[nn.Module] = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            encoder += [nn.Linear(a, b), _activation(config.activation)]
        decoder: list[nn.Module] = []
        back = sizes[::-1]
        for i, (a, b) in enumerate(zip(back[:-1], back[1:])):
            last = i == len(back) - 2
            decoder += [nn.Linear(a, b), _activation(config.output_activation if last else config.activation)]
        self.encoder = nn.Sequential(*encoder)
        self.decoder = nn.Sequential(*decoder)
        # Saved with the weights (buffers are in the state_dict) so raw data can be fed back in.
        self.register_buffer("offset", torch.zeros(config.input_dim))
        self.register_buffer("scale", torch.ones(config.input_dim))

    def forward(self, scaled: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(scaled))

    def fit_scaling(self, data: torch.Tensor) -> None:
        """Set the offset/scale from training data (constant columns keep scale 1: nothing to scale)."""
        if self.config.scaling == "none":
            return
        self.offset.copy_(data.mean(dim=0))
        if self.config.scaling == "standardize":
            std = data.std(dim=0, unbiased=False)
            self.scale.copy_(torch.where(std > 1e-8, std, torch.ones_like(std)))

    def to_scaled(self, raw: torch.Tensor) -> torch.Tensor:
        return (raw - self.offset) / self.scale

    def from_scaled(self, scaled: torch.Tensor) -> torch.Tensor:
        return scaled * self.scale + self.offset

    def encode(self, raw: torch.Tensor) -> torch.Tensor:
        return self.encoder(self.to_scaled(raw))

    def reconstruct(self, raw: torch.Tensor) -> torch.Tensor:
        return self.from_scaled(self.forward(self.to_scaled(raw)))


def _loss_fn(name: str) -> nn.Module:
    return nn.MSELoss() if name == "mse" else nn.L1Loss()


# On the CPU, PyTorch's fused Adam parallelises every step over OpenMP threads. For a small model
# (the digits AE has 322 weights) each step is microseconds of arithmetic and the thread hand-off
# dominates: on 2 busy cores one stochastic-GD epoch over 2,000 digits took 12.5 s fused against
# 0.8 s with the default (foreach) Adam. Above this many parameters (the 3072 → 200 CIFAR network
# has 1.2 M) the fused kernel wins (0.93 s against 1.73 s per 5,000-image epoch), so it is kept there.
FUSED_CPU_MIN_PARAMETERS = 100_000


@contextlib.contextmanager
def _small_model_threads(model: nn.Module, device: str) -> Iterator[None]:
    """Thread settings while a model trains or is checked on the CPU; the old settings afterwards.

    Two thread pools sized to all cores — torch's OpenMP and numpy/scipy's OpenBLAS (loaded by the
    embedding and PCA code) — spin-wait for each other on 2 busy cores: the lesson's 400-epoch linear
    AE on the digits took 51–64 s, one thread took 2.2 s on the same machine. Training needs no BLAS,
    so BLAS gets one thread always; a small model (a step is microseconds of arithmetic) also gets
    one torch thread, while a large one (the CIFAR network) keeps torch's threads for its products.
    """
    if device.split(":")[0] != "cpu":
        yield
        return
    from threadpoolctl import threadpool_limits

    small = sum(p.numel() for p in model.parameters()) < FUSED_CPU_MIN_PARAMETERS
    before = torch.get_num_threads()
    # A large model keeps half the cores (at least one), leaving the rest to the server and other
    # sessions: on 2 shared cores one thread trained the CIFAR network faster than two (14.5 s vs 41 s).
    torch.set_num_threads(1 if small else max(1, min(before, (os.cpu_count() or 2) // 2)))
    try:
        with threadpool_limits(1, user_api="blas"):
            yield
    finally:
        torch.set_num_threads(before)


def _make_optimizer(config: AutoencoderConfig, params, device: str) -> torch.optim.Optimizer:
    params = list(params)
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=config.lr)
    kind = device.split(":")[0]
    large = sum(p.numel() for p in params) >= FUSED_CPU_MIN_PARAMETERS
    if kind == "cuda" or (kind == "cpu" and large):
        # The fused kernel updates all parameters in one call (see FUSED_CPU_MIN_PARAMETERS for the CPU).
        try:
            return torch.optim.Adam(params, lr=config.lr, fused=True)
        except (RuntimeError, TypeError):  # a torch build without it: the default is just as correct
            pass
    return torch.optim.Adam(params, lr=config.lr)


def _tensor(x: np.ndarray, device: str) -> torch.Tensor:
    """``x`` on ``device``; read-only arrays (shared embedding matrices) are copied, never written."""
    return torch.from_numpy(x if x.flags.writeable else x.copy()).to(device)


def _as_data(data: np.ndarray, input_dim: int | None = None) -> np.ndarray:
    x = np.asarray(data, dtype=np.float32)
    if x.ndim != 2 or len(x) == 0:
        raise AnalysisError(f"Training data must be a non-empty matrix (samples × features), got shape {x.shape}.")
    if input_dim is not None and x.shape[1] != input_dim:
        raise AnalysisError(f"The model expects {input_dim} features per sample, the data has {x.shape[1]}.")
    if not np.isfinite(x).all():
        raise AnalysisError("The data has NaN or infinite values.")
    return x


class Trainer:
    """Owns one model, its optimiser, its data on the device and the loss history.

    ``train(epochs)`` may be called again to continue (the page trains across reruns this way);
    a ``StopRequested`` raised by the progress callback ends training after the current epoch and
    keeps everything learnt so far.
    """

    def __init__(
        self,
        data: np.ndarray,
        config: AutoencoderConfig,
        device: str = "cpu",
        *,
        labels: np.ndarray | None = None,
        name: str = "",
        context: object = None,
    ):
        x = _as_data(data, config.input_dim)
        self.config = config
        self.device = device
        self.name = name  # what the data is, for display ("digits 8×8")
        self.labels = None if labels is None else np.asarray(labels)
        self.context = context  # anything the caller keeps with the model (the page: how to draw a sample)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(config.seed)
            self.model = Autoencoder(config)
        self.model.to(device)
        raw = _tensor(x, device)
        with torch.no_grad():
            self.model.fit_scaling(raw)
            self.data = self.model.to_scaled(raw)  # what training sees; raw is not kept twice
        self.optimizer = _make_optimizer(config, self.model.parameters(), device)
        self.loss_fn = _loss_fn(config.loss)
        self.shuffle = torch.Generator().manual_seed(config.seed)  # CPU generator: same order on any device
        # _losses[0]: before training; _losses[e]: after epoch e. In full-batch training the entry
        # for the latest epoch is filled in by the next epoch's forward pass (see ``train``).
        self._losses: list[float] = [self.full_loss()]
        self.epoch_seconds: list[float] = []
        self.stopped = False

    @property
    def epochs_done(self) -> int:
        return len(self.epoch_seconds)

    @property
    def losses(self) -> list[float]:
        """Full-data loss before training (index 0) and after each epoch."""
        if len(self._losses) == self.epochs_done:  # the last epoch's loss is not measured yet
            self._losses.append(self.full_loss())
        return self._losses

    @property
    def final_loss(self) -> float:
        return self.losses[-1]

    @property
    def seconds_per_epoch(self) -> float:
        """Median wall time of one epoch (robust to the first epoch's warm-up and to a busy machine)."""
        return float(np.median(self.epoch_seconds)) if self.epoch_seconds else float("nan")

    @property
    def samples(self) -> int:
        return int(self.data.shape[0])

    @torch.no_grad()
    def full_loss(self) -> float:
        """The configured loss over the whole data set (scaled space)."""
        return float(self.loss_fn(self.model(self.data), self.data))

    def set_target_epochs(self, epochs: int) -> None:
        """Change how many epochs ``train()`` runs up to (e.g. to continue a finished model)."""
        self.config = replace(self.config, epochs=max(int(epochs), self.epochs_done))

    def train(self, epochs: int | None = None, progress: ProgressFn | None = None) -> "Trainer":
        """Run ``epochs`` more epochs (default: up to ``config.epochs`` in total) and return self.

        The model has no dropout or batch norm, so train/eval modes are never switched.
        """
        with _small_model_threads(self.model, self.device):
            return self._train(epochs, progress)

    def _train(self, epochs: int | None, progress: ProgressFn | None) -> "Trainer":
        todo = self.config.epochs - self.epochs_done if epochs is None else int(epochs)
        n = self.samples
        batch = n if self.config.batch_size in (0,) or self.config.batch_size >= n else self.config.batch_size
        self.stopped = False
        try:
            self._run_epochs(todo, n, batch, progress)
        except torch.cuda.OutOfMemoryError:
            from analysis.device import out_of_memory_message

            if torch.cuda.is_available():
                torch.cuda.empty_cache()  # give the memory back so the app (and other sessions) go on
            smaller = max(1, (batch if batch < n else n) // 4)
            raise AnalysisError(out_of_memory_message(
                "training the autoencoder", f"a batch size of {smaller:,} or smaller hidden layers"
            )) from None
        return self

    def _run_epochs(self, todo: int, n: int, batch: int, progress: ProgressFn | None) -> None:
        for number in range(1, max(todo, 0) + 1):
            start = time.perf_counter()
            if batch == n:
                self.optimizer.zero_grad(set_to_none=True)
                loss = self.loss_fn(self.model(self.data), self.data)
                if len(self._losses) == self.epochs_done:
                    # This forward pass already is the full-data loss after the previous epoch:
                    # record it rather than pay for a separate evaluation pass.
                    self._losses.append(float(loss.detach()))
                loss.backward()
                self.optimizer.step()
            else:
                # Shuffle once per epoch and walk contiguous slices of the shuffled copy (views:
                # no per-step gather), then measure the loss on all data for an honest curve.
                shuffled = self.data[torch.randperm(n, generator=self.shuffle).to(self.device)]
                for first in range(0, n, batch):
                    chunk = shuffled[first : first + batch]
                    self.optimizer.zero_grad(set_to_none=True)
                    loss = self.loss_fn(self.model(chunk), chunk)
                    loss.backward()
                    self.optimizer.step()
                self._losses.append(self.full_loss())  # also synchronises a GPU: honest epoch times
            self.epoch_seconds.append(time.perf_counter() - start)
            latest = self._losses[-1]
            if not np.isfinite(latest):
                raise AnalysisError(f"Training diverged at epoch {self.epochs_done} (loss is {latest}); lower the learning rate.")
            try:
                report(progress, number / todo, f"epoch {self.epochs_done} · loss {latest:.5g}")
            except StopRequested:
                self.stopped = True
                break

    # --- views of the trained model ------------------------------------------------------------------
    @torch.no_grad()
    def encode(self, raw: np.ndarray | None = None) -> np.ndarray:
        """Latent codes of ``raw`` samples (default: the training data)."""
        scaled = self.data if raw is None else self.model.to_scaled(_tensor(_as_data(raw, self.config.input_dim), self.device))
        return self.model.encoder(scaled).double().cpu().numpy()

    @torch.no_grad()
    def reconstruct(self, raw: np.ndarray) -> np.ndarray:
        """Reconstructions of ``raw`` samples, in the raw data's units."""
        x = _tensor(_as_data(raw, self.config.input_dim), self.device)
        return self.model.reconstruct(x).double().cpu().numpy()

    @torch.no_grad()
    def raw_rows(self, rows: np.ndarray | Sequence[int]) -> np.ndarray:
        """Training samples by row number as float32, in the raw data's units (only the scaled copy is kept)."""
        index = torch.as_tensor(np.asarray(rows, dtype=np.int64), device=self.device)
        return self.model.from_scaled(self.data[index]).float().cpu().numpy()

    def scaled_data(self) -> np.ndarray:
        return self.data.double().cpu().numpy()

    @torch.no_grad()
    def reconstruction_mse(self) -> float:
        """Mean squared error per entry in the scaled space (the space PCA is compared in)."""
        return float(torch.mean((self.model(self.data) - self.data) ** 2))


def train_autoencoder(data: np.ndarray, config: AutoencoderConfig, device: str = "cpu", progress: ProgressFn | None = None, **kw) -> Trainer:
    """Build a ``Trainer`` and train for ``config.epochs`` (shortcut for scripts and the CLI)."""
    return Trainer(data, config, device, **kw).train(progress=progress)


# --- linear autoencoder = PCA ---------------------------------------------------------------------------
def decoder_matrix(model: Autoencoder, at: torch.Tensor | None = None) -> np.ndarray:
    """The decoder's d × k matrix: exact for a linear decoder, its Jacobian at ``at`` otherwise.

    A linear decoder is ``x̂ = D z + b`` however many layers it has, and the Jacobian is ``D``; for a
    non-linear one it is the best linear description near the code ``at`` (default: zero).
    """
    k = model.config.latent_dim
    param = next(model.parameters())
    point = torch.zeros(k, device=param.device, dtype=param.dtype) if at is None else at.to(param)
    jacobian = torch.autograd.functional.jacobian(model.decoder, point)
    return jacobian.detach().double().cpu().numpy().reshape(model.config.input_dim, k)


def principal_angles_deg(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Principal angles (degrees, smallest first) between the column spans of ``a`` and ``b``."""
    from scipy.linalg import subspace_angles

    return np.sort(np.degrees(subspace_angles(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))))


@dataclass(frozen=True)
class PcaCheck:
    """How close a trained autoencoder is to PCA with the same k."""

    k: int  # bottleneck size = number of principal components compared
    angles_deg: list[float]  # principal angles between the decoder's span and the top-k PCs, smallest first
    ae_mse: float  # autoencoder reconstruction MSE per entry (scaled space)
    pca_mse: float  # PCA rank-k reconstruction MSE per entry on the same data — the floor for any linear AE
    linear: bool  # True for a linear encoder/decoder, where angles near 0° are expected

    @property
    def relative_gap(self) -> float:
        """(AE error − PCA error) / PCA error: 0.02 means 2 % worse than PCA."""
        return self.ae_mse / self.pca_mse - 1 if self.pca_mse > 0 else float("nan")


def linear_pca_check(trainer: Trainer) -> PcaCheck:
    """Principal angles between decoder span and PCA subspace, and both reconstruction errors."""
    with _small_model_threads(trainer.model, trainer.device):
        return _linear_pca_check(trainer)


def _linear_pca_check(trainer: Trainer) -> PcaCheck:
    scaled = trainer.scaled_data()
    k = trainer.config.latent_dim
    if k > min(scaled.shape):
        raise AnalysisError(f"k = {k} exceeds the data's rank bound {min(scaled.shape)}.")
    reference = pca(scaled, k)
    mean_code = torch.from_numpy(trainer.encode().mean(axis=0))
    decoder = decoder_matrix(trainer.model, mean_code)
    angles = principal_angles_deg(decoder, reference.components.T)
    residual = scaled - reference.inverse_transform(reference.coords)
    return PcaCheck(k, [float(a) for a in angles], trainer.reconstruction_mse(), float(np.mean(residual**2)), trainer.config.is_linear)


# --- experiments for the lecture --------------------------------------------------------------------------
@dataclass(frozen=True)
class VariantRun:
    """One gradient-descent variant trained on the same data from the same initial weights."""

    variant: str  # "batch", "stochastic" or "mini-batch"
    batch_size: int  # samples per update
    updates_per_epoch: int  # optimiser steps in one pass over the data
    losses: list[float]  # full-data loss before training and after each epoch
    seconds_per_epoch: float  # median wall time of one epoch


def compare_gd_variants(
    data: np.ndarray,
    config: AutoencoderConfig,
    device: str = "cpu",
    *,
    epochs: int = 20,
    mini_batch: int = 128,
    max_samples: int = 3000,
    progress: ProgressFn | None = None,
) -> list[VariantRun]:
    """Batch, stochastic (batch size 1) and mini-batch gradient descent on the same samples.

    Every run starts from the same weights (same seed) and records the full-data loss after each
    epoch, so the curves are directly comparable. Stochastic GD does one update per sample, so
    ``max_samples`` (a seeded random subset, the same for all three) keeps it affordable.
    """
    x = _as_data(data, config.input_dim)
    if len(x) > max_samples:
        rows = np.sort(np.random.default_rng(config.seed).choice(len(x), max_samples, replace=False))
        x = x[rows]
    runs = []
    variants = (("batch", 0), ("stochastic", 1), ("mini-batch", mini_batch))
    for i, (name, batch) in enumerate(variants):
        def sub(fraction: float, message: str, i=i, name=name) -> None:
            report(progress, (i + fraction) / len(variants), f"{name}: {message}")

        trainer = Trainer(x, replace(config, batch_size=batch, epochs=epochs), device).train(progress=sub)
        size = len(x) if batch == 0 else min(batch, len(x))
        runs.append(VariantRun(name, size, -(-len(x) // size), list(trainer.losses), trainer.seconds_per_epoch))
    return runs


@dataclass(frozen=True)
class KComparison:
    k: int  # bottleneck size
    autoencoder_mse: float  # trained autoencoder's reconstruction MSE per entry (scaled space)
    pca_mse: float  # PCA's rank-k reconstruction MSE on the same data
    seconds: float  # training time of this autoencoder


def reconstruction_error_over_k(
    data: np.ndarray,
    config: AutoencoderConfig,
    ks: Sequence[int],
    device: str = "cpu",
    progress: ProgressFn | None = None,
) -> list[KComparison]:
    """Train one autoencoder per k (else the same settings) and compare with PCA at that k."""
    x = _as_data(data, config.input_dim)
    ks = sorted({int(k) for k in ks})
    limit = min(x.shape)
    if not ks or ks[0] < 1 or ks[-1] > limit:
        raise AnalysisError(f"Choose k between 1 and {limit}.")
    results: list[KComparison] = []
    for i, k in enumerate(ks):
        def sub(fraction: float, message: str, i=i, k=k) -> None:
            report(progress, (i + fraction) / len(ks), f"k = {k}: {message}")

        trainer = Trainer(x, replace(config, latent_dim=k), device)
        started = time.perf_counter()
        trainer.train(progress=sub)
        check = linear_pca_check(trainer)
        results.append(KComparison(k, check.ae_mse, check.pca_mse, time.perf_counter() - started))
        if trainer.stopped:
            break
    return results


# --- save / load ----------------------------------------------------------------------------------------
def save_model(trainer_or_model: Trainer | Autoencoder, metadata: dict | None = None) -> bytes:
    """A zip archive with ``config.json`` (settings + metadata) and ``state_dict.pt`` (weights only)."""
    model = trainer_or_model.model if isinstance(trainer_or_model, Trainer) else trainer_or_model
    info = dict(metadata or {})
    if isinstance(trainer_or_model, Trainer):
        info.setdefault("epochs_trained", trainer_or_model.epochs_done)
        info.setdefault("final_loss", trainer_or_model.final_loss)
        info.setdefault("data", trainer_or_model.name)
    weights = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, weights)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("config.json", json.dumps({"format": FORMAT_VERSION, "config": model.config.as_dict(), "metadata": info}, indent=2))
        zf.writestr("state_dict.pt", weights.getvalue())
    return archive.getvalue()


def load_model(source: bytes | str | Path, device: str = "cpu") -> tuple[Autoencoder, dict]:
    """Rebuild a model saved by ``save_model``; weights are read with ``torch.load(weights_only=True)``.

    Returns the model (in eval mode, on ``device``) and the saved metadata.
    """
    raw = Path(source).expanduser().read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    if len(raw) > MAX_MODEL_BYTES:
        raise AnalysisError(f"The model file is larger than {MAX_MODEL_BYTES >> 20} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            if not {"config.json", "state_dict.pt"} <= names:
                raise AnalysisError("Not a saved autoencoder: the archive needs config.json and state_dict.pt.")
            if sum(i.file_size for i in zf.infolist()) > 4 * MAX_MODEL_BYTES or zf.getinfo("config.json").file_size > 1 << 20:
                raise AnalysisError("The model archive unpacks to an implausible size; refused.")
            header = json.loads(zf.read("config.json"))
            config = _saved_config(header)  # the settings (and the budget) are checked before the weights
            # float32 weights take 4 bytes each; torch's zip container adds a few KB per tensor.
            plausible = 4 * parameter_count(config) + (1 << 20)
            if zf.getinfo("state_dict.pt").file_size > plausible:
                raise AnalysisError("The saved weights are far larger than the saved settings need; refused.")
            weights = zf.read("state_dict.pt")
    except zipfile.BadZipFile as exc:
        raise AnalysisError("Not a saved autoencoder (expected the .zip written by 'Save model').") from exc
    except json.JSONDecodeError as exc:
        raise AnalysisError(f"config.json is not valid JSON: {exc}.") from exc
    try:
        state = torch.load(io.BytesIO(weights), map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - weights_only refuses anything but tensors; say so plainly
        raise AnalysisError(f"The weights could not be read safely: {exc}") from exc
    model = Autoencoder(config)
    try:
        model.load_state_dict(state, strict=True)
    except (RuntimeError, TypeError, AttributeError) as exc:
        raise AnalysisError(f"The weights do not fit the saved settings: {exc}") from exc
    return model.to(device).eval(), dict(header.get("metadata") or {})


def _saved_config(header: object) -> AutoencoderConfig:
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION or not isinstance(header.get("config"), dict):
        raise AnalysisError("config.json does not describe an autoencoder of this version.")
    return AutoencoderConfig.from_dict(header["config"])


def trainer_from_model(model: Autoencoder, data: np.ndarray, device: str = "cpu", **kw) -> Trainer:
    """A ``Trainer`` around a loaded model (keeps its scaling), to view it on data or train further.

    ``kw`` are ``Trainer``'s keyword arguments (labels, name, context).
    """
    trainer = Trainer(data, model.config, device, **kw)
    with torch.no_grad():
        trainer.model.load_state_dict(model.state_dict())
        raw = _tensor(_as_data(data, model.config.input_dim), device)
        trainer.data = trainer.model.to_scaled(raw)
    trainer._losses = [trainer.full_loss()]
    return trainer


__all__ = [
    "ACTIVATIONS",
    "AutoencoderConfig",
    "Autoencoder",
    "Trainer",
    "train_autoencoder",
    "decoder_matrix",
    "principal_angles_deg",
    "PcaCheck",
    "linear_pca_check",
    "VariantRun",
    "compare_gd_variants",
    "KComparison",
    "reconstruction_error_over_k",
    "save_model",
    "load_model",
    "trainer_from_model",
]
