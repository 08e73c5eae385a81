// The built-in `hagiang-2022` scenario: the acceptance test against every
// figure of the seed report, after a round trip through the files.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "cadreplan/core/error.hpp"
#include "cadreplan/io/io.hpp"
#include "cadreplan/synth/builtin.hpp"

using namespace cadreplan;

namespace {

/// Counts and shares of a read-back scenario.
class Census {
 public:
  explicit Census(const Scenario& sc) : sc_(sc), r_(sc.roster()) {
    prof_ = sc.ladder_index("professional");
    theory_ = sc.ladder_index("political_theory");
    btv_ = r_.find_flag("btv_managed");
  }
  bool province_district(std::size_t c) const { return r_.tier_name(c) == "province" || r_.tier_name(c) == "district"; }
  bool commune(std::size_t c) const { return r_.tier_name(c) == "commune"; }
  bool btv(std::size_t c) const { return btv_ >= 0 && r_.has_flag(c, btv_); }
  std::string prof(std::size_t c) const { return level(prof_, c); }
  std::string theory(std::size_t c) const { return level(theory_, c); }
  std::int64_t count(const std::function<bool(std::size_t)>& p) const {
    std::int64_t n = 0;
    for (std::size_t c = 0; c < r_.size(); ++c) n += p(c) ? 1 : 0;
    return n;
  }
  std::size_t size() const { return r_.size(); }
  const Roster& roster() const { return r_; }

 private:
  std::string level(int ladder, std::size_t c) const {
    return sc_.spec().ladders[static_cast<std::size_t>(ladder)].levels[r_.level[static_cast<std::size_t>(ladder)][c]];
  }
  const Scenario& sc_;
  const Roster& r_;
  int prof_ = -1, theory_ = -1;
  std::int32_t btv_ = -1;
};

/// Within one person of share x n, i.e. floor or ceil of the quota.
void expect_nearest(std::int64_t count, double share, std::int64_t n, const char* what) {
  EXPECT_LT(std::fabs(static_cast<double>(count) - share * static_cast<double>(n)), 1.0)
      << what << ": " << count << " vs " << share << " x " << n << " = " << share * static_cast<double>(n);
}

Scenario round_trip() {
  namespace fs = std::filesystem;
  test::TempDir dir("hagiang");
  io::write_scenario(synth::builtin_scenario("hagiang-2022"), dir.str());
  return io::read_scenario((dir.path / "scenario.yaml").string());
}

bool is_postgraduate(const std::string& lv) { return lv == "master" || lv == "doctor"; }

}  // namespace

TEST(BuiltinScenarios, ListsHagiangAndRejectsUnknownNamesListingTheKnownOnes) {
  EXPECT_EQ(synth::builtin_scenarios(), std::vector<std::string>{"hagiang-2022"});
  try {
    synth::builtin_scenario("hanoi-2022");
    FAIL() << "no exception";
  } catch (const OptionsError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("hanoi-2022"), std::string::npos) << m;
    EXPECT_NE(m.find("hagiang-2022"), std::string::npos) << m;
  }
  EXPECT_THROW(synth::builtin_spec("nope"), OptionsError);
  EXPECT_THROW(synth::builtin_synth_options("nope"), OptionsError);
}

TEST(HagiangAcceptance, ExportedAndReadBackItMatchesEveryPublishedFigure) {
  const Scenario sc = round_trip();
  const Census k(sc);

  // Head counts (seed): 4,920 = 2,943 province+district + 1,977 commune; the
  // 384 BTV-managed are all inside the 2,943.
  ASSERT_EQ(k.size(), 4920u);
  const auto pd = [&](std::size_t c) { return k.province_district(c); };
  const auto com = [&](std::size_t c) { return k.commune(c); };
  const auto btv = [&](std::size_t c) { return k.btv(c); };
  EXPECT_EQ(k.count(pd), 2943);
  EXPECT_EQ(k.count(com), 1977);
  EXPECT_EQ(k.count(btv), 384);
  EXPECT_EQ(k.count([&](std::size_t c) { return k.btv(c) && k.province_district(c); }), 384);

  // --- BTV-managed, n = 384 -------------------------------------------------------
  // postgraduate 43.75% x 384 = 168 exactly; university or college 56.25% x 384 = 216 exactly.
  const std::int64_t btv_pg = k.count([&](std::size_t c) { return btv(c) && is_postgraduate(k.prof(c)); });
  const std::int64_t btv_uc = k.count([&](std::size_t c) { return btv(c) && (k.prof(c) == "university" || k.prof(c) == "college"); });
  EXPECT_EQ(btv_pg, 168);
  EXPECT_EQ(btv_uc, 216);
  expect_nearest(btv_pg, 0.4375, 384, "BTV postgraduate");
  expect_nearest(btv_uc, 0.5625, 384, "BTV university or college");
  // political theory: bachelor / advanced 100% x 384 = 384.
  const std::int64_t btv_adv = k.count([&](std::size_t c) { return btv(c) && k.theory(c) == "advanced"; });
  EXPECT_EQ(btv_adv, 384);

  // --- province + district, n = 2,943 ------------------------------------------------
  // postgraduate 14.13% x 2943 = 415.8459 -> 416
  // university   83.35% x 2943 = 2452.9905 -> 2453
  // college or intermediate 2.54% x 2943 = 74.7522 -> 74 (the three shares sum to
  //   100.02%, so one must round down: floors 415 + 2452 + 74 = 2941, the 2 left go
  //   to the largest remainders .9905 and .8459)
  const std::int64_t pd_pg = k.count([&](std::size_t c) { return pd(c) && is_postgraduate(k.prof(c)); });
  const std::int64_t pd_u = k.count([&](std::size_t c) { return pd(c) && k.prof(c) == "university"; });
  const std::int64_t pd_ci = k.count([&](std::size_t c) { return pd(c) && (k.prof(c) == "college" || k.prof(c) == "intermediate"); });
  EXPECT_EQ(pd_pg, 416);
  EXPECT_EQ(pd_u, 2453);
  EXPECT_EQ(pd_ci, 74);
  expect_nearest(pd_pg, 0.1413, 2943, "province+district postgraduate");
  expect_nearest(pd_u, 0.8335, 2943, "province+district university");
  expect_nearest(pd_ci, 0.0254, 2943, "province+district college or intermediate");
  // advanced 29.3% x 2943 = 862.299 -> 862; intermediate 63.4% x 2943 = 1865.862 -> 1866;
  // the unpublished rest 7.3% x 2943 = 214.839 -> 215 (elementary or none).
  const std::int64_t pd_adv = k.count([&](std::size_t c) { return pd(c) && k.theory(c) == "advanced"; });
  const std::int64_t pd_int = k.count([&](std::size_t c) { return pd(c) && k.theory(c) == "intermediate"; });
  EXPECT_EQ(pd_adv, 862);
  EXPECT_EQ(pd_int, 1866);
  expect_nearest(pd_adv, 0.293, 2943, "province+district advanced theory");
  expect_nearest(pd_int, 0.634, 2943, "province+district intermediate theory");

  // --- commune, n = 1,977 -------------------------------------------------------------
  // postgraduate 1.72% x 1977 = 34.0044 -> 34; university 80.07% x 1977 = 1582.9839 -> 1583;
  // college or intermediate 18.21% x 1977 = 360.0117 -> 360 (34 + 1583 + 360 = 1977).
  const std::int64_t c_pg = k.count([&](std::size_t c) { return com(c) && is_postgraduate(k.prof(c)); });
  const std::int64_t c_u = k.count([&](std::size_t c) { return com(c) && k.prof(c) == "university"; });
  const std::int64_t c_ci = k.count([&](std::size_t c) { return com(c) && (k.prof(c) == "college" || k.prof(c) == "intermediate"); });
  EXPECT_EQ(c_pg, 34);
  EXPECT_EQ(c_u, 1583);
  EXPECT_EQ(c_ci, 360);
  expect_nearest(c_pg, 0.0172, 1977, "commune postgraduate");
  expect_nearest(c_u, 0.8007, 1977, "commune university");
  expect_nearest(c_ci, 0.1821, 1977, "commune college or intermediate");
  // advanced 5.41% x 1977 = 106.9557 -> 107; intermediate 83.46% x 1977 = 1650.0042 -> 1650;
  // the rest 11.13% x 1977 = 220.0401 -> 220.
  const std::int64_t c_adv = k.count([&](std::size_t c) { return com(c) && k.theory(c) == "advanced"; });
  const std::int64_t c_int = k.count([&](std::size_t c) { return com(c) && k.theory(c) == "intermediate"; });
  EXPECT_EQ(c_adv, 107);
  EXPECT_EQ(c_int, 1650);
  expect_nearest(c_adv, 0.0541, 1977, "commune advanced theory");
  expect_nearest(c_int, 0.8346, 1977, "commune intermediate theory");
}

TEST(HagiangAcceptance, ValidatesWithoutWarningsWithAllSevenTargetsAt2025And2030) {
  const Scenario sc = round_trip();
  for (const auto& w : sc.warnings()) ADD_FAILURE() << "warning: " << w.to_string();
  EXPECT_EQ(sc.start(), 2022);
  EXPECT_EQ(sc.end(), 2030);
  EXPECT_EQ(sc.spec().policy.retirement_age_male, 62);
  EXPECT_EQ(sc.spec().policy.retirement_age_female, 60);
  EXPECT_EQ(sc.spec().ladders[0].levels, (std::vector<std::string>{"none", "intermediate", "college", "university", "master", "doctor"}));
  EXPECT_EQ(sc.spec().ladders[1].levels, (std::vector<std::string>{"none", "elementary", "intermediate", "advanced"}));
  ASSERT_EQ(sc.spec().credentials.size(), 3u);
  EXPECT_EQ(sc.spec().credentials[0].valid_years, 5);
  EXPECT_FALSE(sc.spec().credentials[1].valid_years.has_value());
  EXPECT_FALSE(sc.spec().credentials[2].valid_years.has_value());

  // Targets 1..7 of the seed (target 6 as three targets).
  std::set<std::string> seen;
  for (const char* id : {"t1_district_university", "t2_commune_university", "t3_btv_postgraduate", "t4_young_international",
                         "t5_knowledge_update", "t6_dept_professional", "t6_dept_theory_intermediate", "t6_dept_theory_advanced",
                         "t7_title_training"}) {
    const int t = sc.target_index(id);
    ASSERT_GE(t, 0) << id;
    const Target& tg = sc.spec().targets[static_cast<std::size_t>(t)];
    ASSERT_EQ(tg.checkpoints.size(), 2u) << id;
    std::set<Year> years{tg.checkpoints[0].year, tg.checkpoints[1].year};
    EXPECT_EQ(years, (std::set<Year>{2025, 2030})) << id;
    seen.insert(std::string(id).substr(0, 2));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"t1", "t2", "t3", "t4", "t5", "t6", "t7"}));
  auto share = [&](const char* id, Year y) {
    for (const auto& ck : sc.spec().targets[static_cast<std::size_t>(sc.target_index(id))].checkpoints)
      if (ck.year == y) return ck.share.text();
    return std::string("?");
  };
  EXPECT_EQ(share("t2_commune_university", 2025), "0.9");
  EXPECT_EQ(share("t2_commune_university", 2030), "1");
  EXPECT_EQ(share("t3_btv_postgraduate", 2025), "0.6");
  EXPECT_EQ(share("t4_young_international", 2025), "0.15");
  EXPECT_EQ(share("t4_young_international", 2030), "0.25");
  EXPECT_EQ(share("t6_dept_theory_advanced", 2025), "0.5");
  EXPECT_EQ(share("t6_dept_theory_advanced", 2030), "0.7");

  // The two master's programmes: age limits 40 / 45, service 2x / 3x, seat maps split at 2025/2026.
  const auto& progs = sc.spec().programs;
  const Program& d101 = progs[static_cast<std::size_t>(sc.program_index("master_d101"))];
  const Program& d171 = progs[static_cast<std::size_t>(sc.program_index("master_d171"))];
  EXPECT_EQ(d101.eligible.max_age, 40);
  EXPECT_EQ(d171.eligible.max_age, 45);
  EXPECT_EQ(d101.min_service_years_after, 2 * d101.duration_years);
  EXPECT_EQ(d171.min_service_years_after, 3 * d171.duration_years);
  EXPECT_GT(d101.seats.at(2025).value_or(0), 0);
  EXPECT_EQ(d101.seats.at(2026).value_or(0), 0);
  EXPECT_EQ(d171.seats.at(2025).value_or(0), 0);
  EXPECT_GT(d171.seats.at(2026).value_or(0), 0);
  EXPECT_EQ(d171.seats.at(2030).value_or(0), 0);  // a 2030 start could not finish in the horizon
}

TEST(HagiangAcceptance, NobodyIsAtOrPastRetirementAgeIn2022) {
  const Scenario sc = round_trip();
  const Roster& r = sc.roster();
  for (std::size_t c = 0; c < r.size(); ++c) {
    const int age = 2022 - r.birth_year[c];
    const int limit = r.sex[c] == Sex::male ? 62 : 60;
    ASSERT_LT(age, limit) << r.id[c];
    ASSERT_GE(age, 25) << r.id[c];
  }
}

TEST(HagiangPlausibility, AgesFlagsAndSexesLookLikeTheProvince) {
  const Scenario sc = synth::builtin_scenario("hagiang-2022");
  const Census k(sc);
  const Roster& r = k.roster();
  const std::int32_t dept = r.find_flag("dept_leader"), pool = r.find_flag("source_pool");
  ASSERT_GE(dept, 0);
  ASSERT_GE(pool, 0);
  double age_btv = 0, age_pd_other = 0, age_commune = 0, age_pool = 0, age_not_pool = 0;
  std::int64_t n_btv = 0, n_pd_other = 0, n_commune = 0, n_pool = 0, n_not_pool = 0, women = 0;
  for (std::size_t c = 0; c < r.size(); ++c) {
    const double age = 2022 - r.birth_year[c];
    if (k.btv(c)) age_btv += age, ++n_btv;
    else if (k.province_district(c)) age_pd_other += age, ++n_pd_other;
    else age_commune += age, ++n_commune;
    if (r.has_flag(c, pool)) {
      age_pool += age, ++n_pool;
      EXPECT_LE(age, 50) << r.id[c];
    } else {
      age_not_pool += age, ++n_not_pool;
    }
    // dept_leader: province tier, not BTV-managed (target 6's group).
    if (r.has_flag(c, dept)) {
      EXPECT_EQ(r.tier_name(c), "province");
      EXPECT_FALSE(k.btv(c));
    }
    women += r.sex[c] == Sex::female;
  }
  EXPECT_GT(age_btv / n_btv, age_pd_other / n_pd_other + 3);       // BTV-managed older on average
  EXPECT_LT(age_commune / n_commune, age_pd_other / n_pd_other);   // commune leaders younger
  EXPECT_LT(age_pool / n_pool, age_not_pool / n_not_pool - 3);     // the source pool is younger
  EXPECT_GT(k.count([&](std::size_t c) { return r.has_flag(c, dept); }), 500);
  EXPECT_GT(n_pool, 800);
  EXPECT_GT(women, 800);
  EXPECT_LT(women, 1500);
}

TEST(HagiangDeterminism, TwoBuildsGiveTheSameCsvAnotherSeedADifferentOne) {
  const std::string a = io::roster_csv(synth::builtin_scenario("hagiang-2022"));
  EXPECT_EQ(io::roster_csv(synth::builtin_scenario("hagiang-2022")), a);
  ScenarioSpec spec = synth::builtin_spec("hagiang-2022");
  synth::SynthOptions o = synth::builtin_synth_options("hagiang-2022");
  o.seed += 1;
  const std::string b = io::roster_csv(Scenario::build(spec, synth::synthesize_roster(spec, o)));
  EXPECT_NE(b, a);
  EXPECT_EQ(b.size() > 0, true);
}

TEST(HagiangMarginals, BucketCountsAreTheHandComputedOnes) {
  const auto counts = synth::marginal_counts(synth::builtin_spec("hagiang-2022"), synth::builtin_synth_options("hagiang-2022"));
  ASSERT_EQ(counts.size(), 6u);
  using V = std::vector<std::int64_t>;
  // professional levels: none, intermediate, college, university, master, doctor
  EXPECT_EQ(counts[0].group, "btv");
  EXPECT_EQ(counts[0].bucket_counts, (V{168, 216, 0}));
  EXPECT_EQ(counts[0].level_counts, (V{0, 0, 2, 214, 151, 17}));  // 216*0.99 = 213.84 -> 214; 168*0.9 = 151.2 -> 151
  EXPECT_EQ(counts[1].group, "province_district");
  EXPECT_EQ(counts[1].bucket_counts, (V{416, 2453, 74, 0}));
  EXPECT_EQ(counts[1].level_counts, (V{0, 30, 44, 2453, 391, 25}));  // 74*0.6 = 44.4 -> 44; 416*0.06 = 24.96 -> 25
  EXPECT_EQ(counts[2].bucket_counts, (V{34, 1583, 360, 0}));
  EXPECT_EQ(counts[2].level_counts, (V{0, 252, 108, 1583, 34, 0}));  // 360*0.3 = 108
  // political theory levels: none, elementary, intermediate, advanced
  EXPECT_EQ(counts[3].level_counts, (V{0, 0, 0, 384}));
  EXPECT_EQ(counts[4].bucket_counts, (V{862, 1866, 215}));
  EXPECT_EQ(counts[4].level_counts, (V{43, 172, 1866, 862}));  // 215*0.8 = 172
  EXPECT_EQ(counts[5].bucket_counts, (V{107, 1650, 220}));
  EXPECT_EQ(counts[5].level_counts, (V{44, 176, 1650, 107}));  // 220*0.8 = 176
}
