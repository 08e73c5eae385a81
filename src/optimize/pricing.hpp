// Internal: the pricing problem of the column generation — for one cohort,
// the schedule (a set of enrollments for one cadre) of least reduced cost.
//
// A dynamic program over the years of the horizon. Its state at the start of
// a year is everything the rules and the score can still read about the
// cadre: the level on every ladder, the latest completion of every credential
// that can still count for a later checkpoint, and the enrollments under way
// (program, completion year). Within a year, programs are considered one at
// a time (start it or not); at the end of the year, enrollments complete and
// the checkpoints of that year pay their reward. The DP is exact: every valid
// schedule of a member of the cohort is a path, and every path is a valid
// schedule (rules 1-5 and 7 through rules/state.hpp; 8 and 9 are rows of the
// master problem).
#pragma once

#include <array>
#include <memory>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"

namespace cadreplan::optimize {

/// One cadre's enrollments: (program, start year), sorted.
struct Schedule {
  std::vector<std::pair<int, Year>> items;
  friend bool operator==(const Schedule&, const Schedule&) = default;
};

/// Prices that the master problem puts on resources and targets.
struct Prices {
  /// [k * years + (s - start)]: the cost of starting program k in year s
  /// (objective cost + seat and budget prices); >= 0.
  std::vector<double> start_cost;
  /// [checkpoint]: the value of achieving the checkpoint; >= 0.
  std::vector<double> reward;
};

class Pricer {
 public:
  Pricer(const Scenario& sc, const CohortSet& cohorts);

  /// Per-thread scratch memory.
  struct Workspace;
  struct WorkspaceDeleter {
    void operator()(Workspace* w) const noexcept;
  };
  using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;
  static WorkspacePtr make_workspace();

  /// The least value of sum(start_cost) - sum(reward of achieved checkpoints)
  /// over the valid schedules of cohort @p g; the schedule in @p out.
  double best(std::size_t g, const Prices& prices, Schedule& out, Workspace& ws) const;

  /// The checkpoints (indices) that a member of cohort @p g achieves under
  /// @p schedule, in increasing order.
  void achieved(std::size_t g, const Schedule& schedule, std::vector<int>& out) const;

  /// Programs that can help cohort @p g towards some checkpoint.
  const std::vector<int>& useful(std::size_t g) const noexcept { return useful_[g]; }
  std::size_t state_bytes() const noexcept { return key_len_; }

 private:
  const Scenario& sc_;
  const detail::Compiled& cp_;
  const CohortSet& co_;
  std::size_t L_, K_, m_, key_len_;
  std::vector<std::vector<int>> useful_;               // per cohort
  std::vector<std::vector<std::uint64_t>> startable_;  // per cohort: [program] bit (s - start) for rules 1-3
  std::vector<std::vector<int>> ck_at_year_;           // checkpoints by year offset
  /// [cohort][(credential * years + y) * (years + 1) + z]: a completion at
  /// offset z-1 can still count for a checkpoint after year offset y.
  std::vector<std::vector<std::uint8_t>> still_counts_;
};

}  // namespace cadreplan::optimize
