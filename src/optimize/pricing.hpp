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
#include <atomic>
#include <thread>
#include <memory>
#include <mutex>
#include <cstdint>
#include <unordered_map>
#include <tuple>
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

/// A DP state: levels per ladder, then the latest completion (year offset + 1,
/// 0 = none that can still count) per credential, then the enrollments under
/// way as sorted (program + 1, completion offset + 1) pairs. Unused bytes are 0.
constexpr std::size_t kMaxStateBytes = 48;
using StateKey = std::array<std::uint8_t, kMaxStateBytes>;

/// A start arc of the DP graph: a member of `cohort`, in state `key` within
/// year offset `year` (after the starts of lower-numbered programs that year),
/// starts `program`. Branch-and-price branches on the flow through arcs:
/// integral arc flows decompose into integral schedules.
struct Arc {
  std::uint32_t cohort = 0;
  std::uint16_t year = 0;
  std::uint16_t program = 0;
  StateKey key{};
  friend bool operator==(const Arc&, const Arc&) = default;
};
struct ArcHash {
  std::size_t operator()(const Arc& a) const noexcept {
    std::uint64_t h = 1469598103934665603ULL ^ (static_cast<std::uint64_t>(a.cohort) << 32 | static_cast<std::uint64_t>(a.year) << 16 | a.program);
    for (std::uint8_t b : a.key) h = (h ^ b) * 1099511628211ULL;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
};

/// Prices that the master problem puts on resources, targets and branches.
struct Prices {
  /// [k * years + (s - start)]: the cost of starting program k in year s
  /// (objective cost + seat and budget prices); >= 0.
  std::vector<double> start_cost;
  /// [checkpoint]: the value of achieving the checkpoint; >= 0.
  std::vector<double> reward;
  /// Extra cost of taking a branched-on arc (+infinity: forbidden).
  std::unordered_map<Arc, double, ArcHash> arc_cost;
  /// [cohort]: whether arc_cost names any arc of the cohort.
  std::vector<char> cohort_has_arc_cost;
  /// [cohort]: extra cost of starting (program, year offset) for that cohort
  /// only (+infinity: forbidden), from branches on a cohort's start counts.
  std::vector<std::vector<std::tuple<int, int, double>>> start_adjust;
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

  /// The least value of sum(start_cost) + sum(arc_cost) - sum(reward of
  /// achieved checkpoints) over the valid schedules of cohort @p g; the
  /// schedule in @p out.
  double best(std::size_t g, const Prices& prices, Schedule& out, Workspace& ws) const;
  /// Also the next best schedules that end in other final states and have a
  /// value below @p below: at most @p extra of them, best first, into @p more.
  /// With @p prune, states that cannot lead to a value below @p below (their
  /// cost minus every reward still to come) are dropped: the result is then
  /// exact when it is below @p below, and otherwise only known to be >= it
  /// (+infinity when no schedule is left). Column generation needs no more.
  double best(std::size_t g, const Prices& prices, Schedule& out, Workspace& ws, std::size_t extra, double below,
              std::vector<std::pair<double, Schedule>>& more, bool prune = false) const;

  /// The checkpoints (indices) that a member of cohort @p g achieves under
  /// @p schedule, in increasing order.
  void achieved(std::size_t g, const Schedule& schedule, std::vector<int>& out) const;

  /// The start arcs a member of cohort @p g follows under @p schedule.
  /// @throws SolveError if the schedule is not a path of the DP graph.
  void arcs(std::size_t g, const Schedule& schedule, std::vector<Arc>& out) const;

  /// Follows arcs with at least one unit of @p flow left from the root of
  /// cohort @p g's graph, taking one unit from each; the schedule in @p out.
  void walk(std::size_t g, std::unordered_map<Arc, double, ArcHash>& flow, Schedule& out) const;

  /// Builds (and caches, within the budget) cohort @p g's state graph now,
  /// unless it is built already; whether this call built it. See GraphPrebuild.
  bool prebuild(std::size_t g, Workspace& ws) const;

  std::size_t state_bytes() const noexcept { return key_len_; }
  /// Caps the bytes of cached state graphs (default kGraphBudget); cohorts
  /// whose graph does not fit are priced by the search over states. Call
  /// before the first best(); 0 turns the cache off (tests compare the two).
  void set_graph_budget(std::size_t bytes) noexcept { graph_budget_ = bytes; }
  /// Bytes held by the cohorts' cached state graphs (see best()).
  std::size_t graph_bytes() const noexcept { return graph_bytes_.load(); }
  /// Cohorts priced without a cached graph (over the memory budget).
  std::size_t uncached_cohorts() const noexcept { return uncached_.load(); }
  /// Programs that can help cohort @p g towards one of its checkpoints,
  /// directly or as a prerequisite (ascending). Others are never in an optimal plan.
  const std::vector<int>& useful(std::size_t g) const noexcept { return useful_[g]; }

 private:
  StateKey root(std::size_t g) const noexcept;
  /// The state after starting @p k in year offset @p yi from @p from, or false
  /// when a rule forbids it (1-5 through rules/state.hpp, 7 by the free slots).
  bool start(std::size_t g, const StateKey& from, int k, int yi, StateKey& to) const noexcept;
  /// End of year @p yi: completions, then the value of the year's checkpoints
  /// achieved (from @p reward, if given), then the canonical key.
  double end_year(std::size_t g, StateKey& key, int yi, const std::vector<double>* reward,
                  std::vector<int>* achieved = nullptr) const noexcept;

  /// A cohort's DP graph with the states already resolved: the transitions
  /// depend on the cohort and the rules, not on the prices, so the search over
  /// states (hashing, rule checks) runs once per cohort and every later
  /// pricing is one pass over arrays. Built on first use, kept while the
  /// total stays within the budget (set_graph_budget).
  struct Graph {
    int nodes = 0;  // node 0 is the root; indices in creation order
    /// Start arcs, grouped by year and, within a year, by program (the DP's
    /// order): run r covers arcs [run_begin[r], run_begin[r+1]) of program
    /// run_prog[r]; the runs of year offset y are [year_run[y], year_run[y+1]).
    std::vector<std::uint32_t> year_run, run_begin;
    std::vector<std::uint16_t> run_prog;
    std::vector<std::int32_t> s_from, s_to;
    /// End-of-year arcs of year offset y: [year_end[y], year_end[y+1]). Arc e
    /// leaves node e: every node but the last layer's has exactly one, and
    /// the nodes of a year's layer are numbered consecutively, so the arcs
    /// follow the nodes. It achieves the checkpoints of set e_set[e]: set s
    /// is ck[ck_begin[s] .. ck_begin[s+1]) (a graph has few distinct sets;
    /// their values are summed once per pricing, not once per arc).
    std::vector<std::uint32_t> year_end, ck_begin, e_set;
    std::vector<std::int32_t> e_to, ck;
    std::vector<std::int32_t> final_nodes;  // the last layer, in creation order
    std::size_t bytes() const noexcept;
  };
  static constexpr std::size_t kGraphBudget = std::size_t{1} << 30;
  const Graph* graph(std::size_t g, Workspace& ws, bool* built = nullptr) const;
  std::unique_ptr<Graph> build_graph(std::size_t g, Workspace& ws) const;
  double best_on_graph(const Graph& gr, const std::vector<double>& start_cost, const Prices& prices,
                       Schedule& out, Workspace& ws, std::size_t extra, double below,
                       std::vector<std::pair<double, Schedule>>& more, bool prune) const;

  const Roster& roster_;  // not the Scenario handle: a Pricer may live in its scenario (model_cache.hpp)
  const detail::Compiled& cp_;
  const CohortSet& co_;
  std::size_t L_, K_, m_, key_len_;
  std::vector<std::vector<int>> useful_;               // per cohort, ascending
  std::vector<std::vector<std::uint64_t>> startable_;  // per cohort: [program] bit (s - start) for rules 1-3
  std::vector<std::vector<int>> ck_at_year_;           // checkpoints by year offset
  /// [cohort][(credential * years + y) * (years + 1) + z]: a completion at
  /// offset z-1 can still count for a checkpoint after year offset y.
  std::vector<std::vector<std::uint8_t>> still_counts_;
  mutable std::vector<std::unique_ptr<Graph>> graphs_;
  mutable std::unique_ptr<std::once_flag[]> graph_once_;
  std::size_t graph_budget_ = kGraphBudget;
  mutable std::atomic<std::size_t> graph_bytes_{0};
  mutable std::atomic<std::size_t> uncached_{0};
};

/// Builds state graphs on a thread of its own while the caller does work
/// that leaves a core idle (the greedy plan, the first LP: CLP runs on one
/// core). A graph depends on the cohort and the rules alone, never on the
/// prices, and each is built once (whoever gets to it first, pricing or this
/// thread), so this changes when the graphs are built, not what any pricing
/// returns. Last cohort first; stop() returns after the cohort under way.
class GraphPrebuild {
 public:
  GraphPrebuild(const Pricer& pricer, std::size_t cohorts);
  ~GraphPrebuild() { stop(); }
  GraphPrebuild(const GraphPrebuild&) = delete;
  GraphPrebuild& operator=(const GraphPrebuild&) = delete;
  void stop() noexcept;
  /// Graphs this thread built.
  std::size_t built() const noexcept { return built_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> built_{0};
  std::thread thread_;
};

}  // namespace cadreplan::optimize
