// Internal: a lower bound on S from seats and eligibility alone, checkpoint by
// checkpoint, for any roster size.
//
// A member of checkpoint i's group who does not achieve it with no plan at all
// (the baseline) achieves it only through an enrollment of its own in a
// program that serves it (grants the ladder level or above; or the credential)
// and completes in time to count at year Y (SCENARIO-FORMAT.md, scoring). So,
// in every valid plan,
//   achieved_i <= baseline_i + min(seats_i, reachable_i),
// where seats_i sums the seats (rule 8) of the program-years whose
// enrollments could count at Y and finish inside the horizon (rule 1), and
// reachable_i counts the members outside the baseline for whom one of them is
// valid on its own: eligible (rule 3), active through completion plus service
// (rule 2), and with every required level reachable by the year before the
// start through some chain of such enrollments (rule 4).
// Checkpoints of one year and one level (or credential) whose groups share no
// cohort compete for the same seats: for such a family the most new
// achievers, weighted, is a max flow (checkpoint -> program-year -> seats),
// which can only raise the bound. Concurrency and budgets are ignored, so
// the bound is weak where they bind; the master LP implies it. It matters
// where the LP does not finish (a national roster): milliseconds at any size.
#pragma once

#include <cstdint>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"

namespace cadreplan::optimize {

struct CapacityBound {
  /// Per checkpoint (CohortSet::checkpoints() order): members achieving with
  /// no plan, the most that can be added alone, and the shortfall every plan
  /// has at that checkpoint.
  std::vector<std::int64_t> baseline, addable, shortfall;
  /// A lower bound on S: over the families, the larger of their weighted
  /// `shortfall` sum and their shared-seat flow bound (so S may exceed the
  /// weighted sum of `shortfall`).
  double S = 0.0;
};

CapacityBound capacity_bound(const Scenario& sc, const CohortSet& co);

}  // namespace cadreplan::optimize
