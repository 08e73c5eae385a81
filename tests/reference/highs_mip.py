"""Individual-level MIP of the whole `cadreplan/1` contract, solved with HiGHS.

Reference implementation, derived from SCENARIO-FORMAT.md alone.  It finds a
lexicographically optimal plan: least weighted shortfall S, then least cost C.

    python tests/reference/highs_mip.py SCENARIO.yaml --out DIR \
        [--time-limit SECONDS] [--threads N] [--mip-rel-gap G] [--verbose]
        [--formulation compact|levels] [--no-reduce] [--no-strengthen]

writes DIR/plan.csv and DIR/result.json.  Importable: ``solve(path, ...) -> dict``.

Two formulations of rules 4 and 5 are provided and cross-checked in the tests
(against each other and against brute-force enumeration with check.py):
`compact` (default, about 3x fewer rows, much faster) and `levels` (explicit
level-reached indicators r, exact over ALL valid plans with --no-strengthen).

Common part (x binary, a continuous, sf integer)
------------------------------------------------
x[j]        1 iff candidate enrollment j = (cadre c, program k, start s) is in the
            plan.  Candidates are the (c, k, s) passing the rules that depend on
            no other decision: 1 (inside horizon), 2 (active through
            e + min service), 3 (eligible in s), 6 (exist), plus two static
            consequences of 4/5 (see `_candidates`), minus provably useless
            ones (see `_useful`).
rule 7      sum{x[j] occupying y, cadre c} <= max_concurrent_programs   per (c, y)
rule 8      sum{x[j] of k starting in y} <= floor(seats(k, y))          per (k, y)
rule 9      sum{cost_k * x[j] occupying y} <= budget(y)                 per y with a cap
a[t,Y,c]    achievement of member c at target checkpoint (t, Y), continuous in [0,1]:
              ladder:     a <= sum{x[j] of c granting >= at_least, e_j <= Y}
                          (levels formulation: a <= r[c,L,at_least,min(Y,end)])
              credential: a <= sum{x[j] of c granting it, Y - valid < e_j <= Y}
            (only upper bounds are needed: a is only rewarded; at integer x the
            best a is the integer min(1, bound), so continuity is exact.)
sf[t,Y]     integer >= 0:  sum_c a[t,Y,c] + sf[t,Y] >= required - (members achieved
            by the roster alone)
(D)         sum{x of c granting exactly level g on L} <= 1 (and per never-expiring
            credential): restricts to "deduplicated" plans, which always contain
            an optimal plan (see the comment in build_model).

Compact rules 4/5 (see `_compact_rules` for the proofs)
-------------------------------------------------------
rule 4      sum{x granting g on L, requiring >= v on L2, s <= t}
              <= sum{x' of c granting g' on L2, v <= g' (< g if L2 == L), e' <= t-1}
            for each start year t (credential programs: one row per enrollment)
rule 5      x + sum{x' of c granting exactly h on L, e' <= s-1} <= 1
            for h = g and each "entry" level h > g

Levels rules 4/5 (r continuous in [0,1], integral at integer x)
---------------------------------------------------------------
r[c,L,v,y]  1 iff c's level on ladder L at the END of year y is >= v, defined
            exactly in both directions (y-1 end = start of y):
              lower:  x[j] <= r[c,L,v*,e_j]    (v* = highest modelled level <= g_j)
                      r[c,L,v,y-1] <= r[c,L,v,y]       (monotone in years)
                      r[c,L,v',y]  <= r[c,L,v,y]       (v' next modelled level above v)
              upper:  r[c,L,v,y] <= r[c,L,v,y-1] + sum{x[j]: j grants >= v on L, e_j = y}
            Only levels above the roster level that some rule/target references
            are modelled; levels <= roster level are the constant 1.
rule 4      x[j] <= r[c,L,v,s_j-1]           for each requires (L, v), v > roster level
rule 5      x[j] + r[c,L,g,s_j-1] <= 1       for a ladder program granting g on L
(C4)        with (D): cumulative prerequisites, as the compact rule 4 but with
            r[c,L2,v,t-1] on the right for another ladder L2 (omitted, with (D),
            by --no-strengthen, which leaves the plain exact model)

phase 1     minimise S = sum weight * sf
phase 2     add S <= S* (+ tolerance), minimise C = sum cost_per_year * duration * x
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contract import Scenario, load_scenario, write_plan  # noqa: E402
from check import check, required_count  # noqa: E402
from contract import load_plan  # noqa: E402

INF = float("inf")


# --------------------------------------------------------------------------
# A tiny row-wise model builder (CSR arrays handed to HiGHS in one call)
# --------------------------------------------------------------------------
class Builder:
    def __init__(self):
        self.col_lb: List[float] = []
        self.col_ub: List[float] = []
        self.col_int: List[bool] = []
        self.row_lb: List[float] = []
        self.row_ub: List[float] = []
        self.row_start: List[int] = [0]
        self.a_index: List[int] = []
        self.a_value: List[float] = []

    def col(self, lb: float, ub: float, integer: bool) -> int:
        self.col_lb.append(lb)
        self.col_ub.append(ub)
        self.col_int.append(integer)
        return len(self.col_lb) - 1

    def row(self, lb: float, ub: float, idx: List[int], val: List[float]) -> None:
        self.row_lb.append(lb)
        self.row_ub.append(ub)
        self.a_index.extend(idx)
        self.a_value.extend(val)
        self.row_start.append(len(self.a_index))

    @property
    def num_col(self) -> int:
        return len(self.col_lb)

    @property
    def num_row(self) -> int:
        return len(self.row_lb)


@dataclass
class Model:
    b: Builder
    cand: List[Tuple[str, str, int]]          # x column j -> (cadre, program, start)
    x_col: List[int]                          # column of candidate j
    x_cost: List[float]                       # cost_per_year * duration of candidate j
    sf_cols: List[Tuple[int, float]]          # (column, weight)
    stats: dict = field(default_factory=dict)


# --------------------------------------------------------------------------
# Candidate enrollments
# --------------------------------------------------------------------------
def _candidates(sc: Scenario, c) -> List[Tuple[str, int, int]]:
    """(program, s, e) for cadre c passing rules 1, 2, 3 (6 holds by construction),
    then two exact static consequences of rules 4 and 5:
      * rule 5: levels are never lowered, so a ladder program granting g <= the
        roster level can never start;
      * rule 4: a requirement (L, v) above the roster level can only be met by a
        candidate of c granting >= v on L completing <= s-1; if no remaining
        candidate does, the enrollment can be in no valid plan.  Iterated to a
        fixpoint (removing one candidate can strand another).
    Every enrollment of every valid plan survives these filters (induction on
    the start year), so nothing feasible is lost."""
    out = []
    for p in sc.programs.values():
        if p.grant_ladder is not None and c.levels[p.grant_ladder] >= p.grant_level:
            continue
        for s in range(sc.start, sc.end - p.duration + 2):     # rule 1: e <= end
            e = s + p.duration - 1
            if not sc.active(c, e + sc.min_service(p)):          # rule 2 (age only rises)
                continue
            if not p.eligible.holds(c, s):                       # rule 3
                continue
            out.append((p.id, s, e))
    while True:
        # earliest completion of a remaining candidate granting >= v on L
        emin: Dict[Tuple[str, int], int] = {}
        for pid, s, e in out:
            p = sc.programs[pid]
            if p.grant_ladder is not None:
                for v in range(p.grant_level + 1):
                    key = (p.grant_ladder, v)
                    if key not in emin or e < emin[key]:
                        emin[key] = e
        kept = []
        for pid, s, e in out:
            ok = True
            for L, v in sc.programs[pid].requires.items():
                if c.levels[L] >= v:
                    continue
                if (L, v) not in emin or emin[(L, v)] > s - 1:
                    ok = False
                    break
            if ok:
                kept.append((pid, s, e))
        if len(kept) == len(out):
            return kept
        out = kept


def _useful(sc: Scenario, c, cands, ladder_deadline, cred_checkpoints):
    """Reduction (safe for both S and least C when every cost_per_year >= 0):
    keep only candidates that can help a target checkpoint of c, directly or
    through a chain of `requires`.

    `ladder_deadline[(L, v)]` = latest checkpoint year Y of a ladder target
    (L, at_least v) whose group holds c in Y while c's roster level is < v;
    `cred_checkpoints[cred]` = the checkpoint years of credential targets whose
    group holds c in Y while c's roster completion does not already count in Y.

    A candidate is useful iff (a) it grants >= v on L and e <= ladder_deadline[(L, v)]
    for some v, or grants credential cr with e <= Y and Y - e < valid for some Y in
    cred_checkpoints[cr]; or (b) it grants >= v on L with e <= s'-1 for some useful
    candidate (.., s') of c requiring (L, v) with v above c's roster level.

    Proof of safety: take any valid plan P and let P' be P without the enrollments
    that are not useful.  Rules 1-3, 6 are per enrollment.  Rule 5 and rules 7-9
    only get looser when enrollments are removed (levels can only be lower,
    counts and spending only smaller, costs being >= 0).  Rule 4: a kept
    enrollment's requirement above the roster level was met in P by some
    enrollment completing <= s-1 and granting enough; by (b) that enrollment is
    useful, hence kept.  Every member counted as achieved in P is achieved by
    its roster (unchanged) or by an enrollment that is useful by (a), hence kept.
    So P' is valid with S(P') = S(P) and C(P') <= C(P): an optimal plan exists
    among useful candidates."""
    useful = [False] * len(cands)
    for i, (pid, s, e) in enumerate(cands):
        p = sc.programs[pid]
        if p.grant_ladder is not None:
            for v in range(p.grant_level + 1):
                d = ladder_deadline.get((p.grant_ladder, v))
                if d is not None and e <= d:
                    useful[i] = True
                    break
        else:
            valid = sc.credentials[p.grant_credential]
            for Y in cred_checkpoints.get(p.grant_credential, ()):
                if e <= Y and (valid is None or Y - e < valid):
                    useful[i] = True
                    break
    changed = True
    while changed:
        changed = False
        # need_by[(L, v)] = latest s-1 of a useful candidate requiring v on L
        need_by: Dict[Tuple[str, int], int] = {}
        for i, (pid, s, e) in enumerate(cands):
            if useful[i]:
                for L, v in sc.programs[pid].requires.items():
                    if v > c.levels[L]:
                        need_by[(L, v)] = max(need_by.get((L, v), -10**9), s - 1)
        for i, (pid, s, e) in enumerate(cands):
            if useful[i]:
                continue
            p = sc.programs[pid]
            if p.grant_ladder is None:
                continue
            for v in range(p.grant_level + 1):
                d = need_by.get((p.grant_ladder, v))
                if d is not None and e <= d:
                    useful[i] = True
                    changed = True
                    break
    return [cd for cd, u in zip(cands, useful) if u]


# --------------------------------------------------------------------------
# The "compact" formulation of rules 4 and 5 (no level indicators)
# --------------------------------------------------------------------------
def _compact_rules(sc: Scenario, b: Builder, cand_of, x_col):
    """Rules 4 and 5 without r variables, exact over DEDUPLICATED plans (at most
    one enrollment per cadre granting a given level of a ladder, or a given
    never-expiring credential); see build_model for why an optimal plan is
    always among them.  With E[c,L,g] = c's candidates granting exactly g on L:

      (D)  sum E[c,L,g] <= 1

      rule 4, ladder program granting g on L, requirement (L2, v) above the roster:
           for each start year t:
           sum{x in E[c,L,g] requiring >= v on L2, s <= t}
               <= sum{x' of c granting g' on L2, e' <= t-1, with v <= g' (< g if L2 == L)}
           Valid: the left side is 0/1 by (D); a start s <= t needs the level on
           L2 at s-1 >= v, reached (being above the roster) by an enrollment
           granting >= v completed by s-1 <= t-1, and on L2 == L below g by
           rule 5.  Exact: the row for t = s forces such an enrollment, so rule 4.
      rule 4, credential program: x <= sum{x' granting >= v on L2, e' <= s-1}.

      rule 5, x in E[c,L,g] starting s:  x + sum{x' in E[c,L,h], e' <= s-1} <= 1
           for h = g and for every h > g some program of E[c,L,h] of which does
           not require >= g on L ("entry levels").  Exact: if c's level at s-1 is
           >= g (> roster level), take the enrollment granting >= g that completed
           first; had it needed >= g on L before its start, an even earlier one
           would exist; so it grants an entry level h and its row forbids x.
    Returns row counts (rule4, rule5, dedup, chain)."""
    n4 = n5 = nd = nc = 0
    for cid, lst in cand_of.items():
        if not lst:
            continue
        c = sc.cadres[cid]
        E: Dict[Tuple[str, int], List[Tuple[int, str, int, int]]] = defaultdict(list)
        forever: Dict[str, List[int]] = defaultdict(list)
        for item in lst:
            p = sc.programs[item[1]]
            if p.grant_ladder is not None:
                E[(p.grant_ladder, p.grant_level)].append(item)
            elif sc.credentials[p.grant_credential] is None:
                forever[p.grant_credential].append(x_col[item[0]])
        for items in E.values():
            if len(items) >= 2:
                b.row(-INF, 1.0, [x_col[j] for j, _, _, _ in items], [1.0] * len(items))
                nd += 1
        for cols in forever.values():
            if len(cols) >= 2:
                b.row(-INF, 1.0, cols, [1.0] * len(cols))
                nd += 1

        def completed(L2, lo, hi, y):
            """x' of c granting g' on L2 with lo <= g' < hi, completing by y."""
            out = []
            for j, pid, s, e in lst:
                p = sc.programs[pid]
                if p.grant_ladder == L2 and lo <= p.grant_level < hi and e <= y:
                    out.append(x_col[j])
            return out

        # rule 4, ladder programs (cumulative rows)
        for (L, g), items in E.items():
            reqs = set()
            for j, pid, s, e in items:
                for L2, v in sc.programs[pid].requires.items():
                    if v > c.levels[L2]:
                        reqs.add((L2, v))
            for L2, v in sorted(reqs):
                members = [(j, s) for j, pid, s, e in items
                           if sc.programs[pid].requires.get(L2, -1) >= v]
                hi = g if L2 == L else 10**9
                for t in sorted({s for _, s in members}):
                    idx = [x_col[j] for j, s in members if s <= t]
                    rhs = completed(L2, v, hi, t - 1)
                    b.row(-INF, 0.0, idx + rhs, [1.0] * len(idx) + [-1.0] * len(rhs))
                    nc += 1
        # rule 4, credential programs (one row per enrollment and requirement)
        for j, pid, s, e in lst:
            p = sc.programs[pid]
            if p.grant_credential is None:
                continue
            for L2, v in p.requires.items():
                if v > c.levels[L2]:
                    rhs = completed(L2, v, 10**9, s - 1)
                    b.row(-INF, 0.0, [x_col[j]] + rhs, [1.0] + [-1.0] * len(rhs))
                    n4 += 1
        # rule 5
        for (L, g), items in E.items():
            entry = [g] + sorted(h for (L3, h), its in E.items() if L3 == L and h > g and any(
                sc.programs[pid].requires.get(L, -1) < g for _, pid, _, _ in its))
            for j, pid, s, e in items:
                for h in entry:
                    q = [x_col[j2] for j2, pid2, s2, e2 in E[(L, h)] if e2 <= s - 1]
                    if q:
                        b.row(-INF, 1.0, [x_col[j]] + q, [1.0] * (1 + len(q)))
                        n5 += 1
    return n4, n5, nd, nc


# --------------------------------------------------------------------------
# Model construction
# --------------------------------------------------------------------------
def build_model(sc: Scenario, reduce: bool = True, integral_aux: bool = False,
                strengthen: bool = True, formulation: str = "compact") -> Model:
    if formulation not in ("levels", "compact"):
        raise ValueError(f"unknown formulation {formulation!r}")
    t0 = time.perf_counter()
    b = Builder()
    reduce = reduce and all(p.cost >= 0 for p in sc.programs.values())

    # --- group membership and roster achievement per target checkpoint ---
    # members[(ti, Y)] = list of cadre ids in the group (active and selected in Y)
    members: Dict[Tuple[int, int], List[str]] = {}
    for ti, t in enumerate(sc.targets):
        sel = sc.groups[t.group]
        for Y, _share in t.checkpoints:
            members[(ti, Y)] = [c.id for c in sc.cadres.values()
                                if sc.active(c, Y) and sel.holds(c, Y)]

    def roster_achieved(c, t, Y) -> bool:
        if t.ladder is not None:
            return c.levels[t.ladder] >= t.at_least
        z = c.credentials[t.credential]
        valid = sc.credentials[t.credential]
        return z is not None and z <= Y and (valid is None or Y - z < valid)

    # Per cadre: the target checkpoints it is a member of and not roster-achieved.
    # (Reduction: cadres never in a group, or already achieved by the roster, get
    # no achievement variable: their contribution is a constant.)
    open_ckpts: Dict[str, List[Tuple[int, int]]] = defaultdict(list)
    const_achieved: Dict[Tuple[int, int], int] = {}
    for (ti, Y), mem in members.items():
        t = sc.targets[ti]
        k = 0
        for cid in mem:
            if roster_achieved(sc.cadres[cid], t, Y):
                k += 1
            else:
                open_ckpts[cid].append((ti, Y))
        const_achieved[(ti, Y)] = k

    # --- candidates and x columns ---
    cand: List[Tuple[str, str, int]] = []
    x_col: List[int] = []
    x_cost: List[float] = []
    cand_of: Dict[str, List[Tuple[int, str, int, int]]] = {}   # cid -> [(j, pid, s, e)]
    n_raw = 0
    for c in sc.cadres.values():
        cs = _candidates(sc, c)
        n_raw += len(cs)
        if reduce:
            ladder_deadline: Dict[Tuple[str, int], int] = {}
            cred_ck: Dict[str, List[int]] = defaultdict(list)
            for ti, Y in open_ckpts.get(c.id, ()):
                t = sc.targets[ti]
                if t.ladder is not None:
                    key = (t.ladder, t.at_least)
                    ladder_deadline[key] = max(ladder_deadline.get(key, -10**9), Y)
                else:
                    cred_ck[t.credential].append(Y)
            cs = _useful(sc, c, cs, ladder_deadline, cred_ck)
        lst = []
        for pid, s, e in cs:
            j = len(cand)
            p = sc.programs[pid]
            cand.append((c.id, pid, s))
            x_col.append(b.col(0.0, 1.0, True))
            x_cost.append(float(p.cost * p.duration))
            lst.append((j, pid, s, e))
        cand_of[c.id] = lst

    # --- level indicators r and rules 4, 5 ---
    aux_int = integral_aux
    n_r = 0

    def level_refs_for(cid: str):
        """Build the r grid of cadre cid; returns resolve(L, v, y) -> ('c', 0|1) | ('v', col)."""
        nonlocal n_r
        c = sc.cadres[cid]
        lst = cand_of[cid]
        # references (L, v, y) needed by rules 4/5 and by ladder targets
        refs: Dict[str, set] = defaultdict(set)
        for j, pid, s, e in lst:
            p = sc.programs[pid]
            for L, v in p.requires.items():
                if v > c.levels[L]:
                    refs[L].add((v, s - 1))
            if p.grant_ladder is not None:
                refs[p.grant_ladder].add((p.grant_level, s - 1))
        for ti, Y in open_ckpts.get(cid, ()):
            t = sc.targets[ti]
            if t.ladder is not None:
                refs[t.ladder].add((t.at_least, min(Y, sc.end)))
        grids = {}
        for L, rs in refs.items():
            roster = c.levels[L]
            ladder_c = [(j, sc.programs[pid].grant_level, e) for j, pid, s, e in lst
                        if sc.programs[pid].grant_ladder == L]
            vlev = sorted({v for v, y in rs if v > roster})
            emin = {}
            for v in vlev:
                es = [e for j, g, e in ladder_c if g >= v]
                if es:
                    emin[v] = min(es)
            vgrid = [v for v in vlev if v in emin]
            ymax = max(y for v, y in rs)
            vgrid = [v for v in vgrid if emin[v] <= ymax]
            grid: Dict[Tuple[int, int], int] = {}
            for v in vgrid:
                for y in range(emin[v], ymax + 1):
                    grid[(v, y)] = b.col(0.0, 1.0, aux_int)
                    n_r += 1
            # exactness rows
            for i, v in enumerate(vgrid):
                vnext = vgrid[i + 1] if i + 1 < len(vgrid) else None
                for y in range(emin[v], ymax + 1):
                    col = grid[(v, y)]
                    # upper: r[v,y] <= r[v,y-1] + sum x completing at y granting >= v
                    idx, val = [col], [1.0]
                    if (v, y - 1) in grid:
                        idx.append(grid[(v, y - 1)]); val.append(-1.0)
                    for j, g, e in ladder_c:
                        if g >= v and e == y:
                            idx.append(x_col[j]); val.append(-1.0)
                    b.row(-INF, 0.0, idx, val)
                    # lower, monotone in years
                    if (v, y - 1) in grid:
                        b.row(-INF, 0.0, [grid[(v, y - 1)], col], [1.0, -1.0])
                    # lower, monotone in levels
                    if vnext is not None and (vnext, y) in grid:
                        b.row(-INF, 0.0, [grid[(vnext, y)], col], [1.0, -1.0])
            # lower, direct: x[j] <= r[v*, e_j]
            for j, g, e in ladder_c:
                below = [v for v in vgrid if v <= g]
                if below and e <= ymax:
                    b.row(-INF, 0.0, [x_col[j], grid[(below[-1], e)]], [1.0, -1.0])
            grids[L] = (grid, set(vlev), emin, ymax)

        def resolve(L, v, y):
            """Indicator 'level on L at the end of y >= v' as a constant or a column.
            Only (L, v) pairs registered in `refs` may be asked for, with y <= ymax;
            the grid of every registered level covers all years emin[v] .. ymax."""
            if v <= c.levels[L]:
                return ("c", 1)                      # levels are never lowered
            grid, vset, emin, ymax = grids[L]
            assert v in vset and y <= ymax, "unregistered level reference"
            if v not in emin or y < emin[v] or emin[v] > ymax:
                return ("c", 0)                      # nothing can grant >= v by y
            return ("v", grid[(v, y)])
        return resolve

    resolvers = {}
    if formulation == "levels":
        n_rule4 = n_rule5 = 0
        for c in sc.cadres.values():
            if not cand_of[c.id] and not open_ckpts.get(c.id):
                continue
            resolve = level_refs_for(c.id)
            resolvers[c.id] = resolve
            for j, pid, s, e in cand_of[c.id]:
                p = sc.programs[pid]
                for L, v in p.requires.items():
                    kind, val = resolve(L, v, s - 1)
                    if kind == "c":
                        assert val == 1, "static rule-4 filter must have removed this candidate"
                    else:
                        b.row(-INF, 0.0, [x_col[j], val], [1.0, -1.0])          # rule 4
                        n_rule4 += 1
                if p.grant_ladder is not None:
                    kind, val = resolve(p.grant_ladder, p.grant_level, s - 1)
                    if kind == "c":
                        assert val == 0, "static rule-5 filter must have removed this candidate"
                    else:
                        b.row(-INF, 1.0, [x_col[j], val], [1.0, 1.0])           # rule 5
                        n_rule5 += 1

        # --- strengthening: one enrollment per (cadre, ladder, granted level) ---
        # The rows above are already an exact model of rules 4/5.  Their LP
        # relaxation is weak, though: r[L,v,y] may be raised by the very
        # enrollments that need v (a program granting g >= v also "reaches" v),
        # so a fractional cadre can bootstrap a chain (0.05 of a college feeding
        # 0.1, 0.2, ... of university enrollments).  We add rows that are valid for
        # every "deduplicated" plan -- a plan with at most one enrollment granting
        # exactly level g on ladder L per cadre (and at most one per cadre of a
        # credential valid forever) -- and we restrict the model to such plans:
        #   (D)  sum{x : c, grants exactly g on L} <= 1
        #   (C4) for each requirement (L2, v) above the roster level of those programs
        #        and each start year t:
        #          sum{x in (D)'s set requiring >= v on L2, s <= t}
        #              <= sum{x' : c, grants g' on L with v <= g' < g, e' <= t-1}   if L2 == L
        #              <= r[c,L2,v,t-1]                                             otherwise
        #        (a start s of such an x needs the level at s-1 to be in [v, g):
        #        >= v by rule 4, < g by rule 5; being above the roster level, it was
        #        reached by an enrollment granting a level in [v, g) completing by
        #        s-1 <= t-1; with (D) the left side is 0 or 1.)
        # Restricting to deduplicated plans keeps an optimal plan: in any valid plan,
        # of two enrollments of c granting the same level g on L (or the same
        # never-expiring credential), dropping the one completing later changes no
        # level (nor credential achievement) in any year, so rules 1-6 still hold
        # for the rest, rules 7-9 only get looser, S is unchanged and C does not rise.
        n_dedup = n_chain = 0
        if strengthen:
            for c in sc.cadres.values():
                lst = cand_of[c.id]
                if not lst:
                    continue
                groups: Dict[tuple, List[Tuple[int, str, int, int]]] = defaultdict(list)
                for item in lst:
                    p = sc.programs[item[1]]
                    if p.grant_ladder is not None:
                        groups[("L", p.grant_ladder, p.grant_level)].append(item)
                    elif sc.credentials[p.grant_credential] is None:
                        groups[("C", p.grant_credential)].append(item)
                for key, items in groups.items():
                    if len(items) >= 2:
                        b.row(-INF, 1.0, [x_col[j] for j, _, _, _ in items], [1.0] * len(items))
                        n_dedup += 1
                    if key[0] != "L":
                        continue
                    _, L, g = key
                    reqs = set()
                    for j, pid, s, e in items:
                        for L2, v in sc.programs[pid].requires.items():
                            if v > c.levels[L2]:
                                reqs.add((L2, v))
                    for L2, v in sorted(reqs):
                        members_ = [(j, s) for j, pid, s, e in items
                                    if sc.programs[pid].requires.get(L2, -1) >= v]
                        for t in sorted({s for _, s in members_}):
                            idx = [x_col[j] for j, s in members_ if s <= t]
                            val = [1.0] * len(idx)
                            if L2 == L:
                                for j2, pid2, s2, e2 in lst:
                                    p2 = sc.programs[pid2]
                                    if (p2.grant_ladder == L and v <= p2.grant_level < g
                                            and e2 <= t - 1):
                                        idx.append(x_col[j2]); val.append(-1.0)
                            else:
                                kind, rv = resolvers[c.id](L2, v, t - 1)
                                if kind == "c":
                                    if rv == 1:
                                        continue       # (D) already bounds the sum by 1
                                else:
                                    idx.append(rv); val.append(-1.0)
                            b.row(-INF, 0.0, idx, val)
                            n_chain += 1

    else:
        n_r = 0
        n_rule4, n_rule5, n_dedup, n_chain = _compact_rules(sc, b, cand_of, x_col)

    # --- rule 7: concurrency per cadre and year ---
    n_rule7 = 0
    for c in sc.cadres.values():
        by_year: Dict[int, List[int]] = defaultdict(list)
        for j, pid, s, e in cand_of[c.id]:
            for y in range(s, e + 1):
                by_year[y].append(x_col[j])
        for y, cols in sorted(by_year.items()):
            if len(cols) > sc.max_concurrent:
                b.row(-INF, float(sc.max_concurrent), cols, [1.0] * len(cols))
                n_rule7 += 1

    # --- rule 8: seats per program and start year ---
    starts: Dict[Tuple[str, int], List[int]] = defaultdict(list)
    occupy: Dict[int, List[Tuple[int, float]]] = defaultdict(list)
    for j, (cid, pid, s) in enumerate(cand):
        p = sc.programs[pid]
        starts[(pid, s)].append(x_col[j])
        for y in range(s, s + p.duration):
            occupy[y].append((x_col[j], float(p.cost)))
    n_rule8 = 0
    for (pid, s), cols in sorted(starts.items()):
        seats = sc.seats(sc.programs[pid], s)
        cap = math.floor(seats)          # integer count <= seats
        if len(cols) > cap:
            b.row(-INF, float(cap), cols, [1.0] * len(cols))
            n_rule8 += 1

    # --- rule 9: budget per year ---
    n_rule9 = 0
    for y, items in sorted(occupy.items()):
        cap = sc.budget_cap(y)
        if cap is None:
            continue
        if sum(cst for _, cst in items) > float(cap):
            b.row(-INF, float(cap), [col for col, _ in items], [cst for _, cst in items])
            n_rule9 += 1

    # --- achievement and shortfall ---
    sf_cols: List[Tuple[int, float]] = []
    n_a = 0
    sf_info = []
    for (ti, Y), mem in members.items():
        t = sc.targets[ti]
        share = dict(t.checkpoints)[Y]
        required = required_count(share, len(mem))
        need = required - const_achieved[(ti, Y)]
        if need <= 0:
            continue
        a_cols = []
        for cid in mem:
            c = sc.cadres[cid]
            if roster_achieved(c, t, Y):
                continue
            if t.ladder is not None and formulation == "levels":
                resolve = resolvers.get(cid)
                if resolve is None:
                    continue
                kind, val = resolve(t.ladder, t.at_least, min(Y, sc.end))
                if kind == "c":
                    assert val == 0
                    continue
                a = b.col(0.0, 1.0, False)
                b.row(-INF, 0.0, [a, val], [1.0, -1.0])
            elif t.ladder is not None:
                xs = [x_col[j] for j, pid, s, e in cand_of[cid]
                      if sc.programs[pid].grant_ladder == t.ladder
                      and sc.programs[pid].grant_level >= t.at_least and e <= Y]
                if not xs:
                    continue
                a = b.col(0.0, 1.0, False)
                b.row(-INF, 0.0, [a] + xs, [1.0] + [-1.0] * len(xs))
            else:
                valid = sc.credentials[t.credential]
                xs = [x_col[j] for j, pid, s, e in cand_of[cid]
                      if sc.programs[pid].grant_credential == t.credential
                      and e <= Y and (valid is None or Y - e < valid)]
                if not xs:
                    continue
                a = b.col(0.0, 1.0, False)
                b.row(-INF, 0.0, [a] + xs, [1.0] + [-1.0] * len(xs))
            a_cols.append(a)
            n_a += 1
        sf = b.col(0.0, float(need), True)
        sf_cols.append((sf, float(t.weight)))
        b.row(float(need), INF, a_cols + [sf], [1.0] * (len(a_cols) + 1))
        sf_info.append((t.id, Y, need))

    stats = dict(candidates_before_reduction=n_raw, x=len(cand), r=n_r, a=n_a,
                 sf=len(sf_cols), rule4_rows=n_rule4, rule5_rows=n_rule5,
                 rule7_rows=n_rule7, rule8_rows=n_rule8, rule9_rows=n_rule9,
                 dedup_rows=n_dedup, chain_rows=n_chain,
                 reduced=reduce, build_seconds=round(time.perf_counter() - t0, 3))
    return Model(b=b, cand=cand, x_col=x_col, x_cost=x_cost, sf_cols=sf_cols, stats=stats)


# --------------------------------------------------------------------------
# Solving
# --------------------------------------------------------------------------
def _to_highs(m: Model, highspy):
    b = m.b
    lp = highspy.HighsLp()
    lp.num_col_ = b.num_col
    lp.num_row_ = b.num_row
    cost = np.zeros(b.num_col)
    for col, w in m.sf_cols:
        cost[col] = w
    lp.col_cost_ = cost
    lp.col_lower_ = np.array(b.col_lb, dtype=np.float64)
    lp.col_upper_ = np.array(b.col_ub, dtype=np.float64)
    lp.row_lower_ = np.array(b.row_lb, dtype=np.float64)
    lp.row_upper_ = np.array(b.row_ub, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = b.num_col
    lp.a_matrix_.num_row_ = b.num_row
    lp.a_matrix_.start_ = np.array(b.row_start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(b.a_index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(b.a_value, dtype=np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                       for i in b.col_int]
    return lp


def _phase_report(h, highspy, seconds):
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    return {"status": status,
            "seconds": round(seconds, 3),
            "objective": info.objective_function_value if info.primal_solution_status else None,
            "mip_dual_bound": info.mip_dual_bound,
            "mip_gap": info.mip_gap,
            "mip_nodes": info.mip_node_count}


def _run(h, highspy, phase: str) -> None:
    """h.run(), raising when HiGHS refuses to run (an error, not a status)."""
    if h.run() == highspy.HighsStatus.kError:
        raise RuntimeError(f"HiGHS could not run {phase}: model status {h.modelStatusToString(h.getModelStatus())}")


def solve(scenario_path: str, time_limit: Optional[float] = None, mip_rel_gap: float = 0.0,
          threads: Optional[int] = None, output_flag: bool = False,
          out_dir: Optional[str] = None, reduce: bool = True,
          integral_aux: bool = False, strengthen: bool = True,
          formulation: str = "compact") -> dict:
    """Solve lexicographically; returns a dict (also written as DIR/result.json
    with the plan as DIR/plan.csv when out_dir is given).  S and C in the result
    are recomputed by check.py from the plan written."""
    import highspy

    sc = load_scenario(scenario_path)
    m = build_model(sc, reduce=reduce, integral_aux=integral_aux, strengthen=strengthen,
                    formulation=formulation)
    result = {"scenario": os.path.abspath(scenario_path), "model": dict(m.stats, formulation=formulation)}

    # HiGHS keeps one scheduler per process, sized by the first solve's
    # `threads`; a later solve asking for another number fails at once
    # (model status "Not Set"). Start each solve with a fresh one.
    highspy.Highs.resetGlobalScheduler(True)
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(output_flag))
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if threads is not None:
        h.setOptionValue("threads", int(threads))
    lp = _to_highs(m, highspy)
    h.passModel(lp)
    result["model"].update(rows=h.getNumRow(), cols=h.getNumCol(), nonzeros=h.getNumNz())

    phases = {}
    x_value = np.zeros(len(m.cand))
    if h.getNumCol() > 0:
        # ---- phase 1: least S ----
        t0 = time.perf_counter()
        _run(h, highspy, "phase 1")
        phases["phase1"] = _phase_report(h, highspy, time.perf_counter() - t0)
        if h.getInfo().primal_solution_status:
            sol1 = np.array(h.getSolution().col_value)
        else:
            # No incumbent (time limit hit very early): fall back to the empty
            # plan, always valid: x = r = a = 0, sf = its upper bound (need).
            sol1 = np.zeros(h.getNumCol())
            for col, _w in m.sf_cols:
                sol1[col] = m.b.col_ub[col]
        s_star = float(sum(w * sol1[col] for col, w in m.sf_cols))
        phases["phase1"]["S_star"] = s_star

        # ---- phase 2: least C subject to S <= S* ----
        weights = [w for _, w in m.sf_cols]
        if all(float(w).is_integer() for w in weights):
            bound = float(round(s_star))           # S is an integer: exact bound
        else:
            bound = s_star + 1e-6 * max(1.0, abs(s_star))
        if m.sf_cols:
            h.addRow(-INF, bound, len(m.sf_cols),
                     np.array([col for col, _ in m.sf_cols], dtype=np.int32),
                     np.array(weights, dtype=np.float64))
        ncol = h.getNumCol()
        new_cost = np.zeros(ncol)
        for j, col in enumerate(m.x_col):
            new_cost[col] = m.x_cost[j]
        h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), new_cost)
        # Phase 1's plan is feasible for phase 2: give it as the incumbent.
        h.setSolution(ncol, np.arange(ncol, dtype=np.int32), np.round(sol1))
        t0 = time.perf_counter()
        _run(h, highspy, "phase 2")
        phases["phase2"] = _phase_report(h, highspy, time.perf_counter() - t0)
        sol2 = np.array(h.getSolution().col_value)
        if len(sol2) == ncol and h.getInfo().primal_solution_status:
            x_value = sol2[m.x_col] if m.x_col else x_value
        else:
            x_value = sol1[m.x_col] if m.x_col else x_value
    result.update(phases)

    plan_rows = [m.cand[j] for j in range(len(m.cand)) if x_value[j] > 0.5]
    # re-score with the independent checker, through a written CSV
    out_dir = out_dir or None
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        plan_path = os.path.join(out_dir, "plan.csv")
    else:
        import tempfile
        fd, plan_path = tempfile.mkstemp(suffix=".csv")
        os.close(fd)
    write_plan(plan_path, plan_rows)
    chk = check(sc, load_plan(plan_path))
    if not out_dir:
        os.unlink(plan_path)
    result.update(S=chk["S"], C=chk["C"], valid=chk["valid"], enrollments=len(plan_rows),
                  violations=chk["violations"][:20], checkpoints=chk["checkpoints"],
                  plan=[list(r) for r in plan_rows] if not out_dir else None)
    if out_dir:
        result["plan_csv"] = os.path.abspath(plan_path)
        result.pop("plan")
        with open(os.path.join(out_dir, "result.json"), "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=2)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--out", required=True)
    ap.add_argument("--time-limit", type=float, default=None, help="seconds, per phase")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--mip-rel-gap", type=float, default=0.0)
    ap.add_argument("--verbose", action="store_true", help="HiGHS output_flag")
    ap.add_argument("--no-reduce", action="store_true", help="keep every candidate enrollment")
    ap.add_argument("--integral-aux", action="store_true", help="declare r integer")
    ap.add_argument("--no-strengthen", action="store_true",
                    help="levels formulation only: omit the dedup/chain valid rows")
    ap.add_argument("--formulation", choices=["compact", "levels"], default="compact")
    a = ap.parse_args(argv)
    res = solve(a.scenario, time_limit=a.time_limit, mip_rel_gap=a.mip_rel_gap,
                threads=a.threads, output_flag=a.verbose, out_dir=a.out,
                reduce=not a.no_reduce, integral_aux=a.integral_aux,
                strengthen=not a.no_strengthen, formulation=a.formulation)
    summary = {k: res.get(k) for k in ("S", "C", "valid", "enrollments", "model", "phase1", "phase2")}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if res["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
