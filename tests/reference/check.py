"""Independent checker for `cadreplan/1` plans (reference implementation).

Implements rules 1-9 and the scoring of SCENARIO-FORMAT.md literally, one rule
at a time, with exact (Decimal / integer) arithmetic.

    python tests/reference/check.py SCENARIO.yaml PLAN.csv      # prints JSON

Choices where the contract is silent (documented in the report too):
* Violations are reported for every rule an enrollment breaks.  An enrollment
  naming an unknown cadre or program (rule 6) is reported and otherwise
  ignored: it has no duration, cost or grant.
* Levels and credential completions used by rules 4/5 and by the scoring come
  from every enrollment of the plan whose cadre and program exist, valid or not
  (for an invalid plan the score is informational only).
* Rules 7-9 count every such enrollment, in every year it occupies (also years
  outside the horizon, which only an enrollment already breaking rule 1 has).
"""
from __future__ import annotations

import json
import math
import os
import sys
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import Enrollment, Program, Scenario, load_plan, load_scenario  # noqa: E402


def completion_year(p: Program, s: int) -> int:
    """e = s + duration_years - 1."""
    return s + p.duration - 1


def required_count(share: Decimal, n: int) -> int:
    """ceil(p * n) on the decimal share as written, exactly."""
    return math.ceil(Fraction(share) * n)   # Fraction(Decimal) is exact


def level_at_end_of(sc: Scenario, mine: List[Enrollment], cadre_id: str,
                    ladder: str, year: int) -> int:
    """Roster level raised by every ladder enrollment of the cadre on `ladder`
    completing at the end of a year <= `year` (never lowered).
    `mine` = the plan's (known) enrollments of this cadre."""
    level = sc.cadres[cadre_id].levels[ladder]
    for en in mine:
        assert en.cadre_id == cadre_id
        p = sc.programs[en.program_id]
        if p.grant_ladder == ladder and completion_year(p, en.start_year) <= year:
            level = max(level, p.grant_level)
    return level


def credential_achieved(sc: Scenario, mine: List[Enrollment], cadre_id: str,
                        cred: str, year: int) -> bool:
    """Some completion z (roster year or completion of an enrollment granting
    the credential) with z <= Y and Y - z < valid_years (forever if omitted).
    Testing 'some z' equals testing the latest z <= Y, which has the least Y - z."""
    valid = sc.credentials[cred]
    completions = []
    z0 = sc.cadres[cadre_id].credentials[cred]
    if z0 is not None:
        completions.append(z0)
    for en in mine:
        assert en.cadre_id == cadre_id
        p = sc.programs[en.program_id]
        if p.grant_credential == cred:
            completions.append(completion_year(p, en.start_year))
    for z in completions:
        if z <= year and (valid is None or year - z < valid):
            return True
    return False


def _number(x):
    """JSON-friendly number: int when integral, else float."""
    if isinstance(x, (Decimal, Fraction)):
        if x == int(x):
            return int(x)
        return float(x)
    return x


def check(sc: Scenario, plan: List[Enrollment]) -> dict:
    violations: List[dict] = []

    def enr_info(en: Enrollment) -> dict:
        return {"enrollment": en.row, "cadre": en.cadre_id,
                "program": en.program_id, "year": en.start_year}

    # ---- rule 6 first: which enrollments can be evaluated at all ----
    known: List[Enrollment] = []
    for en in plan:
        if en.cadre_id not in sc.cadres or en.program_id not in sc.programs:
            missing = []
            if en.cadre_id not in sc.cadres:
                missing.append(f"cadre {en.cadre_id!r}")
            if en.program_id not in sc.programs:
                missing.append(f"program {en.program_id!r}")
            violations.append(dict(rule=6, **enr_info(en),
                                   message="unknown " + " and ".join(missing)))
        else:
            known.append(en)

    by_cadre: Dict[str, List[Enrollment]] = defaultdict(list)
    for en in known:
        by_cadre[en.cadre_id].append(en)

    # ---- per-enrollment rules 1-5 ----
    for en in known:
        c = sc.cadres[en.cadre_id]
        p = sc.programs[en.program_id]
        s = en.start_year
        e = completion_year(p, s)
        # Rule 1: start <= s and e <= end.
        if not (sc.start <= s and e <= sc.end):
            violations.append(dict(rule=1, **enr_info(en),
                                   message=f"occupies {s}..{e}, outside horizon {sc.start}..{sc.end}"))
        # Rule 2: active in every year s .. e + min_service_years_after.
        last = e + sc.min_service(p)
        for y in range(s, last + 1):
            if not sc.active(c, y):
                violations.append(dict(rule=2, **enr_info(en),
                                       message=f"not active in {y} (age {y - c.birth_year}, "
                                               f"retires at {sc.retirement_age[c.sex]}); must serve to {last}"))
                break
        # Rule 3: eligible selector holds in year s.
        if not p.eligible.holds(c, s):
            violations.append(dict(rule=3, **enr_info(en), message=f"not eligible in {s}"))
        # Rule 4: each requires entry met at the start of s (= end of s-1).
        for lad, need in p.requires.items():
            have = level_at_end_of(sc, by_cadre[c.id], c.id, lad, s - 1)
            if have < need:
                violations.append(dict(rule=4, **enr_info(en),
                                       message=f"{lad} is {sc.ladders[lad][have]} at start of {s}, "
                                               f"needs {sc.ladders[lad][need]}"))
        # Rule 5: a ladder program must be able to raise the cadre.
        if p.grant_ladder is not None:
            have = level_at_end_of(sc, by_cadre[c.id], c.id, p.grant_ladder, s - 1)
            if have >= p.grant_level:
                violations.append(dict(rule=5, **enr_info(en),
                                       message=f"{p.grant_ladder} already {sc.ladders[p.grant_ladder][have]} "
                                               f"at start of {s}"))

    # ---- rule 7: concurrency per cadre and year ----
    occupying: Dict[tuple, int] = defaultdict(int)
    for en in known:
        p = sc.programs[en.program_id]
        for y in range(en.start_year, completion_year(p, en.start_year) + 1):
            occupying[(en.cadre_id, y)] += 1
    for (cid, y), k in sorted(occupying.items()):
        if k > sc.max_concurrent:
            violations.append(dict(rule=7, cadre=cid, year=y, count=k, limit=sc.max_concurrent,
                                   message=f"{k} programs in {y}, limit {sc.max_concurrent}"))

    # ---- rule 8: seats per program and start year ----
    starts: Dict[tuple, int] = defaultdict(int)
    for en in known:
        starts[(en.program_id, en.start_year)] += 1
    for (pid, y), k in sorted(starts.items()):
        seats = sc.seats(sc.programs[pid], y)
        if k > seats:
            violations.append(dict(rule=8, program=pid, year=y, count=k, seats=_number(seats),
                                   message=f"{k} starts in {y}, {seats} seats"))

    # ---- rule 9: budget per year ----
    spend: Dict[int, Decimal] = defaultdict(Decimal)
    for en in known:
        p = sc.programs[en.program_id]
        for y in range(en.start_year, completion_year(p, en.start_year) + 1):
            spend[y] += p.cost
    for y, amount in sorted(spend.items()):
        cap = sc.budget_cap(y)
        if cap is not None and amount > cap:
            violations.append(dict(rule=9, year=y, cost=_number(amount), budget=_number(cap),
                                   message=f"spends {amount} in {y}, budget {cap}"))

    # ---- scoring ----
    checkpoints = []
    S = Decimal(0)
    for t in sc.targets:
        sel = sc.groups[t.group]
        for Y, share in t.checkpoints:
            members = [c for c in sc.cadres.values() if sc.active(c, Y) and sel.holds(c, Y)]
            n = len(members)
            required = required_count(share, n)
            achieved = 0
            for c in members:
                if t.ladder is not None:
                    ok = level_at_end_of(sc, by_cadre[c.id], c.id, t.ladder, Y) >= t.at_least
                else:
                    ok = credential_achieved(sc, by_cadre[c.id], c.id, t.credential, Y)
                achieved += 1 if ok else 0
            shortfall = max(0, required - achieved)
            S += t.weight * shortfall
            checkpoints.append({"target": t.id, "year": Y, "share": str(share), "n": n,
                                "required": required, "achieved": achieved,
                                "shortfall": shortfall, "weight": _number(t.weight)})
    C = sum((sc.programs[en.program_id].cost * sc.programs[en.program_id].duration for en in known),
            Decimal(0))

    return {
        "valid": not violations,
        "violations": violations,
        "S": _number(S),
        "C": _number(C),
        "checkpoints": checkpoints,
        "enrollments": len(plan),
    }


def check_files(scenario_path: str, plan_path: str) -> dict:
    return check(load_scenario(scenario_path), load_plan(plan_path))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python check.py SCENARIO.yaml PLAN.csv", file=sys.stderr)
        return 2
    result = check_files(argv[0], argv[1])
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
