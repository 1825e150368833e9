"""Corpus figures: what is in the corpus and what cleaning removed.

Lens figures live in their lens modules; all of them save through
:func:`analysis.plots.save_figure` in the one outlet palette.

Example:
    >>> import pandas as pd, tempfile
    >>> arts = pd.DataFrame({"outlet": ["Reuters", "RT"], "date": ["2020-01-07", "2020-01-03"], "article_id": ["a", "b"]})
    >>> timeline_data(arts)[["date", "outlet", "n_articles"]].values.tolist()
    [['2020-01-03', 'RT', 1], ['2020-01-07', 'Reuters', 1]]
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from .plots import empty_figure, order_outlets, outlet_color, save_figure


def timeline_data(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per date and outlet (articles without a date counted as 'no date')."""
    frame = articles.assign(date=articles["date"].fillna("").replace("", "no date").astype(str))
    counts = frame.groupby(["date", "outlet"]).size().rename("n_articles").reset_index()
    return counts.sort_values(["date", "outlet"]).reset_index(drop=True)


def plot_timeline(articles: pd.DataFrame, figures_dir: str | Path, *, name: str = "corpus_timeline") -> Path:
    """Dots of articles by date and outlet, one colour per outlet."""
    data = timeline_data(articles)
    if data.empty:
        fig, _ = empty_figure("No articles to show.")
        return save_figure(fig, data, name, figures_dir)
    outlets = order_outlets(data["outlet"])
    dates = sorted(data["date"].unique())
    fig, ax = plt.subplots(figsize=(max(5, 0.9 * len(dates) + 2), 0.5 * len(outlets) + 1.5))
    for row in data.itertuples():
        y = outlets.index(row.outlet)
        x = dates.index(row.date)
        ax.scatter(x, y, s=120 * row.n_articles ** 0.5, color=outlet_color(row.outlet), zorder=3)
        ax.annotate(str(row.n_articles), (x, y), xytext=(8, 6), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_xticks(range(len(dates)), dates, rotation=30, ha="right")
    ax.set_ylim(-0.7, len(outlets) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Articles by date and outlet (number = articles)")
    return save_figure(fig, data, name, figures_dir)


def removal_data(removed_lines: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per source file and rule."""
    counts = removed_lines.groupby(["source_file", "rule"]).size().rename("n_lines").reset_index()
    return counts.sort_values(["source_file", "rule"]).reset_index(drop=True)


def plot_removals(removed_lines: pd.DataFrame, figures_dir: str | Path, *, name: str = "corpus_removed_lines") -> Path:
    """Stacked bars: how many lines each cleaning rule removed from each file."""
    data = removal_data(removed_lines)
    if data.empty:
        fig, _ = empty_figure("Cleaning removed nothing.")
        return save_figure(fig, data, name, figures_dir)
    wide = data.pivot(index="source_file", columns="rule", values="n_lines").fillna(0)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(wide) + 1.8))
    wide.plot.barh(stacked=True, ax=ax, colormap="tab20", width=0.7)
    ax.invert_yaxis()
    ax.set_xlabel("lines removed")
    ax.set_ylabel("")
    ax.legend(title="rule", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=7)
    ax.set_title("What cleaning removed from each page, by rule")
    return save_figure(fig, data, name, figures_dir)


def draw_corpus_figures(tables: dict[str, pd.DataFrame], figures_dir: str | Path) -> list[Path]:
    """The corpus figures of the report."""
    return [plot_timeline(tables["articles"], figures_dir), plot_removals(tables["removed_lines"], figures_dir)]
