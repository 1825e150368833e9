"""Figures: one palette, one save function, every plotted table saved beside its PNG.

Each figure function takes a tidy DataFrame, draws it, and saves
``figures/NAME.png`` together with ``figures/NAME.csv`` (the exact data that was
plotted), through :func:`save_figure`. PNGs are byte-stable: no timestamps or
software tags in their metadata.

Example:
    >>> outlet_color("Reuters")
    '#E69F00'
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from . import io  # noqa: E402

# Okabe-Ito colour-blind-safe palette: one colour per outlet, used by every figure.
OUTLET_COLORS = {
    "Reuters": "#E69F00",
    "AP": "#56B4E9",
    "AFP": "#0072B2",
    "Sputnik": "#009E73",
    "RT": "#D55E00",
    "The Washington Post": "#CC79A7",
}
_FALLBACK_COLORS = ["#F0E442", "#999999", "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77"]
OUTLET_ORDER = list(OUTLET_COLORS)


def outlet_color(outlet: str) -> str:
    """The outlet's colour; outlets outside the palette get a stable colour from their name."""
    if outlet in OUTLET_COLORS:
        return OUTLET_COLORS[outlet]
    digest = int(hashlib.sha256(str(outlet).encode("utf-8")).hexdigest(), 16)
    return _FALLBACK_COLORS[digest % len(_FALLBACK_COLORS)]


def order_outlets(outlets) -> list[str]:
    """Known outlets in the palette's order first, then the others alphabetically."""
    unique = sorted({str(o) for o in outlets if isinstance(o, str) and o})
    known = [o for o in OUTLET_ORDER if o in unique]
    return known + [o for o in unique if o not in OUTLET_COLORS]


def save_figure(fig, data: pd.DataFrame, name: str, figures_dir: str | os.PathLike) -> Path:
    """Save ``fig`` as ``NAME.png`` and ``data`` as ``NAME.csv`` in ``figures_dir``; close ``fig``.

    Returns the PNG path. Both files are written atomically.
    """
    figures_dir = Path(figures_dir)
    png = figures_dir / f"{name}.png"
    with io.atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    io.write_csv(data, figures_dir / f"{name}.csv")
    return png


def empty_figure(message: str, *, figsize=(6, 1.6)):
    """A figure that says plainly why there is nothing to plot."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return fig, ax
