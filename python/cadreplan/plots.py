"""Matplotlib figures of a solved plan (for notebooks).

The same three pictures as the HTML report (which draws them in C++ as inline
SVG): attainment per target over the years (required vs baseline vs planned,
from ``cadreplan::projection::attainment``), seat use per program-year, and
cost per year against the budget. Figures are built without pyplot (no global
state; safe in threads) and display in Jupyter as the value of a cell.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, List, Optional

import numpy as np

from . import _core
from .errors import OptionsError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .solving import Result

__all__ = ["plot_attainment", "plot_seats", "plot_cost"]

REQUIRED, BASELINE, PLANNED = "#d62728", "#8c8c8c", "#1f77b4"
SEATS, USED, SPENT, BUDGET = "#c6dbef", "#2171b5", "#31a354", "#ff7f0e"


def _indices(ids: List[str], chosen: Optional[List[str]], what: str) -> List[int]:
    """Positions of the chosen ids (all when None); OptionsError for an unknown one."""
    if not chosen:
        return list(range(len(ids)))
    if isinstance(chosen, str):
        chosen = [chosen]
    unknown = [c for c in chosen if c not in ids]
    if unknown:
        raise OptionsError(f"unknown {what} {unknown[0]!r} (known: {', '.join(ids)})")
    return [ids.index(c) for c in chosen]


def _grid(n: int, ncols: int, width: float = 4.2, height: float = 2.8):
    from matplotlib.figure import Figure

    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes


def plot_attainment(result: "Result", targets: Optional[List[str]] = None, ncols: int = 3) -> "Figure":
    """Per target: the share of its group achieving it at the end of each year, with no training
    (baseline, dashed), under the plan (solid), and the share required at each checkpoint (diamonds)."""
    sc = result.scenario
    ids = sc.target_ids
    chosen = _indices(ids, targets, "target")
    base = _core.attainment(sc._core, _core.Plan())
    plan = _core.attainment(sc._core, result._core.plan)
    years = np.arange(sc.start, sc.end + 1)
    checkpoints = result.evaluation.checkpoints
    fig, axes = _grid(len(chosen), ncols)
    for ax, t in zip(axes, chosen):
        for series, colour, style, label in ((base, BASELINE, "--", "baseline"), (plan, PLANNED, "-", "planned")):
            n = series["members"][t].astype(float)
            a = series["achieved"][t].astype(float)
            share = np.where(n > 0, 100.0 * a / np.where(n > 0, n, 1), np.nan)
            ax.plot(years, share, style, color=colour, marker="o", markersize=3, label=label)
        # Required at each checkpoint: ceil(p * n) as rules::check computes it (exact decimals).
        for row in checkpoints[checkpoints["target_id"] == ids[t]].itertuples():
            req = 100.0 * row.required / row.n if row.n else 100.0 * row.share
            ax.plot([int(row.year)], [req], "D", color=REQUIRED, markersize=7, label="required")
        ax.set_title(ids[t], fontsize=10)
        ax.set_ylim(0, 105)
        ax.set_ylabel("% of group")
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    fig.legend(unique.values(), unique.keys(), loc="outside lower center", ncols=3)
    fig.suptitle(f"{sc.name}: attainment per target")
    return fig


def plot_seats(result: "Result", programs: Optional[List[str]] = None, ncols: int = 3) -> "Figure":
    """Per program: the seats available and the starts under the plan, per year."""
    sc = result.scenario
    use = _core.resource_use(sc._core, result._core.plan)
    ids = sc.program_ids
    chosen = _indices(ids, programs, "program")
    years = np.arange(sc.start, sc.end + 1)
    fig, axes = _grid(len(chosen), ncols)
    for ax, k in zip(axes, chosen):
        ax.bar(years, use["seats"][k], color=SEATS, width=0.8, label="seats")
        ax.bar(years, use["used"][k], color=USED, width=0.45, label="used")
        ax.set_title(ids[k], fontsize=10)
        ax.set_xticks(years)
        ax.tick_params(axis="x", labelsize=7, rotation=45)
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2)
    fig.suptitle(f"{sc.name}: seat use per program and year")
    return fig


def plot_cost(result: "Result") -> "Figure":
    """Spending per year (the cost per year of every enrollment in progress) against the budget cap."""
    from matplotlib.figure import Figure

    sc = result.scenario
    use = _core.resource_use(sc._core, result._core.plan)
    years = np.arange(sc.start, sc.end + 1)
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.bar(years, use["spent"], color=SPENT, width=0.6, label="spent")
    budget = np.asarray(use["budget"], dtype=float)
    if np.isfinite(budget).any():
        ax.hlines(budget, years - 0.4, years + 0.4, colors=BUDGET, linewidth=3, label="budget")
    ax.set_xticks(years)
    ax.set_ylabel("cost")
    ax.grid(axis="y", alpha=0.3)
    ax.legend()
    ax.set_title(f"{sc.name}: cost per year")
    return fig
