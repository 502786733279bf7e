"""torch.distributed for the word2vec trainer: process group, shards, and consistent tables.

Under ``torchrun --nproc-per-node N`` (``WORLD_SIZE`` > 1 in the environment) every process is a
rank: it reads its own contiguous shard of the token array, trains both tables locally, and every
``sync_every`` steps the ranks all-reduce (sum) the *updates* they made since the last sync, so
the tables are identical on every rank again: ``table = snapshot + Σ_rank (table_rank - snapshot)``.
With ``sync_every=1`` this is an all-reduce of every step's updates (as consistent as one process
applying all ranks' batches at once); a larger value is periodic synchronisation, trading
staleness for communication (measured in docs/BENCHMARKS.md). NCCL is used on CUDA, gloo on the CPU.

Without ``WORLD_SIZE`` (or with 1) nothing is initialised and every function is a no-op.

    >>> shard_bounds(10, rank=1, world=3)
    (3, 6)
    >>> steps_per_epoch(10, world=3, batch_words=2)
    2
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DistContext:
    """Where this process stands in a torch.distributed run."""

    rank: int  # 0 .. world - 1; rank 0 writes results and prints
    world: int  # number of processes (1 without torchrun)
    backend: str  # "nccl", "gloo" or "" when not distributed

    @property
    def active(self) -> bool:
        return self.world > 1


def init_from_env(device: str) -> tuple[DistContext, str]:
    """Join the process group torchrun describes; return the context and this rank's device.

    On CUDA each rank uses GPU ``LOCAL_RANK``; the backend is NCCL there and gloo elsewhere.
    """
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return DistContext(0, 1, ""), device
    import torch
    import torch.distributed as dist

    if device == "cuda":
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        device = f"cuda:{local}"
    backend = "nccl" if device.startswith("cuda") else "gloo"
    if not dist.is_initialized():
        dist.init_process_group(backend=backend)
    return DistContext(dist.get_rank(), dist.get_world_size(), backend), device


def shard_bounds(tokens: int, rank: int, world: int) -> tuple[int, int]:
    """The contiguous slice ``[lo, hi)`` of the token array that ``rank`` trains on."""
    return tokens * rank // world, tokens * (rank + 1) // world


def steps_per_epoch(tokens: int, world: int, batch_words: int) -> int:
    """Steps every rank takes per epoch: the same on all ranks, so the collectives line up."""
    return max(1, math.ceil(math.ceil(tokens / world) / batch_words))


class TableSync:
    """Keeps tables identical across ranks by all-reducing the summed updates every few steps."""

    def __init__(self, ctx: DistContext, tables: list, every: int):
        self.ctx, self.tables, self.every = ctx, tables, max(1, every)
        self.snapshots = [t.clone() for t in tables] if ctx.active else []
        self.syncs = 0  # all-reduces done (each moves every table once)

    def after_step(self, step: int) -> None:
        if self.ctx.active and (step + 1) % self.every == 0:
            self.sync()

    def sync(self) -> None:
        if not self.ctx.active:
            return
        import torch.distributed as dist

        for table, snapshot in zip(self.tables, self.snapshots):
            delta = table - snapshot
            dist.all_reduce(delta, op=dist.ReduceOp.SUM)
            table.copy_(snapshot.add_(delta))  # snapshot becomes the new common state
        self.syncs += 1


def all_sum(ctx: DistContext, values: list[float], device: str) -> list[float]:
    """Sum a few numbers (loss, word counts) over the ranks."""
    if not ctx.active:
        return values
    import torch
    import torch.distributed as dist

    tensor = torch.tensor(values, dtype=torch.float64, device=device)
    dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
    return tensor.tolist()


def barrier(ctx: DistContext) -> None:
    if ctx.active:
        import torch.distributed as dist

        dist.barrier()


def shutdown(ctx: DistContext) -> None:
    if ctx.active:
        import torch.distributed as dist

        if dist.is_initialized():
            dist.destroy_process_group()
