// Roster synthesis from marginals: nesting, complements, errors, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cadreplan/core/error.hpp"
#include "cadreplan/io/io.hpp"
#include "cadreplan/synth/roster_synth.hpp"
#include "synth/random.hpp"

using namespace cadreplan;
using namespace cadreplan::synth;

namespace {

ScenarioSpec small_spec() {
  ScenarioSpec s;
  s.name = "small";
  s.start = 2022;
  s.end = 2026;
  s.ladders = {{"edu", {"none", "low", "high"}}};
  s.credentials = {{"course", 3}};
  s.groups = {{"all", Selector{}}};
  s.roster = "roster.csv";
  return s;
}

Selector tier(std::string t) {
  Selector s;
  s.tier = std::vector<std::string>{std::move(t)};
  return s;
}
Selector flag(std::string f) {
  Selector s;
  s.flags = {std::move(f)};
  return s;
}

/// Strata: A (x, flag f, 10), B (x, 30), C (y, 20). Groups: fx = {flag f} (10)
/// nested in x = {tier x} (40); y = {tier y} (20).
SynthOptions small_options() {
  SynthOptions o;
  o.seed = 42;
  const std::vector<AgeBand> ages{{25, 39, 0.5}, {40, 59, 0.5}};
  o.strata = {
      {"A", "x", {"f"}, 10, 0.3, ages, {}, {{"pool", 0.5, std::nullopt, 45}}, {{"course", 0.4, 2019, 2021, std::nullopt, std::nullopt}}},
      {"B", "x", {}, 30, 0.5, ages, {}, {}, {}},
      {"C", "y", {}, 20, 0.0, ages, {}, {}, {}},
  };
  o.groups = {{"fx", flag("f")}, {"x", tier("x")}, {"y", tier("y")}};
  const LevelBucket high{"high", {"high"}, {}}, low{"low", {"low"}, {}}, none{"none", {"none"}, {}};
  o.marginals = {
      {"fx", "edu", {{high, 0.5}, {low, 0.5}}, none},            // 5 high, 5 low
      {"x", "edu", {{high, 0.3}, {low, 0.5}}, none},             // of 40: 12 high, 20 low, 8 none
      {"y", "edu", {{{"low or high", {"low", "high"}, {0.75, 0.25}}, 1.0}}, std::nullopt},  // 20 -> 15 low, 5 high
  };
  return o;
}

std::int64_t count_if_rows(const Roster& r, auto pred) {
  std::int64_t n = 0;
  for (std::size_t c = 0; c < r.size(); ++c) n += pred(c) ? 1 : 0;
  return n;
}

std::string csv_of(const ScenarioSpec& spec, const SynthOptions& o) {
  return io::roster_csv(Scenario::build(spec, synthesize_roster(spec, o)));
}

std::string error_of(const ScenarioSpec& spec, const SynthOptions& o) {
  try {
    synthesize_roster(spec, o);
  } catch (const OptionsError& e) {
    return e.what();
  }
  return "(no OptionsError)";
}

}  // namespace

TEST(SynthNested, ContainingGroupMinusNestedGivesTheComplement) {
  const ScenarioSpec spec = small_spec();
  const SynthOptions o = small_options();
  const auto counts = marginal_counts(spec, o);
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].size, 10);
  EXPECT_EQ(counts[0].level_counts, (std::vector<std::int64_t>{0, 5, 5}));
  EXPECT_EQ(counts[1].size, 40);
  EXPECT_EQ(counts[1].bucket_labels, (std::vector<std::string>{"high", "low", "none"}));
  EXPECT_EQ(counts[1].bucket_counts, (std::vector<std::int64_t>{12, 20, 8}));  // remainder 20% of 40
  EXPECT_EQ(counts[2].level_counts, (std::vector<std::int64_t>{0, 15, 5}));

  const Roster r = synthesize_roster(spec, o);
  ASSERT_EQ(r.size(), 60u);
  const std::int32_t f = r.find_flag("f"), x = r.find_tier("x");
  for (int v = 0; v < 3; ++v) {
    const std::int64_t in_x = count_if_rows(r, [&](std::size_t c) { return r.tier[c] == x && r.level[0][c] == v; });
    const std::int64_t in_f = count_if_rows(r, [&](std::size_t c) { return r.has_flag(c, f) && r.level[0][c] == v; });
    EXPECT_EQ(in_x, counts[1].level_counts[static_cast<std::size_t>(v)]) << "level " << v;
    EXPECT_EQ(in_f, counts[0].level_counts[static_cast<std::size_t>(v)]) << "level " << v;
  }
  // Complement x \ fx (stratum B): 12-5 high, 20-5 low, 8 none.
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.tier[c] == x && !r.has_flag(c, f) && r.level[0][c] == 2; }), 7);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.tier[c] == x && !r.has_flag(c, f) && r.level[0][c] == 1; }), 15);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.tier[c] == x && !r.has_flag(c, f) && r.level[0][c] == 0; }), 8);
}

TEST(SynthNested, NegativeComplementIsAnErrorNamingGroupAndLevel) {
  const ScenarioSpec spec = small_spec();
  SynthOptions o = small_options();
  o.marginals[0].shares = {{{"high", {"high"}, {}}, 1.0}};  // all 10 of fx high ...
  o.marginals[1].shares[0].share = 0.2;                      // ... but only 8 of x
  const std::string m = error_of(spec, o);
  EXPECT_NE(m.find("'x'"), std::string::npos) << m;
  EXPECT_NE(m.find("'high'"), std::string::npos) << m;
  EXPECT_NE(m.find("'fx'"), std::string::npos) << m;
  EXPECT_NE(m.find("-2"), std::string::npos) << m;
  EXPECT_THROW(marginal_counts(spec, o), OptionsError);
}

TEST(SynthErrors, SharesAboveOneNameTheGroupAndTheSum) {
  const ScenarioSpec spec = small_spec();
  SynthOptions o = small_options();
  o.marginals[1].shares[1].share = 0.75;  // 0.3 + 0.75 = 1.05
  const std::string m = error_of(spec, o);
  EXPECT_NE(m.find("'x'"), std::string::npos) << m;
  EXPECT_NE(m.find("1.05"), std::string::npos) << m;

  o = small_options();
  o.marginals[1].shares[1].share = 1.5;
  EXPECT_NE(error_of(spec, o).find("1.5"), std::string::npos);
}

TEST(SynthErrors, MissingRemainderUnknownLevelOverlapAndCoverage) {
  const ScenarioSpec spec = small_spec();
  SynthOptions o = small_options();
  o.marginals[1].remainder.reset();
  EXPECT_NE(error_of(spec, o).find("remainder"), std::string::npos);

  o = small_options();
  o.marginals[1].shares[0].bucket.levels = {"phd"};
  EXPECT_NE(error_of(spec, o).find("'phd'"), std::string::npos);

  o = small_options();
  // A group {A, C} overlaps x = {A, B} on A without either containing the other.
  o.strata[0].flags = {"f", "g"};
  o.strata[2].flags = {"g"};
  o.groups.push_back({"ac", flag("g")});
  o.marginals.push_back({"ac", "edu", {{{"high", {"high"}, {}}, 1.0}}, std::nullopt});
  EXPECT_NE(error_of(spec, o).find("overlap"), std::string::npos) << error_of(spec, o);

  o = small_options();
  o.marginals.pop_back();  // stratum C has no marginal on "edu"
  const std::string m = error_of(spec, o);
  EXPECT_NE(m.find("'C'"), std::string::npos) << m;
}

TEST(SynthErrors, BadStrataNameTheStratumAndTheValue) {
  const ScenarioSpec spec = small_spec();
  SynthOptions o = small_options();
  o.strata[1].female_share = 1.2;
  std::string m = error_of(spec, o);
  EXPECT_NE(m.find("'B'"), std::string::npos) << m;
  EXPECT_NE(m.find("1.2"), std::string::npos) << m;

  o = small_options();
  o.strata[1].count = -3;
  m = error_of(spec, o);
  EXPECT_NE(m.find("'B'"), std::string::npos) << m;
  EXPECT_NE(m.find("-3"), std::string::npos) << m;

  o = small_options();
  o.strata[1].ages = {{62, 70, 1.0}};  // past the default retirement age of men (62) and women (60)
  m = error_of(spec, o);
  EXPECT_NE(m.find("'B'"), std::string::npos) << m;
  EXPECT_NE(m.find("62-70"), std::string::npos) << m;

  o = small_options();
  o.strata[0].extra_flags[0].max_age = 26;  // 5 of 10 cannot be found aged <= 26
  m = error_of(spec, o);
  EXPECT_NE(m.find("'pool'"), std::string::npos) << m;

  o = small_options();
  o.strata[0].credentials[0].last_year = 2023;  // after the horizon start
  m = error_of(spec, o);
  EXPECT_NE(m.find("'course'"), std::string::npos) << m;

  std::string why;
  EXPECT_FALSE(o.is_valid(spec, &why));
  EXPECT_EQ(why, m);
  EXPECT_TRUE(small_options().is_valid(spec));
}

TEST(SynthPeople, StrataCountsFlagsCredentialsAndAges) {
  const ScenarioSpec spec = small_spec();
  const SynthOptions o = small_options();
  const Scenario sc = Scenario::build(spec, synthesize_roster(spec, o));
  EXPECT_TRUE(sc.warnings().empty());
  const Roster& r = sc.roster();
  EXPECT_EQ(r.id.front(), "c0001");
  EXPECT_EQ(r.id.back(), "c0060");
  const std::int32_t pool = r.find_flag("pool"), f = r.find_flag("f");
  // Stratum A: 30% of 10 women = 3; 50% pool = 5, all aged <= 45; 40% course = 4 in 2019..2021.
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.has_flag(c, f) && r.sex[c] == Sex::female; }), 3);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.has_flag(c, pool); }), 5);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.has_flag(c, pool) && 2022 - r.birth_year[c] > 45; }), 0);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.credential[0][c] != kNever; }), 4);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.credential[0][c] != kNever && (r.credential[0][c] < 2019 || r.credential[0][c] > 2021); }), 0);
  // Stratum C: no women. Age bands: half 25-39, half 40-59, per sex.
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.tier_name(c) == "y" && r.sex[c] == Sex::female; }), 0);
  EXPECT_EQ(count_if_rows(r, [&](std::size_t c) { return r.tier_name(c) == "y" && 2022 - r.birth_year[c] <= 39; }), 10);
  for (std::size_t c = 0; c < r.size(); ++c) {
    const int age = 2022 - r.birth_year[c];
    EXPECT_GE(age, 25);
    EXPECT_LE(age, 59);
  }
}

TEST(SynthDeterminism, SameSeedSameCsvDifferentSeedDifferentCsv) {
  const ScenarioSpec spec = small_spec();
  SynthOptions o = small_options();
  const std::string a = csv_of(spec, o);
  EXPECT_EQ(csv_of(spec, o), a);
  o.seed = 43;
  EXPECT_NE(csv_of(spec, o), a);
}

TEST(SynthRandom, BoundedDrawsAndShuffleArePortableAndUniformEnough) {
  // below(n) for a power of two takes the engine's raw output modulo n (no rejection).
  cadreplan::synth::detail::Random a(99);
  std::mt19937_64 e(99);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.below(1024), e() % 1024);
  // Fisher-Yates gives a permutation, the same for the same seed.
  std::vector<int> v(100), w;
  for (int i = 0; i < 100; ++i) v[static_cast<std::size_t>(i)] = i;
  w = v;
  cadreplan::synth::detail::Random r1(5), r2(5);
  r1.shuffle(v);
  r2.shuffle(w);
  EXPECT_EQ(v, w);
  EXPECT_EQ(std::set<int>(v.begin(), v.end()).size(), 100u);
  // between() stays in range and hits both ends.
  cadreplan::synth::detail::Random r3(1);
  std::set<int> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(r3.between(3, 7));
  EXPECT_EQ(seen, (std::set<int>{3, 4, 5, 6, 7}));
}
