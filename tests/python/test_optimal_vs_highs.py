"""`optimal` against an independent individual-level MIP solved with HiGHS.

tests/reference/highs_mip.py models the contract from SCENARIO-FORMAT.md
alone (one binary per cadre, program and start year). On each instance:
  * optimal's S equals the MIP's optimum, and its C is within 0.5% of the
    MIP's least cost at that S (issue 3);
  * optimal's lower bound never exceeds the MIP's optimum (it is a proof);
  * a plan with status `optimal` has S equal to its bound.
The instances cover overlapping groups (btv inside upper; young across tiers),
two-step chains (college -> university, intermediate -> advanced theory),
credentials that expire, retirement inside the horizon, max_concurrent_programs
1 and 2, min_service_years_after 0 and 2, no budget and budgets that bind.
Larger instances run in benchmarks/compare_highs.py.
"""
import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "reference"))
import highs_mip  # noqa: E402

# (seed, cadres, max_concurrent, min_service, budget_scale): each solved by both in seconds.
INSTANCES = [
    (2, 120, 1, 0, 1.0),
    (4, 120, 1, 2, 0.8),
    (22, 400, 1, 0, 0.0),
    (26, 300, 1, 0, 0.0),
    (27, 400, 2, 2, 1.5),
    (29, 600, 2, 0, 1.0),
    (30, 200, 1, 2, 0.0),
    (31, 300, 2, 0, 1.5),
    (40, 200, 2, 0, 0.7),
    (41, 250, 1, 0, 0.7),
]


@pytest.mark.parametrize("seed,cadres,mc,ms,bs", INSTANCES, ids=[f"s{i[0]}-n{i[1]}-m{i[2]}-ms{i[3]}-b{i[4]}" for i in INSTANCES])
def test_optimal_matches_the_highs_mip(cli, tmp_path, seed, cadres, mc, ms, bs):
    d = tmp_path / "scenario"
    cli("generate", d, "--cadres", cadres, "--seed", seed, "--max-concurrent", mc, "--min-service", ms,
        "--budget-scale", bs, check=0)
    ref = highs_mip.solve(str(d / "scenario.yaml"), time_limit=300, threads=1, out_dir=str(tmp_path / "highs"))
    assert ref["phase1"]["status"] == "Optimal" and ref["phase2"]["status"] == "Optimal", "the reference must be exact here"
    out = tmp_path / "optimal"
    # A generous limit: optimal stops as soon as it has proved both phases; the
    # limit only matters on a loaded machine, where CBC gets less of the CPU.
    cli("plan", d / "scenario.yaml", "--out", out, "--quiet", "--no-explain", "--time-limit", 300, check=0)
    mine = json.loads((out / "summary.json").read_text())
    assert mine["S"] == pytest.approx(ref["S"], abs=1e-9), f"S: optimal {mine['S']} vs HiGHS {ref['S']}"
    assert mine["C"] <= ref["C"] * 1.005 + 1e-9, f"C: optimal {mine['C']} vs HiGHS {ref['C']}"
    assert mine["lower_bound"] <= ref["S"] + 1e-9, "the proven bound exceeds the true optimum"
    if mine["status"] == "optimal":
        assert mine["lower_bound"] == pytest.approx(mine["S"])
    # The MIP's plan passes our checker with the same score.
    proc = cli("check", d / "scenario.yaml", ref["plan_csv"], check=0)
    assert f"S = {ref['S']:g}\n" in proc.stdout and f"C = {ref['C']:g}\n" in proc.stdout


def test_budgets_bind_on_the_budget_instances(cli, tmp_path):
    # The budget instances must actually exercise rule 9: without the budget
    # the proven optimum is strictly better (less S, or the same S for less C).
    # (Whether some year of one optimal plan is spent to the last unit depends
    # on which of the equally good plans the solver returns; the optimum does not.)
    import yaml

    binding = [i for i in INSTANCES if i[0] in (4, 40, 41)]  # seed 2 (scale 1.0) and the others need not bind
    assert len(binding) >= 3
    for seed, cadres, mc, ms, bs in binding:
        d = tmp_path / f"s{seed}"
        cli("generate", d, "--cadres", cadres, "--seed", seed, "--max-concurrent", mc, "--min-service", ms,
            "--budget-scale", bs, check=0)
        spec = yaml.safe_load((d / "scenario.yaml").read_text(encoding="utf-8"))
        assert "budget" in spec, f"seed {seed}: the instance has no budget"
        del spec["budget"]
        free = tmp_path / f"s{seed}-free"
        free.mkdir()
        (free / "scenario.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        (free / "roster.csv").write_bytes((d / "roster.csv").read_bytes())
        scores = []
        for case in (d, free):
            out = tmp_path / f"o-{case.name}"
            cli("plan", case / "scenario.yaml", "--out", out, "--quiet", "--no-explain", "--time-limit", 300, check=0)
            summary = json.loads((out / "summary.json").read_text())
            assert summary["status"] == "optimal", f"seed {seed} ({case.name}): {summary['status']}"
            scores.append((summary["S"], summary["C"]))
        assert scores[1] < scores[0], f"seed {seed}: the budget does not bind (with {scores[0]}, without {scores[1]})"


def test_a_bound_from_a_stopped_cbc_is_still_a_proof(cli, tmp_path):
    # A 120-cadre instance CBC does not close in minutes (HiGHS proves S* =
    # 207 in seconds). When CBC stops on the compact model, optimal takes its
    # tree bound (rounded up: S moves in whole steps) if it beats the master's;
    # that bound must still be at most the true optimum.
    import math
    import re

    seed, cadres, mc, ms, bs = 5, 120, 2, 2, 1.0
    d = tmp_path / "scenario"
    cli("generate", d, "--cadres", cadres, "--seed", seed, "--max-concurrent", mc, "--min-service", ms,
        "--budget-scale", bs, check=0)
    ref = highs_mip.solve(str(d / "scenario.yaml"), time_limit=300, threads=1, out_dir=str(tmp_path / "highs"))
    assert ref["phase1"]["status"] == "Optimal"
    out = tmp_path / "optimal"
    proc = cli("plan", d / "scenario.yaml", "--out", out, "--no-explain", "--verbose", "--time-limit", 20, check=0)
    mine = json.loads((out / "summary.json").read_text())
    assert mine["lower_bound"] <= ref["S"] + 1e-9, "the bound exceeds the true optimum"
    log = proc.stdout + proc.stderr  # --verbose writes the solver report to stderr
    stopped = re.findall(r"compact\.S: CBC stopped, bound ([-0-9.e+]+)", log)
    assert stopped, "CBC closed the compact model: the instance no longer tests a stopped CBC\n" + log
    cbc_bound = math.ceil(float(stopped[-1]) - 1e-3)
    if cbc_bound < mine["S"]:
        assert mine["lower_bound"] >= cbc_bound, f"CBC's bound {stopped[-1]} was not taken"
