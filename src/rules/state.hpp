// Internal: what a plan does to each cadre's levels and credentials over time.
// The one implementation of "level at the end of year Y", "credential valid
// at Y" and "member of a group in Y"; rules::check and projection use it.
#pragma once

#include <cstdint>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/rules/check.hpp"
#include "model/compiled.hpp"

namespace cadreplan::rules {

/// e = s + duration - 1, the year an enrollment completes (at its end).
inline Year completion_year(const detail::Compiled& cp, const Enrollment& e) noexcept {
  return e.start + cp.programs[static_cast<std::size_t>(e.program)].duration - 1;
}

/// Rules 1-3 for one enrollment (cadre @p c, program @p k, start @p s): the
/// ones that depend on no other enrollment. Returns a bit mask with bit
/// (1 << rule) set for each rule broken.
inline unsigned static_broken_rules(const detail::Compiled& cp, const Roster& r, std::size_t c, int k, Year s) noexcept {
  const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
  const Year e = s + p.duration - 1;
  unsigned mask = 0;
  if (s < cp.start || e > cp.end) mask |= 1u << 1;                                          // rule 1
  if (static_cast<long long>(e) + p.min_service > cp.last_active_year(r, c)) mask |= 1u << 2;  // rule 2
  if (!p.eligible.holds(r, c, s)) mask |= 1u << 3;                                          // rule 3
  return mask;
}

/// Rules 4-5 for starting program @p k when the cadre's levels at the start of
/// the start year are @p level_at_start (one entry per ladder).
inline unsigned level_broken_rules(const detail::Compiled& cp, int k, const int* level_at_start) noexcept {
  const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
  unsigned mask = 0;
  for (auto [l, v] : p.requires_)
    if (level_at_start[l] < v) mask |= 1u << 4;                                             // rule 4
  if (p.ladder >= 0 && level_at_start[p.ladder] >= p.level) mask |= 1u << 5;                // rule 5
  return mask;
}

/// Rules 1-5 for one enrollment, given the cadre's level on every ladder at
/// the start of @p s. Bit (1 << rule) is set for each rule broken; 0 when all
/// five hold. This is the one statement of the per-enrollment rules: check()
/// reports from it, PlanBuilder and the optimizer's pricing test with it.
inline unsigned broken_rules(const detail::Compiled& cp, const Roster& r, std::size_t c, int k, Year s,
                             const int* level_at_start) noexcept {
  return static_broken_rules(cp, r, c, k, s) | level_broken_rules(cp, k, level_at_start);
}

/// Rule 9 for one year: spending within the cap, up to rounding of decimal costs.
inline bool within_budget(double spend, double cap) noexcept {
  return spend <= cap * (1 + kBudgetRelTol) || spend - cap <= 1e-9;
}

/// Every cadre's completions under a plan, by cadre (CSR), sorted by year.
class Timelines {
 public:
  /// @p counted: rows to take into account (known cadre and program); empty = all.
  Timelines(const Scenario& sc, const Plan& plan, const std::vector<char>& counted);

  /// Level of cadre @p c on ladder @p l at the end of year @p y.
  int level_end(std::size_t c, int l, Year y) const noexcept;
  /// Latest completion of credential @p k at or before the end of @p y (kNever if none).
  Year latest_completion(std::size_t c, int k, Year y) const noexcept;
  /// Credential @p k counts for cadre @p c at checkpoint @p y.
  bool credential_valid(std::size_t c, int k, Year y) const noexcept;
  /// Whether the cadre reaches @p level on @p ladder by the end of @p y.
  bool reached(std::size_t c, int ladder, int level, Year y) const noexcept { return level_end(c, ladder, y) >= level; }

 private:
  struct Done {
    Year year;
    int program;
  };
  const Scenario& sc_;
  const detail::Compiled& cp_;
  std::vector<std::uint32_t> offset_;  // n+1
  std::vector<Done> done_;
};

/// For every group that a target uses, the cadres for whom the group's static
/// part (tier, sex, flags) holds, ascending; other groups get an empty list.
/// A group that requires flags is searched only among the holders of its
/// rarest flag (an index of the roster's flags built once), and groups are
/// spread over up to @p threads threads (0 = every core). Age and activity,
/// which depend on the year, are left to the caller.
std::vector<std::vector<std::uint32_t>> target_group_members(const Scenario& sc, int threads = 0);

/// Counts group members and achievers for target checkpoints.
class Attainment {
 public:
  Attainment(const Scenario& sc, const Plan& plan, const std::vector<char>& counted);
  /// n and achieved for target @p t at checkpoint year @p y.
  void count(int t, Year y, std::int64_t& n, std::int64_t& achieved) const;
  /// Whether cadre @p c is in target @p t's group in year @p y (active, selector holds).
  bool member(int t, std::size_t c, Year y) const noexcept;
  /// Whether cadre @p c achieves target @p t at @p y.
  bool achieves(int t, std::size_t c, Year y) const noexcept;
  const Timelines& timelines() const noexcept { return tl_; }

 private:
  const Scenario& sc_;
  const detail::Compiled& cp_;
  Timelines tl_;
  std::vector<std::vector<std::uint32_t>> static_members_;  // by group (target_group_members)
};

}  // namespace cadreplan::rules
