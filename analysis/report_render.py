r"""Markdown and HTML writers of the report's blocks, with escaping of everything from outside.

Values in a ``Text`` and every table cell come from files or users (words, names, file names), so
they are escaped for the output format; only the catalogue template's **bold** and `code` become
markup. Charts: the HTML carries each as inline ``<svg>`` (rendered offline by vl-convert); the
Markdown, when asked for charts, embeds each SVG as a ``data:image/svg+xml;base64`` image, so the
report stays one file that needs nothing next to it and no network (GitHub's Markdown view drops
data URIs: use the HTML there).

    >>> print(md_escape("![x](http://x) <img src=http://x>"))
    \!\[x\](http://x) \<img src=http://x\>
    >>> html_escape("<b>*x*</b>")
    '&lt;b&gt;&#42;x&#42;&lt;/b&gt;'
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from typing import Any

from analysis.report import AuditReport, _t
from analysis.report_blocks import (
    Bullets,
    Figure,
    Heading,
    Paragraph,
    Table,
    Text,
    report_blocks,
)
from analysis.text import _LocalFormatter

# Characters that start markup inside a CommonMark/GFM line or table (links and images need [ ],
# tags < >, emphasis * _ ~, code `, entities &, cells |). Line-start markup (#, +, -) cannot occur:
# values never start a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~&])")


def _one_line(value: str) -> str:
    """Newlines in a value would start a new block (a heading, a list): fold them into spaces."""
    return re.sub(r"\s*[\r\n]+\s*", " ", value)


def md_escape(value: str) -> str:
    """A value as literal Markdown text: no link, image, HTML tag, emphasis or table break."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(value))


def html_escape(value: str) -> str:
    """A value as literal HTML text; * and ` too, so no template markup can be forged by a value."""
    return html.escape(_one_line(value)).replace("*", "&#42;").replace("`", "&#96;")


class _EscapingFormatter(_LocalFormatter):
    """The catalogue's str.format (numbers in the language's style) escaping each formatted value."""

    def __init__(self, escape: Callable[[str], str], lang: str):
        super().__init__(lang)
        self.escape = escape

    def format_field(self, value: Any, format_spec: str) -> str:
        return self.escape(super().format_field(value, format_spec))


def render_text(t: Text, lang: str, *, escape: Callable[[str], str], literal: Callable[[str], str] = lambda s: s) -> str:
    """The template's literal parts through ``literal``, its fields' values through ``escape``."""
    formatter = _EscapingFormatter(escape, lang)
    out = []
    for lit, name, spec, conversion in formatter.parse(t.template):
        out.append(literal(lit))
        if name is not None:
            value = formatter.get_field(name, (), t.values)[0]
            value = formatter.convert_field(value, conversion) if conversion else value
            out.append(formatter.format_field(value, formatter.vformat(spec or "", (), t.values)))
    return "".join(out)


def _md(t: Text, lang: str) -> str:
    return render_text(t, lang, escape=md_escape)


def _html(t: Text, lang: str) -> str:
    """Escaped text, then the template's **bold** and `code` as tags (values cannot contain them)."""
    out = render_text(t, lang, escape=html_escape, literal=html.escape)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out)


def _svgs(report: AuditReport, lang: str, charts: bool) -> dict[str, str]:
    if not charts:
        return {}
    from analysis.charts.report import chart_svgs

    return chart_svgs(report, lang)


def to_markdown(report: AuditReport, lang: str = "en", *, charts: bool = False) -> str:
    """The report as Markdown (what the page previews); ``charts=True`` embeds SVG data URIs."""
    svgs = _svgs(report, lang, charts)
    lines: list[str] = []
    for block in report_blocks(report, lang):
        if isinstance(block, Heading):
            lines += ["#" * block.level + " " + _md(block.text, lang), ""]
        elif isinstance(block, Paragraph):
            lines += [_md(block.text, lang), ""]
        elif isinstance(block, Bullets):
            lines += [f"- {_md(item, lang)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(md_escape(h) for h in block.headers) + " |")
            lines.append("|" + "---|" * len(block.headers))
            lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        elif isinstance(block, Figure) and block.key in svgs:
            data = base64.b64encode(svgs[block.key].encode("utf-8")).decode("ascii")
            lines += [f"![{md_escape(block.caption)}](data:image/svg+xml;base64,{data})", "", f"*{md_escape(block.caption)}*", ""]
    return "\n".join(lines)


# A4 print: no page break inside a table row or a figure, headings kept with what follows.
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
    "th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem}"
    "figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}"
    "@media print{@page{size:A4;margin:16mm 14mm}body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "h1,h2,h3{break-after:avoid;page-break-after:avoid}h2{margin-top:1.2rem}"
    "table,figure,tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
    "th,code{background:none}td,th{border-color:#999}}"
)


def to_html(report: AuditReport, lang: str = "en", *, charts: bool = True) -> str:
    """A self-contained HTML page: inline SVG charts, a print stylesheet, no scripts, no external resource."""
    svgs = _svgs(report, lang, charts)
    lang = lang if lang in ("en", "de") else "en"
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(_t('title', lang))}: {html_escape(report.embedding['name'])}</title>",
        f"<style>{STYLE}</style></head><body>",
    ]
    for block in report_blocks(report, lang):
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{_html(block.text, lang)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{_html(block.text, lang)}</p>")
        elif isinstance(block, Bullets):
            parts.append("<ul>" + "".join(f"<li>{_html(i, lang)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html_escape(h)}</th>" for h in block.headers)
            body = "".join("<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Figure) and block.key in svgs:
            parts.append(f'<figure class="chart" id="chart-{block.key}">{svgs[block.key]}<figcaption>{html_escape(block.caption)}</figcaption></figure>')
    parts.append("</body></html>")
    return "\n".join(parts)
