// Round trips: a scenario written by io::scenario_yaml / io::roster_csv /
// io::write_scenario reads back to the same spec, the same roster columns and
// the same rules::check result; Vietnamese text survives byte for byte.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "io/io_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace cadreplan;
using namespace cadreplan::test::io_fixture;

namespace {

const char* kRichYaml = R"(format: cadreplan/1
name: "Hà Giang 2022–2030: \"đề án\" cán bộ\tcấp cơ sở"
horizon: {start: 2022, end: 2030}
ladders:
  chuyên_môn: [none, "trung cấp", "cao đẳng", "đại học", "thạc sĩ"]
  political_theory: [none, elementary, intermediate, advanced]
credentials:
  knowledge_update: {valid_years: 5}
  "quốc tế": {}
retirement_age: {male: 62, female: 60}
max_concurrent_programs: 2
min_service_years_after: 1
budget: {default: 900.5, 2022: 600}
groups:
  "cấp xã": {tier: ["xã", "thị trấn"]}
  nữ_trẻ: {sex: [female], min_age: 25, max_age: 34}
  btv: {flags: [btv_managed]}
  "yes": {}
  all: {}
programs:
  - id: univ_inservice
    name: "Đại học vừa làm vừa học"
    grants: {ladder: chuyên_môn, level: "đại học"}
    requires: {chuyên_môn: "cao đẳng", political_theory: elementary}
    eligible: {tier: ["xã"], max_age: 50}
    duration_years: 2
    seats: {default: 120, 2023: 150}
    cost_per_year: 25.75
  - id: "thạc_sĩ"
    grants: {ladder: chuyên_môn, level: "thạc sĩ"}
    duration_years: 2
    seats: {2024: 3, 2025: 4}
    cost_per_year: 60
    min_service_years_after: 4
  - id: ku
    name: "Bồi dưỡng cập nhật kiến thức"
    grants: {credential: knowledge_update}
    duration_years: 1
    seats: 50
    cost_per_year: 3
targets:
  - id: commune_university
    group: "cấp xã"
    ladder: chuyên_môn
    at_least: "đại học"
    checkpoints: {2025: 0.90, 2030: 1}
  - id: ku_all
    group: all
    credential: knowledge_update
    checkpoints: {2026: 0.07, 2030: 0.125}
    weight: 2.5
roster: roster.csv
)";

const char* kRichRoster =
    "id,birth_year,sex,tier,flags,chuyên_môn,political_theory,knowledge_update,quốc tế\n"
    "Nguyễn Thị Ánh,1985,female,xã,btv_managed,cao đẳng,elementary,2019,\n"
    "\"Trần Văn Bình, phó chủ tịch\",1970,male,thị trấn,btv_managed;đảng_viên,đại học,advanced,,2018\n"
    "Lê Hoàng Cường,1995,male,huyện,,,,,\n"
    "\"Phạm \"\"Bé\"\" Dung\",1990,female,xã,,trung cấp,none,2021,2020\n";

void expect_same_selector(const Selector& a, const Selector& b, const std::string& where) {
  EXPECT_EQ(a.tier, b.tier) << where;
  EXPECT_EQ(a.sex, b.sex) << where;
  EXPECT_EQ(a.flags, b.flags) << where;
  EXPECT_EQ(a.min_age, b.min_age) << where;
  EXPECT_EQ(a.max_age, b.max_age) << where;
}

void expect_same_per_year(const PerYear& a, const PerYear& b, const std::string& where) {
  EXPECT_EQ(a.default_value, b.default_value) << where;
  EXPECT_EQ(a.values, b.values) << where;
}

void expect_same_spec(const ScenarioSpec& a, const ScenarioSpec& b) {
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.end, b.end);
  ASSERT_EQ(a.ladders.size(), b.ladders.size());
  for (std::size_t l = 0; l < a.ladders.size(); ++l) {
    EXPECT_EQ(a.ladders[l].name, b.ladders[l].name);
    EXPECT_EQ(a.ladders[l].levels, b.ladders[l].levels);
  }
  ASSERT_EQ(a.credentials.size(), b.credentials.size());
  for (std::size_t k = 0; k < a.credentials.size(); ++k) {
    EXPECT_EQ(a.credentials[k].name, b.credentials[k].name);
    EXPECT_EQ(a.credentials[k].valid_years, b.credentials[k].valid_years);
  }
  EXPECT_EQ(a.policy.retirement_age_male, b.policy.retirement_age_male);
  EXPECT_EQ(a.policy.retirement_age_female, b.policy.retirement_age_female);
  EXPECT_EQ(a.policy.max_concurrent_programs, b.policy.max_concurrent_programs);
  EXPECT_EQ(a.policy.min_service_years_after, b.policy.min_service_years_after);
  ASSERT_EQ(a.budget.has_value(), b.budget.has_value());
  if (a.budget) expect_same_per_year(*a.budget, *b.budget, "budget");
  ASSERT_EQ(a.groups.size(), b.groups.size());
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    EXPECT_EQ(a.groups[g].name, b.groups[g].name);
    expect_same_selector(a.groups[g].selector, b.groups[g].selector, "group " + a.groups[g].name);
  }
  ASSERT_EQ(a.programs.size(), b.programs.size());
  for (std::size_t k = 0; k < a.programs.size(); ++k) {
    const Program& p = a.programs[k];
    const Program& q = b.programs[k];
    EXPECT_EQ(p.id, q.id);
    EXPECT_EQ(p.name, q.name);
    EXPECT_EQ(p.grants.ladder, q.grants.ladder);
    EXPECT_EQ(p.grants.level, q.grants.level);
    EXPECT_EQ(p.grants.credential, q.grants.credential);
    ASSERT_EQ(p.requires_.size(), q.requires_.size());
    for (std::size_t i = 0; i < p.requires_.size(); ++i) {
      EXPECT_EQ(p.requires_[i].ladder, q.requires_[i].ladder);
      EXPECT_EQ(p.requires_[i].level, q.requires_[i].level);
    }
    expect_same_selector(p.eligible, q.eligible, "program " + p.id);
    EXPECT_EQ(p.duration_years, q.duration_years);
    expect_same_per_year(p.seats, q.seats, "seats of " + p.id);
    EXPECT_EQ(p.cost_per_year, q.cost_per_year);
    EXPECT_EQ(p.min_service_years_after, q.min_service_years_after);
  }
  ASSERT_EQ(a.targets.size(), b.targets.size());
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    const Target& x = a.targets[t];
    const Target& y = b.targets[t];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.group, y.group);
    EXPECT_EQ(x.ladder, y.ladder);
    EXPECT_EQ(x.at_least, y.at_least);
    EXPECT_EQ(x.credential, y.credential);
    EXPECT_EQ(x.weight, y.weight);
    ASSERT_EQ(x.checkpoints.size(), y.checkpoints.size());
    for (std::size_t i = 0; i < x.checkpoints.size(); ++i) {
      EXPECT_EQ(x.checkpoints[i].year, y.checkpoints[i].year);
      EXPECT_EQ(x.checkpoints[i].share.text(), y.checkpoints[i].share.text());
      EXPECT_EQ(x.checkpoints[i].share.numerator(), y.checkpoints[i].share.numerator());
      EXPECT_EQ(x.checkpoints[i].share.denominator(), y.checkpoints[i].share.denominator());
    }
  }
}

void expect_same_roster(const Roster& a, const Roster& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.birth_year, b.birth_year);
  EXPECT_EQ(a.sex, b.sex);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.credential, b.credential);
  for (std::size_t c = 0; c < a.size(); ++c) {
    EXPECT_EQ(a.tier_name(c), b.tier_name(c)) << "cadre " << a.id[c];
    EXPECT_EQ(a.flags_text(c), b.flags_text(c)) << "cadre " << a.id[c];
  }
}

void expect_same_evaluation(const rules::Evaluation& a, const rules::Evaluation& b) {
  EXPECT_EQ(a.valid, b.valid);
  EXPECT_EQ(a.violation_count, b.violation_count);
  EXPECT_EQ(a.S, b.S);
  EXPECT_EQ(a.C, b.C);
  ASSERT_EQ(a.violations.size(), b.violations.size());
  for (std::size_t i = 0; i < a.violations.size(); ++i) {
    EXPECT_EQ(a.violations[i].rule, b.violations[i].rule);
    EXPECT_EQ(a.violations[i].row, b.violations[i].row);
    EXPECT_EQ(a.violations[i].message, b.violations[i].message);
  }
  ASSERT_EQ(a.checkpoints.size(), b.checkpoints.size());
  for (std::size_t i = 0; i < a.checkpoints.size(); ++i) {
    EXPECT_EQ(a.checkpoints[i].target, b.checkpoints[i].target);
    EXPECT_EQ(a.checkpoints[i].year, b.checkpoints[i].year);
    EXPECT_EQ(a.checkpoints[i].n, b.checkpoints[i].n);
    EXPECT_EQ(a.checkpoints[i].required, b.checkpoints[i].required);
    EXPECT_EQ(a.checkpoints[i].achieved, b.checkpoints[i].achieved);
  }
}

using test::TempDir;

Scenario rich() { return test::scenario_from_text(kRichYaml, kRichRoster); }

}  // namespace

TEST(RoundTrip, TheRichScenarioIsValid) {
  Scenario sc = rich();
  EXPECT_EQ(sc.spec().programs[1].name, "thạc_sĩ");  // no name: the id
  EXPECT_EQ(sc.roster().size(), 4u);
}

TEST(RoundTrip, ScenarioYamlReadsBackToTheSameSpec) {
  Scenario sc = rich();
  const std::string text = io::scenario_yaml(sc.spec(), "roster.csv");
  SourceMap src;
  ScenarioSpec again = io::parse_scenario(text, "again.yaml", src);
  expect_same_spec(sc.spec(), again);
  EXPECT_EQ(again.roster, "roster.csv");
  EXPECT_TRUE(src.warnings.empty()) << src.warnings.front().to_string();
  // Written again, the text is the same: writing is a fixed point.
  EXPECT_EQ(io::scenario_yaml(again, "roster.csv"), text);
}

TEST(RoundTrip, VietnameseTextSurvivesByteForByte) {
  Scenario sc = rich();
  SourceMap src;
  ScenarioSpec again = io::parse_scenario(io::scenario_yaml(sc.spec(), "roster.csv"), "again.yaml", src);
  EXPECT_EQ(again.name, "Hà Giang 2022–2030: \"đề án\" cán bộ\tcấp cơ sở");
  EXPECT_EQ(again.programs[0].name, "Đại học vừa làm vừa học");
  EXPECT_EQ(again.programs[0].name, "\xC4\x90\xE1\xBA\xA1i h\xE1\xBB\x8D\x63 v\xE1\xBB\xAB\x61 l\xC3\xA0m v\xE1\xBB\xAB\x61 h\xE1\xBB\x8D\x63");
  EXPECT_EQ(again.programs[2].name, "Bồi dưỡng cập nhật kiến thức");
  EXPECT_EQ(again.ladders[0].name, "chuyên_môn");
  EXPECT_EQ(again.ladders[0].levels[3], "đại học");
  EXPECT_EQ(again.credentials[1].name, "quốc tế");
  EXPECT_EQ(again.groups[0].name, "cấp xã");
  EXPECT_EQ(again.groups[3].name, "yes");  // a YAML 1.1 boolean word, kept as a name

  Roster r = io::parse_roster(io::roster_csv(sc), "again.csv", again);
  EXPECT_EQ(r.id[0], "Nguyễn Thị Ánh");
  EXPECT_EQ(r.id[1], "Trần Văn Bình, phó chủ tịch");
  EXPECT_EQ(r.id[3], "Phạm \"Bé\" Dung");
  EXPECT_EQ(r.tier_name(1), "thị trấn");
  EXPECT_EQ(r.flags_text(1), "btv_managed;đảng_viên");
}

TEST(RoundTrip, RosterCsvReadsBackToTheSameColumns) {
  Scenario sc = rich();
  const std::string text = io::roster_csv(sc);
  Roster again = io::parse_roster(text, "again.csv", sc.spec());
  expect_same_roster(sc.roster(), again);
  Scenario sc2 = Scenario::build(sc.spec(), again);
  EXPECT_EQ(io::roster_csv(sc2), text);
  // The header names every column, ladders and credentials in scenario order.
  EXPECT_EQ(text.substr(0, text.find('\n')), "id,birth_year,sex,tier,flags,chuyên_môn,political_theory,knowledge_update,quốc tế");
}

TEST(RoundTrip, BaseScenarioRoundTrips) {
  Scenario sc = test::scenario_from_text(yaml_with(), roster_with());
  SourceMap src;
  ScenarioSpec again = io::parse_scenario(io::scenario_yaml(sc.spec(), "roster.csv"), "again.yaml", src);
  expect_same_spec(sc.spec(), again);
  expect_same_roster(sc.roster(), io::parse_roster(io::roster_csv(sc), "again.csv", again));
}

TEST(RoundTrip, NoBudgetAndEmptySectionsRoundTrip) {
  const std::string yaml = R"(format: cadreplan/1
horizon: {start: 2024, end: 2025}
roster: r.csv
)";
  Scenario sc = test::scenario_from_text(yaml, "id,birth_year,sex,tier,flags\nc1,1980,male,x,\n");
  SourceMap src;
  ScenarioSpec again = io::parse_scenario(io::scenario_yaml(sc.spec(), "r.csv"), "again.yaml", src);
  expect_same_spec(sc.spec(), again);
  EXPECT_FALSE(again.budget.has_value());
}

TEST(RoundTrip, WriteScenarioThenReadGivesTheSameCheck) {
  Scenario sc = rich();
  TempDir dir("roundtrip");
  io::write_scenario(sc, dir.path.string());
  Scenario back = io::read_scenario((dir.path / "scenario.yaml").string());
  expect_same_spec(sc.spec(), back.spec());
  expect_same_roster(sc.roster(), back.roster());

  const std::string plan_csv =
      "cadre_id,program_id,start_year\n"
      "Nguyễn Thị Ánh,univ_inservice,2022\n"
      "\"Phạm \"\"Bé\"\" Dung\",ku,2023\n"
      "\"Trần Văn Bình, phó chủ tịch\",thạc_sĩ,2024\n"
      "Lê Hoàng Cường,univ_inservice,2022\n"  // tier huyện: not eligible (rule 3)
      "ai đó,ku,2023\n";                        // unknown cadre (rule 6)
  for (const bool broken : {false, true}) {
    const std::string text = broken ? plan_csv : plan_csv.substr(0, plan_csv.find("Lê Hoàng"));
    rules::Evaluation a = rules::check(sc, io::parse_plan(text, "plan.csv", sc));
    rules::Evaluation b = rules::check(back, io::parse_plan(text, "plan.csv", back));
    EXPECT_EQ(a.valid, !broken) << a.brief();
    expect_same_evaluation(a, b);
  }
}

TEST(RoundTrip, PlanCsvReadsBack) {
  Scenario sc = rich();
  Plan plan = test::plan_from_rows(sc, {{"Lê Hoàng Cường", "ku", 2024}, {"Nguyễn Thị Ánh", "univ_inservice", 2022}});
  plan.enrollments.push_back(Enrollment{1, 1, 2024});
  plan.source_line.push_back(0);
  TempDir dir("plan");
  const std::string path = (dir.path / "kế_hoạch.csv").string();
  io::write_plan(sc, plan, path);
  Plan back = io::read_plan(path, sc);
  Plan sorted = plan;
  sorted.sort_canonical();
  EXPECT_EQ(back.enrollments, sorted.enrollments);
  EXPECT_EQ(back.source_file, path);
  EXPECT_EQ(back.cadre_id(sc, 2), "Lê Hoàng Cường");
}
