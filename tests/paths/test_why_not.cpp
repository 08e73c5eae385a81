// The "why not" per target checkpoint: every reason with exact counts on a
// hand-built scenario; agreement with per-cadre earliest completion on
// generated scenarios; the built-in Hà Giang scenario.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/generate.hpp"
#include "model/compiled.hpp"
#include "paths/paths_support.hpp"
#include "support/check_helpers.hpp"

using namespace cadreplan;
using cadreplan::test::names_all;
using cadreplan::test::scenario_from_text;
using paths::Reason;

namespace {

// One target per reason, each with its own group (a flag per group).
// Men retire at 62, women at 60; max_concurrent_programs 1.
const char* kReasonsYaml = R"(format: cadreplan/1
name: reasons
horizon: {start: 2022, end: 2026}
retirement_age: {male: 62, female: 60}
ladders:
  professional: [none, college, university, master]
  theory: [none, intermediate, advanced]
  language: [none, basic, fluent]
credentials:
  cert: {valid_years: 2}
groups:
  ret: {flags: [ret]}
  lang: {flags: [lang]}
  elig: {flags: [elig]}
  agef: {flags: [agef]}
  seat: {flags: [seat]}
  late: {flags: [late]}
  conc: {flags: [conc]}
  certg: {flags: [certf]}
programs:
  - {id: college, grants: {ladder: professional, level: college}, eligible: {tier: [commune]}, duration_years: 2, seats: 10, cost_per_year: 1}
  - {id: univ, grants: {ladder: professional, level: university}, requires: {professional: college},
     duration_years: 2, seats: 10, cost_per_year: 1, min_service_years_after: 3}
  - {id: master, grants: {ladder: professional, level: master}, requires: {professional: university},
     eligible: {max_age: 40}, duration_years: 2, seats: 10, cost_per_year: 1}
  - {id: theory_int, grants: {ladder: theory, level: intermediate}, eligible: {min_age: 30}, duration_years: 1,
     seats: {2022: 10}, cost_per_year: 1}
  - {id: theory_adv, grants: {ladder: theory, level: advanced}, requires: {theory: intermediate, professional: university},
     duration_years: 2, seats: 10, cost_per_year: 1}
  - {id: lang, grants: {ladder: language, level: basic}, duration_years: 1, seats: 10, cost_per_year: 1}
  - {id: cert, grants: {credential: cert}, duration_years: 1, seats: {2022: 5, 2023: 5}, cost_per_year: 1}
targets:
  - {id: t_ret, group: ret, ladder: professional, at_least: university, checkpoints: {2025: 1}}
  - {id: t_noprog, group: lang, ladder: language, at_least: fluent, checkpoints: {2026: 1}}
  - {id: t_elig, group: elig, ladder: professional, at_least: college, checkpoints: {2026: 1}}
  - {id: t_age, group: agef, ladder: professional, at_least: master, checkpoints: {2026: 1}}
  - {id: t_seats, group: seat, ladder: theory, at_least: intermediate, checkpoints: {2026: 1}}
  - {id: t_late, group: late, ladder: professional, at_least: university, checkpoints: {2023: 1}}
  - {id: t_conc, group: conc, ladder: theory, at_least: advanced, checkpoints: {2025: 1}}
  - {id: t_cert, group: certg, credential: cert, checkpoints: {2024: 1, 2026: 1}}
roster: r.csv
)";

const char* kReasonsRoster = R"(id,birth_year,sex,tier,flags,professional,theory,language,cert
r58m,1964,male,commune,ret,college,none,none,
r60m,1962,male,commune,ret,college,none,none,
r47m,1975,male,commune,ret,college,none,none,
runi,1975,male,commune,ret,university,none,none,
r56f,1966,female,commune,ret,college,none,none,
l1,1980,male,district,lang,none,none,none,
l2,1980,male,district,lang,none,none,basic,
l3,1980,male,district,lang,none,none,fluent,
e1,1985,male,district,elig,none,none,none,
e2,1985,male,province,elig,none,none,none,
e3,1985,male,commune,elig,none,none,none,
a45,1977,male,province,agef,university,none,none,
a39,1983,male,province,agef,university,none,none,
a41,1981,male,province,agef,university,none,none,
a35c,1987,male,commune,agef,college,none,none,
s28,1994,male,district,seat,none,none,none,
s35,1987,male,district,seat,none,none,none,
s20,2002,male,district,seat,none,none,none,
late_none,1990,male,commune,late,none,none,none,
late_col,1990,male,commune,late,college,none,none,
c1,1987,male,commune,conc,college,none,none,
c2,1987,male,commune,conc,university,intermediate,none,
cf1,1985,male,commune,certf,none,none,none,
cf2,1985,male,commune,certf,none,none,none,2021
)";

const paths::CheckpointWhyNot& find(const Scenario& sc, const paths::WhyNotReport& rep, const std::string& id, Year y) {
  for (const auto& c : rep.checkpoints)
    if (c.target == sc.target_index(id) && c.year == y) return c;
  throw std::runtime_error("no checkpoint " + id);
}

const paths::ReasonDetail& detail_of(const paths::CheckpointWhyNot& c, Reason r) {
  for (const auto& d : c.reasons)
    if (d.reason == r) return d;
  throw std::runtime_error("no reason " + std::string(paths::to_string(r)));
}

/// members, short, can reach, and the one reason with its count (others zero).
void expect_counts(const Scenario& sc, const paths::WhyNotReport& rep, const std::string& id, Year y, std::int64_t members,
                   std::int64_t short_members, std::int64_t can, std::vector<std::pair<Reason, std::int64_t>> reasons) {
  SCOPED_TRACE(id + " " + std::to_string(y));
  const auto& c = find(sc, rep, id, y);
  EXPECT_EQ(c.members, members);
  EXPECT_EQ(c.short_members, short_members);
  EXPECT_EQ(c.can_reach, can);
  std::array<std::int64_t, paths::kReasonCount> want{};
  for (auto [r, n] : reasons) want[static_cast<std::size_t>(r)] = n;
  for (int k = 0; k < paths::kReasonCount; ++k)
    EXPECT_EQ(c.by_reason[static_cast<std::size_t>(k)], want[static_cast<std::size_t>(k)]) << paths::to_string(static_cast<Reason>(k));
  EXPECT_EQ(c.cannot_reach, c.short_members - c.can_reach);
  EXPECT_EQ(c.reasons.size(), reasons.size());
}

}  // namespace

TEST(WhyNot, EveryReasonWithExactCounts) {
  const Scenario sc = scenario_from_text(kReasonsYaml, kReasonsRoster);
  const paths::WhyNotReport rep = paths::why_not(sc);
  std::cout << rep.full_report(sc);

  // retired: r58m and r56f are active in 2025 but cannot serve 3 years after
  // university (2023 at the earliest); r60m has retired (not a member); r47m
  // can; runi holds it.
  expect_counts(sc, rep, "t_ret", 2025, 4, 3, 1, {{Reason::retired, 2}});
  EXPECT_TRUE(names_all(detail_of(find(sc, rep, "t_ret", 2025), Reason::retired).explanation,
                        {"2 members of group 'ret'", "retire", "'univ'", "3 after 'univ'"}));
  // no_program: nothing grants language 'fluent'.
  expect_counts(sc, rep, "t_noprog", 2026, 3, 2, 0, {{Reason::no_program, 2}});
  EXPECT_TRUE(names_all(detail_of(find(sc, rep, "t_noprog", 2026), Reason::no_program).explanation,
                        {"2 members", "language 'fluent'", "no program grants it"}));
  // not_eligible: college is for communes only.
  expect_counts(sc, rep, "t_elig", 2026, 3, 3, 1, {{Reason::not_eligible, 2}});
  const auto& ne = detail_of(find(sc, rep, "t_elig", 2026), Reason::not_eligible);
  EXPECT_EQ(ne.programs, (std::vector<int>{sc.program_index("college")}));
  EXPECT_TRUE(names_all(ne.explanation, {"'college'", "tier commune"}));
  // age_limit: master is limited to max_age 40; a45 and a41 are older in every start year.
  expect_counts(sc, rep, "t_age", 2026, 4, 4, 2, {{Reason::age_limit, 2}});
  const auto& al = detail_of(find(sc, rep, "t_age", 2026), Reason::age_limit);
  EXPECT_EQ(al.programs, (std::vector<int>{sc.program_index("master")}));
  EXPECT_TRUE(names_all(al.explanation, {"2 members of group 'agef'", "aged 41–45 in 2022", "'master' (max_age 40)"}));
  // no_seats: s28 turns 30 in 2024, theory_int has seats only in 2022;
  // age_limit: s20 is under 30 in every year.
  expect_counts(sc, rep, "t_seats", 2026, 3, 3, 1, {{Reason::age_limit, 1}, {Reason::no_seats, 1}});
  EXPECT_TRUE(names_all(detail_of(find(sc, rep, "t_seats", 2026), Reason::no_seats).explanation,
                        {"1 member of group 'seat'", "'theory_int'", "no seats"}));
  // too_late: college 2022-2023 then university 2024-2025 is after 2023.
  expect_counts(sc, rep, "t_late", 2023, 2, 2, 1, {{Reason::too_late, 1}});
  const auto& tl = detail_of(find(sc, rep, "t_late", 2023), Reason::too_late);
  EXPECT_EQ(tl.programs, (std::vector<int>{sc.program_index("college"), sc.program_index("univ")}));
  EXPECT_TRUE(names_all(tl.explanation, {"completes in 2025"}));
  // concurrency: theory_int (2022 only) alongside univ 2022-2023, then theory_adv 2024-2025.
  expect_counts(sc, rep, "t_conc", 2025, 2, 2, 1, {{Reason::concurrency, 1}});
  const auto& cc = detail_of(find(sc, rep, "t_conc", 2025), Reason::concurrency);
  EXPECT_EQ(cc.programs, (std::vector<int>{sc.program_index("univ"), sc.program_index("theory_int"), sc.program_index("theory_adv")}));
  EXPECT_TRUE(names_all(cc.explanation, {"max_concurrent_programs = 1"}));
  // A credential valid for 2 years with seats in 2022-2023 only: counts in 2024, not in 2026.
  expect_counts(sc, rep, "t_cert", 2024, 2, 2, 2, {});
  expect_counts(sc, rep, "t_cert", 2026, 2, 2, 0, {{Reason::no_seats, 2}});

  // Members and requirements agree with rules::check.
  const rules::Evaluation base = rules::baseline(sc);
  ASSERT_EQ(base.checkpoints.size(), rep.checkpoints.size());
  for (std::size_t i = 0; i < rep.checkpoints.size(); ++i) {
    EXPECT_EQ(rep.checkpoints[i].members, base.checkpoints[i].n);
    EXPECT_EQ(rep.checkpoints[i].roster_achieved, base.checkpoints[i].achieved);
  }
}

// A program with seats only before a member could have its prerequisite:
// extra seats in a later year would open it, so the reason is no_seats, not
// too_late (Hà Giang's btv 2025 had one such member, whom a fix then reached).
TEST(WhyNot, SeatsOnlyBeforeThePrerequisiteIsNoSeatsNotTooLate) {
  const char* yaml = R"(format: cadreplan/1
name: seats-before-prerequisite
horizon: {start: 2022, end: 2026}
retirement_age: {male: 62, female: 60}
ladders:
  theory: [none, basic, mid]
groups:
  all: {}
programs:
  - {id: basic, grants: {ladder: theory, level: basic}, duration_years: 1, seats: 10, cost_per_year: 1}
  - {id: mid, grants: {ladder: theory, level: mid}, requires: {theory: basic}, duration_years: 1,
     seats: {2022: 5}, cost_per_year: 1}
targets:
  - {id: t_mid, group: all, ladder: theory, at_least: mid, checkpoints: {2024: 1}}
roster: r.csv
)";
  const char* roster = R"(id,birth_year,sex,tier,flags,theory
has_basic,1985,male,commune,,basic
none1,1985,male,commune,,none
none2,1986,female,commune,,none
)";
  const Scenario sc = scenario_from_text(yaml, roster);
  const paths::WhyNotReport rep = paths::why_not(sc);
  // has_basic can take mid in 2022; the others could take it in 2023 at the
  // earliest, a year without seats.
  expect_counts(sc, rep, "t_mid", 2024, 3, 3, 1, {{Reason::no_seats, 2}});
  const auto& ns = detail_of(find(sc, rep, "t_mid", 2024), Reason::no_seats);
  EXPECT_EQ(ns.programs, (std::vector<int>{sc.program_index("mid")}));
  EXPECT_TRUE(names_all(ns.explanation, {"2 members", "'mid'", "no seats"}));
}

TEST(WhyNot, SameAnswerOnOneThreadOrTwo) {
  synth::GenerateOptions g;
  g.cadres = 3000;
  g.seed = 11;
  g.min_service_years_after = 1;
  const Scenario sc = synth::generate(g);
  paths::WhyNotOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const paths::WhyNotReport a = paths::why_not(sc, one), b = paths::why_not(sc, two);
  EXPECT_EQ(a.full_report(sc), b.full_report(sc));
  EXPECT_EQ(a.cohorts, b.cohorts);
  paths::WhyNotOptions bad;
  bad.threads = -1;
  EXPECT_FALSE(bad.is_valid());
  EXPECT_THROW(paths::why_not(sc, bad), OptionsError);
}

TEST(WhyNot, CanReachAgreesWithEarliestCompletionPerCadre) {
  // The cohort computation against the per-cadre answer, cadre by cadre.
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    synth::GenerateOptions g;
    g.cadres = 250;
    g.seed = seed;
    g.max_concurrent_programs = seed == 2 ? 2 : 1;
    g.min_service_years_after = seed == 3 ? 2 : 0;
    const Scenario sc = synth::generate(g);
    const paths::PathGraph graph(sc);
    const paths::WhyNotReport rep = paths::why_not(graph);
    const rules::Evaluation base = rules::baseline(sc);
    const auto& cp = sc.compiled();
    const Roster& r = sc.roster();
    for (std::size_t i = 0; i < rep.checkpoints.size(); ++i) {
      const auto& w = rep.checkpoints[i];
      const Target& t = sc.spec().targets[static_cast<std::size_t>(w.target)];
      const Selector& sel = sc.spec().groups[static_cast<std::size_t>(sc.group_index(t.group))].selector;
      const paths::Goal goal = paths::Goal::of_target(sc, w.target);
      std::int64_t members = 0, roster = 0, can = 0;
      for (std::size_t c = 0; c < r.size(); ++c) {
        const int age = w.year - r.birth_year[c];
        if (!cp.active(r, c, w.year)) continue;
        if (sel.tier && std::find(sel.tier->begin(), sel.tier->end(), r.tier_name(c)) == sel.tier->end()) continue;
        bool flags_ok = true;
        for (const auto& f : sel.flags) flags_ok = flags_ok && r.has_flag(c, r.find_flag(f));
        if (!flags_ok || (sel.min_age && age < *sel.min_age) || (sel.max_age && age > *sel.max_age)) continue;
        ++members;
        if (goal.is_credential()) {
          if (cp.credential_valid(goal.credential, r.credential[static_cast<std::size_t>(goal.credential)][c], w.year)) {
            ++roster;
            continue;
          }
          can += graph.credential_valid_at(c, goal.credential, w.year).has_value();
        } else {
          const paths::Reach re = graph.earliest_completion(c, goal);
          if (re.from_roster) {
            ++roster;
            continue;
          }
          can += re.earliest != kNever && re.earliest <= w.year;
        }
      }
      SCOPED_TRACE("seed " + std::to_string(seed) + " " + t.id + " " + std::to_string(w.year));
      EXPECT_EQ(w.members, members);
      EXPECT_EQ(w.members, base.checkpoints[i].n);
      EXPECT_EQ(w.roster_achieved, roster);
      EXPECT_EQ(w.can_reach, can);
      std::int64_t sum = 0;
      for (auto n : w.by_reason) sum += n;
      EXPECT_EQ(sum, w.cannot_reach);
    }
  }
}

TEST(WhyNot, HaGiangBreakdown) {
  const Scenario sc = synth::builtin_scenario("hagiang-2022");
  const paths::PathGraph graph(sc);
  const auto t0 = std::chrono::steady_clock::now();
  const paths::WhyNotReport rep = paths::why_not(graph);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "hagiang-2022: " << rep.cohorts << " cohorts, why-not in " << s << " s (report: " << rep.seconds << " s)\n";
  for (const auto& [phase, secs] : rep.timings) std::cout << "  " << phase << ": " << secs << " s\n";
  std::cout
            << rep.full_report(sc) << graph.brief_report();
  EXPECT_TRUE(graph.cycles().empty());
  for (Year y : {2025, 2030}) {
    const auto& c = find(sc, rep, "t3_btv_postgraduate", y);
    EXPECT_GT(c.count(Reason::age_limit), 0) << y;
    const auto& d = detail_of(c, Reason::age_limit);
    EXPECT_TRUE(names_all(d.explanation, {"group 'btv'", "'master_d101' (max_age 40)"})) << d.explanation;
  }
  for (const auto& c : rep.checkpoints) {
    std::int64_t sum = 0;
    for (auto n : c.by_reason) sum += n;
    EXPECT_EQ(sum, c.cannot_reach);
    EXPECT_EQ(c.short_members, c.can_reach + c.cannot_reach);
  }
}

TEST(WhyNot, MillionCadresTiming) {
  synth::GenerateOptions g;
  g.cadres = 1000000;
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario sc = synth::generate(g);
  const auto t1 = std::chrono::steady_clock::now();
  paths::WhyNotOptions o;
  o.threads = 2;
  const paths::WhyNotReport rep = paths::why_not(sc, o);
  const auto t2 = std::chrono::steady_clock::now();
  std::cout << "generate(1,000,000): " << std::chrono::duration<double>(t1 - t0).count() << " s; why_not: "
            << std::chrono::duration<double>(t2 - t1).count() << " s (" << rep.cohorts << " cohorts, 2 threads)\n";
  for (const auto& [phase, secs] : rep.timings) std::cout << "  " << phase << ": " << secs << " s\n";
  std::cout << rep.full_report(sc);
  for (const auto& c : rep.checkpoints) EXPECT_EQ(c.short_members, c.can_reach + c.cannot_reach);
}
