#include <gtest/gtest.h>

#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/projection/projection.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/generate.hpp"
#include "cadreplan/synth/national.hpp"
#include "model/compiled.hpp"
#include "rules/state.hpp"
#include "support/build.hpp"

using namespace cadreplan;

namespace {
const char* kYaml = R"(format: cadreplan/1
name: projection
horizon: {start: 2022, end: 2026}
ladders: {professional: [none, college, university]}
credentials: {ku: {valid_years: 2}}
retirement_age: {male: 62, female: 60}
groups: {all: {}}
programs:
  - {id: univ, grants: {ladder: professional, level: university}, requires: {professional: college},
     duration_years: 2, seats: 5, cost_per_year: 10}
  - {id: ku, grants: {credential: ku}, duration_years: 1, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2024: 0.5, 2026: 1}}
  - {id: k, group: all, credential: ku, checkpoints: {2026: 1}}
roster: r.csv
)";
// b retires in 2024 (female, born 1964: 60 in 2024).
const char* kRoster =
    "id,birth_year,sex,tier,flags,professional,ku\n"
    "a,1980,male,commune,,college,2021\n"
    "b,1964,female,commune,,college,\n";
}  // namespace

TEST(Projection, StatePerYearFollowsThePlan) {
  Scenario sc = test::scenario_from_text(kYaml, kRoster);
  Plan plan = test::plan_from_rows(sc, {{"a", "univ", 2022}, {"a", "ku", 2025}});
  projection::Projection p = projection::project(sc, plan);
  ASSERT_EQ(p.years(), 5u);
  ASSERT_EQ(p.cadres(), 2u);
  // a: college until the end of 2022, university from the end of 2023 (completion).
  EXPECT_EQ(p.level[0](0, 0), 1);
  EXPECT_EQ(p.level[0](1, 0), 2);
  EXPECT_EQ(p.level[0](4, 0), 2);
  // ku: roster 2021 valid through 2022 (2022 - 2021 < 2), not 2023; plan 2025 valid 2025-2026.
  EXPECT_EQ(p.valid[0](0, 0), 1);
  EXPECT_EQ(p.valid[0](1, 0), 0);
  EXPECT_EQ(p.latest[0](1, 0), 2021);
  EXPECT_EQ(p.valid[0](3, 0), 1);
  EXPECT_EQ(p.latest[0](4, 0), 2025);
  // b: active 2022-2023 (58, 59), retired from 2024 (60).
  EXPECT_EQ(p.active(1, 1), 1);
  EXPECT_EQ(p.active(2, 1), 0);
  EXPECT_EQ(p.age(2, 1), 60);
  EXPECT_EQ(p.latest[0](0, 1), kNever);
}

TEST(Projection, AttainmentMatchesCheckAtCheckpointsAndFillsTheOtherYears) {
  synth::GenerateOptions g;
  g.cadres = 300;
  Scenario sc = synth::generate(g);
  SolveOptions o;
  o.strategy = "greedy";
  Plan plan = solve(sc, o).plan;
  projection::AttainmentSeries s = projection::attainment(sc, plan);
  rules::Evaluation ev = rules::check(sc, plan);
  for (const auto& r : ev.checkpoints) {
    const auto y = static_cast<std::size_t>(r.year - s.start);
    EXPECT_EQ(s.members[static_cast<std::size_t>(r.target)][y], r.n);
    EXPECT_EQ(s.achieved[static_cast<std::size_t>(r.target)][y], r.achieved);
  }
  // Baseline: an empty plan never achieves more than the plan (attainment is monotone in enrollments).
  projection::AttainmentSeries b = projection::attainment(sc, Plan{});
  for (std::size_t t = 0; t < s.achieved.size(); ++t)
    for (std::size_t y = 0; y < s.achieved[t].size(); ++y) EXPECT_LE(b.achieved[t][y], s.achieved[t][y]);
}

// From rules::kParallelCheckCadres cadres on, the projection and the
// attainment series are computed in blocks on every core: every cell must
// still be the one Timelines and Attainment give for that cadre and year.
TEST(Projection, LargeRostersSpreadOverCoresGiveEveryCellItsOwnValue) {
  synth::NationalOptions no;
  no.cadres = 30000;
  no.seed = 5;
  no.provinces = 12;
  const Scenario sc = synth::national(no);
  ASSERT_GE(sc.roster().size(), rules::kParallelCheckCadres);
  SolveOptions o;
  o.strategy = "greedy";
  const Plan plan = solve(sc, o).plan;
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const projection::Projection p = projection::project(sc, plan);
  ASSERT_EQ(p.cadres(), r.size());
  const rules::Timelines tl(sc, plan, {});
  std::size_t raised = 0;  // cells where the plan raised a level: the test sees the plan
  for (std::size_t c = 0; c < r.size(); ++c)
    for (std::size_t y = 0; y < p.years(); ++y) {
      const Year year = cp.start + static_cast<Year>(y);
      const auto yi = static_cast<Eigen::Index>(y), ci = static_cast<Eigen::Index>(c);
      ASSERT_EQ(p.active(yi, ci), cp.active(r, c, year) ? 1 : 0) << "cadre " << c << " year " << year;
      ASSERT_EQ(p.age(yi, ci), year - r.birth_year[c]) << "cadre " << c << " year " << year;
      for (std::size_t l = 0; l < p.level.size(); ++l) {
        ASSERT_EQ(p.level[l](yi, ci), tl.level_end(c, static_cast<int>(l), year)) << "cadre " << c << " year " << year;
        raised += p.level[l](yi, ci) > r.level[l][c];
      }
      for (std::size_t k = 0; k < p.latest.size(); ++k)
        ASSERT_EQ(p.latest[k](yi, ci), tl.latest_completion(c, static_cast<int>(k), year)) << "cadre " << c << " year " << year;
    }
  EXPECT_GT(raised, 1000u);
  const projection::AttainmentSeries s = projection::attainment(sc, plan);
  const rules::Attainment att(sc, plan, {});
  for (std::size_t t = 0; t < cp.targets.size(); ++t)
    for (std::size_t y = 0; y < s.members[t].size(); ++y) {
      std::int64_t n = 0, achieved = 0;
      att.count(static_cast<int>(t), cp.start + static_cast<Year>(y), n, achieved);
      EXPECT_EQ(s.members[t][y], n) << "target " << t << " year " << y;
      EXPECT_EQ(s.achieved[t][y], achieved) << "target " << t << " year " << y;
    }
}
