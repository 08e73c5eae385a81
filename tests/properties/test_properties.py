"""Properties of the planner on generated scenarios (issue 6, item 5), through
the command line: `generate`, `plan --strategy X --out`, `check`.

A property on S compares proven optima only: `optimal` runs with a time limit
and the comparison is made when both runs end with status `optimal` (S equals
its lower bound); with `optimal.cost_phase=off` that status needs only S proven,
which these small instances reach in about a second. Instances: 10-300 cadres
(the largest only where no proof is needed), 3-5 plan years.
"""
import random

from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from conftest import check, generate, load_spec, plan, strategies, write_variant

S_ONLY = ("optimal.cost_phase=off",)

small_scenarios = st.fixed_dictionaries({
    "cadres": st.integers(10, 60),
    "seed": st.integers(1, 2**31 - 1),
    "years": st.integers(3, 5),
    "max_concurrent": st.sampled_from([1, 2]),
    "seat_scale": st.sampled_from([0.5, 1.0, 2.0]),
    "budget_scale": st.sampled_from([0.0, 0.5, 1.0]),
})


def proven(summary):
    return summary["status"] == "optimal" and summary["lower_bound"] is not None and summary["lower_bound"] >= summary["S"] - 1e-9


@settings(max_examples=max(1, settings.default.max_examples // 2))  # up to 10 s each
@given(params=small_scenarios.map(lambda p: {**p, "cadres": p["cadres"] * 5}))  # 50-300 cadres
def test_every_plan_passes_check_and_optimal_is_least(tmp_path_factory, params):
    """Every strategy's plan passes `check`, which scores it as the planner
    reported; `optimal`'s S is at most every other strategy's (optimal tries the
    other plans when it cannot prove its own, so this holds even at a time limit)."""
    d = tmp_path_factory.mktemp("every")
    sc = generate(d / "scenario", **params)
    results = {}
    for name in strategies():
        s = plan(sc, d / name, name, time_limit=10)
        status, S, C, out = check(sc, s["plan_csv"])
        assert status == 0, f"{name}'s plan is invalid:\n{out}"
        assert s["valid"] is True
        assert (S, C) == (s["S"], s["C"]), f"{name}: the planner said S={s['S']}, C={s['C']}; check says S={S}, C={C}"
        results[name] = s
    note(str({k: (v["S"], v["C"], v["status"]) for k, v in results.items()}))
    for name, s in results.items():
        assert results["optimal"]["S"] <= s["S"] + 1e-9, f"optimal S={results['optimal']['S']} > {name} S={s['S']}"
    if results["optimal"]["lower_bound"] is not None:
        assert results["optimal"]["lower_bound"] <= results["optimal"]["S"] + 1e-9


def _more(value, extra):
    """A per-year value (number or {default, year: n}) with @extra more in every year."""
    if isinstance(value, dict):
        out = {k: v + extra for k, v in value.items()}
        out.setdefault("default", extra)  # unnamed years had 0 seats
        return out
    return value + extra


@given(params=small_scenarios, pick=st.integers(0, 1000), extra=st.integers(1, 5))
def test_more_seats_never_raise_optimal_S(tmp_path_factory, params, pick, extra):
    d = tmp_path_factory.mktemp("seats")
    sc = generate(d / "scenario", **params)
    spec = load_spec(sc)
    k = pick % len(spec["programs"])
    spec["programs"][k]["seats"] = _more(spec["programs"][k]["seats"], extra)
    more = write_variant(sc, d / "more", spec)
    a = plan(sc, d / "a", "optimal", sets=S_ONLY)
    b = plan(more, d / "b", "optimal", sets=S_ONLY)
    assume(proven(a) and proven(b))
    assert b["S"] <= a["S"], f"{extra} more seats of {spec['programs'][k]['id']} raised S from {a['S']} to {b['S']}"


@given(params=small_scenarios, capped=st.sampled_from([0.5, 1.0]), factor=st.sampled_from([1.25, 2.0, None]))
def test_more_budget_never_raises_optimal_S(tmp_path_factory, params, capped, factor):
    d = tmp_path_factory.mktemp("budget")
    sc = generate(d / "scenario", **{**params, "budget_scale": capped})
    spec = load_spec(sc)
    assume("budget" in spec)
    if factor is None:
        del spec["budget"]  # no cap at all
    elif isinstance(spec["budget"], dict):
        spec["budget"] = {k: v * factor for k, v in spec["budget"].items()}
    else:
        spec["budget"] = spec["budget"] * factor
    more = write_variant(sc, d / "more", spec)
    a = plan(sc, d / "a", "optimal", sets=S_ONLY)
    b = plan(more, d / "b", "optimal", sets=S_ONLY)
    assume(proven(a) and proven(b))
    assert b["S"] <= a["S"], f"budget x{factor} raised S from {a['S']} to {b['S']}"


@given(params=small_scenarios, pick=st.integers(0, 1000))
def test_removing_a_target_never_raises_optimal_S(tmp_path_factory, params, pick):
    d = tmp_path_factory.mktemp("target")
    sc = generate(d / "scenario", **params)
    spec = load_spec(sc)
    assume(len(spec["targets"]) >= 2)
    removed = spec["targets"].pop(pick % len(spec["targets"]))
    fewer = write_variant(sc, d / "fewer", spec)
    a = plan(sc, d / "a", "optimal", sets=S_ONLY)
    b = plan(fewer, d / "b", "optimal", sets=S_ONLY)
    assume(proven(a) and proven(b))
    assert b["S"] <= a["S"], f"removing target {removed['id']} raised S from {a['S']} to {b['S']}"


@given(params=small_scenarios.map(lambda p: {**p, "cadres": min(p["cadres"], 40), "years": min(p["years"], 4)}),
       shuffle_seed=st.integers(0, 2**32 - 1))
def test_shuffling_roster_rows_changes_neither_S_nor_C(tmp_path_factory, params, shuffle_seed):
    """Optimal with its cost phase (least S, then least C): both proven, so S
    and C must agree exactly; the rows' order is not part of the problem."""
    d = tmp_path_factory.mktemp("shuffle")
    sc = generate(d / "scenario", **params)
    lines = (sc.parent / "roster.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    random.Random(shuffle_seed).shuffle(rows)
    shuffled = write_variant(sc, d / "shuffled", roster_text=header + "".join(rows))
    exact = ("optimal.cost_gap=0",)
    a = plan(sc, d / "a", "optimal", sets=exact)
    b = plan(shuffled, d / "b", "optimal", sets=exact)
    assume(proven(a) and proven(b))
    assert a["cost_lower_bound"] is not None and b["cost_lower_bound"] is not None
    assume(a["C"] <= a["cost_lower_bound"] + 1e-6 and b["C"] <= b["cost_lower_bound"] + 1e-6)  # C proven exactly
    assert (b["S"], b["C"]) == (a["S"], a["C"]), f"shuffling the roster changed (S, C) from {(a['S'], a['C'])} to {(b['S'], b['C'])}"
