// Internal: column generation and branch-and-price over a Master problem,
// shared by the optimal strategy and by explanations.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "optimize/cohorts.hpp"
#include "optimize/context.hpp"
#include "optimize/master.hpp"
#include "optimize/pricing.hpp"

namespace cadreplan::optimize {

namespace search_detail {
inline std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace search_detail

inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct Node {
  std::vector<Branch> branches;
  double bound = -kInf;  // inherited from the parent until solved
};

/// Column generation and branch-and-price over a Master (see optimal.cpp).
class Search {
 public:
  Search(const Scenario& sc, SolveContext& ctx, const CohortSet& co, const Pricer& pricer, Master& master, int threads)
      : sc_(sc), ctx_(ctx), co_(co), pricer_(pricer), master_(master), threads_(threads) {
    for (int i = 0; i < std::max(1, threads); ++i) ws_.push_back(Pricer::make_workspace());
    found_.resize(co.size());
    more_.resize(co.size());
    rc_.assign(co.size(), 0.0);
    active_.assign(co.size(), 1);
  }

  /// Column generation at the current node until the LP is optimal over all
  /// schedules. Returns the LP value; nullopt when the restricted LP is
  /// infeasible or the time ran out (ctx.stopped() / master.timed_out()).
  std::optional<double> generate(const std::string& phase, bool first_dual) {
    // Partial pricing: after a full round, only the cohorts that produced a
    // column are priced again, until none does; then a full round confirms
    // (or restarts). Only a full round with no column ends the generation.
    bool dual = first_dual;
    bool full = true;
    while (true) {
      double t0 = ctx_.seconds();
      auto v = master_.solve_lp(std::max(0.1, ctx_.remaining()), dual);
      const double lp_secs = ctx_.seconds() - t0;
      lp_time_ += lp_secs;
      ++lp_stats_.solves;
      lp_stats_.iterations += static_cast<std::size_t>(std::max(0, master_.last_iterations()));
      if (lp_secs > lp_stats_.longest) {
        lp_stats_.longest = lp_secs;
        lp_stats_.longest_rows = master_.rows();
        lp_stats_.longest_columns = master_.columns().size();
      }
      dual = false;
      if (!v) return std::nullopt;
      master_.prices(prices_);
      t0 = ctx_.seconds();
      price(full);
      price_time_ += ctx_.seconds() - t0;
      ++rounds_;
      if (full && root_node_) {
        // Lagrangian (Farley) bound: with the cohort rows sum_j x_j = n_g, the
        // LP over ALL schedules is at least z + sum_g n_g min(0, rc_g), the
        // least reduced costs just priced. Valid after any full round, so a
        // run stopped before the generation converges still has a bound.
        // Pruned pricing only tells rc_g >= -1e-7 for the cohorts it skips:
        // that much per member comes off.
        double lag = *v, members = 0;
        for (std::size_t g = 0; g < co_.size(); ++g) {
          const double n = static_cast<double>(co_.count(g));
          members += n;
          if (rc_[g] < 0) lag += n * rc_[g];
        }
        lag -= 1e-7 * members;
        root_lagrangian_ = std::max(root_lagrangian_, lag);
      }
      std::size_t added = 0;
      std::vector<char> produced(co_.size(), 0);
      for (std::size_t g = 0; g < co_.size(); ++g) {
        if (!(full || active_[g])) continue;
        auto take = [&](Schedule& s) {
          const std::size_t before = master_.columns().size();
          master_.add(static_cast<int>(g), std::move(s));
          if (master_.columns().size() > before) {
            ++added;
            produced[g] = 1;
          }
        };
        if (rc_[g] < -1e-7) take(found_[g]);
        for (auto& [value, s] : more_[g]) take(s);
      }
      active_ = std::move(produced);
      if (!ctx_.progress(phase, -1, best_value_, lower_bound_,
                         std::to_string(nodes_) + " nodes, " + std::to_string(master_.columns().size()) +
                             " columns, LP " + search_detail::fmt(*v)))
        return std::nullopt;
      if (added == 0 && full) return v;
      full = added == 0;
    }
  }

  /// The node's LP value, solving a feasibility problem first when the
  /// restricted master is infeasible. nullopt: infeasible or stopped.
  std::optional<double> solve_node(const std::string& phase, const Node& node, bool& infeasible) {
    infeasible = false;
    root_node_ = node.branches.empty();
    master_.set_branches(node.branches);
    master_.allow_artificials(false);
    auto v = generate(phase, true);
    if (v || ctx_.stopped() || master_.timed_out()) return v;
    // Restricted master infeasible: can columns repair it?
    const Master::Objective own = master_.objective();
    master_.allow_artificials(true);
    master_.set_objective(Master::Objective::feasibility);
    auto f = generate(phase + ".feasibility", false);
    const bool stopped = ctx_.stopped() || master_.timed_out();
    const double art = f ? master_.artificial_sum() : kInf;
    master_.set_objective(own);
    master_.allow_artificials(false);
    if (stopped) return std::nullopt;
    if (!f || art > 1e-6) {
      infeasible = true;
      return std::nullopt;
    }
    return generate(phase, false);
  }

  /// Branch-and-price with the master's current objective. `value(sol)` is
  /// the objective of an integer solution; `prune(bound, incumbent)` says a
  /// node cannot improve enough. Returns whether the search finished.
  template <class Value, class Bound, class Prune, class AtRoot>
  bool run(const std::string& phase, IntegerSolution& inc, Value value, Bound bound_of, Prune prune, AtRoot at_root,
           double deadline, double& lower_bound) {
    std::vector<Node> open{Node{{}, root_floor_}};
    best_value_ = value(inc);
    lower_bound_ = -1;
    lower_bound = -kInf;
    root_lagrangian_ = -kInf;
    bool finished = true;
    bool diving = true;
    double pruned = kInf;  // the least bound of a pruned node
    while (!open.empty()) {
      if (ctx_.seconds() > deadline && nodes_ > 0) {
        finished = false;
        break;
      }
      // Depth first while diving, then best bound (ties: the deepest).
      std::size_t pick = open.size() - 1;
      if (!diving) {
        for (std::size_t i = 0; i < open.size(); ++i)
          if (open[i].bound < open[pick].bound - 1e-9 ||
              (open[i].bound <= open[pick].bound + 1e-9 && open[i].branches.size() > open[pick].branches.size()))
            pick = i;
      }
      Node node = std::move(open[pick]);
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(pick));
      if (prune(node.bound, value(inc))) {
        pruned = std::min(pruned, node.bound);
        diving = false;
        continue;
      }
      ++nodes_;
      bool infeasible = false;
      auto z = solve_node(phase, node, infeasible);
      if (!z && !infeasible) {  // out of time or cancelled
        open.push_back(std::move(node));
        finished = false;
        break;
      }
      if (infeasible) {
        diving = false;
        continue;
      }
      double nb = std::max(node.bound, bound_of(*z));
      pad(inc);
      IntegerSolution r = master_.round_and_repair();
      if (value(r) < value(inc) - 1e-9 ||
          (value(r) <= value(inc) + 1e-9 && r.C < inc.C - 1e-9 && r.S <= inc.S + 1e-9)) {
        if (!master_.cost_phase() || r.S <= s_star_ + 1e-9) inc = r;
      }
      best_value_ = value(inc);
      if (node.branches.empty()) {  // the root
        lower_bound = nb;
        if (!prune(nb, value(inc))) {
          // A root heuristic may also prove a better bound (an exact solver).
          if (auto proven = at_root(inc, nb)) nb = std::max(nb, *proven);
          lower_bound = nb;
          pad(inc);
          best_value_ = value(inc);
          master_.set_branches(node.branches);
        }
      }
      if (prune(nb, value(inc))) {
        pruned = std::min(pruned, nb);
        diving = false;
        continue;
      }
      // Branch on the most fractional start count of a cohort; when all are
      // whole, on the most fractional arc flow (ties: earliest year, then
      // cohort, program, state); when those are whole too, the node is integral.
      Branch up_branch;
      if (auto b = master_.fractional_start()) {
        up_branch = *b;
      } else {
        const auto flows = master_.arc_flows();
        const Arc* arc = nullptr;
        double arc_flow = 0, arc_score = -1;
        for (const auto& [a, f] : flows) {
          const double frac = f - std::floor(f + 1e-9);
          if (frac < 1e-6 || frac > 1 - 1e-6) continue;
          const double score = std::min(frac, 1 - frac);
          if (!arc || score > arc_score + 1e-9 ||
              (score >= arc_score - 1e-9 && std::tie(a.year, a.cohort, a.program, a.key) <
                                                std::tie(arc->year, arc->cohort, arc->program, arc->key))) {
            arc = &a;
            arc_flow = f;
            arc_score = score;
          }
        }
        if (!arc) {
          // Integral arc flows: an integral solution of value z.
          IntegerSolution s = decompose(flows);
          if (value(s) < value(inc) - 1e-9 && (!master_.cost_phase() || s.S <= s_star_ + 1e-9)) inc = s;
          best_value_ = value(inc);
          diving = false;
          continue;
        }
        up_branch.kind = Branch::Kind::arc;
        up_branch.arc = *arc;
        up_branch.at_most = false;
        up_branch.rhs = std::ceil(arc_flow);
      }
      Branch down_branch = up_branch;
      down_branch.at_most = true;
      down_branch.rhs = up_branch.rhs - 1;
      Node down{node.branches, nb}, up{node.branches, nb};
      down.branches.push_back(down_branch);
      up.branches.push_back(up_branch);
      open.push_back(std::move(down));
      open.push_back(std::move(up));  // explored next
      diving = true;
      double lb = kInf;
      for (const Node& n : open) lb = std::min(lb, n.bound);
      lower_bound_ = std::min(lb, value(inc));
    }
    double lb = value(inc);
    for (const Node& n : open) lb = std::min(lb, n.bound);
    // Finished: every node was pruned, at a bound within the prune's gap of
    // the incumbent (0 unless optimal.gap).
    lower_bound = finished ? std::min(value(inc), pruned) : std::max({lower_bound, lb, bound_of(root_lagrangian_)});
    if (root_lagrangian_ > -kInf) ctx_.record("bound.lagrangian." + phase, search_detail::fmt(root_lagrangian_));
    master_.set_branches({});
    return finished;
  }

  void pad(IntegerSolution& s) const { s.x.resize(master_.columns().size(), 0.0); }
  void set_s_star(double s) { s_star_ = s; }
  /// A bound known before any LP (optimal's capacity bound): the next run()
  /// starts its root from it, so an incumbent at it is proven with no LP.
  void set_root_floor(double bound) { root_floor_ = bound; }
  std::size_t nodes() const { return nodes_; }
  std::size_t rounds() const { return rounds_; }
  double lp_time() const { return lp_time_; }
  /// What the master LP solves cost: where a large run's time goes.
  struct LpStats {
    std::size_t solves = 0, iterations = 0;  ///< LP solves; their simplex/barrier iterations
    double longest = 0;                      ///< seconds of the longest solve
    std::size_t longest_rows = 0, longest_columns = 0;  ///< the master's size at that solve
  };
  const LpStats& lp_stats() const { return lp_stats_; }
  double price_time() const { return price_time_; }
  /// The graphs @p p builds are for this search's pricing: it stops @p p
  /// before its first pricing round, which then uses every core.
  void stop_before_pricing(GraphPrebuild* p) noexcept { prebuild_ = p; }

 private:
  /// Prices every cohort (full) or the active ones; up to kExtraColumns more
  /// schedules per cohort with a negative reduced cost.
  void price(bool full) {
    if (prebuild_) {
      prebuild_->stop();
      prebuild_ = nullptr;
    }
    static constexpr std::size_t kExtraColumns = 0;
    const std::size_t G = co_.size();
    auto one = [&](std::size_t g, Pricer::Workspace& w) {
      more_[g].clear();
      if (!full && !active_[g]) return;
      const double dual = master_.cohort_dual(static_cast<int>(g));
      rc_[g] = pricer_.best(g, prices_, found_[g], w, kExtraColumns, dual - 1e-7, more_[g], true) - dual;
    };
    if (threads_ <= 1 || G < 64) {
      for (std::size_t g = 0; g < G; ++g) one(g, *ws_[0]);
      return;
    }
    // Dynamic scheduling in small chunks: a few cohorts have state graphs a
    // hundred times larger than the rest. Each cohort's result depends on that
    // cohort alone, so the outcome does not depend on the schedule.
    std::atomic<std::size_t> next{0};
    auto worker = [&](Pricer::Workspace& w) {
      constexpr std::size_t kChunk = 8;
      for (std::size_t lo; (lo = next.fetch_add(kChunk)) < G;)
        for (std::size_t g = lo; g < std::min(G, lo + kChunk); ++g) one(g, w);
    };
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < static_cast<std::size_t>(threads_); ++i) pool.emplace_back(worker, std::ref(*ws_[i]));
    worker(*ws_[0]);
    for (auto& th : pool) th.join();
  }

  /// Integral arc flows into integral schedules (columns), per cohort.
  IntegerSolution decompose(const std::unordered_map<Arc, double, ArcHash>& flows) {
    auto left = flows;
    std::vector<std::pair<int, Schedule>> picked;
    for (std::size_t g = 0; g < co_.size(); ++g)
      for (std::int64_t u = 0; u < co_.count(g); ++u) {
        Schedule s;
        pricer_.walk(g, left, s);
        picked.emplace_back(static_cast<int>(g), std::move(s));
      }
    IntegerSolution sol;
    std::vector<int> idx;
    for (auto& [g, s] : picked) idx.push_back(master_.add(g, std::move(s)));
    sol.x.assign(master_.columns().size(), 0.0);
    for (int j : idx) sol.x[static_cast<std::size_t>(j)] += 1;
    master_.score(sol);
    return sol;
  }

  const Scenario& sc_;
  SolveContext& ctx_;
  const CohortSet& co_;
  const Pricer& pricer_;
  Master& master_;
  int threads_;
  std::vector<Pricer::WorkspacePtr> ws_;
  GraphPrebuild* prebuild_ = nullptr;
  std::vector<Schedule> found_;
  std::vector<std::vector<std::pair<double, Schedule>>> more_;
  std::vector<double> rc_;
  std::vector<char> active_;
  Prices prices_;
  double best_value_ = -1, lower_bound_ = -1, s_star_ = kInf;
  double root_lagrangian_ = -kInf;  // best Lagrangian bound at the root of this run
  double root_floor_ = -kInf;       // see set_root_floor
  bool root_node_ = true;           // the node being solved has no branches
  std::size_t nodes_ = 0, rounds_ = 0;
  double lp_time_ = 0, price_time_ = 0;
  LpStats lp_stats_;
};

}  // namespace cadreplan::optimize
