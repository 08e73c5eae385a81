// CompactModel::solve proves the optimum it starts from: a CBC run that
// finds nothing better than its start counts as a proof.
//
// A neighbourhood of the compact model (CompactModel::solve_neighbourhood)
// is the whole model with the cadres outside it fixed: CBC sees only the free
// cadres' columns, the fixed ones moved into the row bounds. If that
// reduction is exact, a neighbourhood that frees every cadre on which a start
// plan and the whole model's optimum (CompactModel::solve, proven) differ
// contains that optimum, and its own optimum has the same S (phase S) or C
// (phase C); the cadres outside keep their enrollments.
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
#include "support/sanitizers.hpp"

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

// The solves below end when CBC proves them (about 5 s for the whole test in
// a Release build); the test needs the proofs.
constexpr double kSeconds = 120;

}  // namespace

// Under AddressSanitizer (scripts/sanitize.sh) CBC did not prove the
// phase-C optimum of the first scenario in 300 s; there the test is skipped.

TEST(CompactNeighbourhood, FreeingWhereTheOptimumDiffersReachesIt) {
  if (test::kUnderAsan) GTEST_SKIP() << "CBC's proofs take too long under AddressSanitizer";
  int checked_s = 0, checked_c = 0;
  for (std::uint64_t seed : {3u, 4u, 6u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    synth::GenerateOptions g;
    g.cadres = 80;
    g.seed = seed;
    g.max_concurrent_programs = seed % 2 == 0 ? 2 : 1;
    g.min_service_years_after = seed == 4 ? 2 : 0;
    g.budget_scale = 0.8;  // budgets bind: the fixed cadres' spending must move into the budget rows
    const Scenario sc = synth::generate(g);
    const optimize::CohortSet co(sc, 1);
    const optimize::Pricer pricer(sc, co);
    const optimize::CompactModel compact(sc, co, pricer);
    const auto never = [] { return false; };
    const double inf = std::numeric_limits<double>::infinity();
    const std::size_t n = sc.roster().size();

    // The optima of the whole model: least S from the greedy plan, then least C at that S.
    SolveOptions o;
    o.strategy = "greedy";
    const SolveResult greedy = solve(sc, o);
    const auto s_opt = compact.solve(false, inf, greedy.plan, greedy.evaluation.S, kSeconds, 0.0, never, false);
    ASSERT_TRUE(s_opt.proven) << s_opt.log;
    const Plan best_s = s_opt.plan ? *s_opt.plan : greedy.plan;
    const rules::Evaluation ev_s = rules::check(sc, best_s);
    ASSERT_TRUE(ev_s.valid) << ev_s.brief();
    const auto c_opt = compact.solve(true, ev_s.S + 1e-6, best_s, ev_s.C, kSeconds, 0.0, never, false);
    ASSERT_TRUE(c_opt.proven) << c_opt.log;
    const Plan best = c_opt.plan ? *c_opt.plan : best_s;
    const rules::Evaluation ev = rules::check(sc, best);
    ASSERT_TRUE(ev.valid) << ev.brief();
    ASSERT_DOUBLE_EQ(ev.S, ev_s.S);

    // From an optimal start CBC finds nothing better, and that is a proof,
    // with one CBC run and with two racing (compact.hpp; either may prove).
    for (const bool race : {false, true}) {
      SCOPED_TRACE(race ? "race" : "one run");
      const auto s_again = compact.solve(false, inf, best_s, ev_s.S, kSeconds, 0.0, never, race);
      EXPECT_TRUE(s_again.proven) << s_again.log;
      EXPECT_FALSE(s_again.plan.has_value()) << s_again.log;
      EXPECT_TRUE(s_again.bounded) << s_again.log;
      EXPECT_NEAR(s_again.bound, ev_s.S, 1e-6) << s_again.log;
      const auto c_again = compact.solve(true, ev_s.S + 1e-6, best, ev.C, kSeconds, 0.0, never, race);
      EXPECT_TRUE(c_again.proven) << c_again.log;
      EXPECT_FALSE(c_again.plan.has_value()) << c_again.log;
      EXPECT_NEAR(c_again.bound, ev.C, 1e-6 * std::max(1.0, ev.C)) << c_again.log;
    }

    // Phase S: from the greedy plan, the cadres where it differs from the optimum.
    if (greedy.evaluation.S > ev.S + 1e-9) {
      const std::vector<char> free = differing(greedy.plan, best_s, n);
      ASSERT_LT(std::count(free.begin(), free.end(), 1), static_cast<long>(n));  // a real neighbourhood
      const auto r = compact.solve_neighbourhood(false, inf, greedy.plan, greedy.evaluation.S, free, kSeconds, never);
      ASSERT_TRUE(r.plan) << r.log;
      const rules::Evaluation got = rules::check(sc, *r.plan);
      EXPECT_TRUE(got.valid) << got.brief();
      EXPECT_DOUBLE_EQ(got.S, ev.S) << r.log;
      EXPECT_TRUE(r.proven) << r.log;
      EXPECT_FALSE(r.bounded);  // a neighbourhood's bound is not a bound on the contract
      expect_fixed_kept(greedy.plan, *r.plan, free);
      // Nothing beats the optimum: from it, the same neighbourhood proves it.
      const auto again = compact.solve_neighbourhood(false, inf, best_s, ev.S, free, kSeconds, never);
      EXPECT_FALSE(again.plan) << again.log;
      EXPECT_TRUE(again.proven) << again.log;
      ++checked_s;
    }

    // Phase C: from the least-S plan, the cadres where it differs from the least-cost one.
    if (ev_s.C > ev.C + 1e-9) {
      const std::vector<char> free = differing(best_s, best, n);
      const auto r = compact.solve_neighbourhood(true, ev.S + 1e-6, best_s, ev_s.C, free, kSeconds, never);
      ASSERT_TRUE(r.plan) << r.log;
      const rules::Evaluation got = rules::check(sc, *r.plan);
      EXPECT_TRUE(got.valid) << got.brief();
      EXPECT_LE(got.S, ev.S + 1e-9);
      EXPECT_DOUBLE_EQ(got.C, ev.C) << r.log;  // the least cost, and nothing below it
      expect_fixed_kept(best_s, *r.plan, free);
      // From the least-cost plan the same neighbourhood offers nothing cheaper.
      const auto again = compact.solve_neighbourhood(true, ev.S + 1e-6, best, ev.C, free, kSeconds, never);
      EXPECT_FALSE(again.plan) << again.log;
      ++checked_c;
    }
  }
  EXPECT_GE(checked_s, 2);
  EXPECT_GE(checked_c, 1);
}
