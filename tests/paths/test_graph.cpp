// The training-path graph: vertices, edges, cross-ladder cycles, and the
// programs nobody in the roster can ever take.
#include <gtest/gtest.h>

#include <string>

#include "paths/paths_support.hpp"
#include "support/check_helpers.hpp"

using namespace cadreplan;
using cadreplan::test::names_all;
using cadreplan::test::scenario_from_text;

TEST(PathGraph, VerticesAndEdges) {
  const char* yaml = R"(format: cadreplan/1
name: shape
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, college, university]
  political_theory: [none, intermediate]
credentials: {ku: {valid_years: 5}}
groups: {all: {}}
programs:
  - {id: college, grants: {ladder: professional, level: college}, duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: univ, grants: {ladder: professional, level: university}, requires: {professional: college, political_theory: intermediate},
     duration_years: 2, seats: 5, cost_per_year: 1}
  - {id: theory, grants: {ladder: political_theory, level: intermediate}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: ku, grants: {credential: ku}, requires: {professional: college}, duration_years: 1, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}
roster: r.csv
)";
  const Scenario sc = scenario_from_text(yaml, "id,birth_year,sex,tier,flags,professional,political_theory,ku\n"
                                               "a,1985,male,commune,,none,none,\n");
  const paths::PathGraph g(sc);
  // (anyone) + 3 + 2 levels + 1 credential.
  ASSERT_EQ(g.vertices().size(), 7u);
  EXPECT_EQ(g.vertices()[0].kind, paths::Vertex::Kind::anyone);
  EXPECT_EQ(g.vertices()[static_cast<std::size_t>(g.level_vertex(0, 2))].name, "professional:university");
  EXPECT_EQ(g.vertices()[static_cast<std::size_t>(g.credential_vertex(0))].name, "credential:ku");
  ASSERT_EQ(g.edges().size(), 4u);
  // college: from the ladder's lowest level; univ: from college, theory recorded as cross-ladder.
  EXPECT_EQ(g.edges()[0].from, g.level_vertex(0, 0));
  EXPECT_EQ(g.edges()[0].to, g.level_vertex(0, 1));
  EXPECT_EQ(g.edges()[1].from, g.level_vertex(0, 1));
  EXPECT_EQ(g.edges()[1].cross_requirements, (std::vector<paths::LevelRef>{{1, 1}}));
  // ku: from (anyone) to the credential, its requirement recorded.
  EXPECT_EQ(g.edges()[3].from, 0);
  EXPECT_EQ(g.edges()[3].to, g.credential_vertex(0));
  EXPECT_EQ(g.edges()[3].cross_requirements, (std::vector<paths::LevelRef>{{0, 1}}));
  EXPECT_TRUE(g.cycles().empty());
  EXPECT_TRUE(g.unusable_programs().empty());
  // Programs towards university: college, univ, theory (not ku). Towards ku: college, ku.
  EXPECT_EQ(g.programs_towards(paths::Goal::at_least(0, 2)), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(g.programs_towards(paths::Goal::holding(0)), (std::vector<int>{0, 3}));
  EXPECT_EQ(g.programs_towards(paths::Goal::at_least(1, 1)), (std::vector<int>{2}));
  EXPECT_THROW(g.level_vertex(2, 0), OptionsError);
  EXPECT_THROW(g.credential_vertex(1), OptionsError);
  EXPECT_NE(g.brief_report().find("univ: professional:college -> professional:university [needs political_theory 'intermediate']"),
            std::string::npos)
      << g.brief_report();
}

TEST(PathGraph, CycleThroughCrossLadderRequirementsIsAWarning) {
  // univ_x grants university and requires advanced theory; theory_x grants
  // advanced theory and requires university. theory_ok's cross requirement is
  // on no cycle.
  const char* yaml = R"(format: cadreplan/1
name: cycle
horizon: {start: 2022, end: 2026}
ladders:
  professional: [none, college, university]
  political_theory: [none, intermediate, advanced]
credentials: {}
groups: {all: {}}
programs:
  - {id: college, grants: {ladder: professional, level: college}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: univ_x, grants: {ladder: professional, level: university}, requires: {professional: college, political_theory: advanced},
     duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: theory_ok, grants: {ladder: political_theory, level: intermediate}, requires: {professional: college},
     duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: theory_x, grants: {ladder: political_theory, level: advanced}, requires: {political_theory: intermediate, professional: university},
     duration_years: 1, seats: 5, cost_per_year: 1}
targets:
  - {id: t, group: all, ladder: professional, at_least: university, checkpoints: {2026: 1}}
roster: r.csv
)";
  const Scenario sc = scenario_from_text(yaml, "id,birth_year,sex,tier,flags,professional,political_theory\n"
                                               "stuck,1985,male,commune,,college,intermediate\n"
                                               "free,1985,male,commune,,college,advanced\n");
  const paths::PathGraph g(sc);
  ASSERT_EQ(g.cycles().size(), 1u);
  const paths::CycleWarning& w = g.cycles()[0];
  EXPECT_EQ(w.programs, (std::vector<int>{sc.program_index("univ_x"), sc.program_index("theory_x")}));
  EXPECT_TRUE(names_all(w.message, {"cycle", "'univ_x'", "'theory_x'", "professional 'university'", "political_theory 'advanced'"}));
  EXPECT_EQ(w.message.find("theory_ok"), std::string::npos);
  EXPECT_TRUE(w.blocking);
  EXPECT_EQ(w.vertices, (std::vector<int>{g.level_vertex(0, 2), g.level_vertex(1, 2)}));
  // The cycle is real for a cadre holding neither level, not for one holding one of them.
  EXPECT_FALSE(g.earliest_completion(0, paths::Goal::at_least(0, 2)).reachable());
  EXPECT_EQ(g.earliest_completion(1, paths::Goal::at_least(0, 2)).earliest, 2022);
  // The why-not calls it no_program for the stuck cadre.
  const paths::WhyNotReport rep = paths::why_not(g);
  ASSERT_EQ(rep.checkpoints.size(), 1u);
  EXPECT_EQ(rep.checkpoints[0].short_members, 2);
  EXPECT_EQ(rep.checkpoints[0].can_reach, 1);
  EXPECT_EQ(rep.checkpoints[0].count(paths::Reason::no_program), 1);

  // Another way to advanced theory breaks the cycle: still reported, not blocking.
  std::string bypass = yaml;
  bypass.insert(bypass.find("targets:"),
                "  - {id: theory_direct, grants: {ladder: political_theory, level: advanced}, requires: {political_theory: intermediate},\n"
                "     duration_years: 1, seats: 5, cost_per_year: 1}\n");
  const Scenario sc2 = scenario_from_text(bypass, "id,birth_year,sex,tier,flags,professional,political_theory\n"
                                                  "stuck,1985,male,commune,,college,intermediate\n");
  const paths::PathGraph g2(sc2);
  ASSERT_EQ(g2.cycles().size(), 1u);
  EXPECT_FALSE(g2.cycles()[0].blocking);
  EXPECT_TRUE(names_all(g2.cycles()[0].message, {"other programs break the cycle"}));
  // theory_direct 2022, then univ_x 2023.
  EXPECT_EQ(g2.earliest_completion(0, paths::Goal::at_least(0, 2)).earliest, 2023);
}

TEST(PathGraph, ProgramsNobodyCanEverTakeWithTheirReason) {
  const char* yaml = R"(format: cadreplan/1
name: unusable
horizon: {start: 2022, end: 2025}
ladders: {professional: [none, college, university]}
credentials: {ku: {}}
groups: {all: {}}
programs:
  - {id: fine, grants: {ladder: professional, level: college}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: long, grants: {ladder: professional, level: university}, duration_years: 5, seats: 5, cost_per_year: 1}
  - {id: lowest, grants: {ladder: professional, level: none}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: late_seats, grants: {credential: ku}, duration_years: 2, seats: {2025: 9}, cost_per_year: 1}
  - {id: elite, grants: {credential: ku}, eligible: {flags: [minister]}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: teens, grants: {credential: ku}, eligible: {max_age: 20}, duration_years: 1, seats: 5, cost_per_year: 1}
  - {id: bonded, grants: {credential: ku}, eligible: {min_age: 58}, duration_years: 1, seats: 5, cost_per_year: 1,
     min_service_years_after: 5}
targets:
  - {id: t, group: all, credential: ku, checkpoints: {2025: 1}}
roster: r.csv
)";
  // Oldest: a man of 60 in 2022 (active through 2023).
  const Scenario sc = scenario_from_text(yaml, "id,birth_year,sex,tier,flags,professional,ku\n"
                                               "a,1985,male,commune,,none,\n"
                                               "b,1962,male,commune,,none,\n");
  const paths::PathGraph g(sc);
  const auto& u = g.unusable_programs();
  ASSERT_EQ(u.size(), 6u) << g.brief_report();
  auto expect = [&](std::size_t i, const char* id, paths::UnusableReason why, std::initializer_list<std::string> words) {
    EXPECT_EQ(u[i].program, sc.program_index(id));
    EXPECT_EQ(u[i].reason, why) << paths::to_string(u[i].reason);
    EXPECT_TRUE(names_all(u[i].message, words));
  };
  expect(0, "long", paths::UnusableReason::longer_than_horizon, {"'long'", "5 years", "2022–2025"});
  expect(1, "lowest", paths::UnusableReason::cannot_raise, {"'lowest'", "lowest level"});
  expect(2, "late_seats", paths::UnusableReason::no_seats, {"'late_seats'", "no seats", "2024"});
  expect(3, "elite", paths::UnusableReason::not_eligible, {"'elite'", "flags minister"});
  expect(4, "teens", paths::UnusableReason::not_eligible, {"'teens'", "max_age 20"});
  expect(5, "bonded", paths::UnusableReason::retired, {"'bonded'", "5 more year"});
  EXPECT_EQ(paths::to_string(paths::UnusableReason::retired), "retired");
}
