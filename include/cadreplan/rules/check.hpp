// cadreplan — THE one implementation of the contract's validity rules (1-9)
// and scoring (S, C, attainment per target checkpoint). Every strategy, test,
// command and binding goes through rules::check.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cadreplan/core/types.hpp"
#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::rules {

/// One broken rule. `row` is the enrollment's index in the plan (-1 for a
/// plan-wide rule such as 8 or 9); `line` its line in the plan file, if known.
struct Violation {
  int rule = 0;
  std::int64_t row = -1;
  int line = 0;
  std::int32_t cadre = -1;
  std::int32_t program = -1;
  Year year = 0;
  std::string message;
};

/// The score of one target checkpoint.
struct CheckpointResult {
  int target = 0;        ///< index into scenario targets
  Year year = 0;
  Share share;
  std::int64_t n = 0;         ///< group size: active in `year` and selector holds
  std::int64_t required = 0;  ///< ceil(share * n), exact
  std::int64_t achieved = 0;
  std::int64_t shortfall = 0; ///< max(0, required - achieved)
  double weight = 1.0;
};

/// What rules::check says of a plan.
struct Evaluation {
  bool valid = true;
  std::int64_t violation_count = 0;     ///< all violations found
  std::vector<Violation> violations;    ///< the first CheckOptions::max_violations
  double S = 0.0;  ///< total weighted shortfall (lower is better)
  double C = 0.0;  ///< total cost: sum of cost_per_year * duration_years
  std::vector<CheckpointResult> checkpoints;  ///< target order, then checkpoint year

  /// "valid, S = 12, C = 3400" or "invalid (3 violations), ...".
  std::string brief() const;
};

struct CheckOptions {
  std::size_t max_violations = 1000;  ///< violations kept in detail (all are counted)
  /// Threads for the per-cadre rules and the scoring (0 or less: every core).
  /// Scenarios of fewer than kParallelCheckCadres cadres are checked on the
  /// calling thread alone. The result does not depend on the number of threads.
  int threads = 0;
};

/// Below this many cadres in the roster, check() uses one thread (starting a
/// thread costs more than it saves there).
inline constexpr std::size_t kParallelCheckCadres = 20000;

/// Validity (rules 1-9) and score of @p plan under @p scenario.
/// Enrollments naming unknown cadres or programs break rule 6 and count for
/// nothing else; every other enrollment counts in the score even when it breaks
/// a rule (the score of an invalid plan is informative only).
/// Never throws on plan content.
Evaluation check(const Scenario& scenario, const Plan& plan, const CheckOptions& options = {});

/// The score with no training at all (the baseline attainment).
Evaluation baseline(const Scenario& scenario);

/// Relative tolerance used when comparing a year's spending with its budget
/// (sums of decimal costs in binary floating point): spend <= budget * (1 + 1e-9).
inline constexpr double kBudgetRelTol = 1e-9;

}  // namespace cadreplan::rules
