"""Scenarios: load, build from DataFrames, turn back into DataFrames, what-ifs.

A :class:`Scenario` is immutable: every what-if (:meth:`Scenario.with_seats`,
:meth:`~Scenario.with_budget`, :meth:`~Scenario.with_target`,
:meth:`~Scenario.with_deadline`) returns a NEW scenario, validated by the same
C++ code as a scenario file (``Scenario::build``).

Frames (what :meth:`Scenario.to_frames` returns and
:meth:`Scenario.from_frames` takes):

* ``roster``: the roster CSV as a DataFrame: ``id, birth_year, sex, tier,
  flags`` (``;``-joined), one column per ladder (level names; an ordered
  categorical in ``to_frames``) and one per credential (year of the latest
  completion; ``<NA>`` = never).
* ``programs``: one row per program: ``id, name, grants_ladder,
  grants_level, grants_credential, requires`` (``"ladder:level;..."``),
  ``eligible_tier, eligible_sex, eligible_flags`` (``;``-joined; empty cell =
  no condition), ``eligible_min_age, eligible_max_age, duration_years,
  cost_per_year, min_service_years_after`` (empty = the scenario's),
  ``seats`` (the default per year; empty = none) and ``seats_<year>`` for
  years with their own number (empty = the default).
* ``targets``: one row per checkpoint: ``target_id, group, ladder, at_least,
  credential, year, share, weight``.
* ``groups``: one row per group: ``group, tier, sex, flags, min_age, max_age``.
* ``ladders`` ``{name: [levels, lowest first]}``, ``credentials``
  ``{name: valid_years or None}``, ``horizon`` ``(start, end)``, ``budget``
  (``None`` = no cap, a number, or ``{year: amount, "default": amount}``),
  ``name``, and the policy: ``retirement_age_male``,
  ``retirement_age_female``, ``max_concurrent_programs``,
  ``min_service_years_after``.
"""
from __future__ import annotations

import copy
import io
import math
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from .errors import OptionsError, Problem, ScenarioError

__all__ = ["Scenario", "load", "builtin_scenarios", "generate"]

_NEVER = np.iinfo(np.int32).min
_POLICY_KEYS = ("retirement_age_male", "retirement_age_female", "max_concurrent_programs", "min_service_years_after")

PathLike = Union[str, "os.PathLike[str]"]
_CoreScenario = _core.Scenario


def _absent(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _split(v: Any) -> Optional[List[str]]:
    """A ``;``-joined cell (or a list) as a list; None when the cell is empty/NaN."""
    if isinstance(v, (list, tuple, set, np.ndarray)):
        return [str(x) for x in v]
    if _absent(v):
        return None
    s = str(v).strip()
    return [p.strip() for p in s.split(";") if p.strip()] if s else []


def _join(v: Optional[Sequence[str]]) -> Optional[str]:
    return None if v is None else ";".join(v)


def _number(v: Any) -> Any:
    """A cell as int when it is whole, else float; None when empty."""
    if _absent(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v  # let the C++ reader name it
    return int(f) if f.is_integer() else f


class Scenario:
    """A validated, compiled, immutable scenario (the ``cadreplan/1`` contract).

    Build one with :func:`load` (a file or a built-in name),
    :meth:`from_frames`, :meth:`from_yaml` or :func:`generate`. Pickles as its
    YAML and roster CSV text, so it crosses process boundaries (sweeps, Dask).
    """

    __slots__ = ("_core",)
    _core: _CoreScenario

    def __init__(self, core: _CoreScenario) -> None:
        """Wraps a ``cadreplan._core.Scenario`` (use the constructors above)."""
        if not isinstance(core, _core.Scenario):
            raise TypeError("Scenario wraps a cadreplan._core.Scenario; use cadreplan.load() or Scenario.from_frames()")
        object.__setattr__(self, "_core", core)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("a Scenario is immutable: use its with_* methods for a changed copy")

    # ---- constructors -------------------------------------------------------------

    @classmethod
    def load(cls, path_or_name: Union[PathLike, "Scenario"]) -> "Scenario":
        """A scenario from a YAML file, a folder holding ``scenario.yaml``, or a built-in name.

        Raises:
            ScenarioError: the file is unreadable or invalid (every problem, with file, line and field).
        """
        if isinstance(path_or_name, Scenario):
            return path_or_name
        if not isinstance(path_or_name, (str, os.PathLike)):
            raise TypeError("a scenario is a cadreplan.Scenario, a scenario file or folder, or a built-in name "
                            f"({', '.join(_core.builtin_scenarios())}); got {type(path_or_name).__name__}")
        what = os.fspath(path_or_name)
        if os.path.isdir(what) and os.path.isfile(os.path.join(what, "scenario.yaml")):
            what = os.path.join(what, "scenario.yaml")
        if os.path.isfile(what):
            return cls(_core.read_scenario(what))
        if what in _core.builtin_scenarios():
            return cls(_core.builtin_scenario(what))
        known = ", ".join(_core.builtin_scenarios())
        problem = Problem(file=what, value=what, expected=f"a scenario file or a built-in name ({known})",
                          message="no such file, and no built-in scenario of that name")
        raise ScenarioError(f"cannot read scenario '{what}': {problem.message} (built-in: {known})", [problem], 1)

    @classmethod
    def from_yaml(cls, yaml_text: str, roster_csv: str, file: str = "scenario.yaml") -> "Scenario":
        """A scenario from its YAML text and its roster CSV text (problems are located in ``file``)."""
        return cls(_core.scenario_from_text(yaml_text, roster_csv, file))

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], roster: Union[pd.DataFrame, str]) -> "Scenario":
        """A scenario from a spec dict (the YAML file's shape, as :meth:`spec` returns) and a roster
        (a DataFrame shaped like the roster CSV, or its CSV text)."""
        csv = roster if isinstance(roster, str) else _roster_csv(roster)
        return cls(_core.build_scenario(dict(spec), csv, "roster (DataFrame)"))

    @classmethod
    def from_frames(
        cls,
        roster: pd.DataFrame,
        programs: pd.DataFrame,
        targets: pd.DataFrame,
        groups: Optional[pd.DataFrame] = None,
        ladders: Optional[Mapping[str, Sequence[str]]] = None,
        credentials: Optional[Mapping[str, Optional[int]]] = None,
        horizon: Optional[Tuple[int, int]] = None,
        budget: Any = None,
        name: str = "",
        **policy: Any,
    ) -> "Scenario":
        """A scenario from DataFrames (the layout is in this module's docstring).

        Args:
            roster: one row per cadre, as the roster CSV.
            programs: one row per program.
            targets: one row per target checkpoint.
            groups: one row per group (``group, tier, sex, flags, min_age, max_age``).
            ladders: ``{ladder: [levels, lowest first]}``.
            credentials: ``{credential: valid_years or None}``.
            horizon: ``(start, end)``, inclusive.
            budget: ``None`` (no cap), a number per year, or ``{year: amount, "default": amount}``.
            name: the scenario's name.
            **policy: ``retirement_age_male``, ``retirement_age_female``,
                ``max_concurrent_programs``, ``min_service_years_after``.

        Raises:
            ScenarioError: naming the field of every problem (``programs[2].seats.2023``,
                ``roster.birth_year`` with the CSV line: row position + 2).
            OptionsError: an unknown policy keyword.
        """
        unknown = sorted(set(policy) - set(_POLICY_KEYS))
        if unknown:
            raise OptionsError(f"unknown policy keyword(s) {', '.join(unknown)} (known: {', '.join(_POLICY_KEYS)})")
        for what, value in (("ladders", ladders), ("credentials", credentials)):
            if value is not None and not isinstance(value, Mapping):
                raise TypeError(f"{what} must be a mapping ({what} name -> ...), got {type(value).__name__}")
        for what, value in (("ladders", ladders or {}),):
            for k, v in value.items():
                if isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
                    raise TypeError(f"ladders['{k}'] must be a list of level names, lowest first; got {type(v).__name__}")
        if horizon is not None and (isinstance(horizon, (str, bytes)) or not isinstance(horizon, Iterable)):
            raise TypeError(f"horizon must be (start, end), got {type(horizon).__name__}")
        if horizon is None or len(tuple(horizon)) != 2:
            problem = Problem(field="horizon", value=repr(horizon), expected="(start, end)",
                              message="horizon: expected (start, end)")
            raise ScenarioError("invalid scenario description: " + problem.message, [problem], 1)
        spec: Dict[str, Any] = {
            "format": "cadreplan/1",
            "name": name or "",
            "horizon": {"start": _number(horizon[0]), "end": _number(horizon[1])},
            "ladders": {str(k): list(v) for k, v in (ladders or {}).items()},
            "credentials": {str(k): ({} if _absent(v) else {"valid_years": _number(v)})
                            for k, v in (credentials or {}).items()},
            "retirement_age": {"male": policy.get("retirement_age_male", 62),
                               "female": policy.get("retirement_age_female", 60)},
            "max_concurrent_programs": policy.get("max_concurrent_programs", 1),
            "min_service_years_after": policy.get("min_service_years_after", 0),
            "budget": _budget_in(budget),
            "groups": _groups_in(groups),
            "programs": _programs_in(programs),
            "targets": _targets_in(targets),
            "roster": "roster.csv",
        }
        return cls.from_spec(spec, roster)

    # ---- views --------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self._core.name

    @property
    def start(self) -> int:
        """The first plan year."""
        return self._core.start

    @property
    def end(self) -> int:
        """The last plan year (inclusive)."""
        return self._core.end

    @property
    def years(self) -> List[int]:
        """The plan years, start to end."""
        return list(range(self._core.start, self._core.end + 1))

    @property
    def cadres(self) -> int:
        """Number of cadres in the roster."""
        return self._core.cadres

    @property
    def program_ids(self) -> List[str]:
        """Program ids, in the scenario's order."""
        return list(self._core.program_ids)

    @property
    def target_ids(self) -> List[str]:
        """Target ids, in the scenario's order."""
        return list(self._core.target_ids)

    @property
    def warnings(self) -> List[Problem]:
        """Non-fatal findings (unknown keys, a tier no cadre has, ...)."""
        return [Problem(**w) for w in self._core.warnings()]

    def spec(self) -> Dict[str, Any]:
        """The description as a new dict shaped like the YAML file (shares as decimal strings)."""
        return self._core.spec()

    @property
    def roster(self) -> pd.DataFrame:
        """The roster as a DataFrame (the ``roster`` frame of :meth:`to_frames`)."""
        return _roster_frame(self._core)

    def to_frames(self) -> Dict[str, Any]:
        """The scenario as DataFrames and plain values: ``Scenario.from_frames(**s.to_frames())``
        gives the same scenario (same S and C on the same plan)."""
        spec = self._core.spec()
        out: Dict[str, Any] = {
            "roster": _roster_frame(self._core),
            "programs": _programs_out(spec["programs"]),
            "targets": _targets_out(spec["targets"]),
            "groups": _groups_out(spec["groups"]),
            "ladders": {k: list(v) for k, v in spec["ladders"].items()},
            "credentials": {k: v.get("valid_years") for k, v in spec["credentials"].items()},
            "horizon": (spec["horizon"]["start"], spec["horizon"]["end"]),
            "budget": spec["budget"],
            "name": spec["name"],
            "retirement_age_male": spec["retirement_age"]["male"],
            "retirement_age_female": spec["retirement_age"]["female"],
            "max_concurrent_programs": spec["max_concurrent_programs"],
            "min_service_years_after": spec["min_service_years_after"],
        }
        return out

    def to_yaml(self, roster_file: str = "roster.csv") -> str:
        """The scenario as YAML text, naming ``roster_file`` as its roster."""
        return self._core.yaml(roster_file)

    def roster_csv(self) -> str:
        """The roster as CSV text."""
        return self._core.roster_csv()

    def save(self, dir: PathLike) -> str:
        """Writes ``scenario.yaml`` and ``roster.csv`` into ``dir`` (created if needed); returns
        the path of ``scenario.yaml``. They read back to the same scenario."""
        d = os.fspath(dir)
        self._core.save(d)
        return os.path.join(d, "scenario.yaml")

    # ---- what-ifs -----------------------------------------------------------------

    def with_seats(self, program: str, year: Union[None, int, Iterable[int]] = None, seats: Optional[int] = None, *,
                   delta: Optional[int] = None, factor: Optional[float] = None,
                   name: Optional[str] = None) -> "Scenario":
        """A new scenario with other seats for ``program`` in ``year`` (an int, several years, or
        None: every plan year).

        Give exactly one of ``seats`` (the new number), ``delta`` (added) or ``factor``
        (multiplied, rounded to the nearest whole seat). ``name`` renames the result
        (default: this name with the change appended).

        Raises:
            OptionsError: an unknown program, or not exactly one of seats/delta/factor.
            ScenarioError: the result is invalid (negative seats).
        """
        _exactly_one(seats=seats, delta=delta, factor=factor)
        spec = self._core.spec()
        prog = _find(spec["programs"], "id", program, "program")
        years = self._years(year)
        table = prog["seats"]

        def change(current: float) -> float:
            if seats is not None:
                return seats
            if delta is not None:
                return current + delta
            assert factor is not None
            return int(math.floor(current * float(factor) + 0.5))

        if year is None and seats is None:
            # Every year: change the default and each named year (the same effect, a shorter file).
            prog["seats"] = {k: change(v) for k, v in table.items()} or {"default": change(0)}
        elif year is None:
            prog["seats"] = {"default": seats}
        else:
            for y in years:
                table[y] = change(_at(table, y, 0))
        what = "seats" if seats is not None else (f"{delta:+d} seats" if delta is not None else f"seats ×{factor:g}")
        return self._rebuild(spec, name, f"{program} {what}{_years_label(year)}")

    def with_budget(self, year: Union[str, int, Iterable[int]] = "all", amount: Optional[float] = None, *,
                    factor: Optional[float] = None, delta: Optional[float] = None,
                    name: Optional[str] = None) -> "Scenario":
        """A new scenario with another budget cap in ``year`` (an int, several years, or ``"all"``).

        Give exactly one of ``amount`` (the new cap; ``None`` with ``year="all"`` and no
        factor/delta is not allowed), ``factor`` (multiplied) or ``delta`` (added). Years with
        no cap stay uncapped under ``factor``/``delta``.

        Raises:
            OptionsError: not exactly one of amount/factor/delta.
            ScenarioError: the result is invalid (a negative cap).
        """
        _exactly_one(amount=amount, factor=factor, delta=delta)
        spec = self._core.spec()
        budget = spec.get("budget")
        if isinstance(year, str) and year != "all":
            raise TypeError(f"year must be a year, a list of years or 'all', got {year!r}")
        years = self._years(None if isinstance(year, str) else year)
        if amount is not None and year == "all":
            spec["budget"] = {"default": amount}
        elif year == "all":
            if budget is not None:
                spec["budget"] = {k: (v * float(factor) if factor is not None else v + delta) for k, v in budget.items()}
        else:
            if budget is None:
                budget = {}
            for y in years:
                cap = _at(budget, y, None)
                if amount is not None:
                    budget[y] = amount
                elif cap is not None:
                    budget[y] = cap * float(factor) if factor is not None else cap + delta
            spec["budget"] = budget
        what = "budget" if amount is not None else (f"budget ×{factor:g}" if factor is not None else f"budget {delta:+g}")
        return self._rebuild(spec, name, what + ("" if year == "all" else _years_label(year)))

    def with_target(self, target_id: str, checkpoints: Optional[Mapping[int, float]] = None, share: Optional[float] = None,
                    *, year: Optional[int] = None, weight: Optional[float] = None,
                    name: Optional[str] = None) -> "Scenario":
        """A new scenario with target ``target_id`` changed.

        Args:
            checkpoints: replaces every checkpoint: ``{year: share}``.
            share: the new share: of checkpoint ``year`` (added when missing), or of every
                checkpoint when ``year`` is None.
            weight: the new weight.

        Raises:
            OptionsError: an unknown target, or nothing to change.
            ScenarioError: the result is invalid (a share outside [0, 1]).
        """
        if checkpoints is None and share is None and weight is None:
            raise OptionsError("with_target: give checkpoints, share or weight")
        spec = self._core.spec()
        t = _find(spec["targets"], "id", target_id, "target")
        if checkpoints is not None:
            t["checkpoints"] = {int(y): s for y, s in checkpoints.items()}
        if share is not None:
            if year is None:
                t["checkpoints"] = {y: share for y in t["checkpoints"]}
            else:
                t["checkpoints"][int(year)] = share
                t["checkpoints"] = dict(sorted(t["checkpoints"].items()))
        if weight is not None:
            t["weight"] = weight
        return self._rebuild(spec, name, f"{target_id} changed")

    def with_deadline(self, target_id: str, old_year: int, new_year: int, *, name: Optional[str] = None) -> "Scenario":
        """A new scenario where target ``target_id``'s checkpoint ``old_year`` is due in ``new_year``
        (same share), e.g. a deadline moved from 2025 to 2027.

        Raises:
            OptionsError: an unknown target, no checkpoint in ``old_year``, or one already in ``new_year``.
        """
        spec = self._core.spec()
        t = _find(spec["targets"], "id", target_id, "target")
        cps = t["checkpoints"]
        if int(old_year) not in cps:
            raise OptionsError(f"target '{target_id}' has no checkpoint in {old_year} (it has {sorted(cps)})")
        if int(new_year) in cps and int(new_year) != int(old_year):
            raise OptionsError(f"target '{target_id}' already has a checkpoint in {new_year}")
        share = cps.pop(int(old_year))
        cps[int(new_year)] = share
        t["checkpoints"] = dict(sorted(cps.items()))
        return self._rebuild(spec, name, f"{target_id} {old_year}→{new_year}")

    def with_policy(self, *, name: Optional[str] = None, **policy: Any) -> "Scenario":
        """A new scenario with other policy values (``retirement_age_male``,
        ``retirement_age_female``, ``max_concurrent_programs``, ``min_service_years_after``)."""
        unknown = sorted(set(policy) - set(_POLICY_KEYS))
        if unknown or not policy:
            raise OptionsError(f"with_policy takes {', '.join(_POLICY_KEYS)} (got {', '.join(unknown) or 'nothing'})")
        spec = self._core.spec()
        for k, v in policy.items():
            if k.startswith("retirement_age_"):
                spec["retirement_age"][k[len("retirement_age_"):]] = v
            else:
                spec[k] = v
        return self._rebuild(spec, name, ", ".join(f"{k}={v}" for k, v in policy.items()))

    # ---- helpers ------------------------------------------------------------------

    def _years(self, year: Union[None, int, Iterable[int]]) -> List[int]:
        if year is None:
            return self.years
        if isinstance(year, (int, np.integer)) and not isinstance(year, bool):
            return [int(year)]
        if isinstance(year, (str, bytes)) or not isinstance(year, Iterable):
            raise TypeError(f"year must be a year, a list of years or None, got {year!r}")
        years = list(year)
        for y in years:
            if isinstance(y, bool) or not isinstance(y, (int, np.integer)):
                raise TypeError(f"year must be a year, a list of years or None, got {y!r}")
        return [int(y) for y in years]

    def _rebuild(self, spec: Dict[str, Any], name: Optional[str], change: str) -> "Scenario":
        spec["name"] = name if name is not None else f"{spec['name']} · {change}"
        return Scenario(_core.rebuild_scenario(self._core, spec))

    # ---- pickling, equality, display ------------------------------------------------

    def __getstate__(self) -> Dict[str, str]:
        return {"yaml": self._core.yaml("roster.csv"), "roster_csv": self._core.roster_csv()}

    def __setstate__(self, state: Mapping[str, str]) -> None:
        object.__setattr__(self, "_core", _core.scenario_from_text(state["yaml"], state["roster_csv"], "scenario.yaml"))

    def __copy__(self) -> "Scenario":
        return self

    def __deepcopy__(self, memo: Any) -> "Scenario":
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.name, self.start, self.end, self.cadres))

    def __repr__(self) -> str:
        return (f"<cadreplan.Scenario '{self.name}': {self.cadres} cadres, {len(self.program_ids)} programs, "
                f"{len(self.target_ids)} targets, {self.start}–{self.end}>")


# ---- module-level constructors -----------------------------------------------------------

def load(path_or_name: Union[PathLike, Scenario]) -> Scenario:
    """A scenario from a YAML file, a folder holding ``scenario.yaml``, or a built-in name
    (``"hagiang-2022"``). Raises :class:`ScenarioError` naming file, line and field."""
    return Scenario.load(path_or_name)


def builtin_scenarios() -> List[str]:
    """The names of the built-in scenarios."""
    return list(_core.builtin_scenarios())


def generate(cadres: int = 500, seed: int = 1, *, start: int = 2022, years: int = 9, max_concurrent_programs: int = 1,
             min_service_years_after: int = 0, seat_scale: float = 1.0, budget_scale: float = 1.0) -> Scenario:
    """A generated test scenario: the same arguments give the same scenario on every platform.
    Raises :class:`OptionsError` on invalid arguments, ``TypeError`` on arguments of the wrong type."""
    for what, v in (("cadres", cadres), ("seed", seed), ("start", start), ("years", years),
                    ("max_concurrent_programs", max_concurrent_programs),
                    ("min_service_years_after", min_service_years_after)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"generate: {what} must be a whole number, got {type(v).__name__}")
        if v < 0:
            raise OptionsError(f"generate: {what} must not be negative (got {v})")
    for what, scale in (("seat_scale", seat_scale), ("budget_scale", budget_scale)):
        if isinstance(scale, bool) or not isinstance(scale, (int, float, np.integer, np.floating)):
            raise TypeError(f"generate: {what} must be a number, got {type(scale).__name__}")
    return Scenario(_core.generate(cadres, seed, start, years, max_concurrent_programs, min_service_years_after,
                                   seat_scale, budget_scale))


# ---- frames <-> spec dicts ------------------------------------------------------------------

def _exactly_one(**kw: Any) -> None:
    given = [k for k, v in kw.items() if v is not None]
    if len(given) != 1:
        raise OptionsError(f"give exactly one of {', '.join(kw)} (got {', '.join(given) or 'none'})")


def _find(items: List[Dict[str, Any]], key: str, value: str, what: str) -> Dict[str, Any]:
    for it in items:
        if it[key] == value:
            return it
    known = ", ".join(str(it[key]) for it in items)
    raise OptionsError(f"unknown {what} '{value}' (known: {known})")


def _at(table: Dict[Any, Any], year: int, missing: Any) -> Any:
    if year in table:
        return table[year]
    return table.get("default", missing)


def _years_label(year: Any) -> str:
    if year is None:
        return ""
    if isinstance(year, (int, np.integer)):
        return f" in {year}"
    return " in " + ",".join(str(y) for y in year)


def _roster_csv(df: pd.DataFrame) -> str:
    if not isinstance(df, pd.DataFrame):
        raise TypeError("roster must be a pandas DataFrame (or CSV text)")
    _unique_columns(df, "roster")
    for col in df.columns:
        if col == "flags" or not pd.api.types.is_object_dtype(df[col].dtype):
            continue
        cells = df[col].to_numpy()
        for i, v in enumerate(cells):
            if isinstance(v, (list, tuple, set, dict, np.ndarray)):
                p = Problem(file="roster (DataFrame)", line=i + 2, field=f"roster.{col}", value=repr(v)[:80],
                            expected="one value per cell", message=f"row {i}: {col} holds a {type(v).__name__}")
                raise ScenarioError(f"invalid roster: {p.message}", [p], 1)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col == "flags":
            s = s.map(lambda v: "" if _absent(v) else (";".join(map(str, v)) if isinstance(v, (list, tuple, set)) else str(v)))
        elif pd.api.types.is_float_dtype(s.dtype):
            # Whole numbers with gaps (a float column): write 2019, not 2019.0.
            finite = s.dropna()
            if len(finite) and (finite == np.floor(finite)).all():
                s = s.astype("Int64")
        elif pd.api.types.is_integer_dtype(s.dtype) and col not in ("id", "birth_year"):
            s = s.astype("Int64").mask(s == _NEVER)
        out[str(col)] = s
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _roster_frame(core: "_core.Scenario") -> pd.DataFrame:
    cols = core.roster_columns()
    data: Dict[str, Any] = {"id": pd.array(cols["id"], dtype=object)}
    data["birth_year"] = np.asarray(cols["birth_year"], dtype=np.int32)
    codes, names = cols["sex"]
    data["sex"] = np.asarray(names, dtype=object)[np.asarray(codes, dtype=np.intp)]
    codes, names = cols["tier"]
    data["tier"] = np.asarray(names, dtype=object)[np.asarray(codes, dtype=np.intp)] if len(names) else np.asarray(
        [], dtype=object)
    data["flags"] = np.asarray(cols["flags"], dtype=object)
    for ladder, (codes, levels) in cols["levels"].items():
        data[ladder] = pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(levels), ordered=True)
    for cred, years in cols["credentials"].items():
        a = np.asarray(years, dtype=np.int64)
        data[cred] = pd.array(np.where(a == _NEVER, 0, a), dtype="Int64")
        data[cred][a == _NEVER] = pd.NA
    return pd.DataFrame(data)


def _budget_in(budget: Any) -> Any:
    if _absent(budget) if not isinstance(budget, Mapping) else False:
        return None
    if isinstance(budget, Mapping):
        return {("default" if str(k) == "default" else int(k)): _number(v) for k, v in budget.items()}
    return _number(budget)


def _selector_in(row: Mapping[str, Any], prefix: str) -> Dict[str, Any]:
    sel: Dict[str, Any] = {}
    for key in ("tier", "sex", "flags"):
        v = _split(row.get(prefix + key))
        if v is not None and not (key == "flags" and not v):
            sel[key] = v
    for key in ("min_age", "max_age"):
        v = row.get(prefix + key)
        if not _absent(v):
            sel[key] = _number(v)
    return sel


def _unique_columns(df: pd.DataFrame, what: str) -> None:
    dup = df.columns[df.columns.duplicated()]
    if len(dup):
        p = Problem(file=f"{what} (DataFrame)", line=1, field=f"{what}.{dup[0]}", value=str(dup[0]),
                    expected="each column once", message=f"the {what} frame has the column '{dup[0]}' twice")
        raise ScenarioError(f"invalid {what}: {p.message}", [p], len(dup))


def _frame_problem(what: str, row: int, column: str, value: Any, expected: str, message: str) -> ScenarioError:
    p = Problem(file=f"{what} (DataFrame)", line=row + 2, field=f"{what}.{column}", value="" if value is None else str(value),
                expected=expected, message=f"row {row}: {message}")
    return ScenarioError(f"invalid {what}: {p.message}", [p], 1)


def _records(df: Optional[pd.DataFrame], what: str) -> List[Dict[str, Any]]:
    if df is None:
        return []
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    _unique_columns(df, what)
    return df.to_dict("records")


def _groups_in(df: Optional[pd.DataFrame]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for i, r in enumerate(_records(df, "groups")):
        name = r.get("group", r.get("name"))
        if _absent(name):
            raise ScenarioError("invalid groups frame", [Problem(field=f"groups[{i}].group", expected="a group name",
                                                                 message=f"groups row {i} has no group name")], 1)
        out[str(name)] = _selector_in(r, "")
    return out


def _programs_in(df: pd.DataFrame) -> List[Dict[str, Any]]:
    out = []
    for row, r in enumerate(_records(df, "programs")):
        p: Dict[str, Any] = {"id": r.get("id"), "name": "" if _absent(r.get("name")) else r.get("name")}
        if not _absent(r.get("grants_credential")):
            p["grants"] = {"credential": r["grants_credential"]}
        else:
            p["grants"] = {"ladder": r.get("grants_ladder"), "level": r.get("grants_level")}
        req = r.get("requires")
        if isinstance(req, Mapping):
            p["requires"] = dict(req)
        else:
            p["requires"] = {}
            for part in _split(req) or []:
                ladder, _, level = part.partition(":")
                p["requires"][ladder.strip()] = level.strip()
        p["eligible"] = _selector_in(r, "eligible_")
        for key in ("duration_years", "cost_per_year", "min_service_years_after"):
            if not _absent(r.get(key)):
                p[key] = _number(r[key])
        seats: Dict[Any, Any] = {}
        if isinstance(r.get("seats"), Mapping):
            seats.update(r["seats"])
        elif not _absent(r.get("seats")):
            seats["default"] = _number(r["seats"])
        for col, v in r.items():
            if isinstance(col, str) and col.startswith("seats_") and not _absent(v):
                year = col[len("seats_"):]
                if not year.isdigit():
                    raise _frame_problem("programs", row, col, v, "seats_<year>, e.g. seats_2023",
                                         f"column '{col}' is not seats_<year>")
                seats[int(year)] = _number(v)
        p["seats"] = seats
        out.append(p)
    return out


def _targets_in(df: pd.DataFrame) -> List[Dict[str, Any]]:
    out: Dict[Any, Dict[str, Any]] = {}
    for row, r in enumerate(_records(df, "targets")):
        tid = r.get("target_id", r.get("id"))
        if _absent(tid):
            raise _frame_problem("targets", row, "target_id", None, "a target id", "the target has no id")
        if _absent(r.get("year")):
            raise _frame_problem("targets", row, "year", None, "a checkpoint year", f"target '{tid}' has no year")
        if _absent(r.get("share")):
            raise _frame_problem("targets", row, "share", None, "a share in [0, 1]", f"target '{tid}' has no share")
        t: Dict[str, Any] = {"id": tid, "group": r.get("group"), "checkpoints": {}}
        if not _absent(r.get("credential")):
            t["credential"] = r["credential"]
        else:
            t["ladder"] = r.get("ladder")
            t["at_least"] = r.get("at_least")
        if not _absent(r.get("weight")):
            t["weight"] = _number(r["weight"])
        first = out.setdefault(tid, t)
        if first is not t:
            # One row per checkpoint: every row of a target must describe the same target.
            for key in ("group", "credential", "ladder", "at_least", "weight"):
                if first.get(key) != t.get(key):
                    raise _frame_problem("targets", row, key, t.get(key), repr(first.get(key)),
                                         f"target '{tid}' has {key} {first.get(key)!r} in an earlier row")
        year = _number(r["year"])
        if year in first["checkpoints"]:
            raise _frame_problem("targets", row, "year", year, "one row per checkpoint",
                                 f"target '{tid}' has two rows for {year}")
        share = r["share"]
        first["checkpoints"][year] = share if isinstance(share, str) else _number(share)
    return list(out.values())


def _selector_out(sel: Mapping[str, Any], prefix: str) -> Dict[str, Any]:
    return {
        prefix + "tier": _join(sel.get("tier")),
        prefix + "sex": _join(sel.get("sex")),
        prefix + "flags": _join(sel.get("flags")) if sel.get("flags") else None,
        prefix + "min_age": sel.get("min_age"),
        prefix + "max_age": sel.get("max_age"),
    }


def _int_columns(df: pd.DataFrame, cols: Iterable[str]) -> pd.DataFrame:
    for c in cols:
        if c in df.columns:
            df[c] = pd.array([None if _absent(v) else int(v) for v in df[c]], dtype="Int64")
    return df


def _programs_out(programs: List[Dict[str, Any]]) -> pd.DataFrame:
    years = sorted({y for p in programs for y in p["seats"] if y != "default"})
    rows = []
    for p in programs:
        g = p["grants"]
        row: Dict[str, Any] = {
            "id": p["id"], "name": p["name"],
            "grants_ladder": g.get("ladder"), "grants_level": g.get("level"), "grants_credential": g.get("credential"),
            "requires": ";".join(f"{k}:{v}" for k, v in p["requires"].items()),
        }
        row.update(_selector_out(p["eligible"], "eligible_"))
        row["duration_years"] = p["duration_years"]
        row["cost_per_year"] = p["cost_per_year"]
        row["min_service_years_after"] = p.get("min_service_years_after")
        row["seats"] = p["seats"].get("default")
        for y in years:
            row[f"seats_{y}"] = p["seats"].get(y)
        rows.append(row)
    df = pd.DataFrame(rows)
    seat_cols = [c for c in df.columns if c == "seats" or c.startswith("seats_")]
    whole = all(_absent(v) or float(v).is_integer() for c in seat_cols for v in df[c])
    return _int_columns(df, ["eligible_min_age", "eligible_max_age", "min_service_years_after"] +
                        (seat_cols if whole else []))


def _targets_out(targets: List[Dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for t in targets:
        for y, share in t["checkpoints"].items():
            rows.append({"target_id": t["id"], "group": t["group"], "ladder": t.get("ladder"),
                         "at_least": t.get("at_least"), "credential": t.get("credential"), "year": int(y),
                         "share": float(share), "weight": t["weight"]})
    return pd.DataFrame(rows, columns=["target_id", "group", "ladder", "at_least", "credential", "year", "share", "weight"])


def _groups_out(groups: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    rows = []
    for name, sel in groups.items():
        row = {"group": name}
        row.update({k: v for k, v in _selector_out(sel, "").items()})
        rows.append(row)
    df = pd.DataFrame(rows, columns=["group", "tier", "sex", "flags", "min_age", "max_age"])
    return _int_columns(df, ["min_age", "max_age"])
