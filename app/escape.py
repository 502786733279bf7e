"""Text from outside (a URL, an upload, a file) shown as text, never as Markdown or HTML.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/
``success``, ``st.write`` of strings and headers. A word such as ``![x](http://evil/x.png)`` taken
from a shared link would make every visitor's browser load an outside image. ``plain`` puts a
backslash before every character Markdown (or Streamlit's ``:emoji:`` / ``:material/...:`` /
``$math$`` syntax) gives a meaning, so it renders as exactly the characters the user typed; ``<`` and
``>`` are escaped as well, so HTML stays text even where HTML would be allowed. The catalogue's own
Markdown (``**{word}**``) keeps working because only the *values* are escaped (see ``app.i18n.md``).

>>> plain("![x](http://evil/x.png)")
'\\\\!\\\\[x\\\\]\\\\(http\\\\://evil/x.png\\\\)'
>>> plain("king"), plain("-0.452"), plain("see www.evil.org")
('king', '-0.452', 'see www\\\\.evil.org')
"""

from __future__ import annotations

import re

# The ASCII punctuation that starts Markdown, GitHub-flavoured Markdown (tables, strikethrough, e-mail
# autolinks) or Streamlit syntax (":emoji:", ":material/icon:", "$math$") inside a line. Left alone on
# purpose: ".", ",", "-", "+", "%" — numbers such as "-0.452" or "+12.5%" stay readable as they are —
# and "_": names like n_users or my_vectors.txt are common and CommonMark never emphasises inside a
# word; a word wrapped in underscores may turn italic, which loads nothing and links nowhere.
_SPECIAL = re.compile(r"([\\`*{}\[\]()#!|<>~$:&@])")
# GFM turns "www.example.org" into a link even without "http://".
_WWW = re.compile(r"(?i)\b(www)\.")


def plain(value: object) -> str:
    """``value`` as a string that Markdown shows character for character."""
    text = str(value).replace("\r", " ").replace("\n", " ")  # a newline could start a heading or list
    text = _SPECIAL.sub(r"\\\1", text)
    return _WWW.sub(r"\1\\.", text)
