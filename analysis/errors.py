"""One exception type for every problem a user can fix (bad file, unknown word, bad option).

Pages show its message with ``st.error``; the CLI prints it as one sentence on stderr and exits 2.
Anything else that escapes is a bug, not a user error.
"""

from __future__ import annotations


class AnalysisError(ValueError):
    """A problem with the user's input, worded so it can be shown to them as is."""


class UnknownWordsError(AnalysisError, KeyError):
    """Some query words are not in the embedding's vocabulary.

    ``missing`` lists them in query order; ``suggestions`` maps each to near spellings that are.
    """

    def __init__(self, missing: list[str], suggestions: dict[str, list[str]] | None = None):
        self.missing = list(missing)
        self.suggestions = dict(suggestions or {})
        parts = []
        for word in self.missing:
            near = self.suggestions.get(word) or []
            parts.append(f"'{word}'" + (f" (did you mean {', '.join(near)}?)" if near else ""))
        super().__init__("Not in the vocabulary: " + "; ".join(parts) + ".")

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.args[0]
