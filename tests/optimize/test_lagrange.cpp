// The Lagrangian dual (optimize/lagrange.hpp), checked against independent
// computations: its converged bound is the master LP's value from column
// generation (a different LP, one row per cohort); L at any multipliers is
// below the proven optimum (weak duality); its primal solution is a solution
// of the master LP with that value; L at zero multipliers is exactly 0; and
// the result does not depend on the number of threads.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <string>
#include <vector>

#include "cadreplan/core/error.hpp"
#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/generate.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/context.hpp"
#include "optimize/lagrange.hpp"
#include "optimize/master.hpp"
#include "optimize/pricing.hpp"
#include "optimize/search.hpp"
#include "support/build.hpp"

using namespace cadreplan;
using namespace cadreplan::optimize;

namespace {

Scenario scenario(std::uint64_t seed, std::size_t cadres = 200) {
  synth::GenerateOptions g;
  g.cadres = cadres;
  g.seed = seed;
  g.max_concurrent_programs = seed % 2 == 0 ? 2 : 1;
  g.min_service_years_after = seed % 3 == 0 ? 2 : 0;
  g.budget_scale = 0.7;
  return synth::generate(g);
}

SolveOptions optimal_options(int threads, double time_limit = 60) {
  SolveOptions so;
  so.strategy = "optimal";
  so.time_limit = time_limit;
  so.threads = threads;
  return so;
}

/// The master LP over all schedules by column generation (Search::generate).
double master_lp(const Scenario& sc, const CohortSet& co, const Pricer& pricer) {
  SolveOptions so;
  so.time_limit = 120;
  SolveReport rep;
  SolveContext ctx(so, rep);
  Master master(sc, co, pricer);
  Search search(sc, ctx, co, pricer, master, 1);
  const std::optional<double> v = search.generate("S", true);
  if (!v) throw SolveError("test: column generation did not finish");
  return *v;
}

/// S of a fractional cohort solution, seats and budget checked: the master's
/// rows evaluated directly.
double primal_S(const Scenario& sc, const CohortSet& co, const Pricer& pricer,
                const std::vector<std::vector<std::pair<Schedule, double>>>& primal) {
  const detail::Compiled& cp = sc.compiled();
  const int years = cp.years();
  std::vector<double> achieved(co.checkpoints().size(), 0.0);
  std::vector<double> seats(cp.programs.size() * static_cast<std::size_t>(years), 0.0);
  std::vector<double> spend(static_cast<std::size_t>(years), 0.0);
  std::vector<int> ach;
  for (std::size_t g = 0; g < co.size(); ++g) {
    double members = 0;
    for (const auto& [s, m] : primal[g]) {
      EXPECT_GE(m, -1e-9);
      members += m;
      pricer.achieved(g, s, ach);
      for (int i : ach) achieved[static_cast<std::size_t>(i)] += m;
      for (auto [k, y] : s.items) {
        const auto& p = cp.programs[static_cast<std::size_t>(k)];
        seats[static_cast<std::size_t>(k * years + (y - cp.start))] += m;
        for (int t = y - cp.start; t < y - cp.start + p.duration && t < years; ++t)
          spend[static_cast<std::size_t>(t)] += m * p.cost_per_year;
      }
    }
    EXPECT_NEAR(members, static_cast<double>(co.count(g)), 1e-6) << "cohort " << g;
  }
  for (std::size_t k = 0; k < cp.programs.size(); ++k)
    for (int yi = 0; yi < years; ++yi)
      EXPECT_LE(seats[k * static_cast<std::size_t>(years) + static_cast<std::size_t>(yi)],
                static_cast<double>(cp.programs[k].seats[static_cast<std::size_t>(yi)]) + 1e-6);
  for (int t = 0; t < years; ++t)
    if (std::isfinite(cp.budget[static_cast<std::size_t>(t)]))
      EXPECT_LE(spend[static_cast<std::size_t>(t)], cp.budget[static_cast<std::size_t>(t)] * (1 + 1e-9) + 1e-6);
  double S = 0;
  for (std::size_t i = 0; i < co.checkpoints().size(); ++i) {
    const auto& ck = co.checkpoints()[i];
    S += ck.weight * std::max(0.0, static_cast<double>(ck.required) - achieved[i]);
  }
  return S;
}

}  // namespace

TEST(Lagrange, ConvergedBoundIsTheMasterLpAndItsPrimalIsASolution) {
  int nonzero = 0;
  for (std::uint64_t seed : {2u, 3u, 7u, 12u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Scenario sc = scenario(seed);
    const CohortSet co(sc, 1);
    const Pricer pricer(sc, co);
    const double lp = master_lp(sc, co, pricer);
    nonzero += lp > 1;
    LagrangeOptions o;
    o.tolerance = 1e-9;
    const LagrangeResult r = lagrangian_bound(sc, co, pricer, o);
    ASSERT_TRUE(r.converged);
    EXPECT_NEAR(r.bound, lp, 1e-6 * std::max(1.0, lp));
    EXPECT_NEAR(r.lp_value, lp, 1e-6 * std::max(1.0, lp));
    ASSERT_EQ(r.primal.size(), co.size());
    EXPECT_NEAR(primal_S(sc, co, pricer, r.primal), r.lp_value, 1e-6 * std::max(1.0, lp));
    // Its vertex: the same value, and at most as many split cohorts as linking rows.
    auto basic = r.primal;
    std::string log;
    ASSERT_TRUE(basic_solution(sc, co, pricer, basic, &log)) << log;
    EXPECT_NEAR(primal_S(sc, co, pricer, basic), r.lp_value, 1e-6 * std::max(1.0, lp));
    std::size_t split = 0;
    for (const auto& v : basic) split += v.size() > 1;
    const detail::Compiled& cp = sc.compiled();
    EXPECT_LE(split, co.checkpoints().size() + cp.programs.size() * static_cast<std::size_t>(cp.years()) +
                         static_cast<std::size_t>(cp.years()));
    // Started from a solution (here an optimal one): the same bound, a valid
    // primal, and no more rounds.
    LagrangeOptions os = o;
    os.start = &r.primal;
    const LagrangeResult rs = lagrangian_bound(sc, co, pricer, os);
    ASSERT_TRUE(rs.converged);
    EXPECT_NEAR(rs.bound, lp, 1e-6 * std::max(1.0, lp));
    EXPECT_LE(rs.iterations, r.iterations);
    EXPECT_NEAR(primal_S(sc, co, pricer, rs.primal), rs.lp_value, 1e-6 * std::max(1.0, lp));
    // The multipliers of the best bound give that bound again.
    EXPECT_NEAR(lagrangian_value(sc, co, pricer, r.reward, r.seat_price, r.budget_price, 1), r.bound, 1e-9);
  }
  EXPECT_GE(nonzero, 3);  // the LPs are not all trivial
}

TEST(Lagrange, AnyMultipliersGiveABoundBelowTheOptimum) {
  {
    const std::uint64_t seed = 11;
    const Scenario sc = synth::builtin_scenario("hagiang-2022");
    SolveOptions so = optimal_options(1);
    so.settings["optimal.cost_phase"] = "off";
    const SolveResult best = solve(sc, so);
    ASSERT_EQ(best.report.status, SolveStatus::optimal);
    const CohortSet co(sc, 1);
    const Pricer pricer(sc, co);
    const detail::Compiled& cp = sc.compiled();
    const std::size_t nK = cp.programs.size() * static_cast<std::size_t>(cp.years());
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ull;
    auto uniform = [&] {  // splitmix64 in [0, 1)
      std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    for (int draw = 0; draw < 40; ++draw) {
      std::vector<double> reward, seat(nK), budget(static_cast<std::size_t>(cp.years()));
      for (const auto& ck : co.checkpoints()) reward.push_back(ck.weight * uniform());
      for (double& u : seat) u = uniform() < 0.5 ? 0.0 : 2 * uniform();
      for (double& v : budget) v = uniform() < 0.5 ? 0.0 : 1e-3 * uniform();
      EXPECT_LE(lagrangian_value(sc, co, pricer, reward, seat, budget, 1), best.report.S + 1e-6) << "draw " << draw;
    }
    // Near the best multipliers, where L is close to the optimum.
    const LagrangeResult r = lagrangian_bound(sc, co, pricer, LagrangeOptions{});
    EXPECT_GT(r.bound, 0.9 * best.report.S);
    for (int draw = 0; draw < 20; ++draw) {
      std::vector<double> reward = r.reward, seat = r.seat_price, budget = r.budget_price;
      for (std::size_t i = 0; i < reward.size(); ++i)
        reward[i] = std::min(co.checkpoints()[i].weight, reward[i] * (0.9 + 0.2 * uniform()));
      for (double& u : seat) u *= 0.9 + 0.2 * uniform();
      for (double& v : budget) v *= 0.9 + 0.2 * uniform();
      EXPECT_LE(lagrangian_value(sc, co, pricer, reward, seat, budget, 1), best.report.S + 1e-6) << "near, draw " << draw;
    }
    // Zero multipliers: every schedule is worth 0, and so is L.
    const std::vector<double> zero_r(co.checkpoints().size(), 0.0), zero_k(nK, 0.0),
        zero_t(static_cast<std::size_t>(cp.years()), 0.0);
    EXPECT_EQ(lagrangian_value(sc, co, pricer, zero_r, zero_k, zero_t, 1), 0.0);
  }
}

TEST(Lagrange, SameResultOnAnyNumberOfThreads) {
  const Scenario sc = scenario(6, 300);
  const CohortSet co(sc, 1);
  const Pricer pricer(sc, co);
  LagrangeOptions o;
  o.threads = 1;
  const LagrangeResult a = lagrangian_bound(sc, co, pricer, o);
  o.threads = 3;
  const LagrangeResult b = lagrangian_bound(sc, co, pricer, o);
  EXPECT_EQ(a.bound, b.bound);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.reward, b.reward);
  ASSERT_EQ(a.primal.size(), b.primal.size());
  for (std::size_t g = 0; g < a.primal.size(); ++g) {
    ASSERT_EQ(a.primal[g].size(), b.primal[g].size());
    for (std::size_t j = 0; j < a.primal[g].size(); ++j) {
      EXPECT_EQ(a.primal[g][j].first, b.primal[g][j].first);
      EXPECT_EQ(a.primal[g][j].second, b.primal[g][j].second);
    }
  }
}

TEST(Lagrange, StopsWhenTheCallerSaysSo) {
  const Scenario sc = scenario(7);
  const CohortSet co(sc, 1);
  const Pricer pricer(sc, co);
  LagrangeOptions o;
  o.keep_going = [](int it, double, double, double) { return it < 2; };
  const LagrangeResult r = lagrangian_bound(sc, co, pricer, o);
  EXPECT_EQ(r.iterations, 2);
  EXPECT_FALSE(r.converged);
  EXPECT_TRUE(std::isfinite(r.bound));
}

// `optimal` with the dual step forced on: its bound is recorded and holds,
// and the plan is still checked (optimal's own consistency test).
TEST(Lagrange, OptimalUsesTheDualBound) {
  const Scenario sc = synth::builtin_scenario("hagiang-2022");
  SolveOptions so = optimal_options(2);
  so.settings["optimal.lagrange"] = "on";
  const SolveResult res = solve(sc, so);
  bool recorded = false, rounded = false;
  for (const LogRecord& r : res.report.log) {
    if (r.name == "bound.dual.S") {
      recorded = true;
      EXPECT_LE(std::strtod(r.value.c_str(), nullptr), res.report.S + 1e-6) << r.value;
      EXPECT_NE(r.value.find(", converged)"), std::string::npos) << r.value;
    }
    rounded = rounded || r.name == "incumbent.rounded.dual";
  }
  EXPECT_TRUE(recorded);
  EXPECT_TRUE(rounded);
  ASSERT_TRUE(res.report.lower_bound.has_value());
  EXPECT_LE(*res.report.lower_bound, res.report.S + 1e-9);
  so.settings["optimal.lagrange"] = "off";
  const SolveResult off = solve(sc, so);
  for (const LogRecord& r : off.report.log) EXPECT_NE(r.name, "bound.dual.S");
  ASSERT_EQ(res.report.status, SolveStatus::optimal);
  ASSERT_EQ(off.report.status, SolveStatus::optimal);
  EXPECT_EQ(off.report.S, res.report.S);
  so.settings["optimal.lagrange"] = "sometimes";
  EXPECT_THROW(solve(sc, so), OptionsError);
}

// optimal.gap: phase S stops once S is certified within the gap, and the
// solve ends there (no phase C); 0 is the default, proving S.
TEST(OptimalGap, StopsWithinTheGapAndNeverClaimsMore) {
  const Scenario sc = synth::builtin_scenario("hagiang-2022");
  SolveOptions so = optimal_options(2);
  const SolveResult proven = solve(sc, so);
  ASSERT_EQ(proven.report.status, SolveStatus::optimal);
  so.settings["optimal.gap"] = "0";
  const SolveResult zero = solve(sc, so);
  EXPECT_EQ(zero.report.status, SolveStatus::optimal);
  EXPECT_EQ(zero.report.S, proven.report.S);
  for (const char* gap : {"0.05", "0.5"}) {
    SCOPED_TRACE(gap);
    so.settings["optimal.gap"] = gap;
    const SolveResult r = solve(sc, so);
    ASSERT_TRUE(r.report.lower_bound.has_value());
    EXPECT_LE(*r.report.lower_bound, proven.report.S + 1e-9);  // a bound, never above the optimum
    EXPECT_GE(r.report.S, proven.report.S);
    EXPECT_LE(r.report.S - *r.report.lower_bound, std::strtod(gap, nullptr) * r.report.S + 1e-9);
    bool phase_c = false;
    for (const LogRecord& rec : r.report.log) phase_c = phase_c || rec.name == "phase_C";
    EXPECT_EQ(phase_c, r.report.S <= *r.report.lower_bound + 1e-9);  // phase C only after a proof of S
  }
  for (const char* bad : {"-0.1", "1", "x", ""}) {
    so.settings["optimal.gap"] = bad;
    EXPECT_THROW(solve(sc, so), OptionsError) << bad;
  }
}

namespace {

// Horizon 2022-2024, one ladder. univ grants university in one year, one seat
// a year, 10 a year; the 2023 budget is 0, so only the 2022 and 2024 seats can
// be used. Five college graduates, all young. Target weight 2: 40% by 2022
// (required 2; only the 2022 start completes in time: shortfall 1) and all by
// 2024 (required 5; two starts: shortfall 3). Every plan has S >= 2*1 + 2*3 = 8,
// the plan starting one in 2022 and one in 2024 has S = 8, and so does the LP.
const char* kHandYaml = R"(format: cadreplan/1
name: "Lagrange by hand"
horizon: {start: 2022, end: 2024}
ladders:
  professional: [none, college, university]
credentials: {}
retirement_age: {male: 62, female: 60}
budget: {default: 100, 2023: 0}
groups:
  all: {}
programs:
  - {id: univ, name: "Đại học", grants: {ladder: professional, level: university}, duration_years: 1, seats: 1, cost_per_year: 10}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2022: 0.4, 2024: 1}, weight: 2}
roster: roster.csv
)";

std::string hand_roster() {
  std::string rows = "id,birth_year,sex,tier,flags,professional\n";
  for (int i = 1; i <= 5; ++i) rows += "c" + std::to_string(i) + ",1990,male,commune,,college\n";
  return rows;
}

}  // namespace

TEST(Lagrange, HandComputedBound) {
  const Scenario sc = test::scenario_from_text(kHandYaml, hand_roster());
  const CohortSet co(sc, 1);
  const Pricer pricer(sc, co);
  const LagrangeResult r = lagrangian_bound(sc, co, pricer, LagrangeOptions{});
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.bound, 8.0, 1e-9);
  EXPECT_NEAR(r.lp_value, 8.0, 1e-9);
  // L at hand-picked multipliers: reward 2 on both checkpoints, seats and
  // money free: each member's best schedule starts univ in 2022 and achieves
  // both (value -4), so L = 2*2 + 2*5 - 5*4 = -6.
  const detail::Compiled& cp = sc.compiled();
  const std::vector<double> seat(cp.programs.size() * static_cast<std::size_t>(cp.years()), 0.0),
      budget(static_cast<std::size_t>(cp.years()), 0.0);
  EXPECT_NEAR(lagrangian_value(sc, co, pricer, {2.0, 2.0}, seat, budget, 1), -6.0, 1e-9);
  // A seat price of 4 in each year (a start worth its two rewards at most):
  // every schedule is worth >= 0, L = 14 - 4*3 = 2 (the 2023 seat is priced too).
  const std::vector<double> seat4(seat.size(), 4.0);
  EXPECT_NEAR(lagrangian_value(sc, co, pricer, {2.0, 2.0}, seat4, budget, 1), 2.0, 1e-9);
  SolveOptions so = optimal_options(0, 30);
  so.settings["optimal.lagrange"] = "on";
  const SolveResult res = solve(sc, so);
  EXPECT_EQ(res.report.status, SolveStatus::optimal);
  EXPECT_EQ(res.report.S, 8.0);
  ASSERT_TRUE(res.report.lower_bound.has_value());
  EXPECT_EQ(*res.report.lower_bound, 8.0);
}
