"""cadreplan: plans the training of government cadres against percentage targets.

The C++ library (``cadreplan._core``) with a notebook API, pandas in and out::

    import cadreplan
    sc = cadreplan.load("hagiang-2022")              # a file, a folder or a built-in name
    res = cadreplan.solve(sc, time_limit=60)         # strategy "optimal"; progress bar in a notebook
    res.report.S, res.report.lower_bound, res.plan   # S, its proven bound, the plan DataFrame
    more = sc.with_seats("master_d101", factor=1.2)  # what-ifs return new immutable scenarios
    cadreplan.compare({"base": sc, "+20%": more}, ["greedy", "optimal"])
    res.to_html("report.html", lang="vi")            # the self-contained HTML report

Errors: :class:`ScenarioError` (a ``ValueError`` with ``.problems``, ``.file``,
``.line``, ``.field``), :class:`PlanError`, :class:`OptionsError`,
:class:`SolveError` (a ``RuntimeError``).
"""
from __future__ import annotations

from . import _core
from .errors import Error, InputError, OptionsError, PlanError, Problem, ScenarioError, SolveError
from .plots import plot_attainment, plot_cost, plot_seats
from .progress import ProgressBar
from .report import write_report
from .scenario import Scenario, builtin_scenarios, generate, load
from .solving import (Evaluation, Explanation, Projection, Report, Result, SolveOptions, check, explain, project,
                      solve, strategies, why_not)
from .strategies import Strategy, compare
from .sweep import sweep

__version__ = _core.version()

__all__ = [
    "Error", "InputError", "OptionsError", "PlanError", "Problem", "ScenarioError", "SolveError",
    "Scenario", "load", "builtin_scenarios", "generate",
    "SolveOptions", "Report", "Evaluation", "Result", "Explanation", "Projection",
    "solve", "check", "project", "explain", "why_not", "strategies",
    "Strategy", "compare", "sweep",
    "plot_attainment", "plot_seats", "plot_cost", "write_report", "ProgressBar",
    "__version__",
]
