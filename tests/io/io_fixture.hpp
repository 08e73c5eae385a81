// Test support for the readers and Scenario::build: a numbered base scenario
// (edit a line, know its number), and helpers that catch an InputError and
// find the Problem that names a given field.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/build.hpp"

namespace cadreplan::test::io_fixture {

// The base scenario, one string per line: kBaseYaml[i] is line i + 1.
inline const std::vector<std::string> kBaseYaml = {
    /*  1 */ "format: cadreplan/1",
    /*  2 */ "name: \"Hà Giang 2022–2030\"",
    /*  3 */ "horizon: {start: 2022, end: 2030}",
    /*  4 */ "ladders:",
    /*  5 */ "  professional: [none, intermediate, college, university, master]",
    /*  6 */ "  political_theory: [none, elementary, intermediate, advanced]",
    /*  7 */ "credentials:",
    /*  8 */ "  knowledge_update: {valid_years: 5}",
    /*  9 */ "  international: {}",
    /* 10 */ "retirement_age: {male: 62, female: 60}",
    /* 11 */ "budget: {default: 900, 2022: 600}",
    /* 12 */ "groups:",
    /* 13 */ "  commune: {tier: [commune]}",
    /* 14 */ "  young: {max_age: 34}",
    /* 15 */ "  all: {}",
    /* 16 */ "programs:",
    /* 17 */ "  - id: univ_inservice",
    /* 18 */ "    name: \"Đại học vừa làm vừa học\"",
    /* 19 */ "    grants: {ladder: professional, level: university}",
    /* 20 */ "    requires: {professional: college}",
    /* 21 */ "    eligible: {tier: [district, commune], max_age: 50}",
    /* 22 */ "    duration_years: 2",
    /* 23 */ "    seats: {default: 120, 2023: 150}",
    /* 24 */ "    cost_per_year: 25",
    /* 25 */ "  - id: ku",
    /* 26 */ "    name: \"Bồi dưỡng cập nhật kiến thức\"",
    /* 27 */ "    grants: {credential: knowledge_update}",
    /* 28 */ "    duration_years: 1",
    /* 29 */ "    seats: 50",
    /* 30 */ "    cost_per_year: 3",
    /* 31 */ "targets:",
    /* 32 */ "  - id: commune_university",
    /* 33 */ "    group: commune",
    /* 34 */ "    ladder: professional",
    /* 35 */ "    at_least: university",
    /* 36 */ "    checkpoints: {2025: 0.90, 2030: 1.00}",
    /* 37 */ "    weight: 1",
    /* 38 */ "  - id: ku_all",
    /* 39 */ "    group: all",
    /* 40 */ "    credential: knowledge_update",
    /* 41 */ "    checkpoints: {2026: 0.5}",
    /* 42 */ "roster: roster.csv",
};

// The base roster, one string per line: kBaseRoster[i] is line i + 1.
inline const std::vector<std::string> kBaseRoster = {
    /* 1 */ "id,birth_year,sex,tier,flags,professional,political_theory,knowledge_update,international",
    /* 2 */ "c001,1980,male,commune,,college,elementary,,",
    /* 3 */ "c002,1975,female,district,btv_managed,university,advanced,2020,",
    /* 4 */ "c003,1990,female,commune,,,,,",
    /* 5 */ "c004,1968,male,commune,btv_managed;party_member,intermediate,intermediate,2019,2015",
};

/// The lines joined with '\n', after replacing line N (1-based) by edits[N].
/// A replacement may be empty (the line stays, blank) or hold several lines.
inline std::string lines_with(const std::vector<std::string>& base, const std::map<int, std::string>& edits = {}) {
  std::string out;
  for (std::size_t i = 0; i < base.size(); ++i) {
    auto it = edits.find(static_cast<int>(i + 1));
    out += it == edits.end() ? base[i] : it->second;
    out += '\n';
  }
  return out;
}
inline std::string yaml_with(const std::map<int, std::string>& edits = {}) { return lines_with(kBaseYaml, edits); }
inline std::string roster_with(const std::map<int, std::string>& edits = {}) { return lines_with(kBaseRoster, edits); }

/// What a failed read or build threw.
struct Caught {
  bool thrown = false;
  std::vector<Problem> problems;
  std::size_t total = 0;
  std::string what;
};

/// Runs @p f and expects exactly the exception type E (ScenarioError or PlanError).
template <class E>
Caught expect_error(const std::function<void()>& f) {
  Caught c;
  try {
    f();
  } catch (const E& e) {
    c.thrown = true;
    c.problems = e.problems();
    c.total = e.total();
    c.what = e.what();
    return c;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type; what(): " << e.what();
    return c;
  } catch (...) {
    ADD_FAILURE() << "a non-standard exception";
    return c;
  }
  ADD_FAILURE() << "no exception was thrown";
  return c;
}

/// Reads and builds the scenario; expects a ScenarioError.
inline Caught scenario_error(const std::string& yaml, const std::string& roster = roster_with()) {
  return expect_error<ScenarioError>([&] { (void)scenario_from_text(yaml, roster); });
}

inline std::string dump(const Caught& c) {
  std::string s;
  for (const auto& p : c.problems)
    s += "\n  [" + p.file + ":" + std::to_string(p.line) + " field='" + p.field + "' value='" + p.value +
         "' expected='" + p.expected + "'] " + p.message;
  return s;
}

/// Finds the problem naming @p field and checks its file, line and value; the
/// message must name the value (when there is one) and say what was expected.
/// Returns the problem (a default one when absent, after a failure).
inline Problem expect_problem(const Caught& c, const std::string& file, int line, const std::string& field,
                              const std::string& value) {
  // Several problems may name the same field (one per row): prefer the one on @p line.
  const Problem* pick = nullptr;
  for (const auto& p : c.problems)
    if (p.field == field && (pick == nullptr || (pick->line != line && p.line == line))) pick = &p;
  if (pick != nullptr) {
    const Problem& p = *pick;
    EXPECT_EQ(p.file, file) << dump(c);
    EXPECT_EQ(p.line, line) << "field " << field << dump(c);
    EXPECT_EQ(p.value, value) << "field " << field << dump(c);
    EXPECT_FALSE(p.expected.empty()) << "field " << field << dump(c);
    EXPECT_NE(p.message.find("expected"), std::string::npos) << "the message does not say what was expected" << dump(c);
    if (!value.empty()) {
      EXPECT_NE(p.message.find(value), std::string::npos) << "the message does not name the value '" << value << "'"
                                                          << dump(c);
    }
    const std::string full = p.to_string();
    EXPECT_NE(full.find(field), std::string::npos) << full;
    if (line > 0) {
      EXPECT_NE(full.find(file + ":" + std::to_string(line)), std::string::npos) << full;
    }
    return p;
  }
  ADD_FAILURE() << "no problem names field '" << field << "'" << dump(c);
  return Problem{};
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace cadreplan::test::io_fixture
