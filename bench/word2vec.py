"""Words per second: the PyTorch word2vec trainer against gensim, same corpus, same settings, same run.

    python bench/word2vec.py                      # bundled corpus, skip-gram d=100, window 5, 5 negatives
    python bench/word2vec.py --corpus text8.txt --epochs 1 --batch-words 1000 100000
    python bench/word2vec.py --tiny               # Lee corpus, 1 epoch: checks the script (CI)

Both engines are timed on training only (gensim: ``Word2Vec.train`` after ``build_vocab``; ours:
the step loop after the token array exists), as corpus words (before down-sampling) x epochs per
second. gensim uses ``--workers`` threads; ours runs on the CPU with the same threads and, when
CUDA is available, on the GPU for each ``--batch-words`` (larger batches are faster and, for
skip-gram, lose quality: see docs/BENCHMARKS.md). Prints one table and writes word2vec.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def gensim_words_per_second(corpus_path: str, config) -> float:
    from gensim.models import Word2Vec

    from analysis.training import _StreamedCorpus, prepare_corpus

    stats = prepare_corpus(corpus_path, config.lowercase)
    model = Word2Vec(vector_size=config.vector_size, window=config.window, min_count=config.min_count, negative=config.negative,
                     sg=int(config.sg), seed=config.seed, workers=config.workers, sample=config.sample)
    model.build_vocab(_StreamedCorpus(stats.path, stats.sentences))
    started = time.perf_counter()
    model.train(_StreamedCorpus(stats.path, stats.sentences), total_examples=model.corpus_count, epochs=config.epochs)
    return stats.tokens * config.epochs / (time.perf_counter() - started)


def main(argv=None) -> int:
    from analysis.training import TrainingConfig
    from analysis.word2vec_torch import TorchOptions, train_word2vec_torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="default", help="'default' (gensim's bundled text) or a UTF-8 text file")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--cbow", action="store_true", help="CBOW instead of skip-gram")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-words", type=int, nargs="+", default=[1_000, 10_000, 100_000], help="GPU batch sizes to time")
    parser.add_argument("--tiny", action="store_true", help="Lee corpus (60k words), 1 epoch, CPU batch only")
    parser.add_argument("--out", default="bench/results", help="folder for word2vec.json")
    args = parser.parse_args(argv)
    import torch

    corpus = args.corpus
    if args.tiny:
        from gensim.test.utils import datapath

        corpus, args.epochs, args.batch_words = datapath("lee_background.cor"), 1, args.batch_words[:1]
    config = TrainingConfig(sg=not args.cbow, vector_size=100, window=5, negative=5, min_count=5, epochs=args.epochs, workers=args.workers)
    rows = []
    gensim_rate = gensim_words_per_second(corpus, config)
    rows.append({"engine": "gensim", "device": f"cpu ({args.workers} threads)", "batch_words": None, "words_per_second": gensim_rate})
    cpu = train_word2vec_torch(corpus, config, TorchOptions(device="cpu"), evaluate=False)
    rows.append({"engine": "torch", "device": f"cpu ({args.workers} threads)", "batch_words": cpu.options.batch_words, "words_per_second": cpu.words_per_second})
    if torch.cuda.is_available():
        train_word2vec_torch(corpus, config, TorchOptions(device="cuda", batch_words=args.batch_words[0]), evaluate=False)  # warm-up: CUDA context, kernels
        for batch in args.batch_words:
            gpu = train_word2vec_torch(corpus, config, TorchOptions(device="cuda", batch_words=batch), evaluate=False)
            rows.append({"engine": "torch", "device": torch.cuda.get_device_name(0), "batch_words": batch, "words_per_second": gpu.words_per_second})
    for row in rows:
        row["ratio_vs_gensim"] = row["words_per_second"] / gensim_rate
    arch = "CBOW" if args.cbow else "skip-gram"
    print(f"word2vec {arch} d=100 window 5 negative 5, {args.epochs} epoch(s) on {Path(str(corpus)).name}; {platform.processor() or platform.machine()}, torch {torch.__version__}")
    print(f"{'engine':<8} {'device':<28} {'batch':>8} {'words/s':>12} {'x gensim':>9}")
    for row in rows:
        batch = f"{row['batch_words']:,}" if row["batch_words"] else "-"
        print(f"{row['engine']:<8} {row['device']:<28} {batch:>8} {row['words_per_second']:>12,.0f} {row['ratio_vs_gensim']:>9.2f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "word2vec.json").write_text(json.dumps({"corpus": str(corpus), "architecture": arch, "epochs": args.epochs, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
