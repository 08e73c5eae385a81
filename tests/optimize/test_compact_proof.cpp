// CompactModel::solve from a plan that is already optimal: CBC finds nothing
// better than its start, and that must count as a proof (the start is the
// optimum), with the start's value as the bound. In phase S two CBC runs race
// (the plain model with the start as cutoff, and the model with the row
// S <= start - 1); either may be the one that proves it.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/generate.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/compact.hpp"
#include "optimize/pricing.hpp"

using namespace cadreplan;

namespace {
// The proofs take a few seconds in a Release build; the limit only keeps a
// broken build from hanging.
constexpr double kSeconds = 120;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif
}  // namespace

TEST(CompactProof, NothingBetterThanAnOptimalStartIsAProof) {
  if (kUnderAsan) GTEST_SKIP() << "CBC's proofs take too long under AddressSanitizer";
  for (std::uint64_t seed : {3u, 6u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    synth::GenerateOptions g;
    g.cadres = 80;
    g.seed = seed;
    g.max_concurrent_programs = seed % 2 == 0 ? 2 : 1;
    g.budget_scale = 0.8;
    const Scenario sc = synth::generate(g);
    const optimize::CohortSet co(sc, 1);
    const optimize::Pricer pricer(sc, co);
    const optimize::CompactModel compact(sc, co, pricer);
    const auto never = [] { return false; };
    const double inf = std::numeric_limits<double>::infinity();

    SolveOptions o;
    o.strategy = "greedy";
    const SolveResult greedy = solve(sc, o);
    const auto first = compact.solve(false, inf, greedy.plan, greedy.evaluation.S, kSeconds, 0.0, never);
    ASSERT_TRUE(first.proven) << first.log;
    const Plan best_s = first.plan ? *first.plan : greedy.plan;
    const rules::Evaluation ev_s = rules::check(sc, best_s);
    ASSERT_TRUE(ev_s.valid) << ev_s.brief();

    // Phase S again, from its optimum.
    const auto again = compact.solve(false, inf, best_s, ev_s.S, kSeconds, 0.0, never);
    EXPECT_TRUE(again.proven) << again.log;
    EXPECT_FALSE(again.plan.has_value()) << again.log;
    EXPECT_TRUE(again.bounded) << again.log;
    EXPECT_NEAR(again.bound, ev_s.S, 1e-6) << again.log;

    // Phase C at that S, then again from its optimum.
    const auto c = compact.solve(true, ev_s.S + 1e-6, best_s, ev_s.C, kSeconds, 0.0, never);
    ASSERT_TRUE(c.proven) << c.log;
    const Plan best = c.plan ? *c.plan : best_s;
    const rules::Evaluation ev = rules::check(sc, best);
    ASSERT_TRUE(ev.valid) << ev.brief();
    const auto c_again = compact.solve(true, ev_s.S + 1e-6, best, ev.C, kSeconds, 0.0, never);
    EXPECT_TRUE(c_again.proven) << c_again.log;
    EXPECT_FALSE(c_again.plan.has_value()) << c_again.log;
    EXPECT_NEAR(c_again.bound, ev.C, 1e-6 * std::max(1.0, ev.C)) << c_again.log;
  }
}
