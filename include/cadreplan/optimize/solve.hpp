// cadreplan — strategies, their options and their reports.
//
// The shape follows Ceres: a plain options struct with documented defaults
// and is_valid(); one free solve(); a report with brief_report() and
// full_report(). A strategy only proposes a plan: solve() always scores it
// with rules::check, so every number in a report comes from the one checker.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/rules/check.hpp"

namespace cadreplan {

/// A progress event from a running solve.
struct Progress {
  double seconds = 0.0;         ///< since the solve started
  std::string phase;            ///< "greedy", "lp", "mip", "disaggregate", ...
  double fraction = -1.0;       ///< share of the phase done in [0, 1], or -1 when unknown
  double best_S = -1.0;         ///< best S found so far, or -1
  double lower_bound = -1.0;    ///< best lower bound on S so far, or -1
  std::string message;          ///< one line for a person
};

/// Called on progress; return false to cancel the solve (the best valid plan
/// found so far is returned with status `cancelled`).
using ProgressCallback = std::function<bool(const Progress&)>;

/// How to solve. Plain data with documented defaults.
struct SolveOptions {
  std::string strategy = "optimal";  ///< a name from strategy_names()
  double time_limit = 300.0;         ///< seconds of wall time; must be > 0
  int threads = 0;                   ///< 0 = every core; otherwise >= 1
  std::uint64_t seed = 0;            ///< for any randomised step; echoed in the report
  ProgressCallback progress;         ///< may be empty
  std::string write_mps;             ///< if set, strategies with a model write it there (MPS)
  /// Strategy-specific settings ("greedy.priority" = "source_pool" | "oldest").
  std::map<std::string, std::string> settings;

  /// True when the options make sense; otherwise false and @p why says what is wrong.
  bool is_valid(std::string* why = nullptr) const;
};

enum class SolveStatus {
  optimal,     ///< least S proven (lower bound == S), and least C among those within tolerance
  feasible,    ///< a valid plan, without a proof of optimality
  time_limit,  ///< stopped at the time limit; the best valid plan found
  cancelled,   ///< stopped by the progress callback; the best valid plan found
};
std::string_view to_string(SolveStatus status) noexcept;

/// A named record in the solve log ("lp.iterations", "cohorts", ...).
struct LogRecord {
  double seconds = 0.0;
  std::string name;
  std::string value;
};

/// What a solve did and how good the plan is.
struct SolveReport {
  std::string strategy;
  SolveStatus status = SolveStatus::feasible;
  double S = 0.0;                     ///< from rules::check
  double C = 0.0;                     ///< from rules::check
  std::optional<double> lower_bound;  ///< proven lower bound on S, if the strategy has one
  std::optional<double> cost_lower_bound;  ///< proven lower bound on C at this S, if any
  double seconds = 0.0;               ///< wall time of the whole solve
  std::map<std::string, double> timings;  ///< seconds per phase
  std::vector<LogRecord> log;
  std::uint64_t seed = 0;
  int threads = 1;

  /// S - lower_bound, or nullopt without a bound.
  std::optional<double> gap() const;
  /// (S - lower_bound) / max(S, 1), or nullopt without a bound.
  std::optional<double> relative_gap() const;
  /// One line: strategy, status, S, C, bound, gap, seconds.
  std::string brief_report() const;
  /// Several lines: the brief report, timings and the log.
  std::string full_report() const;

  void record(double seconds, std::string name, std::string value) {
    log.push_back(LogRecord{seconds, std::move(name), std::move(value)});
  }
};

/// A plan with its report and its evaluation by rules::check.
struct SolveResult {
  Plan plan;
  SolveReport report;
  rules::Evaluation evaluation;
};

/// An allocation strategy: proposes a plan for a scenario. Implementations
/// fill what they know in the report (status, bounds, log); solve() adds
/// S, C and timings from rules::check.
class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  /// @throws OptionsError on settings the strategy does not understand.
  virtual Plan solve(const Scenario& scenario, const SolveOptions& options, SolveReport& report) = 0;
};

using StrategyFactory = std::function<std::unique_ptr<Strategy>()>;

/// Registers a strategy under @p name (replacing one of the same name).
void register_strategy(const std::string& name, StrategyFactory factory);
/// The registered strategy names, sorted.
std::vector<std::string> strategy_names();
/// A new instance of the strategy @p name. @throws OptionsError for an unknown name.
std::unique_ptr<Strategy> make_strategy(std::string_view name);

/// Runs options.strategy on @p scenario and checks the plan with rules::check.
/// @throws OptionsError when the options are invalid or the strategy unknown.
/// @throws SolveError when the strategy returns a plan that breaks a rule
///         (a bug in that strategy; the message lists the violations).
SolveResult solve(const Scenario& scenario, const SolveOptions& options = {});

/// Runs @p strategy (not necessarily registered) the same way as solve().
SolveResult solve_with(Strategy& strategy, const Scenario& scenario, const SolveOptions& options = {});

}  // namespace cadreplan
