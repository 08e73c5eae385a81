// rules::check spreads the per-cadre rules and the scoring over threads on
// large rosters (CheckOptions::threads, kParallelCheckCadres). Its result must
// not depend on the number of threads: the same violations in the same order
// (also when only the first few are kept), the same counts, S and C.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/national.hpp"
#include "model/compiled.hpp"

using namespace cadreplan;

namespace {

const Scenario& national_30k() {
  static const Scenario sc = [] {
    synth::NationalOptions o;
    o.cadres = 30000;  // above kParallelCheckCadres
    o.seed = 11;
    o.provinces = 12;
    return synth::national(o);
  }();
  return sc;
}

/// The greedy plan with every kind of mistake mixed in, rows in reverse order.
Plan broken_plan(const Scenario& sc) {
  SolveOptions o;
  o.strategy = "greedy";
  o.threads = 1;
  const Plan good = solve(sc, o).plan;
  const auto P = static_cast<std::int32_t>(sc.spec().programs.size());
  const auto n = static_cast<std::int32_t>(sc.roster().size());
  Plan p;
  p.unknown_ids = {"ghost-cadre", "ghost-program"};
  for (std::size_t i = good.size(); i-- > 0;) {
    Enrollment e = good.enrollments[i];
    if (i % 7 == 0) e.start -= 30;                           // outside the horizon (1), retired (2)
    if (i % 13 == 0) e.program = (e.program + 1) % P;        // not eligible (3), prerequisites (4)
    if (i % 17 == 0) e.cadre = (e.cadre + 4999) % n;         // someone else's enrollment
    if (i % 101 == 0) e.cadre = -1;                          // unknown cadre (6)
    if (i % 103 == 0) e.program = -2;                        // unknown program (6)
    p.enrollments.push_back(e);
    if (i % 11 == 0) p.enrollments.push_back(e);             // twice: 5, 7, 8, 9
  }
  for (std::size_t i = 0; i < p.size(); ++i) p.source_line.push_back(static_cast<int>(i) + 2);
  p.source_file = "broken.csv";
  return p;
}

void expect_same(const rules::Evaluation& a, const rules::Evaluation& b, const std::string& what) {
  EXPECT_EQ(a.valid, b.valid) << what;
  EXPECT_EQ(a.violation_count, b.violation_count) << what;
  EXPECT_EQ(a.S, b.S) << what;
  EXPECT_EQ(a.C, b.C) << what;
  ASSERT_EQ(a.violations.size(), b.violations.size()) << what;
  for (std::size_t i = 0; i < a.violations.size(); ++i) {
    const rules::Violation &x = a.violations[i], &y = b.violations[i];
    EXPECT_EQ(x.rule, y.rule) << what << ", violation " << i;
    EXPECT_EQ(x.row, y.row) << what << ", violation " << i;
    EXPECT_EQ(x.line, y.line) << what << ", violation " << i;
    EXPECT_EQ(x.cadre, y.cadre) << what << ", violation " << i;
    EXPECT_EQ(x.program, y.program) << what << ", violation " << i;
    EXPECT_EQ(x.year, y.year) << what << ", violation " << i;
    ASSERT_EQ(x.message, y.message) << what << ", violation " << i;
  }
  ASSERT_EQ(a.checkpoints.size(), b.checkpoints.size()) << what;
  for (std::size_t i = 0; i < a.checkpoints.size(); ++i) {
    EXPECT_EQ(a.checkpoints[i].target, b.checkpoints[i].target) << what << ", checkpoint " << i;
    EXPECT_EQ(a.checkpoints[i].year, b.checkpoints[i].year) << what << ", checkpoint " << i;
    EXPECT_EQ(a.checkpoints[i].n, b.checkpoints[i].n) << what << ", checkpoint " << i;
    EXPECT_EQ(a.checkpoints[i].achieved, b.checkpoints[i].achieved) << what << ", checkpoint " << i;
    EXPECT_EQ(a.checkpoints[i].shortfall, b.checkpoints[i].shortfall) << what << ", checkpoint " << i;
  }
}

rules::Evaluation check_with(const Scenario& sc, const Plan& plan, int threads, std::size_t keep) {
  rules::CheckOptions o;
  o.threads = threads;
  o.max_violations = keep;
  return rules::check(sc, plan, o);
}

}  // namespace

TEST(CheckThreads, AValidPlanScoresTheSameOnAnyNumberOfThreads) {
  const Scenario& sc = national_30k();
  ASSERT_GE(sc.roster().size(), rules::kParallelCheckCadres);
  SolveOptions o;
  o.strategy = "greedy";
  const Plan plan = solve(sc, o).plan;
  const rules::Evaluation one = check_with(sc, plan, 1, 1000);
  ASSERT_TRUE(one.valid);
  ASSERT_GT(one.checkpoints.size(), 20u);
  for (int threads : {2, 3, 8, 0}) expect_same(one, check_with(sc, plan, threads, 1000), "threads " + std::to_string(threads));
}

TEST(CheckThreads, ABrokenPlanGetsTheSameViolationsInTheSameOrder) {
  const Scenario& sc = national_30k();
  const Plan plan = broken_plan(sc);
  const rules::Evaluation all = check_with(sc, plan, 1, 100000000);
  // The plan breaks every per-enrollment and per-cadre rule many times, so
  // each part of the parallel check finds some.
  std::set<int> rules_broken;
  for (const auto& v : all.violations) rules_broken.insert(v.rule);
  for (int rule : {1, 2, 3, 4, 5, 6, 7, 8}) EXPECT_TRUE(rules_broken.count(rule)) << "rule " << rule << " not broken";
  ASSERT_GT(all.violation_count, 10000);
  ASSERT_EQ(static_cast<std::size_t>(all.violation_count), all.violations.size());
  for (std::size_t keep : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}, std::size_t{100000000}}) {
    const rules::Evaluation one = check_with(sc, plan, 1, keep);
    EXPECT_EQ(one.violations.size(), std::min<std::size_t>(keep, all.violations.size()));
    EXPECT_EQ(one.violation_count, all.violation_count);
    for (int threads : {2, 3, 8})
      expect_same(one, check_with(sc, plan, threads, keep),
                  "threads " + std::to_string(threads) + ", keep " + std::to_string(keep));
  }
}

// Rules 8 and 9 count starts and spending over arrays of the plan's years, or
// over ordered maps when its years lie far apart: the same counts, the same
// violations in the same order either way.
TEST(CheckThreads, StrayYearsChangeNothingAboutTheOtherYearsSeatsAndMoney) {
  const Scenario sc = synth::builtin_scenario("hagiang-2022");
  const auto n = static_cast<std::int32_t>(sc.roster().size());
  Plan near;
  for (std::int32_t k = 0; k < static_cast<std::int32_t>(sc.spec().programs.size()); ++k)
    for (Year y : {2023, 2024}) {
      const auto seats = static_cast<std::int32_t>(sc.spec().programs[static_cast<std::size_t>(k)].seats.at(y).value_or(0.0));
      for (std::int32_t i = 0; i <= seats && i < n; ++i) near.enrollments.push_back(Enrollment{(i * 7 + k) % n, k, y});
    }
  Plan far = near;
  far.enrollments.push_back(Enrollment{5, 0, 2023 + 100000});
  const rules::Evaluation a = check_with(sc, near, 1, 100000000), b = check_with(sc, far, 1, 100000000);
  auto of = [](const rules::Evaluation& ev, int rule) {
    std::vector<std::string> out;
    for (const auto& v : ev.violations)
      if (v.rule == rule && v.year < 3000) out.push_back(std::to_string(v.program) + " " + std::to_string(v.year) + ": " + v.message);
    return out;
  };
  ASSERT_FALSE(of(a, 8).empty());  // every program-year above has one start too many
  ASSERT_FALSE(of(a, 9).empty());  // and that is more money than 2023 and 2024 have
  EXPECT_EQ(of(a, 8), of(b, 8));
  EXPECT_EQ(of(a, 9), of(b, 9));
  bool stray_outside = false;  // the stray row itself breaks rule 1
  for (const auto& v : b.violations) stray_outside = stray_outside || (v.rule == 1 && v.year == 2023 + 100000);
  EXPECT_TRUE(stray_outside);
  EXPECT_EQ(b.C, a.C + sc.compiled().programs[0].total_cost());
}
