// The CSV readers: roster and plan files as spreadsheets export them (BOM,
// CRLF, quoted fields with commas, Vietnamese text) and as they go wrong
// (Latin-1 bytes, missing columns, unreadable years).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "io/io_fixture.hpp"

using namespace cadreplan;
using namespace cadreplan::test::io_fixture;

namespace {
const std::string R = "roster.csv";
const std::string P = "plan.csv";

Scenario base() { return test::scenario_from_text(yaml_with(), roster_with()); }

Caught plan_error(const Scenario& sc, const std::string& csv) {
  return expect_error<PlanError>([&] { (void)io::parse_plan(csv, P, sc); });
}
}  // namespace

// --- roster -----------------------------------------------------------------------------

TEST(ReaderRoster, SpreadsheetExportIsAccepted) {
  // UTF-8 BOM, CRLF line ends, a quoted field holding a comma and a quote, Vietnamese text.
  const std::string csv =
      "\xEF\xBB\xBF"
      "id,birth_year,sex,tier,flags,professional,political_theory,knowledge_update,international\r\n"
      "\"Nguyễn Thị Ánh, PCT UBND xã\",1980,female,commune,btv_managed,college,elementary,,\r\n"
      "\r\n"
      "\"Trần \"\"Bé\"\" Bình\",1975,male,district,,university,advanced,2020,\r\n"
      "Lê Văn Cường,1990,male,xã Lũng Cú,party_member;btv_managed,,,,2018\r\n";
  Scenario sc = test::scenario_from_text(yaml_with(), csv);
  const Roster& r = sc.roster();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r.id[0], "Nguyễn Thị Ánh, PCT UBND xã");
  EXPECT_EQ(r.id[1], "Trần \"Bé\" Bình");
  EXPECT_EQ(r.id[2], "Lê Văn Cường");
  EXPECT_EQ(r.tier_name(2), "xã Lũng Cú");
  EXPECT_EQ(r.flags_text(2), "party_member;btv_managed");
  EXPECT_EQ(r.sex[0], Sex::female);
  EXPECT_EQ(r.level[0][0], 2);  // college
  EXPECT_EQ(r.level[1][1], 3);  // advanced
  EXPECT_EQ(r.credential[0][1], 2020);
  EXPECT_EQ(r.credential[1][2], 2018);
  EXPECT_EQ(r.credential[0][0], kNever);
  // Lines count the blank line: rows are on lines 2, 4 and 5.
  EXPECT_EQ(r.source_line, (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(sc.cadre_index("Nguyễn Thị Ánh, PCT UBND xã"), 0);
}

TEST(ReaderRoster, QuotedFieldOverSeveralLinesKeepsLineNumbers) {
  const std::string csv = kBaseRoster[0] + "\n\"c001\nghi chú\",1980,male,commune,,college,elementary,,\nc002,19x0,male,commune,,,,,\n";
  auto c = scenario_error(yaml_with(), csv);
  expect_problem(c, R, 4, "roster.birth_year", "19x0");
}

TEST(ReaderRoster, Latin1BytesAreRejectedWithLineAndColumn) {
  // "Nguyễn" cannot be written in Latin-1; a Latin-1 export of "Nguyên" gives the byte 0xEA.
  auto c = scenario_error(yaml_with(), roster_with({{3, "Nguy\xEAn,1975,female,district,btv_managed,university,advanced,2020,"}}));
  Problem p = expect_problem(c, R, 3, "roster.id", "Nguy\\xEAn");
  EXPECT_EQ(p.expected, "UTF-8 text");
  EXPECT_TRUE(contains(p.message, "column 1")) << p.message;
  EXPECT_TRUE(contains(p.message, "UTF-8")) << p.message;
}

TEST(ReaderRoster, Latin1InALaterColumn) {
  auto c = scenario_error(yaml_with(), roster_with({{4, "c003,1990,female,x\xE3,,,,,"}}));
  Problem p = expect_problem(c, R, 4, "roster.tier", "x\\xE3");
  EXPECT_TRUE(contains(p.message, "column 4")) << p.message;
}

TEST(ReaderRoster, Latin1InTheHeader) {
  auto c = scenario_error(yaml_with(), roster_with({{1, kBaseRoster[0] + ",h\xF4_t\xEAn"}}));
  Problem p = expect_problem(c, R, 1, "roster.header", "h\\xF4_t\\xEAn");
  EXPECT_TRUE(contains(p.message, "column 10")) << p.message;
}

TEST(ReaderRoster, UnterminatedQuote) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "\"c002,1975,female,district,,university,advanced,2020,"}}));
  ASSERT_FALSE(c.problems.empty());
  EXPECT_EQ(c.problems[0].file, R);
  EXPECT_EQ(c.problems[0].line, 3);
  EXPECT_EQ(c.problems[0].field, "roster.id");
  // The value seen is the start of the runaway field (line ends shown as \x0A).
  EXPECT_EQ(c.problems[0].value.rfind("c002,1975,female,district,,university,advanced,2020,\\x0Ac003", 0), 0u)
      << c.problems[0].value;
  EXPECT_TRUE(contains(c.problems[0].message, "never closed")) << c.problems[0].message;
}

TEST(ReaderRoster, EmptyFile) {
  auto c = scenario_error(yaml_with(), "");
  Problem p = expect_problem(c, R, 1, "roster.header", "");
  EXPECT_TRUE(contains(p.message, "empty")) << p.message;
}

TEST(ReaderRoster, OnlyTheHeaderIsAnEmptyRosterWithAWarning) {
  Scenario sc = test::scenario_from_text(yaml_with(), kBaseRoster[0] + "\n");
  EXPECT_EQ(sc.roster().size(), 0u);
  bool warned = false;
  for (const auto& w : sc.warnings()) warned |= contains(w.message, "no cadres");
  EXPECT_TRUE(warned);
}

TEST(ReaderRoster, SemicolonSeparatedFileIsOneClearProblem) {
  std::string csv;
  for (const auto& line : kBaseRoster) {
    std::string l = line;
    for (char& ch : l)
      if (ch == ',') ch = ';';
    csv += l + "\n";
  }
  auto c = scenario_error(yaml_with(), csv);
  EXPECT_EQ(c.total, 1u) << dump(c);
  const std::string header = csv.substr(0, csv.find('\n'));
  // Long values are shown up to 60 bytes.
  Problem p = expect_problem(c, R, 1, "roster.header", header.substr(0, 60) + "...");
  EXPECT_TRUE(contains(p.message, "';'")) << p.message;
}

TEST(ReaderRoster, EmptySpreadsheetRowsAndUnnamedColumnsAreSkipped) {
  // Spreadsheets export trailing empty columns as a trailing comma and empty rows as commas.
  const std::string csv = kBaseRoster[0] + ",,\n" + kBaseRoster[1] + ",,\n,,,,,,,,,,\n" + kBaseRoster[2] + ",,\n,,,,\n";
  Scenario sc = test::scenario_from_text(yaml_with(), csv);
  ASSERT_EQ(sc.roster().size(), 2u);
  EXPECT_EQ(sc.roster().source_line, (std::vector<int>{2, 4}));
}

TEST(ReaderRoster, ValueUnderAnUnnamedColumn) {
  const std::string csv = kBaseRoster[0] + ",\n" + kBaseRoster[1] + ",\n" + kBaseRoster[2] + ",ghi chú\n";
  auto c = scenario_error(yaml_with(), csv);
  Problem p = expect_problem(c, R, 3, "roster.column 10", "ghi chú");
  EXPECT_TRUE(contains(p.message, "no name")) << p.message;
}

TEST(ReaderRoster, ColumnsInAnyOrder) {
  const std::string csv =
      "international,knowledge_update,political_theory,professional,flags,tier,sex,birth_year,id\n"
      "2015,2019,intermediate,college,btv_managed,commune,male,1970,c1\n";
  Scenario sc = test::scenario_from_text(yaml_with(), csv);
  EXPECT_EQ(sc.roster().id[0], "c1");
  EXPECT_EQ(sc.roster().level[0][0], 2);
  EXPECT_EQ(sc.roster().credential[1][0], 2015);
}

TEST(ReaderRoster, EmptyId) {
  auto c = scenario_error(yaml_with(), roster_with({{3, ",1975,female,district,,university,advanced,2020,"}}));
  expect_problem(c, R, 3, "roster.id", "");
}

TEST(ReaderRoster, EmptyTier) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "c002,1975,female,,,university,advanced,2020,"}}));
  Problem p = expect_problem(c, R, 3, "roster.tier", "");
  EXPECT_TRUE(contains(p.message, "c002")) << p.message;
}

TEST(ReaderRoster, MissingRosterFileNamesTheScenarioLine) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("cadreplan-io-missing-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string yaml_path = (dir / "kịch_bản.yaml").string();
  io::write_text(yaml_path, yaml_with({{42, "roster: danh_sach.csv"}}));
  auto c = expect_error<ScenarioError>([&] { (void)io::read_scenario(yaml_path); });
  Problem p = expect_problem(c, yaml_path, 42, "roster", "danh_sach.csv");
  EXPECT_TRUE(contains(p.message, (dir / "danh_sach.csv").string())) << p.message;
  fs::remove_all(dir);
}

TEST(ReaderRoster, MissingScenarioFile) {
  const std::string path = "/nonexistent/cadreplan/scenario.yaml";
  auto c = expect_error<ScenarioError>([&] { (void)io::read_scenario(path); });
  ASSERT_EQ(c.problems.size(), 1u);
  Problem p = expect_problem(c, path, 0, "scenario", path);
  EXPECT_TRUE(contains(p.message, "No such file")) << p.message;
}

// --- plan ----------------------------------------------------------------------------------

TEST(ReaderPlan, ReadsRowsWithLines) {
  Scenario sc = base();
  Plan plan = io::parse_plan("cadre_id,program_id,start_year\nc001,univ_inservice,2022\n\nc002,ku,2023\n", P, sc);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan.enrollments[0], (Enrollment{0, 0, 2022}));
  EXPECT_EQ(plan.enrollments[1], (Enrollment{1, 1, 2023}));
  EXPECT_EQ(plan.source_line, (std::vector<int>{2, 4}));
  EXPECT_EQ(plan.source_file, P);
}

TEST(ReaderPlan, MissingColumn) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id,program_id\nc001,ku\n");
  Problem p = expect_problem(c, P, 1, "start_year", "");
  EXPECT_TRUE(contains(p.message, "start_year")) << p.message;
  EXPECT_EQ(c.total, 1u);
}

TEST(ReaderPlan, MisspelledColumn) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre,program_id,start_year\nc001,ku,2023\n");
  Problem p = expect_problem(c, P, 1, "cadre_id", "");
  EXPECT_TRUE(contains(p.message, "cadre")) << p.message;
}

TEST(ReaderPlan, DuplicatedColumn) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id,program_id,start_year,start_year\nc001,ku,2023,2024\n");
  expect_problem(c, P, 1, "start_year", "start_year");
}

TEST(ReaderPlan, NonIntegerStartYear) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id,program_id,start_year\nc001,ku,2023\nc002,ku,2023.5\nc003,ku,năm sau\nc004,ku,\n");
  EXPECT_EQ(c.total, 3u) << dump(c);
  expect_problem(c, P, 3, "start_year", "2023.5");
  Problem p = expect_problem(c, P, 4, "start_year", "năm sau");
  EXPECT_TRUE(contains(p.message, "c003")) << "the message should name the cadre: " << p.message;
  // The empty cell on line 5 is reported too (value: empty).
  bool found = false;
  for (const auto& q : c.problems) found |= q.line == 5 && q.field == "start_year" && q.value.empty();
  EXPECT_TRUE(found) << dump(c);
}

TEST(ReaderPlan, UnknownIdsAreAcceptedForTheChecker) {
  Scenario sc = base();
  Plan plan = io::parse_plan("cadre_id,program_id,start_year\nnobody,ku,2023\nc001,no_such_program,2023\nnobody,no_such_program,2024\n", P, sc);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan.unknown_ids, (std::vector<std::string>{"nobody", "no_such_program"}));
  EXPECT_LT(plan.enrollments[0].cadre, 0);
  EXPECT_EQ(plan.enrollments[0].program, sc.program_index("ku"));
  EXPECT_EQ(plan.cadre_id(sc, 0), "nobody");
  EXPECT_EQ(plan.program_id(sc, 1), "no_such_program");
  EXPECT_EQ(plan.enrollments[2].cadre, plan.enrollments[0].cadre);
  // Rule 6 is rules::check's to report, with the plan lines.
  rules::Evaluation ev = rules::check(sc, plan);
  EXPECT_FALSE(ev.valid);
  EXPECT_EQ(test::count_rule(ev, 6), 4);
  EXPECT_EQ(ev.violations.front().line, 2);
}

TEST(ReaderPlan, SpreadsheetExportAnyColumnOrderExtraColumnsIgnored) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "start_year,ghi_chú,cadre_id,program_id\r\n"
      "2023,\"Ưu tiên, đợt 1\",c001,univ_inservice\r\n"
      "2024,,c002,ku\r\n";
  Scenario sc = base();
  Plan plan = io::parse_plan(csv, P, sc);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan.enrollments[0], (Enrollment{0, 0, 2023}));
  EXPECT_EQ(plan.enrollments[1], (Enrollment{1, 1, 2024}));
}

TEST(ReaderPlan, SemicolonSeparatedFile) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id;program_id;start_year\nc001;ku;2023\n");
  EXPECT_EQ(c.total, 1u) << dump(c);
  expect_problem(c, P, 1, "header", "cadre_id;program_id;start_year");
}

TEST(ReaderPlan, TabSeparatedFile) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id\tprogram_id\tstart_year\nc001\tku\t2023\n");
  ASSERT_EQ(c.total, 1u) << dump(c);
  Problem p = expect_problem(c, P, 1, "header", "cadre_id\\x09program_id\\x09start_year");
  EXPECT_TRUE(contains(p.message, "tabs")) << p.message;
}

TEST(ReaderPlan, EmptySpreadsheetRowsAreSkipped) {
  Scenario sc = base();
  Plan plan = io::parse_plan("cadre_id,program_id,start_year\n,,\nc001,ku,2023\n,,\n", P, sc);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan.source_line, (std::vector<int>{3}));
}

TEST(ReaderPlan, HeaderOnlyIsAnEmptyPlan) {
  Scenario sc = base();
  EXPECT_EQ(io::parse_plan("cadre_id,program_id,start_year\n", P, sc).size(), 0u);
}

TEST(ReaderPlan, EmptyFile) {
  Scenario sc = base();
  auto c = plan_error(sc, "");
  Problem p = expect_problem(c, P, 1, "header", "");
  EXPECT_TRUE(contains(p.message, "empty")) << p.message;
}

TEST(ReaderPlan, RowWithTooManyFields) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id,program_id,start_year\nc001,ku,2023,extra\n");
  expect_problem(c, P, 2, "row", "4 fields");
}

TEST(ReaderPlan, Latin1BytesAreRejected) {
  Scenario sc = base();
  auto c = plan_error(sc, "cadre_id,program_id,start_year\nc001,ku,2023\nNguy\xEAn,ku,2023\n");
  Problem p = expect_problem(c, P, 3, "cadre_id", "Nguy\\xEAn");
  EXPECT_TRUE(contains(p.message, "column 1")) << p.message;
}

TEST(ReaderPlan, MissingFileIsAPlanError) {
  Scenario sc = base();
  const std::string path = "/nonexistent/cadreplan/plan.csv";
  auto c = expect_error<PlanError>([&] { (void)io::read_plan(path, sc); });
  ASSERT_EQ(c.problems.size(), 1u);
  expect_problem(c, path, 0, "plan", path);
}

TEST(ReaderPlan, ManyBadRowsAreCapped) {
  Scenario sc = base();
  std::string csv = "cadre_id,program_id,start_year\n";
  for (int i = 0; i < 150; ++i) csv += "c001,ku,soon\n";
  auto c = plan_error(sc, csv);
  EXPECT_EQ(c.problems.size(), 100u);
  EXPECT_EQ(c.total, 150u);
}
