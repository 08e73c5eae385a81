// Internal: a lower bound on S from the Lagrangian dual of the master, for
// rosters whose master LP is too large to solve in the time (a national run).
//
// The master (master.hpp) in phase S is
//   min  sum_i w_i sf_i
//   s.t. sum_j a_ij x_j + sf_i >= req_i          (checkpoint i)
//        sum_j seats_kj x_j   <= cap_k           (program-year k)
//        sum_j spend_tj x_j   <= B_t             (year t with a budget)
//        sum_{j of g} x_j      = n_g              (cohort g)
//        0 <= sf_i <= req_i, x >= 0,
// x_j over every valid schedule of every cohort. Moving the checkpoint, seat
// and budget rows into the objective with multipliers pi_i in [0, w_i],
// u_k >= 0 and v_t >= 0 leaves one problem per cohort, the pricing problem
// (pricing.hpp) with start costs u + v * spend and rewards pi:
//   L(pi, u, v) = sum_i pi_i req_i - sum_k u_k cap_k - sum_t v_t B_t
//                 + sum_g n_g min_s (cost(s) - reward(s)),
// and every L is a lower bound on the LP over all schedules, hence on S
// (weak duality; sf_i's term min (w_i - pi_i) sf_i is 0 as pi_i <= w_i).
// The multipliers come from a small restricted master over blocks of cohorts
// (the cohorts in the same checkpoints' groups): its columns are whole
// pricing passes, each block's members on their schedules of one pass added
// up, so it has a row per linking row and per block, never per cohort
// (Dantzig-Wolfe with aggregated columns; Kelley's cutting planes on L, one
// cut per block). Each round solves it, prices every cohort at its duals (one
// pass over the cached state graphs, on the threads), evaluates L and adds a
// column for every block whose pass solution prices below its row's dual.
// When L reaches the restricted master's value both are the optimum of the
// master LP over all schedules: L is separable over cohorts, so the block
// master and the cohort master have the same Lagrangian dual. The restricted
// master's solution, spread over each block's cohorts, is then a solution of
// the cohort master LP (LagrangeResult::primal), and basic_solution() makes it
// a vertex. Plain subgradient ascent on L was tried first and dropped
// (docs/ARCHITECTURE.md).
//
// The result is deterministic for any number of threads: each cohort's
// solution depends on that cohort alone and the sums run in cohort order.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/pricing.hpp"

namespace cadreplan::optimize {

struct LagrangeOptions {
  /// Stop after this many evaluations of L.
  int max_iterations = 1000;
  /// Stop when the bound is within this share of the restricted master's value.
  double tolerance = 1e-4;
  /// A plan to start from (optional): per cohort, its members' schedules and
  /// how many are on each (summing to the cohort's size). The first
  /// restricted master then holds it, so its value is at most the plan's S.
  const std::vector<std::vector<std::pair<Schedule, double>>>* start = nullptr;
  /// Threads for the pricing passes.
  int threads = 1;
  /// Called after every evaluation with (iteration, L, best L, restricted
  /// master's value); stop by returning false (the caller's clock and cancel).
  std::function<bool(int, double, double, double)> keep_going;
};

struct LagrangeResult {
  /// The best L found: a lower bound on S (not rounded). -infinity when no
  /// evaluation finished.
  double bound;
  /// The last restricted master's value (an upper bound on the LP's).
  double lp_value = 0.0;
  int iterations = 0;
  int blocks = 0;
  /// Wall seconds in the restricted master's LPs and in the pricing passes.
  double lp_seconds = 0.0, pricing_seconds = 0.0;
  /// Whether the bound reached the restricted master's value (within the tolerance).
  bool converged = false;
  /// The multipliers of the best L: checkpoint rewards (CohortSet::checkpoints()
  /// order), seat prices [k * years + year offset], budget prices [year offset].
  std::vector<double> reward, seat_price, budget_price;
  /// The last restricted master's solution, per cohort: schedules and how
  /// many members (fractional) are on each. A solution of the master LP over
  /// all schedules whose S is lp_value; empty when no master was solved.
  std::vector<std::vector<std::pair<Schedule, double>>> primal;
};

/// Evaluates L at the given multipliers (exposed for tests): every cohort's
/// pricing problem, exactly.
double lagrangian_value(const Scenario& sc, const CohortSet& co, const Pricer& pricer, const std::vector<double>& reward,
                        const std::vector<double>& seat_price, const std::vector<double>& budget_price, int threads);

/// The dual by the block master (see above), until L reaches its value
/// (within opt.tolerance), opt.max_iterations or opt.keep_going says stop.
LagrangeResult lagrangian_bound(const Scenario& sc, const CohortSet& co, const Pricer& pricer,
                                const LagrangeOptions& opt);

/// Turns @p primal (a solution of the cohort master LP, as
/// LagrangeResult::primal) into a basic one of no greater S: the cohorts on a
/// single schedule stay there, and an LP over the others' schedules (and
/// their empty one), its linking rows less the fixed cohorts' use, goes from
/// the given solution to a vertex by CLP's values pass. A vertex has at most
/// as many cohorts split over schedules as there are linking rows, so it
/// rounds with far fewer losses (national-1m: 20,207 split cohorts before, a
/// few dozen after). Duplicate schedules of a cohort are merged. Returns
/// false, @p primal merged but otherwise unchanged, when CLP fails or runs
/// out of @p seconds (wall; <= 0: no limit). @p log receives one line.
bool basic_solution(const Scenario& sc, const CohortSet& co, const Pricer& pricer,
                    std::vector<std::vector<std::pair<Schedule, double>>>& primal, std::string* log = nullptr,
                    double seconds = 0.0);

}  // namespace cadreplan::optimize
