// Internal: a lower bound on S from seats and eligibility alone, checkpoint by
// checkpoint, for any roster size.
//
// A member of checkpoint i's group who does not achieve it with no plan at all
// (the baseline) achieves it only through an enrollment of its own in a
// program that serves i (grants the ladder level or above; or the credential)
// and completes in time to count at year Y (SCENARIO-FORMAT.md, scoring). So,
// in every valid plan,
//   achieved_i <= baseline_i + min(seats_i, reachable_i),
// where seats_i sums the seats (rule 8) of the program-years whose
// enrollments could count at Y and finish inside the horizon (rule 1), and
// reachable_i counts the members outside the baseline eligible (rule 3) and
// active through completion plus service (rule 2) for at least one of them.
// Prerequisites, concurrency and budgets are ignored, so the bound is weak
// where they bind; the master LP implies it. It matters where the LP does not
// finish (a national roster), and costs O(cohorts x checkpoints x programs x years).
#pragma once

#include <cstdint>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"

namespace cadreplan::optimize {

struct CapacityBound {
  /// Per checkpoint (CohortSet::checkpoints() order): members achieving with
  /// no plan, the most that can be added, and the shortfall every plan has.
  std::vector<std::int64_t> baseline, addable, shortfall;
  double S = 0.0;  ///< sum of weight x shortfall: a lower bound on S
};

CapacityBound capacity_bound(const Scenario& sc, const CohortSet& co);

}  // namespace cadreplan::optimize
