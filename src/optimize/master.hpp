// Internal: the restricted master problem of the column generation.
//
//   variables  x_j >= 0   how many members of cohort g(j) follow schedule j
//              sf_i >= 0  shortfall at target checkpoint i
//   phase S    min  sum_i w_i sf_i                                  (S)
//   phase C    min  sum_j cost_j x_j  s.t. sum_i w_i sf_i <= S*       (C at that S)
//   rows       sum_{j in g} x_j                 = n_g        (cohort g)
//              sum_j starts_j(k, s) x_j         <= seats(k, s)
//              sum_j spend_j(y) x_j             <= budget(y)   (capped years)
//              sum_j achieves_j(i) x_j + sf_i   >= required_i
//              sum_{j through arc a} x_j        <= or >= rhs   (branches)
// Solved with COIN-OR CLP, warm-started as columns and rows arrive. A `>=`
// branch row has an artificial column, used only to find out whether the node
// is feasible (phase "feasibility": min sum of artificials).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/pricing.hpp"

class ClpSimplex;

namespace cadreplan::optimize {

struct Column {
  int cohort = 0;
  Schedule schedule;
  double cost = 0.0;          ///< sum of cost_per_year * duration over its enrollments
  std::vector<int> achieved;  ///< checkpoint indices
  std::vector<Arc> arcs;      ///< start arcs of the DP graph it follows
};

/// An integer solution: a count per column (members of the cohort on it).
struct IntegerSolution {
  std::vector<double> x;  ///< per column (integral values)
  double S = 0.0, C = 0.0;
};

/// A branching decision on a cohort (arc.cohort): how many of its members
/// start `program` in year offset `year` (kind start), or follow an arc of its
/// DP graph (kind arc), is at most / at least rhs.
struct Branch {
  enum class Kind { start, arc };
  Kind kind = Kind::arc;
  Arc arc;
  int program = 0, year = 0;  // kind start
  bool at_most = true;
  double rhs = 0.0;
  /// How many times column @p c counts in this branch's row.
  double count(const Column& c, Year first_year) const;
  friend bool operator==(const Branch&, const Branch&) = default;
};

class Master {
 public:
  enum class Objective { S, C, capacity, feasibility };

  Master(const Scenario& sc, const CohortSet& co, const Pricer& pricer);
  /// A copy with the same columns, rows, objective and LP basis: its next LP
  /// starts warm from where this one's last ended (explanations solve their
  /// fixes on copies in parallel).
  Master(const Master&) = default;
  Master& operator=(const Master&) = delete;
  ~Master();

  /// Adds a column unless the cohort already has that schedule; returns its index.
  int add(int cohort, Schedule schedule);
  /// A plan as an integer solution: each cadre's schedule a column of its
  /// cohort (added when new), scored.
  IntegerSolution from_plan(const Plan& plan);
  const std::vector<Column>& columns() const noexcept { return columns_; }

  /// Enters phase C: S <= @p s_max becomes a row, C the objective.
  void enter_cost_phase(double s_max);
  bool cost_phase() const noexcept { return cost_phase_; }
  /// Switches between the phase's own objective and the feasibility objective.
  void set_objective(Objective o);
  Objective objective() const noexcept { return objective_; }
  /// The current objective's value for an integer solution.
  double value(const IntegerSolution& sol) const;

  /// For explanations: lets every seat row buy extra seats (integer columns,
  /// objective 1 each) and every capped budget row extra money (continuous,
  /// objective @p money_weight per unit), with @p cost_weight x C on the
  /// schedules, and makes that the objective. Shortfall bounds then say what
  /// must be met (set_shortfall_upper).
  void enable_capacity(double money_weight, double cost_weight);
  /// Upper bound on the shortfall of each checkpoint.
  void set_shortfall_upper(const std::vector<double>& upper);
  /// Whether an integer solution keeps every checkpoint's shortfall within
  /// its upper bound (set_shortfall_upper).
  bool meets_shortfall_upper(const IntegerSolution& sol) const;
  /// Objective weight of each checkpoint's shortfall under the capacity objective.
  void set_shortfall_penalty(const std::vector<double>& penalty);
  /// Seats of (program, year offset) an integer solution uses beyond the scenario's.
  std::vector<std::tuple<int, int, double>> extra_seats(const IntegerSolution& sol) const;
  /// Money per year offset an integer solution spends beyond the budget.
  std::vector<std::pair<int, double>> extra_budget(const IntegerSolution& sol) const;
  /// Shadow prices in the last LP: the objective's change per extra seat of
  /// (program, year offset), and per extra unit of budget in a year (0 when uncapped).
  double seat_dual(int k, int yi) const;
  double budget_dual(int yi) const;

  /// Replaces the branching rows by @p branches.
  void set_branches(const std::vector<Branch>& branches);
  /// Whether the artificial columns of `>=` branches may be used.
  void allow_artificials(bool allow);
  /// Sum of the artificial columns in the last LP solution.
  double artificial_sum() const;

  /// Solves the LP over the current columns (dual simplex when @p dual).
  /// @returns the objective; nullopt when infeasible or out of time (see timed_out()).
  std::optional<double> solve_lp(double seconds, bool dual = false);
  bool timed_out() const noexcept { return timed_out_; }
  /// Simplex (or barrier) iterations of the last solve_lp.
  int last_iterations() const;
  /// Prices from the last LP's duals, for the pricing problems.
  void prices(Prices& out) const;
  /// The dual of cohort g's row (reduced cost = priced value minus this).
  double cohort_dual(int g) const;
  /// The LP value of each column.
  std::vector<double> lp_x() const;
  /// Flow through every start arc in the last LP solution (arcs with flow > 0).
  std::unordered_map<Arc, double, ArcHash> arc_flows() const;
  /// The most fractional start count of a cohort (members starting a program
  /// in a year) in the last LP solution, as a branch to take (at least
  /// ceil); nullopt when every start count is integral.
  std::optional<Branch> fractional_start() const;

  /// S and C of an integer solution (from its columns).
  void score(IntegerSolution& sol) const;
  /// Rounds the LP solution down, then gives the remaining members of each
  /// cohort the columns they were fractionally on (largest fraction first),
  /// then the cohort's other columns (most achievements, least cost first),
  /// while seats and budget allow (under the capacity objective they can be
  /// bought, so every column fits); the rest get the empty schedule. Feasible
  /// for seats and budget; under the capacity objective see meets_shortfall_upper.
  IntegerSolution round_and_repair() const { return round_and_repair(lp_x()); }
  /// The same from another solution @p x over the columns (a master LP
  /// solution found elsewhere: optimize/lagrange.hpp); x may be shorter than
  /// the columns (missing values are 0).
  IntegerSolution round_and_repair(const std::vector<double>& x) const;

  /// CBC over the current columns (no branches), in a child process (see
  /// optimize/isolate.hpp), for at most @p seconds; it looks for a solution
  /// better than @p incumbent and stops within @p relative_gap of its own
  /// bound. Columns whose reduced cost exceeds @p rc_cutoff are left out
  /// (they cannot be in a better solution). @p log receives one line.
  /// @returns a better integral solution, or nullopt.
  std::optional<IntegerSolution> solve_mip(const IntegerSolution& incumbent, double seconds, double rc_cutoff,
                                           double relative_gap, const std::function<bool()>& stop, std::string& log) const;
  /// RENS (Berthold, "RENS: the optimal rounding", Math. Prog. Comp. 2014):
  /// CBC, as in solve_mip, over only the columns the last LP uses and the
  /// incumbent's, each schedule's count between its LP value rounded down and
  /// up (widened to include the incumbent's count, so the incumbent stays
  /// feasible). A small problem CBC solves in milliseconds; its optimum is
  /// often the problem's. @p log says "nothing better" when CBC proves that
  /// no solution in that neighbourhood beats the incumbent.
  std::optional<IntegerSolution> solve_rens(const IntegerSolution& incumbent, double seconds, double relative_gap,
                                            const std::function<bool()>& stop, std::string& log) const {
    return mip(incumbent, seconds, 0.0, relative_gap, true, stop, log, nullptr);
  }
  /// RENS around another master LP solution @p x over the columns (see
  /// round_and_repair(x)) instead of the last LP's; CBC solves its own LP.
  std::optional<IntegerSolution> solve_rens(const IntegerSolution& incumbent, double seconds, double relative_gap,
                                            const std::function<bool()>& stop, std::string& log,
                                            const std::vector<double>& x) const {
    return mip(incumbent, seconds, 0.0, relative_gap, true, stop, log, &x);
  }
  /// Seat use per (program, year offset) and spending per year offset of a solution.
  void usage(const IntegerSolution& sol, std::vector<double>& seats, std::vector<double>& spend) const;

  /// Whether an integer solution respects every seat and budget row.
  bool fits_capacity(const IntegerSolution& sol) const;

  /// Writes the integer master problem over the current columns as MPS
  /// (uncompressed; integer columns marked). @throws Error when it cannot.
  void write_mps(const std::string& path) const;
  std::size_t rows() const noexcept;

 private:
  std::optional<IntegerSolution> mip(const IntegerSolution& incumbent, double seconds, double rc_cutoff,
                                     double relative_gap, bool rens, const std::function<bool()>& stop,
                                     std::string& log, const std::vector<double>* x = nullptr) const;
  void coefficients(const Column& col, std::vector<int>& rows, std::vector<double>& vals) const;
  int seat_row(int k, int yi) const noexcept { return static_cast<int>(G_) + k * years_ + yi; }
  double schedule_objective(std::size_t j) const noexcept;

  const Scenario& sc_;
  const detail::Compiled& cp_;
  const CohortSet& co_;
  const Pricer& pricer_;
  std::size_t G_;
  int years_;
  int P_;
  std::vector<int> budget_row_;  // per year offset, -1 when uncapped
  int target_row0_ = 0;
  int s_row_ = -1;
  int ncheck_ = 0;
  int base_rows_ = 0;  // rows before any branch
  bool cost_phase_ = false;
  bool timed_out_ = false;
  bool solved_once_ = false;
  Objective objective_ = Objective::S;
  /// The LP, with the columns added since the last call put in first (one
  /// addColumns for all: adding them one by one copies every column array
  /// each time, which at 100,000 cadres took most of the solve).
  ClpSimplex* lp() const;
  /// Owns the CLP model and copies it deeply (basis included).
  struct LpHandle {
    explicit LpHandle(std::unique_ptr<ClpSimplex> p);
    LpHandle(const LpHandle& o);
    LpHandle& operator=(const LpHandle&) = delete;
    ~LpHandle();
    ClpSimplex* operator->() const noexcept { return p.get(); }
    ClpSimplex* get() const noexcept { return p.get(); }
    std::unique_ptr<ClpSimplex> p;
  };
  LpHandle lp_;
  // Columns added but not yet in lp_ (compressed by column); see lp().
  mutable std::vector<int> pend_start_{0};  // CoinBigIndex (int; checked in master.cpp)
  mutable std::vector<int> pend_row_;
  mutable std::vector<double> pend_value_, pend_obj_;
  std::vector<Column> columns_;
  std::vector<int> lp_col_;  // LP column of each schedule column
  std::vector<std::unordered_map<std::string, int>> seen_;  // per cohort: schedule key -> column
  std::vector<Branch> branches_;
  std::vector<int> branch_row_;         // per branch
  std::vector<int> artificial_col_;     // per branch, -1 for at-most branches
  std::vector<int> free_artificials_;   // LP columns of retired artificials (bounds 0)
  bool artificials_allowed_ = false;
  std::vector<int> capacity_col_;       // LP columns buying seats (per seat row) and money (per budget row)
  double money_weight_ = 0, cost_weight_ = 0;
  std::vector<double> sf_penalty_;
};

}  // namespace cadreplan::optimize
