"""Individual-level MIP of the whole `cadreplan/1` contract, solved with HiGHS.

Reference implementation, derived from SCENARIO-FORMAT.md alone.  It finds a
lexicographically optimal plan: least weighted shortfall S, then least cost C.

    python tests/reference/highs_mip.py SCENARIO.yaml --out DIR \
        [--time-limit SECONDS] [--threads N] [--mip-rel-gap G] [--verbose] [--no-reduce]

writes DIR/plan.csv and DIR/result.json.  Importable: ``solve(path, ...) -> dict``.

Formulation (x, r binary-valued; a continuous; sf integer)
-----------------------------------------------------------
x[j]        1 iff candidate enrollment j = (cadre c, program k, start s) is in the
            plan.  Candidates are the (c, k, s) passing the rules that depend on
            no other decision: 1 (inside horizon), 2 (active through
            e + min service), 3 (eligible in s), 6 (exist), plus two static
            consequences of 4/5 (see `_candidates`).
r[c,L,v,y]  1 iff c's level on ladder L at the END of year y is >= v, defined
            exactly in both directions (y-1 end = start of y):
              lower:  x[j] <= r[c,L,v*,e_j]    (v* = highest modelled level <= g_j)
                      r[c,L,v,y-1] <= r[c,L,v,y]       (monotone in years)
                      r[c,L,v',y]  <= r[c,L,v,y]       (v' next modelled level above v)
              upper:  r[c,L,v,y] <= r[c,L,v,y-1] + sum{x[j]: j grants >= v on L, e_j = y}
            At integer x these force r to the exact indicator, so r is declared
            continuous in [0, 1] (option `integral_aux=True` makes it integer).
            Only levels above the roster level that some rule/target references
            are modelled; levels <= roster level are the constant 1.
rule 4      x[j] <= r[c,L,v,s_j-1]           for each requires (L, v), v > roster level
rule 5      x[j] + r[c,L,g,s_j-1] <= 1       for a ladder program granting g on L
rule 7      sum{x[j] occupying y, cadre c} <= max_concurrent_programs   per (c, y)
rule 8      sum{x[j] of k starting in y} <= seats(k, y)                 per (k, y)
rule 9      sum{cost_k * x[j] occupying y} <= budget(y)                 per y with a cap
a[t,Y,c]    achievement of member c at target checkpoint (t, Y), continuous in [0,1]:
              ladder:     a <= r[c,L,at_least,min(Y,end)]
              credential: a <= sum{x[j] granting it, Y - valid < e_j <= Y}
            (only upper bounds are needed: a is only rewarded; at integer x the
            best a is the integer min(1, bound), so continuity is exact.)
sf[t,Y]     integer >= 0:  sum_c a[t,Y,c] + sf[t,Y] >= required - (members achieved
            by the roster alone)
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
# Model construction
# --------------------------------------------------------------------------
def build_model(sc: Scenario, reduce: bool = True, integral_aux: bool = False) -> Model:
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
    # r_lookup[(cid, L)] = (grid dict (v, y) -> col, roster level, ymax)
    aux_int = integral_aux
    n_r = 0
    r_ref_cache: Dict[str, dict] = {}

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
            grids[L] = (grid, roster, vgrid)

        def resolve(L, v, y):
            roster = c.levels[L]
            if v <= roster:
                return ("c", 1)
            if L not in grids:
                return ("c", 0)
            grid, _r, vgrid = grids[L]
            # smallest modelled level >= v has the same indicator only if v is
            # modelled; every reference was registered, so v is in vgrid or
            # never reachable.
            if (v, y) in grid:
                return ("v", grid[(v, y)])
            # not in grid: v unreachable by year y (y < emin[v] or no grant >= v)
            return ("c", 0)
        return resolve

    n_rule4 = n_rule5 = 0
    resolvers = {}
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
            if t.ladder is not None:
                resolve = resolvers.get(cid)
                if resolve is None:
                    continue
                kind, val = resolve(t.ladder, t.at_least, min(Y, sc.end))
                if kind == "c":
                    assert val == 0
                    continue
                a = b.col(0.0, 1.0, False)
                b.row(-INF, 0.0, [a, val], [1.0, -1.0])
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


def solve(scenario_path: str, time_limit: Optional[float] = None, mip_rel_gap: float = 0.0,
          threads: Optional[int] = None, output_flag: bool = False,
          out_dir: Optional[str] = None, reduce: bool = True,
          integral_aux: bool = False) -> dict:
    """Solve lexicographically; returns a dict (also written as DIR/result.json
    with the plan as DIR/plan.csv when out_dir is given).  S and C in the result
    are recomputed by check.py from the plan written."""
    import highspy

    sc = load_scenario(scenario_path)
    m = build_model(sc, reduce=reduce, integral_aux=integral_aux)
    result = {"scenario": os.path.abspath(scenario_path), "model": dict(m.stats)}

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
        h.run()
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
        h.run()
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
    a = ap.parse_args(argv)
    res = solve(a.scenario, time_limit=a.time_limit, mip_rel_gap=a.mip_rel_gap,
                threads=a.threads, output_flag=a.verbose, out_dir=a.out,
                reduce=not a.no_reduce, integral_aux=a.integral_aux)
    summary = {k: res.get(k) for k in ("S", "C", "valid", "enrollments", "model", "phase1", "phase2")}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if res["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
