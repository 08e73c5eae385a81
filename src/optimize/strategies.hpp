// Internal: the built-in strategies, registered by solve.cpp.
#pragma once

#include <memory>

#include "cadreplan/optimize/solve.hpp"

namespace cadreplan::optimize {

std::unique_ptr<Strategy> make_greedy();
std::unique_ptr<Strategy> make_flow();
std::unique_ptr<Strategy> make_optimal();

}  // namespace cadreplan::optimize
