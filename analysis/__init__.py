"""The bias & embedding lab's library: pure Python, no Streamlit.

Everything the pages show is computed here, so a notebook or a script gets the same numbers::

    >>> from analysis.embeddings import load_embeddings
    >>> emb = load_embeddings("glove-6b-50d")
    >>> emb.neighbors("king", topn=3)[0].word
    'prince'
"""

from analysis.errors import AnalysisError

__all__ = ["AnalysisError"]
