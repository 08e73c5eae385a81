// cadreplan benchmarks — the model and the one checker.
//
//   model/build/<case>                  Scenario::build: validation and compilation
//                                       of an in-memory spec + roster
//   rules/check/<case>                  rules::check of the case's greedy plan
//   rules/baseline/<case>               rules::baseline (the score with no training)
//   projection/project/<case>           every cadre's year-by-year state under the greedy plan
//   projection/attainment/<case>        group sizes and achievers per target and year
//   optimize/cohorts/<case>/threads:T   cohort aggregation (internal src/optimize/cohorts.hpp)
#include "bench_data.hpp"
#include "cadreplan/projection/projection.hpp"
#include "cadreplan/rules/check.hpp"
#include "optimize/cohorts.hpp"

using namespace cadreplan;

namespace {

void build(benchmark::State& state, const std::string& name) {
  const synth::NationalParts p = bench::parts(name);
  for (auto _ : state) {
    state.PauseTiming();
    ScenarioSpec spec = p.spec;
    Roster roster = p.roster;
    state.ResumeTiming();
    Scenario s = Scenario::build(std::move(spec), std::move(roster));
    benchmark::DoNotOptimize(&s);
    state.PauseTiming();
    if (!s.warnings().empty()) state.SkipWithError("the scenario has warnings");
    { Scenario gone = std::move(s); }  // destroy outside the timing
    state.ResumeTiming();
  }
  state.counters["cadres"] = static_cast<double>(p.roster.size());
  state.counters["rows_per_second"] = benchmark::Counter(static_cast<double>(p.roster.size()), benchmark::Counter::kIsIterationInvariantRate);
}

void check(benchmark::State& state, const std::string& name) {
  const Scenario& sc = bench::scenario(name);
  const Plan& plan = bench::greedy_plan(name);
  rules::Evaluation ev;
  for (auto _ : state) {
    ev = rules::check(sc, plan);
    benchmark::DoNotOptimize(&ev);
  }
  if (!ev.valid) state.SkipWithError("the greedy plan is invalid");
  bench::size_counters(state, sc);
  state.counters["enrollments"] = static_cast<double>(plan.size());
  state.counters["enrollments_per_second"] = benchmark::Counter(static_cast<double>(plan.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["S"] = ev.S;
}

void baseline(benchmark::State& state, const std::string& name) {
  const Scenario& sc = bench::scenario(name);
  for (auto _ : state) {
    rules::Evaluation ev = rules::baseline(sc);
    benchmark::DoNotOptimize(&ev);
  }
  bench::size_counters(state, sc);
}

void project(benchmark::State& state, const std::string& name) {
  const Scenario& sc = bench::scenario(name);
  const Plan& plan = bench::greedy_plan(name);
  for (auto _ : state) {
    projection::Projection p = projection::project(sc, plan);
    benchmark::DoNotOptimize(p.active.data());
  }
  bench::size_counters(state, sc);
  state.counters["cadre_years_per_second"] =
      benchmark::Counter(static_cast<double>(sc.roster().size()) * sc.years(), benchmark::Counter::kIsIterationInvariantRate);
}

void attainment(benchmark::State& state, const std::string& name) {
  const Scenario& sc = bench::scenario(name);
  const Plan& plan = bench::greedy_plan(name);
  for (auto _ : state) {
    projection::AttainmentSeries a = projection::attainment(sc, plan);
    benchmark::DoNotOptimize(a.members.data());
  }
  bench::size_counters(state, sc);
}

void cohorts(benchmark::State& state, const std::string& name, int threads) {
  const Scenario& sc = bench::scenario(name);
  std::size_t n = 0;
  for (auto _ : state) {
    optimize::CohortSet co(sc, threads);
    n = co.size();
    benchmark::DoNotOptimize(&n);
  }
  bench::size_counters(state, sc);
  state.counters["cohorts"] = static_cast<double>(n);
  state.counters["cadres_per_second"] = benchmark::Counter(static_cast<double>(sc.roster().size()), benchmark::Counter::kIsIterationInvariantRate);
}

void setup(benchmark::internal::Benchmark* b, const std::string&) {
  b->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
}

}  // namespace

int main(int argc, char** argv) {
  return bench::run_main(argc, argv, [] {
    bench::register_per_case("model/build", build, setup);
    bench::register_per_case("rules/check", check, setup);
    bench::register_per_case("rules/baseline", baseline, setup);
    bench::register_per_case("projection/project", project, setup);
    bench::register_per_case("projection/attainment", attainment, setup);
    for (int t : {1, 2})
      bench::register_per_case(
          "optimize/cohorts/threads:" + std::to_string(t), [t](benchmark::State& st, const std::string& name) { cohorts(st, name, t); }, setup);
  });
}
