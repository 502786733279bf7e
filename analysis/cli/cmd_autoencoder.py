"""Subcommand ``autoencoder``: train an autoencoder and compare it with PCA (issue 6).

    python -m analysis autoencoder --data digits --latent 2 --json
    python -m analysis autoencoder --data words --latent 2 --top-n 10000 --activation tanh --json
    python -m analysis autoencoder --data ~/cifar-10-batches-py --latent 200 --batch-size 256 --epochs 20 --json

prints ``{"final_loss", "pca_loss", "principal_angles_deg", "device", "seconds_per_epoch", …}``:
the training loss after the last epoch, PCA's reconstruction error at the same k on the same
(scaled) data, the principal angles between the decoder's span and the top-k principal
components, the device and the median time per epoch — the numbers the Autoencoder page shows.
"""

from __future__ import annotations

import argparse
import sys

from analysis.autoencoder import ACTIVATIONS, LOSSES, OPTIMIZERS, SCALINGS, AutoencoderConfig, linear_pca_check, save_model, train_autoencoder
from analysis.cli import add_command, embeddings_from
from analysis.device import resolve_device
from analysis.errors import AnalysisError
from analysis.images import DEFAULT_MAX_SAMPLES, load_image_source


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(subparsers, "autoencoder", _autoencoder, "train an autoencoder on digits, word vectors or image files and compare it with PCA")
    p.add_argument("--data", default="digits", metavar="digits|words|PATH", help="scikit-learn digits (default), the top words of --embeddings, or a local MNIST IDX / CIFAR-10 / .npz / .npy path")
    p.add_argument("--latent", type=int, required=True, metavar="K", help="bottleneck size k")
    p.add_argument("--activation", choices=ACTIVATIONS, default="linear")
    p.add_argument("--epochs", type=int, default=400, metavar="N")
    p.add_argument("--batch-size", type=int, default=0, metavar="N", help="0 = full batch (default), 1 = stochastic, else mini-batch")
    p.add_argument("--seed", type=int, default=0, metavar="N")
    p.add_argument("--lr", type=float, default=0.02, help="learning rate (default 0.02)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    p.add_argument("--loss", choices=LOSSES, default="mse")
    p.add_argument("--hidden", default="", metavar="SIZES", help="hidden layer sizes, e.g. '128,64' (default: none)")
    p.add_argument("--scaling", choices=SCALINGS, default="standardize")
    p.add_argument("--top-n", type=int, default=10_000, metavar="N", help="with --data words: how many of the most frequent words")
    p.add_argument("--max-samples", type=int, default=DEFAULT_MAX_SAMPLES, metavar="N", help="images read from a file at most")
    p.add_argument("--device", default=None, help="cuda, mps or cpu (default: automatic, or $LAB_DEVICE)")
    p.add_argument("--save", default=None, metavar="PATH", help="write the trained model (.zip: state_dict + JSON config)")


def _hidden(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(",", " ").split())
    except ValueError as exc:
        raise AnalysisError(f"--hidden takes sizes like '128,64', got '{text}'.") from exc


def _load(args: argparse.Namespace):
    if args.data == "words":
        from analysis.projection import word_matrix

        emb = embeddings_from(args)
        matrix, _ = word_matrix(emb, args.top_n)
        return matrix, f"top {len(matrix):,} words of {emb.info.name} (unit vectors)"
    images = load_image_source(args.data, max_samples=args.max_samples)
    return images.data, images.name


def _terminal_progress(fraction: float, message: str) -> None:
    print(f"\r{fraction:6.1%}  {message:<50}", end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)


def _autoencoder(args: argparse.Namespace):
    save = None
    if args.save:  # checked before training, so a typo does not cost the whole run
        from pathlib import Path

        save = Path(args.save).expanduser()
        if save.is_dir() or not save.parent.is_dir():
            raise AnalysisError(f"--save {save}: give a file name in an existing folder.")
    device, device_note = resolve_device(args.device)  # an unknown name exits 2 before any work
    if device_note:
        print(f"note: {device_note}", file=sys.stderr)
    data, name = _load(args)
    if args.latent > min(data.shape):
        raise AnalysisError(f"--latent {args.latent} is larger than the data allows (at most {min(data.shape)}: {data.shape[0]} samples × {data.shape[1]} features).")
    config = AutoencoderConfig(
        input_dim=int(data.shape[1]),
        latent_dim=args.latent,
        hidden=_hidden(args.hidden),
        activation=args.activation,
        loss=args.loss,
        optimizer=args.optimizer,
        lr=args.lr,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        scaling=args.scaling,
    )
    progress = _terminal_progress if sys.stderr.isatty() else None
    trainer = train_autoencoder(data, config, device, progress=progress, name=name)
    check = linear_pca_check(trainer)
    if save is not None:
        try:
            save.write_bytes(save_model(trainer))
        except OSError as exc:
            raise AnalysisError(f"Could not write the model to {save}: {exc.strerror or exc}.") from exc
    payload = {
        "final_loss": trainer.final_loss,
        "pca_loss": check.pca_mse,
        "principal_angles_deg": check.angles_deg,
        "device": device,
        "device_note": device_note,  # why the device differs from the one asked for (None: it does not)
        "seconds_per_epoch": trainer.seconds_per_epoch,
        "loss": config.loss,
        "autoencoder_mse": check.ae_mse,
        "latent": config.latent_dim,
        "epochs": trainer.epochs_done,
        "samples": trainer.samples,
        "dims": config.input_dim,
        "data": name,
    }
    angles = ", ".join(f"{a:.2f}°" for a in check.angles_deg)
    text = "\n".join(
        [
            f"data: {name} — {trainer.samples:,} samples × {config.input_dim}, k = {config.latent_dim}, {config.activation}, device {device}",
            f"final loss ({config.loss}): {trainer.final_loss:.6g}   autoencoder MSE: {check.ae_mse:.6g}   PCA MSE at k = {config.latent_dim}: {check.pca_mse:.6g} ({check.relative_gap:+.2%})",
            f"principal angles between decoder span and top-{config.latent_dim} PCs: {angles}",
            f"{trainer.epochs_done} epochs, {trainer.seconds_per_epoch * 1000:.2f} ms per epoch (median)",
        ]
    )
    return payload, text
