// cadreplan benchmarks — the strategies, and `cadreplan plan` on hagiang-2022.
//
//   solve/<strategy>/<case>   optimize::solve (the strategy, then rules::check)
//                             for greedy, flow and optimal; wall time. Counters:
//                             S, C, lower_bound and gap (when the strategy proves
//                             one), status_optimal (1 when proven optimal),
//                             t.<phase> (the report's timings, seconds), cohorts,
//                             peak_rss_mb (of this process so far: run one
//                             benchmark per process to read it as that solve's).
//   plan/hagiang-2022/optimal-end-to-end
//                             what `cadreplan plan` does with the built-in
//                             scenario (issue 3): synthesise and build it, the
//                             baseline, solve with optimal, explain the missed
//                             checkpoints, the scorecard text.
//
// Every solve runs once per repetition (Iterations(1)); national cases run one
// repetition, `optimal` on them with CADREPLAN_BENCH_OPTIMAL_LIMIT seconds
// and, when CADREPLAN_BENCH_OPTIMAL_GAP is set, that `optimal.gap` (counters
// optimal_gap and ended_within_gap: 1 when the solve stopped at that gap,
// before its time limit).
#include <cstdio>
#include <optional>

#include "bench_data.hpp"
#include "cadreplan/explain/explain.hpp"
#include "cadreplan/report/report.hpp"
#include "cadreplan/rules/check.hpp"

using namespace cadreplan;

namespace {

void report_counters(benchmark::State& state, const SolveReport& rep, const Scenario& sc, const Plan& plan, double rep_time_limit) {
  state.counters["cadres"] = static_cast<double>(sc.roster().size());
  state.counters["S"] = rep.S;
  state.counters["C"] = rep.C;
  state.counters["enrollments"] = static_cast<double>(plan.size());
  state.counters["solver_seconds"] = rep.seconds;
  state.counters["status_optimal"] = rep.status == SolveStatus::optimal ? 1.0 : 0.0;
  if (rep.lower_bound) {
    state.counters["lower_bound"] = *rep.lower_bound;
    state.counters["gap"] = *rep.gap();
    state.counters["relative_gap"] = *rep.relative_gap();
  }
  if (rep.cost_lower_bound) state.counters["cost_lower_bound"] = *rep.cost_lower_bound;
  for (const auto& [phase, secs] : rep.timings) state.counters["t." + phase] = secs;
  for (const auto& rec : rep.log)
    if (rec.name == "cohorts") state.counters["cohorts"] = std::atof(rec.value.c_str());
  state.counters["peak_rss_mb"] = bench::peak_rss_mb();
  state.counters["time_limit"] = rep_time_limit;
  state.SetLabel(std::string(to_string(rep.status)));
}

void solve_case(benchmark::State& state, const std::string& strategy, const std::string& name) {
  const Scenario& cases = bench::scenario(name);
  SolveOptions o;
  o.strategy = strategy;
  if (strategy == "optimal" && bench::is_national(name)) {
    o.time_limit = bench::optimal_time_limit();
    if (!bench::optimal_gap().empty()) o.settings["optimal.gap"] = bench::optimal_gap();
  }
  SolveResult r;
  // A Scenario keeps the cohorts and pricing graphs of its first solve
  // (optimize/model_cache.hpp), so each repetition solves a fresh copy, built
  // outside the timing: a cold solve, as after any change to the scenario.
  // The national cases run once, on the case itself (a copy would double the
  // roster in memory).
  std::optional<Scenario> copy;
  for (auto _ : state) {
    if (!bench::is_national(name)) {
      state.PauseTiming();
      copy.emplace(Scenario::build(cases.spec(), cases.roster()));
      state.ResumeTiming();
    }
    r = solve(copy ? *copy : cases, o);
    benchmark::DoNotOptimize(&r);
  }
  const Scenario& sc = copy ? *copy : cases;
  if (!r.evaluation.valid) state.SkipWithError("the plan is invalid");
  report_counters(state, r.report, sc, r.plan, o.time_limit);
  if (auto it = o.settings.find("optimal.gap"); it != o.settings.end()) {
    // Whether the solve ended by its gap (S certified within it), not by the time limit.
    const double gap = std::atof(it->second.c_str());
    state.counters["optimal_gap"] = gap;
    state.counters["ended_within_gap"] =
        r.report.lower_bound && r.report.S - *r.report.lower_bound <= gap * r.report.S + 1e-9 &&
                r.report.seconds < o.time_limit - 1.0
            ? 1.0
            : 0.0;
  }
  if (bench::verbose()) std::fprintf(stderr, "\n== solve/%s/%s\n%s\n", strategy.c_str(), name.c_str(), r.report.full_report().c_str());
}

/// `cadreplan plan` with the built-in scenario, minus printing.
void plan_end_to_end(benchmark::State& state) {
  std::size_t chars = 0;
  SolveReport rep;
  for (auto _ : state) {
    const Scenario sc = synth::builtin_scenario("hagiang-2022");
    const rules::Evaluation base = rules::baseline(sc);
    SolveOptions o;  // strategy optimal, as `cadreplan plan`
    SolveResult r = solve(sc, o);
    explain::ExplainOptions eo;
    eo.time_limit = std::max(10.0, o.time_limit);
    const explain::Explanation ex = explain::explain(sc, r.plan, eo);
    const std::string text = report::scorecard(sc, base, r, &ex);
    chars = text.size();
    rep = r.report;
    benchmark::DoNotOptimize(&chars);
  }
  state.counters["S"] = rep.S;
  state.counters["C"] = rep.C;
  state.counters["solver_seconds"] = rep.seconds;
  state.counters["status_optimal"] = rep.status == SolveStatus::optimal ? 1.0 : 0.0;
  state.SetLabel(std::string(to_string(rep.status)));
}

}  // namespace

int main(int argc, char** argv) {
  return bench::run_main(argc, argv, [] {
    for (const char* strategy : {"greedy", "flow", "optimal"}) {
      const std::string s = strategy;
      bench::register_per_case(
          "solve/" + s, [s](benchmark::State& st, const std::string& name) { solve_case(st, s, name); },
          [](benchmark::internal::Benchmark* b, const std::string& name) {
            b->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
            if (bench::is_national(name)) b->Repetitions(1);
          });
    }
    benchmark::RegisterBenchmark("plan/hagiang-2022/optimal-end-to-end", plan_end_to_end)
        ->Unit(benchmark::kSecond)
        ->UseRealTime()
        ->Iterations(1);
  });
}
