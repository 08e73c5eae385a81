"""Misuse never crashes the interpreter (issue 6, item 7): None, wrong types, and
DataFrames changed after loading raise typed exceptions — TypeError for a value of
the wrong kind, OptionsError for a bad option, ScenarioError / PlanError (both
ValueError) naming the place for bad data. Each case runs in a child interpreter
too, so that a crash (a segfault, an abort) fails the test instead of the session."""
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest


def with_cell(df, row, column, value):
    df = df.copy()
    df[column] = df[column].astype(object)
    df.at[df.index[row], column] = value
    return df


def frames_with(sc, key, change):
    f = sc.to_frames()
    f[key] = change(f[key])
    return f


ARGUMENT_CASES = [
    # (label, call(cp, sc, plan), expected exception name)
    ("solve None", lambda cp, sc, plan: cp.solve(None), "TypeError"),
    ("solve an int", lambda cp, sc, plan: cp.solve(42), "TypeError"),
    ("load None", lambda cp, sc, plan: cp.load(None), "TypeError"),
    ("load a missing file", lambda cp, sc, plan: cp.load("/nonexistent/scenario.yaml"), "ScenarioError"),
    ("strategy None", lambda cp, sc, plan: cp.solve(sc, None), "OptionsError"),
    ("unknown strategy", lambda cp, sc, plan: cp.solve(sc, "fastest"), "OptionsError"),
    ("time_limit text", lambda cp, sc, plan: cp.solve(sc, "greedy", time_limit="x"), "TypeError"),
    ("time_limit None", lambda cp, sc, plan: cp.solve(sc, "greedy", time_limit=None), "TypeError"),
    ("time_limit negative", lambda cp, sc, plan: cp.solve(sc, "greedy", time_limit=-1), "OptionsError"),
    ("time_limit NaN", lambda cp, sc, plan: cp.solve(sc, "greedy", time_limit=float("nan")), "OptionsError"),
    ("threads negative", lambda cp, sc, plan: cp.solve(sc, "greedy", threads=-3), "OptionsError"),
    ("threads float", lambda cp, sc, plan: cp.solve(sc, "greedy", threads=1.5), "TypeError"),
    ("seed negative", lambda cp, sc, plan: cp.solve(sc, "greedy", seed=-1), "OptionsError"),
    ("settings a list", lambda cp, sc, plan: cp.solve(sc, "greedy", settings=["x"]), "TypeError"),
    ("unknown setting value", lambda cp, sc, plan: cp.solve(sc, "greedy", settings={"greedy.priority": "zzz"}),
     "OptionsError"),
    ("progress not callable", lambda cp, sc, plan: cp.solve(sc, "greedy", progress="yes"), "TypeError"),
    ("check plan None", lambda cp, sc, plan: cp.check(sc, None), "TypeError"),
    ("check scenario None", lambda cp, sc, plan: cp.check(None, plan), "TypeError"),
    ("check a list", lambda cp, sc, plan: cp.check(sc, [1, 2]), "TypeError"),
    ("project an int", lambda cp, sc, plan: cp.project(sc, 5), "TypeError"),
    ("explain None", lambda cp, sc, plan: cp.explain(sc, None), "TypeError"),
    ("report language", lambda cp, sc, plan: cp.solve(sc, "greedy", progress=False).to_html(lang="fr"), "OptionsError"),
    ("compare None", lambda cp, sc, plan: cp.compare(None), "TypeError"),
    ("compare a bad strategy", lambda cp, sc, plan: cp.compare(sc, [3]), "OptionsError"),
    ("sweep None", lambda cp, sc, plan: cp.sweep(None, processes=0), "TypeError"),
    ("generate negative", lambda cp, sc, plan: cp.generate(-5), "OptionsError"),
    ("generate text", lambda cp, sc, plan: cp.generate("many"), "TypeError"),
    ("Scenario(None)", lambda cp, sc, plan: cp.Scenario(None), "TypeError"),
    ("with_seats text", lambda cp, sc, plan: sc.with_seats("university_bridge", seats="x"), "ScenarioError"),
    ("with_seats bad year", lambda cp, sc, plan: sc.with_seats("university_bridge", "2023", seats=3), "TypeError"),
    ("with_budget bad year", lambda cp, sc, plan: sc.with_budget("2023", amount=3), "TypeError"),
    ("with_budget text", lambda cp, sc, plan: sc.with_budget(amount="x"), "ScenarioError"),
    ("with_deadline None", lambda cp, sc, plan: sc.with_deadline("t3_btv_postgraduate", None, 2027), "TypeError"),
    ("from_frames all None", lambda cp, sc, plan: cp.Scenario.from_frames(None, None, None), "ScenarioError"),
    ("from_frames ladders text", lambda cp, sc, plan: cp.Scenario.from_frames(**{**sc.to_frames(), "ladders": "abc"}),
     "TypeError"),
    ("from_frames horizon text", lambda cp, sc, plan: cp.Scenario.from_frames(**{**sc.to_frames(), "horizon": "ab"}),
     "TypeError"),
    ("policy text", lambda cp, sc, plan: cp.Scenario.from_frames(**{**sc.to_frames(), "max_concurrent_programs": "two"}),
     "ScenarioError"),
    ("unknown policy", lambda cp, sc, plan: cp.Scenario.from_frames(**{**sc.to_frames(), "retire_at": 60}),
     "OptionsError"),
    ("core solve None", lambda cp, sc, plan: cp._core.solve(None), "TypeError"),
    ("core check None", lambda cp, sc, plan: cp._core.check(None, None), "TypeError"),
    ("core witness out of range", lambda cp, sc, plan: cp._core.Explanation.witness(
        cp.explain(sc, plan, fixes=False)._core, 10 ** 6), "OptionsError"),
]

FRAME_CASES = [
    # a frame of to_frames() changed after loading -> (exception, field it names or None)
    ("roster without sex", "roster", lambda d: d.drop(columns=["sex"]), "ScenarioError", "roster.sex"),
    ("roster birth year NaN", "roster", lambda d: with_cell(d, 3, "birth_year", np.nan), "ScenarioError", "roster.birth_year"),
    ("roster birth year huge", "roster", lambda d: with_cell(d, 3, "birth_year", 10 ** 30), "ScenarioError",
     "roster.birth_year"),
    ("roster birth year inf", "roster", lambda d: with_cell(d, 3, "birth_year", float("inf")), "ScenarioError",
     "roster.birth_year"),
    ("roster list in a cell", "roster", lambda d: with_cell(d, 3, "tier", ["a", "b"]), "ScenarioError", "roster.tier"),
    ("roster column twice", "roster", lambda d: pd.concat([d, d[["sex"]]], axis=1), "ScenarioError", "roster.sex"),
    ("roster unknown level", "roster", lambda d: with_cell(d, 3, "professional", "phd"), "ScenarioError",
     "roster.professional"),
    ("roster duplicate id", "roster", lambda d: with_cell(d, 3, "id", d["id"].iat[0]), "ScenarioError", "roster.id"),
    ("roster not a frame", "roster", lambda d: d.to_dict(), "TypeError", None),
    ("programs seats text", "programs", lambda d: with_cell(d, 1, "seats", "many"), "ScenarioError", "seats"),
    ("programs seats negative", "programs", lambda d: with_cell(d, 1, "seats", -4), "ScenarioError", "seats"),
    ("programs id missing", "programs", lambda d: with_cell(d, 1, "id", None), "ScenarioError", "programs[1].id"),
    ("programs bad seats column", "programs", lambda d: d.assign(seats_abc=3), "ScenarioError", "programs.seats_abc"),
    ("programs duplicated", "programs", lambda d: pd.concat([d, d.iloc[[0]]]), "ScenarioError", "programs[10].id"),
    ("targets share text", "targets", lambda d: with_cell(d, 1, "share", "abc"), "ScenarioError", "checkpoints"),
    ("targets share 2", "targets", lambda d: with_cell(d, 1, "share", 2.0), "ScenarioError", "checkpoints"),
    ("targets year missing", "targets", lambda d: with_cell(d, 1, "year", np.nan), "ScenarioError", "targets.year"),
    ("targets year 2025.5", "targets", lambda d: with_cell(d, 1, "year", 2025.5), "ScenarioError", "checkpoints"),
    ("targets unknown group", "targets", lambda d: with_cell(with_cell(d, 0, "group", "nobody"), 1, "group", "nobody"),
     "ScenarioError", "group"),
    ("targets rows disagree", "targets", lambda d: with_cell(d, 1, "group", "commune"), "ScenarioError", "targets.group"),
    ("targets checkpoint twice", "targets", lambda d: with_cell(d, 1, "year", d["year"].iat[0]), "ScenarioError",
     "targets.year"),
    ("groups min_age text", "groups", lambda d: with_cell(d, 1, "min_age", "old"), "ScenarioError", "min_age"),
]

PLAN_CASES = [
    ("cadre id None", lambda p: p.assign(cadre_id=None), "PlanError", "cadre_id"),
    ("program id NaN", lambda p: with_cell(p, 5, "program_id", np.nan), "PlanError", "program_id"),
    ("column twice", lambda p: pd.concat([p, p[["start_year"]]], axis=1), "PlanError", "start_year"),
    ("column missing", lambda p: p.drop(columns=["start_year"]), "PlanError", "start_year"),
    ("years as text", lambda p: p.assign(start_year="abc"), "PlanError", "start_year"),
    ("years NaN", lambda p: with_cell(p, 2, "start_year", np.nan), "PlanError", "start_year"),
    ("years huge", lambda p: p.assign(start_year=10 ** 12), "PlanError", "start_year"),
    ("years True/False", lambda p: p.assign(start_year=True), "PlanError", "start_year"),
    ("years as lists", lambda p: p.assign(start_year=[[1]] * len(p)), "PlanError", "start_year"),
]


@pytest.fixture(scope="module")
def plan(greedy_result):
    return greedy_result.plan


@pytest.mark.parametrize("label,call,expected", ARGUMENT_CASES, ids=[c[0] for c in ARGUMENT_CASES])
def test_bad_arguments_raise_typed_exceptions(cp, hagiang, plan, label, call, expected):
    cls = getattr(cp, expected, None) or getattr(__builtins__, expected, None) or {"TypeError": TypeError}[expected]
    with pytest.raises(cls):
        call(cp, hagiang, plan)


@pytest.mark.parametrize("label,key,change,expected,field", FRAME_CASES, ids=[c[0] for c in FRAME_CASES])
def test_frames_changed_after_loading_raise_typed_exceptions(cp, hagiang, label, key, change, expected, field):
    cls = getattr(cp, expected, None) or TypeError
    with pytest.raises(cls) as e:
        cp.Scenario.from_frames(**frames_with(hagiang, key, change))
    if field is not None:
        assert isinstance(e.value, ValueError)
        assert any(field in p.field for p in e.value.problems), [p.field for p in e.value.problems]


@pytest.mark.parametrize("label,change,expected,field", PLAN_CASES, ids=[c[0] for c in PLAN_CASES])
def test_plans_changed_after_solving_raise_plan_errors(cp, hagiang, plan, label, change, expected, field):
    with pytest.raises(cp.PlanError) as e:
        cp.check(hagiang, change(plan))
    assert isinstance(e.value, ValueError) and e.value.field == field


def test_changing_a_result_frame_changes_nothing_else(cp, hagiang, greedy_result):
    p = greedy_result.plan
    p.loc[:, "start_year"] = 1900
    assert (greedy_result.plan["start_year"] >= hagiang.start).all()
    assert cp.check(hagiang, greedy_result).valid
    att = greedy_result.attainment
    att.loc[:, "achieved"] = -1
    assert (greedy_result.attainment["achieved"] >= 0).all()
    proj = cp.project(hagiang, greedy_result)
    with pytest.raises(ValueError):
        proj.active[0, 0] = 0  # read-only views of the C++ tables


def test_misuse_in_a_child_interpreter_never_crashes_it(tmp_path):
    # The same calls in a fresh interpreter: any crash (SIGSEGV, abort) shows as a signal exit.
    script = textwrap.dedent("""
        import sys, numpy as np, pandas as pd, cadreplan as cp
        sys.path.insert(0, sys.argv[1])
        import test_misuse as t
        sc = cp.load("hagiang-2022")
        plan = cp.solve(sc, "greedy", threads=1, progress=False).plan
        n = 0
        for label, call, expected in t.ARGUMENT_CASES:
            try:
                call(cp, sc, plan)
            except Exception as e:
                n += 1
        for label, key, change, expected, field in t.FRAME_CASES:
            try:
                cp.Scenario.from_frames(**t.frames_with(sc, key, change))
            except Exception:
                n += 1
        for label, change, expected, field in t.PLAN_CASES:
            try:
                cp.check(sc, change(plan))
            except Exception:
                n += 1
        print("raised", n)
    """)
    here = str(__import__("pathlib").Path(__file__).parent)
    proc = subprocess.run([sys.executable, "-c", script, here], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    total = len(ARGUMENT_CASES) + len(FRAME_CASES) + len(PLAN_CASES)
    assert proc.stdout.split() == ["raised", str(total)]


class _Raises:
    pass


@pytest.mark.parametrize("returns,expected", [
    ("raise", "ValueError"),
    (None, "TypeError"),
    (42, "TypeError"),
    ("tuple3", "TypeError"),
    ("bad status", "OptionsError"),
    ("info not a dict", "TypeError"),
])
def test_a_misbehaving_python_strategy_raises_not_crashes(cp, hagiang, greedy_result, returns, expected):
    plan = greedy_result.plan

    class Bad(cp.Strategy):
        def solve(self, scenario, options):
            if returns == "raise":
                raise ValueError("my strategy failed")
            if returns == "tuple3":
                return plan, {}, 3
            if returns == "bad status":
                return plan, {"status": "perfect"}
            if returns == "info not a dict":
                return plan, 7
            return returns

    cls = getattr(cp, expected, None) or {"ValueError": ValueError, "TypeError": TypeError}[expected]
    with pytest.raises(cls):
        cp.solve(hagiang, Bad())
    # The interpreter and the library still work afterwards.
    assert cp.check(hagiang, plan).valid


@pytest.mark.parametrize("change", [
    lambda p: p.assign(cadre_id="NOBODY"), lambda p: p.assign(program_id="nothing"),
    lambda p: p.assign(start_year=1900), lambda p: p.assign(start_year=99999), lambda p: pd.concat([p.iloc[[0]]] * 50),
], ids=["unknown cadre", "unknown program", "year 1900", "year 99999", "one row 50 times"])
def test_invalid_plans_are_projected_and_refused_by_explain_without_crashing(cp, hagiang, plan, change):
    bad = change(plan)
    proj = cp.project(hagiang, bad)
    assert proj.attainment()["members"].ge(0).all()
    assert not cp.check(hagiang, bad).valid
    with pytest.raises(cp.PlanError):
        cp.explain(hagiang, bad, fixes=False)


def test_plots_name_an_unknown_target_or_program(cp, greedy_result):
    with pytest.raises(cp.OptionsError):
        greedy_result.plot_attainment(["nope"])
    with pytest.raises(cp.OptionsError):
        greedy_result.plot_seats(["nope"])
    fig = greedy_result.plot_attainment(["t3_btv_postgraduate"])
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 1
