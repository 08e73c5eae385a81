// Hand-computed tests of rules::check: validity rules 1-9 of SCENARIO-FORMAT.md.
//
// Every expected number is worked out by hand in the comment next to it.
// Conventions used throughout (from the contract):
//   age(y) = y - birth_year; active in y iff age(y) < retirement_age[sex]
//   (male 62, female 60 here), i.e. the last active year is birth + age - 1;
//   an enrollment (c, k, s) occupies s..e with e = s + duration_years - 1.
// The horizon is 2022-2026 in every scenario of this file.
#include <gtest/gtest.h>

#include <set>

#include "support/build.hpp"
#include "support/check_helpers.hpp"

using namespace cadreplan;
using test::describe;
using test::names_all;
using test::violations_of;

namespace {

// Programs shared by the tests (durations, costs and seats are used in the
// hand computations below):
//   inter      professional -> intermediate, 1 year, cost 1
//   college    professional -> college, requires professional intermediate, 2 years, cost 10
//   univ       professional -> university, requires professional college, 2 years, cost 20
//   pol_inter  political_theory -> intermediate, 1 year, cost 3
//   pol_adv    political_theory -> advanced, 2 years, cost 4 (no requirement)
//   master_pol professional -> master, requires professional university AND
//              political_theory intermediate (a requirement on another ladder), 2 years, cost 30
//   ku         credential knowledge_update, 1 year, cost 2, seats 10
//   ku_bond    like ku, program-level min_service_years_after: 3
//   ku_free    like ku, program-level min_service_years_after: 0
//   univ_young professional -> university, eligible {tier: [commune], max_age: 40}, 2 years
//   ku_senior  credential, eligible {min_age: 30}
//   ku_btv     credential, eligible {flags: [btv, party]}
//   ku_women   credential, eligible {sex: [female]}
//   sem        credential international, seats {default: 2, 2023: 1}, cost 1
//   sem_nodef  credential international, seats {2022: 1}, cost 1
//   sem_one    credential international, seats 1, cost 1
//   dec        credential international, cost 0.1, seats 10
const char* kPrograms = R"Y(programs:
  - {id: inter, name: "Trung cấp chuyên môn", grants: {ladder: professional, level: intermediate}, duration_years: 1, seats: 10, cost_per_year: 1}
  - {id: college, name: "Cao đẳng", grants: {ladder: professional, level: college}, requires: {professional: intermediate}, duration_years: 2, seats: 10, cost_per_year: 10}
  - {id: univ, name: "Đại học vừa làm vừa học", grants: {ladder: professional, level: university}, requires: {professional: college}, duration_years: 2, seats: 10, cost_per_year: 20}
  - {id: pol_inter, name: "Trung cấp lý luận chính trị", grants: {ladder: political_theory, level: intermediate}, duration_years: 1, seats: 10, cost_per_year: 3}
  - {id: pol_adv, name: "Cao cấp lý luận chính trị", grants: {ladder: political_theory, level: advanced}, duration_years: 2, seats: 10, cost_per_year: 4}
  - {id: master_pol, name: "Thạc sĩ", grants: {ladder: professional, level: master}, requires: {professional: university, political_theory: intermediate}, duration_years: 2, seats: 10, cost_per_year: 30}
  - {id: ku, name: "Cập nhật kiến thức", grants: {credential: knowledge_update}, duration_years: 1, seats: 10, cost_per_year: 2}
  - {id: ku_bond, name: "Cập nhật kiến thức (cam kết)", grants: {credential: knowledge_update}, duration_years: 1, seats: 10, cost_per_year: 2, min_service_years_after: 3}
  - {id: ku_free, name: "Cập nhật kiến thức (tự do)", grants: {credential: knowledge_update}, duration_years: 1, seats: 10, cost_per_year: 2, min_service_years_after: 0}
  - {id: univ_young, name: "Đại học cho cán bộ trẻ cấp xã", grants: {ladder: professional, level: university}, eligible: {tier: [commune], max_age: 40}, duration_years: 2, seats: 10, cost_per_year: 20}
  - {id: ku_senior, name: "Bồi dưỡng cán bộ từ 30 tuổi", grants: {credential: knowledge_update}, eligible: {min_age: 30}, duration_years: 1, seats: 10, cost_per_year: 2}
  - {id: ku_btv, name: "Bồi dưỡng diện BTV quản lý", grants: {credential: knowledge_update}, eligible: {flags: [btv, party]}, duration_years: 1, seats: 10, cost_per_year: 2}
  - {id: ku_women, name: "Bồi dưỡng cán bộ nữ", grants: {credential: knowledge_update}, eligible: {sex: [female]}, duration_years: 1, seats: 10, cost_per_year: 2}
  - {id: sem, name: "Hội thảo quốc tế", grants: {credential: international}, duration_years: 1, seats: {default: 2, 2023: 1}, cost_per_year: 1}
  - {id: sem_nodef, name: "Hội thảo quốc tế 2022", grants: {credential: international}, duration_years: 1, seats: {2022: 1}, cost_per_year: 1}
  - {id: sem_one, name: "Hội thảo một chỗ", grants: {credential: international}, duration_years: 1, seats: 1, cost_per_year: 1}
  - {id: dec, name: "Khóa lẻ", grants: {credential: international}, duration_years: 1, seats: 10, cost_per_year: 0.1}
)Y";

/// A scenario YAML with @p policy lines (max_concurrent_programs,
/// min_service_years_after, budget) inserted at the top level.
std::string yaml(const std::string& policy = "") {
  return std::string(R"(format: cadreplan/1
name: "Kiểm tra quy tắc"
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, intermediate, college, university, master]
  political_theory: [none, elementary, intermediate, advanced]
credentials:
  knowledge_update: {valid_years: 3}
  international: {}
retirement_age: {male: 62, female: 60}
)") + policy + R"(groups:
  all: {}
)" + kPrograms +
         R"(targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}
roster: roster.csv
)";
}

const char* kHeader = "id,birth_year,sex,tier,flags,professional,political_theory,knowledge_update,international";

std::string roster(std::initializer_list<std::string> rows) { return test::csv_lines(kHeader, rows); }

using Rows = std::vector<std::tuple<std::string, std::string, int>>;

rules::Evaluation run(const Scenario& sc, const Rows& rows) { return rules::check(sc, test::plan_from_rows(sc, rows)); }

/// The rows (sorted) that have a violation of @p rule.
std::multiset<std::int64_t> rows_of(const rules::Evaluation& ev, int rule) {
  std::multiset<std::int64_t> out;
  for (const auto& v : ev.violations)
    if (v.rule == rule) out.insert(v.row);
  return out;
}

}  // namespace

// ---------------------------------------------------------------- rule 1 ---

TEST(CheckRule1, EnrollmentEndingExactlyAtHorizonEndIsValid) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,college,none,,"}));
  // univ from 2025: e = 2025 + 2 - 1 = 2026 = horizon.end -> inside.
  // ku from 2022: s = 2022 = horizon.start -> inside (no overlap with 2025-2026).
  rules::Evaluation ev = run(sc, {{"a", "univ", 2025}, {"a", "ku", 2022}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  EXPECT_EQ(ev.violation_count, 0);
  EXPECT_TRUE(ev.violations.empty());
}

TEST(CheckRule1, EnrollmentEndingAfterHorizonEndBreaksIt) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,college,none,,"}));
  // univ from 2026: e = 2027 > 2026 -> rule 1 (a is active until 1980+61 = 2041).
  rules::Evaluation ev = run(sc, {{"a", "univ", 2026}});
  EXPECT_FALSE(ev.valid);
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 1);
  EXPECT_EQ(v.row, 0);
  EXPECT_EQ(v.line, 2);  // header is line 1, row 0 is line 2
  EXPECT_EQ(v.cadre, sc.cadre_index("a"));
  EXPECT_EQ(v.program, sc.program_index("univ"));
  EXPECT_EQ(v.year, 2026);
  EXPECT_TRUE(names_all(v.message, {"'a'", "'univ'", "2026", "2027"}));
}

TEST(CheckRule1, EnrollmentStartingBeforeHorizonStartBreaksIt) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,college,none,,"}));
  // ku from 2021: s = 2021 < 2022 -> rule 1 only (seats 10 every year, no budget).
  rules::Evaluation ev = run(sc, {{"a", "ku", 2022}, {"a", "ku", 2021}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 1);
  EXPECT_EQ(v.row, 1);
  EXPECT_EQ(v.line, 3);
  EXPECT_EQ(v.year, 2021);
  EXPECT_TRUE(names_all(v.message, {"'a'", "'ku'", "2021"}));
}

// ---------------------------------------------------------------- rule 2 ---

namespace {
// old_m: male 1962, last active 1962+62-1 = 2023 (age 2023 = 61, age 2024 = 62).
// old_f: female 1964, last active 1964+60-1 = 2023 (age 2024 = 60).
// m64:   male 1964, last active 2025 (age 2024 = 60 < 62: the male limit).
std::string kRetiring() {
  return roster({"old_m,1962,male,commune,,college,none,,", "old_f,1964,female,commune,,college,none,,",
                 "m64,1964,male,commune,,college,none,,"});
}
}  // namespace

TEST(CheckRule2, RetiringTheYearAfterCompletionIsValid) {
  Scenario sc = test::scenario_from_text(yaml(), kRetiring());
  // old_m ku 2023: occupies 2023 only, age 61 < 62 -> active; retires 2024.
  // old_f ku 2023: age 59 < 60 -> active.   m64 ku 2025: age 61 < 62 -> active.
  rules::Evaluation ev = run(sc, {{"old_m", "ku", 2023}, {"old_f", "ku", 2023}, {"m64", "ku", 2025}});
  EXPECT_TRUE(ev.valid) << describe(ev);
}

TEST(CheckRule2, RetiringInTheCompletionYearBreaksIt) {
  Scenario sc = test::scenario_from_text(yaml(), kRetiring());
  // row 0: old_m univ 2023: occupies 2023-2024; age(2024) = 62 = retirement age -> rule 2.
  // row 1: old_f ku 2024: age(2024) = 60 = female retirement age -> rule 2.
  // row 2: m64 ku 2024: age(2024) = 60 < 62 -> fine (the limit depends on sex).
  rules::Evaluation ev = run(sc, {{"old_m", "univ", 2023}, {"old_f", "ku", 2024}, {"m64", "ku", 2024}});
  EXPECT_EQ(ev.violation_count, 2) << describe(ev);
  EXPECT_EQ(rows_of(ev, 2), (std::multiset<std::int64_t>{0, 1}));
  auto v = violations_of(ev, 2);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].year, 2023);
  EXPECT_EQ(v[0].cadre, sc.cadre_index("old_m"));
  EXPECT_TRUE(names_all(v[0].message, {"'old_m'", "'univ'", "2023", "2024"}));
  EXPECT_TRUE(names_all(v[1].message, {"'old_f'", "'ku'", "2024"}));
}

TEST(CheckRule2, ScenarioMinServiceYearsAfterExtendsTheActiveYearsPastTheHorizon) {
  Scenario sc = test::scenario_from_text(
      yaml("min_service_years_after: 2\n"),
      roster({"s63,1963,male,commune,,college,none,,",     // last active 2024
              "y65,1965,male,commune,,college,none,,",     // last active 2026
              "y66,1966,male,commune,,college,none,,"}));  // last active 2027
  // row 0: s63 ku 2022: must be active through 2022+2 = 2024 <= 2024 -> ok.
  // row 1: s63 ku 2023: through 2025 > 2024 -> rule 2.
  // row 2: y65 ku 2024: through 2026 <= 2026 -> ok.
  // row 3: y65 ku 2025: through 2027 > 2026 -> rule 2 (past the horizon: age decides).
  // row 4: y66 ku 2025: through 2027 <= 2027 -> ok (a year after horizon.end still counts as active).
  rules::Evaluation ev =
      run(sc, {{"s63", "ku", 2022}, {"s63", "ku", 2023}, {"y65", "ku", 2024}, {"y65", "ku", 2025}, {"y66", "ku", 2025}});
  EXPECT_EQ(ev.violation_count, 2) << describe(ev);
  EXPECT_EQ(rows_of(ev, 2), (std::multiset<std::int64_t>{1, 3}));
  auto v = violations_of(ev, 2);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(names_all(v[0].message, {"'s63'", "'ku'", "2023", "2025"}));
  EXPECT_TRUE(names_all(v[1].message, {"'y65'", "'ku'", "2025", "2027"}));
}

TEST(CheckRule2, ProgramMinServiceYearsAfterOverridesTheScenarioValueForThatProgramOnly) {
  Scenario sc = test::scenario_from_text(
      yaml("min_service_years_after: 1\n"),
      roster({"s63,1963,male,commune,,college,none,,",   // last active 2024
              "s63b,1963,male,commune,,college,none,,",  // last active 2024
              "s63c,1963,male,commune,,college,none,,",  // last active 2024
              "y66,1966,male,commune,,college,none,,"}));  // last active 2027
  // row 0: s63 ku 2023 (scenario 1): through 2024 -> ok.
  // row 1: s63 ku_free 2024 (program 0 overrides 1): through 2024 -> ok.
  // row 2: s63b ku 2024 (scenario 1): through 2025 > 2024 -> rule 2.
  // row 3: s63c ku_bond 2022 (program 3 overrides 1): through 2025 > 2024 -> rule 2.
  // row 4: y66 ku_bond 2024: through 2027 <= 2027 -> ok.
  // row 5: y66 ku_bond 2025: through 2028 > 2027 -> rule 2.
  rules::Evaluation ev = run(sc, {{"s63", "ku", 2023},
                                  {"s63", "ku_free", 2024},
                                  {"s63b", "ku", 2024},
                                  {"s63c", "ku_bond", 2022},
                                  {"y66", "ku_bond", 2024},
                                  {"y66", "ku_bond", 2025}});
  EXPECT_EQ(ev.violation_count, 3) << describe(ev);
  EXPECT_EQ(rows_of(ev, 2), (std::multiset<std::int64_t>{2, 3, 5}));
  auto v = violations_of(ev, 2);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(names_all(v[0].message, {"'s63b'", "'ku'", "2025"}));
  EXPECT_TRUE(names_all(v[1].message, {"'s63c'", "'ku_bond'", "2022", "2025"}));
  EXPECT_TRUE(names_all(v[2].message, {"'y66'", "'ku_bond'", "2025", "2028"}));
}

// ---------------------------------------------------------------- rule 3 ---

TEST(CheckRule3, AgeLimitIsEvaluatedInTheStartYearOnly) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"y82,1982,male,commune,,college,none,,"}));
  // univ_young 2022: age(2022) = 40 <= max_age 40 -> eligible; it runs into
  // 2023 where the age is 41, but eligibility is evaluated in the start year only.
  rules::Evaluation ev = run(sc, {{"y82", "univ_young", 2022}});
  EXPECT_TRUE(ev.valid) << describe(ev);
}

TEST(CheckRule3, AgeLimitBreaksInALaterStartYear) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"y82,1982,male,commune,,college,none,,"}));
  // univ_young 2023: age(2023) = 41 > 40 -> rule 3.
  rules::Evaluation ev = run(sc, {{"y82", "univ_young", 2023}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 3);
  EXPECT_EQ(v.row, 0);
  EXPECT_EQ(v.year, 2023);
  EXPECT_TRUE(names_all(v.message, {"'y82'", "'univ_young'", "2023"}));
}

TEST(CheckRule3, TierMinAgeFlagsAndSexSelectors) {
  Scenario sc = test::scenario_from_text(yaml(), roster({
                                                     "d90,1990,male,district,,college,none,,",
                                                     "j93,1993,male,commune,,college,none,,",
                                                     "f1,1980,male,commune,btv,college,none,,",
                                                     "f2,1980,male,commune,party;btv,college,none,,",
                                                     "m,1980,male,commune,,college,none,,",
                                                     "w,1980,female,commune,,college,none,,",
                                                 }));
  // row 0: d90 univ_young 2022: tier district not in [commune] -> rule 3 (age 32 is fine).
  // row 1: j93 ku_senior 2022: age 29 < min_age 30 -> rule 3.
  // row 2: j93 ku_senior 2023: age 30 >= 30 -> ok.
  // row 3: f1 ku_btv 2022: has btv but not party (ALL flags needed) -> rule 3.
  // row 4: f2 ku_btv 2022: has both (order in the cell does not matter) -> ok.
  // row 5: m ku_women 2022: male -> rule 3.
  // row 6: w ku_women 2022: female -> ok.
  rules::Evaluation ev = run(sc, {{"d90", "univ_young", 2022},
                                  {"j93", "ku_senior", 2022},
                                  {"j93", "ku_senior", 2023},
                                  {"f1", "ku_btv", 2022},
                                  {"f2", "ku_btv", 2022},
                                  {"m", "ku_women", 2022},
                                  {"w", "ku_women", 2022}});
  EXPECT_EQ(ev.violation_count, 4) << describe(ev);
  EXPECT_EQ(rows_of(ev, 3), (std::multiset<std::int64_t>{0, 1, 3, 5}));
  auto v = violations_of(ev, 3);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_TRUE(names_all(v[0].message, {"'d90'", "'univ_young'", "2022"}));
  EXPECT_TRUE(names_all(v[1].message, {"'j93'", "'ku_senior'", "2022"}));
  EXPECT_TRUE(names_all(v[2].message, {"'f1'", "'ku_btv'"}));
  EXPECT_TRUE(names_all(v[3].message, {"'m'", "'ku_women'"}));
}

// ---------------------------------------------------------------- rule 4 ---

TEST(CheckRule4, PrerequisiteCompletedInTheYearBeforeTheStartIsMet) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"p1,1980,male,commune,,intermediate,none,,"}));
  // Row order does not matter: row 1 college 2022 completes at the end of 2023
  // = s - 1 for row 0 univ 2024 -> college at the start of 2024 -> ok.
  // Occupancy 2022-2023 then 2024-2025: never two at once.
  rules::Evaluation ev = run(sc, {{"p1", "univ", 2024}, {"p1", "college", 2022}});
  EXPECT_TRUE(ev.valid) << describe(ev);
}

TEST(CheckRule4, PrerequisiteCompletingInTheStartYearIsNotMet) {
  // max_concurrent_programs 2 so that the overlap in 2023 does not break rule 7.
  Scenario sc = test::scenario_from_text(yaml("max_concurrent_programs: 2\n"),
                                         roster({"p1,1980,male,commune,,intermediate,none,,"}));
  // row 1 college 2022 completes at the end of 2023 = s, not <= s - 1 = 2022,
  // so at the start of 2023 p1 is still intermediate < college -> rule 4 on row 0.
  rules::Evaluation ev = run(sc, {{"p1", "univ", 2023}, {"p1", "college", 2022}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 4);
  EXPECT_EQ(v.row, 0);
  EXPECT_EQ(v.year, 2023);
  EXPECT_TRUE(names_all(v.message, {"'p1'", "'univ'", "college", "2023"}));
}

TEST(CheckRule4, PrerequisiteOnAnotherLadder) {
  Scenario sc = test::scenario_from_text(yaml(), roster({
                                                     "q1,1980,male,commune,,university,elementary,,",
                                                     "q2,1980,male,commune,,university,none,,",
                                                     "q3,1980,male,commune,,college,none,,",
                                                 }));
  // master_pol requires professional >= university AND political_theory >= intermediate.
  // row 0: q1 master_pol 2022: political_theory elementary < intermediate -> rule 4.
  // row 1: q2 pol_inter 2022 completes at the end of 2022 = 2023 - 1, so
  // row 2: q2 master_pol 2023 has political_theory intermediate at the start of 2023 -> ok.
  // row 3: q3 master_pol 2022: college < university AND none < intermediate -> rule 4 twice.
  rules::Evaluation ev =
      run(sc, {{"q1", "master_pol", 2022}, {"q2", "pol_inter", 2022}, {"q2", "master_pol", 2023}, {"q3", "master_pol", 2022}});
  EXPECT_EQ(ev.violation_count, 3) << describe(ev);
  EXPECT_EQ(rows_of(ev, 4), (std::multiset<std::int64_t>{0, 3, 3}));
  auto v = violations_of(ev, 4);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(names_all(v[0].message, {"'q1'", "'master_pol'", "political_theory", "intermediate", "2022"}));
  // The two violations of row 3 name one ladder each.
  const std::string both = v[1].message + " | " + v[2].message;
  EXPECT_TRUE(names_all(both, {"'q3'", "professional 'university'", "political_theory 'intermediate'"}));
}

TEST(CheckRule4, PrerequisiteFromAnEnrollmentThatBreaksAnotherRuleStillCounts) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"p1,1980,male,commune,,intermediate,none,,"}));
  // Rule 4 reads "raised by EVERY ladder enrollment of c with completion year <= s - 1":
  // row 0 college 2020 starts before the horizon (rule 1) but completes at the
  // end of 2021 <= 2022 - 1, so row 1 univ 2022 meets its college requirement.
  rules::Evaluation ev = run(sc, {{"p1", "college", 2020}, {"p1", "univ", 2022}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  EXPECT_EQ(ev.violations.at(0).rule, 1);
  EXPECT_EQ(ev.violations.at(0).row, 0);
  EXPECT_TRUE(names_all(ev.violations.at(0).message, {"'p1'", "'college'", "2020", "2021", "2022"}));
}

// ---------------------------------------------------------------- rule 5 ---

TEST(CheckRule5, AlreadyAtOrAboveTheGrantedLevelInTheRoster) {
  Scenario sc = test::scenario_from_text(yaml(), roster({
                                                     "u1,1980,male,commune,,university,none,,",
                                                     "m1,1980,male,commune,,master,none,,",
                                                     "c1,1980,male,commune,,college,none,,",
                                                 }));
  // univ grants university. u1 holds university (= g) -> rule 5; m1 holds
  // master (> g) -> rule 5; c1 holds college (< g) -> ok. Rule 4 (college) holds for all.
  rules::Evaluation ev = run(sc, {{"u1", "univ", 2022}, {"m1", "univ", 2022}, {"c1", "univ", 2022}});
  EXPECT_EQ(ev.violation_count, 2) << describe(ev);
  EXPECT_EQ(rows_of(ev, 5), (std::multiset<std::int64_t>{0, 1}));
  auto v = violations_of(ev, 5);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(names_all(v[0].message, {"'u1'", "'univ'", "university", "2022"}));
  EXPECT_TRUE(names_all(v[1].message, {"'m1'", "'univ'", "master", "2022"}));
}

TEST(CheckRule5, AlreadyRaisedByAnEarlierEnrollment) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"c1,1980,male,commune,,college,none,,"}));
  // row 0 univ 2022 completes end of 2023 <= 2024 - 1 -> university at the start
  // of 2024, so row 1 univ 2024 cannot raise c1 -> rule 5 on row 1.
  rules::Evaluation ev = run(sc, {{"c1", "univ", 2022}, {"c1", "univ", 2024}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 5);
  EXPECT_EQ(v.row, 1);
  EXPECT_EQ(v.year, 2024);
  EXPECT_TRUE(names_all(v.message, {"'c1'", "'univ'", "university", "2024"}));
}

TEST(CheckRule5, LevelIsTheOneAtTheStartOfTheStartYear) {
  Scenario sc = test::scenario_from_text(yaml("max_concurrent_programs: 2\n"),
                                         roster({"c1,1980,male,commune,,college,none,,"}));
  // Row 0 univ 2022 completes at the END of 2023: at the start of 2023 c1 is
  // still college < university, so row 1 univ 2023 does not break rule 5
  // (literal reading of rule 5). Occupancy 2023 = 2 <= 2.
  rules::Evaluation ev = run(sc, {{"c1", "univ", 2022}, {"c1", "univ", 2023}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  EXPECT_EQ(ev.C, 80);  // 2 x (20 x 2)
}

TEST(CheckRule5, CredentialProgramsCanBeRetaken) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"k1,1980,male,commune,,college,none,2021,2020"}));
  // Rule 5 is for ladder programs only: a credential can be renewed.
  rules::Evaluation ev = run(sc, {{"k1", "ku", 2022}, {"k1", "ku", 2024}, {"k1", "sem", 2023}});
  EXPECT_TRUE(ev.valid) << describe(ev);
}

// ---------------------------------------------------------------- rule 6 ---

TEST(CheckRule6, UnknownCadreBreaksItAndCountsForNothingElse) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,college,none,,"}));
  // sem has 1 seat in 2023. Row 0 names a cadre not in the roster -> rule 6;
  // it takes no seat, so row 1 alone uses 1 <= 1 seat (no rule 8), and it
  // costs nothing: C = 1 x 1 (row 1 only).
  rules::Evaluation ev = run(sc, {{"ghost", "sem", 2023}, {"a", "sem", 2023}});
  EXPECT_FALSE(ev.valid);
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 6);
  EXPECT_EQ(v.row, 0);
  EXPECT_EQ(v.cadre, -1);
  EXPECT_EQ(v.year, 2023);
  EXPECT_TRUE(names_all(v.message, {"'ghost'"}));
  EXPECT_EQ(ev.C, 1);
}

TEST(CheckRule6, UnknownCadreTakesNoBudget) {
  Scenario sc = test::scenario_from_text(yaml("budget: 2\n"), roster({"a,1980,male,commune,,college,none,,"}));
  // Budget 2 per year; row 1 ku 2022 spends 2 <= 2. Row 0 (unknown cadre) spends nothing.
  rules::Evaluation ev = run(sc, {{"ghost", "ku", 2022}, {"a", "ku", 2022}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  EXPECT_EQ(ev.violations.at(0).rule, 6);
  EXPECT_EQ(ev.C, 2);
}

TEST(CheckRule6, UnknownProgram) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,college,none,,"}));
  rules::Evaluation ev = run(sc, {{"a", "ku", 2022}, {"a", "nope", 2022}});
  // Row 1's program does not exist: rule 6; it occupies nothing (no rule 7 with
  // row 0 in 2022) and costs nothing: C = 2 (row 0).
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 6);
  EXPECT_EQ(v.row, 1);
  EXPECT_EQ(v.line, 3);
  EXPECT_EQ(v.cadre, sc.cadre_index("a"));
  EXPECT_EQ(v.program, -1);
  EXPECT_TRUE(names_all(v.message, {"'nope'"}));
  EXPECT_EQ(ev.C, 2);
}

TEST(CheckRule6, UnknownCadreAndProgramOnOneRow) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,college,none,,"}));
  rules::Evaluation ev = run(sc, {{"ghost", "nope", 2022}});
  EXPECT_FALSE(ev.valid);
  // One rule-6 violation per missing id (the cadre and the program): 2.
  ASSERT_EQ(ev.violation_count, 2) << describe(ev);
  std::string all;
  for (const auto& v : ev.violations) {
    EXPECT_EQ(v.rule, 6);
    EXPECT_EQ(v.row, 0);
    all += v.message + " | ";
  }
  EXPECT_TRUE(names_all(all, {"'ghost'", "'nope'"}));
  EXPECT_EQ(ev.C, 0);
}

// ---------------------------------------------------------------- rule 7 ---

TEST(CheckRule7, OneProgramAtATimeBackToBackIsValid) {
  Scenario sc = test::scenario_from_text(yaml(), roster({"a,1980,male,commune,,intermediate,none,,"}));
  // Default max_concurrent_programs = 1. college 2022-2023, pol_adv 2024-2025, ku 2026:
  // one program per year.
  rules::Evaluation ev = run(sc, {{"a", "college", 2022}, {"a", "pol_adv", 2024}, {"a", "ku", 2026}});
  EXPECT_TRUE(ev.valid) << describe(ev);
}

TEST(CheckRule7, OverlapOfTwoYearProgramsBreaksItOncePerYear) {
  Scenario sc = test::scenario_from_text(
      yaml(), roster({"a,1980,male,commune,,intermediate,none,,", "b,1980,male,commune,,intermediate,none,,"}));
  // a: college 2022-2023 + pol_adv 2023-2024 -> 2 programs in 2023 only -> 1 violation.
  // b: college 2022-2023 + pol_adv 2022-2023 -> 2 programs in 2022 and 2023 -> 2 violations.
  rules::Evaluation ev = run(sc, {{"a", "college", 2022}, {"a", "pol_adv", 2023}, {"b", "college", 2022}, {"b", "pol_adv", 2022}});
  EXPECT_EQ(ev.violation_count, 3) << describe(ev);
  auto v = violations_of(ev, 7);
  ASSERT_EQ(v.size(), 3u);
  std::set<std::pair<std::int32_t, Year>> got;
  for (const auto& x : v) {
    EXPECT_EQ(x.row, -1);  // a plan-wide rule
    got.insert({x.cadre, x.year});
    const std::string& id = sc.roster().id.at(static_cast<std::size_t>(x.cadre));
    EXPECT_TRUE(names_all(x.message, {"'" + id + "'", std::to_string(x.year), "2"}));
  }
  const std::int32_t a = sc.cadre_index("a"), b = sc.cadre_index("b");
  EXPECT_EQ(got, (std::set<std::pair<std::int32_t, Year>>{{a, 2023}, {b, 2022}, {b, 2023}}));
}

TEST(CheckRule7, TwoConcurrentAllowed) {
  Scenario sc = test::scenario_from_text(
      yaml("max_concurrent_programs: 2\n"),
      roster({"a,1980,male,commune,,intermediate,none,,", "b,1980,male,commune,,intermediate,none,,"}));
  // a: college 2022-2023 + pol_adv 2022-2023 -> 2 per year <= 2 -> ok.
  // b: college 2022-2023 + pol_adv 2023-2024 + ku 2023 -> 2023 has 3 > 2 -> one
  //    violation (2022 has 1, 2024 has 1).
  rules::Evaluation ev = run(sc, {{"a", "college", 2022},
                                  {"a", "pol_adv", 2022},
                                  {"b", "college", 2022},
                                  {"b", "pol_adv", 2023},
                                  {"b", "ku", 2023}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 7);
  EXPECT_EQ(v.row, -1);
  EXPECT_EQ(v.cadre, sc.cadre_index("b"));
  EXPECT_EQ(v.year, 2023);
  EXPECT_TRUE(names_all(v.message, {"'b'", "2023", "3"}));
}

// ---------------------------------------------------------------- rule 8 ---

namespace {
std::string five_cadres() {
  return roster({"c1,1980,male,commune,,college,none,,", "c2,1980,male,commune,,college,none,,",
                 "c3,1980,male,commune,,college,none,,", "c4,1980,male,commune,,college,none,,",
                 "c5,1980,male,commune,,college,none,,"});
}
}  // namespace

TEST(CheckRule8, SeatsMapWithDefault) {
  Scenario sc = test::scenario_from_text(yaml(), five_cadres());
  // sem seats {default: 2, 2023: 1}:
  //   2022: c1, c2 -> 2 <= default 2      ok
  //   2023: c3, c4 -> 2 >  1 (named year) rule 8
  //   2024: c1, c2 -> 2 <= default 2      ok
  //   2025: c1, c2, c3 -> 3 > default 2   rule 8
  rules::Evaluation ev = run(sc, {{"c1", "sem", 2022},
                                  {"c2", "sem", 2022},
                                  {"c3", "sem", 2023},
                                  {"c4", "sem", 2023},
                                  {"c1", "sem", 2024},
                                  {"c2", "sem", 2024},
                                  {"c1", "sem", 2025},
                                  {"c2", "sem", 2025},
                                  {"c3", "sem", 2025}});
  EXPECT_EQ(ev.violation_count, 2) << describe(ev);
  auto v = violations_of(ev, 8);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].row, -1);
  EXPECT_EQ(v[0].program, sc.program_index("sem"));
  EXPECT_EQ(v[0].year, 2023);
  EXPECT_TRUE(names_all(v[0].message, {"'sem'", "2023", "2", "1"}));
  EXPECT_EQ(v[1].year, 2025);
  EXPECT_TRUE(names_all(v[1].message, {"'sem'", "2025", "3", "2"}));
}

TEST(CheckRule8, SeatsMapWithoutDefaultHasNoSeatsInUnnamedYears) {
  Scenario sc = test::scenario_from_text(yaml(), five_cadres());
  // sem_nodef seats {2022: 1}: 2022 has 1 seat (c1 ok); 2023 is not named and
  // there is no default -> 0 seats, so c2's start breaks rule 8.
  rules::Evaluation ev = run(sc, {{"c1", "sem_nodef", 2022}, {"c2", "sem_nodef", 2023}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 8);
  EXPECT_EQ(v.year, 2023);
  EXPECT_EQ(v.program, sc.program_index("sem_nodef"));
  EXPECT_TRUE(names_all(v.message, {"'sem_nodef'", "2023", "1", "0"}));
}

TEST(CheckRule8, SeatsAsANumberApplyToEveryYear) {
  Scenario sc = test::scenario_from_text(yaml(), five_cadres());
  // sem_one seats 1: one start per year is fine (2022, 2026), two in 2024 are not.
  rules::Evaluation ok = run(sc, {{"c1", "sem_one", 2022}, {"c2", "sem_one", 2026}});
  EXPECT_TRUE(ok.valid) << describe(ok);
  rules::Evaluation bad = run(sc, {{"c1", "sem_one", 2024}, {"c2", "sem_one", 2024}});
  ASSERT_EQ(bad.violation_count, 1) << describe(bad);
  EXPECT_EQ(bad.violations.at(0).rule, 8);
  EXPECT_EQ(bad.violations.at(0).year, 2024);
}

// ---------------------------------------------------------------- rule 9 ---

TEST(CheckRule9, BudgetAsANumberThatBindsExactlyIsValid) {
  Scenario sc = test::scenario_from_text(yaml("budget: 6\n"), five_cadres());
  // ku costs 2 per year: three starts in 2022 spend 3 x 2 = 6 = budget -> valid.
  rules::Evaluation ev = run(sc, {{"c1", "ku", 2022}, {"c2", "ku", 2022}, {"c3", "ku", 2022}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  EXPECT_EQ(ev.C, 6);
}

TEST(CheckRule9, BudgetAsANumberExceeded) {
  Scenario sc = test::scenario_from_text(yaml("budget: 6\n"), five_cadres());
  // 2022: 4 x 2 = 8 > 6 -> rule 9 in 2022; 2023: 2 x 2 = 4 <= 6 -> ok.
  rules::Evaluation ev = run(
      sc, {{"c1", "ku", 2022}, {"c2", "ku", 2022}, {"c3", "ku", 2022}, {"c4", "ku", 2022}, {"c1", "ku", 2023}, {"c2", "ku", 2023}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  const rules::Violation& v = ev.violations.at(0);
  EXPECT_EQ(v.rule, 9);
  EXPECT_EQ(v.row, -1);
  EXPECT_EQ(v.year, 2022);
  EXPECT_TRUE(names_all(v.message, {"2022", "8", "6"}));
}

TEST(CheckRule9, BudgetMapWithDefault) {
  Scenario sc = test::scenario_from_text(yaml("budget: {default: 6, 2023: 4}\n"), five_cadres());
  // 2022: 3 x 2 = 6 <= default 6 ok; 2023: 3 x 2 = 6 > 4 rule 9; 2024: 6 <= 6 ok.
  rules::Evaluation ev = run(sc, {{"c1", "ku", 2022},
                                  {"c2", "ku", 2022},
                                  {"c3", "ku", 2022},
                                  {"c1", "ku", 2023},
                                  {"c2", "ku", 2023},
                                  {"c3", "ku", 2023},
                                  {"c1", "ku", 2024},
                                  {"c2", "ku", 2024},
                                  {"c3", "ku", 2024}});
  ASSERT_EQ(ev.violation_count, 1) << describe(ev);
  EXPECT_EQ(ev.violations.at(0).rule, 9);
  EXPECT_EQ(ev.violations.at(0).year, 2023);
  EXPECT_TRUE(names_all(ev.violations.at(0).message, {"2023", "6", "4"}));
}

TEST(CheckRule9, BudgetMapWithoutDefaultCapsOnlyTheNamedYears) {
  Scenario sc = test::scenario_from_text(yaml("budget: {2022: 4}\n"), five_cadres());
  // 2022: 2 x 2 = 4 <= 4 ok; 2023 is not named and there is no default -> no
  // cap: 5 x 2 = 10 is fine.
  rules::Evaluation ok = run(sc, {{"c1", "ku", 2022},
                                  {"c2", "ku", 2022},
                                  {"c1", "ku", 2023},
                                  {"c2", "ku", 2023},
                                  {"c3", "ku", 2023},
                                  {"c4", "ku", 2023},
                                  {"c5", "ku", 2023}});
  EXPECT_TRUE(ok.valid) << describe(ok);
  // 2022: 3 x 2 = 6 > 4 -> rule 9.
  rules::Evaluation bad = run(sc, {{"c1", "ku", 2022}, {"c2", "ku", 2022}, {"c3", "ku", 2022}});
  ASSERT_EQ(bad.violation_count, 1) << describe(bad);
  EXPECT_EQ(bad.violations.at(0).rule, 9);
  EXPECT_EQ(bad.violations.at(0).year, 2022);
}

TEST(CheckRule9, OmittedBudgetMeansNoCap) {
  Scenario sc = test::scenario_from_text(yaml(), five_cadres());
  // No budget key: 5 x 20 (univ) = 100 in each of 2022 and 2023, no cap.
  rules::Evaluation ev =
      run(sc, {{"c1", "univ", 2022}, {"c2", "univ", 2022}, {"c3", "univ", 2022}, {"c4", "univ", 2022}, {"c5", "univ", 2022}});
  EXPECT_TRUE(ev.valid) << describe(ev);
  EXPECT_EQ(ev.C, 200);  // 5 x 20 x 2
}

TEST(CheckRule9, MultiYearProgramsSpendInEveryYearTheyOccupy) {
  Scenario sc = test::scenario_from_text(yaml("budget: {default: 100, 2023: 14}\n"),
                                         roster({"a,1980,male,commune,,intermediate,none,,",
                                                 "b,1980,male,commune,,college,none,,", "c,1980,male,commune,,college,none,,",
                                                 "d,1980,male,commune,,college,none,,"}));
  // a college 2022-2023 spends 10 in 2022 and 10 in 2023; b, c ku 2023 spend 2 each:
  // 2023 = 10 + 2 + 2 = 14 = budget -> valid.
  rules::Evaluation ok = run(sc, {{"a", "college", 2022}, {"b", "ku", 2023}, {"c", "ku", 2023}});
  EXPECT_TRUE(ok.valid) << describe(ok);
  // One more ku in 2023: 16 > 14 -> rule 9 in 2023 only (2022 = 10 <= 100).
  rules::Evaluation bad = run(sc, {{"a", "college", 2022}, {"b", "ku", 2023}, {"c", "ku", 2023}, {"d", "ku", 2023}});
  ASSERT_EQ(bad.violation_count, 1) << describe(bad);
  EXPECT_EQ(bad.violations.at(0).rule, 9);
  EXPECT_EQ(bad.violations.at(0).year, 2023);
  EXPECT_TRUE(names_all(bad.violations.at(0).message, {"2023", "16", "14"}));
}

TEST(CheckRule9, DecimalCostsSummingExactlyToTheBudgetAreValid) {
  Scenario sc = test::scenario_from_text(yaml("budget: 0.3\n"), five_cadres());
  // dec costs 0.1: 0.1 + 0.1 + 0.1 = 0.3 exactly as decimals (binary floating
  // point gives 0.30000000000000004) -> spend == budget -> valid.
  rules::Evaluation ok = run(sc, {{"c1", "dec", 2022}, {"c2", "dec", 2022}, {"c3", "dec", 2022}});
  EXPECT_TRUE(ok.valid) << describe(ok);
  // 4 x 0.1 = 0.4 > 0.3 -> rule 9.
  rules::Evaluation bad = run(sc, {{"c1", "dec", 2022}, {"c2", "dec", 2022}, {"c3", "dec", 2022}, {"c4", "dec", 2022}});
  ASSERT_EQ(bad.violation_count, 1) << describe(bad);
  EXPECT_EQ(bad.violations.at(0).rule, 9);
}

// ------------------------------------------------------ evaluation fields ---

namespace {
std::string mixed_roster() {
  return roster({
      "a,1980,male,commune,,college,none,,",       // fine cadre
      "d90,1990,male,district,,none,none,,",       // not commune
      "u1,1980,male,commune,,university,none,,",   // already university
      "p62,1962,male,commune,,intermediate,none,,",  // last active 2023, no college
  });
}
Rows mixed_rows() {
  return {
      {"a", "univ", 2026},          // row 0: e = 2027 -> rule 1
      {"ghost", "ku", 2022},        // row 1: rule 6
      {"d90", "univ_young", 2022},  // row 2: tier district -> rule 3
      {"u1", "univ", 2022},         // row 3: already university -> rule 5
      {"p62", "univ", 2023},        // row 4: e = 2024, age 62 -> rule 2; intermediate < college -> rule 4
      {"a", "sem_one", 2022},       // row 5: }
      {"u1", "sem_one", 2022},      // row 6: } 2 starts > 1 seat in 2022 -> rule 8;
                                    //          u1 in univ 2022-2023 and sem_one 2022 -> rule 7 (2022)
  };
}
}  // namespace

TEST(CheckEvaluation, ViolationsAreSortedByRowThenRuleThenPlanWide) {
  Scenario sc = test::scenario_from_text(yaml(), mixed_roster());
  rules::Evaluation ev = run(sc, mixed_rows());
  EXPECT_FALSE(ev.valid);
  // (row, rule): (0,1) (1,6) (2,3) (3,5) (4,2) (4,4) then plan-wide (-1,7) (-1,8).
  ASSERT_EQ(ev.violation_count, 8) << describe(ev);
  ASSERT_EQ(ev.violations.size(), 8u);
  const std::vector<std::pair<std::int64_t, int>> want{{0, 1}, {1, 6}, {2, 3}, {3, 5}, {4, 2}, {4, 4}, {-1, 7}, {-1, 8}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(ev.violations[i].row, want[i].first) << i << "\n" << describe(ev);
    EXPECT_EQ(ev.violations[i].rule, want[i].second) << i << "\n" << describe(ev);
    if (want[i].first >= 0) {
      EXPECT_EQ(ev.violations[i].line, want[i].first + 2) << i;  // CSV line of the row
    }
  }
  EXPECT_EQ(ev.violations[6].cadre, sc.cadre_index("u1"));
  EXPECT_EQ(ev.violations[6].year, 2022);
  EXPECT_EQ(ev.violations[7].program, sc.program_index("sem_one"));
  EXPECT_EQ(ev.violations[7].year, 2022);
  // C counts every enrollment with a known cadre and program:
  // univ 40 + univ_young 40 + univ 40 + univ 40 + sem_one 1 + sem_one 1 = 162 (ghost's ku excluded).
  EXPECT_EQ(ev.C, 162);
}

TEST(CheckEvaluation, MaxViolationsKeepsCountingAll) {
  Scenario sc = test::scenario_from_text(yaml(), mixed_roster());
  rules::CheckOptions opt;
  opt.max_violations = 3;
  rules::Evaluation ev = rules::check(sc, test::plan_from_rows(sc, mixed_rows()), opt);
  EXPECT_FALSE(ev.valid);
  EXPECT_EQ(ev.violation_count, 8);  // as in the test above
  EXPECT_EQ(ev.violations.size(), 3u);
  for (std::size_t i = 1; i < ev.violations.size(); ++i) {
    const auto& p = ev.violations[i - 1];
    const auto& q = ev.violations[i];
    const bool ordered = (p.row >= 0 && q.row < 0) || (p.row >= 0 && q.row >= 0 && p.row <= q.row) ||
                         (p.row < 0 && q.row < 0 && p.rule <= q.rule);
    EXPECT_TRUE(ordered) << describe(ev);
  }
}

TEST(CheckEvaluation, ValidPlanHasNoViolations) {
  Scenario sc = test::scenario_from_text(yaml(), mixed_roster());
  rules::Evaluation ev = run(sc, {{"a", "univ", 2022}, {"u1", "master_pol", 2024}, {"u1", "pol_inter", 2023}});
  // u1: pol_inter 2023 completes end 2023 <= 2024 - 1 -> political intermediate;
  // professional university from the roster -> master_pol 2024 (2024-2025) ok.
  EXPECT_TRUE(ev.valid) << describe(ev);
  EXPECT_EQ(ev.violation_count, 0);
  EXPECT_EQ(ev.C, 40 + 60 + 3);
  EXPECT_EQ(ev.brief().rfind("valid,", 0), 0u) << ev.brief();  // starts with "valid,"
}
