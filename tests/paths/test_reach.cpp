// Earliest possible completion, computed by hand on small scenarios; every
// chain the search returns is checked by rules::check as a plan.
#include <gtest/gtest.h>

#include <string>

#include "paths/paths_support.hpp"

using namespace cadreplan;
using cadreplan::test::chain_passes_check;
using cadreplan::test::chain_text;
using cadreplan::test::scenario_from_text;

namespace {

std::size_t cadre(const Scenario& sc, const std::string& id) { return static_cast<std::size_t>(sc.cadre_index(id)); }

paths::Reach reach(const Scenario& sc, const std::string& id, const std::string& ladder, const std::string& level) {
  const paths::PathGraph g(sc);
  return g.earliest_completion(cadre(sc, id), paths::Goal::from_names(sc, ladder, level));
}

const char* kChainYaml = R"(format: cadreplan/1
name: chain
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, college, university]
  political_theory: [none, intermediate]
credentials: {}
groups: {all: {}}
programs:
  - {id: college, grants: {ladder: professional, level: college}, duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: univ, grants: {ladder: professional, level: university}, requires: {professional: college},
     duration_years: 2, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}
roster: r.csv
)";

}  // namespace

TEST(Reach, SingleProgramStartsInTheFirstYearWithASeat) {
  const char* yaml = R"(format: cadreplan/1
name: single
horizon: {start: 2022, end: 2026}
ladders: {professional: [none, college, university]}
credentials: {}
groups: {all: {}}
programs:
  - {id: univ, grants: {ladder: professional, level: university}, requires: {professional: college},
     duration_years: 3, seats: {2023: 5}, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}
roster: r.csv
)";
  const Scenario sc = scenario_from_text(yaml,
                                         "id,birth_year,sex,tier,flags,professional\n"
                                         "c1,1980,male,commune,,college\n"
                                         "c2,1980,male,commune,,university\n"
                                         "c3,1980,male,commune,,none\n");
  // c1: the only seats are in 2023; 3 years -> holds university at the end of 2025.
  const paths::Reach r1 = reach(sc, "c1", "professional", "university");
  EXPECT_EQ(r1.earliest, 2025);
  EXPECT_FALSE(r1.from_roster);
  EXPECT_EQ(chain_text(sc, r1.chain), "univ@2023");
  EXPECT_EQ(r1.chain[0].completion, 2025);
  EXPECT_TRUE(chain_passes_check(sc, cadre(sc, "c1"), r1.chain));
  // c2 holds it already: the end of the year before the horizon.
  const paths::Reach r2 = reach(sc, "c2", "professional", "university");
  EXPECT_TRUE(r2.from_roster);
  EXPECT_EQ(r2.earliest, 2021);
  EXPECT_TRUE(r2.chain.empty());
  // c3 lacks college and nothing grants it: never.
  const paths::Reach r3 = reach(sc, "c3", "professional", "university");
  EXPECT_FALSE(r3.reachable());
  EXPECT_EQ(r3.earliest, kNever);
  EXPECT_TRUE(r3.chain.empty());
}

TEST(Reach, TwoStepChainCollegeThenUniversity) {
  const Scenario sc = scenario_from_text(kChainYaml,
                                         "id,birth_year,sex,tier,flags,professional,political_theory\n"
                                         "none,1985,male,commune,,none,none\n"
                                         "col,1985,male,commune,,college,none\n");
  // none: college 2022-2023, then university 2024-2025.
  const paths::Reach a = reach(sc, "none", "professional", "university");
  EXPECT_EQ(a.earliest, 2025);
  EXPECT_EQ(chain_text(sc, a.chain), "college@2022 univ@2024");
  EXPECT_TRUE(chain_passes_check(sc, cadre(sc, "none"), a.chain));
  // Reaching college only takes the first step.
  const paths::Reach a1 = reach(sc, "none", "professional", "college");
  EXPECT_EQ(a1.earliest, 2023);
  EXPECT_EQ(chain_text(sc, a1.chain), "college@2022");
  // col: university 2022-2023.
  const paths::Reach b = reach(sc, "col", "professional", "university");
  EXPECT_EQ(b.earliest, 2023);
  EXPECT_EQ(chain_text(sc, b.chain), "univ@2022");
  EXPECT_TRUE(chain_passes_check(sc, cadre(sc, "col"), b.chain));
}

TEST(Reach, CrossLadderRequirementNeedsAProgramOnTheOtherLadder) {
  const char* yaml = R"(format: cadreplan/1
name: cross
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, college, university]
  political_theory: [none, intermediate]
credentials: {}
groups: {all: {}}
programs:
  - {id: theory, grants: {ladder: political_theory, level: intermediate}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: univ, grants: {ladder: professional, level: university},
     requires: {professional: college, political_theory: intermediate}, duration_years: 2, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}
roster: r.csv
)";
  const Scenario sc = scenario_from_text(yaml,
                                         "id,birth_year,sex,tier,flags,professional,political_theory\n"
                                         "a,1985,male,commune,,college,none\n"
                                         "b,1985,male,commune,,college,intermediate\n");
  // a: theory 2022, then university 2023-2024 (the requirement is met at the start of 2023).
  const paths::Reach a = reach(sc, "a", "professional", "university");
  EXPECT_EQ(a.earliest, 2024);
  EXPECT_EQ(chain_text(sc, a.chain), "theory@2022 univ@2023");
  EXPECT_TRUE(chain_passes_check(sc, cadre(sc, "a"), a.chain));
  // b holds the theory level: university 2022-2023.
  const paths::Reach b = reach(sc, "b", "professional", "university");
  EXPECT_EQ(b.earliest, 2023);
  EXPECT_EQ(chain_text(sc, b.chain), "univ@2022");
  // The path graph records the cross-ladder requirement on the edge.
  const paths::PathGraph g(sc);
  bool found = false;
  for (const paths::Edge& e : g.edges())
    if (e.program == sc.program_index("univ")) {
      found = true;
      EXPECT_EQ(e.from, g.level_vertex(0, 1));  // professional:college
      EXPECT_EQ(e.to, g.level_vertex(0, 2));
      ASSERT_EQ(e.cross_requirements.size(), 1u);
      EXPECT_EQ(e.cross_requirements[0], (paths::LevelRef{1, 1}));
    }
  EXPECT_TRUE(found);
}

TEST(Reach, CredentialWithExpiryAtACheckpoint) {
  const char* yaml = R"(format: cadreplan/1
name: expiry
horizon: {start: 2022, end: 2026}
ladders: {professional: [none, college, university]}
credentials:
  ku: {valid_years: 2}
  intl: {}
groups: {all: {}}
programs:
  - {id: ku, grants: {credential: ku}, duration_years: 1, seats: {2022: 5, 2026: 5}, cost_per_year: 1}
  - {id: univ, grants: {ladder: professional, level: university}, requires: {professional: college},
     duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: intl, grants: {credential: intl}, requires: {professional: university}, duration_years: 1, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, credential: ku, checkpoints: {2024: 1}}
roster: r.csv
)";
  const Scenario sc = scenario_from_text(yaml,
                                         "id,birth_year,sex,tier,flags,professional,ku,intl\n"
                                         "k,1985,male,commune,,college,2020,\n");
  const std::size_t k = cadre(sc, "k");
  const paths::PathGraph g(sc);
  const int ku = sc.credential_index("ku");
  const paths::Reach r = g.earliest_completion(k, paths::Goal::holding(ku));
  EXPECT_EQ(r.earliest, 2022);
  EXPECT_EQ(r.completions, (std::vector<Year>{2022, 2026}));
  EXPECT_EQ(r.roster_completion, 2020);
  // Valid at Y: a completion z <= Y with Y - z < 2.
  auto at = [&](Year y) { return g.credential_valid_at(k, ku, y); };
  ASSERT_TRUE(at(2021).has_value());  // the roster's 2020 completion still counts in 2021
  EXPECT_TRUE(at(2021)->empty());
  ASSERT_TRUE(at(2023).has_value());  // 2022 counts in 2022 and 2023
  EXPECT_EQ(chain_text(sc, *at(2023)), "ku@2022");
  EXPECT_FALSE(at(2024).has_value());  // 2022 has expired; no seats in 2023 or 2024
  EXPECT_FALSE(at(2025).has_value());
  ASSERT_TRUE(at(2026).has_value());
  EXPECT_EQ(chain_text(sc, *at(2026)), "ku@2026");
  EXPECT_TRUE(chain_passes_check(sc, k, *at(2026)));
  // A credential that needs a level: university 2022-2023, then intl from 2024.
  const paths::Reach i = g.earliest_completion(k, paths::Goal::from_credential_name(sc, "intl"));
  EXPECT_EQ(i.earliest, 2024);
  EXPECT_EQ(i.completions, (std::vector<Year>{2024, 2025, 2026}));
  EXPECT_EQ(chain_text(sc, i.chain), "univ@2022 intl@2024");
  EXPECT_TRUE(chain_passes_check(sc, k, i.chain));
}

TEST(Reach, AgeLimitClosesBeforeTheFirstStepCompletes) {
  const char* yaml = R"(format: cadreplan/1
name: age
horizon: {start: 2022, end: 2030}
ladders: {professional: [none, college, university, master]}
credentials: {}
groups: {all: {}}
programs:
  - {id: bridge, grants: {ladder: professional, level: university}, requires: {professional: college},
     duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: master, grants: {ladder: professional, level: master}, requires: {professional: university},
     eligible: {max_age: 40}, duration_years: 2, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: master, checkpoints: {2030: 1}}
roster: r.csv
)";
  const Scenario sc = scenario_from_text(yaml,
                                         "id,birth_year,sex,tier,flags,professional\n"
                                         "m39,1983,male,province,,college\n"
                                         "m37,1985,male,province,,college\n"
                                         "u39,1983,male,province,,university\n");
  // m39 is 39 in 2022; the bridge ends in 2023; in 2024 the cadre is 41 > 40: never.
  EXPECT_FALSE(reach(sc, "m39", "professional", "master").reachable());
  // m37 is 39 in 2024: bridge 2022-2023, master 2024-2025.
  const paths::Reach b = reach(sc, "m37", "professional", "master");
  EXPECT_EQ(b.earliest, 2025);
  EXPECT_EQ(chain_text(sc, b.chain), "bridge@2022 master@2024");
  EXPECT_TRUE(chain_passes_check(sc, cadre(sc, "m37"), b.chain));
  // u39 needs no bridge: master at 39 in 2022.
  EXPECT_EQ(reach(sc, "u39", "professional", "master").earliest, 2023);
}

TEST(Reach, MinServiceAfterMakesAChainImpossible) {
  // Men retire at 62: born 1966 -> last active year 2027; born 1967 -> 2028.
  std::string yaml = kChainYaml;
  yaml.replace(yaml.find("horizon: {start: 2022, end: 2026}"), 33, "horizon: {start: 2022, end: 2030}");
  const std::string with_service = "min_service_years_after: 3\n" + yaml;
  const std::string roster =
      "id,birth_year,sex,tier,flags,professional,political_theory\n"
      "b66,1966,male,commune,,none,none\n"
      "b67,1967,male,commune,,none,none\n";
  const Scenario sc = scenario_from_text(with_service, roster);
  // b66: college 2022-2023 (serves to 2026 <= 2027), university 2024-2025 would need 2028.
  EXPECT_FALSE(reach(sc, "b66", "professional", "university").reachable());
  EXPECT_EQ(reach(sc, "b66", "professional", "college").earliest, 2023);
  // b67 serves through 2028: just fits.
  const paths::Reach r = reach(sc, "b67", "professional", "university");
  EXPECT_EQ(r.earliest, 2025);
  EXPECT_TRUE(chain_passes_check(sc, cadre(sc, "b67"), r.chain));
  // Without the service requirement b66 reaches it too.
  const Scenario free = scenario_from_text(yaml, roster);
  EXPECT_EQ(reach(free, "b66", "professional", "university").earliest, 2025);
}

TEST(Reach, MaxConcurrentProgramsOneVersusTwo) {
  const std::string yaml = R"(format: cadreplan/1
name: concurrency
horizon: {start: 2022, end: 2025}
max_concurrent_programs: MAXC
ladders:
  professional: [none, college, university]
  political_theory: [none, intermediate]
credentials: {}
groups: {all: {}}
programs:
  - {id: college, grants: {ladder: professional, level: college}, duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: theory, grants: {ladder: political_theory, level: intermediate}, duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: univ, grants: {ladder: professional, level: university},
     requires: {professional: college, political_theory: intermediate}, duration_years: 1, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2025: 1}}
roster: r.csv
)";
  const std::string roster = "id,birth_year,sex,tier,flags,professional,political_theory\nc,1985,male,commune,,none,none\n";
  auto with = [&](int m) {
    std::string y = yaml;
    y.replace(y.find("MAXC"), 4, std::to_string(m));
    return scenario_from_text(y, roster);
  };
  // Two at once: college and theory 2022-2023 side by side, university in 2024.
  const Scenario two = with(2);
  const paths::Reach r2 = reach(two, "c", "professional", "university");
  EXPECT_EQ(r2.earliest, 2024);
  EXPECT_EQ(chain_text(two, r2.chain), "college@2022 theory@2022 univ@2024");
  EXPECT_TRUE(chain_passes_check(two, 0, r2.chain));
  // One at a time: 2 + 2 + 1 years from 2022 end in 2026, after the horizon.
  const Scenario one = with(1);
  EXPECT_FALSE(reach(one, "c", "professional", "university").reachable());
  // ... and the chain that fits with two breaks rule 7 with one.
  const rules::Evaluation ev = rules::check(one, cadreplan::test::chain_plan(0, r2.chain));
  EXPECT_FALSE(ev.valid);
  EXPECT_GT(cadreplan::test::count_rule(ev, 7), 0);
}

TEST(Reach, BadArgumentsThrowOptionsError) {
  const Scenario sc = scenario_from_text(kChainYaml, "id,birth_year,sex,tier,flags,professional,political_theory\n"
                                                     "a,1985,male,commune,,none,none\n");
  const paths::PathGraph g(sc);
  EXPECT_THROW(g.earliest_completion(5, paths::Goal::at_least(0, 1)), OptionsError);
  EXPECT_THROW(g.earliest_completion(0, paths::Goal::at_least(0, 7)), OptionsError);
  EXPECT_THROW(g.earliest_completion(0, paths::Goal::holding(0)), OptionsError);
  EXPECT_THROW(g.credential_valid_at(0, 3, 2024), OptionsError);
  EXPECT_THROW(paths::Goal::from_names(sc, "professional", "doctor"), OptionsError);
  EXPECT_THROW(paths::Goal::from_names(sc, "language", "none"), OptionsError);
  EXPECT_THROW(paths::Goal::of_target(sc, 3), OptionsError);
  EXPECT_EQ(paths::Goal::of_target(sc, 0), paths::Goal::at_least(0, 2));
}
