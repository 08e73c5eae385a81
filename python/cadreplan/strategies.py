"""Custom strategies in Python, and side-by-side comparisons.

Subclass :class:`Strategy` and return a plan DataFrame from ``solve``; the plan
goes through the same C++ ``solve_with`` path as the built-in strategies, so it
is scored by the one checker (``rules::check``), timed the same way, and
rejected the same way when it breaks a rule.
"""
from __future__ import annotations

import hashlib
import re
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core
from .errors import SolveError
from .scenario import Scenario
from .solving import Result, SolveOptions, _scenario, _to_plan, check

__all__ = ["Strategy", "compare", "COMPARE_COLUMNS"]

COMPARE_COLUMNS = ["scenario", "strategy", "S", "C", "bound", "gap", "seconds", "status", "valid", "enrollments",
                   "plan_digest"]


class Strategy:
    """An allocation strategy written in Python.

    Subclass it and implement :meth:`solve`. Set ``name`` (default: the class name in
    snake_case) and ``description``. ``solve`` may also return ``(plan, info)`` where
    ``info`` may set ``status`` (``optimal``/``feasible``), ``lower_bound`` (a proven
    lower bound on S), ``cost_lower_bound`` and ``log`` (``{name: value}``).

    Example::

        class EveryoneKnowledgeUpdate(cadreplan.Strategy):
            def solve(self, scenario, options):
                ids = scenario.roster["id"][:100]
                return pd.DataFrame({"cadre_id": ids, "program_id": "knowledge_update",
                                     "start_year": scenario.start})
    """

    name: Optional[str] = None
    description: str = ""

    def solve(self, scenario: Scenario, options: SolveOptions) -> Union[pd.DataFrame, Tuple[pd.DataFrame, Dict[str, Any]]]:
        """Proposes a plan for ``scenario``: a DataFrame with cadre_id, program_id, start_year."""
        raise NotImplementedError(f"{type(self).__name__}.solve is not implemented")

    def strategy_name(self) -> str:
        """``name``, or the class name in snake_case."""
        if self.name:
            return str(self.name)
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()

    def __repr__(self) -> str:
        return f"<cadreplan.Strategy {self.strategy_name()}>"


def run_custom(scenario: Scenario, strategy: Strategy, options: SolveOptions) -> Tuple[Result, Any]:
    """Runs a Python strategy through the C++ solve path (``solve_with`` + ``rules::check``).

    Returns (Result, the C++ plan it proposed). Raises :class:`SolveError` when the plan breaks a
    rule, with ``exc.plan`` (the proposed plan, a DataFrame) and ``exc.evaluation``.
    """
    proposed: Dict[str, Any] = {}

    def propose():
        out = strategy.solve(scenario, options)
        info = None
        if isinstance(out, tuple):
            if len(out) != 2:
                raise TypeError(f"strategy '{options.strategy}' returned a tuple of {len(out)}; "
                                "a strategy returns a plan DataFrame or (plan, info)")
            out, info = out
            if info is not None and not isinstance(info, Mapping):
                raise TypeError(f"strategy '{options.strategy}' returned info of type {type(info).__name__}; "
                                "info is a dict (status, lower_bound, cost_lower_bound, log)")
        plan = _to_plan(scenario, out)
        proposed["plan"] = plan
        proposed["frame"] = out
        return plan if info is None else (plan, dict(info))

    try:
        core = _core.solve_custom(scenario._core, propose, options.strategy, strategy.description,
                                  float(options.time_limit), int(options.threads), int(options.seed))
    except SolveError as e:
        if "plan" in proposed:
            e.plan = proposed["frame"]
            e.evaluation = check(scenario, proposed["plan"])
        raise
    return Result(scenario, core), proposed.get("plan")


def _label(scenario: Scenario, key: Any) -> str:
    return str(key) if key is not None else scenario.name


def _scenario_items(scenarios: Any) -> List[Tuple[str, Scenario]]:
    if isinstance(scenarios, Mapping):
        return [(str(k), _scenario(v)) for k, v in scenarios.items()]
    if isinstance(scenarios, (Scenario, str)):
        scenarios = [scenarios]
    if scenarios is None or not isinstance(scenarios, Iterable):
        raise TypeError("scenarios must be a Scenario, a file or built-in name, a list of them or {label: scenario}; "
                        f"got {type(scenarios).__name__}")
    items = [_scenario(s) for s in scenarios]
    return [(s.name, s) for s in items]


def run_one(scenario: Scenario, label: str, strategy: Any, time_limit: float, threads: int, seed: int,
            settings: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """One row of a comparison: ``strategy`` (a name or a :class:`Strategy`) on ``scenario``."""
    from .solving import solve

    if isinstance(strategy, type) and issubclass(strategy, Strategy):
        strategy = strategy()
    name = strategy.strategy_name() if isinstance(strategy, Strategy) else str(strategy)
    t0 = time.perf_counter()
    try:
        res = solve(scenario, strategy, time_limit=time_limit, threads=threads, seed=seed, progress=False,
                    settings=settings)
    except SolveError as e:
        ev = getattr(e, "evaluation", None)
        if ev is None:
            raise
        return {"scenario": label, "strategy": name, "S": ev.S, "C": ev.C, "bound": None, "gap": None,
                "seconds": time.perf_counter() - t0, "status": "invalid", "valid": False,
                "enrollments": len(getattr(e, "plan", [])), "plan_digest": None}
    r = res.report
    digest = hashlib.sha256(_core.plan_csv(scenario._core, res._core.plan).encode("utf-8")).hexdigest()[:16]
    return {"scenario": label, "strategy": name, "S": r.S, "C": r.C, "bound": r.lower_bound, "gap": r.gap,
            "seconds": r.seconds, "status": r.status, "valid": r.valid, "enrollments": r.enrollments,
            "plan_digest": digest}


def compare(scenarios: Any, strategies: Optional[Sequence[Any]] = None, *, time_limit: float = 300.0,
            threads: int = 0, seed: int = 0) -> pd.DataFrame:
    """Runs built-in and custom strategies on one or more scenarios through the same checker.

    Args:
        scenarios: a :class:`Scenario` (or file / built-in name), a list of them, or
            ``{label: scenario}``.
        strategies: names and/or :class:`Strategy` instances or classes; default every built-in.

    Returns:
        One DataFrame, a row per (scenario, strategy): scenario, strategy, S, C, bound, gap,
        seconds, status, valid, enrollments, plan_digest (the first 16 hex digits of the SHA-256 of
        the plan CSV: equal digests, equal plans). A custom strategy whose plan breaks a rule gets
        ``valid=False``, status ``invalid`` and the checker's S and C.
    """
    if isinstance(strategies, (str, Strategy)) or (isinstance(strategies, type) and issubclass(strategies, Strategy)):
        strategies = [strategies]
    strategies = list(strategies) if strategies is not None else list(_core.strategy_names())
    rows = []
    for label, sc in _scenario_items(scenarios):
        for st in strategies:
            rows.append(run_one(sc, label, st, time_limit, threads, seed))
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)
