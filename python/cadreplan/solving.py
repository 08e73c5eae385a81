"""Solve, check, project, explain: the library's calls with pandas in and out.

Every plan any strategy proposes is scored by the one C++ checker
(``rules::check``); every long call releases the GIL, so threads overlap;
Ctrl-C (or a progress callable that raises or returns False) cancels a solve,
which then returns its best valid plan with status ``cancelled``.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from .errors import OptionsError, PlanError, Problem
from .progress import make_progress
from .scenario import PathLike, Scenario

__all__ = [
    "SolveOptions", "Report", "Evaluation", "Result", "Explanation", "Projection",
    "solve", "check", "project", "explain", "why_not", "strategies", "plan_frame",
]

PlanLike = Union[pd.DataFrame, str, "os.PathLike[str]", "Result", "_core.Plan"]
ScenarioLike = Union[Scenario, str, "os.PathLike[str]"]


@dataclass(frozen=True)
class SolveOptions:
    """How to solve (what a custom :class:`cadreplan.Strategy` receives)."""

    strategy: str = "optimal"
    """The strategy's name."""
    time_limit: float = 300.0
    """Seconds of wall time; > 0."""
    threads: int = 0
    """0 = every core."""
    seed: int = 0
    """For any randomised step; echoed in the report."""
    settings: Mapping[str, str] = field(default_factory=dict)
    """Strategy-specific settings (``{"greedy.priority": "oldest"}``)."""


@dataclass(frozen=True)
class Report:
    """What a solve did and how good the plan is (every S and C from ``rules::check``)."""

    strategy: str
    status: str
    """``optimal``, ``feasible``, ``time_limit`` or ``cancelled``."""
    S: float
    """Total weighted shortfall (lower is better)."""
    C: float
    """Total cost."""
    lower_bound: Optional[float]
    """A proven lower bound on S, when the strategy has one."""
    gap: Optional[float]
    """S - lower_bound, or None."""
    relative_gap: Optional[float]
    """(S - lower_bound) / max(S, 1), or None."""
    cost_lower_bound: Optional[float]
    """A proven lower bound on C at this S, or None."""
    seconds: float
    """Wall time of the whole solve."""
    valid: bool
    """True when the plan breaks no rule (always, for a returned solve)."""
    enrollments: int
    seed: int
    threads: int
    timings: Dict[str, float] = field(default_factory=dict)
    log: List[Tuple[float, str, str]] = field(default_factory=list)
    brief: str = ""
    """One line: strategy, status, S, C, bound, gap, seconds."""

    def __str__(self) -> str:
        return self.brief

    def as_dict(self) -> Dict[str, Any]:
        """The report as a plain dict (without the log)."""
        return {k: getattr(self, k) for k in ("strategy", "status", "S", "C", "lower_bound", "gap", "relative_gap",
                                              "cost_lower_bound", "seconds", "valid", "enrollments", "seed", "threads")}


@dataclass(frozen=True)
class Evaluation:
    """What ``rules::check`` says of a plan."""

    valid: bool
    violation_count: int
    S: float
    C: float
    checkpoints: pd.DataFrame
    """One row per target checkpoint: target_id, year, share, weight, n, required, achieved, shortfall."""
    violations: pd.DataFrame
    """The violations kept in detail: rule, row, line, cadre_id, program_id, year, message."""

    def __str__(self) -> str:
        state = "valid" if self.valid else f"invalid ({self.violation_count} violations)"
        return f"{state}, S = {self.S:g}, C = {self.C:g}"


def _evaluation(scenario: Scenario, plan: "_core.Plan", ev: "_core.Evaluation") -> Evaluation:
    cols = ev.checkpoint_columns(scenario._core)
    cp = pd.DataFrame({k: cols[k] for k in ("target_id", "year", "share", "weight", "n", "required", "achieved",
                                            "shortfall")})
    vio = pd.DataFrame(ev.violation_list(scenario._core, plan),
                       columns=["rule", "row", "line", "cadre_id", "program_id", "year", "message"])
    return Evaluation(valid=ev.valid, violation_count=int(ev.violation_count), S=float(ev.S), C=float(ev.C),
                      checkpoints=cp, violations=vio)


def plan_frame(scenario: Scenario, plan: "_core.Plan") -> pd.DataFrame:
    """A C++ plan as a DataFrame (cadre_id, program_id, start_year)."""
    cadres, programs, start = plan.columns(scenario._core)
    return pd.DataFrame({"cadre_id": pd.array(cadres, dtype=object), "program_id": pd.array(programs, dtype=object),
                         "start_year": np.asarray(start, dtype=np.int64)})


def _to_plan(scenario: Scenario, plan: PlanLike) -> "_core.Plan":
    if isinstance(plan, _core.Plan):
        return plan
    if isinstance(plan, Result):
        return plan._core.plan
    if isinstance(plan, (str, os.PathLike)):
        return _core.read_plan(os.fspath(plan), scenario._core)
    if not isinstance(plan, pd.DataFrame):
        raise TypeError("a plan is a DataFrame (cadre_id, program_id, start_year), a CSV path or a Result")
    dup = plan.columns[plan.columns.duplicated()]
    if len(dup):
        p = Problem(line=1, field=str(dup[0]), value=str(dup[0]), expected="each column once",
                    message=f"the plan has the column '{dup[0]}' twice")
        raise PlanError(f"unreadable plan: {p.message}", [p], len(dup))
    missing = [c for c in ("cadre_id", "program_id", "start_year") if c not in plan.columns]
    if missing:
        p = Problem(field=missing[0], value=", ".join(map(str, plan.columns)), expected="cadre_id, program_id, start_year",
                    message=f"the plan has no column '{missing[0]}'")
        raise PlanError(f"unreadable plan: {p.message}", [p], len(missing))
    start = plan["start_year"]
    if pd.api.types.is_bool_dtype(start.dtype):
        p = Problem(line=2, field="start_year", value=str(start.iloc[0]), expected="a whole number (a year)",
                    message="start_year holds True/False, not years")
        raise PlanError(f"unreadable plan: {p.message}", [p], len(start))
    if not pd.api.types.is_integer_dtype(start.dtype):
        numeric = pd.to_numeric(start, errors="coerce")
        bad = numeric.isna() | (numeric != np.floor(numeric))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            p = Problem(line=i + 2, field="start_year", value=str(start.iloc[i]), expected="a whole number (a year)",
                        message=f"row {i}: start_year is not a whole number")
            raise PlanError(f"unreadable plan: {p.message}", [p], int(bad.sum()))
        start = numeric
    return _core.Plan.from_columns(scenario._core, _id_column(plan, "cadre_id"), _id_column(plan, "program_id"),
                                   start.astype(np.int64).tolist())


def _id_column(plan: pd.DataFrame, column: str) -> List[str]:
    """A plan's id column as strings; an empty cell (None, NaN) is a PlanError naming its row."""
    values = plan[column].tolist()
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or isinstance(v, (list, dict, set, tuple)):
            p = Problem(line=i + 2, field=column, value="" if v is None else repr(v), expected="an id",
                        message=f"row {i}: {column} is {'empty' if not isinstance(v, (list, dict, set, tuple)) else 'not an id'}")
            raise PlanError(f"unreadable plan: {p.message}", [p], 1)
    return [v if isinstance(v, str) else str(v) for v in values]


def _report(r: "_core.SolveReport", ev: "_core.Evaluation", enrollments: int) -> Report:
    return Report(strategy=r.strategy, status=r.status, S=float(r.S), C=float(r.C), lower_bound=r.lower_bound,
                  gap=r.gap(), relative_gap=r.relative_gap(), cost_lower_bound=r.cost_lower_bound,
                  seconds=float(r.seconds), valid=bool(ev.valid), enrollments=enrollments, seed=int(r.seed),
                  threads=int(r.threads), timings=dict(r.timings), log=[tuple(x) for x in r.log],
                  brief=r.brief_report())


class Explanation:
    """Why a plan falls short, and what would fix it (``cadreplan::explain``)."""

    def __init__(self, scenario: Scenario, core: "_core.Explanation") -> None:
        """Wraps a C++ explanation of a plan under ``scenario``."""
        self.scenario = scenario
        self._core = core
        self.details: List[Dict[str, Any]] = core.checkpoint_list(scenario._core)
        """Per checkpoint short: everything explain found, as dicts."""

    @property
    def checkpoints(self) -> pd.DataFrame:
        """One row per checkpoint that falls short: required, achieved, shortfall, who cannot reach it
        (``causes``), the binding seats, and the least fix (``extra_seats``, ``extra_budget``, ``fix``)."""
        rows = []
        for d in self.details:
            rows.append({
                "target_id": d["target_id"], "year": d["year"], "required": d["required"], "achieved": d["achieved"],
                "shortfall": d["shortfall"], "weight": d["weight"], "short_members": d["short_members"],
                "cannot_reach": d["cannot_reach"],
                "causes": "; ".join(f"{u['reason']}: {u['members']}" for u in d["unreachable"]),
                "binding_seats": "; ".join(f"{s['program_id']} {s['year']}" for s in d["binding_seats"]),
                "closable": d["closable"], "fixed": d["fixed"],
                "extra_seats": int(sum(e["seats"] for e in d["extra_seats"])),
                "extra_budget": float(sum(b["amount"] for b in d["extra_budget"])),
                "extra_cost": d["extra_cost"],
                "fix": "; ".join(f"{e['program_id']} {e['year']} +{e['seats']}" for e in d["extra_seats"]),
                "note": d["note"],
            })
        cols = ["target_id", "year", "required", "achieved", "shortfall", "weight", "short_members", "cannot_reach",
                "causes", "binding_seats", "closable", "fixed", "extra_seats", "extra_budget", "extra_cost", "fix", "note"]
        return pd.DataFrame(rows, columns=cols)

    @property
    def shadow_prices(self) -> pd.DataFrame:
        """The LP shadow prices: what one more seat (kind ``seats``, per program-year) or one more
        unit of money (kind ``budget``, per year) would save in S; only those > 0."""
        rows = [{"kind": "seats", "program_id": s["program_id"], "year": s["year"], "capacity": float(s["seats"]),
                 "used": float(s["used"]), "shadow_price": s["shadow_price"]}
                for s in self._core.seat_price_list(self.scenario._core)]
        rows += [{"kind": "budget", "program_id": None, "year": b["year"], "capacity": b["budget"], "used": b["spent"],
                  "shadow_price": b["shadow_price"]} for b in self._core.budget_price_list()]
        return pd.DataFrame(rows, columns=["kind", "program_id", "year", "capacity", "used", "shadow_price"])

    @property
    def lp_bound(self) -> float:
        """The LP bound on S the prices come from."""
        return float(self._core.lp_bound)

    @property
    def seconds(self) -> float:
        """Wall time of the explanation."""
        return float(self._core.seconds)

    def text(self) -> str:
        """A readable account, checkpoint by checkpoint."""
        return self._core.text(self.scenario._core)

    def __repr__(self) -> str:
        return f"<cadreplan.Explanation: {len(self.details)} checkpoints short, LP bound {self.lp_bound:g}>"


class Result:
    """A solved plan: ``plan``, ``attainment``, ``report`` and ``evaluation``; ``explanations`` and
    ``shadow_prices`` (computed by ``cadreplan::explain`` on first use, or by ``solve(explain=True)``);
    figures and the HTML report."""

    def __init__(self, scenario: Scenario, core: "_core.SolveResult") -> None:
        """Wraps a C++ solve result for ``scenario``."""
        self.scenario = scenario
        self._core = core
        self.report: Report = _report(core.report, core.evaluation, len(core.plan))
        self.evaluation: Evaluation = _evaluation(scenario, core.plan, core.evaluation)
        self._plan: pd.DataFrame = plan_frame(scenario, core.plan)
        self._explanation: Optional[Explanation] = None
        self._baseline: Optional[pd.DataFrame] = None

    @property
    def plan(self) -> pd.DataFrame:
        """One row per enrollment: cadre_id, program_id, start_year (canonical order). A new
        DataFrame each time: changing it changes neither this result nor its report."""
        return self._plan.copy()

    @property
    def status(self) -> str:
        """``optimal``, ``feasible``, ``time_limit`` or ``cancelled``."""
        return self.report.status

    @property
    def S(self) -> float:
        """Total weighted shortfall of the plan."""
        return self.report.S

    @property
    def C(self) -> float:
        """Total cost of the plan."""
        return self.report.C

    @property
    def attainment(self) -> pd.DataFrame:
        """One row per target checkpoint: target_id, year, share, weight, n, required, baseline (achieved
        with no training), achieved (under the plan), shortfall."""
        if self._baseline is None:
            base = _core.baseline(self.scenario._core).checkpoint_columns(self.scenario._core)
            self._baseline = pd.DataFrame({"baseline": base["achieved"]})
        df = self.evaluation.checkpoints.copy()
        df.insert(df.columns.get_loc("achieved"), "baseline", self._baseline["baseline"].to_numpy())
        return df

    def explain(self, time_limit: float = 120.0, threads: int = 0, fixes: bool = True,
                progress: Any = False) -> Explanation:
        """Explains the plan (cached): why each missed checkpoint falls short and what would fix it."""
        if self._explanation is None:
            self._explanation = explain(self.scenario, self, time_limit=time_limit, threads=threads, fixes=fixes,
                                        progress=progress)
        return self._explanation

    @property
    def explanations(self) -> pd.DataFrame:
        """Per checkpoint that falls short: causes and the least fix (see :class:`Explanation`)."""
        return self.explain().checkpoints

    @property
    def shadow_prices(self) -> pd.DataFrame:
        """LP shadow prices of seats per program-year and money per year (see :class:`Explanation`)."""
        return self.explain().shadow_prices

    def project(self) -> "Projection":
        """The yearly state of every cadre under this plan."""
        return project(self.scenario, self)

    def scorecard(self) -> str:
        """The scorecard the CLI prints (with the explanation when computed)."""
        ex = self._explanation._core if self._explanation is not None else None
        return _core.scorecard(self.scenario._core, self._core, ex)

    def to_html(self, path: Optional[PathLike] = None, lang: str = "en", title: str = "",
                explain: Optional[bool] = None) -> str:
        """The self-contained HTML report (the C++ implementation `cadreplan plan --report` uses):
        summary, attainment per target over the years, seat use, cost per year, scorecard, and the
        explanation (computed when ``explain`` is True; included when already computed and ``explain``
        is None). Labels in ``lang`` (``"en"`` or ``"vi"``). Writes it to ``path`` when given; returns
        the HTML text."""
        if explain:
            self.explain()
        ex = self._explanation._core if (self._explanation is not None and explain is not False) else None
        html = _core.html_report(self.scenario._core, self._core, ex, lang, title)
        if path is not None:
            _core.write_text(os.fspath(path), html)
        return html

    def save(self, dir: PathLike, lang: str = "en") -> Dict[str, str]:
        """Writes plan.csv, attainment.csv, summary.json and report.html into ``dir`` (as the CLI's
        ``--out`` and ``--report``); returns their paths."""
        d = os.fspath(dir)
        os.makedirs(d, exist_ok=True)
        paths = {k: os.path.join(d, f) for k, f in (("plan", "plan.csv"), ("attainment", "attainment.csv"),
                                                      ("summary", "summary.json"), ("report", "report.html"))}
        _core.write_plan(self.scenario._core, self._core.plan, paths["plan"])
        self.attainment.drop(columns=["share", "weight", "baseline"]).to_csv(paths["attainment"], index=False)
        ex = self._explanation._core if self._explanation is not None else None
        _core.write_text(paths["summary"], _core.summary_json(self.scenario._core, self._core, ex))
        self.to_html(paths["report"], lang=lang)
        return paths

    def plot_attainment(self, targets: Optional[List[str]] = None, ncols: int = 3):
        """A matplotlib Figure: per target, the share achieving it each year: required (at
        checkpoints), baseline (no training) and planned."""
        from .plots import plot_attainment

        return plot_attainment(self, targets=targets, ncols=ncols)

    def plot_seats(self, programs: Optional[List[str]] = None, ncols: int = 3):
        """A matplotlib Figure: per program, seats and starts per year."""
        from .plots import plot_seats

        return plot_seats(self, programs=programs, ncols=ncols)

    def plot_cost(self):
        """A matplotlib Figure: spending per year against the budget cap."""
        from .plots import plot_cost

        return plot_cost(self)

    def __repr__(self) -> str:
        return f"<cadreplan.Result {self.report.brief}>"


def _read_only(a: np.ndarray) -> np.ndarray:
    """The array with writes refused: the projection is a record of the C++ computation."""
    a.flags.writeable = False
    return a


class Projection:
    """The state of every cadre at the end of every year under a plan (``cadreplan::projection``).

    Arrays are years x cadres numpy arrays viewing the C++ tables (row = year - start):
    ``active``, ``age``, ``level[ladder]`` (level index), ``latest[credential]`` (latest completion,
    ``INT32_MIN`` = never), ``valid[credential]``.
    """

    def __init__(self, scenario: Scenario, data: Dict[str, Any], series: Dict[str, Any]) -> None:
        """Wraps the projection arrays of ``scenario``."""
        self.scenario = scenario
        self.start: int = int(data["start"])
        self.active: np.ndarray = _read_only(data["active"])
        self.age: np.ndarray = _read_only(data["age"])
        spec = scenario.spec()
        self.ladders: Dict[str, List[str]] = spec["ladders"]
        self.level: Dict[str, np.ndarray] = dict(zip(spec["ladders"], map(_read_only, data["level"])))
        self.latest: Dict[str, np.ndarray] = dict(zip(spec["credentials"], map(_read_only, data["latest"])))
        self.valid: Dict[str, np.ndarray] = dict(zip(spec["credentials"], map(_read_only, data["valid"])))
        self._series = series

    @property
    def years(self) -> List[int]:
        """The years of the rows."""
        return list(range(self.start, self.start + self.active.shape[0]))

    def to_frame(self) -> pd.DataFrame:
        """A long DataFrame: one row per (year, cadre): year, cadre_id, active, age, one column per
        ladder (level names, ordered categorical) and ``<credential>_valid`` per credential."""
        years, cadres = self.active.shape
        ids = np.asarray(self.scenario.roster["id"], dtype=object)
        data: Dict[str, Any] = {
            "year": np.repeat(np.arange(self.start, self.start + years, dtype=np.int32), cadres),
            "cadre_id": np.tile(ids, years),
            "active": self.active.reshape(-1).astype(bool),
            "age": self.age.reshape(-1),
        }
        for ladder, table in self.level.items():
            data[ladder] = pd.Categorical.from_codes(table.reshape(-1).astype(np.int64), categories=self.ladders[ladder],
                                                     ordered=True)
        for cred, table in self.valid.items():
            data[f"{cred}_valid"] = table.reshape(-1).astype(bool)
        return pd.DataFrame(data)

    def attainment(self) -> pd.DataFrame:
        """Per target and year of the horizon (not only checkpoints): members and achieved."""
        members, achieved = self._series["members"], self._series["achieved"]
        rows = []
        for t, tid in enumerate(self.scenario.target_ids):
            for y in range(members.shape[1]):
                n, a = int(members[t, y]), int(achieved[t, y])
                rows.append({"target_id": tid, "year": self.start + y, "members": n, "achieved": a,
                             "share_achieved": (a / n) if n else np.nan})
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return f"<cadreplan.Projection {self.active.shape[0]} years x {self.active.shape[1]} cadres>"


# ---- the calls ---------------------------------------------------------------------------------

def _scenario(s: ScenarioLike) -> Scenario:
    return s if isinstance(s, Scenario) else Scenario.load(s)


def _solve_args(time_limit: Any, threads: Any, seed: Any) -> Tuple[float, int, int]:
    """time_limit, threads and seed checked: TypeError for a wrong type, OptionsError for a wrong value."""
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float, np.integer, np.floating)):
        raise TypeError(f"time_limit must be a number of seconds, got {type(time_limit).__name__}")
    for what, v in (("threads", threads), ("seed", seed)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{what} must be a whole number, got {type(v).__name__}")
    if not float(time_limit) > 0 or np.isnan(float(time_limit)):
        raise OptionsError(f"time_limit must be a positive number of seconds (got {time_limit})")
    if threads < 0:
        raise OptionsError(f"threads must be 0 (every core) or positive (got {threads})")
    if not 0 <= seed < 2 ** 64:
        raise OptionsError(f"seed must be in [0, 2**64) (got {seed})")
    return float(time_limit), int(threads), int(seed)


def strategies() -> Dict[str, str]:
    """The built-in strategies: ``{name: description}``."""
    return {n: _core.strategy_description(n) for n in _core.strategy_names()}


def solve(scenario: ScenarioLike, strategy: Any = "optimal", *, time_limit: float = 300.0, threads: int = 0,
          seed: int = 0, progress: Any = None, settings: Optional[Mapping[str, Any]] = None,
          write_mps: Optional[PathLike] = None, explain: bool = False) -> Result:
    """Plans ``scenario`` with ``strategy`` and scores the plan with ``rules::check``.

    Args:
        scenario: a :class:`Scenario`, a scenario file or a built-in name.
        strategy: a built-in name (``"optimal"``, ``"greedy"``, ``"flow"``) or a
            :class:`cadreplan.Strategy` (instance or class).
        time_limit: seconds of wall time (> 0).
        threads: 0 = every core.
        seed: for randomised steps; echoed in the report.
        progress: None (a tqdm display in a notebook or a terminal), True, False, or a callable
            taking each progress event (a dict) that may return False to cancel.
        settings: strategy-specific settings, e.g. ``{"greedy.priority": "oldest"}``, or
            ``{"optimal.gap": 0.001}``: stop once S is certified within 0.1% of its lower bound
            (status ``feasible``, no cost phase; what makes a national roster finish in a minute).
            The full list is in docs/ARCHITECTURE.md.
        write_mps: write the optimal strategy's model there (MPS).
        explain: also compute the explanations and shadow prices now.

    Returns:
        A :class:`Result`. A solve cancelled by a callable returning False has status ``cancelled``
        and the best valid plan found.

    Raises:
        KeyboardInterrupt: on Ctrl-C (or a progress callable raising it), after the C++ solve has
            stopped; ``exc.result`` holds the partial :class:`Result` (status ``cancelled``). Any other
            exception a progress callable raises is re-raised the same way.
        OptionsError: invalid options or an unknown strategy.
        SolveError: the strategy produced a plan that breaks a rule.
    """
    sc = _scenario(scenario)
    time_limit, threads, seed = _solve_args(time_limit, threads, seed)
    if settings is not None and not isinstance(settings, Mapping):
        raise TypeError(f"settings must be a mapping {{name: value}}, got {type(settings).__name__}")
    from .strategies import Strategy, run_custom  # local: strategies imports this module

    if isinstance(strategy, type) and issubclass(strategy, Strategy):
        strategy = strategy()
    if isinstance(strategy, Strategy):
        opts = SolveOptions(strategy=strategy.strategy_name(), time_limit=time_limit, threads=threads, seed=seed,
                            settings=dict(settings or {}))
        res, _ = run_custom(sc, strategy, opts)
        if explain:
            res.explain()
        return res
    if not isinstance(strategy, str):
        raise OptionsError(f"strategy must be a name or a cadreplan.Strategy, got {type(strategy).__name__}")
    callback, bar = make_progress(progress, description=f"{strategy}")
    main = threading.current_thread() is threading.main_thread()
    try:
        core, pending, _ = _core.solve(sc._core, strategy, float(time_limit), int(threads), int(seed),
                                       {str(k): str(v) for k, v in (settings or {}).items()},
                                       os.fspath(write_mps) if write_mps else "", callback, main)
    finally:
        if bar is not None:
            bar.close()
    result = Result(sc, core)
    if pending is not None:
        assert isinstance(pending, BaseException)
        try:
            setattr(pending, "result", result)
        except AttributeError:  # pragma: no cover - exception types without a __dict__
            pass
        raise pending
    if explain:
        result.explain()
    return result


def check(scenario: ScenarioLike, plan: PlanLike) -> Evaluation:
    """Validity (rules 1-9) and score of a plan: a DataFrame (cadre_id, program_id, start_year), a
    plan CSV path, or a :class:`Result`. Raises :class:`PlanError` when the plan is unreadable (a plan
    that breaks rules is not an error: see ``.valid`` and ``.violations``)."""
    sc = _scenario(scenario)
    p = _to_plan(sc, plan)
    return _evaluation(sc, p, _core.check(sc._core, p))


def project(scenario: ScenarioLike, plan: Optional[PlanLike] = None) -> Projection:
    """The yearly state of every cadre under ``plan`` (None: no training, the baseline)."""
    sc = _scenario(scenario)
    p = _core.Plan() if plan is None else _to_plan(sc, plan)
    return Projection(sc, _core.project(sc._core, p), _core.attainment(sc._core, p))


def explain(scenario: ScenarioLike, plan: PlanLike, *, time_limit: float = 120.0, threads: int = 0,
            fixes: bool = True, progress: Any = False) -> Explanation:
    """Why a valid plan falls short at each missed checkpoint (who can never reach it in time,
    which seats and money bind) and the least extra seats and budget that would close it.

    Raises:
        PlanError: the plan breaks a rule (explanations are about valid plans).
        KeyboardInterrupt: on Ctrl-C, after the C++ call has stopped.
    """
    sc = _scenario(scenario)
    time_limit, threads, _ = _solve_args(time_limit, threads, 0)
    p = _to_plan(sc, plan)
    callback, bar = make_progress(progress, description="explain")
    main = threading.current_thread() is threading.main_thread()
    try:
        core, pending = _core.explain(sc._core, p, float(time_limit), int(threads), bool(fixes), callback, main)
    finally:
        if bar is not None:
            bar.close()
    if pending is not None:
        assert isinstance(pending, BaseException)
        raise pending
    return Explanation(sc, core)


def why_not(scenario: ScenarioLike, threads: int = 0) -> pd.DataFrame:
    """Per target checkpoint: how many group members can never reach it in time, by reason
    (retired, no_program, not_eligible, age_limit, no_seats, too_late, concurrency), whatever the plan."""
    sc = _scenario(scenario)
    report = _core.why_not(sc._core, int(threads))
    cols = ["target_id", "year", "members", "roster_achieved", "short_members", "can_reach", "cannot_reach"]
    cols += list(_core.reason_names()) + ["explanation"]
    return pd.DataFrame(report.checkpoint_list(sc._core), columns=cols)
