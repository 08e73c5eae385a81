// Internal: the restricted master problem of the column generation.
//
//   variables  x_j >= 0   how many members of cohort g(j) follow schedule j
//              sf_i >= 0  shortfall at target checkpoint i
//   phase 1    min  sum_i w_i sf_i                        (S)
//   phase 2    min  sum_j cost_j x_j  s.t. sum_i w_i sf_i <= S*   (C at least S)
//   rows       sum_{j in g} x_j                 = n_g        (cohort g)
//              sum_j starts_j(k, s) x_j         <= seats(k, s)
//              sum_j spend_j(y) x_j             <= budget(y)   (capped years)
//              sum_j achieves_j(i) x_j + sf_i   >= required_i
// The LP is solved with COIN-OR CLP (warm-started primal simplex as columns
// arrive); the integer problem over the generated columns with CBC.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/pricing.hpp"

class ClpSimplex;

namespace cadreplan::optimize {

struct Column {
  int cohort = 0;
  Schedule schedule;
  double cost = 0.0;            ///< sum of cost_per_year * duration over its enrollments
  std::vector<int> achieved;    ///< checkpoint indices
};

/// An integer solution: a count per column (members of the cohort on it).
struct IntegerSolution {
  std::vector<double> x;  ///< per column (integral values)
  double S = 0.0, C = 0.0;
};

class Master {
 public:
  Master(const Scenario& sc, const CohortSet& co, const Pricer& pricer);
  ~Master();

  /// Adds a column unless the cohort already has that schedule; returns its
  /// index either way.
  int add(int cohort, Schedule schedule);
  const std::vector<Column>& columns() const noexcept { return columns_; }
  int empty_column(int cohort) const noexcept { return empty_[static_cast<std::size_t>(cohort)]; }

  /// Switches to phase 2: cost objective, S <= @p s_max.
  void enter_cost_phase(double s_max);
  bool cost_phase() const noexcept { return cost_phase_; }

  /// Solves the LP relaxation over the current columns.
  /// @returns the objective, or nullopt when the time ran out.
  /// @throws SolveError when CLP fails (not for time limits).
  std::optional<double> solve_lp(double seconds);
  /// Prices from the last LP's duals, for the pricing problems.
  void prices(Prices& out) const;
  /// The dual of cohort g's row (the reduced cost of a column is its priced
  /// value minus this).
  double cohort_dual(int g) const;
  /// The LP solution value of each column.
  const double* lp_x() const;

  /// S and C of an integer solution (from its columns).
  void score(IntegerSolution& sol) const;
  /// Floor of the LP solution, the rest of each cohort on its empty
  /// schedule: always feasible.
  IntegerSolution round_down() const;
  /// Rounds the LP solution down, then gives the remaining members of each
  /// cohort the columns they were fractionally on (largest fraction first)
  /// and then the cohort's other columns (most achievements, least cost
  /// first) while seats and budget allow; the rest get the empty schedule.
  /// Always feasible.
  IntegerSolution round_and_repair() const;
  /// Solves the integer problem over the current columns with CBC, starting
  /// from @p incumbent. Columns whose reduced cost exceeds @p rc_cutoff are
  /// fixed at 0 (they cannot be in a solution better than the incumbent).
  /// @p stop is polled during the search; returning true stops it.
  struct MipResult {
    IntegerSolution best;
    double bound = 0.0;  ///< CBC's bound over these columns
    bool proven = false;
    bool stopped = false;
  };
  /// CBC stops when its gap over these columns is within @p relative_gap.
  MipResult solve_mip(const IntegerSolution& incumbent, double seconds, int threads, double rc_cutoff, double relative_gap,
                      const std::function<bool()>& stop);

  /// Writes the integer master problem (current columns) as MPS.
  /// @throws Error when the file cannot be written.
  void write_mps(const std::string& path) const;

  std::size_t rows() const noexcept;

 private:
  void coefficients(const Column& col, std::vector<int>& rows, std::vector<double>& vals) const;
  int seat_row(int k, int yi) const noexcept { return static_cast<int>(G_) + k * years_ + yi; }

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
  bool cost_phase_ = false;
  std::unique_ptr<ClpSimplex> lp_;
  std::vector<Column> columns_;
  std::vector<int> empty_;
  std::vector<std::unordered_set<std::string>> seen_;
};

}  // namespace cadreplan::optimize
