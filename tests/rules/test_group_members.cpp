// The group-member lists that check, projection, greedy and the cohorts share
// (rules::target_group_members): they must equal testing every cadre against
// every group, and the counts and cohort bits built on them must equal the
// brute-force ones.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/national.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "rules/state.hpp"

using namespace cadreplan;

namespace {

Scenario small_national() {
  synth::NationalOptions o;
  o.cadres = 30000;  // above the size where the work is spread over threads
  o.seed = 7;
  o.provinces = 12;
  return synth::national(o);
}

void expect_members_match_brute_force(const Scenario& sc) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  std::vector<char> used(cp.groups.size(), 0);
  for (const auto& t : cp.targets) used[static_cast<std::size_t>(t.group)] = 1;
  for (int threads : {1, 2}) {
    const auto m = rules::target_group_members(sc, threads);
    ASSERT_EQ(m.size(), cp.groups.size());
    for (std::size_t g = 0; g < cp.groups.size(); ++g) {
      std::vector<std::uint32_t> want;
      if (used[g])
        for (std::size_t c = 0; c < r.size(); ++c)
          if (cp.groups[g].static_holds(r, c)) want.push_back(static_cast<std::uint32_t>(c));
      EXPECT_EQ(m[g], want) << "group " << g << ", threads " << threads;
    }
  }
}

/// n and achieved per checkpoint, testing every cadre (no member lists).
void expect_counts_match_brute_force(const Scenario& sc, const Plan& plan) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const rules::Evaluation ev = rules::check(sc, plan);
  const rules::Timelines tl(sc, plan, {});
  std::size_t i = 0;
  for (std::size_t t = 0; t < cp.targets.size(); ++t) {
    const detail::CTarget& tg = cp.targets[t];
    const detail::CSelector& g = cp.groups[static_cast<std::size_t>(tg.group)];
    for (const Checkpoint& ck : tg.checkpoints) {
      std::int64_t n = 0, achieved = 0;
      for (std::size_t c = 0; c < r.size(); ++c) {
        if (!cp.active(r, c, ck.year) || !g.holds(r, c, ck.year)) continue;
        ++n;
        achieved += tg.ladder >= 0 ? tl.reached(c, tg.ladder, tg.level, ck.year) : tl.credential_valid(c, tg.credential, ck.year);
      }
      ASSERT_LT(i, ev.checkpoints.size());
      EXPECT_EQ(ev.checkpoints[i].n, n) << "target " << t << " year " << ck.year;
      EXPECT_EQ(ev.checkpoints[i].achieved, achieved) << "target " << t << " year " << ck.year;
      ++i;
    }
  }
}

void expect_cohort_bits_match_brute_force(const Scenario& sc) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  for (int threads : {1, 2}) {
    const optimize::CohortSet co(sc, threads);
    for (std::size_t c = 0; c < r.size(); ++c) {
      const std::uint32_t g = co.cohort_of(c);
      for (std::size_t i = 0; i < co.checkpoints().size(); ++i) {
        const auto& ck = co.checkpoints()[i];
        const detail::CSelector& sel = cp.groups[static_cast<std::size_t>(cp.targets[static_cast<std::size_t>(ck.target)].group)];
        const bool want = cp.active(r, c, ck.year) && sel.holds(r, c, ck.year);
        ASSERT_EQ(co.member(g, static_cast<int>(i)), want) << "cadre " << c << ", checkpoint " << i << ", threads " << threads;
      }
    }
  }
}

Plan greedy(const Scenario& sc, int threads) {
  SolveOptions o;
  o.strategy = "greedy";
  o.threads = threads;
  return solve(sc, o).plan;
}

}  // namespace

TEST(GroupMembers, EqualTestingEveryCadreOnHagiang) {
  expect_members_match_brute_force(synth::builtin_scenario("hagiang-2022"));
}

TEST(GroupMembers, EqualTestingEveryCadreOnANationalScenario) { expect_members_match_brute_force(small_national()); }

TEST(GroupMembers, CheckCountsEqualTestingEveryCadre) {
  const Scenario hg = synth::builtin_scenario("hagiang-2022");
  expect_counts_match_brute_force(hg, Plan{});
  expect_counts_match_brute_force(hg, greedy(hg, 1));
  const Scenario nat = small_national();
  expect_counts_match_brute_force(nat, Plan{});
  expect_counts_match_brute_force(nat, greedy(nat, 2));
}

TEST(GroupMembers, CohortMembershipBitsEqualTestingEveryCadre) {
  expect_cohort_bits_match_brute_force(synth::builtin_scenario("hagiang-2022"));
  expect_cohort_bits_match_brute_force(small_national());
}

TEST(GroupMembers, GreedyPlanDoesNotDependOnThreads) {
  const Scenario nat = small_national();
  const Plan a = greedy(nat, 1), b = greedy(nat, 2);
  ASSERT_EQ(a.enrollments.size(), b.enrollments.size());
  for (std::size_t i = 0; i < a.enrollments.size(); ++i) {
    EXPECT_EQ(a.enrollments[i].cadre, b.enrollments[i].cadre);
    EXPECT_EQ(a.enrollments[i].program, b.enrollments[i].program);
    EXPECT_EQ(a.enrollments[i].start, b.enrollments[i].start);
  }
}
