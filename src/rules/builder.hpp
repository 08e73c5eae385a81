// Internal: a plan built one enrollment at a time that stays valid.
// Strategies add enrollments through it; every test it makes is a rule of
// SCENARIO-FORMAT.md stated through the same predicates as rules::check
// (broken_rules, within_budget, Compiled::seats), and rules::check verifies
// the finished plan.
#pragma once

#include <cstdint>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "model/compiled.hpp"

namespace cadreplan::rules {

class PlanBuilder {
 public:
  explicit PlanBuilder(const Scenario& sc);

  /// 0 when adding (cadre @p c, program @p k, start @p s) keeps the plan
  /// valid; otherwise the number of the first rule it would break (1-9).
  int test(std::size_t c, int k, Year s) const;
  /// Adds an enrollment (call test() first; add() does not check).
  void add(std::size_t c, int k, Year s);
  /// Undoes the last add() (for trying a chain of enrollments).
  void remove_last();

  /// Level of cadre @p c on ladder @p l at the start of @p s (completions <= s-1).
  int level_at_start(std::size_t c, int l, Year s) const noexcept;
  /// Level at the end of @p y (completions <= y).
  int level_end(std::size_t c, int l, Year y) const noexcept { return level_at_start(c, l, y + 1); }
  /// Latest completion of credential @p k at or before @p y, or kNever.
  Year latest_completion(std::size_t c, int k, Year y) const noexcept;
  bool credential_valid(std::size_t c, int k, Year y) const noexcept;
  /// Programs the cadre is enrolled in during @p y.
  int occupancy(std::size_t c, Year y) const noexcept;
  std::int64_t seats_left(int k, Year s) const noexcept;
  double spent(Year y) const noexcept;
  /// Whether cadre @p c has any enrollment.
  bool has_enrollments(std::size_t c) const noexcept { return !by_cadre_[c].empty(); }

  const Plan& plan() const noexcept { return plan_; }
  Plan take_plan() { return std::move(plan_); }

 private:
  struct Item {
    int program;
    Year start, end;
  };
  const Scenario& sc_;
  const detail::Compiled& cp_;
  std::vector<std::vector<Item>> by_cadre_;
  std::vector<std::int64_t> seats_used_;  // [program * years + (s - start)]
  std::vector<double> spent_;             // [y - start]
  Plan plan_;
};

}  // namespace cadreplan::rules
