"""Independent loader for a `cadreplan/1` scenario (reference implementation).

Written from the data contract (SCENARIO-FORMAT.md) alone, to cross-check the
C++ library.  Plain data classes, no cleverness.

Numbers: every YAML float is loaded as ``decimal.Decimal`` built from the scalar
text exactly as written (so a share ``0.07`` is Decimal('0.07'), never the binary
float 0.07000000000000000666...).  Integers stay ``int``.

Usage::

    from contract import load_scenario, load_plan
    sc = load_scenario("scenario.yaml")
    plan = load_plan("plan.csv")
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Dict, List, Optional, Tuple

import yaml

FORMAT = "cadreplan/1"


# --------------------------------------------------------------------------
# YAML loading with exact decimals
# --------------------------------------------------------------------------
class DecimalSafeLoader(yaml.SafeLoader):
    """SafeLoader whose floats are Decimal(text as written)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node):
    text = loader.construct_scalar(node)
    cleaned = str(text).replace("_", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        # .inf / .nan and friends: not meaningful anywhere in the contract.
        raise ValueError(f"unsupported number {text!r}")
    if not value.is_finite():
        raise ValueError(f"unsupported number {text!r}")
    return value


DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class ScenarioError(ValueError):
    """The scenario (or plan) does not follow the contract."""


def _num(x, what: str) -> Decimal:
    """A number from YAML: int, Decimal, or a numeric string (JSON exponents
    like 1e-1 are strings to PyYAML's YAML 1.1 resolver).  Returned as Decimal."""
    if isinstance(x, bool):
        raise ScenarioError(f"{what}: expected a number, got {x!r}")
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float):  # cannot happen with our loader; keep exact-ish
        return Decimal(repr(x))
    if isinstance(x, str):
        try:
            v = Decimal(x.strip())
        except InvalidOperation:
            raise ScenarioError(f"{what}: expected a number, got {x!r}")
        if v.is_finite():
            return v
    raise ScenarioError(f"{what}: expected a number, got {x!r}")


def _int(x, what: str) -> int:
    v = _num(x, what)
    if v != v.to_integral_value():
        raise ScenarioError(f"{what}: expected an integer, got {x!r}")
    return int(v)


def _year_key(k, what: str) -> int:
    """Map keys that are years: int in YAML, string in JSON."""
    if isinstance(k, bool):
        raise ScenarioError(f"{what}: bad year key {k!r}")
    if isinstance(k, int):
        return k
    if isinstance(k, str) and k.strip().lstrip("-").isdigit():
        return int(k.strip())
    raise ScenarioError(f"{what}: bad year key {k!r}")


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------
@dataclass
class PerYear:
    """A per-year value: a number for every year, or a map year->number with an
    optional default.  `missing` is what a year yields when the map does not name
    it and there is no default (0 for seats, None = no cap for budget)."""
    default: Optional[Decimal]
    by_year: Dict[int, Decimal]
    missing: Optional[Decimal]

    def value(self, year: int) -> Optional[Decimal]:
        if year in self.by_year:
            return self.by_year[year]
        if self.default is not None:
            return self.default
        return self.missing


def parse_per_year(raw, what: str, missing: Optional[Decimal]) -> PerYear:
    if isinstance(raw, dict):
        default = None
        by_year: Dict[int, Decimal] = {}
        for k, v in raw.items():
            if k == "default":
                default = _num(v, f"{what}.default")
            else:
                by_year[_year_key(k, what)] = _num(v, f"{what}[{k}]")
        return PerYear(default, by_year, missing)
    return PerYear(_num(raw, what), {}, missing)


@dataclass
class Selector:
    tier: Optional[List[str]] = None
    sex: Optional[List[str]] = None
    flags: Optional[List[str]] = None
    min_age: Optional[int] = None
    max_age: Optional[int] = None

    def holds(self, cadre: "Cadre", year: int) -> bool:
        """Every listed condition must hold; age = year - birth_year."""
        age = year - cadre.birth_year
        if self.tier is not None and cadre.tier not in self.tier:
            return False
        if self.sex is not None and cadre.sex not in self.sex:
            return False
        if self.flags is not None and not all(f in cadre.flags for f in self.flags):
            return False
        if self.min_age is not None and age < self.min_age:
            return False
        if self.max_age is not None and age > self.max_age:
            return False
        return True


SELECTOR_KEYS = {"tier", "sex", "flags", "min_age", "max_age"}


def _str_list(v, what: str) -> List[str]:
    if isinstance(v, str):
        # A planner writing `tier: commune` means a one-element list.
        return [v]
    if not isinstance(v, list):
        raise ScenarioError(f"{what}: expected a list, got {v!r}")
    return [str(x) for x in v]


def parse_selector(raw, what: str) -> Selector:
    if raw is None:
        return Selector()
    if not isinstance(raw, dict):
        raise ScenarioError(f"{what}: a selector must be a map, got {raw!r}")
    unknown = set(raw) - SELECTOR_KEYS
    if unknown:
        # Ignoring an unknown condition would silently widen the selection.
        raise ScenarioError(f"{what}: unknown selector keys {sorted(unknown)}")
    sel = Selector()
    if "tier" in raw:
        sel.tier = _str_list(raw["tier"], f"{what}.tier")
    if "sex" in raw:
        sel.sex = _str_list(raw["sex"], f"{what}.sex")
    if "flags" in raw:
        sel.flags = _str_list(raw["flags"], f"{what}.flags")
    if "min_age" in raw and raw["min_age"] is not None:
        sel.min_age = _int(raw["min_age"], f"{what}.min_age")
    if "max_age" in raw and raw["max_age"] is not None:
        sel.max_age = _int(raw["max_age"], f"{what}.max_age")
    return sel


@dataclass
class Program:
    id: str
    name: str
    duration: int
    cost: Decimal                      # cost_per_year
    seats: PerYear
    eligible: Selector
    requires: Dict[str, int]           # ladder -> minimum level index
    grant_ladder: Optional[str] = None
    grant_level: Optional[int] = None  # level index on grant_ladder
    grant_credential: Optional[str] = None
    # Extension of the C++ project: overrides the scenario-level value.
    min_service_years_after: Optional[int] = None


@dataclass
class Target:
    id: str
    group: str
    weight: Decimal
    checkpoints: List[Tuple[int, Decimal]]   # sorted by year
    ladder: Optional[str] = None
    at_least: Optional[int] = None           # level index
    credential: Optional[str] = None


@dataclass
class Cadre:
    id: str
    birth_year: int
    sex: str
    tier: str
    flags: frozenset
    levels: Dict[str, int]                   # ladder -> level index
    credentials: Dict[str, Optional[int]]    # credential -> latest completion year


@dataclass
class Scenario:
    name: str
    start: int
    end: int
    ladders: Dict[str, List[str]]
    credentials: Dict[str, Optional[int]]    # name -> valid_years (None = forever)
    retirement_age: Dict[str, int]
    max_concurrent: int
    min_service_after: int
    budget: Optional[PerYear]                # None = no cap in any year
    groups: Dict[str, Selector]
    programs: Dict[str, Program]             # insertion order = file order
    targets: List[Target]
    cadres: Dict[str, Cadre]                 # insertion order = roster order
    path: str = ""

    # ---- helpers shared by the checker and the MIP ----
    def years(self) -> range:
        return range(self.start, self.end + 1)

    def active(self, c: Cadre, year: int) -> bool:
        return year - c.birth_year < self.retirement_age[c.sex]

    def min_service(self, p: Program) -> int:
        if p.min_service_years_after is not None:
            return p.min_service_years_after
        return self.min_service_after

    def seats(self, p: Program, year: int) -> Decimal:
        v = p.seats.value(year)
        return Decimal(0) if v is None else v

    def budget_cap(self, year: int) -> Optional[Decimal]:
        if self.budget is None:
            return None
        return self.budget.value(year)


@dataclass
class Enrollment:
    cadre_id: str
    program_id: str
    start_year: int
    row: int  # 0-based index of the data row in the plan CSV


# --------------------------------------------------------------------------
# Scenario loading
# --------------------------------------------------------------------------
def _level_index(ladders: Dict[str, List[str]], ladder: str, level, what: str) -> int:
    if ladder not in ladders:
        raise ScenarioError(f"{what}: unknown ladder {ladder!r}")
    levels = ladders[ladder]
    name = str(level)
    if name not in levels:
        raise ScenarioError(f"{what}: level {level!r} is not on ladder {ladder!r} {levels}")
    return levels.index(name)


def load_scenario(path: str) -> Scenario:
    with open(path, "r", encoding="utf-8-sig") as f:
        raw = yaml.load(f, Loader=DecimalSafeLoader)
    if not isinstance(raw, dict):
        raise ScenarioError("scenario must be a map")
    if raw.get("format") != FORMAT:
        raise ScenarioError(f"format must be {FORMAT!r}, got {raw.get('format')!r}")

    hz = raw.get("horizon") or {}
    start = _int(hz.get("start"), "horizon.start")
    end = _int(hz.get("end"), "horizon.end")
    if start > end:
        raise ScenarioError("horizon.start > horizon.end")

    ladders: Dict[str, List[str]] = {}
    for lname, levels in (raw.get("ladders") or {}).items():
        if not isinstance(levels, list) or not levels:
            raise ScenarioError(f"ladder {lname!r} must be a non-empty list")
        lv = [str(x) for x in levels]
        if len(set(lv)) != len(lv):
            raise ScenarioError(f"ladder {lname!r} repeats a level")
        ladders[str(lname)] = lv

    credentials: Dict[str, Optional[int]] = {}
    for cname, spec in (raw.get("credentials") or {}).items():
        spec = spec or {}
        vy = spec.get("valid_years")
        credentials[str(cname)] = None if vy is None else _int(vy, f"credentials.{cname}.valid_years")
    if set(credentials) & set(ladders):
        raise ScenarioError("a name is both a ladder and a credential")

    ra = raw.get("retirement_age") or {}
    retirement_age = {str(k): _int(v, f"retirement_age.{k}") for k, v in ra.items()}
    for sex in ("male", "female"):
        if sex not in retirement_age:
            raise ScenarioError(f"retirement_age.{sex} is missing")

    max_conc = raw.get("max_concurrent_programs")
    max_conc = 1 if max_conc is None else _int(max_conc, "max_concurrent_programs")
    msa = raw.get("min_service_years_after")
    msa = 0 if msa is None else _int(msa, "min_service_years_after")

    budget = None
    if raw.get("budget") is not None:
        budget = parse_per_year(raw["budget"], "budget", missing=None)

    groups = {str(g): parse_selector(s, f"groups.{g}") for g, s in (raw.get("groups") or {}).items()}

    programs: Dict[str, Program] = {}
    for i, p in enumerate(raw.get("programs") or []):
        what = f"programs[{i}]"
        pid = str(p.get("id"))
        if p.get("id") is None or pid in programs:
            raise ScenarioError(f"{what}: missing or repeated id {p.get('id')!r}")
        what = f"program {pid}"
        g = p.get("grants") or {}
        prog = Program(
            id=pid,
            name=str(p.get("name", pid)),
            duration=_int(p.get("duration_years"), f"{what}.duration_years"),
            cost=_num(p.get("cost_per_year"), f"{what}.cost_per_year"),
            seats=parse_per_year(p.get("seats"), f"{what}.seats", missing=Decimal(0)),
            eligible=parse_selector(p.get("eligible"), f"{what}.eligible"),
            requires={},
        )
        if prog.duration < 1:
            raise ScenarioError(f"{what}: duration_years must be >= 1")
        # The contract gives no default for seats or cost_per_year: we require
        # both (None reaches _num / parse_per_year above and is rejected).
        for lad, lev in (p.get("requires") or {}).items():
            prog.requires[str(lad)] = _level_index(ladders, str(lad), lev, f"{what}.requires")
        if "ladder" in g and "credential" not in g:
            prog.grant_ladder = str(g["ladder"])
            prog.grant_level = _level_index(ladders, prog.grant_ladder, g.get("level"), f"{what}.grants")
        elif "credential" in g and "ladder" not in g:
            prog.grant_credential = str(g["credential"])
            if prog.grant_credential not in credentials:
                raise ScenarioError(f"{what}.grants: unknown credential {prog.grant_credential!r}")
        else:
            raise ScenarioError(f"{what}.grants must be {{ladder, level}} or {{credential}}")
        if p.get("min_service_years_after") is not None:
            prog.min_service_years_after = _int(p["min_service_years_after"], f"{what}.min_service_years_after")
        programs[pid] = prog

    targets: List[Target] = []
    seen_t = set()
    for i, t in enumerate(raw.get("targets") or []):
        tid = str(t.get("id", f"target{i}"))
        if tid in seen_t:
            raise ScenarioError(f"target id {tid!r} repeated")
        seen_t.add(tid)
        what = f"target {tid}"
        gname = str(t.get("group"))
        if gname not in groups:
            raise ScenarioError(f"{what}: unknown group {t.get('group')!r}")
        cps = []
        for y, share in (t.get("checkpoints") or {}).items():
            p = _num(share, f"{what}.checkpoints[{y}]")
            if p < 0 or p > 1:
                raise ScenarioError(f"{what}: share {share} outside [0, 1]")
            cps.append((_year_key(y, f"{what}.checkpoints"), p))
        cps.sort()
        w = t.get("weight")
        tgt = Target(id=tid, group=gname,
                     weight=Decimal(1) if w is None else _num(w, f"{what}.weight"),
                     checkpoints=cps)
        if "credential" in t and "ladder" not in t:
            tgt.credential = str(t["credential"])
            if tgt.credential not in credentials:
                raise ScenarioError(f"{what}: unknown credential {tgt.credential!r}")
        elif "ladder" in t and "credential" not in t:
            tgt.ladder = str(t["ladder"])
            tgt.at_least = _level_index(ladders, tgt.ladder, t.get("at_least"), f"{what}.at_least")
        else:
            raise ScenarioError(f"{what}: needs ladder+at_least or credential")
        targets.append(tgt)

    if raw.get("roster") is None:
        raise ScenarioError("roster is missing")
    roster_path = os.path.join(os.path.dirname(os.path.abspath(path)), str(raw["roster"]))
    cadres = load_roster(roster_path, ladders, credentials)

    return Scenario(
        name=str(raw.get("name", "")), start=start, end=end, ladders=ladders,
        credentials=credentials, retirement_age=retirement_age,
        max_concurrent=max_conc, min_service_after=msa, budget=budget,
        groups=groups, programs=programs, targets=targets, cadres=cadres,
        path=os.path.abspath(path),
    )


def load_roster(path: str, ladders: Dict[str, List[str]],
                credentials: Dict[str, Optional[int]]) -> Dict[str, Cadre]:
    with open(path, "r", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ScenarioError("roster CSV is empty")
    header = [h.strip() for h in rows[0]]
    expected_fixed = ["id", "birth_year", "sex", "tier", "flags"]
    if header[:5] != expected_fixed:
        raise ScenarioError(f"roster header must start with {expected_fixed}, got {header[:5]}")
    for col in list(ladders) + list(credentials):
        if col not in header:
            raise ScenarioError(f"roster has no column {col!r}")
    cadres: Dict[str, Cadre] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not row or all(not x.strip() for x in row):
            continue
        if len(row) != len(header):
            raise ScenarioError(f"roster line {lineno}: {len(row)} cells, header has {len(header)}")
        cell = dict(zip(header, row))
        cid = cell["id"].strip()
        if not cid or cid in cadres:
            raise ScenarioError(f"roster line {lineno}: missing or repeated id {cid!r}")
        sex = cell["sex"].strip()
        if sex not in ("male", "female"):
            raise ScenarioError(f"roster line {lineno}: sex must be male or female, got {sex!r}")
        flags = frozenset(x.strip() for x in cell["flags"].split(";") if x.strip())
        levels = {}
        for lad, lv in ladders.items():
            v = cell[lad].strip()
            if v == "":
                levels[lad] = 0
            elif v in lv:
                levels[lad] = lv.index(v)
            else:
                raise ScenarioError(f"roster line {lineno}: {v!r} is not a level of {lad!r}")
        creds = {}
        for cr in credentials:
            v = cell[cr].strip()
            creds[cr] = None if v == "" else _int(v, f"roster line {lineno} {cr}")
        cadres[cid] = Cadre(
            id=cid, birth_year=_int(cell["birth_year"].strip(), f"roster line {lineno} birth_year"),
            sex=sex, tier=cell["tier"].strip(), flags=flags, levels=levels, credentials=creds)
    return cadres


def load_plan(path: str) -> List[Enrollment]:
    with open(path, "r", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    if header[:3] != ["cadre_id", "program_id", "start_year"]:
        raise ScenarioError(f"plan header must be cadre_id,program_id,start_year, got {header}")
    plan = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not row or all(not x.strip() for x in row):
            continue
        if len(row) < 3:
            raise ScenarioError(f"plan line {lineno}: expected 3 cells")
        plan.append(Enrollment(row[0].strip(), row[1].strip(),
                               _int(row[2].strip(), f"plan line {lineno} start_year"),
                               row=len(plan)))
    return plan


def write_plan(path: str, enrollments) -> None:
    """enrollments: iterable of (cadre_id, program_id, start_year)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["cadre_id", "program_id", "start_year"])
        for c, p, s in enrollments:
            w.writerow([c, p, s])
