// Internal: the clock, the time limit and the progress callback of one solve.
#pragma once

#include <chrono>
#include <string>

#include "cadreplan/optimize/solve.hpp"

namespace cadreplan::optimize {

class SolveContext {
 public:
  SolveContext(const SolveOptions& options, SolveReport& report)
      : options_(options), report_(report), t0_(std::chrono::steady_clock::now()) {}

  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }
  double remaining() const { return options_.time_limit - seconds(); }
  /// Reports progress; returns false when the solve must stop (time limit or
  /// the callback asked to cancel), after setting the report's status.
  bool progress(const std::string& phase, double fraction, double best_S = -1, double lower_bound = -1,
                const std::string& message = {}) {
    if (stopped_) return false;
    if (options_.progress) {
      Progress p{seconds(), phase, fraction, best_S, lower_bound, message};
      if (!options_.progress(p)) {
        stopped_ = true;
        report_.status = SolveStatus::cancelled;
        return false;
      }
    }
    if (remaining() <= 0) {
      stopped_ = true;
      report_.status = SolveStatus::time_limit;
      return false;
    }
    return true;
  }
  bool stopped() const { return stopped_; }
  void record(const std::string& name, const std::string& value) { report_.record(seconds(), name, value); }
  SolveReport& report() { return report_; }
  const SolveOptions& options() const { return options_; }

 private:
  const SolveOptions& options_;
  SolveReport& report_;
  std::chrono::steady_clock::time_point t0_;
  bool stopped_ = false;
};

}  // namespace cadreplan::optimize
