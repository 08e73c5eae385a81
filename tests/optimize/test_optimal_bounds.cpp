// The Lagrangian (Farley) bounds `optimal` records at the root of each phase
// ("bound.lagrangian.S" / ".C") never exceed the proven optimum; and the
// reported lower bound on S never exceeds S.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/generate.hpp"
#include "optimize/cohorts.hpp"

using namespace cadreplan;

TEST(OptimalBounds, LagrangianBoundsNeverExceedTheOptimum) {
  int checked = 0;
  for (std::uint64_t seed : {3u, 5u, 8u, 13u}) {
    synth::GenerateOptions g;
    g.cadres = 200;
    g.seed = seed;
    g.max_concurrent_programs = seed % 2 == 0 ? 2 : 1;
    g.budget_scale = 0.8;
    const Scenario sc = synth::generate(g);
    SolveOptions o;
    o.strategy = "optimal";
    o.time_limit = 5;  // a bound below the optimum is below any plan's S: no need to prove it
    o.threads = 1;
    const SolveResult res = solve(sc, o);
    SCOPED_TRACE("seed " + std::to_string(seed));
    ASSERT_TRUE(res.report.lower_bound.has_value());
    EXPECT_LE(*res.report.lower_bound, res.report.S + 1e-9);
    for (const LogRecord& r : res.report.log) {
      if (r.name.rfind("bound.lagrangian.", 0) != 0) continue;
      const double b = std::strtod(r.value.c_str(), nullptr);
      if (r.name == "bound.lagrangian.S") {
        EXPECT_LE(b, res.report.S + 1e-6);
        ++checked;
      } else if (r.name == "bound.lagrangian.C") {
        EXPECT_LE(b, res.report.C * (1 + 1e-9) + 1e-6);
      }
    }
  }
  EXPECT_GE(checked, 4);
}

// The "lp" record says what the master LP cost: its solves cover the pricing
// rounds (each round prices the duals of one solve), the longest solve fits in
// the LP time, and the master it names has a row per cohort.
TEST(OptimalReport, LpRecordAccountsForTheMasterSolves) {
  const Scenario sc = synth::builtin_scenario("hagiang-2022");
  SolveOptions o;
  o.strategy = "optimal";
  o.time_limit = 60;
  o.threads = 1;
  const SolveResult res = solve(sc, o);
  std::string lp, columns;
  for (const LogRecord& r : res.report.log) {
    if (r.name == "lp") lp = r.value;
    if (r.name == "columns") columns = r.value;
  }
  ASSERT_FALSE(lp.empty());
  ASSERT_FALSE(columns.empty());
  unsigned long long solves = 0, iterations = 0, rows = 0, cols = 0, total_cols = 0, rounds = 0;
  double longest = -1;
  ASSERT_EQ(std::sscanf(lp.c_str(), "%llu solves, %llu iterations; the longest %lf s (%llu rows, %llu columns)", &solves,
                        &iterations, &longest, &rows, &cols),
            5)
      << lp;
  ASSERT_EQ(std::sscanf(columns.c_str(), "%llu in %llu pricing rounds", &total_cols, &rounds), 2) << columns;
  EXPECT_GE(solves, rounds);
  EXPECT_GE(rounds, 1u);
  EXPECT_GT(iterations, 0u);
  EXPECT_GE(longest, 0.0);
  EXPECT_LE(longest, res.report.timings.at("lp") + 0.01);
  EXPECT_LE(cols, total_cols);
  const std::size_t cohorts = optimize::CohortSet(sc, 1).size();
  EXPECT_GE(rows, cohorts);
}
