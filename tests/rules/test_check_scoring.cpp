// Hand-computed tests of rules::check: the scoring of SCENARIO-FORMAT.md
// (group membership, attainment, required = ceil(p n), shortfall, S and C).
//
// Every expected number is worked out by hand in the comment next to it.
// Horizon 2022-2026; retirement ages male 62, female 60; age(y) = y - birth.
#include <gtest/gtest.h>

#include <string>

#include "support/build.hpp"
#include "support/check_helpers.hpp"

using namespace cadreplan;
using test::checkpoint;
using test::describe;

namespace {

// Programs (durations and costs used below):
//   inter   professional -> intermediate, 1 year, cost 1
//   college professional -> college, requires intermediate, 2 years, cost 10
//   univ    professional -> university, requires college, 2 years, cost 20
//   ku      credential knowledge_update (valid 3 years), 1 year, cost 1
//   ku_long credential knowledge_update, 2 years, cost 2
//   intl    credential international (valid forever), 1 year, cost 5
std::string yaml(const std::string& targets) {
  return R"(format: cadreplan/1
name: "Kiểm tra chấm điểm"
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, intermediate, college, university, master]
credentials:
  knowledge_update: {valid_years: 3}
  international: {}
retirement_age: {male: 62, female: 60}
groups:
  all: {}
  commune: {tier: [commune]}
  ten: {tier: [x]}
  btv: {flags: [btv]}
  young: {max_age: 34}
  old: {min_age: 35}
  nobody: {tier: [ward]}
programs:
  - {id: inter, name: "Trung cấp", grants: {ladder: professional, level: intermediate}, duration_years: 1, seats: 100, cost_per_year: 1}
  - {id: college, name: "Cao đẳng", grants: {ladder: professional, level: college}, requires: {professional: intermediate}, duration_years: 2, seats: 100, cost_per_year: 10}
  - {id: univ, name: "Đại học", grants: {ladder: professional, level: university}, requires: {professional: college}, duration_years: 2, seats: 100, cost_per_year: 20}
  - {id: ku, name: "Cập nhật kiến thức", grants: {credential: knowledge_update}, duration_years: 1, seats: 100, cost_per_year: 1}
  - {id: ku_long, name: "Cập nhật kiến thức dài hạn", grants: {credential: knowledge_update}, duration_years: 2, seats: 100, cost_per_year: 2}
  - {id: intl, name: "Hội nhập quốc tế", grants: {credential: international}, duration_years: 1, seats: 100, cost_per_year: 5}
targets:
)" + targets + "roster: roster.csv\n";
}

const char* kHeader = "id,birth_year,sex,tier,flags,professional,knowledge_update,international";

std::string roster(std::initializer_list<std::string> rows) { return test::csv_lines(kHeader, rows); }

using Rows = std::vector<std::tuple<std::string, std::string, int>>;

rules::Evaluation run(const Scenario& sc, const Rows& rows) { return rules::check(sc, test::plan_from_rows(sc, rows)); }

/// Expects n / required / achieved / shortfall of target @p id at @p year.
void expect_cp(const Scenario& sc, const rules::Evaluation& ev, const std::string& id, int year, std::int64_t n,
               std::int64_t required, std::int64_t achieved, std::int64_t shortfall) {
  SCOPED_TRACE(id + " " + std::to_string(year));
  const rules::CheckpointResult& r = checkpoint(sc, ev, id, year);
  EXPECT_EQ(r.n, n);
  EXPECT_EQ(r.required, required);
  EXPECT_EQ(r.achieved, achieved);
  EXPECT_EQ(r.shortfall, shortfall);
}

}  // namespace

// ------------------------------------------------------- required = ceil ---

TEST(ScoreCeil, NineTenthsOf1977Requires1780AndSevenHundredthsOf100Requires7) {
  // 1977 cadres built in code: c0..c1976, all male born 1980 (active to 2041).
  // professional university for c0..c1778 (1779 cadres), none for the rest.
  // tier commune for c1777..c1876 (100 cadres, of whom c1777 and c1778 hold
  // university), district for the others.
  std::string csv = std::string(kHeader) + "\n";
  for (int i = 0; i < 1977; ++i)
    csv += "c" + std::to_string(i) + ",1980,male," + ((i >= 1777 && i <= 1876) ? "commune" : "district") + ",," +
           (i < 1779 ? "university" : "none") + ",,\n";
  Scenario sc = test::scenario_from_text(yaml(R"(  - {id: t90, group: all, ladder: professional, at_least: university, checkpoints: {2022: 0.9, 2026: 1}}
  - {id: t07, group: commune, ladder: professional, at_least: university, checkpoints: {2022: 0.07, 2026: 0}}
)"),
                                         csv);
  ASSERT_EQ(sc.roster().size(), 1977u);
  rules::Evaluation ev = rules::baseline(sc);
  EXPECT_TRUE(ev.valid);
  // t90 2022: n = 1977, 0.9 x 1977 = 1779.3 -> 1780; achieved 1779; shortfall 1.
  expect_cp(sc, ev, "t90", 2022, 1977, 1780, 1779, 1);
  // t90 2026: share 1 -> 1977; achieved 1779; shortfall 198.
  expect_cp(sc, ev, "t90", 2026, 1977, 1977, 1779, 198);
  // t07 2022: n = 100, 0.07 x 100 = 7 exactly (not 8); achieved 2; shortfall 5.
  expect_cp(sc, ev, "t07", 2022, 100, 7, 2, 5);
  // t07 2026: share 0 -> 0 required, shortfall 0.
  expect_cp(sc, ev, "t07", 2026, 100, 0, 2, 0);
  EXPECT_EQ(ev.S, 204);  // 1 + 198 + 5 + 0
  EXPECT_EQ(ev.C, 0);
}

TEST(ScoreCeil, DecimalSharesWithoutFloatingPointDrift) {
  // 30 cadres, none achieve anything; c0..c9 have tier x (group "ten").
  std::string csv = std::string(kHeader) + "\n";
  for (int i = 0; i < 30; ++i) csv += "c" + std::to_string(i) + ",1980,female," + (i < 10 ? "x" : "commune") + ",,none,,\n";
  Scenario sc = test::scenario_from_text(yaml(R"(  - {id: t_all, group: all, ladder: professional, at_least: college, checkpoints: {2022: 0.1, 2023: 0.9}}
  - {id: t_ten, group: ten, ladder: professional, at_least: college, checkpoints: {2022: 0.7, 2023: 0.3, 2024: 0.35, 2025: 0.01, 2026: 0}}
)"),
                                         csv);
  rules::Evaluation ev = rules::baseline(sc);
  // 0.1 x 30 = 3 (double: 3.0000000000000004 would ceil to 4).
  expect_cp(sc, ev, "t_all", 2022, 30, 3, 0, 3);
  // 0.9 x 30 = 27 (double: 27.000000000000004).
  expect_cp(sc, ev, "t_all", 2023, 30, 27, 0, 27);
  // 0.7 x 10 = 7 (double: 7.000000000000001).
  expect_cp(sc, ev, "t_ten", 2022, 10, 7, 0, 7);
  // 0.3 x 10 = 3 (double: 3.0000000000000004).
  expect_cp(sc, ev, "t_ten", 2023, 10, 3, 0, 3);
  // 0.35 x 10 = 3.5 -> 4.
  expect_cp(sc, ev, "t_ten", 2024, 10, 4, 0, 4);
  // 0.01 x 10 = 0.1 -> 1.
  expect_cp(sc, ev, "t_ten", 2025, 10, 1, 0, 1);
  // 0 x 10 = 0.
  expect_cp(sc, ev, "t_ten", 2026, 10, 0, 0, 0);
  EXPECT_EQ(ev.S, 45);  // 3 + 27 + 7 + 3 + 4 + 1 + 0
}

TEST(ScoreCeil, EmptyGroupRequiresNobody) {
  Scenario sc = test::scenario_from_text(
      yaml("  - {id: t, group: nobody, ladder: professional, at_least: university, checkpoints: {2022: 1}}\n"),
      roster({"a,1980,male,commune,,none,,"}));
  rules::Evaluation ev = rules::baseline(sc);
  expect_cp(sc, ev, "t", 2022, 0, 0, 0, 0);  // no cadre has tier ward: n = 0, ceil(1 x 0) = 0
  EXPECT_EQ(ev.S, 0);
}

// ------------------------------------------------------------ credentials ---

TEST(ScoreCredential, ExpiryRosterYearsAndPlanCompletions) {
  // valid_years 3: a completion z counts at Y iff z <= Y and Y - z < 3.
  Scenario sc = test::scenario_from_text(
      yaml(R"(  - {id: t_ku, group: all, credential: knowledge_update, checkpoints: {2023: 1, 2025: 1, 2026: 1}}
  - {id: t_intl, group: all, credential: international, checkpoints: {2024: 1, 2026: 1}}
)"),
      roster({
          "c1,1990,male,commune,,none,2022,1990",  // ku 2022; intl 1990 (valid forever)
          "c2,1990,male,commune,,none,2023,2022",  // ku 2023; intl 2022
          "c3,1990,male,commune,,none,,",          // plan: ku 2024 (z 2024), intl 2025 (z 2025)
          "c4,1990,male,commune,,none,2024,",      // roster year after the 2023 checkpoint
          "c5,1990,male,commune,,none,2020,",      // ku 2020; plan ku 2023 (z 2023)
          "c6,1990,male,commune,,none,,",          // plan ku_long 2024-2025 (z 2025)
          "c7,1990,male,commune,,none,2021,",      // ku 2021; plan ku 2026 (z 2026)
          "c8,1990,male,commune,,none,,",          // nothing
      }));
  rules::Evaluation ev = run(sc, {{"c3", "ku", 2024},
                                  {"c3", "intl", 2025},
                                  {"c5", "ku", 2023},
                                  {"c6", "ku_long", 2024},
                                  {"c7", "ku", 2026}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  // Y - z per cadre (latest z <= Y; "-" none; * = counts, i.e. < 3):
  //        2023     2025     2026
  //   c1   1 *      3        4
  //   c2   0 *      2 *      3
  //   c3   -        1 *      2 *
  //   c4   - (2024 > 2023)   1 *    2 *
  //   c5   0 * (2023)        2 *    3
  //   c6   -        0 *      1 *
  //   c7   2 * (2021)        4      0 * (2026)
  //   c8   -        -        -
  // achieved: 2023 = c1 c2 c5 c7 = 4; 2025 = c2 c3 c4 c5 c6 = 5; 2026 = c3 c4 c6 c7 = 4.
  expect_cp(sc, ev, "t_ku", 2023, 8, 8, 4, 4);
  expect_cp(sc, ev, "t_ku", 2025, 8, 8, 5, 3);
  expect_cp(sc, ev, "t_ku", 2026, 8, 8, 4, 4);
  // international is valid forever: 2024 = c1 (1990), c2 (2022) = 2 (c3's
  // completes 2025); 2026 = c1, c2, c3 = 3.
  expect_cp(sc, ev, "t_intl", 2024, 8, 8, 2, 6);
  expect_cp(sc, ev, "t_intl", 2026, 8, 8, 3, 5);
  EXPECT_EQ(ev.S, 22);  // 4 + 3 + 4 + 6 + 5
  // C = ku 1x1 x 3 (c3, c5, c7) + ku_long 2x2 + intl 5x1 = 3 + 4 + 5 = 12.
  EXPECT_EQ(ev.C, 12);
}

// ------------------------------------------------------- group membership ---

TEST(ScoreGroup, RetirementInTheCheckpointYearLeavesTheGroup) {
  Scenario sc = test::scenario_from_text(
      yaml("  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2023: 1, 2024: 1}}\n"),
      roster({
          "r_m,1962,male,commune,,university,,",    // age 61 in 2023, 62 in 2024
          "r_f,1964,female,commune,,university,,",  // age 59 in 2023, 60 in 2024
          "y,1990,male,commune,,none,,",
          "m64,1964,male,commune,,none,,",          // age 60 in 2024 < 62: still active
      }));
  rules::Evaluation ev = rules::baseline(sc);
  // 2023: all four active (61 < 62, 59 < 60): n 4, required 4, achieved 2 (r_m, r_f).
  expect_cp(sc, ev, "t", 2023, 4, 4, 2, 2);
  // 2024: r_m is 62 = retirement age and r_f is 60 = retirement age -> NOT in the
  // group; n 2 (y, m64), required 2, achieved 0.
  expect_cp(sc, ev, "t", 2024, 2, 2, 0, 2);
  EXPECT_EQ(ev.S, 4);
}

TEST(ScoreGroup, OverlappingGroupsCountACadreInBothAndWeightsApply) {
  Scenario sc = test::scenario_from_text(
      yaml(R"(  - {id: t_commune, group: commune, ladder: professional, at_least: university, checkpoints: {2022: 1}, weight: 3}
  - {id: t_btv, group: btv, ladder: professional, at_least: university, checkpoints: {2022: 1}, weight: 2}
  - {id: t_master, group: btv, ladder: professional, at_least: master, checkpoints: {2022: 1}, weight: 0.5}
  - {id: t_all, group: all, ladder: professional, at_least: college, checkpoints: {2022: 1}}
)"),
      roster({
          "a,1980,male,commune,,none,,",
          "b,1980,male,district,btv,university,,",
          "x,1980,male,commune,btv,university,,",  // in commune AND in btv
          "d,1980,male,district,,none,,",
      }));
  rules::Evaluation ev = rules::baseline(sc);
  expect_cp(sc, ev, "t_commune", 2022, 2, 2, 1, 1);  // {a, x}; x holds university
  expect_cp(sc, ev, "t_btv", 2022, 2, 2, 2, 0);      // {b, x}; both hold university
  expect_cp(sc, ev, "t_master", 2022, 2, 2, 0, 2);   // {b, x}; neither holds master
  expect_cp(sc, ev, "t_all", 2022, 4, 4, 2, 2);      // university >= college for b, x
  EXPECT_EQ(checkpoint(sc, ev, "t_commune", 2022).weight, 3);
  EXPECT_EQ(checkpoint(sc, ev, "t_master", 2022).weight, 0.5);
  EXPECT_EQ(checkpoint(sc, ev, "t_all", 2022).weight, 1);  // default weight
  // S = 3 x 1 + 2 x 0 + 0.5 x 2 + 1 x 2 = 6.
  EXPECT_EQ(ev.S, 6);
}

TEST(ScoreGroup, AgeDependentGroupsAreEvaluatedInTheCheckpointYear) {
  Scenario sc = test::scenario_from_text(
      yaml(R"(  - {id: t_young, group: young, ladder: professional, at_least: university, checkpoints: {2023: 0.5, 2025: 0.5}}
  - {id: t_old, group: old, ladder: professional, at_least: university, checkpoints: {2023: 1, 2025: 1}}
)"),
      roster({
          "b89,1989,male,commune,,university,,",  // age 34 in 2023, 36 in 2025
          "b91,1991,male,commune,,none,,",        // 32, 34
          "b95,1995,male,commune,,none,,",        // 28, 30
          "b70,1970,male,commune,,none,,",        // 53, 55
      }));
  rules::Evaluation ev = rules::baseline(sc);
  // young (max_age 34): 2023 = {b89, b91, b95}: required ceil(1.5) = 2, achieved 1 (b89).
  expect_cp(sc, ev, "t_young", 2023, 3, 2, 1, 1);
  // 2025 = {b91, b95} (b89 is 36): required 1, achieved 0.
  expect_cp(sc, ev, "t_young", 2025, 2, 1, 0, 1);
  // old (min_age 35): 2023 = {b70}: required 1, achieved 0.
  expect_cp(sc, ev, "t_old", 2023, 1, 1, 0, 1);
  // 2025 = {b89, b70}: required 2, achieved 1 (b89).
  expect_cp(sc, ev, "t_old", 2025, 2, 2, 1, 1);
  EXPECT_EQ(ev.S, 4);
}

// --------------------------------------------------------------- ladders ---

TEST(ScoreLadder, ChainOfTwoProgramsCountsEachAtItsCompletion) {
  Scenario sc = test::scenario_from_text(
      yaml(R"(  - {id: t_college, group: all, ladder: professional, at_least: college, checkpoints: {2022: 1, 2023: 1, 2026: 1}}
  - {id: t_univ, group: all, ladder: professional, at_least: university, checkpoints: {2024: 1, 2025: 1, 2026: 1}}
)"),
      roster({"c,1990,male,commune,,intermediate,,"}));
  // Rows in reverse order on purpose. college 2022-2023 completes end of 2023;
  // univ 2024-2025 (college at the start of 2024: ok) completes end of 2025.
  rules::Evaluation ev = run(sc, {{"c", "univ", 2024}, {"c", "college", 2022}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  expect_cp(sc, ev, "t_college", 2022, 1, 1, 0, 1);  // end of 2022: intermediate
  expect_cp(sc, ev, "t_college", 2023, 1, 1, 1, 0);  // completion in Y counts at the end of Y
  expect_cp(sc, ev, "t_college", 2026, 1, 1, 1, 0);  // university >= college
  expect_cp(sc, ev, "t_univ", 2024, 1, 1, 0, 1);     // univ still in progress
  expect_cp(sc, ev, "t_univ", 2025, 1, 1, 1, 0);     // completes at the end of 2025
  expect_cp(sc, ev, "t_univ", 2026, 1, 1, 1, 0);
  EXPECT_EQ(ev.S, 2);
  EXPECT_EQ(ev.C, 60);  // 10 x 2 + 20 x 2
}

TEST(ScoreLadder, LevelAtTheEndOfYIncludesCompletionsInY) {
  Scenario sc = test::scenario_from_text(
      yaml("  - {id: t, group: all, ladder: professional, at_least: intermediate, checkpoints: {2023: 1, 2024: 1}}\n"),
      roster({"a,1990,male,commune,,none,,"}));
  // inter 2024 occupies 2024 and completes at the end of 2024.
  rules::Evaluation ev = run(sc, {{"a", "inter", 2024}});
  expect_cp(sc, ev, "t", 2023, 1, 1, 0, 1);
  expect_cp(sc, ev, "t", 2024, 1, 1, 1, 0);
  EXPECT_EQ(ev.S, 1);
  EXPECT_EQ(ev.C, 1);
}

// ------------------------------------------------------------------- S, C ---

TEST(ScoreTotals, CostIsCostPerYearTimesDurationOverAllEnrollments) {
  Scenario sc = test::scenario_from_text(
      yaml("  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}\n"),
      roster({"a,1990,male,commune,,intermediate,,", "b,1990,male,commune,,none,,"}));
  // a: college 2022 (10 x 2 = 20), univ 2025 (20 x 2 = 40, ends 2026);
  // b: ku 2022 (1 x 1 = 1), ku_long 2025 (2 x 2 = 4). C = 65.
  rules::Evaluation ev = run(sc, {{"a", "college", 2022}, {"a", "univ", 2025}, {"b", "ku", 2022}, {"b", "ku_long", 2025}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  EXPECT_EQ(ev.C, 65);
  // 2026: {a, b}, a holds university: required 2, achieved 1 -> S = 1.
  expect_cp(sc, ev, "t", 2026, 2, 2, 1, 1);
  EXPECT_EQ(ev.S, 1);
}

TEST(ScoreTotals, InvalidPlanIsStillScored) {
  Scenario sc = test::scenario_from_text(
      yaml(R"(  - {id: t_univ, group: all, ladder: professional, at_least: university, checkpoints: {2023: 1}}
  - {id: t_ku, group: all, credential: knowledge_update, checkpoints: {2026: 1}}
)"),
      roster({"p,1990,male,commune,,intermediate,,", "q,1990,male,commune,,none,,"}));
  // row 0: p univ 2022 lacks college -> rule 4, but still completes at the end of 2023.
  // row 1: q ku_long 2026 ends 2027 -> rule 1; its completion z = 2027 > 2026 does not count.
  // row 2: unknown cadre -> rule 6, counts for nothing.
  rules::Evaluation ev = run(sc, {{"p", "univ", 2022}, {"q", "ku_long", 2026}, {"ghost", "college", 2022}});
  EXPECT_FALSE(ev.valid);
  EXPECT_EQ(ev.violation_count, 3) << describe(ev);
  EXPECT_EQ(test::count_rule(ev, 4), 1);
  EXPECT_EQ(test::count_rule(ev, 1), 1);
  EXPECT_EQ(test::count_rule(ev, 6), 1);
  expect_cp(sc, ev, "t_univ", 2023, 2, 2, 1, 1);  // p counts
  expect_cp(sc, ev, "t_ku", 2026, 2, 2, 0, 2);
  EXPECT_EQ(ev.S, 3);   // 1 + 2
  EXPECT_EQ(ev.C, 44);  // univ 20 x 2 + ku_long 2 x 2 (full duration, past the horizon too); ghost excluded
}

TEST(ScoreTotals, CheckpointsInTargetOrderThenYearWithAllFields) {
  Scenario sc = test::scenario_from_text(
      yaml(R"(  - {id: t_b, group: all, ladder: professional, at_least: college, checkpoints: {2026: 1, 2023: 0.5}, weight: 2}
  - {id: t_a, group: commune, ladder: professional, at_least: university, checkpoints: {2024: 0.25}}
)"),
      roster({"a,1990,male,commune,,college,,", "b,1990,male,district,,none,,", "c,1990,male,commune,,none,,"}));
  rules::Evaluation ev = rules::baseline(sc);
  ASSERT_EQ(ev.checkpoints.size(), 3u);
  const auto& r0 = ev.checkpoints[0];
  const auto& r1 = ev.checkpoints[1];
  const auto& r2 = ev.checkpoints[2];
  // t_b (target 0) 2023: n 3, ceil(0.5 x 3) = 2, achieved 1 (a), shortfall 1, weight 2.
  EXPECT_EQ(r0.target, 0);
  EXPECT_EQ(r0.year, 2023);
  EXPECT_EQ(r0.share.text(), "0.5");
  EXPECT_EQ(r0.n, 3);
  EXPECT_EQ(r0.required, 2);
  EXPECT_EQ(r0.achieved, 1);
  EXPECT_EQ(r0.shortfall, 1);
  EXPECT_EQ(r0.weight, 2);
  // t_b 2026: n 3, required 3, achieved 1, shortfall 2.
  EXPECT_EQ(r1.target, 0);
  EXPECT_EQ(r1.year, 2026);
  EXPECT_EQ(r1.share.text(), "1");
  EXPECT_EQ(r1.required, 3);
  EXPECT_EQ(r1.shortfall, 2);
  // t_a (target 1) 2024: commune = {a, c}: ceil(0.25 x 2) = 1, achieved 0, shortfall 1.
  EXPECT_EQ(r2.target, 1);
  EXPECT_EQ(r2.year, 2024);
  EXPECT_EQ(r2.n, 2);
  EXPECT_EQ(r2.required, 1);
  EXPECT_EQ(r2.achieved, 0);
  EXPECT_EQ(r2.shortfall, 1);
  EXPECT_EQ(r2.weight, 1);
  EXPECT_EQ(ev.S, 7);  // 2 x 1 + 2 x 2 + 1 x 1
  EXPECT_EQ(ev.C, 0);
  EXPECT_TRUE(ev.valid);
  EXPECT_EQ(ev.violation_count, 0);
}

TEST(ScoreTotals, BaselineIsTheEmptyPlan) {
  Scenario sc = test::scenario_from_text(
      yaml("  - {id: t, group: all, ladder: professional, at_least: college, checkpoints: {2022: 1}}\n"),
      roster({"a,1990,male,commune,,college,,", "b,1990,male,commune,,none,,"}));
  rules::Evaluation base = rules::baseline(sc);
  rules::Evaluation empty = rules::check(sc, Plan{});
  EXPECT_TRUE(base.valid);
  EXPECT_EQ(base.S, 1);  // required 2, achieved 1 (a)
  EXPECT_EQ(base.S, empty.S);
  EXPECT_EQ(base.C, 0);
  ASSERT_EQ(base.checkpoints.size(), empty.checkpoints.size());
  EXPECT_EQ(base.checkpoints[0].achieved, empty.checkpoints[0].achieved);
}
