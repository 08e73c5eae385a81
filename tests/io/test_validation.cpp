// Validation of a scenario: the YAML reader's type and shape checks and the
// meaning checks of Scenario::build, each located by file, line, field and
// the value seen. Line numbers are those of kBaseYaml / kBaseRoster (see
// io_fixture.hpp), whose entries are numbered in comments.
#include <gtest/gtest.h>

#include "io/io_fixture.hpp"

using namespace cadreplan;
using namespace cadreplan::test::io_fixture;

namespace {
const std::string Y = "scenario.yaml";
const std::string R = "roster.csv";
}  // namespace

TEST(ValidationBase, TheBaseScenarioIsValid) {
  Scenario sc = test::scenario_from_text(yaml_with(), roster_with());
  EXPECT_EQ(sc.spec().programs.size(), 2u);
  EXPECT_EQ(sc.roster().size(), 4u);
  EXPECT_EQ(sc.spec().programs[0].name, "Đại học vừa làm vừa học");
}

// --- unknown names ----------------------------------------------------------------

TEST(ValidationNames, UnknownLadderInGrants) {
  auto c = scenario_error(yaml_with({{19, "    grants: {ladder: profesional, level: university}"}}));
  Problem p = expect_problem(c, Y, 19, "programs[0].grants.ladder", "profesional");
  EXPECT_TRUE(contains(p.expected, "professional")) << p.expected;
  EXPECT_TRUE(contains(p.message, "did you mean 'professional'")) << p.message;
  EXPECT_EQ(c.total, 1u) << dump(c);
}

TEST(ValidationNames, UnknownLevelInGrants) {
  auto c = scenario_error(yaml_with({{19, "    grants: {ladder: professional, level: doctorate}"}}));
  Problem p = expect_problem(c, Y, 19, "programs[0].grants.level", "doctorate");
  EXPECT_TRUE(contains(p.expected, "none, intermediate, college, university, master")) << p.expected;
  EXPECT_TRUE(contains(p.message, "professional")) << p.message;
}

TEST(ValidationNames, UnknownCredentialInGrants) {
  auto c = scenario_error(yaml_with({{27, "    grants: {credential: knowledge_updates}"}}));
  Problem p = expect_problem(c, Y, 27, "programs[1].grants.credential", "knowledge_updates");
  EXPECT_TRUE(contains(p.expected, "knowledge_update, international")) << p.expected;
}

TEST(ValidationNames, UnknownLadderInRequires) {
  auto c = scenario_error(yaml_with({{20, "    requires: {professionl: college}"}}));
  expect_problem(c, Y, 20, "programs[0].requires.professionl", "professionl");
}

TEST(ValidationNames, UnknownLevelInRequires) {
  auto c = scenario_error(yaml_with({{20, "    requires: {professional: bachelor}"}}));
  Problem p = expect_problem(c, Y, 20, "programs[0].requires.professional", "bachelor");
  EXPECT_TRUE(contains(p.expected, "college")) << p.expected;
}

TEST(ValidationNames, UnknownRequirementInBlockStyleIsOnItsOwnLine) {
  auto c = scenario_error(yaml_with({{20, "    requires:\n      professional: college\n      politcal_theory: elementary"}}));
  // Line 20 became three lines: requires (20), professional (21), politcal_theory (22).
  expect_problem(c, Y, 22, "programs[0].requires.politcal_theory", "politcal_theory");
}

TEST(ValidationNames, CredentialUsedAsALadder) {
  auto c = scenario_error(yaml_with({{20, "    requires: {knowledge_update: college}"}}));
  Problem p = expect_problem(c, Y, 20, "programs[0].requires.knowledge_update", "knowledge_update");
  EXPECT_TRUE(contains(p.message, "is a credential")) << p.message;
}

TEST(ValidationNames, LadderNamedLikeAFixedRosterColumn) {
  // Only Scenario::build reports the clash; the roster reader does not read the
  // 'tier' column twice and drown it in level errors.
  auto c = scenario_error(yaml_with({{6, "  tier: [none, elementary]"}}),
                          "id,birth_year,sex,tier,flags,professional,knowledge_update,international\n"
                          "c001,1980,male,commune,,college,,\n");
  EXPECT_EQ(c.total, 1u) << dump(c);
  expect_problem(c, Y, 6, "ladders.tier", "tier");
}

TEST(ValidationNames, UnknownGroupInTarget) {
  auto c = scenario_error(yaml_with({{33, "    group: communes"}}));
  Problem p = expect_problem(c, Y, 33, "targets[0].group", "communes");
  EXPECT_TRUE(contains(p.expected, "commune, young, all")) << p.expected;
  EXPECT_TRUE(contains(p.message, "did you mean 'commune'")) << p.message;
}

TEST(ValidationNames, UnknownLadderInTarget) {
  auto c = scenario_error(yaml_with({{34, "    ladder: profession"}}));
  expect_problem(c, Y, 34, "targets[0].ladder", "profession");
}

TEST(ValidationNames, UnknownLevelInTarget) {
  auto c = scenario_error(yaml_with({{35, "    at_least: University"}}));
  expect_problem(c, Y, 35, "targets[0].at_least", "University");
}

TEST(ValidationNames, UnknownCredentialInTarget) {
  auto c = scenario_error(yaml_with({{40, "    credential: intl"}}));
  expect_problem(c, Y, 40, "targets[1].credential", "intl");
}

TEST(ValidationNames, UnknownLevelInRosterCell) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "c002,1975,female,district,,Đại học,advanced,2020,"}}));
  Problem p = expect_problem(c, R, 3, "roster.professional", "Đại học");
  EXPECT_TRUE(contains(p.expected, "university")) << p.expected;
  EXPECT_TRUE(contains(p.message, "c002")) << p.message;
}

TEST(ValidationNames, UnknownLevelInSecondLadderColumn) {
  auto c = scenario_error(yaml_with(), roster_with({{5, "c004,1968,male,commune,,intermediate,senior,2019,2015"}}));
  expect_problem(c, R, 5, "roster.political_theory", "senior");
}

// --- duplicates ----------------------------------------------------------------------

TEST(ValidationDuplicates, DuplicateCadreId) {
  auto c = scenario_error(yaml_with(), roster_with({{4, "c001,1990,female,commune,,,,,"}}));
  Problem p = expect_problem(c, R, 4, "roster.id", "c001");
  EXPECT_TRUE(contains(p.message, "line 2")) << "the message should point at the first use: " << p.message;
  EXPECT_EQ(c.total, 1u) << dump(c);
}

TEST(ValidationDuplicates, DuplicateProgramId) {
  auto c = scenario_error(yaml_with({{25, "  - id: univ_inservice"}}));
  Problem p = expect_problem(c, Y, 25, "programs[1].id", "univ_inservice");
  EXPECT_TRUE(contains(p.message, "line 17")) << p.message;
}

TEST(ValidationDuplicates, DuplicateTargetId) {
  auto c = scenario_error(yaml_with({{38, "  - id: commune_university"}}));
  Problem p = expect_problem(c, Y, 38, "targets[1].id", "commune_university");
  EXPECT_TRUE(contains(p.message, "line 32")) << p.message;
}

TEST(ValidationDuplicates, DuplicateGroupKey) {
  auto c = scenario_error(yaml_with({{15, "  commune: {tier: [district]}"}}));
  expect_problem(c, Y, 15, "groups.commune", "commune");
}

TEST(ValidationDuplicates, DuplicateTopLevelKey) {
  auto c = scenario_error(yaml_with({{11, "horizon: {start: 2020, end: 2025}"}}));
  Problem p = expect_problem(c, Y, 11, "horizon", "horizon");
  EXPECT_TRUE(contains(p.message, "line 3")) << p.message;
}

TEST(ValidationDuplicates, DuplicateKeyInsideProgram) {
  auto c = scenario_error(yaml_with({{30, "    cost_per_year: 3\n    seats: 60"}}));
  expect_problem(c, Y, 31, "programs[1].seats", "seats");
}

TEST(ValidationDuplicates, DuplicateCheckpointYear) {
  auto c = scenario_error(yaml_with({{36, "    checkpoints: {2025: 0.90, 2025: 1.00}"}}));
  expect_problem(c, Y, 36, "targets[0].checkpoints.2025", "2025");
}

TEST(ValidationDuplicates, DuplicateLevelInLadder) {
  auto c = scenario_error(yaml_with({{6, "  political_theory: [none, elementary, intermediate, elementary, advanced]"}}));
  expect_problem(c, Y, 6, "ladders.political_theory[3]", "elementary");
}

TEST(ValidationDuplicates, LadderAndCredentialWithTheSameName) {
  // Ladders and credentials name roster columns, so they cannot share a name.
  auto c = scenario_error(yaml_with({{9, "  professional: {}"}}),
                          "id,birth_year,sex,tier,flags,professional,political_theory,knowledge_update\n"
                          "c001,1980,male,commune,,college,elementary,\n");
  expect_problem(c, Y, 9, "credentials.professional", "professional");
}

// --- roster columns ------------------------------------------------------------------

TEST(ValidationRosterColumns, MissingColumn) {
  auto c = scenario_error(yaml_with(), roster_with({{1, "id,birth_year,sex,tier,flags,professional,knowledge_update,international"},
                                                    {2, "c001,1980,male,commune,,college,,"},
                                                    {3, "c002,1975,female,district,,university,2020,"},
                                                    {4, "c003,1990,female,commune,,,,"},
                                                    {5, "c004,1968,male,commune,,intermediate,2019,2015"}}));
  Problem p = expect_problem(c, R, 1, "roster.political_theory", "");
  EXPECT_TRUE(contains(p.message, "political_theory")) << p.message;
  EXPECT_EQ(c.total, 1u) << dump(c);
}

TEST(ValidationRosterColumns, MissingFixedColumn) {
  auto c = scenario_error(yaml_with(), "id,birth_year,tier,flags,professional,political_theory,knowledge_update,international\n"
                                       "c001,1980,commune,,college,elementary,,\n");
  expect_problem(c, R, 1, "roster.sex", "");
}

TEST(ValidationRosterColumns, ExtraColumn) {
  auto c = scenario_error(yaml_with(),
                          roster_with({{1, kBaseRoster[0] + ",ho_ten"},
                                       {2, kBaseRoster[1] + ",\"Nguyễn Văn An\""},
                                       {3, kBaseRoster[2] + ",\"Trần Thị Bình\""},
                                       {4, kBaseRoster[3] + ",\"Lê Văn Cường\""},
                                       {5, kBaseRoster[4] + ",\"Phạm Thị Dung\""}}));
  Problem p = expect_problem(c, R, 1, "roster.ho_ten", "ho_ten");
  EXPECT_TRUE(contains(p.message, "extra column")) << p.message;
}

TEST(ValidationRosterColumns, DuplicatedColumn) {
  auto c = scenario_error(yaml_with(), roster_with({{1, kBaseRoster[0] + ",sex"},
                                                    {2, kBaseRoster[1] + ",male"},
                                                    {3, kBaseRoster[2] + ",female"},
                                                    {4, kBaseRoster[3] + ",female"},
                                                    {5, kBaseRoster[4] + ",male"}}));
  expect_problem(c, R, 1, "roster.sex", "sex");
}

TEST(ValidationRosterColumns, RowWithTooFewFields) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "c002,1975,female,district,btv_managed,university,advanced,2020"}}));
  Problem p = expect_problem(c, R, 3, "roster.row", "8 fields");
  EXPECT_TRUE(contains(p.message, "9")) << p.message;
}

// --- numbers ------------------------------------------------------------------------------

TEST(ValidationNumbers, SeatsNotANumber) {
  auto c = scenario_error(yaml_with({{29, "    seats: many"}}));
  expect_problem(c, Y, 29, "programs[1].seats", "many");
}

TEST(ValidationNumbers, SeatsOfAYearNotANumber) {
  auto c = scenario_error(yaml_with({{23, "    seats: {default: 120, 2023: lots}"}}));
  expect_problem(c, Y, 23, "programs[0].seats.2023", "lots");
}

TEST(ValidationNumbers, NegativeSeats) {
  auto c = scenario_error(yaml_with({{29, "    seats: -5"}}));
  Problem p = expect_problem(c, Y, 29, "programs[1].seats", "-5");
  EXPECT_TRUE(contains(p.message, "ku")) << p.message;
}

TEST(ValidationNumbers, NegativeDefaultSeatsInAMap) {
  auto c = scenario_error(yaml_with({{23, "    seats:\n      default: -120\n      2023: 150"}}));
  expect_problem(c, Y, 24, "programs[0].seats.default", "-120");
}

TEST(ValidationNumbers, NonWholeSeats) {
  auto c = scenario_error(yaml_with({{23, "    seats: {default: 120, 2023: 150.5}"}}));
  Problem p = expect_problem(c, Y, 23, "programs[0].seats.2023", "150.5");
  EXPECT_TRUE(contains(p.message, "whole")) << p.message;
}

TEST(ValidationNumbers, LargeSeatValueIsShownInFull) {
  auto c = scenario_error(yaml_with({{29, "    seats: 1234567.5"}}));
  expect_problem(c, Y, 29, "programs[1].seats", "1234567.5");
}

TEST(ValidationNumbers, CostNotANumber) {
  auto c = scenario_error(yaml_with({{24, "    cost_per_year: 25k"}}));
  expect_problem(c, Y, 24, "programs[0].cost_per_year", "25k");
}

TEST(ValidationNumbers, DecimalCommaIsRejectedWithAHint) {
  auto c = scenario_error(yaml_with({{24, "    cost_per_year: 25,5"}}));
  Problem p = expect_problem(c, Y, 24, "programs[0].cost_per_year", "25,5");
  EXPECT_TRUE(contains(p.message, "25.5")) << p.message;
}

TEST(ValidationNumbers, NegativeCost) {
  auto c = scenario_error(yaml_with({{24, "    cost_per_year: -25"}}));
  expect_problem(c, Y, 24, "programs[0].cost_per_year", "-25");
}

TEST(ValidationNumbers, DurationNotANumber) {
  auto c = scenario_error(yaml_with({{22, "    duration_years: hai"}}));
  expect_problem(c, Y, 22, "programs[0].duration_years", "hai");
}

TEST(ValidationNumbers, DurationNotWhole) {
  auto c = scenario_error(yaml_with({{22, "    duration_years: 1.5"}}));
  Problem p = expect_problem(c, Y, 22, "programs[0].duration_years", "1.5");
  EXPECT_TRUE(contains(p.message, "whole")) << p.message;
}

TEST(ValidationNumbers, DurationWrittenWithAZeroFractionIsAccepted) {
  Scenario sc = test::scenario_from_text(yaml_with({{22, "    duration_years: 2.0"}}), roster_with());
  EXPECT_EQ(sc.spec().programs[0].duration_years, 2);
}

TEST(ValidationNumbers, NegativeDuration) {
  auto c = scenario_error(yaml_with({{22, "    duration_years: -2"}}));
  expect_problem(c, Y, 22, "programs[0].duration_years", "-2");
}

TEST(ValidationNumbers, ZeroDuration) {
  auto c = scenario_error(yaml_with({{28, "    duration_years: 0"}}));
  expect_problem(c, Y, 28, "programs[1].duration_years", "0");
}

TEST(ValidationNumbers, HugeWholeNumberIsOutOfRangeNotFractional) {
  auto c = scenario_error(yaml_with({{22, "    duration_years: 99999999999"}}));
  Problem p = expect_problem(c, Y, 22, "programs[0].duration_years", "99999999999");
  EXPECT_FALSE(contains(p.message, "not whole")) << p.message;
}

TEST(ValidationNumbers, NegativeBudget) {
  auto c = scenario_error(yaml_with({{11, "budget: {default: -900, 2022: 600}"}}));
  expect_problem(c, Y, 11, "budget.default", "-900");
}

TEST(ValidationNumbers, NegativeBudgetAsOneNumber) {
  auto c = scenario_error(yaml_with({{11, "budget: -900"}}));
  expect_problem(c, Y, 11, "budget", "-900");
}

TEST(ValidationNumbers, NegativeWeight) {
  auto c = scenario_error(yaml_with({{37, "    weight: -1"}}));
  expect_problem(c, Y, 37, "targets[0].weight", "-1");
}

TEST(ValidationNumbers, RetirementAgeOutOfRange) {
  auto c = scenario_error(yaml_with({{10, "retirement_age: {male: 620, female: 60}"}}));
  expect_problem(c, Y, 10, "retirement_age.male", "620");
}

TEST(ValidationNumbers, ValidYearsBelowOne) {
  auto c = scenario_error(yaml_with({{8, "  knowledge_update: {valid_years: 0}"}}));
  expect_problem(c, Y, 8, "credentials.knowledge_update.valid_years", "0");
}

TEST(ValidationNumbers, MaxConcurrentZero) {
  auto c = scenario_error(yaml_with({{10, "retirement_age: {male: 62, female: 60}\nmax_concurrent_programs: 0"}}));
  expect_problem(c, Y, 11, "max_concurrent_programs", "0");
}

// --- shares and checkpoints ------------------------------------------------------------------

TEST(ValidationShares, ShareAboveOne) {
  auto c = scenario_error(yaml_with({{36, "    checkpoints: {2025: 1.2, 2030: 1.00}"}}));
  Problem p = expect_problem(c, Y, 36, "targets[0].checkpoints.2025", "1.2");
  EXPECT_TRUE(contains(p.message, "commune_university")) << p.message;
}

TEST(ValidationShares, NegativeShare) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints: {2026: -0.5}"}}));
  expect_problem(c, Y, 41, "targets[1].checkpoints.2026", "-0.5");
}

TEST(ValidationShares, ShareWrittenAsAPercentage) {
  auto c = scenario_error(yaml_with({{36, "    checkpoints: {2025: 90%, 2030: 1.00}"}}));
  Problem p = expect_problem(c, Y, 36, "targets[0].checkpoints.2025", "90%");
  EXPECT_TRUE(contains(p.message, "0.9")) << p.message;
}

TEST(ValidationShares, OtherPercentageGetsItsOwnHint) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints: {2026: 85%}"}}));
  Problem p = expect_problem(c, Y, 41, "targets[1].checkpoints.2026", "85%");
  EXPECT_TRUE(contains(p.message, "0.85")) << p.message;
}

TEST(ValidationShares, ShareWithADecimalComma) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints:\n      2026: 0,5"}}));
  Problem p = expect_problem(c, Y, 42, "targets[1].checkpoints.2026", "0,5");
  EXPECT_TRUE(contains(p.message, "0.5")) << p.message;
}

TEST(ValidationShares, ShareSlightlyAboveOneGetsNoPercentHint) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints: {2026: 1.05}"}}));
  Problem p = expect_problem(c, Y, 41, "targets[1].checkpoints.2026", "1.05");
  EXPECT_FALSE(contains(p.message, "did you mean")) << p.message;
}

TEST(ValidationShares, ShareAsWholePercentNumber) {
  auto c = scenario_error(yaml_with({{36, "    checkpoints: {2025: 90, 2030: 100}"}}));
  Problem p = expect_problem(c, Y, 36, "targets[0].checkpoints.2025", "90");
  EXPECT_TRUE(contains(p.message, "0.9")) << "a share of 90 is surely meant as 0.9: " << p.message;
  EXPECT_EQ(c.total, 2u) << dump(c);
}

TEST(ValidationShares, ShareNotANumber) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints: {2026: half}"}}));
  expect_problem(c, Y, 41, "targets[1].checkpoints.2026", "half");
}

TEST(ValidationShares, CheckpointAfterTheHorizon) {
  auto c = scenario_error(yaml_with({{36, "    checkpoints: {2025: 0.90, 2035: 1.00}"}}));
  Problem p = expect_problem(c, Y, 36, "targets[0].checkpoints.2035", "2035");
  EXPECT_TRUE(contains(p.expected, "2022")) << p.expected;
  EXPECT_TRUE(contains(p.expected, "2030")) << p.expected;
}

TEST(ValidationShares, CheckpointBeforeTheHorizonInBlockStyle) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints:\n      2020: 0.5\n      2026: 0.6"}}));
  expect_problem(c, Y, 42, "targets[1].checkpoints.2020", "2020");
}

TEST(ValidationShares, CheckpointKeyNotAYear) {
  auto c = scenario_error(yaml_with({{41, "    checkpoints: {end: 0.5}"}}));
  expect_problem(c, Y, 41, "targets[1].checkpoints.end", "end");
}

// --- horizon and programs ---------------------------------------------------------------------

TEST(ValidationHorizon, EndsBeforeItStarts) {
  auto c = scenario_error(yaml_with({{3, "horizon: {start: 2030, end: 2022}"}}));
  Problem p = expect_problem(c, Y, 3, "horizon.end", "2022");
  EXPECT_TRUE(contains(p.message, "2030")) << p.message;
  EXPECT_TRUE(contains(p.expected, "2030")) << p.expected;
}

TEST(ValidationHorizon, EndsBeforeItStartsInBlockStyle) {
  auto c = scenario_error(yaml_with({{3, "horizon:\n  start: 2030\n  end: 2022"}}));
  expect_problem(c, Y, 5, "horizon.end", "2022");
}

TEST(ValidationHorizon, YearOutOfRange) {
  auto c = scenario_error(yaml_with({{3, "horizon: {start: 22, end: 2030}"}}));
  expect_problem(c, Y, 3, "horizon.start", "22");
}

TEST(ValidationHorizon, GrantEqualToRequirement) {
  auto c = scenario_error(yaml_with({{20, "    requires: {professional: university}"}}));
  Problem p = expect_problem(c, Y, 20, "programs[0].requires.professional", "university");
  EXPECT_TRUE(contains(p.message, "univ_inservice")) << p.message;
  EXPECT_TRUE(contains(p.expected, "below")) << p.expected;
}

TEST(ValidationHorizon, GrantBelowRequirement) {
  auto c = scenario_error(yaml_with({{20, "    requires: {professional: master}"}}));
  expect_problem(c, Y, 20, "programs[0].requires.professional", "master");
}

TEST(ValidationHorizon, RequirementOnAnotherLadderIsFine) {
  Scenario sc = test::scenario_from_text(yaml_with({{20, "    requires: {professional: college, political_theory: advanced}"}}),
                                         roster_with());
  EXPECT_EQ(sc.spec().programs[0].requires_.size(), 2u);
}

TEST(ValidationHorizon, ProgramGrantingNothing) {
  auto c = scenario_error(yaml_with({{27, "    grants: {}"}}));
  expect_problem(c, Y, 27, "programs[1].grants", "");
}

TEST(ValidationHorizon, ProgramGrantingTwoThings) {
  auto c = scenario_error(yaml_with({{27, "    grants: {credential: knowledge_update, ladder: professional, level: master}"}}));
  expect_problem(c, Y, 27, "programs[1].grants", "ladder and credential");
}

TEST(ValidationHorizon, UnsupportedFormat) {
  auto c = scenario_error(yaml_with({{1, "format: cadreplan/2"}}));
  expect_problem(c, Y, 1, "format", "cadreplan/2");
}

// --- sex and ages --------------------------------------------------------------------------------

TEST(ValidationSex, RosterSexInVietnamese) {
  auto c = scenario_error(yaml_with(), roster_with({{4, "c003,1990,Nữ,commune,,,,,"}}));
  Problem p = expect_problem(c, R, 4, "roster.sex", "Nữ");
  EXPECT_TRUE(contains(p.expected, "male or female")) << p.expected;
  EXPECT_TRUE(contains(p.message, "as female")) << p.message;
  EXPECT_TRUE(contains(p.message, "c003")) << p.message;
}

TEST(ValidationSex, RosterSexCapitalised) {
  auto c = scenario_error(yaml_with(), roster_with({{2, "c001,1980,Male,commune,,college,elementary,,"}}));
  expect_problem(c, R, 2, "roster.sex", "Male");
}

TEST(ValidationSex, RosterSexEmpty) {
  auto c = scenario_error(yaml_with(), roster_with({{2, "c001,1980,,commune,,college,elementary,,"}}));
  expect_problem(c, R, 2, "roster.sex", "");
}

TEST(ValidationSex, GroupSelectorSex) {
  auto c = scenario_error(yaml_with({{14, "  young: {max_age: 34, sex: [female, M]}"}}));
  expect_problem(c, Y, 14, "groups.young.sex[1]", "M");
}

TEST(ValidationSex, EligibleSelectorSexInBlockStyle) {
  auto c = scenario_error(yaml_with({{21, "    eligible:\n      sex:\n        - nam"}}));
  expect_problem(c, Y, 23, "programs[0].eligible.sex[0]", "nam");
}

TEST(ValidationSex, SelectorSexAsOneName) {
  auto c = scenario_error(yaml_with({{14, "  young: {max_age: 34, sex: women}"}}));
  expect_problem(c, Y, 14, "groups.young.sex[0]", "women");
}

TEST(ValidationAges, BirthYearAfterTheHorizonStart) {
  auto c = scenario_error(yaml_with(), roster_with({{4, "c003,2023,female,commune,,,,,"}}));
  Problem p = expect_problem(c, R, 4, "roster.birth_year", "2023");
  EXPECT_TRUE(contains(p.message, "negative age")) << p.message;
  EXPECT_TRUE(contains(p.expected, "2022")) << p.expected;
}

TEST(ValidationAges, BirthYearNotAYear) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "c002,19x5,female,district,btv_managed,university,advanced,2020,"}}));
  expect_problem(c, R, 3, "roster.birth_year", "19x5");
}

TEST(ValidationAges, BirthYearImplausible) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "c002,75,female,district,btv_managed,university,advanced,2020,"}}));
  expect_problem(c, R, 3, "roster.birth_year", "75");
}

TEST(ValidationAges, SelectorMinAboveMax) {
  auto c = scenario_error(yaml_with({{14, "  young: {min_age: 40, max_age: 34}"}}));
  Problem p = expect_problem(c, Y, 14, "groups.young", "min_age 40, max_age 34");
  EXPECT_TRUE(contains(p.message, "40")) << p.message;
}

TEST(ValidationAges, NegativeMaxAge) {
  auto c = scenario_error(yaml_with({{14, "  young: {max_age: -34}"}}));
  expect_problem(c, Y, 14, "groups.young.max_age", "-34");
}

TEST(ValidationAges, CredentialCellNotAYear) {
  auto c = scenario_error(yaml_with(), roster_with({{3, "c002,1975,female,district,btv_managed,university,advanced,yes,"}}));
  expect_problem(c, R, 3, "roster.knowledge_update", "yes");
}

// --- YAML syntax, empty files, missing keys, wrong types ----------------------------------------

// A syntax error has no field; its value is the text of the line to fix.
// yaml-cpp often notices an unclosed bracket or quote only on a later line;
// the reader points at the line where it was opened.
TEST(ValidationYaml, UnclosedFlowMap) {
  auto c = scenario_error(yaml_with({{10, "retirement_age: {male: 62, female: 60"}}));
  ASSERT_EQ(c.total, 1u) << dump(c);
  Problem p = expect_problem(c, Y, 10, "", "retirement_age: {male: 62, female: 60");
  EXPECT_TRUE(contains(p.message, "malformed YAML")) << p.message;
  EXPECT_TRUE(contains(p.message, "'{'")) << p.message;
  EXPECT_TRUE(contains(c.what, "scenario.yaml:10:")) << c.what;
}

TEST(ValidationYaml, UnclosedFlowListInsideAMap) {
  auto c = scenario_error(yaml_with({{33, "    group: [commune"}}));
  Problem p = expect_problem(c, Y, 33, "", "    group: [commune");
  EXPECT_TRUE(contains(p.message, "'['")) << p.message;
}

TEST(ValidationYaml, UnclosedQuote) {
  auto c = scenario_error(yaml_with({{18, "    name: \"Đại học vừa làm vừa học"}}));
  Problem p = expect_problem(c, Y, 18, "", "    name: \"Đại học vừa làm vừa học");
  EXPECT_TRUE(contains(p.message, "quoted")) << p.message;
}

TEST(ValidationYaml, MissingColonAfterAKey) {
  auto c = scenario_error(yaml_with({{22, "    duration_years 2"}}));
  Problem p = expect_problem(c, Y, 22, "", "    duration_years 2");
  EXPECT_TRUE(contains(p.message, "':'")) << p.message;
}

TEST(ValidationYaml, ColonInsideUnquotedText) {
  auto c = scenario_error(yaml_with({{18, "    name: Đại học: vừa làm vừa học"}}));
  Problem p = expect_problem(c, Y, 18, "", "    name: Đại học: vừa làm vừa học");
  EXPECT_TRUE(contains(p.message, "column 18")) << "columns count characters, not bytes: " << p.message;
  EXPECT_TRUE(contains(p.message, "quotes")) << p.message;
}

TEST(ValidationYaml, MalformedIndentation) {
  auto c = scenario_error(yaml_with({{22, "      duration_years: 2"}}));
  Problem p = expect_problem(c, Y, 22, "", "      duration_years: 2");
  EXPECT_TRUE(contains(p.message, "indentation")) << p.message;
}

TEST(ValidationYaml, TabIndentation) {
  auto c = scenario_error(yaml_with({{22, "\tduration_years: 2"}}));
  Problem p = expect_problem(c, Y, 22, "", " duration_years: 2");  // the tab shown as a space
  EXPECT_TRUE(contains(p.message, "tab")) << p.message;
}

TEST(ValidationYaml, EmptyFile) {
  auto c = scenario_error("");
  ASSERT_EQ(c.problems.size(), 1u);
  Problem p = expect_problem(c, Y, 1, "", "");
  EXPECT_TRUE(contains(p.message, "empty")) << p.message;
}

TEST(ValidationYaml, OnlyComments) {
  auto c = scenario_error("# kịch bản\n# chưa có nội dung\n");
  ASSERT_EQ(c.problems.size(), 1u);
  Problem p = expect_problem(c, Y, 1, "", "");
  EXPECT_TRUE(contains(p.message, "empty")) << p.message;
}

TEST(ValidationYaml, TextInsteadOfAMap) {
  auto c = scenario_error("kịch bản đào tạo\n");
  expect_problem(c, Y, 1, "", "kịch bản đào tạo");
}

TEST(ValidationYaml, MissingFormat) {
  auto c = scenario_error(yaml_with({{1, ""}}));
  // Line 1 is blank: the scenario map, where the key belongs, begins on line 2.
  Problem p = expect_problem(c, Y, 2, "format", "");
  EXPECT_TRUE(contains(p.message, "format")) << p.message;
  EXPECT_EQ(c.total, 1u) << dump(c);
}

TEST(ValidationYaml, MissingHorizon) {
  auto c = scenario_error(yaml_with({{3, ""}}));
  expect_problem(c, Y, 1, "horizon", "");
}

TEST(ValidationYaml, MissingHorizonEnd) {
  auto c = scenario_error(yaml_with({{3, "horizon: {start: 2022}"}}));
  expect_problem(c, Y, 3, "horizon.end", "");
}

TEST(ValidationYaml, MissingRoster) {
  auto c = scenario_error(yaml_with({{42, ""}}));
  expect_problem(c, Y, 1, "roster", "");
}

TEST(ValidationYaml, MissingProgramId) {
  auto c = scenario_error(yaml_with({{25, "  - name: \"Bồi dưỡng\""}, {26, ""}}));
  expect_problem(c, Y, 25, "programs[1].id", "");
  EXPECT_EQ(c.total, 1u) << dump(c);
}

TEST(ValidationYaml, MissingProgramKeysAllReported) {
  auto c = scenario_error(yaml_with({{27, ""}, {28, ""}, {29, ""}, {30, ""}}));
  EXPECT_EQ(c.total, 4u) << dump(c);
  for (const char* key : {"grants", "duration_years", "seats", "cost_per_year"}) {
    Problem p = expect_problem(c, Y, 25, std::string("programs[1].") + key, "");
    EXPECT_TRUE(contains(p.message, "ku")) << "the message should name the program: " << p.message;
  }
}

TEST(ValidationYaml, MissingTargetId) {
  auto c = scenario_error(yaml_with({{38, "  - group: all"}, {39, ""}}));
  expect_problem(c, Y, 38, "targets[1].id", "");
}

TEST(ValidationYaml, MissingTargetGroupAndCheckpoints) {
  auto c = scenario_error(yaml_with({{39, ""}, {41, ""}}));
  EXPECT_EQ(c.total, 2u) << dump(c);
  expect_problem(c, Y, 38, "targets[1].group", "");
  expect_problem(c, Y, 38, "targets[1].checkpoints", "");
}

TEST(ValidationYaml, TargetWithoutLadderOrCredential) {
  auto c = scenario_error(yaml_with({{40, ""}}));
  expect_problem(c, Y, 38, "targets[1]", "");
}

TEST(ValidationYaml, LadderTargetWithoutAtLeast) {
  auto c = scenario_error(yaml_with({{35, ""}}));
  expect_problem(c, Y, 32, "targets[0].at_least", "");
}

TEST(ValidationYaml, ListWhereAMapIsExpected) {
  auto c = scenario_error(yaml_with({{3, "horizon: [2022, 2030]"}}));
  Problem p = expect_problem(c, Y, 3, "horizon", "a list");
  EXPECT_TRUE(contains(p.expected, "start")) << p.expected;
}

TEST(ValidationYaml, ListWhereASelectorIsExpected) {
  auto c = scenario_error(yaml_with({{13, "  commune: [commune]"}}));
  expect_problem(c, Y, 13, "groups.commune", "a list");
}

TEST(ValidationYaml, MapWhereAListIsExpected) {
  auto c = scenario_error(yaml_with({{5, "  professional: {none: 0, college: 1}"}}));
  expect_problem(c, Y, 5, "ladders.professional", "a map");
}

TEST(ValidationYaml, MapWhereProgramsListIsExpected) {
  auto c = scenario_error(yaml_with({{16, "programs:\n  univ: {}"},
                                     {17, ""}, {18, ""}, {19, ""}, {20, ""}, {21, ""}, {22, ""}, {23, ""}, {24, ""},
                                     {25, ""}, {26, ""}, {27, ""}, {28, ""}, {29, ""}, {30, ""}}));
  expect_problem(c, Y, 17, "programs", "a map");
}

TEST(ValidationYaml, TextWhereANumberIsExpected) {
  auto c = scenario_error(yaml_with({{3, "horizon: {start: twenty-twenty-two, end: 2030}"}}));
  expect_problem(c, Y, 3, "horizon.start", "twenty-twenty-two");
}

TEST(ValidationYaml, ListWhereANumberIsExpected) {
  auto c = scenario_error(yaml_with({{24, "    cost_per_year: [25, 30]"}}));
  expect_problem(c, Y, 24, "programs[0].cost_per_year", "a list");
}

TEST(ValidationYaml, UnknownKeyIsAWarningWithASuggestion) {
  Scenario sc = test::scenario_from_text(yaml_with({{37, "    wieght: 2"}}), roster_with());
  bool found = false;
  for (const auto& w : sc.warnings())
    if (w.field == "targets[0].wieght") {
      found = true;
      EXPECT_EQ(w.line, 37);
      EXPECT_EQ(w.file, Y);
      EXPECT_TRUE(contains(w.message, "did you mean 'weight'")) << w.message;
    }
  EXPECT_TRUE(found);
}

TEST(ValidationYaml, UnknownTierIsAWarningWithASuggestion) {
  Scenario sc = test::scenario_from_text(yaml_with({{13, "  commune: {tier: [comune]}"}}), roster_with());
  bool found = false;
  for (const auto& w : sc.warnings())
    if (w.field == "groups.commune.tier") {
      found = true;
      EXPECT_EQ(w.line, 13);
      EXPECT_EQ(w.value, "comune");
      EXPECT_TRUE(contains(w.message, "did you mean 'commune'")) << w.message;
    }
  EXPECT_TRUE(found);
}

TEST(ValidationYaml, JsonIsAccepted) {
  const std::string json = R"({"format": "cadreplan/1", "horizon": {"start": 2022, "end": 2030},
 "ladders": {"professional": ["none", "intermediate", "college", "university", "master"],
             "political_theory": ["none", "elementary", "intermediate", "advanced"]},
 "credentials": {"knowledge_update": {"valid_years": 5}, "international": {}},
 "groups": {"all": {}},
 "programs": [{"id": "u", "grants": {"ladder": "professional", "level": "university"},
               "duration_years": 2, "seats": {"default": 1, "2023": 2}, "cost_per_year": 25}],
 "targets": [{"id": "t", "group": "all", "ladder": "professional", "at_least": "university",
              "checkpoints": {"2025": 0.9}}],
 "roster": "roster.csv"}
)";
  Scenario sc = test::scenario_from_text(json, roster_with());
  EXPECT_EQ(sc.spec().programs[0].seats.at(2023), 2.0);
  EXPECT_EQ(sc.spec().targets[0].checkpoints[0].share.text(), "0.9");
}

TEST(ValidationYaml, JsonErrorsAreLocated) {
  const std::string json = "{\"format\": \"cadreplan/1\",\n"
                           " \"horizon\": {\"start\": 2022, \"end\": 2030},\n"
                           " \"groups\": {\"all\": {}},\n"
                           " \"programs\": [],\n"
                           " \"targets\": [{\"id\": \"t\", \"group\": \"everyone\", \"credential\": \"international\",\n"
                           "               \"checkpoints\": {\"2025\": 0.9}}],\n"
                           " \"credentials\": {\"international\": {}},\n"
                           " \"roster\": \"roster.csv\"}\n";
  auto c = expect_error<ScenarioError>(
      [&] { (void)test::scenario_from_text(json, "id,birth_year,sex,tier,flags,international\nc1,1980,male,x,,\n"); });
  expect_problem(c, Y, 5, "targets[0].group", "everyone");
}

TEST(ValidationYaml, NotUtf8) {
  auto c = scenario_error(yaml_with({{18, "    name: \"\xD0\xE1i h\xE3\x63\""}}));  // Windows-1258 bytes
  ASSERT_EQ(c.problems.size(), 1u) << dump(c);
  Problem p = expect_problem(c, Y, 18, "", "\\xD0\\xE1i h\\xE3c\"");
  EXPECT_TRUE(contains(p.message, "column 12")) << p.message;
  EXPECT_EQ(p.expected, "UTF-8 text");
}

TEST(ValidationYaml, NotUtf8AfterVietnameseText) {
  // The column counts characters: "Đại " is 4 characters (6 bytes).
  auto c = scenario_error(yaml_with({{18, "    name: \"Đại h\xE3\x63\""}}));
  Problem p = expect_problem(c, Y, 18, "", "\\xE3c\"");
  EXPECT_TRUE(contains(p.message, "column 17")) << p.message;
}

TEST(ValidationYaml, ByteOrderMarkIsAccepted) {
  Scenario sc = test::scenario_from_text("\xEF\xBB\xBF" + yaml_with(), roster_with());
  EXPECT_EQ(sc.spec().format, "cadreplan/1");
}

// --- several problems, and the cap ----------------------------------------------------------

TEST(ValidationCollect, SeveralMeaningProblemsInOneError) {
  auto c = scenario_error(yaml_with({{19, "    grants: {ladder: professional, level: doctorate}"},
                                     {24, "    cost_per_year: -25"},
                                     {33, "    group: xa"},
                                     {36, "    checkpoints: {2025: 1.5, 2031: 1.00}"}}));
  EXPECT_EQ(c.total, 5u) << dump(c);
  EXPECT_EQ(c.problems.size(), 5u);
  expect_problem(c, Y, 19, "programs[0].grants.level", "doctorate");
  expect_problem(c, Y, 24, "programs[0].cost_per_year", "-25");
  expect_problem(c, Y, 33, "targets[0].group", "xa");
  expect_problem(c, Y, 36, "targets[0].checkpoints.2025", "1.5");
  expect_problem(c, Y, 36, "targets[0].checkpoints.2031", "2031");
  EXPECT_TRUE(contains(c.what, "5 problems")) << c.what;
  EXPECT_TRUE(contains(c.what, "scenario.yaml:33: targets[0].group")) << c.what;
}

TEST(ValidationCollect, SeveralTypeProblemsInOneError) {
  auto c = scenario_error(yaml_with({{22, "    duration_years: hai"}, {29, "    seats: many"}, {42, ""}}));
  EXPECT_EQ(c.total, 3u) << dump(c);
  expect_problem(c, Y, 22, "programs[0].duration_years", "hai");
  expect_problem(c, Y, 29, "programs[1].seats", "many");
  expect_problem(c, Y, 1, "roster", "");
}

TEST(ValidationCollect, SeveralRosterProblemsInOneError) {
  auto c = scenario_error(yaml_with(), roster_with({{2, "c001,1980,nam,commune,,college,elementary,,"},
                                                    {3, "c002,19x5,female,district,,university,advanced,2020,"},
                                                    {5, "c004,1968,male,commune,,tiến sĩ,intermediate,2019,2015"}}));
  EXPECT_EQ(c.total, 3u) << dump(c);
  expect_problem(c, R, 2, "roster.sex", "nam");
  expect_problem(c, R, 3, "roster.birth_year", "19x5");
  expect_problem(c, R, 5, "roster.professional", "tiến sĩ");
}

TEST(ValidationCollect, CapKeepsAHundredAndCountsAll) {
  std::string roster = kBaseRoster[0] + "\n";
  for (int i = 0; i < 150; ++i) roster.append("x").append(std::to_string(i)).append(",1980,unknown,commune,,,,,\n");
  auto c = scenario_error(yaml_with(), roster);
  EXPECT_EQ(c.problems.size(), 100u);
  EXPECT_EQ(c.total, 150u);
  EXPECT_EQ(c.problems.front().line, 2);
  EXPECT_EQ(c.problems.back().line, 101);
  for (const auto& p : c.problems) EXPECT_EQ(p.field, "roster.sex");
  EXPECT_TRUE(contains(c.what, "150 problems")) << c.what.substr(0, 200);
  EXPECT_TRUE(contains(c.what, "and 50 more")) << c.what.substr(c.what.size() - 200);
}

TEST(ValidationCollect, CapAppliesToBuildProblems) {
  std::string roster = kBaseRoster[0] + "\n";
  for (int i = 0; i < 150; ++i) roster += "same,1980,male,commune,,,,,\n";
  auto c = scenario_error(yaml_with(), roster);
  EXPECT_EQ(c.problems.size(), 100u);
  EXPECT_EQ(c.total, 149u);
  EXPECT_EQ(c.problems.front().line, 3);
}

TEST(ValidationCollect, BuildFromCodeNamesFieldsWithoutAFile) {
  SourceMap src;
  ScenarioSpec spec = io::parse_scenario(yaml_with(), Y, src);
  Roster roster = io::parse_roster(roster_with(), R, spec);
  spec.programs[1].seats = PerYear::constant(-1);
  auto c = expect_error<ScenarioError>([&] { (void)Scenario::build(spec, roster); });
  ASSERT_EQ(c.problems.size(), 1u) << dump(c);
  EXPECT_EQ(c.problems[0].file, "");
  EXPECT_EQ(c.problems[0].line, 0);
  EXPECT_EQ(c.problems[0].field, "programs[1].seats");
  EXPECT_EQ(c.problems[0].value, "-1");
}
