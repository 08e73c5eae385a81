// The Lagrangian (Farley) bounds `optimal` records at the root of each phase
// ("bound.lagrangian.S" / ".C") never exceed the proven optimum; and the
// reported lower bound on S never exceeds S.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/synth/generate.hpp"

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
