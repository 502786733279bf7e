"""How fast the embedded default is ready, against gensim loading the same vectors.

    python bench/load_default.py

Ours: ``load_default_glove()`` (.npy + parquet index → Embeddings with unit matrix and hash).
Peer, same run, same 400,000 × 50 vectors: gensim ``KeyedVectors.load_word2vec_format`` from
word2vec binary and from text (files written once to a temp folder), and gensim's own native
``KeyedVectors.load`` (a pickle + .npy, which we never accept from users but which is gensim's
fastest path). Also: one nearest-neighbour query, ours vs ``most_similar``.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gensim.models import KeyedVectors  # noqa: E402

from analysis.embeddings import load_default_glove  # noqa: E402
from analysis.formats import read_embedding_file  # noqa: E402
from bench.timing import best_of  # noqa: E402


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {platform.system()}, python {platform.python_version()}")
    ours, _ = best_of(load_default_glove)
    emb = load_default_glove()
    with tempfile.TemporaryDirectory() as tmp:
        binary, text, native = Path(tmp, "g.bin"), Path(tmp, "g.txt"), Path(tmp, "g.kv")
        emb.kv.save_word2vec_format(str(binary), binary=True)
        emb.kv.save_word2vec_format(str(text), binary=False)
        emb.kv.save(str(native))
        gensim_bin, _ = best_of(lambda: KeyedVectors.load_word2vec_format(str(binary), binary=True), 1)
        gensim_txt, _ = best_of(lambda: KeyedVectors.load_word2vec_format(str(text), binary=False), 1)
        gensim_native, _ = best_of(lambda: KeyedVectors.load(str(native)), 3)
        ours_bin, _ = best_of(lambda: read_embedding_file(binary), 1)
        ours_txt, _ = best_of(lambda: read_embedding_file(text), 1)
    print(f"default ready (ours, .npy+parquet):      {ours:6.2f} s")
    print(f"gensim load_word2vec_format binary:      {gensim_bin:6.2f} s   ratio {gensim_bin / ours:5.1f}x")
    print(f"gensim load_word2vec_format text:        {gensim_txt:6.2f} s   ratio {gensim_txt / ours:5.1f}x")
    print(f"gensim KeyedVectors.load (native):       {gensim_native:6.2f} s   ratio {gensim_native / ours:5.1f}x")
    print(f"ours reading word2vec binary (validated): {ours_bin:6.2f} s   vs gensim {gensim_bin / ours_bin:5.1f}x")
    print(f"ours reading word2vec text (validated):   {ours_txt:6.2f} s   vs gensim {gensim_txt / ours_txt:5.1f}x")

    words = emb.words[100:300]
    emb.kv.most_similar("king")  # warm gensim's norms
    ours_q = statistics.median(best_of(lambda w=w: emb.neighbors(w, topn=10), 1)[0] for w in words)
    theirs_q = statistics.median(best_of(lambda w=w: emb.kv.most_similar(w, topn=10), 1)[0] for w in words)
    print(f"one neighbour query (median of 200): ours {ours_q * 1e3:.1f} ms, gensim {theirs_q * 1e3:.1f} ms, ratio {theirs_q / ours_q:.1f}x")


if __name__ == "__main__":
    main()
