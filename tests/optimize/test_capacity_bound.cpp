// The capacity bound (optimize/capacity.hpp): a hand-computed case, and on
// generated scenarios a bound never above the proven optimum, with baselines
// equal to the checker's.
#include <gtest/gtest.h>

#include <string>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/generate.hpp"
#include "optimize/capacity.hpp"
#include "optimize/cohorts.hpp"
#include "support/build.hpp"
#include "support/check_helpers.hpp"

using namespace cadreplan;

namespace {

// Horizon 2022-2026. Everyone is active to the end (born 1970 or later, male,
// retirement 62: last active year 2031 at the earliest).
//   univ: -> university, eligible max_age 50, 2 years, 4 seats a year, and
//         13 years of service after completion
//   ku:   -> knowledge_update (valid 2 years), 1 year, seats 1 (2024: 4)
// Roster: u1, u2 hold university (u1 also knowledge_update from 2024);
// y1..y6 (born 1990) hold college, y1 knowledge_update from 2022;
// r1, r2 (born 1975: last active 2036) hold college: univ from 2022 ends in
// 2023 and 2023 + 13 = 2036 is allowed; from 2023 it is not;
// o1..o4 (born 1970: age 52 in 2022) hold college and are never eligible for univ.
const char* kYaml = R"(format: cadreplan/1
name: "Chặn dưới theo chỗ học"
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, college, university]
credentials:
  knowledge_update: {valid_years: 2}
retirement_age: {male: 62, female: 60}
max_concurrent_programs: 2
groups:
  all: {}
programs:
  - {id: univ, name: "Đại học", grants: {ladder: professional, level: university}, eligible: {max_age: 50}, duration_years: 2, seats: 4, cost_per_year: 1, min_service_years_after: 13}
  - {id: ku, name: "Cập nhật kiến thức", grants: {credential: knowledge_update}, duration_years: 1, seats: {default: 1, 2024: 4}, cost_per_year: 1}
targets:
  - {id: t_univ, group: all, ladder: professional, at_least: university, checkpoints: {2024: 1}}
  - {id: t_ku, group: all, credential: knowledge_update, checkpoints: {2025: 1}, weight: 2}
roster: roster.csv
)";

std::string roster() {
  std::string rows = "id,birth_year,sex,tier,flags,professional,knowledge_update\n";
  rows += "u1,1980,male,commune,,university,2024\n";
  rows += "u2,1980,male,commune,,university,\n";
  rows += "y1,1990,male,commune,,college,2022\n";
  for (int i = 2; i <= 6; ++i) rows += "y" + std::to_string(i) + ",1990,male,commune,,college,\n";
  rows += "r1,1975,male,commune,,college,\n";
  rows += "r2,1975,male,commune,,college,\n";
  for (int i = 1; i <= 4; ++i) rows += "o" + std::to_string(i) + ",1970,male,commune,,college,\n";
  return rows;
}

/// The start of the small scenarios below: horizon 2022-2026, one ladder
/// none < college < university, no credentials.
std::string small_scenario(const std::string& name) {
  return "format: cadreplan/1\nname: \"" + name +
         "\"\nhorizon: {start: 2022, end: 2026}\nladders:\n  professional: [none, college, university]\n"
         "credentials: {}\nretirement_age: {male: 62, female: 60}\n";
}

}  // namespace

TEST(CapacityBound, HandComputedCase) {
  const Scenario sc = test::scenario_from_text(kYaml, roster());
  const optimize::CohortSet co(sc, 1);
  const optimize::CapacityBound b = optimize::capacity_bound(sc, co);
  ASSERT_EQ(b.shortfall.size(), 2u);
  // t_univ 2024: n = 14, required 14, baseline u1 u2 = 2. univ counts when it
  // completes by 2024: starts 2022, 2023 -> 8 seats; eligible outside the
  // baseline: y1..y6 and r1, r2 (from 2022 only) = 8; o1..o4 are over 50.
  // Addable min(8, 8) = 8; shortfall >= 14 - 2 - 8 = 4.
  EXPECT_EQ(b.baseline[0], 2);
  EXPECT_EQ(b.addable[0], 8);
  EXPECT_EQ(b.shortfall[0], 4);
  // t_ku 2025: n = 14, required 14, baseline u1 (2025 - 2024 = 1 < 2) = 1;
  // y1's 2022 has expired. ku counts when it completes in 2024 or 2025:
  // seats 4 + 1 = 5; eligible 13. Addable 5; shortfall >= 14 - 1 - 5 = 8.
  EXPECT_EQ(b.baseline[1], 1);
  EXPECT_EQ(b.addable[1], 5);
  EXPECT_EQ(b.shortfall[1], 8);
  EXPECT_DOUBLE_EQ(b.S, 4 * 1 + 8 * 2);

  // The bound is tight here: r1, r2 and two young start univ in 2022, four
  // young in 2023, five others take ku in 2024-2025; optimal proves S = 20.
  SolveOptions o;
  o.strategy = "optimal";
  o.threads = 1;
  const SolveResult res = solve(sc, o);
  EXPECT_EQ(res.report.status, SolveStatus::optimal);
  EXPECT_DOUBLE_EQ(res.report.S, 20);
  bool recorded = false, no_lp = false;
  for (const LogRecord& r : res.report.log) {
    recorded = recorded || (r.name == "bound.capacity.S" && r.value == "20");
    // A warm start at the bound is proven before any LP: phase S opens no node.
    no_lp = no_lp || (r.name == "phase_S" && r.value.find(", 0 nodes (proven)") != std::string::npos);
  }
  EXPECT_TRUE(recorded);
  EXPECT_TRUE(no_lp) << res.report.full_report();
}

// Two checkpoints of one year and level whose groups are disjoint (commune,
// district) share 2 seats: each alone could use both, together only 2 in all.
TEST(CapacityBound, DisjointGroupsShareTheSeats) {
  const std::string yaml = small_scenario("Hai nhóm chung chỗ học") + R"(groups:
  commune: {tier: [commune]}
  district: {tier: [district]}
programs:
  - {id: univ, name: "Đại học", grants: {ladder: professional, level: university}, duration_years: 1, seats: {2022: 2}, cost_per_year: 1}
targets:
  - {id: t_c, group: commune, ladder: professional, at_least: university, checkpoints: {2023: 1}}
  - {id: t_d, group: district, ladder: professional, at_least: university, checkpoints: {2023: 1}, weight: 3}
roster: roster.csv
)";
  std::string rows = "id,birth_year,sex,tier,flags,professional\n";
  for (int i = 1; i <= 3; ++i) rows += "c" + std::to_string(i) + ",1985,male,commune,,college\n";
  for (int i = 1; i <= 3; ++i) rows += "d" + std::to_string(i) + ",1985,male,district,,college\n";
  const Scenario sc = test::scenario_from_text(yaml, rows);
  const optimize::CohortSet co(sc, 1);
  const optimize::CapacityBound b = optimize::capacity_bound(sc, co);
  // Alone, each needs 3, can get min(2 seats, 3 eligible) = 2: shortfall >= 1
  // each, 1 x 1 + 3 x 1 = 4. Together 2 seats in all, best to district
  // (weight 3): 3 x 1 + 1 x 3 = 6. The optimum is that plan: S = 6.
  ASSERT_EQ(b.shortfall.size(), 2u);
  EXPECT_EQ(b.shortfall[0], 1);
  EXPECT_EQ(b.shortfall[1], 1);
  EXPECT_DOUBLE_EQ(b.S, 6);
  SolveOptions o;
  o.strategy = "optimal";
  o.threads = 1;
  const SolveResult res = solve(sc, o);
  EXPECT_EQ(res.report.status, SolveStatus::optimal);
  EXPECT_DOUBLE_EQ(res.report.S, 6);
}

// Rule 4: a member without the required level in time cannot count.
TEST(CapacityBound, APrerequisiteChainTooLongForTheCheckpoint) {
  const std::string yaml = small_scenario("Chuỗi điều kiện quá dài") + R"(groups:
  all: {}
programs:
  - {id: college, name: "Cao đẳng", grants: {ladder: professional, level: college}, duration_years: 2, seats: 10, cost_per_year: 1}
  - {id: univ, name: "Đại học", grants: {ladder: professional, level: university}, requires: {professional: college}, duration_years: 2, seats: 10, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2024: 1}}
roster: roster.csv
)";
  // a holds college: univ 2022-2023 counts. b holds nothing: college
  // 2022-2023, then univ 2024-2025 ends after 2024. Shortfall >= 2 - 0 - 1 = 1.
  const Scenario sc = test::scenario_from_text(
      yaml, "id,birth_year,sex,tier,flags,professional\na,1985,male,commune,,college\nb,1985,male,commune,,\n");
  const optimize::CohortSet co(sc, 1);
  const optimize::CapacityBound b = optimize::capacity_bound(sc, co);
  ASSERT_EQ(b.shortfall.size(), 1u);
  EXPECT_EQ(b.addable[0], 1);
  EXPECT_EQ(b.shortfall[0], 1);
  EXPECT_DOUBLE_EQ(b.S, 1);
}

TEST(CapacityBound, NeverAboveTheProvenOptimumAndBaselinesAsTheChecker) {
  std::vector<std::pair<std::string, Scenario>> cases;
  cases.emplace_back("hagiang-2022", synth::builtin_scenario("hagiang-2022"));
  for (std::uint64_t seed : {3u, 4u, 6u, 22u, 1u, 2u}) {
    synth::GenerateOptions g;
    g.cadres = 150;
    g.seed = seed;
    g.seat_scale = seed <= 2 ? 0.5 : 1.0;  // scarce seats: checkpoints of disjoint groups compete
    g.max_concurrent_programs = seed % 2 == 0 ? 2 : 1;
    g.min_service_years_after = seed == 4 ? 2 : 0;
    g.budget_scale = seed == 22 ? 0.0 : 0.8;
    cases.emplace_back("seed " + std::to_string(seed), synth::generate(g));
  }
  int proven = 0;
  for (const auto& [name, sc] : cases) {
    SCOPED_TRACE(name);
    const optimize::CohortSet co(sc, 1);
    const optimize::CapacityBound b = optimize::capacity_bound(sc, co);
    const rules::Evaluation base = rules::baseline(sc);
    ASSERT_EQ(base.checkpoints.size(), b.baseline.size());
    for (std::size_t i = 0; i < b.baseline.size(); ++i) {
      EXPECT_EQ(b.baseline[i], base.checkpoints[i].achieved) << "checkpoint " << i;
      EXPECT_GE(b.shortfall[i], 0);
      EXPECT_LE(b.shortfall[i], base.checkpoints[i].shortfall);  // at most the empty plan's shortfall
    }
    SolveOptions o;
    o.strategy = "optimal";
    o.threads = 1;
    o.time_limit = 30;
    const SolveResult res = solve(sc, o);
    EXPECT_LE(b.S, res.report.S + 1e-9);
    if (res.report.status == SolveStatus::optimal) {
      ++proven;
      EXPECT_LE(b.S, *res.report.lower_bound + 1e-9);
    }
  }
  EXPECT_GE(proven, 4);
}
