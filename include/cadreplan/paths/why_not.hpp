// cadreplan — who can never reach a target in time, and why.
//
// For every target checkpoint (target T, year Y): among the members of T's
// group at Y who do not already achieve T from the roster, how many CAN
// achieve it by Y through enrollments of their own (capacity aside: other
// cadres, seats others take and the budget are ignored), and how many CANNOT,
// each counted once under the FIRST reason that applies, in this order:
//
//   retired       a chain of programs exists whose every step can start and
//                 finish by Y, but not with the cadre still active through
//                 completion + min_service_years_after (rule 2). (Membership
//                 at Y already means active at Y; it is the service after
//                 completing that does not fit.)
//   no_program    no sequence of programs, whoever may take them and
//                 whenever, leads from the cadre's levels to the goal
//                 (nothing grants it, or it needs levels nothing grants).
//   not_eligible  every such sequence needs a program whose tier, sex or
//                 flags exclude the cadre (rule 3, the parts without age).
//   age_limit     every such sequence needs a program the cadre is too old
//                 or too young for in every start year that could finish by
//                 Y with the cadre still serving afterwards (rule 3, ages).
//   no_seats      every such sequence needs a program with no seat in any
//                 start year open to the cadre that could finish by Y; or
//                 (checked year by year, after the other four) a chain would
//                 finish in time only through a start year without seats,
//                 e.g. a program with seats only before the cadre could hold
//                 its prerequisite. Extra seats would open the way.
//   too_late      chains of usable programs exist, but none can finish by Y,
//                 not even with seats in every year,
//                 (or, for a credential, inside its validity window at Y)
//                 even taking any number of programs at once: the
//                 prerequisite chain is too long for the time left, or an
//                 age limit closes before the chain reaches it.
//   concurrency   a chain would finish in time only by overlapping more than
//                 max_concurrent_programs programs (rule 7).
//
// "Sequence" in the first five is about levels only (rules 4 and 5 as a
// fixpoint, ignoring years); the last two are the exact year-by-year search
// of PathGraph::earliest_completion. Every cadre who cannot reach the goal
// has exactly one reason. Computed per cohort (cadres no rule can tell
// apart), so a million-cadre roster takes seconds.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/core/types.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::paths {

class PathGraph;

/// Why a group member cannot reach a target checkpoint (the order above).
enum class Reason { retired = 0, no_program, not_eligible, age_limit, no_seats, too_late, concurrency };
inline constexpr int kReasonCount = 7;
/// "retired", "no_program", "not_eligible", "age_limit", "no_seats", "too_late", "concurrency".
std::string_view to_string(Reason reason) noexcept;

/// The members stopped by one reason at one checkpoint.
struct ReasonDetail {
  Reason reason = Reason::retired;
  std::int64_t count = 0;
  std::vector<int> programs;  ///< the programs concerned (indices, ascending)
  std::string explanation;    ///< one sentence: who, how many, which programs, why
};

/// The "why not" of one target checkpoint.
struct CheckpointWhyNot {
  int target = 0;                    ///< index into the scenario's targets
  Year year = 0;
  std::int64_t members = 0;          ///< group size n at `year` (as rules::check counts it)
  std::int64_t roster_achieved = 0;  ///< members who achieve it from the roster alone
  std::int64_t short_members = 0;    ///< members - roster_achieved
  std::int64_t can_reach = 0;        ///< of those, how many can achieve it by `year`
  std::int64_t cannot_reach = 0;     ///< short_members - can_reach
  std::array<std::int64_t, kReasonCount> by_reason{};  ///< cannot_reach split by Reason
  std::vector<ReasonDetail> reasons;  ///< the non-zero reasons, in Reason order

  std::int64_t count(Reason r) const noexcept { return by_reason[static_cast<std::size_t>(r)]; }
};

/// How to compute the "why not".
struct WhyNotOptions {
  int threads = 0;  ///< 0 = every core; otherwise >= 1. Results do not depend on it.
  /// True when the options make sense; otherwise false and @p why says what is wrong.
  bool is_valid(std::string* why = nullptr) const;
};

/// The "why not" of every target checkpoint.
struct WhyNotReport {
  std::vector<CheckpointWhyNot> checkpoints;  ///< target order, then checkpoint year (as rules::check)
  std::size_t cohorts = 0;                    ///< cohorts the computation ran on (after splitting by eligibility)
  double seconds = 0.0;                       ///< wall time
  /// Seconds per phase: "graph" (when why_not built it), "cohorts", "split", "classify", "aggregate".
  std::map<std::string, double> timings;

  /// A fixed-width table: one row per checkpoint with members short, can
  /// reach and the count per reason. @p scenario (the one the report is
  /// about) names the targets.
  /// @throws OptionsError when a target index is out of range for @p scenario.
  std::string table(const Scenario& scenario) const;
  /// The table followed by every explanation, one per line.
  /// @throws OptionsError when a target index is out of range for @p scenario.
  std::string full_report(const Scenario& scenario) const;
};

/// The "why not" of every target checkpoint of @p scenario.
/// @throws OptionsError when the options are invalid.
WhyNotReport why_not(const Scenario& scenario, const WhyNotOptions& options = {});

/// The same with a graph already built for that scenario.
/// @throws OptionsError when the options are invalid.
WhyNotReport why_not(const PathGraph& graph, const WhyNotOptions& options = {});

}  // namespace cadreplan::paths
