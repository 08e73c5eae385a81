// cadreplan — the scenario: what a planner hands in (SCENARIO-FORMAT.md).
//
// ScenarioSpec is the editable description, field for field the YAML file.
// Scenario is the validated, compiled, immutable form every algorithm takes;
// copies are cheap (shared, read-only state).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cadreplan/core/error.hpp"
#include "cadreplan/core/types.hpp"
#include "cadreplan/model/roster.hpp"

namespace cadreplan {

/// An ordered qualification ladder, lowest level first ("professional":
/// none < intermediate < college < university < master < doctor).
struct Ladder {
  std::string name;
  std::vector<std::string> levels;
};

/// A yes/no training ("knowledge_update"); valid for `valid_years` after the
/// completion year (Y - z < valid_years), or forever when not set.
struct Credential {
  std::string name;
  std::optional<int> valid_years;
};

/// A per-year value (seats, budget): a value per named year, else `default_value`.
struct PerYear {
  std::optional<double> default_value;
  std::map<Year, double> values;

  /// Every year the same value.
  static PerYear constant(double v) { return PerYear{v, {}}; }
  /// The value for @p year: the named one, else the default, else nullopt.
  std::optional<double> at(Year year) const;
};

/// Who a group, an eligibility rule or a target is about. Every condition that
/// is set must hold; ages are inclusive, age = evaluation year - birth year.
struct Selector {
  std::optional<std::vector<std::string>> tier;  ///< cadre's tier is one of these
  std::optional<std::vector<std::string>> sex;   ///< "male" / "female"
  std::vector<std::string> flags;                ///< cadre has ALL of these
  std::optional<int> min_age;
  std::optional<int> max_age;
};

/// A named selector.
struct Group {
  std::string name;
  Selector selector;
};

/// What completing a program gives: a level on a ladder, or a credential.
struct Grant {
  std::string ladder;      ///< set for a ladder program
  std::string level;       ///< the level granted (ladder programs)
  std::string credential;  ///< set for a credential program
  bool is_credential() const noexcept { return !credential.empty(); }
};

/// A minimum level on a ladder, held at the start of the start year.
struct Requirement {
  std::string ladder;
  std::string level;
};

/// A training program ("Đại học vừa làm vừa học").
struct Program {
  std::string id;
  std::string name;
  Grant grants;
  std::vector<Requirement> requires_;  ///< YAML key `requires`
  Selector eligible;                   ///< evaluated in the start year
  int duration_years = 1;
  PerYear seats;                       ///< starts per year; a year not named and no default: 0
  double cost_per_year = 0.0;
  /// Extension of cadreplan/1: years a cadre must still serve after completing
  /// THIS program; overrides Policy::min_service_years_after when set
  /// (e.g. postgraduate dispatch, Decree 101/2017: twice the training time).
  std::optional<int> min_service_years_after;
};

/// One (year, share) checkpoint of a target.
struct Checkpoint {
  Year year = 0;
  Share share;
};

/// A percentage target: share of `group` at or above `at_least` on `ladder`
/// (or holding a valid `credential`) at each checkpoint.
struct Target {
  std::string id;
  std::string group;
  std::string ladder;       ///< ladder targets
  std::string at_least;     ///< ladder targets
  std::string credential;   ///< credential targets
  std::vector<Checkpoint> checkpoints;
  double weight = 1.0;
  bool is_credential() const noexcept { return !credential.empty(); }
};

/// Rules that apply to every cadre.
struct Policy {
  int retirement_age_male = 62;    ///< Labour Code art. 169 / Decree 135/2020, from 2028
  int retirement_age_female = 60;  ///< ... from 2035
  int max_concurrent_programs = 1;
  int min_service_years_after = 0;
};

/// The editable description of a scenario: the YAML file, field for field.
struct ScenarioSpec {
  std::string format = "cadreplan/1";
  std::string name;
  Year start = 0;  ///< horizon.start
  Year end = 0;    ///< horizon.end (inclusive)
  std::vector<Ladder> ladders;
  std::vector<Credential> credentials;
  Policy policy;
  std::optional<PerYear> budget;  ///< absent: no cap in any year
  std::vector<Group> groups;
  std::vector<Program> programs;
  std::vector<Target> targets;
  std::string roster;  ///< the roster file named by the scenario (relative to it)
};

/// Where each field of a spec came from, so that validation can name the line.
/// Field paths are dotted: "programs[2].seats.2023"; a lookup falls back to the
/// nearest enclosing field that has a line.
struct SourceMap {
  std::string file;
  std::unordered_map<std::string, int> lines;
  /// Non-fatal findings of the reader (unknown keys), kept with the scenario's warnings.
  std::vector<Problem> warnings;
  /// The line of @p field or of its nearest recorded parent; 0 when unknown.
  int line_of(std::string_view field) const;
};

namespace detail {
struct Compiled;
struct ScenarioData;
}  // namespace detail

/// A validated, compiled, immutable scenario.
class Scenario {
 public:
  /// Validates @p spec against @p roster and compiles the indexed form.
  /// @throws ScenarioError listing every problem found (up to 100), each
  ///         naming file, line, field, the value seen and what was expected.
  static Scenario build(ScenarioSpec spec, Roster roster, SourceMap spec_source = {});

  const ScenarioSpec& spec() const noexcept;
  const Roster& roster() const noexcept;
  /// Non-fatal findings (unknown keys, a selector tier no cadre has, ...).
  const std::vector<Problem>& warnings() const noexcept;

  Year start() const noexcept { return spec().start; }
  Year end() const noexcept { return spec().end; }
  int years() const noexcept { return end() - start() + 1; }

  /// Index lookups by name; -1 when there is no such name.
  int ladder_index(std::string_view name) const noexcept;
  int level_index(int ladder, std::string_view level) const noexcept;
  int credential_index(std::string_view name) const noexcept;
  int group_index(std::string_view name) const noexcept;
  int program_index(std::string_view id) const noexcept;
  int target_index(std::string_view id) const noexcept;
  std::int32_t cadre_index(std::string_view id) const noexcept;

  /// The internal indexed form (opaque outside the library).
  const detail::Compiled& compiled() const noexcept;

 private:
  explicit Scenario(std::shared_ptr<const detail::ScenarioData> d) : d_(std::move(d)) {}
  std::shared_ptr<const detail::ScenarioData> d_;
};

}  // namespace cadreplan
