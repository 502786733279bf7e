"""word2vec (skip-gram and CBOW, negative sampling) in PyTorch, with gensim's options and semantics.

Same options as ``analysis.training.TrainingConfig`` (gensim's names), same meaning:

* vocabulary: words seen ``min_count`` times or more (``max_vocab_size`` pruning while counting),
  most frequent first; the corpus is one memory-mapped int32 token array (``analysis.corpus_tokens``);
* ``sample``: word ``w`` with count ``c`` is kept with probability ``(sqrt(c/t) + 1) * t/c`` (capped
  at 1), ``t = sample * total``, drawn afresh per occurrence and epoch, before windows are formed;
* ``window``: gensim's reduced windows, each centre word draws ``b`` in ``[0, window)`` and uses
  ``window - b`` words on each side, never across a sentence;
* ``negative`` noise words per positive pair from ``count**0.75`` (a cumulative table and a binary
  search, as gensim), a noise word equal to the target is skipped; skip-gram predicts the centre
  word from each context word, CBOW from the mean of the context vectors (``cbow_mean=1``) and adds
  the error to every context vector; as in gensim, a pair whose score is beyond ±6 is not updated
  (and its loss is not counted);
* SGD with ``alpha`` decaying linearly to ``min_alpha`` over all epochs; input vectors start
  uniform in ``±1/vector_size`` (as gensim 4), output vectors at zero.

What differs from gensim is the schedule, not the model: instead of one pair at a time (Hogwild
threads), ``batch_words`` consecutive words are one step: their pairs and noise words are built on
the device with tensor ops and all updates of the step are summed into the tables (``index_add_``).
A window never crosses a step boundary (about ``window / batch_words`` of the pairs are lost).
With the same seed a run on the CPU gives the same vectors.

    >>> from analysis.training import TrainingConfig
    >>> from analysis.word2vec_torch import TorchOptions, train_word2vec_torch
    >>> result = train_word2vec_torch("default", TrainingConfig(epochs=1), TorchOptions(device="cpu"))  # doctest: +SKIP
    >>> result.embeddings.info.vocab_size > 9_000                                                       # doctest: +SKIP
    True
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from analysis import w2v_distributed as dist
from analysis.corpus_tokens import TokenCorpus, Vocabulary, tokenize_to_array
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, StopRequested, report
from analysis.training import (
    CorpusStats,
    TrainingConfig,
    TrainingResult,
    analogy_quality,
    validate_config,
)

_REPORT_SECONDS = 0.25  # how often the live words/s and loss are reported (each report syncs a GPU)
_NOISE_DOMAIN = 2**31 - 1  # gensim's cum_table resolution
_MAX_EXP = 6.0  # gensim's MAX_EXP: a pair whose score is beyond ±6 gets no update (and adds no loss)


@dataclass
class TorchOptions:
    """Options of the PyTorch engine that gensim does not have."""

    device: str | None = None  # "cuda", "mps" or "cpu"; None asks analysis.device.pick_device()
    batch_words: int | None = None  # words per step; None: 10,000 for CBOW, 1,000 for skip-gram (its ~6 pairs per word make steps 6x larger). Larger is faster on a GPU; too large loses quality (updates of frequent rows pile up within a step)
    sync_every: int = 1  # under torchrun: steps between all-reduces of the table updates (1 = every step)


@dataclass
class TorchTrainingResult(TrainingResult):
    """``TrainingResult`` plus what the PyTorch engine measures."""

    device: str = "cpu"  # where the tables lived
    words_per_second: float = 0.0  # corpus words (before down-sampling) trained per second, all ranks
    world_size: int = 1  # torch.distributed processes
    rank: int = 0  # this process's rank under torchrun (only rank 0 evaluates and writes)
    options: TorchOptions = field(default_factory=TorchOptions)

    def summary(self) -> dict:
        return super().summary() | {
            "engine": "torch",
            "device": self.device,
            "words_per_second": self.words_per_second,
            "world_size": self.world_size,
            "stopped": self.stopped,
            "options": asdict(self.options),
        }


@dataclass
class _Noise:
    """Per-word tables on the device: down-sampling keep probability and the noise distribution."""

    keep: object  # float32 tensor, probability of keeping each vocabulary word
    cumulative: object  # int64 tensor, gensim's cum_table over count**0.75
    total: int  # its last entry, kept on the host so drawing noise words never waits for the GPU


def keep_probabilities(counts: np.ndarray, sample: float) -> np.ndarray:
    """gensim's down-sampling: probability of keeping one occurrence of each word.

    >>> [round(float(p), 3) for p in keep_probabilities(np.array([1000, 10, 1]), 0.01)]
    [0.111, 1.0, 1.0]
    """
    counts = counts.astype(np.float64)
    if not sample:
        return np.ones_like(counts, dtype=np.float32)
    threshold = sample * counts.sum()
    return np.minimum(1.0, (np.sqrt(counts / threshold) + 1) * (threshold / counts)).astype(np.float32)


def noise_table(counts: np.ndarray, exponent: float = 0.75) -> np.ndarray:
    """gensim's ``cum_table``: cumulative ``count**exponent`` scaled to ``2**31 - 1``.

    >>> noise_table(np.array([16, 1])).tolist()
    [1908874353, 2147483647]
    """
    weights = counts.astype(np.float64) ** exponent
    return np.round(np.cumsum(weights) / weights.sum() * _NOISE_DOMAIN).astype(np.int64)


def train_word2vec_torch(
    source: str | Path = "default",
    config: TrainingConfig | None = None,
    options: TorchOptions | None = None,
    progress: ProgressFn | None = None,
    evaluate: bool = True,
) -> TorchTrainingResult:
    """Train word2vec with PyTorch on ``device``; under torchrun, on every rank (see w2v_distributed).

    Progress messages carry the live words per second and loss. A progress callback raising
    ``StopRequested`` ends training and returns what was trained so far (``stopped=True``).
    """
    import torch

    from analysis.device import pick_device

    config = config or TrainingConfig()
    options = options or TorchOptions()
    validate_config(config)
    if options.batch_words is None:
        options = replace(options, batch_words=1_000 if config.sg else 10_000)
    if options.batch_words < 2 or options.sync_every < 1:
        raise AnalysisError(f"batch_words must be at least 2 and sync_every at least 1, got {options.batch_words} and {options.sync_every}.")
    ctx, device = dist.init_from_env(pick_device(options.device))
    corpus = _prepare(source, config, ctx, progress)
    vocab = corpus.vocabulary(config.min_count)
    if len(vocab.words) < 2:
        raise AnalysisError(f"Only one word ({vocab.words[0]!r}) occurs {config.min_count} times or more; word2vec needs at least two. Use a longer corpus or lower min_count.")
    threads = torch.get_num_threads()
    if device == "cpu":
        torch.set_num_threads(config.workers)  # restored below: the app's other pages share the process
    try:
        trainer = _Trainer(corpus, vocab, config, options, ctx, device)
        trainer.run(progress)
    except torch.OutOfMemoryError:
        if device.startswith("cuda"):
            torch.cuda.empty_cache()
        raise AnalysisError(
            f"The GPU ran out of memory with batches of {options.batch_words:,} words; try a smaller batch, e.g. --batch-words {max(2, options.batch_words // 4):,}."
        ) from None
    finally:
        torch.set_num_threads(threads)
        dist.shutdown(ctx)  # the tables are identical on every rank now (synced after the last epoch)
    emb = trainer.embeddings(corpus.name)
    quality = None
    if evaluate and ctx.rank == 0 and not trainer.stopped:  # a stopped run's callback only raises again
        report(progress, 0.92, "evaluating on the Google analogy questions")
        quality = analogy_quality(emb)
    if not trainer.stopped:
        report(progress, 1.0, "done")
    stats = CorpusStats(corpus.name, corpus.documents, corpus.sentences, corpus.tokens, len(corpus.words), corpus.tokens_path)
    notes = [f"stopped after {trainer.fraction_done:.0%} of training"] if trainer.stopped else []
    return TorchTrainingResult(
        emb, config, stats, trainer.losses, trainer.seconds, quality, notes,
        device=device, words_per_second=trainer.words_per_second, world_size=ctx.world,
        stopped=trainer.stopped, fraction_trained=trainer.fraction_done if trainer.stopped else 1.0,
        options=options, rank=ctx.rank,
    )


def _prepare(source, config: TrainingConfig, ctx: dist.DistContext, progress: ProgressFn | None) -> TokenCorpus:
    """Rank 0 tokenises (or finds the cache); the other ranks then read the same cache files."""
    sub = lambda f, m: report(progress, 0.05 * f, m)
    corpus = tokenize_to_array(source, config.lowercase, config.max_vocab_size, progress=sub) if ctx.rank == 0 else None
    dist.barrier(ctx)
    return corpus or tokenize_to_array(source, config.lowercase, config.max_vocab_size)


class _Trainer:
    """The tables, the random stream and the step loop of one run (one rank)."""

    def __init__(self, corpus: TokenCorpus, vocab: Vocabulary, config: TrainingConfig, options: TorchOptions, ctx, device: str):
        import torch

        self.corpus, self.vocab, self.config, self.options, self.ctx, self.device = corpus, vocab, config, options, ctx, device
        self.words = vocab.words
        size, dims = len(vocab.words), config.vector_size
        init = torch.Generator().manual_seed(config.seed)  # same initial tables on every rank
        self.syn0 = ((torch.rand(size, dims, generator=init) * 2 - 1) / dims).to(device)  # gensim: uniform in ±1/vector_size
        self.syn1 = torch.zeros(size, dims, device=device)
        self.generator = torch.Generator(device=device).manual_seed(config.seed * 1_000_003 + ctx.rank)
        self.remap = torch.from_numpy(vocab.remap).to(device)
        table = noise_table(vocab.counts)
        self.noise = _Noise(
            torch.from_numpy(keep_probabilities(vocab.counts, config.sample)).to(device),
            torch.from_numpy(table).to(device),
            int(table[-1]),
        )
        self.sync = dist.TableSync(ctx, [self.syn0, self.syn1], options.sync_every)
        self.losses: list[float] = []
        self.seconds = 0.0
        self.words_per_second = 0.0
        self.fraction_done = 0.0
        self.stopped = False

    # --- the loop ---------------------------------------------------------------------------
    def run(self, progress: ProgressFn | None) -> None:
        import torch

        tokens, ends = self.corpus.token_array(), self.corpus.sentence_ends()
        lo, hi = dist.shard_bounds(len(tokens), self.ctx.rank, self.ctx.world)
        steps = dist.steps_per_epoch(len(tokens), self.ctx.world, self.options.batch_words)
        bounds = np.linspace(lo, hi, steps + 1).astype(np.int64)
        epochs, started = self.config.epochs, time.perf_counter()
        last_report, trained_words = started, 0
        with torch.no_grad():
            for epoch in range(epochs):
                loss = torch.zeros((), dtype=torch.float64, device=self.device)
                pairs = 0
                for step in range(steps):
                    done = (epoch + step / steps) / epochs
                    alpha = self.config.alpha - (self.config.alpha - self.config.min_alpha) * done
                    a, b = int(bounds[step]), int(bounds[step + 1])
                    step_loss, step_pairs = self._step(tokens, ends, a, b, alpha)
                    loss += step_loss
                    pairs += step_pairs
                    trained_words += b - a
                    self.sync.after_step(epoch * steps + step)
                    now = time.perf_counter()
                    if now - last_report >= _REPORT_SECONDS:
                        last_report = now
                        rate = trained_words * self.ctx.world / (now - started)
                        self.fraction_done = done
                        try:
                            report(progress, 0.05 + 0.85 * done, f"epoch {epoch + 1}/{epochs}: {rate / 1e6:.2f}M words/s, loss {float(loss) / max(1, pairs):.3f} per pair")
                        except StopRequested:
                            self._finish_epoch(float(loss), started, trained_words)
                            self.stopped = True
                            return
                self._finish_epoch(float(loss), started, trained_words)
                self.fraction_done = (epoch + 1) / epochs

    def _finish_epoch(self, loss: float, started: float, trained_words: int) -> None:
        self.sync.sync()
        loss, words = dist.all_sum(self.ctx, [loss, float(trained_words)], self.device)
        self.losses.append(loss)
        self.seconds = time.perf_counter() - started
        self.words_per_second = words / self.seconds if self.seconds else 0.0

    def _step(self, tokens: np.ndarray, ends: np.ndarray, a: int, b: int, alpha: float):
        """Train on tokens ``[a, b)``: filter, down-sample, form windows, update both tables."""
        import torch

        if b <= a:
            return torch.zeros((), dtype=torch.float64, device=self.device), 0
        device, gen = self.device, self.generator
        raw = torch.from_numpy(np.array(tokens[a:b], dtype=np.int64)).to(device)
        first, last = np.searchsorted(ends, [a, b - 1], side="right")
        local_ends = torch.from_numpy(np.array(ends[first : last + 1], dtype=np.int64)).to(device)
        sentence = torch.searchsorted(local_ends, torch.arange(a, b, device=device), right=True)
        ids = self.remap[raw]
        keep = ids >= 0
        keep &= torch.rand(ids.shape, generator=gen, device=device) < self.noise.keep[ids.clamp(min=0)]
        ids, sentence = ids[keep], sentence[keep]
        window = self.config.window
        reduced = window - torch.randint(0, window, ids.shape, generator=gen, device=device)
        centre, context = window_pairs(sentence, reduced, window)
        if centre.numel() == 0:
            return torch.zeros((), dtype=torch.float64, device=device), 0
        if self.config.sg:
            return self._skipgram(ids[context], ids[centre], alpha), int(centre.numel())
        return self._cbow(ids, centre, context, alpha), int(ids.numel())

    def _negatives(self, targets):
        import torch

        cumulative = self.noise.cumulative
        draws = torch.randint(0, self.noise.total, (targets.numel(), self.config.negative), generator=self.generator, device=self.device)
        return torch.searchsorted(cumulative, draws, right=True).clamp_(max=len(self.words) - 1)

    def _update(self, hidden, targets, alpha: float):
        """Negative-sampling SGD for rows ``hidden`` predicting ``targets``; returns (error, loss).

        ``error`` is what gensim calls ``neu1e``: the gradient step for the input vector(s).
        """
        import torch
        import torch.nn.functional as F

        negatives = self._negatives(targets)
        rows = torch.cat([targets[:, None], negatives], dim=1)  # (P, 1 + negative)
        out = self.syn1[rows]
        scores = torch.bmm(out, hidden.unsqueeze(2)).squeeze(2)
        valid = torch.ones_like(scores)
        valid[:, 1:] = (negatives != targets[:, None]).to(scores.dtype)  # gensim skips a noise word equal to the target
        valid *= (scores.abs() < _MAX_EXP).to(scores.dtype)  # and any pair whose score is saturated (|f| >= 6)
        label = torch.zeros_like(scores)
        label[:, 0] = 1.0
        g = (label - torch.sigmoid(scores)) * alpha * valid
        error = torch.bmm(g.unsqueeze(1), out).squeeze(1)
        flat = rows.reshape(-1)
        self.syn1.index_add_(0, flat, (g.unsqueeze(2) * hidden.unsqueeze(1)).reshape(-1, hidden.shape[1]))
        loss = -((F.logsigmoid(scores[:, 0]) * valid[:, 0]).sum() + (F.logsigmoid(-scores[:, 1:]) * valid[:, 1:]).sum())
        return error, loss.double()

    def _skipgram(self, inputs, targets, alpha: float):
        error, loss = self._update(self.syn0[inputs], targets, alpha)
        self.syn0.index_add_(0, inputs, error)
        return loss

    def _cbow(self, ids, centre, context, alpha: float):
        import torch

        n, dims = ids.numel(), self.config.vector_size
        hidden = torch.zeros(n, dims, device=self.device).index_add_(0, centre, self.syn0[ids[context]])
        count = torch.bincount(centre, minlength=n)
        has = torch.nonzero(count > 0).squeeze(1)
        hidden = hidden[has] / count[has].unsqueeze(1).to(hidden.dtype)
        error, loss = self._update(hidden, ids[has], alpha)
        full = torch.zeros(n, dims, device=self.device)
        full[has] = error
        self.syn0.index_add_(0, ids[context], full[centre])  # cbow_mean=1: every context word gets the whole error
        return loss

    def embeddings(self, corpus_name: str) -> Embeddings:
        label = self.config.label().replace("word2vec", "word2vec (PyTorch)")
        vectors = self.syn0.detach().to("cpu").numpy().astype(np.float32, copy=True)
        name = f"{label} on {corpus_name.split(' (')[0]}"
        return Embeddings(self.words, vectors, name=name, source=f"trained: {label} on {corpus_name}")


def window_pairs(sentence, reduced, window: int):
    """Index pairs ``(centre, context)`` of gensim's reduced windows, within one sentence.

    ``sentence`` holds each kept token's sentence number, ``reduced`` each centre word's window
    (``window - b``). Returns two index tensors into the kept tokens; one loop per offset, not per word.

    >>> import torch
    >>> c, x = window_pairs(torch.tensor([0, 0, 0, 1]), torch.tensor([1, 2, 1, 2]), 2)
    >>> sorted(zip(c.tolist(), x.tolist()))
    [(0, 1), (1, 0), (1, 2), (2, 1)]
    """
    import torch

    centres, contexts = [], []
    n = sentence.numel()
    for offset in range(1, min(window, n - 1) + 1):
        same = sentence[offset:] == sentence[:-offset]
        right = torch.nonzero(same & (reduced[:-offset] >= offset)).squeeze(1)  # centre i, context i + offset
        left = torch.nonzero(same & (reduced[offset:] >= offset)).squeeze(1)  # centre i + offset, context i
        centres += [right, left + offset]
        contexts += [right + offset, left]
    if not centres:
        empty = torch.zeros(0, dtype=torch.long, device=sentence.device)
        return empty, empty
    return torch.cat(centres), torch.cat(contexts)
