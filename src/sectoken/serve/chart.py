"""The cap table's chart as inline SVG, drawn on the server (no script in the page): for each jurisdiction a
bar of its share of the supply and a bar of its holders, labelled, in the page's colours."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

__all__ = ["jurisdiction_chart"]

_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_ROW, _LABEL, _BAR, _GAP = 34, 210, 260, 40


def jurisdiction_chart(rows: Sequence[dict[str, Any]], *, title: str) -> Markup:
    """An SVG of the jurisdictions' shares of supply and holders.

    Args:
        rows: The cap table's ``by_country`` rows (``alpha2``, ``name``, ``share`` 0..1, ``holders``).
        title: The chart's accessible title.

    Returns:
        The ``<svg>`` element, safe to put in a template.
    """
    width = _LABEL + 2 * _BAR + _GAP + 120
    height = 44 + _ROW * max(len(rows), 1)
    most = max([int(row["holders"]) for row in rows] + [1])
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="chart-title">'),
        f'<title id="chart-title">{escape(title)}</title>',
        f'<text x="{_LABEL}" y="16" class="axis">% of supply</text>',
        f'<text x="{_LABEL + _BAR + _GAP}" y="16" class="axis">holders (investor identities)</text>',
    ]
    if not rows:
        parts.append(f'<text x="{_LABEL}" y="44" class="empty">no holdings yet</text>')
    for i, row in enumerate(rows):
        y = 28 + i * _ROW
        colour = _COLOURS[i % len(_COLOURS)]
        share = float(row["share"])
        holders = int(row["holders"])
        share_width = max(share * _BAR, 1.0)
        holders_width = max(holders / most * _BAR, 1.0)
        label = escape(f"{row['alpha2']} {row['name']}")
        parts += [
            f'<g class="row" data-country="{escape(str(row["alpha2"]))}">',
            f'<text x="{_LABEL - 8}" y="{y + 17}" text-anchor="end">{label}</text>',
            f'<rect x="{_LABEL}" y="{y + 4}" width="{share_width:.1f}" height="20" fill="{colour}"/>',
            f'<text x="{_LABEL + share_width + 4:.1f}" y="{y + 18}">{share * 100:.1f}%</text>',
            f'<rect x="{_LABEL + _BAR + _GAP}" y="{y + 4}" width="{holders_width:.1f}" height="20" fill="{colour}"/>',
            f'<text x="{_LABEL + _BAR + _GAP + holders_width + 4:.1f}" y="{y + 18}">{holders}</text>',
            "</g>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
