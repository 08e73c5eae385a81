"""The cadreplan command: plan, check, validate, export-scenario, generate."""
import csv
import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "reference"))
import check as reference_check  # noqa: E402  (the independent Python checker)
import contract  # noqa: E402


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_plan_writes_the_three_files(cli, tmp_path):
    out = tmp_path / "out"
    proc = cli("plan", "--strategy", "greedy", "--out", out, "--quiet", check=0)
    for word in ("required", "baseline", "planned", "shortfall", "S (weighted shortfall)", "C (cost)", "strategy greedy"):
        assert word in proc.stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for key in ("S", "C", "lower_bound", "strategy", "status", "seconds"):
        assert key in summary
    assert summary["strategy"] == "greedy" and summary["lower_bound"] is None and summary["valid"] is True
    rows = read_csv(out / "attainment.csv")
    assert list(rows[0].keys()) == ["target_id", "year", "n", "required", "achieved", "shortfall"]
    assert sum(int(r["shortfall"]) for r in rows) == summary["S"]  # every weight is 1 in hagiang-2022
    plan = read_csv(out / "plan.csv")
    assert list(plan[0].keys()) == ["cadre_id", "program_id", "start_year"]
    assert len(plan) == summary["enrollments"]


def test_optimal_is_the_default_and_beats_greedy_with_a_bound(cli, tmp_path):
    g = tmp_path / "g"
    o = tmp_path / "o"
    cli("plan", "--strategy", "greedy", "--out", g, "--quiet", check=0)
    cli("plan", "--out", o, "--quiet", check=0)
    sg = json.loads((g / "summary.json").read_text())
    so = json.loads((o / "summary.json").read_text())
    assert so["strategy"] == "optimal"
    assert so["S"] <= sg["S"]
    assert so["lower_bound"] is not None and so["lower_bound"] <= so["S"] + 1e-9


def test_plans_agree_with_the_independent_checker(cli, hagiang_dir, tmp_path):
    out = tmp_path / "out"
    cli("plan", hagiang_dir / "scenario.yaml", "--strategy", "greedy", "--out", out, "--quiet", check=0)
    summary = json.loads((out / "summary.json").read_text())
    sc = contract.load_scenario(str(hagiang_dir / "scenario.yaml"))
    ref = reference_check.check(sc, contract.load_plan(str(out / "plan.csv")))
    assert ref["valid"], ref["violations"][:3]
    assert ref["S"] == summary["S"] and abs(ref["C"] - summary["C"]) < 1e-6
    by_key = {(c["target_id"], c["year"]): c for c in summary["checkpoints"]}
    for c in ref["checkpoints"]:
        mine = by_key[(c["target"], c["year"])]
        assert (mine["n"], mine["required"], mine["achieved"], mine["shortfall"]) == (
            c["n"], c["required"], c["achieved"], c["shortfall"])


def test_check_exit_codes(cli, hagiang_dir, tmp_path):
    out = tmp_path / "out"
    scenario = hagiang_dir / "scenario.yaml"
    cli("plan", scenario, "--strategy", "greedy", "--out", out, "--quiet", check=0)
    valid = cli("check", scenario, out / "plan.csv", check=0)
    assert "valid" in valid.stdout and "S = " in valid.stdout and "C = " in valid.stdout
    # Break rule 8: the same first row a thousand times.
    rows = (out / "plan.csv").read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([rows[0]] + [rows[1]] * 1000) + "\n")
    invalid = cli("check", scenario, bad, check=1)
    assert "rule 8" in invalid.stdout or "rule 7" in invalid.stdout
    assert "INVALID" in invalid.stdout
    # Unreadable: a missing file, a plan without its columns.
    cli("check", scenario, tmp_path / "missing.csv", check=2)
    garbled = tmp_path / "garbled.csv"
    garbled.write_text("who,what\na,b\n")
    proc = cli("check", scenario, garbled, check=2)
    assert "garbled.csv" in proc.stderr and "cadre_id" in proc.stderr


def test_unknown_ids_in_a_plan_break_rule_6(cli, hagiang_dir, tmp_path):
    plan = tmp_path / "p.csv"
    plan.write_text("cadre_id,program_id,start_year\nnobody,knowledge_update,2023\n")
    proc = cli("check", hagiang_dir / "scenario.yaml", plan, check=1)
    assert "rule 6" in proc.stdout and "nobody" in proc.stdout


def test_export_reads_back_to_the_same_scenario(cli, hagiang_dir, tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    cli("plan", "hagiang-2022", "--strategy", "greedy", "--out", a, "--quiet", check=0)
    cli("plan", hagiang_dir / "scenario.yaml", "--strategy", "greedy", "--out", b, "--quiet", check=0)
    assert (a / "plan.csv").read_bytes() == (b / "plan.csv").read_bytes()
    assert (a / "attainment.csv").read_bytes() == (b / "attainment.csv").read_bytes()
    # Export twice: byte-identical files (Vietnamese text round-trips).
    again = tmp_path / "again"
    cli("export-scenario", "hagiang-2022", again, check=0)
    assert (again / "scenario.yaml").read_bytes() == (hagiang_dir / "scenario.yaml").read_bytes()
    assert (again / "roster.csv").read_bytes() == (hagiang_dir / "roster.csv").read_bytes()
    assert "Hà Giang" in (again / "scenario.yaml").read_text(encoding="utf-8")


def test_validate(cli, hagiang_dir, tmp_path):
    ok = cli("validate", hagiang_dir / "scenario.yaml", check=0)
    assert "4920 cadres" in ok.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    text = (hagiang_dir / "scenario.yaml").read_text(encoding="utf-8")
    (broken / "roster.csv").write_bytes((hagiang_dir / "roster.csv").read_bytes())
    (broken / "scenario.yaml").write_text(text.replace("horizon: {start: 2022, end: 2030}", "horizon: {start: 2022, end: 2020}"),
                                          encoding="utf-8")
    proc = cli("validate", broken / "scenario.yaml", check=2)
    assert "scenario.yaml:3" in proc.stderr and "horizon" in proc.stderr


def test_usage_errors_exit_2(cli):
    assert cli("frobnicate").returncode == 2
    assert cli("plan", "--strategy").returncode == 2
    assert cli("plan", "no-such-scenario").returncode == 2
    proc = cli("plan", "--strategy", "nonsense", "--quiet")
    assert proc.returncode == 2 and "unknown strategy" in proc.stderr
    assert cli("plan", "--time-limit", "-3", "--quiet").returncode == 2
    assert cli("--help").returncode == 0


@pytest.mark.parametrize("seed,extra", [(1, []), (2, ["--max-concurrent", "2"]), (3, ["--min-service", "2", "--budget-scale", "0.5"])])
def test_generated_scenarios_plan_validly(cli, tmp_path, seed, extra):
    d = tmp_path / "gen"
    cli("generate", d, "--cadres", 300, "--seed", seed, *extra, check=0)
    for strategy in ("greedy", "optimal"):
        out = tmp_path / strategy
        cli("plan", d / "scenario.yaml", "--strategy", strategy, "--out", out, "--quiet", "--time-limit", 20, check=0)
        cli("check", d / "scenario.yaml", out / "plan.csv", check=0)
    sg = json.loads((tmp_path / "greedy" / "summary.json").read_text())
    so = json.loads((tmp_path / "optimal" / "summary.json").read_text())
    assert so["S"] <= sg["S"]
