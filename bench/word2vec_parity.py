"""Quality parity: Google analogies and WordSim353 of our PyTorch word2vec against gensim's, per seed.

    python bench/word2vec_parity.py gensim cbow            # seeds 1, 2, 3 on the bundled corpus
    python bench/word2vec_parity.py torch sg --batch-words 1000 --seeds 1,2,3
    python bench/word2vec_parity.py torch sg --corpus text8.txt --epochs 1

Same settings for both engines (d = 100, window 5, negative 5, min_count 5, sample 1e-3, one
thread); analogy accuracy on the covered Google questions, Spearman on the covered WordSim353 pairs.
The figures in docs/BENCHMARKS.md come from this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> int:
    from analysis.evaluate import evaluate_word_pairs
    from analysis.training import TrainingConfig, train_word2vec
    from analysis.word2vec_torch import TorchOptions, train_word2vec_torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=("gensim", "torch"))
    parser.add_argument("arch", choices=("cbow", "sg"))
    parser.add_argument("--corpus", default="default")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-words", type=int, default=None, help="torch: words per step (default: the trainer's)")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    print("engine arch batch seed seconds analogies% wordsim353x100")
    for seed in (int(s) for s in args.seeds.split(",")):
        config = TrainingConfig(sg=args.arch == "sg", epochs=args.epochs, workers=1, seed=seed)
        if args.engine == "torch":
            result = train_word2vec_torch(args.corpus, config, TorchOptions(device=args.device, batch_words=args.batch_words))
            batch = result.options.batch_words
        else:
            result, batch = train_word2vec(args.corpus, config), "-"
        pairs = evaluate_word_pairs(result.embeddings, "wordsim353", restrict_vocab=len(result.embeddings))
        print(args.engine, args.arch, batch, seed, f"{result.seconds:.1f}", f"{result.quality.accuracy * 100:.2f}", f"{pairs.spearman * 100:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
