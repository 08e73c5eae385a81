// The built-in scenario `hagiang-2022`: Hà Giang province's plan ("Đề án") to
// train its party-committee members and leaders/managers, 2022–2025 with an
// outlook to 2030 (the seed news report, /work/shared/seeds/000_...txt).
//
// EVERY figure the scenario uses is a named constant in the block below, with
// its source or the plain word ASSUMPTION. docs/HAGIANG.md tabulates them.
// "seed" = the Hà Giang news report; "DOMAIN" = the project's table of public
// facts (Nghệ An, Hòa Bình, Hà Nội reports; decrees).
#include "synth/builtin_hagiang.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cadreplan::synth::detail {

namespace {

// =============================================================================
// Constants (one place; see docs/HAGIANG.md)
// =============================================================================

// ---- Horizon, policy, randomness ----------------------------------------------
constexpr Year kStartYear = 2022;  // seed: plan for 2022–2025, outlook to 2030
constexpr Year kMidYear = 2025;    // seed: targets "by 2025"
constexpr Year kEndYear = 2030;    // seed: targets "by 2030"
// Labour Code 2019 art. 169 and Decree 135/2020: men 62 from 2028, women 60
// from 2035. SIMPLIFIED: the end state is used for the whole horizon (the
// contract has one age per sex); in 2022 the real ages were 60y6m / 55y8m.
constexpr int kRetirementAgeMale = 62;
constexpr int kRetirementAgeFemale = 60;
// ASSUMPTION: a short course (knowledge update, title training, languages)
// can run alongside a degree programme; the contract cannot tell short from
// long programmes, so each cadre may be in at most 2 programmes a year.
constexpr int kMaxConcurrentPrograms = 2;
constexpr std::uint64_t kSeed = 2022;  // ASSUMPTION: arbitrary fixed seed
constexpr const char* kIdPrefix = "HG";

// ---- Published head counts (seed) -------------------------------------------------
constexpr std::int64_t kTotalCadres = 4920;             // seed: 4.920 cán bộ
constexpr std::int64_t kProvinceDistrictCadres = 2943;  // seed: cấp tỉnh, cấp huyện 2.943
constexpr std::int64_t kCommuneCadres = 1977;           // seed: cấp xã 1.977
constexpr std::int64_t kBtvCadres = 384;                // seed: diện BTV Tỉnh ủy quản lý 384 (inside the 2,943)
static_assert(kProvinceDistrictCadres + kCommuneCadres == kTotalCadres, "seed: 2,943 + 1,977 = 4,920");

// ---- Unpublished splits of the head counts (ASSUMPTIONS) ------------------------------
constexpr std::int64_t kDistrictUnits = 11;           // TTXVN (2020): 11 district-level units
constexpr std::int64_t kDistrictCadresPerUnit = 155;  // ASSUMPTION: committee members + heads/deputies of district offices
constexpr std::int64_t kDistrictCadres = kDistrictUnits * kDistrictCadresPerUnit;  // 1,705
constexpr std::int64_t kProvinceCadres = kProvinceDistrictCadres - kDistrictCadres;  // 1,238
// ASSUMPTION: 8 BTV-managed posts per district (party secretary, 2 deputy
// secretaries, People's Committee chair and 3 vice-chairs, People's Council chair).
constexpr std::int64_t kBtvPostsPerDistrict = 8;
constexpr std::int64_t kBtvDistrict = kDistrictUnits * kBtvPostsPerDistrict;  // 88
constexpr std::int64_t kBtvProvince = kBtvCadres - kBtvDistrict;             // 296
// Target 6's group, read as the leaders/managers "diện các sở, ngành, đảng ủy
// trực thuộc Tỉnh ủy quản lý" = managed by the provincial departments/agencies
// and party bodies (division level), i.e. the province tier outside the BTV list.
constexpr std::int64_t kDeptLeaders = kProvinceCadres - kBtvProvince;    // 942
constexpr std::int64_t kDistrictOther = kDistrictCadres - kBtvDistrict;  // 1,617
static_assert(kBtvProvince + kDeptLeaders + kBtvDistrict + kDistrictOther == kProvinceDistrictCadres, "strata add up");

// ---- Published shares (seed) --------------------------------------------------------
// Professional education.
constexpr double kBtvPostgraduate = 0.4375;              // "Trên đại học 43,75%"
constexpr double kBtvUniversityOrCollege = 0.5625;       // "đại học, cao đẳng 56,25%"
constexpr double kPdPostgraduate = 0.1413;               // 14,13%
constexpr double kPdUniversity = 0.8335;                 // 83,35%
constexpr double kPdCollegeOrIntermediate = 0.0254;      // 2,54% (the three sum to 100.02%)
constexpr double kCommunePostgraduate = 0.0172;          // 1,72%
constexpr double kCommuneUniversity = 0.8007;            // 80,07%
constexpr double kCommuneCollegeOrIntermediate = 0.1821; // 18,21%
// Political theory.
constexpr double kBtvTheoryAdvanced = 1.0;               // "Cử nhân, cao cấp ... 100%"
constexpr double kPdTheoryAdvanced = 0.293;              // 29,3%
constexpr double kPdTheoryIntermediate = 0.634;          // 63,4%
constexpr double kCommuneTheoryAdvanced = 0.0541;        // 5,41%
constexpr double kCommuneTheoryIntermediate = 0.8346;    // 83,46%
// Rounded published shares may exceed 100% by this much (the 100.02% above).
constexpr double kShareSumTolerance = 0.001;

// ---- Splits inside published buckets (ASSUMPTIONS) ---------------------------------
// Each pair is written out in full so that both parts are exact decimals.
constexpr double kBtvMasterInPostgraduate = 0.90, kBtvDoctorInPostgraduate = 0.10;
constexpr double kPdMasterInPostgraduate = 0.94, kPdDoctorInPostgraduate = 0.06;
constexpr double kCommuneMasterInPostgraduate = 1.0, kCommuneDoctorInPostgraduate = 0.0;
constexpr double kBtvUniversityInUniversityOrCollege = 0.99, kBtvCollegeInUniversityOrCollege = 0.01;
constexpr double kPdCollegeInCollegeOrIntermediate = 0.6, kPdIntermediateInCollegeOrIntermediate = 0.4;
constexpr double kCommuneCollegeInCollegeOrIntermediate = 0.3, kCommuneIntermediateInCollegeOrIntermediate = 0.7;
// The unpublished rest of political theory (7.3% / 11.13%): elementary vs none.
constexpr double kTheoryRestElementary = 0.8, kTheoryRestNone = 0.2;
// The unpublished rest of professional education (0%, or -0.02% by rounding): none.

// ---- Sexes (ASSUMPTIONS; Regulation 50-QĐ/TW (2021) aims at >= 25% women in planning) ----
constexpr double kFemaleBtvProvince = 0.15;
constexpr double kFemaleBtvDistrict = 0.12;
constexpr double kFemaleDeptLeaders = 0.30;
constexpr double kFemaleDistrict = 0.25;
constexpr double kFemaleCommune = 0.20;

// ---- Ages in 2022 (ASSUMPTIONS) ------------------------------------------------------
// Bands end at 60 for men and 55 for women: the ages still in service in 2022
// under Decree 135/2020 (60y6m / 55y8m), so nobody is near retirement by the
// real schedule either. BTV-managed cadres are the oldest; commune leaders the
// youngest.
constexpr AgeBand kAgesBtvProvinceMale[] = {{38, 44, 0.12}, {45, 49, 0.25}, {50, 54, 0.33}, {55, 60, 0.30}};
constexpr AgeBand kAgesBtvProvinceFemale[] = {{38, 44, 0.20}, {45, 49, 0.35}, {50, 55, 0.45}};
constexpr AgeBand kAgesBtvDistrictMale[] = {{35, 44, 0.25}, {45, 49, 0.35}, {50, 54, 0.25}, {55, 60, 0.15}};
constexpr AgeBand kAgesBtvDistrictFemale[] = {{35, 44, 0.35}, {45, 49, 0.40}, {50, 55, 0.25}};
constexpr AgeBand kAgesDeptMale[] = {{30, 34, 0.08}, {35, 39, 0.20}, {40, 44, 0.24}, {45, 49, 0.20}, {50, 54, 0.17}, {55, 60, 0.11}};
constexpr AgeBand kAgesDeptFemale[] = {{30, 34, 0.10}, {35, 39, 0.24}, {40, 44, 0.26}, {45, 49, 0.22}, {50, 55, 0.18}};
constexpr AgeBand kAgesDistrictMale[] = {{28, 34, 0.14}, {35, 39, 0.22}, {40, 44, 0.24}, {45, 49, 0.18}, {50, 54, 0.14}, {55, 60, 0.08}};
constexpr AgeBand kAgesDistrictFemale[] = {{28, 34, 0.16}, {35, 39, 0.26}, {40, 44, 0.26}, {45, 49, 0.18}, {50, 55, 0.14}};
constexpr AgeBand kAgesCommuneMale[] = {{25, 29, 0.08}, {30, 34, 0.20}, {35, 39, 0.24}, {40, 44, 0.20},
                                        {45, 49, 0.14}, {50, 54, 0.09}, {55, 60, 0.05}};
constexpr AgeBand kAgesCommuneFemale[] = {{25, 29, 0.10}, {30, 34, 0.24}, {35, 39, 0.26}, {40, 44, 0.20}, {45, 49, 0.13}, {50, 55, 0.07}};

// ---- Source pool "cán bộ nguồn, quy hoạch" (ASSUMPTIONS) -----------------------------
// Regulation 50-QĐ/TW (2021): a planned cadre must be young enough to serve a
// full five-year term; aged <= 50 in 2022 can serve 2025–2030 (a woman of 50 is
// 58 in 2030). "Mostly younger": each stratum gives the flag to a share of its
// cadres aged <= 40, and to a smaller share of those aged 41–50.
constexpr int kSourcePoolYoungMaxAge = 40;
constexpr int kSourcePoolMaxAge = 50;
//                                            aged <= 40      aged 41-50
constexpr double kSourcePoolBtvProvince[] = {0.05, 0.15};
constexpr double kSourcePoolBtvDistrict[] = {0.10, 0.20};
constexpr double kSourcePoolDept[] = {0.22, 0.08};
constexpr double kSourcePoolDistrict[] = {0.20, 0.05};
constexpr double kSourcePoolCommune[] = {0.16, 0.04};

// ---- Young cadres (target 4) ------------------------------------------------------------
// Directive 35-CT/TW (2019) and Regulation 50-QĐ/TW (2021): "young" = under 40
// (Directive 36 (2014) used under 35 at district level; not modelled).
constexpr int kYoungMaxAge = 39;

// ---- Credentials held in 2022 (ASSUMPTIONS; the seed says updates, languages and
// international skills were "not regular") ----------------------------------------------
constexpr int kKnowledgeUpdateValidYears = 5;  // ASSUMPTION: a refresher counts for 5 years
constexpr Year kKnowledgeUpdateFirst = 2017, kKnowledgeUpdateLast = 2021;
constexpr double kKnowledgeUpdateBtv = 0.70, kKnowledgeUpdateDept = 0.45, kKnowledgeUpdateDistrict = 0.40,
                 kKnowledgeUpdateCommune = 0.35;
constexpr Year kTitleTrainingFirst = 2016, kTitleTrainingLast = 2021;
constexpr double kTitleTrainingBtv = 0.60, kTitleTrainingDept = 0.40, kTitleTrainingDistrict = 0.35,
                 kTitleTrainingCommune = 0.30;
constexpr Year kInternationalFirst = 2017, kInternationalLast = 2021;
constexpr int kInternationalHolderMaxAge = 45;
constexpr double kInternationalBtvProvince = 0.05, kInternationalBtvDistrict = 0.03, kInternationalDept = 0.04,
                 kInternationalDistrict = 0.02, kInternationalCommune = 0.01;

// ---- Programmes: durations (DOMAIN unless marked) ----------------------------------------
constexpr int kDurTheoryIntermediate = 1;  // ~8 months part-time (provincial political schools)
constexpr int kDurTheoryAdvanced = 2;      // 18–24 months part-time (Nghệ An cohorts)
constexpr int kDurCollege = 3;             // in-service college: 3 years (provincial reports)
constexpr int kDurUniversityBridge = 2;    // ASSUMPTION: college -> university bridging, 2 years
constexpr int kDurUniversityInService = 4; // in-service university 4–5 years (provincial reports)
constexpr int kDurMaster = 2;              // part-time master's >= 20% longer than full-time (Circular 23/2021)
constexpr int kDurShortCourse = 1;         // knowledge update, languages, title training: within a year

// ---- Programmes: seats per year ------------------------------------------------------
// Hòa Bình 2017–2022: 64 intermediate classes / 4,329 learners (68 a class, ~11
// classes a year for ALL its cadres); ASSUMPTION: 2 classes of 80 a year for the
// leaders in this roster.
constexpr int kTheoryIntermediateClassSize = 80;  // DOMAIN: classes of about 80
constexpr int kTheoryIntermediateClasses = 2;     // ASSUMPTION
// Hòa Bình sent 460 to advanced political theory in 2017–2022 (~77 a year, a
// mountainous province of similar size); Nghệ An cohorts 60–130: one cohort of 80.
constexpr int kTheoryAdvancedSeats = 80;
constexpr int kCollegeSeats = 30;              // ASSUMPTION
constexpr int kUniversityBridgeSeats = 60;     // ASSUMPTION
constexpr int kUniversityInServiceSeats = 100; // ASSUMPTION
// Hà Nội 2022–2025: 240 home postgraduate places (60 a year) for a city of ~8.3M;
// ASSUMPTION: Hà Giang (~0.9M) funds 30 a year.
constexpr int kMasterSeats = 30;
// Decree 101/2017: at most 40 at first postgraduate dispatch, serve 2x the
// training time afterwards; Decree 171/2025 (from 1 July 2025): at most 45,
// serve 3x. ASSUMPTION: starts up to 2025 fall under 101, from 2026 under 171.
constexpr Year kMasterD101LastStart = 2025;
constexpr int kMasterD101MaxAge = 40;
constexpr int kMasterD101ServiceFactor = 2;
constexpr Year kMasterD171FirstStart = 2026;
constexpr int kMasterD171MaxAge = 45;
constexpr int kMasterD171ServiceFactor = 3;
// Hòa Bình 2017–2022: 138 knowledge-update classes / 11,813 learners (86 a class).
constexpr int kKnowledgeUpdateClassSize = 86;
constexpr int kKnowledgeUpdateClasses = 12;   // ASSUMPTION: ~1,000 leaders a year
constexpr int kInternationalSeats = 60;       // ASSUMPTION
constexpr int kInternationalMaxAge = kYoungMaxAge;  // seed: for young cadres
constexpr int kTitleTrainingClassSize = 80;   // ASSUMPTION
constexpr int kTitleTrainingClasses = 10;     // ASSUMPTION

// ---- Programmes: cost, million VND per person-year (ASSUMPTIONS unless marked) -----------
constexpr double kCostTheoryIntermediate = 12;
constexpr double kCostTheoryAdvanced = 30;
constexpr double kCostCollege = 15;
constexpr double kCostUniversity = 20;
// Hà Nội 2022–2025: VND 61.6 bn for 270 postgraduate places (30 abroad) = 228 M
// a place, ~114 M a person-year incl. study abroad; ASSUMPTION: a domestic
// part-time master's from Hà Giang costs about half.
constexpr double kCostMaster = 60;
constexpr double kCostKnowledgeUpdate = 3;
constexpr double kCostInternational = 20;
constexpr double kCostTitleTraining = 4;

// ---- Budget, million VND a year (ASSUMPTION, to be calibrated with the optimizer) --------
// Hà Nội budgeted VND 272.3 bn for 2022–2025 (~68 bn a year) for a much larger
// cadre force; Hà Giang: 15 bn a year.
constexpr double kBudgetPerYear = 15000;

// ---- Targets (seed) ------------------------------------------------------------------------
constexpr const char* kT1District = "1";           // 100% district-level: university+
constexpr const char* kT2Commune2025 = "0.9";      // 90% commune-level by 2025
constexpr const char* kT2Commune2030 = "1";        // 100% by 2030
constexpr const char* kT3BtvPostgraduate = "0.6";  // 60% of BTV-managed: postgraduate
constexpr const char* kT4Young2025 = "0.15";       // 15% of young: languages + international
constexpr const char* kT4Young2030 = "0.25";       // 25% by 2030
constexpr const char* kT5KnowledgeUpdate = "1";    // 100% knowledge update
constexpr const char* kT6DeptProfessional = "1";   // 100%: "professional level their post needs"
constexpr const char* kT6DeptProfessionalLevel = "university";  // ASSUMPTION: what a leader's post needs
constexpr const char* kT6DeptTheoryIntermediate = "1";  // 100%: intermediate+ political theory
constexpr const char* kT6DeptAdvanced2025 = "0.5";      // 50% advanced by 2025
constexpr const char* kT6DeptAdvanced2030 = "0.7";      // 70% by 2030
constexpr const char* kT7TitleTraining = "1";      // 100% trained for their position title
constexpr double kTargetWeight = 1.0;              // ASSUMPTION: all targets weigh the same

// =============================================================================

std::vector<AgeBand> bands(const AgeBand* b, std::size_t n) { return std::vector<AgeBand>(b, b + n); }
template <std::size_t N>
std::vector<AgeBand> bands(const AgeBand (&b)[N]) {
  return bands(b, N);
}

Selector tiers(std::vector<std::string> t) {
  Selector s;
  s.tier = std::move(t);
  return s;
}
Selector flags(std::vector<std::string> f) {
  Selector s;
  s.flags = std::move(f);
  return s;
}
Selector max_age(int a) {
  Selector s;
  s.max_age = a;
  return s;
}

Program program(std::string id, std::string name, Grant grants, std::vector<Requirement> req, Selector eligible, int duration,
                PerYear seats, double cost, std::optional<int> service = std::nullopt) {
  Program p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.grants = std::move(grants);
  p.requires_ = std::move(req);
  p.eligible = std::move(eligible);
  p.duration_years = duration;
  p.seats = std::move(seats);
  p.cost_per_year = cost;
  p.min_service_years_after = service;
  return p;
}

Grant level(std::string ladder, std::string lv) { return Grant{std::move(ladder), std::move(lv), ""}; }
Grant credential(std::string c) { return Grant{"", "", std::move(c)}; }

Target ladder_target(std::string id, std::string group, std::string lad, std::string at_least, const char* p2025, const char* p2030) {
  Target t;
  t.id = std::move(id);
  t.group = std::move(group);
  t.ladder = std::move(lad);
  t.at_least = std::move(at_least);
  t.checkpoints = {{kMidYear, Share::parse(p2025)}, {kEndYear, Share::parse(p2030)}};
  t.weight = kTargetWeight;
  return t;
}

Target credential_target(std::string id, std::string group, std::string cred, const char* p2025, const char* p2030) {
  Target t;
  t.id = std::move(id);
  t.group = std::move(group);
  t.credential = std::move(cred);
  t.checkpoints = {{kMidYear, Share::parse(p2025)}, {kEndYear, Share::parse(p2030)}};
  t.weight = kTargetWeight;
  return t;
}

}  // namespace

ScenarioSpec hagiang_2022_spec() {
  ScenarioSpec s;
  s.name = "Hà Giang 2022–2030";
  s.start = kStartYear;
  s.end = kEndYear;
  s.ladders = {{"professional", {"none", "intermediate", "college", "university", "master", "doctor"}},
               {"political_theory", {"none", "elementary", "intermediate", "advanced"}}};
  s.credentials = {{"knowledge_update", kKnowledgeUpdateValidYears}, {"international", std::nullopt}, {"title_training", std::nullopt}};
  s.policy.retirement_age_male = kRetirementAgeMale;
  s.policy.retirement_age_female = kRetirementAgeFemale;
  s.policy.max_concurrent_programs = kMaxConcurrentPrograms;
  s.policy.min_service_years_after = 0;
  s.budget = PerYear::constant(kBudgetPerYear);
  s.groups = {
      {"all", Selector{}},
      {"province_district", tiers({"province", "district"})},
      {"district", tiers({"district"})},
      {"commune", tiers({"commune"})},
      {"btv", flags({"btv_managed"})},
      {"young", max_age(kYoungMaxAge)},
      {"dept_leaders", flags({"dept_leader"})},
      {"source_pool", flags({"source_pool"})},
  };

  PerYear master_d101, master_d171;
  for (Year y = kStartYear; y <= kMasterD101LastStart; ++y) master_d101.values[y] = kMasterSeats;
  for (Year y = kMasterD171FirstStart; y + kDurMaster - 1 <= kEndYear; ++y) master_d171.values[y] = kMasterSeats;
  s.programs = {
      program("theory_intermediate", "Trung cấp lý luận chính trị (không tập trung)", level("political_theory", "intermediate"), {},
              Selector{}, kDurTheoryIntermediate, PerYear::constant(kTheoryIntermediateClassSize * kTheoryIntermediateClasses),
              kCostTheoryIntermediate),
      program("theory_advanced", "Cao cấp lý luận chính trị (không tập trung)", level("political_theory", "advanced"),
              {{"political_theory", "intermediate"}}, Selector{}, kDurTheoryAdvanced, PerYear::constant(kTheoryAdvancedSeats),
              kCostTheoryAdvanced),
      program("college_inservice", "Cao đẳng vừa làm vừa học", level("professional", "college"), {}, Selector{}, kDurCollege,
              PerYear::constant(kCollegeSeats), kCostCollege),
      program("university_bridge", "Liên thông từ cao đẳng lên đại học", level("professional", "university"),
              {{"professional", "college"}}, Selector{}, kDurUniversityBridge, PerYear::constant(kUniversityBridgeSeats), kCostUniversity),
      program("university_inservice", "Đại học vừa làm vừa học (từ trung cấp)", level("professional", "university"),
              {{"professional", "intermediate"}}, Selector{}, kDurUniversityInService, PerYear::constant(kUniversityInServiceSeats),
              kCostUniversity),
      program("master_d101", "Thạc sĩ (Nghị định 101/2017: không quá 40 tuổi)", level("professional", "master"),
              {{"professional", "university"}}, max_age(kMasterD101MaxAge), kDurMaster, master_d101, kCostMaster,
              kMasterD101ServiceFactor * kDurMaster),
      program("master_d171", "Thạc sĩ (Nghị định 171/2025: không quá 45 tuổi)", level("professional", "master"),
              {{"professional", "university"}}, max_age(kMasterD171MaxAge), kDurMaster, master_d171, kCostMaster,
              kMasterD171ServiceFactor * kDurMaster),
      program("knowledge_update", "Bồi dưỡng, cập nhật kiến thức mới", credential("knowledge_update"), {}, Selector{}, kDurShortCourse,
              PerYear::constant(kKnowledgeUpdateClassSize * kKnowledgeUpdateClasses), kCostKnowledgeUpdate),
      program("international", "Ngoại ngữ, kiến thức và kỹ năng làm việc trong môi trường quốc tế", credential("international"), {},
              max_age(kInternationalMaxAge), kDurShortCourse, PerYear::constant(kInternationalSeats), kCostInternational),
      program("title_training", "Bồi dưỡng theo vị trí chức danh", credential("title_training"), {}, Selector{}, kDurShortCourse,
              PerYear::constant(kTitleTrainingClassSize * kTitleTrainingClasses), kCostTitleTraining),
  };

  s.targets = {
      ladder_target("t1_district_university", "district", "professional", "university", kT1District, kT1District),
      ladder_target("t2_commune_university", "commune", "professional", "university", kT2Commune2025, kT2Commune2030),
      ladder_target("t3_btv_postgraduate", "btv", "professional", "master", kT3BtvPostgraduate, kT3BtvPostgraduate),
      credential_target("t4_young_international", "young", "international", kT4Young2025, kT4Young2030),
      credential_target("t5_knowledge_update", "all", "knowledge_update", kT5KnowledgeUpdate, kT5KnowledgeUpdate),
      ladder_target("t6_dept_professional", "dept_leaders", "professional", kT6DeptProfessionalLevel, kT6DeptProfessional,
                    kT6DeptProfessional),
      ladder_target("t6_dept_theory_intermediate", "dept_leaders", "political_theory", "intermediate", kT6DeptTheoryIntermediate,
                    kT6DeptTheoryIntermediate),
      ladder_target("t6_dept_theory_advanced", "dept_leaders", "political_theory", "advanced", kT6DeptAdvanced2025, kT6DeptAdvanced2030),
      credential_target("t7_title_training", "all", "title_training", kT7TitleTraining, kT7TitleTraining),
  };
  s.roster = "roster.csv";
  return s;
}

SynthOptions hagiang_2022_synth_options() {
  SynthOptions o;
  o.seed = kSeed;
  o.id_prefix = kIdPrefix;
  o.share_sum_tolerance = kShareSumTolerance;

  auto pool = [](const double (&share)[2]) {
    return std::vector<FlagRule>{{"source_pool", share[0], std::nullopt, kSourcePoolYoungMaxAge},
                                 {"source_pool", share[1], kSourcePoolYoungMaxAge + 1, kSourcePoolMaxAge}};
  };
  auto creds = [](double ku, double title, double intl) {
    return std::vector<CredentialRule>{
        {"knowledge_update", ku, kKnowledgeUpdateFirst, kKnowledgeUpdateLast, std::nullopt, std::nullopt},
        {"international", intl, kInternationalFirst, kInternationalLast, std::nullopt, kInternationalHolderMaxAge},
        {"title_training", title, kTitleTrainingFirst, kTitleTrainingLast, std::nullopt, std::nullopt},
    };
  };
  o.strata = {
      {"province_btv", "province", {"btv_managed"}, kBtvProvince, kFemaleBtvProvince, bands(kAgesBtvProvinceMale),
       bands(kAgesBtvProvinceFemale), pool(kSourcePoolBtvProvince), creds(kKnowledgeUpdateBtv, kTitleTrainingBtv, kInternationalBtvProvince)},
      {"province_dept", "province", {"dept_leader"}, kDeptLeaders, kFemaleDeptLeaders, bands(kAgesDeptMale), bands(kAgesDeptFemale),
       pool(kSourcePoolDept), creds(kKnowledgeUpdateDept, kTitleTrainingDept, kInternationalDept)},
      {"district_btv", "district", {"btv_managed"}, kBtvDistrict, kFemaleBtvDistrict, bands(kAgesBtvDistrictMale),
       bands(kAgesBtvDistrictFemale), pool(kSourcePoolBtvDistrict), creds(kKnowledgeUpdateBtv, kTitleTrainingBtv, kInternationalBtvDistrict)},
      {"district_other", "district", {}, kDistrictOther, kFemaleDistrict, bands(kAgesDistrictMale), bands(kAgesDistrictFemale),
       pool(kSourcePoolDistrict), creds(kKnowledgeUpdateDistrict, kTitleTrainingDistrict, kInternationalDistrict)},
      {"commune", "commune", {}, kCommuneCadres, kFemaleCommune, bands(kAgesCommuneMale), bands(kAgesCommuneFemale),
       pool(kSourcePoolCommune), creds(kKnowledgeUpdateCommune, kTitleTrainingCommune, kInternationalCommune)},
  };
  o.groups = {
      {"btv", flags({"btv_managed"})},
      {"province_district", tiers({"province", "district"})},
      {"commune", tiers({"commune"})},
  };

  const LevelBucket postgrad_btv{"postgraduate", {"master", "doctor"}, {kBtvMasterInPostgraduate, kBtvDoctorInPostgraduate}};
  const LevelBucket postgrad_pd{"postgraduate", {"master", "doctor"}, {kPdMasterInPostgraduate, kPdDoctorInPostgraduate}};
  const LevelBucket postgrad_commune{"postgraduate", {"master", "doctor"},
                                     {kCommuneMasterInPostgraduate, kCommuneDoctorInPostgraduate}};
  const LevelBucket univ{"university", {"university"}, {}};
  const LevelBucket none{"none", {"none"}, {}};
  const LevelBucket theory_rest{"elementary or none", {"elementary", "none"}, {kTheoryRestElementary, kTheoryRestNone}};
  const LevelBucket advanced{"advanced", {"advanced"}, {}};
  const LevelBucket intermediate{"intermediate", {"intermediate"}, {}};
  o.marginals = {
      {"btv",
       "professional",
       {{postgrad_btv, kBtvPostgraduate},
        {{"university or college", {"university", "college"}, {kBtvUniversityInUniversityOrCollege, kBtvCollegeInUniversityOrCollege}},
         kBtvUniversityOrCollege}},
       none},
      {"province_district",
       "professional",
       {{postgrad_pd, kPdPostgraduate},
        {univ, kPdUniversity},
        {{"college or intermediate", {"college", "intermediate"}, {kPdCollegeInCollegeOrIntermediate, kPdIntermediateInCollegeOrIntermediate}},
         kPdCollegeOrIntermediate}},
       none},
      {"commune",
       "professional",
       {{postgrad_commune, kCommunePostgraduate},
        {univ, kCommuneUniversity},
        {{"college or intermediate",
          {"college", "intermediate"},
          {kCommuneCollegeInCollegeOrIntermediate, kCommuneIntermediateInCollegeOrIntermediate}},
         kCommuneCollegeOrIntermediate}},
       none},
      {"btv", "political_theory", {{{"bachelor or advanced", {"advanced"}, {}}, kBtvTheoryAdvanced}}, theory_rest},
      {"province_district", "political_theory", {{advanced, kPdTheoryAdvanced}, {intermediate, kPdTheoryIntermediate}}, theory_rest},
      {"commune", "political_theory", {{advanced, kCommuneTheoryAdvanced}, {intermediate, kCommuneTheoryIntermediate}}, theory_rest},
  };
  return o;
}

}  // namespace cadreplan::synth::detail
