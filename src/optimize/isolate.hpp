// Internal: run a computation in a child process, so that a third-party
// library that aborts (Debian builds COIN-OR with assertions enabled) cannot
// take the host process — a notebook kernel, an HR server — down with it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

class CbcModel;

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

/// How long the parent waits for a CBC child given @p seconds of CBC time:
/// CBC reads its clock between nodes and heuristics, and runs over by more
/// than a second on some models (root cuts, a heuristic's sub-MIP; n120-s5's
/// compact model, 24 s of CBC time: 2.2-2.5 s over). Killed, the child's tree
/// bound is lost with it, so the wait grows with the time.
inline double cbc_wait(double seconds) { return seconds + (seconds > 5.0 ? 0.2 * seconds : 1.0); }

/// A CBC run in a child (run_isolated, waiting cbc_wait(@p seconds)): @p work
/// builds and solves the model, with CBC's diving heuristics when its argument
/// is true. When the child crashed, it is run once more without them in the
/// time left (the failure then says so if that fails too).
IsolatedResult run_cbc_isolated(const std::function<std::vector<double>(bool dives)>& work, double seconds,
                                const std::function<bool()>& stop);

/// Runs CBC's standard solve on @p model (its cutoff already set), as the
/// optimizer calls it in a child process: quiet, at most @p seconds of wall
/// time, stopping within @p relative_gap, and within the absolute gap
/// @p allowable_gap when it is > 0 (0.999 when the objective moves in whole
/// steps). Without @p dives, CBC's diving heuristics are off: they sometimes
/// trip an assertion in Debian's CLP, so a crashed child is retried without.
void run_cbc(CbcModel& model, double seconds, double relative_gap, double allowable_gap, bool dives);

}  // namespace cadreplan::optimize
