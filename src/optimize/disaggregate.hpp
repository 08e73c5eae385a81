// Internal: from counts per cohort and schedule to named cadres.
//
// Members of a cohort are interchangeable under every rule and score, so any
// assignment is valid and scores the same; the assignment is made by a
// documented, deterministic priority (docs/ARCHITECTURE.md):
//   cadres: the source pool first (flag `source_pool`), then those with the
//           most years of service left (latest birth year), then by id;
//   schedules: the most enrollments first, then the most expensive, then by
//           (start year, program) of their enrollments.
#pragma once

#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/master.hpp"

namespace cadreplan::optimize {

/// The plan that gives x[j] members of cohort columns[j].cohort the schedule
/// of column j (columns beyond x.size() count 0). @throws SolveError if the
/// counts exceed a cohort.
Plan disaggregate(const Scenario& sc, const CohortSet& co, const std::vector<Column>& columns, const std::vector<double>& x);

}  // namespace cadreplan::optimize
