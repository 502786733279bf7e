"""Subcommands ``info``, ``neighbors`` and ``train`` (issue: foundation)."""

from __future__ import annotations

import argparse

from analysis.cli import add_command, embeddings_from, output_path


def register(subparsers: argparse._SubParsersAction) -> None:
    add_command(subparsers, "info", _info, "name, source, dimensions, vocabulary size and content hash")
    p = add_command(subparsers, "neighbors", _neighbors, "nearest neighbours of a word by cosine similarity")
    p.add_argument("word")
    p.add_argument("--topn", type=int, default=10)
    register_train(subparsers)


def _info(args: argparse.Namespace):
    info = embeddings_from(args).info
    payload = info.as_dict()
    text = "\n".join(f"{k:>10}: {v}" for k, v in payload.items() if k != "notes")
    return payload, text


def _neighbors(args: argparse.Namespace):
    emb = embeddings_from(args)
    result = emb.neighbors(args.word, topn=args.topn)
    payload = [{"word": n.word, "score": n.score} for n in result]
    text = "\n".join(f"{n.score:8.4f}  {n.word}" for n in result)
    return payload, text


def register_train(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(subparsers, "train", _train, "train word2vec on gensim's bundled text or a corpus file")
    p.add_argument("--corpus", default="default", metavar="default|PATH", help="'default' or a UTF-8 text file, one document per line")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the vectors (word2vec format; .bin for binary)")
    p.add_argument("--sg", action="store_true", help="skip-gram instead of CBOW")
    p.add_argument("--vector-size", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=2, help="threads (1 = exactly reproducible)")
    p.add_argument("--engine", choices=("gensim", "torch"), default="gensim", help="gensim (CPU, the default) or the PyTorch trainer (GPU when present)")
    p.add_argument("--sample", type=float, default=1e-3, help="down-sampling threshold for frequent words (0 = off)")
    p.add_argument("--alpha", type=float, default=0.025, help="initial learning rate")
    p.add_argument("--min-alpha", type=float, default=0.0001, help="final learning rate (linear decay)")
    p.add_argument("--max-vocab-size", type=int, default=None, help="prune rare words while counting beyond this many (gensim's rule)")
    p.add_argument("--batch-words", type=int, default=None, help="torch: words per step (default: 10,000 for CBOW, 1,000 for skip-gram)")
    p.add_argument("--device", default=None, help="torch: cuda, mps or cpu (default: analysis.device.pick_device())")
    p.add_argument("--sync-every", type=int, default=1, help="torch under torchrun: steps between all-reduces of the table updates")


def _train(args: argparse.Namespace):
    from analysis.training import TrainingConfig, train_word2vec

    config = TrainingConfig(
        sg=args.sg, vector_size=args.vector_size, window=args.window, min_count=args.min_count,
        negative=args.negative, epochs=args.epochs, seed=args.seed, workers=args.workers,
        sample=args.sample, alpha=args.alpha, min_alpha=args.min_alpha, max_vocab_size=args.max_vocab_size,
    )
    target = output_path(args.out)
    if args.engine == "torch":
        from analysis.word2vec_torch import TorchOptions, train_word2vec_torch

        options = TorchOptions(device=args.device, batch_words=args.batch_words, sync_every=args.sync_every)
        result = train_word2vec_torch(args.corpus, config, options)
        if result.world_size > 1 and result.rank != 0:  # under torchrun only rank 0 writes and reports
            return {"rank": result.rank}, f"rank {result.rank} done"
        speed = f", {result.words_per_second:,.0f} words/s on {result.device}" + (f" × {result.world_size} ranks" if result.world_size > 1 else "")
    else:
        result = train_word2vec(args.corpus, config)
        speed = ""
    out = result.embeddings.save(target, binary=target.suffix == ".bin")
    payload = {"engine": "gensim"} | result.summary() | {"out": str(out)}
    q = result.quality
    text = (
        f"trained {config.label()} ({args.engine}) on {result.corpus.name} in {result.seconds:.1f} s{speed}\n"
        f"corpus: {result.corpus.documents:,} documents, {result.corpus.tokens:,} words, {result.corpus.vocabulary:,} distinct\n"
        f"vocabulary (min_count {config.min_count}): {result.embeddings.info.vocab_size:,} words\n"
        f"loss per epoch: {', '.join(f'{x:.0f}' for x in result.losses)}\n"
        + (f"Google analogies: {q.accuracy:.1%} ({q.correct} of {q.covered:,} covered questions; {q.total:,} in the set)\n" if q else "")
        + f"written to {out}"
    )
    return payload, text
