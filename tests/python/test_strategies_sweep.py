"""Custom Python strategies go through the same checker as the built-in ones, in
`solve` and in `compare`; a sweep gives the same rows in local processes and on a
Dask LocalCluster of two workers."""
import functools

import pandas as pd
import pytest


def knowledge_update_rotation(cp):
    """A planner's simple rule, written with the public API only: each year, send as many
    cadres as there are knowledge-update seats, those who waited longest first."""

    class KnowledgeUpdateRotation(cp.Strategy):
        description = "knowledge update for the longest-waiting active cadres, every year"

        def solve(self, scenario, options):
            spec = scenario.spec()
            prog = next(p for p in spec["programs"] if p["id"] == "knowledge_update")
            retire = spec["retirement_age"]
            roster = scenario.roster
            last = roster["knowledge_update"].fillna(0).astype(int).to_numpy().copy()
            limit = roster["sex"].map(retire).to_numpy()
            rows = []
            for year in scenario.years:
                seats = int(prog["seats"].get(year, prog["seats"].get("default", 0)))
                active = (year - roster["birth_year"].to_numpy()) < limit
                order = sorted((i for i in range(len(roster)) if active[i]), key=lambda i: (last[i], i))[:seats]
                for i in order:
                    rows.append((roster["id"].iat[i], "knowledge_update", year))
                    last[i] = year
            return pd.DataFrame(rows, columns=["cadre_id", "program_id", "start_year"]), {"log": {"rule": "rotation"}}

    return KnowledgeUpdateRotation


def test_a_custom_strategy_is_scored_by_the_checker(cp, hagiang):
    strategy = knowledge_update_rotation(cp)()
    assert strategy.strategy_name() == "knowledge_update_rotation"
    r = cp.solve(hagiang, strategy)
    assert r.report.strategy == "knowledge_update_rotation" and r.report.valid
    assert r.report.status == "feasible" and r.report.lower_bound is None
    ev = cp.check(hagiang, r.plan)
    assert (ev.S, ev.C) == (r.S, r.C)
    assert ("rule" in {name for _, name, _ in r.report.log})
    # It meets the knowledge-update target better than doing nothing.
    att = r.attainment.set_index(["target_id", "year"])
    assert att.loc[("t5_knowledge_update", 2025), "achieved"] > att.loc[("t5_knowledge_update", 2025), "baseline"]


def test_an_invalid_custom_plan_is_refused_with_the_checkers_verdict(cp, hagiang):
    class Overbook(cp.Strategy):
        def solve(self, scenario, options):
            ids = scenario.roster["id"][:400]  # theory_advanced has 80 seats a year and a prerequisite
            return pd.DataFrame({"cadre_id": ids, "program_id": "theory_advanced", "start_year": scenario.start})

    with pytest.raises(cp.SolveError) as e:
        cp.solve(hagiang, Overbook)
    assert not e.value.evaluation.valid and 8 in set(e.value.evaluation.violations["rule"])
    df = cp.compare(hagiang, ["greedy", Overbook])
    row = df.set_index("strategy").loc["overbook"]
    assert not row["valid"] and row["status"] == "invalid"
    assert row["S"] == e.value.evaluation.S


def test_compare_builtin_and_custom_strategies(cp, hagiang):
    more = hagiang.with_seats("university_bridge", factor=1.2, name="+20% bridge")
    custom = knowledge_update_rotation(cp)
    df = cp.compare({"base": hagiang, "more": more}, ["greedy", "flow", custom()], time_limit=120, threads=1)
    assert list(df.columns)[:7] == ["scenario", "strategy", "S", "C", "bound", "gap", "seconds"]
    assert len(df) == 6 and set(df["strategy"]) == {"greedy", "flow", "knowledge_update_rotation"}
    assert df["valid"].all()
    for _, row in df.iterrows():
        sc = hagiang if row["scenario"] == "base" else more
        res = cp.solve(sc, custom() if row["strategy"] == "knowledge_update_rotation" else row["strategy"],
                       threads=1, progress=False)
        assert (res.S, res.C) == (row["S"], row["C"])  # deterministic, and from the checker


def _sweep_items(cp, hagiang):
    return {
        "base": hagiang,
        "budget -30%": hagiang.with_budget(factor=0.7),
        "deadline 2027": hagiang.with_deadline("t3_btv_postgraduate", 2025, 2027),
        "generated": functools.partial(cp.generate, 300, 11),  # built in the worker
    }


def test_sweep_on_a_dask_local_cluster_matches_the_local_run(cp, hagiang):
    distributed = pytest.importorskip("distributed")
    items = _sweep_items(cp, hagiang)
    local = cp.sweep(items, ["greedy", "flow"], processes=2)
    inline = cp.sweep(items, ["greedy", "flow"], processes=0)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
            remote = cp.sweep(items, ["greedy", "flow"], client=client)
    assert len(local) == 8 and list(local["scenario"].unique()) == list(items)
    cols = [c for c in local.columns if c != "seconds"]
    pd.testing.assert_frame_equal(local[cols], remote[cols])
    pd.testing.assert_frame_equal(local[cols], inline[cols])
    assert local["valid"].all() and local["plan_digest"].notna().all()
    # The what-ifs did something: the budget cut changes the plan.
    by = local.set_index(["scenario", "strategy"])
    assert by.loc[("budget -30%", "greedy"), "plan_digest"] != by.loc[("base", "greedy"), "plan_digest"]
