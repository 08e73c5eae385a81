// The pricing problem solved on a cohort's cached state graph gives the same
// least value as the search over states it replaces, for any prices: random
// start costs (some forbidden, some lowered by a branch) and rewards, with
// and without pruning; and the schedule it returns is worth that value.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "cadreplan/synth/generate.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/pricing.hpp"
#include "synth/random.hpp"

using namespace cadreplan;
using optimize::Prices;
using optimize::Pricer;
using optimize::Schedule;

namespace {

/// The value of @p s under @p pr, from its starts and the checkpoints it achieves.
double value_of(const Pricer& pricer, const Prices& pr, std::size_t g, const Schedule& s, const detail::Compiled& cp) {
  double v = 0;
  for (auto [k, y] : s.items) {
    const std::size_t at = static_cast<std::size_t>(k * cp.years() + (y - cp.start));
    v += pr.start_cost[at];
    if (!pr.start_adjust.empty())
      for (auto [kk, yi, d] : pr.start_adjust[g])
        if (kk == k && yi == y - cp.start) v += d;
  }
  std::vector<int> ach;
  pricer.achieved(g, s, ach);
  for (int i : ach) v -= pr.reward[static_cast<std::size_t>(i)];
  return v;
}

}  // namespace

TEST(PricingGraph, SameValueAsTheSearchOverStates) {
  std::size_t compared = 0, nonempty = 0;
  for (std::uint64_t seed : {2u, 7u, 11u}) {
    synth::GenerateOptions g;
    g.cadres = 300;
    g.seed = seed;
    g.max_concurrent_programs = seed == 7 ? 2 : 1;
    g.min_service_years_after = seed == 11 ? 2 : 0;
    const Scenario sc = synth::generate(g);
    const detail::Compiled& cp = sc.compiled();
    const optimize::CohortSet co(sc, 1);
    const Pricer cached(sc, co);
    Pricer plain(sc, co);
    plain.set_graph_budget(0);
    auto wa = Pricer::make_workspace(), wb = Pricer::make_workspace();
    synth::detail::Random rng(seed);
    const auto uniform = [&rng] { return static_cast<double>(rng.below(1u << 20)) / (1u << 20); };
    const std::size_t P = cp.programs.size(), Y = static_cast<std::size_t>(cp.years());
    for (int round = 0; round < 6; ++round) {
      Prices pr;
      pr.start_cost.resize(P * Y);
      for (double& c : pr.start_cost)
        c = uniform() < 0.05 ? std::numeric_limits<double>::infinity() : 3.0 * uniform();
      pr.reward.resize(co.checkpoints().size());
      for (double& r : pr.reward) r = uniform() < 0.3 ? 0.0 : 5.0 * uniform();
      if (round % 3 == 2) {  // a branch's adjustment on a few cohorts
        pr.start_adjust.assign(co.size(), {});
        for (std::size_t h = 0; h < co.size(); h += 7)
          pr.start_adjust[h].emplace_back(static_cast<int>(rng.below(P)), static_cast<int>(rng.below(Y)),
                                          uniform() < 0.5 ? std::numeric_limits<double>::infinity() : uniform());
      }
      const bool prune = round % 2 == 1;
      for (std::size_t h = 0; h < co.size(); ++h) {
        Schedule sa, sb;
        std::vector<std::pair<double, Schedule>> ma, mb;
        const double below = prune ? -1.0 : 0.0;
        const double a = cached.best(h, pr, sa, *wa, 0, below, ma, prune);
        const double b = plain.best(h, pr, sb, *wb, 0, below, mb, prune);
        SCOPED_TRACE("seed " + std::to_string(seed) + " round " + std::to_string(round) + " cohort " + std::to_string(h));
        if (prune && !(a < below) && !(b < below)) {
          ++compared;  // both only known to be >= below
          continue;
        }
        ASSERT_NEAR(a, b, 1e-9);
        EXPECT_NEAR(value_of(cached, pr, h, sa, cp), a, 1e-9);
        if (!sa.items.empty()) ++nonempty;
        ++compared;
      }
    }
    EXPECT_GT(cached.graph_bytes(), 0u);
    EXPECT_EQ(plain.graph_bytes(), 0u);
    EXPECT_EQ(plain.uncached_cohorts(), co.size());
  }
  EXPECT_GT(compared, 100u);
  EXPECT_GT(nonempty, 20u);  // the prices make schedules worth taking, not only the empty one
}

// Graphs built ahead on another thread (GraphPrebuild) are the graphs pricing
// would build: stopped at once, part way or not at all, every cohort's least
// value and schedule are those of a pricer that builds its graphs as it
// prices, and the graphs take the same bytes (each built once).
TEST(PricingGraph, PrebuildChangesNoPricing) {
  synth::GenerateOptions g;
  g.cadres = 400;
  g.seed = 5;
  g.max_concurrent_programs = 2;
  const Scenario sc = synth::generate(g);
  const detail::Compiled& cp = sc.compiled();
  const optimize::CohortSet co(sc, 1);
  const std::size_t P = cp.programs.size(), Y = static_cast<std::size_t>(cp.years());
  Prices pr;
  synth::detail::Random rng(5);
  const auto uniform = [&rng] { return static_cast<double>(rng.below(1u << 20)) / (1u << 20); };
  pr.start_cost.resize(P * Y);
  for (double& c : pr.start_cost) c = 3.0 * uniform();
  pr.reward.resize(co.checkpoints().size());
  for (double& r : pr.reward) r = 5.0 * uniform();

  const Pricer reference(sc, co);
  auto wr = Pricer::make_workspace();
  std::vector<double> want(co.size());
  std::vector<Schedule> want_s(co.size());
  for (std::size_t h = 0; h < co.size(); ++h) want[h] = reference.best(h, pr, want_s[h], *wr);

  for (const char* mode : {"stopped at once", "run to the end"}) {
    SCOPED_TRACE(mode);
    const Pricer pricer(sc, co);
    {
      optimize::GraphPrebuild pre(pricer, co.size());
      if (std::string(mode) == "run to the end") {
        // Not a timing assertion: wait (up to a minute) for every graph.
        for (int i = 0; i < 6000 && pre.built() < co.size(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        EXPECT_EQ(pre.built(), co.size());
      }
      pre.stop();
      EXPECT_LE(pre.built(), co.size());
    }
    auto ws = Pricer::make_workspace();
    for (std::size_t h = 0; h < co.size(); ++h) {
      Schedule s;
      ASSERT_EQ(pricer.best(h, pr, s, *ws), want[h]) << "cohort " << h;
      ASSERT_EQ(s.items, want_s[h].items) << "cohort " << h;
    }
    EXPECT_EQ(pricer.graph_bytes(), reference.graph_bytes());
    EXPECT_EQ(pricer.uncached_cohorts(), 0u);
  }
}
