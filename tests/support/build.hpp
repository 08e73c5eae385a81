// Test support: scenarios from inline YAML + CSV text, plans from rows.
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "cadreplan/io/io.hpp"
#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/rules/check.hpp"

namespace cadreplan::test {

/// Builds a scenario from YAML text and roster CSV text (the YAML's `roster:`
/// key is required by the reader but its value is ignored here).
inline Scenario scenario_from_text(const std::string& yaml, const std::string& roster_csv,
                                   const std::string& yaml_name = "scenario.yaml",
                                   const std::string& roster_name = "roster.csv") {
  SourceMap src;
  ScenarioSpec spec = io::parse_scenario(yaml, yaml_name, src);
  Roster roster = io::parse_roster(roster_csv, roster_name, spec);
  return Scenario::build(std::move(spec), std::move(roster), std::move(src));
}

/// A plan from (cadre id, program id, start year) rows, through the plan reader.
inline Plan plan_from_rows(const Scenario& sc, const std::vector<std::tuple<std::string, std::string, int>>& rows) {
  std::string csv = "cadre_id,program_id,start_year\n";
  for (auto& [c, p, y] : rows) csv += c + "," + p + "," + std::to_string(y) + "\n";
  return io::parse_plan(csv, "plan.csv", sc);
}

/// The result for target @p id at @p year (throws if absent).
inline const rules::CheckpointResult& checkpoint(const Scenario& sc, const rules::Evaluation& ev, const std::string& id,
                                                 int year) {
  const int t = sc.target_index(id);
  for (const auto& r : ev.checkpoints)
    if (r.target == t && r.year == year) return r;
  throw std::runtime_error("no checkpoint " + id + " " + std::to_string(year));
}

/// How many violations of @p rule the evaluation lists.
inline int count_rule(const rules::Evaluation& ev, int rule) {
  int n = 0;
  for (const auto& v : ev.violations) n += v.rule == rule;
  return n;
}

}  // namespace cadreplan::test
