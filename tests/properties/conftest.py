"""Shared helpers for the property and determinism tests: they drive the built
`cadreplan` command on generated scenarios (CADREPLAN_CLI, default build/cadreplan).

Hypothesis profiles: `ci` (the default: few examples, derandomized so CI is
repeatable) and `long` (CADREPLAN_HYPOTHESIS_PROFILE=long: many random examples).
CADREPLAN_PROPERTY_EXAMPLES overrides the number of examples per property.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest
import yaml
from hypothesis import HealthCheck, settings

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("CADREPLAN_CLI", str(ROOT / "build" / "cadreplan"))

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], print_blob=True)
settings.register_profile("ci", max_examples=int(os.environ.get("CADREPLAN_PROPERTY_EXAMPLES", "20")), derandomize=True,
                          database=None, **_common)
settings.register_profile("long", max_examples=int(os.environ.get("CADREPLAN_PROPERTY_EXAMPLES", "200")), **_common)
settings.load_profile(os.environ.get("CADREPLAN_HYPOTHESIS_PROFILE", "ci"))


def run(*args, timeout=600):
    if not os.path.exists(CLI):
        pytest.fail(f"the cadreplan command is not built at {CLI} (run scripts/run.sh build)")
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def must(*args, timeout=600):
    p = run(*args, timeout=timeout)
    assert p.returncode == 0, f"cadreplan {' '.join(map(str, args))}: exit {p.returncode}\n{p.stdout}\n{p.stderr}"
    return p


def generate(d, cadres, seed, years=4, max_concurrent=1, seat_scale=1.0, budget_scale=1.0, min_service=0):
    d = pathlib.Path(d)
    must("generate", d, "--cadres", cadres, "--seed", seed, "--years", years, "--max-concurrent", max_concurrent,
         "--seat-scale", seat_scale, "--budget-scale", budget_scale, "--min-service", min_service)
    return d / "scenario.yaml"


def plan(scenario, out, strategy, time_limit=30, threads=None, sets=(), explain=False):
    """Plans and returns summary.json as a dict (plus `plan_csv`, its path)."""
    args = ["plan", scenario, "--strategy", strategy, "--out", out, "--quiet", "--time-limit", time_limit]
    if threads is not None:
        args += ["--threads", threads]
    for s in sets:
        args += ["--set", s]
    if not explain:
        args.append("--no-explain")
    must(*args, timeout=time_limit * 4 + 120)
    summary = json.loads((pathlib.Path(out) / "summary.json").read_text(encoding="utf-8"))
    summary["plan_csv"] = pathlib.Path(out) / "plan.csv"
    return summary


def check(scenario, plan_csv):
    """`cadreplan check`: (exit status, S, C) as it prints them."""
    p = run("check", scenario, plan_csv)
    assert p.returncode in (0, 1), f"check: exit {p.returncode}\n{p.stdout}\n{p.stderr}"
    s = re.search(r"^S = (\S+)$", p.stdout, re.M)
    c = re.search(r"^C = (\S+)$", p.stdout, re.M)
    assert s and c, p.stdout
    return p.returncode, float(s.group(1)), float(c.group(1)), p.stdout


def load_spec(scenario):
    return yaml.safe_load(pathlib.Path(scenario).read_text(encoding="utf-8"))


def write_variant(scenario, to_dir, spec=None, roster_text=None):
    """A copy of a scenario folder with a changed spec and/or roster."""
    src = pathlib.Path(scenario).parent
    to_dir = pathlib.Path(to_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "roster.csv", to_dir / "roster.csv")
    if roster_text is not None:
        (to_dir / "roster.csv").write_text(roster_text, encoding="utf-8")
    if spec is None:
        shutil.copy(scenario, to_dir / "scenario.yaml")
    else:
        (to_dir / "scenario.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return to_dir / "scenario.yaml"


def strategies():
    p = must("strategies")
    return [line.split(":", 1)[0] for line in p.stdout.splitlines() if ":" in line]
