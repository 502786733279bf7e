"""Autoencoder training speed: epochs per second, ours (PyTorch) against scikit-learn in the same run.

    python bench/autoencoder.py                 # CPU: digits and 400k × 50 GloVe vectors (a few minutes)
    python bench/autoencoder.py --device cuda   # the same on a GPU, plus the CIFAR-sized 3072 → 200 case
    python bench/autoencoder.py --quick --out /tmp/figures
    python bench/autoencoder.py --threads 1      # both sides single-threaded (steadier on a busy machine)

The peer is scikit-learn's ``MLPRegressor`` fitted to reproduce its input (X → X): with one hidden
layer of k identity units it is exactly our linear autoencoder (input → k → input), trained with
Adam at the same learning rate and batch size, so epochs per second compare like with like.
Also timed: PCA on the 400k word vectors, ours (``analysis.projection.pca``) against
``sklearn.decomposition.PCA`` — the closed-form alternative to training at all.

Figures are printed and written to ``--out`` (default ``bench/results``) as JSON and Markdown.
Timing on a shared machine is noisy: epochs per second come from the median epoch time (first epoch
of each run left out) over ``--repeat`` runs; PCA times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from analysis.autoencoder import AutoencoderConfig, Trainer  # noqa: E402
from analysis.device import describe_device, pick_device  # noqa: E402
from analysis.images import load_digits  # noqa: E402
from analysis.projection import pca  # noqa: E402


def standardised(x: np.ndarray) -> np.ndarray:
    std = x.std(axis=0)
    return ((x - x.mean(axis=0)) / np.where(std > 1e-8, std, 1.0)).astype(np.float32)


def ours_epochs_per_second(data: np.ndarray, config: AutoencoderConfig, device: str, repeat: int) -> tuple[float, float]:
    """(epochs per second, final loss) from the median epoch time over ``repeat`` runs.

    The median of per-epoch times shrugs off the spikes a shared machine adds to some epochs; the
    first epoch of each run (CUDA context, kernel selection, allocator warm-up) is left out.
    """
    times: list[float] = []
    loss = float("nan")
    for _ in range(repeat):
        trainer = Trainer(data, config, device)
        trainer.train()
        if device == "cuda":
            torch.cuda.synchronize()
        times += trainer.epoch_seconds[1:]
        loss = trainer.final_loss
    return 1.0 / float(np.median(times)), loss


def sklearn_epochs_per_second(data: np.ndarray, k: int, lr: float, batch: int, epochs: int, repeat: int) -> tuple[float, float]:
    """The same for ``MLPRegressor``: each ``partial_fit`` call is one epoch (one pass in mini-batches)."""
    from sklearn.neural_network import MLPRegressor

    times: list[float] = []
    loss = float("nan")
    for _ in range(repeat):
        model = MLPRegressor(hidden_layer_sizes=(k,), activation="identity", solver="adam", learning_rate_init=lr, batch_size=batch, shuffle=True, alpha=0.0, random_state=0)
        for epoch in range(epochs):
            start = time.perf_counter()
            model.partial_fit(data, data)
            if epoch:
                times.append(time.perf_counter() - start)
        loss = float(model.loss_) * 2  # sklearn reports half the squared error: ×2 is the MSE
    return 1.0 / float(np.median(times)), loss


def best_seconds(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(device: str, quick: bool, repeat: int) -> list[dict]:
    rows: list[dict] = []

    def record(case: str, ours: float, peer: float, unit: str, peer_name: str, note: str = "") -> None:
        ratio = ours / peer if unit == "epochs/s" else peer / ours
        rows.append({"case": case, "device": device, "ours": ours, "peer": peer, "peer_name": peer_name, "unit": unit, "speed_ratio": ratio, "note": note})
        print(f"{case:<46} {device:>4}  ours {ours:10.3f} {unit:<8}  {peer_name} {peer:10.3f} {unit:<8}  → {ratio:6.2f}× {note}", flush=True)

    digits = standardised(load_digits().data)
    # Batch 1 is the lesson's stochastic GD: thousands of tiny optimiser steps per epoch, where any
    # per-step overhead (thread hand-offs of a fused CPU optimiser) shows at once.
    for batch, epochs in ((0, 300 if not quick else 60), (128, 40 if not quick else 10), (1, 4 if not quick else 3)):
        config = AutoencoderConfig(input_dim=64, latent_dim=2, lr=0.01, epochs=epochs, batch_size=batch, scaling="none")
        ours, ours_loss = ours_epochs_per_second(digits, config, device, repeat)
        peer_batch = len(digits) if batch == 0 else batch
        peer, peer_loss = sklearn_epochs_per_second(digits, 2, 0.01, peer_batch, epochs, repeat)
        record(f"digits 1797×64 → 2, batch {peer_batch}", ours, peer, "epochs/s", "MLPRegressor", f"(loss {ours_loss:.3f} vs {peer_loss:.3f})")

    from analysis.embeddings import load_default_glove

    words = np.asarray(load_default_glove().unit)
    if quick:
        words = words[:100_000]
    n = len(words)
    for batch, epochs in ((1024, 2 if quick else 3), (0, 5 if quick else 20)):
        config = AutoencoderConfig(input_dim=50, latent_dim=10, lr=0.01, epochs=epochs, batch_size=batch, scaling="none")
        ours, _ = ours_epochs_per_second(words, config, device, 1 if batch else repeat)
        if batch:  # sklearn's full-batch Adam on 400k rows is just as fair, but slow: mini-batch only
            peer, _ = sklearn_epochs_per_second(words, 10, 0.01, batch, epochs, 1)
            record(f"GloVe {n // 1000}k×50 → 10, batch {batch}", ours, peer, "epochs/s", "MLPRegressor")
        else:
            peer_time = best_seconds(lambda: pca(words, 10), repeat)
            record(f"GloVe {n // 1000}k×50 → 10, full batch", ours, 1.0 / peer_time, "epochs/s", "1/PCA-fit", "(epochs per one PCA fit's time)")

    ours_pca = best_seconds(lambda: pca(words, 10), repeat)
    from sklearn.decomposition import PCA

    peer_pca = best_seconds(lambda: PCA(10).fit_transform(words), repeat)
    record(f"PCA fit {n // 1000}k×50, k = 10", ours_pca, peer_pca, "s", "sklearn PCA")

    if device != "cpu" or not quick:
        # The lecture's CIFAR-10 network on CIFAR-sized random data (no download): 3072 → 200 → 3072.
        rows_cifar = 50_000 if device != "cpu" else 5_000
        images = np.random.default_rng(0).random((rows_cifar, 3072), dtype=np.float32)
        config = AutoencoderConfig(input_dim=3072, latent_dim=200, activation="relu", output_activation="sigmoid", scaling="none", lr=1e-3, epochs=3, batch_size=256)
        ours, _ = ours_epochs_per_second(images, config, device, 1)
        peer, _ = sklearn_epochs_per_second(images[:5_000], 200, 1e-3, 256, 2, 1)
        peer_per_row = peer * 5_000 / rows_cifar  # sklearn on a 5k subset, scaled to the same rows per epoch
        record(f"CIFAR-size {rows_cifar // 1000}k×3072 → 200 ReLU, batch 256", ours, peer_per_row, "epochs/s", "MLPRegressor*", "(*identity units, timed on 5k rows and scaled)")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default=None, help="cpu, cuda or mps (default: cpu, plus cuda when present)")
    parser.add_argument("--quick", action="store_true", help="smaller runs (100k words, fewer epochs)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    parser.add_argument("--threads", type=int, default=None, help="CPU threads for both sides (torch and BLAS); default: all")
    args = parser.parse_args()
    if args.threads:
        # Same thread budget for both sides. On a machine shared with other jobs, 1 thread avoids
        # OpenMP's spin-waiting, which can slow small-batch torch steps tenfold when cores are busy.
        from threadpoolctl import threadpool_limits

        torch.set_num_threads(args.threads)
        threadpool_limits(args.threads)
    devices = [pick_device(args.device)] if args.device else ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print(f"python {platform.python_version()}, torch {torch.__version__}, {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads")
    all_rows = []
    for device in devices:
        info = describe_device(device)
        print(f"\n== {device}: {info.name}")
        all_rows += run(device, args.quick, args.repeat)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = "-".join(devices)
    (out / f"autoencoder-{stamp}.json").write_text(json.dumps({"devices": devices, "rows": all_rows}, indent=2))
    lines = ["| case | device | ours | peer | ratio (×, >1 = ours faster) |", "|---|---|---|---|---|"]
    for r in all_rows:
        lines.append(f"| {r['case']} | {r['device']} | {r['ours']:.3f} {r['unit']} | {r['peer_name']}: {r['peer']:.3f} {r['unit']} | {r['speed_ratio']:.2f} |")
    (out / f"autoencoder-{stamp}.md").write_text("\n".join(lines) + "\n")
    print(f"\nfigures written to {out}/autoencoder-{stamp}.json and .md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
