#!/usr/bin/env python3
"""cadreplan `optimal` against an individual-level MIP in HiGHS, same run, same machine.

For each instance, generates a scenario with `cadreplan generate DIR --cadres N
--seed S --max-concurrent M --min-service K --budget-scale B`, then, one after
the other (never at the same time):

* HiGHS: ``tests/reference/highs_mip.py SCENARIO --out DIR --time-limit T``
  (an independent MIP of the whole contract, written from SCENARIO-FORMAT.md
  alone; lexicographic: phase 1 least S, phase 2 least C at that S; T is per
  phase). Its result.json gives S and C (re-scored by the reference checker),
  the phase statuses and seconds.
* cadreplan: ``cadreplan plan SCENARIO --strategy optimal --out DIR
  --time-limit T --no-explain --quiet``; summary.json gives S, C, the lower
  bound, the status and the solver's seconds. The plan is also re-scored by
  the reference checker (tests/reference/check.py) unless --no-ref-check.

Reported per instance: both solver times (HiGHS: phase 1 + phase 2; cadreplan:
the report's seconds) and both process wall times (HiGHS includes building the
model in Python; cadreplan includes reading the files), the ratios, whether S
agrees exactly and C within 0.5%, and each side's status. A run that hits its
time limit is recorded as such (its S is then not a proven optimum); a process
that overruns 2 T + 120 s is killed and recorded as `killed`.

    python benchmarks/compare_highs.py --cli build/cadreplan --out OUT [--time-budget 600]
        [--instances N:SEED:MAXCONC:MINSERV:BUDGETSCALE,...] [--quick]

Writes OUT/compare.json (rewritten after every instance) and prints a table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (cadres, seed, max_concurrent_programs, min_service_years_after, budget_scale)
DEFAULT_INSTANCES = [
    (1000, 11, 1, 0, 1.0),
    (2000, 12, 2, 0, 0.8),
    (3000, 13, 1, 2, 1.0),
    (5000, 14, 1, 0, 1.0),
    (5000, 15, 2, 2, 0.7),
    (5000, 16, 2, 0, 1.2),
    (10000, 17, 1, 0, 1.0),
    (10000, 18, 2, 2, 0.8),
]
QUICK_INSTANCES = [(1000, 11, 1, 0, 1.0), (2000, 12, 2, 0, 0.8)]

C_TOLERANCE = 0.005  # C within 0.5% (issue 3)


def parse_instances(text: str):
    out = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.split(":")
        if len(parts) != 5:
            raise SystemExit(f"bad instance {item!r}: expected N:SEED:MAXCONC:MINSERV:BUDGETSCALE")
        out.append((int(parts[0]), int(parts[1]), int(parts[2]), int(parts[3]), float(parts[4])))
    return out


def instance_name(inst) -> str:
    n, seed, mc, ms, bs = inst
    return f"n{n}-s{seed}-mc{mc}-ms{ms}-b{bs:g}"


def run(cmd: List[str], timeout: float, log_path: str) -> Dict:
    """Runs cmd, returns wall seconds, exit code, whether it was killed."""
    t0 = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            p = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=timeout)
            code, killed = p.returncode, False
        except subprocess.TimeoutExpired:
            code, killed = None, True
    return {"wall": time.perf_counter() - t0, "exit": code, "killed": killed}


def load_json(path: str) -> Optional[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def highs_status(res: dict) -> str:
    """optimal when both phases are proven, else the first phase that is not."""
    for ph in ("phase1", "phase2"):
        st = (res.get(ph) or {}).get("status")
        if st is None:
            return f"{ph}: not run"
        if st != "Optimal":
            return f"{ph}: {st}"
    return "optimal"


def compare_one(inst, args, out_dir: str) -> Dict:
    n, seed, mc, ms, bs = inst
    name = instance_name(inst)
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    scen_dir = os.path.join(d, "scenario")
    rec: Dict = {"instance": name, "cadres": n, "seed": seed, "max_concurrent": mc, "min_service": ms,
                 "budget_scale": bs, "time_budget": args.time_budget}
    gen = run([args.cli, "generate", scen_dir, "--cadres", str(n), "--seed", str(seed), "--max-concurrent", str(mc),
               "--min-service", str(ms), "--budget-scale", repr(bs)], 600, os.path.join(d, "generate.log"))
    if gen["exit"] != 0:
        rec["error"] = "generate failed (see generate.log)"
        return rec
    scenario = os.path.join(scen_dir, "scenario.yaml")
    hard = 2 * args.time_budget + 120

    # HiGHS first, then cadreplan: never both at once.
    hdir = os.path.join(d, "highs")
    h = run([args.python, args.highs_mip, scenario, "--out", hdir, "--time-limit", str(args.time_budget)], hard,
            os.path.join(d, "highs.log"))
    hres = load_json(os.path.join(hdir, "result.json")) if not h["killed"] else None
    rec["highs"] = {"wall": round(h["wall"], 3), "killed": h["killed"], "exit": h["exit"]}
    if hres:
        p1, p2 = hres.get("phase1") or {}, hres.get("phase2") or {}
        rec["highs"].update(
            S=hres.get("S"), C=hres.get("C"), valid=hres.get("valid"), status=highs_status(hres),
            solver_seconds=round((p1.get("seconds") or 0) + (p2.get("seconds") or 0), 3),
            phase1_seconds=p1.get("seconds"), phase2_seconds=p2.get("seconds"),
            phase1_bound=p1.get("mip_dual_bound"), phase2_bound=p2.get("mip_dual_bound"),
            build_seconds=(hres.get("model") or {}).get("build_seconds"),
            rows=(hres.get("model") or {}).get("rows"), cols=(hres.get("model") or {}).get("cols"))
    else:
        rec["highs"]["status"] = "killed" if h["killed"] else "failed (see highs.log)"

    cdir = os.path.join(d, "cadreplan")
    c = run([args.cli, "plan", scenario, "--strategy", "optimal", "--out", cdir, "--time-limit", str(args.time_budget),
             "--no-explain", "--quiet"], hard, os.path.join(d, "cadreplan.log"))
    cres = load_json(os.path.join(cdir, "summary.json")) if not c["killed"] else None
    rec["cadreplan"] = {"wall": round(c["wall"], 3), "killed": c["killed"], "exit": c["exit"]}
    if cres:
        rec["cadreplan"].update(S=cres.get("S"), C=cres.get("C"), valid=cres.get("valid"), status=cres.get("status"),
                                lower_bound=cres.get("lower_bound"), cost_lower_bound=cres.get("cost_lower_bound"),
                                solver_seconds=round(cres.get("seconds") or 0, 3))
        if not args.no_ref_check:
            chk = subprocess.run([args.python, os.path.join(ROOT, "tests", "reference", "check.py"), scenario,
                                  os.path.join(cdir, "plan.csv")], capture_output=True, text=True, timeout=1800)
            try:
                ref = json.loads(chk.stdout)
                rec["cadreplan"]["ref_check"] = {"valid": ref.get("valid"), "S": ref.get("S"), "C": ref.get("C")}
            except ValueError:
                rec["cadreplan"]["ref_check"] = {"error": (chk.stderr or chk.stdout)[-500:]}
    else:
        rec["cadreplan"]["status"] = "killed" if c["killed"] else "failed (see cadreplan.log)"

    # Verdicts.
    hs, cs = rec["highs"], rec["cadreplan"]
    if hs.get("S") is not None and cs.get("S") is not None:
        rec["S_equal"] = float(hs["S"]) == float(cs["S"])
        rec["C_rel_diff"] = (float(cs["C"]) - float(hs["C"])) / max(1.0, abs(float(hs["C"])))
        rec["C_within_tol"] = abs(rec["C_rel_diff"]) <= C_TOLERANCE
        rec["highs_proven"] = hs.get("status") == "optimal"
    if hs.get("solver_seconds") and cs.get("solver_seconds"):
        rec["ratio_solver"] = hs["solver_seconds"] / max(cs["solver_seconds"], 1e-9)
    if hs.get("wall") and cs.get("wall") and not hs.get("killed") and not cs.get("killed"):
        rec["ratio_wall"] = hs["wall"] / max(cs["wall"], 1e-9)
    return rec


def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def table(records: List[Dict]) -> str:
    head = ("| instance | HiGHS status | HiGHS s (solve / wall) | cadreplan status | cadreplan s (solve / wall) | "
            "ratio solve | ratio wall | S HiGHS | S cadreplan | S equal | C diff | C within 0.5% |")
    lines = [head, "|" + "---|" * 12]
    for r in records:
        h, c = r.get("highs", {}), r.get("cadreplan", {})
        lines.append("| {} | {} | {} / {} | {} | {} / {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["instance"], h.get("status", "-"), fmt(h.get("solver_seconds")), fmt(h.get("wall")),
            c.get("status", "-"), fmt(c.get("solver_seconds")), fmt(c.get("wall")),
            fmt(r.get("ratio_solver"), 1) + ("x" if r.get("ratio_solver") else ""),
            fmt(r.get("ratio_wall"), 1) + ("x" if r.get("ratio_wall") else ""),
            fmt(h.get("S"), 0), fmt(c.get("S"), 0), fmt(r.get("S_equal")),
            (f"{100 * r['C_rel_diff']:+.3f}%" if r.get("C_rel_diff") is not None else "-"), fmt(r.get("C_within_tol"))))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "cadreplan"), help="the cadreplan command")
    ap.add_argument("--highs-mip", default=os.path.join(ROOT, "tests", "reference", "highs_mip.py"))
    ap.add_argument("--python", default=sys.executable, help="interpreter for the HiGHS MIP (needs highspy)")
    ap.add_argument("--out", required=True, help="folder for the instances and compare.json")
    ap.add_argument("--time-budget", type=float, default=600.0,
                    help="seconds per instance and tool (HiGHS: per phase; cadreplan: --time-limit)")
    ap.add_argument("--instances", help="N:SEED:MAXCONC:MINSERV:BUDGETSCALE,... (default: 8 instances, 1,000 to 10,000 cadres)")
    ap.add_argument("--quick", action="store_true", help="two small instances only")
    ap.add_argument("--no-ref-check", action="store_true", help="skip re-scoring cadreplan's plan with tests/reference/check.py")
    args = ap.parse_args(argv)
    instances = parse_instances(args.instances) if args.instances else (QUICK_INSTANCES if args.quick else DEFAULT_INSTANCES)
    os.makedirs(args.out, exist_ok=True)
    try:
        import highspy  # noqa: F401
        highs_version = getattr(highspy, "__version__", None)
        if highs_version is None:
            h = highspy.Highs()
            highs_version = f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"
    except Exception as e:  # highspy missing: say so in the output
        highs_version = f"unavailable ({e})"
    doc = {"time_budget": args.time_budget, "c_tolerance": C_TOLERANCE, "python": platform.python_version(),
           "highspy": highs_version, "started": time.strftime("%Y-%m-%d %H:%M:%S"), "records": []}
    path = os.path.join(args.out, "compare.json")
    for inst in instances:
        print(f"compare_highs: {instance_name(inst)} ...", file=sys.stderr, flush=True)
        rec = compare_one(inst, args, args.out)
        rec["load_after"] = os.getloadavg()[0]
        doc["records"].append(rec)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
        print(f"  HiGHS {rec.get('highs', {}).get('status')} {fmt(rec.get('highs', {}).get('wall'))} s, cadreplan "
              f"{rec.get('cadreplan', {}).get('status')} {fmt(rec.get('cadreplan', {}).get('wall'))} s, S equal "
              f"{fmt(rec.get('S_equal'))}", file=sys.stderr, flush=True)
    doc["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
    print(table(doc["records"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
