// Internal: the searches behind earliest completion and the "why not".
//
// Everything here is about ONE cadre (a roster index; for cohorts, the
// representative): rules 1-3 come from rules::static_broken_rules, rules 4-5
// from rules::level_broken_rules (never restated), rule 7 is the occupancy
// count of the cadre's own enrollments, and a start year needs >= 1 seat.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "cadreplan/paths/graph.hpp"
#include "model/compiled.hpp"

namespace cadreplan::paths::detail {

/// A goal with the programs that can matter for it (from the path graph).
struct GoalPrograms {
  Goal goal;
  std::vector<int> ladder_programs;  ///< relevant ladder programs, ascending (for a ladder goal, includes goal_programs)
  std::vector<int> goal_programs;    ///< programs whose completion achieves the goal, ascending
  std::vector<int> all;              ///< ladder_programs and goal_programs, ascending, without repeats
};

/// The exact search (finite max_concurrent_programs).
struct SearchResult {
  bool from_roster = false;          ///< ladder goal held from the roster
  Year earliest = kNever;            ///< ladder: first year held; credential: earliest possible completion
  std::vector<Step> chain;           ///< for `earliest` (when chains were asked for)
  std::vector<Year> completions;     ///< credential goals: every possible completion year, ascending
  std::vector<std::vector<Step>> chains;  ///< credential goals: a chain per completion (when asked for)
};

/// Year-by-year search over the cadre's states (levels at the start of the
/// year, enrollments in progress with their completion years), starting every
/// allowed subset of relevant programs in every year. Exact for @p max_concurrent.
/// With @p want_chains the chains are reconstructed and minimised.
SearchResult exact_search(const cadreplan::detail::Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                          int max_concurrent, bool want_chains);

/// The same question with no limit on concurrent programs: starting every
/// allowed relevant program every year gives, year by year, the highest
/// levels any schedule can have, so one pass is exact.
struct UnboundedResult {
  bool from_roster = false;
  Year earliest = kNever;            ///< ladder: first year held; credential: earliest possible completion
  std::vector<char> completes;       ///< credential goals: by horizon year index, a completion can fall there
  std::vector<std::vector<Step>> provider;  ///< [ladder][level]: the enrollment that first raised it to >= level
  std::vector<Step> credential_step; ///< by horizon year index: an enrollment of the credential completing then
};
/// With @p with_seats false, a start needs no seat: what extra seats could open.
UnboundedResult unbounded_search(const cadreplan::detail::Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                                 bool with_seats = true);

/// A chain from an unbounded search: for a ladder goal, reaching it at
/// `earliest`; for a credential goal, completing it in year @p completion.
/// Valid under rules 1-5 (not necessarily 7). Empty when there is none.
std::vector<Step> unbounded_chain(const cadreplan::detail::Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                                  const UnboundedResult& u, Year completion = kNever);

/// Levels only (rules 4 and 5 as a fixpoint, no years): can programs k with
/// usable(k) take the cadre from its roster levels to the goal?
bool structurally_reaches(const cadreplan::detail::Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                          const std::function<bool(int)>& usable);

/// Rules 1-5 and 7 for the cadre's chain alone, and >= 1 seat in each start year.
bool chain_valid(const cadreplan::detail::Compiled& cp, const Roster& r, std::size_t c, const std::vector<Step>& chain,
                 int max_concurrent);

/// Whether the chain achieves the goal: a ladder goal held at the end of
/// @p year; a credential goal completed in exactly @p year.
bool chain_achieves(const cadreplan::detail::Compiled& cp, const Roster& r, std::size_t c, const Goal& goal,
                    const std::vector<Step>& chain, Year year);

}  // namespace cadreplan::paths::detail
