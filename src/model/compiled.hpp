// Internal: the indexed form of a Scenario that every algorithm reads.
// Names are resolved to indices once, in Scenario::build; nothing downstream
// looks a name up again.
#pragma once

#include <climits>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cadreplan/model/roster.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::detail {

/// A Selector with names resolved against the roster.
struct CSelector {
  bool never = false;               ///< names an empty list, or a tier/flag no cadre has
  std::vector<char> tier_ok;        ///< by tier index; empty = any tier
  std::uint8_t sex_mask = 3;        ///< bit 0 male, bit 1 female
  std::vector<std::int32_t> flags;  ///< all required
  int min_age = INT_MIN;
  int max_age = INT_MAX;

  bool has_age() const noexcept { return min_age != INT_MIN || max_age != INT_MAX; }
  bool static_holds(const Roster& r, std::size_t c) const noexcept {
    if (never) return false;
    if (!tier_ok.empty() && !tier_ok[static_cast<std::size_t>(r.tier[c])]) return false;
    if (!((sex_mask >> static_cast<int>(r.sex[c])) & 1)) return false;
    for (std::int32_t f : flags)
      if (!r.has_flag(c, f)) return false;
    return true;
  }
  bool age_holds(Year birth, Year y) const noexcept {
    const int age = y - birth;
    return age >= min_age && age <= max_age;
  }
  bool holds(const Roster& r, std::size_t c, Year y) const noexcept {
    return static_holds(r, c) && age_holds(r.birth_year[c], y);
  }
};

struct CProgram {
  int ladder = -1;      ///< granted ladder, or -1
  int level = -1;       ///< granted level
  int credential = -1;  ///< granted credential, or -1
  std::vector<std::pair<int, int>> requires_;  ///< (ladder, minimum level)
  CSelector eligible;
  int duration = 1;
  double cost_per_year = 0.0;
  int min_service = 0;            ///< years to serve after completion
  std::vector<std::int64_t> seats;  ///< per horizon year (index y - start)
  PerYear seats_spec;             ///< for years outside the horizon
  double total_cost() const noexcept { return cost_per_year * duration; }
};

struct CTarget {
  int group = 0;
  int ladder = -1, level = -1;  ///< ladder target
  int credential = -1;          ///< credential target
  std::vector<Checkpoint> checkpoints;
  double weight = 1.0;
};

/// Models that a strategy derives from a scenario once and may reuse on the
/// next solve or explanation of the same scenario (optimize/model_cache.hpp).
/// Type-erased, so that model does not depend on optimize; what it holds may
/// refer into the scenario's data, never own it (no cycle).
struct DerivedModels {
  std::mutex mutex;
  std::shared_ptr<void> pricing;
};

struct Compiled {
  /// Shared, not copied: a scenario's derived models, filled on first use.
  std::shared_ptr<DerivedModels> derived = std::make_shared<DerivedModels>();
  Year start = 0, end = 0;
  int retirement_age[2] = {62, 60};  ///< by Sex
  int max_concurrent = 1;
  std::vector<int> ladder_size;
  std::vector<int> valid_years;  ///< per credential; INT_MAX = valid forever
  std::vector<CSelector> groups;
  std::vector<CProgram> programs;
  std::vector<CTarget> targets;
  std::vector<double> budget;      ///< per horizon year; +inf = no cap
  std::optional<PerYear> budget_spec;

  int years() const noexcept { return end - start + 1; }
  /// Last year the cadre is active: age(y) < retirement age.
  Year last_active_year(const Roster& r, std::size_t c) const noexcept {
    return r.birth_year[c] + retirement_age[static_cast<int>(r.sex[c])] - 1;
  }
  bool active(const Roster& r, std::size_t c, Year y) const noexcept { return y <= last_active_year(r, c); }
  std::int64_t seats(int k, Year y) const noexcept {
    const CProgram& p = programs[static_cast<std::size_t>(k)];
    if (y >= start && y <= end) return p.seats[static_cast<std::size_t>(y - start)];
    auto v = p.seats_spec.at(y);
    return v ? static_cast<std::int64_t>(*v) : 0;
  }
  double budget_at(Year y) const noexcept {
    if (y >= start && y <= end) return budget[static_cast<std::size_t>(y - start)];
    if (!budget_spec) return std::numeric_limits<double>::infinity();
    auto v = budget_spec->at(y);
    return v ? *v : std::numeric_limits<double>::infinity();
  }
  /// Credential completion z counts at checkpoint Y: z <= Y and Y - z < valid.
  bool credential_valid(int cred, Year z, Year y) const noexcept {
    if (z == kNever || z > y) return false;
    const int v = valid_years[static_cast<std::size_t>(cred)];
    return v == INT_MAX || static_cast<long long>(y) - z < v;
  }
};

struct ScenarioData {
  ScenarioSpec spec;
  Roster roster;
  SourceMap source;
  std::vector<Problem> warnings;
  Compiled compiled;
  std::unordered_map<std::string, int> ladder_by_name, credential_by_name, group_by_name, program_by_id,
      target_by_id;
  std::unordered_map<std::string, std::int32_t> cadre_by_id;
};

}  // namespace cadreplan::detail
