"""Facts figures: for each outlet, the shared facts it carries and the central facts it leaves out.

Example:
    >>> import pandas as pd
    >>> cov = pd.DataFrame({"event": ["EV1", "EV1"], "outlet": ["AP", "RT"], "n_articles": [1, 1],
    ...                     "n_carried": [3, 1], "n_omitted": [0, 2], "n_unique": [0, 1]})
    >>> coverage_data(cov, ["AP", "RT"])[["outlet", "n_carried", "n_omitted"]].values.tolist()
    [['AP', 3, 0], ['RT', 1, 2]]
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...style import (
    OTHER_OUTLETS,
    empty_figure,
    group_other,
    outlets_shown,
    save_figure,
    titled,
    top_outlets,
)


def coverage_data(coverage: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    """Articles, shared facts carried, central facts left out and unique claims per outlet (top outlets, rest grouped)."""
    frame = coverage.assign(outlet=group_other(coverage["outlet"], outlets))
    sums = frame.groupby("outlet")[["n_articles", "n_carried", "n_omitted", "n_unique"]].sum().reset_index()
    rank = {o: i for i, o in enumerate(outlets + [OTHER_OUTLETS])}
    return sums.sort_values("outlet", key=lambda s: s.map(rank)).reset_index(drop=True)


def plot_coverage(coverage: pd.DataFrame, articles: pd.DataFrame, figures_dir: str | Path, *,
                  name: str = "facts_coverage") -> Path:
    """Per outlet: shared facts carried and central facts left out, per article (bars side by side)."""
    outlets = top_outlets(articles)
    data = coverage_data(coverage, outlets) if len(coverage) else pd.DataFrame()
    if data.empty:
        fig, _ = empty_figure("No event has two or more outlets: no facts to compare.")
        return save_figure(fig, data, name, figures_dir)
    data = data.assign(carried_per_article=(data["n_carried"] / data["n_articles"]).round(2),
                       omitted_per_article=(data["n_omitted"] / data["n_articles"]).round(2))
    y = np.arange(len(data))
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.3 * len(data)))
    ax.barh(y - 0.2, data["carried_per_article"], height=0.4, color="#44AA99", label="shared facts carried")
    ax.barh(y + 0.2, data["omitted_per_article"], height=0.4, color="#CC6677", label="central facts left out")
    ax.set_yticks(y, [f"{o} (n={n})" for o, n in zip(data["outlet"], data["n_articles"])])
    ax.invert_yaxis()
    ax.set_xlabel("per article in multi-outlet events")
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(titled("Facts each outlet carries and leaves out", outlets_shown(articles, outlets, grouped=True)))
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables, figures_dir) -> list[Path]:
    return [plot_coverage(tables["fact_coverage"], tables["articles"], figures_dir)]
