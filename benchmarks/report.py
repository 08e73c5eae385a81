#!/usr/bin/env python3
"""Writes benchmarks/RESULTS.md from what scripts/bench.sh measured.

    python benchmarks/report.py OUT_DIR --build BUILD_DIR --output benchmarks/RESULTS.md

OUT_DIR holds (each optional; a missing one is reported as not measured):
  io.json, model.json, strategies.json   Google Benchmark JSON (--benchmark_out)
  optimal-1m.json, optimal-1m.time       the 1M-cadre optimal solve, alone in its
                                         process, and /usr/bin/time -v of it
  optimal-1m.report.txt                  its full solver report (stderr)
  perf-1m.txt                            `perf report` of that process (flat, by symbol)
  cli-hagiang.json                       wall seconds of `cadreplan plan` runs
  compare/compare.json                   benchmarks/compare_highs.py
  load.txt                               load averages, one line per phase
Medians: of the --benchmark_repetitions runs when a benchmark has several,
else its one run (long solves run once).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional


# --------------------------------------------------------------------------------------
# Inputs

def load(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def medians(gb: Optional[dict]) -> Dict[str, dict]:
    """name -> {"real": seconds, "cpu": seconds, "reps": n, counters...} (medians)."""
    out: Dict[str, dict] = {}
    if not gb:
        return out
    runs: Dict[str, List[dict]] = {}
    for b in gb.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        name = re.sub(r"(/(iterations:\d+|repeats:\d+|real_time|process_time|manual_time|min_time:[\d.]+s?))+$", "",
                      b.get("run_name", b["name"]))
        runs.setdefault(name, []).append(b)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    skip = {"name", "run_name", "run_type", "repetitions", "repetition_index", "threads", "iterations", "real_time",
            "cpu_time", "time_unit", "family_index", "per_family_instance_index", "label", "error_occurred",
            "error_message", "aggregate_name", "aggregate_unit"}
    for name, rs in runs.items():
        u = scale[rs[0].get("time_unit", "ns")]
        rec = {"real": statistics.median(r["real_time"] * u for r in rs),
               "cpu": statistics.median(r["cpu_time"] * u for r in rs),
               "reps": len(rs), "label": rs[0].get("label", ""),
               "error": next((r.get("error_message") for r in rs if r.get("error_occurred")), None)}
        for k in rs[0]:
            if k in skip or not isinstance(rs[0][k], (int, float)):
                continue
            vals = [r[k] for r in rs if isinstance(r.get(k), (int, float))]
            rec[k] = statistics.median(vals)
        out[name] = rec
    return out


def time_v(path: str) -> Dict[str, str]:
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if ":" in line:
                    k, _, v = line.strip().rpartition(": ")
                    out[k.strip()] = v.strip()
    except OSError:
        pass
    return out


def wall_of(elapsed: str) -> Optional[float]:
    """'1:02.03' or '0:58.1' or '1:02:03' -> seconds."""
    if not elapsed:
        return None
    parts = [float(p) for p in elapsed.split(":")]
    s = 0.0
    for p in parts:
        s = s * 60 + p
    return s


# --------------------------------------------------------------------------------------
# The machine

def sh(cmd: List[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return ""


def machine(build: str) -> List[tuple]:
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    osname = "?"
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    compiler, build_type = "?", "?"
    try:
        with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    cxx = line.split("=", 1)[1].strip()
                    compiler = sh([cxx, "--version"]).splitlines()[0] if sh([cxx, "--version"]) else cxx
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    build_type = line.split("=", 1)[1].strip()
    except OSError:
        pass
    pkgs = []
    for p in ["libbenchmark-dev", "coinor-libclp-dev", "coinor-libcbc-dev", "libyaml-cpp-dev", "libeigen3-dev",
              "libboost-graph-dev", "liblemon-dev"]:
        v = sh(["dpkg-query", "-W", "-f=${Version}", p])
        pkgs.append(f"{p} {v or '?'}")
    version = sh([os.path.join(build, "cadreplan"), "--version"]) or "?"
    try:
        import highspy  # noqa: F401
        hv = getattr(highspy, "__version__", None)
        if hv is None:
            h = highspy.Highs()
            hv = f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"
    except Exception:
        hv = "?"
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} logical cores"),
        ("memory", mem),
        ("OS", f"{osname} ({platform.release()})"),
        ("compiler", f"{compiler}, CMAKE_BUILD_TYPE={build_type}"),
        ("libraries", ", ".join(pkgs)),
        ("Python", f"{platform.python_version()}, highspy {hv}"),
        ("cadreplan", version),
        ("date", time.strftime("%Y-%m-%d %H:%M %Z")),
    ]


# --------------------------------------------------------------------------------------
# Formatting

def secs(v: Optional[float]) -> str:
    if v is None:
        return "not measured"
    if v >= 100:
        return f"{v:.0f} s"
    if v >= 1:
        return f"{v:.2f} s"
    if v >= 1e-3:
        return f"{v * 1e3:.1f} ms"
    return f"{v * 1e6:.0f} µs"


def num(v, digits=0) -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and digits == 0 and abs(v - round(v)) < 1e-9:
        v = int(round(v))
    if isinstance(v, int):
        return f"{v:,}"
    return f"{v:,.{digits}f}"


def rate(v: Optional[float]) -> str:
    if v is None:
        return "-"
    if v >= 1e6:
        return f"{v / 1e6:.2f} M/s"
    if v >= 1e3:
        return f"{v / 1e3:.0f} k/s"
    return f"{v:.0f} /s"


CASE_ORDER = ["hagiang-2022", "national-100k", "national-1m"]


def case_of(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def family_of(name: str) -> str:
    return name.rsplit("/", 1)[0]


# --------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--build", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--reps", default="?")
    a = ap.parse_args(argv)
    o = a.out

    io_m = medians(load(os.path.join(o, "io.json")))
    model_m = medians(load(os.path.join(o, "model.json")))
    strat_m = medians(load(os.path.join(o, "strategies.json")))
    opt1m = medians(load(os.path.join(o, "optimal-1m.json")))
    strat_m.update(opt1m)
    tv = time_v(os.path.join(o, "optimal-1m.time"))
    st1m = load(os.path.join(o, "optimal-1m.status.json"))
    cli_doc = load(os.path.join(o, "cli-hagiang.json")) or {}
    cli = cli_doc.get("plan", []) if isinstance(cli_doc, dict) else []
    cli_ne = cli_doc.get("plan_no_explain", []) if isinstance(cli_doc, dict) else []
    cmp_doc = load(os.path.join(o, "compare", "compare.json"))
    loads = []
    try:
        with open(os.path.join(o, "load.txt"), encoding="utf-8") as f:
            loads = [line.rstrip() for line in f if line.strip()]
    except OSError:
        pass

    L: List[str] = []
    w = L.append
    w("# cadreplan benchmark results")
    w("")
    w("Written by `scripts/bench.sh` (see README.md, \"Benchmarks\"); do not edit by hand. "
      f"Times are medians of {a.reps} repetitions for the short benchmarks; each long solve ran once "
      "(`Iterations(1)`, one repetition); all times are wall clock.")
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    for k, v in machine(a.build):
        w(f"| {k} | {v} |")
    w("")
    if loads:
        w("Load averages (1, 5, 15 min) when each phase started — the machine is shared (2 cores; other "
          "sessions build and test on it), so a load above ~1 means the timings below include contention:")
        w("")
        w("```")
        L.extend(loads)
        w("```")
        w("")

    # ---- Goals -------------------------------------------------------------------------
    w("## Goals (issue 5, and issue 3's benchmark)")
    w("")
    w("| goal | measured | verdict |")
    w("|---|---|---|")

    def solve_rec(strategy, case):
        return strat_m.get(f"solve/{strategy}/{case}")

    def ended(rec):
        """Whether an `optimal` run ended by itself: proven, or S certified within its optimal.gap."""
        return rec.get("label") == "optimal" or rec.get("ended_within_gap") == 1

    def gap_note(rec):
        g = rec.get("optimal_gap")
        return f", `optimal.gap` {g:g}" if g is not None else ""

    o1m = solve_rec("optimal", "national-1m")
    rss_kb = tv.get("Maximum resident set size (kbytes)")
    rss_gb = int(rss_kb) / 1024 / 1024 if rss_kb and rss_kb.isdigit() else None
    if o1m:
        t = o1m["real"]
        gap = o1m.get("relative_gap")
        status = o1m.get("label") or "?"
        verdict = []
        verdict.append("time met" if t < 60 else f"time NOT met: {t:.0f} s is {t / 60:.1f}x the 60 s goal")
        if rss_gb is not None:
            verdict.append("memory met" if rss_gb < 4 else f"memory NOT met: {rss_gb:.2f} GB")
        if gap is not None:
            verdict.append("gap met" if gap <= 0.001 else f"gap NOT met: {100 * gap:.2f}% > 0.1%")
        else:
            verdict.append("no certified gap")
        w(f"| `optimal` on 1,000,000 cadres: < 60 s wall, peak memory < 4 GB, certified gap <= 0.1% | "
          f"{secs(t)} (status {status}{', ended within its gap' if o1m.get('ended_within_gap') == 1 else ''}, "
          f"time limit {num(o1m.get('time_limit'))}{gap_note(o1m)}), peak RSS "
          f"{f'{rss_gb:.2f} GB' if rss_gb is not None else 'not measured'}, gap "
          f"{f'{100 * gap:.3f}%' if gap is not None else '-'} (S {num(o1m.get('S'))}, bound "
          f"{num(o1m.get('lower_bound'))}) | {'; '.join(verdict)} |")
    elif st1m:
        killed = st1m.get("exit") in (124, 137)
        w(f"| `optimal` on 1,000,000 cadres: < 60 s wall, peak memory < 4 GB, certified gap <= 0.1% | "
          f"{'killed' if killed else 'failed (exit ' + str(st1m.get('exit')) + ')'} after {secs(st1m.get('wall'))} "
          f"without a result (`--time-limit` {os.environ.get('CADREPLAN_BENCH_OPTIMAL_LIMIT', '?')} s, "
          f"killed at {num(st1m.get('kill_after'))} s); peak RSS "
          f"{f'{rss_gb:.2f} GB' if rss_gb is not None else 'not measured'} | NOT met: no plan within "
          f"{secs(st1m.get('wall'))}; see the profile below |")
    else:
        w("| `optimal` on 1,000,000 cadres: < 60 s, < 4 GB, gap <= 0.1% | not measured | - |")

    # 5,000-cadre ratio
    recs5 = [r for r in (cmp_doc or {}).get("records", []) if r.get("cadres") == 5000]
    if recs5:
        ratios = [r.get("ratio_solver") for r in recs5 if r.get("ratio_solver")]
        same = [r.get("S_equal") for r in recs5]
        proven = [r.get("highs_proven") for r in recs5]
        rtxt = ", ".join(f"{x:.1f}x" for x in ratios) or "-"
        ok = ratios and min(ratios) >= 20 and all(same)
        verdict = "met" if ok else (
            "NOT met: " + (f"least ratio {min(ratios):.1f}x < 20x" if ratios and min(ratios) < 20 else "") +
            ("" if all(same) else (" S differs on some instance" if all(proven) else " S differs where HiGHS was not proven optimal")))
        w(f"| 5,000-cadre scenarios: `optimal` >= 20x faster than the HiGHS individual MIP, same S | solver-time "
          f"ratios {rtxt} over {len(recs5)} instances; S equal: {', '.join('yes' if s else 'no' for s in same)}; "
          f"HiGHS proven optimal: {', '.join('yes' if p else 'no' for p in proven)} | {verdict} |")
    else:
        w("| 5,000-cadre scenarios: >= 20x faster than HiGHS at the same S | not measured | - |")

    # 100k -> 1M growth
    growth = []
    for s in ("optimal", "flow", "greedy"):
        a100, a1m = solve_rec(s, "national-100k"), solve_rec(s, "national-1m")
        if a100 and a1m:
            growth.append((s, a100, a1m))
    if growth:
        parts, verdict = [], "-"
        for s, a100, a1m in growth:
            r = a1m["real"] / a100["real"]
            note = ""
            if s == "optimal" and not (ended(a100) and ended(a1m)):
                note = f" (statuses {a100.get('label')} / {a1m.get('label')}: a time-limited run's time is its limit)"
            elif s == "optimal" and (a100.get("label") != "optimal" or a1m.get("label") != "optimal"):
                note = f" (both ended within their gap{gap_note(a1m)})"
            parts.append(f"{s} {secs(a100['real'])} -> {secs(a1m['real'])} = {r:.1f}x{note}")
            if s == "optimal":
                if not (ended(a100) and ended(a1m)):
                    verdict = (f"not measured: `optimal` ended by itself in neither or one case (statuses "
                               f"{a100.get('label')} / {a1m.get('label')}), so {r:.1f}x compares time limits and "
                               f"unfinished runs, not solve times")
                else:
                    verdict = "met" if r <= 12 else f"NOT met: {r:.1f}x"
        w(f"| time from 100,000 to 1,000,000 cadres grows at most 12x | {'; '.join(parts)} | {verdict} (judged on optimal) |")
    else:
        w("| time from 100k to 1M cadres grows at most 12x | not measured | - |")

    rl = io_m.get("io/read_roster/national-1m")
    if rl:
        v = rl.get("rows_per_second")
        rows = rl.get("rows")
        cpu_rate = rows / rl["cpu"] if rows and rl.get("cpu") else None
        cpu_txt = (f"; per CPU second of the process {rate(cpu_rate)} rows (CPU/wall {rl['cpu'] / rl['real']:.2f}: "
                   "the rest of the wall time the core ran other sessions' work)") if cpu_rate and rl.get("real") else ""
        w(f"| roster CSV load >= 1,000,000 rows/s | {rate(v)} rows per wall second (1M-row file, "
          f"{num(rl.get('bytes_per_second', 0) / 1e6, 0)} MB/s){cpu_txt} | "
          f"{'met' if v and v >= 1e6 else f'NOT met on wall time: {v / 1e6:.2f}M rows/s' if v else '-'}"
          f"{'' if not cpu_rate or (v and v >= 1e6) else ('; met per CPU second' if cpu_rate >= 1e6 else '; NOT met per CPU second either')} |")
    else:
        w("| roster CSV load >= 1,000,000 rows/s | not measured | - |")

    e2e = strat_m.get("plan/hagiang-2022/optimal-end-to-end")
    cli_med = statistics.median(cli) if cli else None
    cli_ne_med = statistics.median(cli_ne) if cli_ne else None
    o_hg = solve_rec("optimal", "hagiang-2022")
    if e2e or cli_med or o_hg:
        t = cli_med if cli_med is not None else (e2e["real"] if e2e else None)
        parts = [f"`cadreplan plan` process {secs(cli_med)} (median of {len(cli)}; with the explanation of missed checkpoints, the default)",
                 f"`cadreplan plan --no-explain` {secs(cli_ne_med)} (median of {len(cli_ne)})",
                 f"in process, `plan/hagiang-2022/optimal-end-to-end` {secs(e2e['real']) if e2e else '-'}",
                 f"`solve/optimal/hagiang-2022` {secs(o_hg['real']) if o_hg else '-'} (status {o_hg.get('label') if o_hg else '-'})"]
        verdict = "-" if t is None else ("met" if t < 1 else f"NOT met: {t:.2f} s, {t:.1f}x the second")
        if cli_ne_med is not None:
            verdict += f"; without the explanation {'met' if cli_ne_med < 1 else f'NOT met: {cli_ne_med:.2f} s'}"
        w(f"| `hagiang-2022` end to end under a second (issue 3: `cadreplan plan` with optimal in about a second) | "
          f"{'; '.join(parts)} | {verdict} |")
    else:
        w("| `hagiang-2022` end to end under a second | not measured | - |")
    w("")

    # ---- Strategies -------------------------------------------------------------------------
    w("## Strategies")
    w("")
    w("`solve/<strategy>/<case>`: `optimize::solve` (strategy, then `rules::check`), wall time; national cases once, "
      "`optimal` on them with the time limit shown" +
      (f" and `--set optimal.gap={os.environ['CADREPLAN_BENCH_OPTIMAL_GAP']}` (it stops once S is certified within "
       "that share of its bound, without the cost phase)" if os.environ.get("CADREPLAN_BENCH_OPTIMAL_GAP") else "") +
      ". S and C are the checker's; the bound and gap are `optimal`'s proof.")
    w("")
    w("| strategy | case | cadres | cohorts | wall | status | S | C | lower bound on S | gap | peak RSS (process) |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for s in ("greedy", "flow", "optimal"):
        for c in CASE_ORDER:
            r = solve_rec(s, c)
            if not r:
                continue
            reps = f" (median of {r['reps']})" if r["reps"] > 1 else ""
            gap = r.get("relative_gap")
            gap_txt = f"{num(r.get('gap'))} ({100 * gap:.2f}%)" if gap is not None else "-"
            err = f" (ERROR: {r['error']})" if r.get("error") else ""
            w(f"| {s} | {c} | {num(r.get('cadres'))} | {num(r.get('cohorts'))} | {secs(r['real'])}{reps} | "
              f"{r.get('label') or '-'}{err} | {num(r.get('S'))} | {num(r.get('C'))} | {num(r.get('lower_bound'))} | "
              f"{gap_txt} | {num(r.get('peak_rss_mb'))} MB |")
    w("")
    if e2e:
        w(f"`plan/hagiang-2022/optimal-end-to-end` (what `cadreplan plan` does, in process): {secs(e2e['real'])} "
          f"(median of {e2e['reps']}), status {e2e.get('label')}, S {num(e2e.get('S'))}, C {num(e2e.get('C'))}.")
        w("")

    # ---- Where the time goes at 1M -------------------------------------------------------------
    if o1m or st1m:
        w("## Where the time goes: `optimal` on 1,000,000 cadres")
        w("")
    if o1m:
        phases = sorted(((k[2:], v) for k, v in o1m.items() if k.startswith("t.")), key=lambda kv: -kv[1])
        w(f"Wall {secs(o1m['real'])}, status {o1m.get('label')}, {num(o1m.get('cohorts'))} cohorts. "
          "The solver report's timings (seconds; phases nest, so they do not add up: `strategy` is the whole "
          "strategy, `phase_S`/`phase_C` contain `lp`, `pricing`, `mip.*`, `compact.*`):")
        w("")
        w("| phase | seconds |")
        w("|---|---|")
        for k, v in phases:
            w(f"| {k} | {v:.2f} |")
        w("")
    elif st1m:
        w(f"The process was stopped after {secs(st1m.get('wall'))} (exit {st1m.get('exit')}) before it reported; "
          "the profile below is of that run.")
        w("")
    if o1m or st1m:
        if tv:
            w(f"`/usr/bin/time -v` of that process (scenario synthesis + solve): elapsed {tv.get('Elapsed (wall clock) time (h:mm:ss or m:ss)', '?')}, "
              f"user {tv.get('User time (seconds)', '?')} s, system {tv.get('System time (seconds)', '?')} s, "
              f"CPU {tv.get('Percent of CPU this job got', '?')}, peak RSS {num(int(rss_kb) / 1024, 0) if rss_kb and rss_kb.isdigit() else '?'} MB.")
            w("")
        rep_path = os.path.join(o, "optimal-1m.report.txt")
        if os.path.exists(rep_path):
            with open(rep_path, encoding="utf-8") as f:
                text = f.read().strip()
            if text:
                w("The solver's full report:")
                w("")
                w("```")
                L.extend(text.splitlines()[-60:])
                w("```")
                w("")
        perf_path = os.path.join(o, "perf-1m.txt")
        if os.path.exists(perf_path):
            with open(perf_path, encoding="utf-8") as f:
                rows = [re.sub(r"(\s+-)+\s*$", "", line.rstrip()) for line in f if re.match(r"^\s+\d+\.\d+%", line)]
                rows = [r if len(r) <= 200 else r[:197] + "..." for r in rows]
            if rows:
                w("`perf record -F 99` of the same process, flat profile (self time by shared object and symbol, "
                  "entries >= 0.5%):")
                w("")
                w("```")
                L.extend(rows[:40])
                w("```")
                w("")

    # ---- Scaling ---------------------------------------------------------------------------------
    w("## Building blocks")
    w("")
    w("Medians; `CPU/wall` is process CPU time over wall time (2 = both cores busy).")
    w("")
    w("| benchmark | " + " | ".join(CASE_ORDER) + " | 1m / 100k |")
    w("|---|" + "---|" * (len(CASE_ORDER) + 1))
    fams: Dict[str, Dict[str, dict]] = {}
    for m in (io_m, model_m):
        for name, r in m.items():
            fams.setdefault(family_of(name), {})[case_of(name)] = r
    extra_key = {"io/read_roster": "rows_per_second", "io/read_scenario": "rows_per_second",
                 "model/build": "rows_per_second", "rules/check": "enrollments_per_second",
                 "projection/project": "cadre_years_per_second", "optimize/cohorts/threads:1": "cohorts",
                 "optimize/cohorts/threads:2": "cohorts"}
    for fam, per in fams.items():
        cells = []
        for c in CASE_ORDER:
            r = per.get(c)
            if not r:
                cells.append("-")
                continue
            extra = ""
            k = extra_key.get(fam)
            if k and r.get(k) is not None:
                extra = f", {num(r[k])} cohorts" if k == "cohorts" else f", {rate(r[k])}"
            cpu = f", CPU/wall {r['cpu'] / r['real']:.2f}" if r["real"] > 0 and r.get("cpu") else ""
            cells.append(f"{secs(r['real'])}{extra}{cpu}")
        a100, a1m = per.get("national-100k"), per.get("national-1m")
        ratio = f"{a1m['real'] / a100['real']:.1f}x" if a100 and a1m and a100["real"] > 0 else "-"
        w(f"| {fam} | " + " | ".join(cells) + f" | {ratio} |")
    w("")
    gr = solve_rec("greedy", "national-1m")
    if gr:
        w(f"The checker and the projection score each case's greedy plan ({num(gr.get('enrollments'))} enrollments at 1M cadres).")
        w("")

    # ---- HiGHS comparison ------------------------------------------------------------------------
    w("## `optimal` against the HiGHS individual-level MIP (`benchmarks/compare_highs.py`)")
    w("")
    if cmp_doc:
        w(f"Generated scenarios (`cadreplan generate --cadres N --seed S --max-concurrent M --min-service K "
          f"--budget-scale B`), each solved by `tests/reference/highs_mip.py` (highspy {cmp_doc.get('highspy')}, "
          f"time limit {num(cmp_doc.get('time_budget'))} s per phase) and by `cadreplan plan --strategy optimal "
          f"--no-explain` (time limit {num(cmp_doc.get('time_budget'))} s), one after the other. Solve = HiGHS "
          "phase 1 + phase 2 / cadreplan's solver seconds; wall = the whole process (HiGHS: with building the model "
          "in Python; cadreplan: with reading the files). Ratio = HiGHS / cadreplan. S must agree exactly and C "
          "within 0.5% when HiGHS proves both phases optimal. cadreplan's plans are re-scored by the reference checker.")
        w("")
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from compare_highs import table  # noqa: E402
        w(table(cmp_doc.get("records", [])))
        w("")
        bad = [r for r in cmp_doc.get("records", []) if r.get("cadreplan", {}).get("ref_check") and
               (r["cadreplan"]["ref_check"].get("S") != r["cadreplan"].get("S") or not r["cadreplan"]["ref_check"].get("valid"))]
        n = len(cmp_doc.get("records", []))
        w(f"Reference checker on cadreplan's plans: {n - len(bad)} of {n} valid with the same S" +
          ("." if not bad else f"; disagreements: {', '.join(r['instance'] for r in bad)}."))
        w("")
    else:
        w("Not measured.")
        w("")
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")
    print(f"wrote {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
