// Synthetic national scenarios: determinism, counts, validity, bounded diversity.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cadreplan/core/error.hpp"
#include "cadreplan/io/io.hpp"
#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/national.hpp"
#include "optimize/cohorts.hpp"

using namespace cadreplan;
using namespace cadreplan::synth;

namespace {

NationalOptions small(std::size_t cadres = 20000, std::uint64_t seed = 1) {
  NationalOptions o;
  o.cadres = cadres;
  o.seed = seed;
  return o;
}

std::size_t checkpoint_count(const ScenarioSpec& s) {
  std::size_t n = 0;
  for (const auto& t : s.targets) n += t.checkpoints.size();
  return n;
}

/// The province flag of cadre @p c (the one flag that is a province slug).
std::string province_of(const Roster& r, std::size_t c, const std::set<std::string>& slugs) {
  for (std::uint32_t i = r.flag_offset[c]; i < r.flag_offset[c + 1]; ++i) {
    const std::string& f = r.flag_names[static_cast<std::size_t>(r.flag_id[i])];
    if (slugs.count(f)) return f;
  }
  return "";
}

}  // namespace

TEST(National, SameOptionsGiveTheSameFilesByteForByte) {
  const Scenario a = national(small(16000, 7));
  const Scenario b = national(small(16000, 7));
  EXPECT_EQ(io::scenario_yaml(a.spec(), "roster.csv"), io::scenario_yaml(b.spec(), "roster.csv"));
  EXPECT_EQ(io::roster_csv(a), io::roster_csv(b));
}

TEST(National, AnotherSeedGivesAnotherScenario) {
  const Scenario a = national(small(16000, 1));
  const Scenario b = national(small(16000, 2));
  EXPECT_NE(io::roster_csv(a), io::roster_csv(b));
  EXPECT_NE(io::scenario_yaml(a.spec(), "roster.csv"), io::scenario_yaml(b.spec(), "roster.csv"));
}

TEST(National, HasTheAdvertisedShape) {
  const Scenario sc = national(small());
  const ScenarioSpec& s = sc.spec();
  EXPECT_EQ(sc.roster().size(), 20000u);
  EXPECT_EQ(s.start, 2021);
  EXPECT_EQ(s.end, 2030);
  EXPECT_EQ(s.programs.size(), 30u);
  EXPECT_EQ(s.targets.size(), 6u + 3u * 63u);
  EXPECT_EQ(checkpoint_count(s), 199u);
  EXPECT_EQ(s.groups.size(), 6u + 5u * 63u);
  ASSERT_TRUE(s.budget.has_value());
  EXPECT_GT(*s.budget->default_value, 0);

  // Every province has its cadres (>= 250), in all three tiers, some BTV-managed.
  const std::vector<std::string> provinces = national_provinces();
  ASSERT_EQ(provinces.size(), 63u);
  const std::set<std::string> slugs(provinces.begin(), provinces.end());
  EXPECT_EQ(slugs.size(), 63u);
  const Roster& r = sc.roster();
  const std::int32_t btv = r.find_flag("btv_managed");
  std::map<std::string, std::map<std::string, int>> seen;  // province -> tier (and "btv") -> count
  for (std::size_t c = 0; c < r.size(); ++c) {
    const std::string p = province_of(r, c, slugs);
    ASSERT_FALSE(p.empty()) << "cadre " << r.id[c] << " has no province flag";
    ++seen[p][r.tier_name(c)];
    ++seen[p]["all"];
    if (r.has_flag(c, btv)) ++seen[p]["btv"];
  }
  ASSERT_EQ(seen.size(), 63u);
  for (auto& [p, counts] : seen) {
    EXPECT_GE(counts["all"], 250) << p;
    EXPECT_GT(counts["province"], 0) << p;
    EXPECT_GT(counts["district"], 0) << p;
    EXPECT_GT(counts["commune"], 0) << p;
    EXPECT_GT(counts["btv"], 0) << p;
  }
}

TEST(National, ValidatesWithoutWarnings) {
  for (int provinces : {1, 4, 25, 63}) {
    NationalOptions o = small(300 * static_cast<std::size_t>(provinces) + 17, 3);
    o.provinces = provinces;
    const Scenario sc = national(o);
    EXPECT_TRUE(sc.warnings().empty()) << provinces << " provinces: " << sc.warnings().front().to_string();
    EXPECT_EQ(sc.spec().targets.size(), 6u + 3u * static_cast<std::size_t>(provinces));
  }
}

TEST(National, RoundTripsThroughFiles) {
  const Scenario sc = national(small(16000, 5));
  SourceMap src;
  const std::string yaml = io::scenario_yaml(sc.spec(), "roster.csv");
  ScenarioSpec spec = io::parse_scenario(yaml, "scenario.yaml", src);
  Roster roster = io::parse_roster(io::roster_csv(sc), "roster.csv", spec);
  const Scenario back = Scenario::build(std::move(spec), std::move(roster), std::move(src));
  EXPECT_TRUE(back.warnings().empty());
  EXPECT_EQ(io::scenario_yaml(back.spec(), "roster.csv"), yaml);
  EXPECT_EQ(io::roster_csv(back), io::roster_csv(sc));
}

TEST(National, TargetsAreAboveTheBaselineAndBudgetsExist) {
  const Scenario sc = national(small());
  const rules::Evaluation base = rules::baseline(sc);
  // Every province target asks for more than the roster already has.
  std::size_t short_at_baseline = 0;
  for (const auto& ck : base.checkpoints) short_at_baseline += ck.shortfall > 0 ? 1 : 0;
  EXPECT_GE(short_at_baseline, 190u);
  EXPECT_GT(base.S, 0);
}

TEST(National, OnlyTheDocumentedAgeThresholdsSplitCadres) {
  // Bounded diversity (national.hpp): programme eligibility reads age only
  // through max_age 45, groups only through max_age 39; no selector reads sex.
  const Scenario sc = national(small());
  for (const auto& p : sc.spec().programs) {
    EXPECT_FALSE(p.eligible.min_age.has_value()) << p.id;
    EXPECT_FALSE(p.eligible.sex.has_value()) << p.id;
    if (p.eligible.max_age) EXPECT_EQ(*p.eligible.max_age, 45) << p.id;
  }
  for (const auto& g : sc.spec().groups) {
    EXPECT_FALSE(g.selector.min_age.has_value()) << g.name;
    EXPECT_FALSE(g.selector.sex.has_value()) << g.name;
    if (g.selector.max_age) EXPECT_EQ(*g.selector.max_age, 39) << g.name;
  }
  // So cohorts are far fewer than cadres, and grow much slower than the
  // roster (20,000 -> 80,000 cadres: about 8,900 -> 18,300 cohorts).
  const optimize::CohortSet a(sc, 1);
  const optimize::CohortSet b(national(small(80000)), 1);
  EXPECT_LT(a.size(), sc.roster().size() / 2);
  EXPECT_LT(b.size(), a.size() * 5 / 2);
}

TEST(National, GreedyPlansAreValid) {
  NationalOptions o = small(2000, 9);
  o.provinces = 5;
  const Scenario sc = national(o);
  SolveOptions so;
  so.strategy = "greedy";
  const SolveResult r = solve(sc, so);
  EXPECT_TRUE(r.evaluation.valid);
  EXPECT_LT(r.report.S, rules::baseline(sc).S);
}

TEST(National, RejectsBadOptions) {
  NationalOptions o;
  o.provinces = 0;
  EXPECT_THROW(national(o), OptionsError);
  o.provinces = 64;
  EXPECT_THROW(national(o), OptionsError);
  o = NationalOptions{};
  o.cadres = 63 * 250 - 1;
  std::string why;
  EXPECT_FALSE(o.is_valid(&why));
  EXPECT_NE(why.find("250"), std::string::npos);
  EXPECT_THROW(national(o), OptionsError);
  o = NationalOptions{};
  o.seat_scale = 0;
  EXPECT_THROW(national(o), OptionsError);
  o = NationalOptions{};
  o.years = 3;
  EXPECT_THROW(national(o), OptionsError);
}
