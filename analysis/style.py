"""Figure style: one colour per outlet everywhere, sizes that hold from 5 to 50 outlets, one save function.

Outlets are ranked by article count (then name); the first :data:`MAX_COLOURS` get a colour of Paul
Tol's colour-blind-safe "muted" scheme, the rest share grey, and figures that cannot show every
outlet show the top ones and group the rest (:func:`top_outlets`). Every figure is saved as PNG
and SVG beside the CSV of exactly what it plots (:func:`save_figure`), byte-stable.

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"outlet": ["Reuters", "RT", "Reuters", "AP"]})
    >>> palette = outlet_palette(arts)
    >>> palette["Reuters"], list(palette)
    ('#CC6677', ['Reuters', 'AP', 'RT'])
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from . import io  # noqa: E402

# Paul Tol's "muted" qualitative scheme (colour-blind safe), then grey for every further outlet.
TOL_MUTED = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
OTHER_COLOUR = "#BBBBBB"
MAX_COLOURS = len(TOL_MUTED)
TOP_OUTLETS = 12
OTHER_OUTLETS = "other outlets"
TEXT_COLOUR = "#222222"
DPI = 110

plt.rcParams.update({"svg.hashsalt": "framing-analysis", "font.size": 9, "axes.titlesize": 10,
                     "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False})


def outlet_ranking(articles: pd.DataFrame, *, column: str = "outlet") -> list[str]:
    """Outlets by article count (most first), ties by name."""
    if column not in articles or articles.empty:
        return []
    counts = articles[column].fillna("").astype(str).value_counts()
    counts = counts[counts.index != ""]
    return sorted(counts.index, key=lambda o: (-counts[o], o))


def outlet_palette(articles: pd.DataFrame, *, column: str = "outlet") -> dict[str, str]:
    """Outlet -> colour, the same in every figure of a build: the top outlets coloured, the rest grey."""
    ranked = outlet_ranking(articles, column=column)
    return {o: (TOL_MUTED[i] if i < MAX_COLOURS else OTHER_COLOUR) for i, o in enumerate(ranked)}


def top_outlets(articles: pd.DataFrame, *, n: int = TOP_OUTLETS, column: str = "outlet") -> list[str]:
    """The ``n`` outlets with the most articles (the rest are grouped as :data:`OTHER_OUTLETS` by figures)."""
    return outlet_ranking(articles, column=column)[:n]


def outlets_shown(articles: pd.DataFrame, shown: list[str], *, grouped: bool = False, column: str = "outlet") -> str:
    """What a figure's title says about the outlets it leaves out ("" when it shows them all): the figures show
    the outlets with the most articles, and the rest either grouped (``grouped``) or only in the tables.

    Example:
        >>> arts = pd.DataFrame({"outlet": ["A", "A", "B", "C"]})
        >>> outlets_shown(arts, ["A", "B"]), outlets_shown(arts, ["A"], grouped=True), outlets_shown(arts, ["A", "B", "C"])
        ('the 2 of 3 outlets with the most articles; every outlet is in data/processed', "the 1 of 3 outlets with the most articles; 2 more as 'other outlets'", '')
    """
    total = len(outlet_ranking(articles, column=column))
    if len(shown) >= total:
        return ""
    rest = f"{total - len(shown)} more as '{OTHER_OUTLETS}'" if grouped else "every outlet is in data/processed"
    return f"the {len(shown)} of {total} outlets with the most articles; {rest}"


def titled(title: str, note: str) -> str:
    """``title`` with ``note`` on a line of its own when there is one.

    Example:
        >>> titled("Tone", ""), titled("Tone", "2 of 3 outlets shown")
        ('Tone', 'Tone\\n(2 of 3 outlets shown)')
    """
    return f"{title}\n({note})" if note else title


def group_other(values: pd.Series, keep: list[str]) -> pd.Series:
    """``values`` with every outlet not in ``keep`` replaced by :data:`OTHER_OUTLETS`."""
    return values.where(values.isin(keep), OTHER_OUTLETS)


def wrap(label: str, width: int = 28) -> str:
    """A long label over several lines at word boundaries, at most three lines.

    Example:
        >>> wrap("Government: United States of America and its allies", 20)
        'Government: United\\nStates of America\\nand its allies'
    """
    words, lines, line = str(label).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: width - 1] + "\u2026"
    return "\n".join(lines)


def grid_size(n_rows: int, n_cols: int, *, cell_w: float = 0.55, cell_h: float = 0.32,
              min_w: float = 5.0, min_h: float = 2.2, max_w: float = 16.0, max_h: float = 22.0) -> tuple[float, float]:
    """A figure size (inches) for a grid of ``n_rows`` x ``n_cols`` cells, within readable bounds."""
    width = min(max_w, max(min_w, 3.2 + cell_w * n_cols))
    height = min(max_h, max(min_h, 1.6 + cell_h * n_rows))
    return width, height


def save_figure(fig, data: pd.DataFrame, name: str, figures_dir: str | os.PathLike) -> Path:
    """Save ``fig`` as ``NAME.png`` and ``NAME.svg`` and ``data`` as ``NAME.csv``; close ``fig``; return the PNG path.

    Written atomically with the user's file mode; no timestamps or software tags, so the bytes
    depend on the data only.
    """
    figures_dir = Path(figures_dir)
    png = figures_dir / f"{name}.png"
    with io.atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    with io.atomic_path(figures_dir / f"{name}.svg") as tmp:
        fig.savefig(tmp, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    io.write_csv(data, figures_dir / f"{name}.csv")
    return png


def empty_figure(message: str, *, figsize=(6, 1.6)):
    """A figure that says plainly why there is nothing to plot."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, color=TEXT_COLOUR)
    return fig, ax
