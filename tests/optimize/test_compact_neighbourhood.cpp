// A neighbourhood of the compact model (CompactModel::solve_neighbourhood)
// is the whole model with the cadres outside it fixed: CBC sees only the free
// cadres' columns, the fixed ones moved into the row bounds. If that
// reduction is exact, a neighbourhood that frees every cadre on which a start
// plan and an optimal plan differ contains the optimal plan, and its optimum
// is the contract's optimum; the cadres outside keep their enrollments.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/generate.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/compact.hpp"
#include "optimize/pricing.hpp"

using namespace cadreplan;

namespace {

using Enrolled = std::map<std::int32_t, std::set<std::pair<int, Year>>>;

Enrolled by_cadre(const Plan& p) {
  Enrolled out;
  for (const Enrollment& e : p.enrollments) out[e.cadre].insert({e.program, e.start});
  return out;
}

/// Cadres whose enrollments differ between @p a and @p b.
std::vector<char> differing(const Plan& a, const Plan& b, std::size_t n) {
  const Enrolled ea = by_cadre(a), eb = by_cadre(b);
  std::vector<char> free(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    const auto key = static_cast<std::int32_t>(c);
    const auto ia = ea.find(key), ib = eb.find(key);
    const std::set<std::pair<int, Year>> none;
    free[c] = (ia == ea.end() ? none : ia->second) != (ib == eb.end() ? none : ib->second);
  }
  return free;
}

/// Every cadre outside @p free has no enrollment in @p got that it lacks in @p start.
void expect_fixed_kept(const Plan& start, const Plan& got, const std::vector<char>& free) {
  const Enrolled es = by_cadre(start);
  for (const Enrollment& e : got.enrollments) {
    if (free[static_cast<std::size_t>(e.cadre)]) continue;
    const auto it = es.find(e.cadre);
    EXPECT_TRUE(it != es.end() && it->second.count({e.program, e.start}))
        << "cadre " << e.cadre << " is outside the neighbourhood but gained program " << e.program << " in " << e.start;
  }
}

SolveResult run(const Scenario& sc, const std::string& strategy, bool cost_phase = true) {
  SolveOptions o;
  o.strategy = strategy;
  o.threads = 1;
  o.time_limit = 60;
  if (!cost_phase) o.settings["optimal.cost_phase"] = "off";
  return solve(sc, o);
}

}  // namespace

TEST(CompactNeighbourhood, FreeingWhereTheOptimumDiffersReachesIt) {
  int checked_s = 0, checked_c = 0;
  for (std::uint64_t seed : {3u, 4u, 6u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    synth::GenerateOptions g;
    g.cadres = 150;
    g.seed = seed;
    g.max_concurrent_programs = seed % 2 == 0 ? 2 : 1;
    g.min_service_years_after = seed == 4 ? 2 : 0;
    g.budget_scale = 0.8;  // budgets bind: the fixed cadres' spending must move into the budget rows
    const Scenario sc = synth::generate(g);
    const SolveResult best = run(sc, "optimal");
    if (best.report.status != SolveStatus::optimal) continue;  // no proven optimum to compare with
    const optimize::CohortSet co(sc, 1);
    const optimize::Pricer pricer(sc, co);
    const optimize::CompactModel compact(sc, co, pricer);
    const auto never = [] { return false; };
    const double inf = std::numeric_limits<double>::infinity();
    const std::size_t n = sc.roster().size();

    // Phase S, from the greedy plan.
    const SolveResult greedy = run(sc, "greedy");
    if (greedy.evaluation.S > best.evaluation.S + 1e-9) {
      const std::vector<char> free = differing(greedy.plan, best.plan, n);
      ASSERT_LT(std::count(free.begin(), free.end(), 1), static_cast<long>(n));  // a real neighbourhood
      const auto r = compact.solve_neighbourhood(false, inf, greedy.plan, greedy.evaluation.S, free, 60.0, never);
      ASSERT_TRUE(r.plan) << r.log;
      const rules::Evaluation ev = rules::check(sc, *r.plan);
      EXPECT_TRUE(ev.valid) << ev.brief();
      EXPECT_DOUBLE_EQ(ev.S, best.evaluation.S) << r.log;
      EXPECT_TRUE(r.proven) << r.log;
      EXPECT_FALSE(r.bounded);  // a neighbourhood's bound is not a bound on the contract
      expect_fixed_kept(greedy.plan, *r.plan, free);
      // Nothing beats the optimum: from it, the same neighbourhood proves it.
      const auto again = compact.solve_neighbourhood(false, inf, best.plan, best.evaluation.S, free, 60.0, never);
      EXPECT_FALSE(again.plan) << again.log;
      EXPECT_TRUE(again.proven) << again.log;
      ++checked_s;
    }

    // Phase C, from an optimal-S plan made without the cost phase.
    const SolveResult s_only = run(sc, "optimal", false);
    if (s_only.evaluation.S <= best.evaluation.S + 1e-9 && s_only.evaluation.C > best.evaluation.C + 1e-9) {
      const std::vector<char> free = differing(s_only.plan, best.plan, n);
      const auto r = compact.solve_neighbourhood(true, best.evaluation.S + 1e-6, s_only.plan, s_only.evaluation.C,
                                                 free, 60.0, never);
      ASSERT_TRUE(r.plan) << r.log;
      const rules::Evaluation ev = rules::check(sc, *r.plan);
      EXPECT_TRUE(ev.valid) << ev.brief();
      EXPECT_LE(ev.S, best.evaluation.S + 1e-9);
      EXPECT_LE(ev.C, best.evaluation.C + 1e-6) << r.log;  // the optimum is in the neighbourhood
      expect_fixed_kept(s_only.plan, *r.plan, free);
      // From the best plan, the same neighbourhood offers a lower cost only
      // if the plan is not the least-cost one: a plan returned must cost less.
      const auto again = compact.solve_neighbourhood(true, best.evaluation.S + 1e-6, best.plan, best.evaluation.C, free,
                                                     60.0, never);
      if (again.plan) EXPECT_LT(rules::check(sc, *again.plan).C, best.evaluation.C - 1e-9) << again.log;
      ++checked_c;
    }
  }
  EXPECT_GE(checked_s, 2);
  EXPECT_GE(checked_c, 1);
}
