#include <gtest/gtest.h>

#include "support/build.hpp"

using namespace cadreplan;

namespace {
const char* kYaml = R"(format: cadreplan/1
name: "Thử nghiệm"
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, college, university]
credentials:
  knowledge_update: {valid_years: 2}
retirement_age: {male: 62, female: 60}
groups:
  all: {}
programs:
  - id: univ
    name: "Đại học vừa làm vừa học"
    grants: {ladder: professional, level: university}
    requires: {professional: college}
    duration_years: 2
    seats: 1
    cost_per_year: 10
targets:
  - id: t_univ
    group: all
    ladder: professional
    at_least: university
    checkpoints: {2024: 0.5, 2026: 1}
roster: roster.csv
)";
const char* kRoster =
    "id,birth_year,sex,tier,flags,professional,knowledge_update\n"
    "a,1980,male,commune,,college,\n"
    "b,1985,female,commune,,college,\n";
}  // namespace

TEST(CheckSmoke, EmptyPlanGivesBaseline) {
  Scenario sc = test::scenario_from_text(kYaml, kRoster);
  rules::Evaluation ev = rules::baseline(sc);
  EXPECT_TRUE(ev.valid);
  ASSERT_EQ(ev.checkpoints.size(), 2u);
  EXPECT_EQ(ev.checkpoints[0].required, 1);
  EXPECT_EQ(ev.checkpoints[1].required, 2);
  EXPECT_EQ(ev.S, 3);
  EXPECT_EQ(ev.C, 0);
}

TEST(CheckSmoke, TwoStartsInDifferentYearsMeetBothCheckpoints) {
  Scenario sc = test::scenario_from_text(kYaml, kRoster);
  Plan plan = test::plan_from_rows(sc, {{"a", "univ", 2022}, {"b", "univ", 2023}});
  rules::Evaluation ev = rules::check(sc, plan);
  EXPECT_TRUE(ev.valid) << (ev.violations.empty() ? "" : ev.violations[0].message);
  EXPECT_EQ(ev.S, 0);
  EXPECT_EQ(ev.C, 40);
}

TEST(CheckSmoke, SeatsBind) {
  Scenario sc = test::scenario_from_text(kYaml, kRoster);
  Plan plan = test::plan_from_rows(sc, {{"a", "univ", 2022}, {"b", "univ", 2022}});
  rules::Evaluation ev = rules::check(sc, plan);
  EXPECT_FALSE(ev.valid);
  EXPECT_EQ(test::count_rule(ev, 8), 1);
}
