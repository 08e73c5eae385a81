// Internal: run a computation in a child process, so that a third-party
// library that aborts (Debian builds COIN-OR with assertions enabled) cannot
// take the host process — a notebook kernel, an HR server — down with it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cadreplan::optimize {

struct IsolatedResult {
  std::optional<std::vector<double>> values;  ///< what the work returned, if it finished
  std::string failure;                        ///< why not: "crashed (signal 6)", "time limit", "cancelled", ...
};

/// Forks; the child runs @p work and sends back the numbers it returns; the
/// parent waits at most @p seconds, calling @p stop about ten times a second
/// (true = cancel). The child's output goes to /dev/null. On any failure the
/// child is killed and `values` is empty.
IsolatedResult run_isolated(const std::function<std::vector<double>()>& work, double seconds,
                            const std::function<bool()>& stop);

}  // namespace cadreplan::optimize
