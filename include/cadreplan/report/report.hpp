// cadreplan — reports: the scorecard text and the files a run writes.
#pragma once

#include <string>

#include "cadreplan/explain/explain.hpp"
#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/rules/check.hpp"

namespace cadreplan::report {

/// A readable scorecard: for each target checkpoint the share, group size,
/// required, baseline (no training), planned and shortfall; then S, C, the
/// lower bound and gap when known, the strategy, status and seconds.
/// With @p explanation, a "why short" section follows.
std::string scorecard(const Scenario& scenario, const rules::Evaluation& baseline, const SolveResult& result,
                      const explain::Explanation* explanation = nullptr);

/// `target_id,year,n,required,achieved,shortfall` for every target checkpoint.
std::string attainment_csv(const Scenario& scenario, const rules::Evaluation& evaluation);

/// The run summary as JSON: S, C, lower_bound (or null), gap, strategy, status,
/// seconds, seed, threads, baseline S, and the checkpoints.
/// With @p explanation, also `explanations` (per checkpoint short: causes,
/// unreachable members, the least extra seats and budget) and `seat_prices`.
std::string summary_json(const Scenario& scenario, const rules::Evaluation& baseline, const SolveResult& result,
                         const explain::Explanation* explanation = nullptr);

/// The explanation alone as JSON (what `cadreplan explain --out` writes).
std::string explanation_json(const Scenario& scenario, const explain::Explanation& explanation);

/// What `cadreplan check` prints: each violation, then validity, S and C.
std::string check_text(const Scenario& scenario, const Plan& plan, const rules::Evaluation& evaluation);

}  // namespace cadreplan::report
