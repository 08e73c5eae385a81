// Test support for the paths suites: chains as plans, checked by rules::check.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cadreplan/paths/paths.hpp"
#include "cadreplan/rules/check.hpp"
#include "support/build.hpp"

namespace cadreplan::test {

/// A copy of @p sc whose seats are 1,000,000 in every year that had at least
/// one (years with none keep none) and without a budget cap: a plan for one
/// cadre can then break rules 8 and 9 only by starting in a seatless year.
inline Scenario with_large_seats(const Scenario& sc) {
  ScenarioSpec spec = sc.spec();
  for (Program& p : spec.programs) {
    if (p.seats.default_value && *p.seats.default_value >= 1) p.seats.default_value = 1e6;
    for (auto& [y, v] : p.seats.values)
      if (v >= 1) v = 1e6;
  }
  spec.budget.reset();
  return Scenario::build(std::move(spec), sc.roster());
}

/// The chain as a plan for cadre @p cadre.
inline Plan chain_plan(std::size_t cadre, const std::vector<paths::Step>& chain) {
  Plan plan;
  for (const paths::Step& s : chain)
    plan.enrollments.push_back(Enrollment{static_cast<std::int32_t>(cadre), s.program, s.start});
  return plan;
}

/// rules::check (on the large-seat copy) accepts the chain, and each step's
/// completion year is its start + duration - 1.
inline ::testing::AssertionResult chain_passes_check(const Scenario& sc, std::size_t cadre, const std::vector<paths::Step>& chain) {
  for (const paths::Step& s : chain)
    if (s.completion != s.start + sc.spec().programs[static_cast<std::size_t>(s.program)].duration_years - 1)
      return ::testing::AssertionFailure() << "step of " << sc.spec().programs[static_cast<std::size_t>(s.program)].id
                                           << " has a wrong completion year";
  const rules::Evaluation ev = rules::check(with_large_seats(sc), chain_plan(cadre, chain));
  if (ev.valid) return ::testing::AssertionSuccess();
  auto f = ::testing::AssertionFailure() << "rules::check rejects the chain of cadre " << sc.roster().id[cadre] << ":";
  for (const auto& v : ev.violations) f << " [rule " << v.rule << ": " << v.message << "]";
  return f;
}

/// "id@start" for each step: compact expectations.
inline std::string chain_text(const Scenario& sc, const std::vector<paths::Step>& chain) {
  std::string out;
  for (const paths::Step& s : chain)
    out += (out.empty() ? "" : " ") + sc.spec().programs[static_cast<std::size_t>(s.program)].id + "@" + std::to_string(s.start);
  return out;
}

}  // namespace cadreplan::test
