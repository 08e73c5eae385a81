// Internal: the built-in strategies, registered by solve.cpp.
#pragma once

#include <memory>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/optimize/solve.hpp"

namespace cadreplan::optimize {

std::unique_ptr<Strategy> make_greedy();
/// The greedy hand rule continued from @p start (whose enrollments the rules
/// still allow are kept, in order): serves the checkpoints still behind.
Plan greedy_extend(const Scenario& sc, const Plan& start, const SolveOptions& options, SolveReport& report);
std::unique_ptr<Strategy> make_flow();
std::unique_ptr<Strategy> make_optimal();

}  // namespace cadreplan::optimize
