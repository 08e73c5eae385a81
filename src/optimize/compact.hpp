// Internal: the compact individual-level model, solved with CBC.
//
// One binary per candidate enrollment (cadre, program, start year) that the
// rules allow on its own (rules 1-3 through rules/state.hpp, and levels that
// can still be raised), with rules 4, 5, 7, 8, 9 as linear rows:
//   (D)  at most one enrollment per cadre granting a given ladder level (or a
//        credential valid forever): an optimal plan always has this form,
//        since of two such enrollments the later completion raises nothing;
//   rule 4  cumulative: starts (up to year t) of programs granting level g
//        and requiring v on L2 <= completions (up to t-1) granting >= v on L2
//        (and < g when L2 is the same ladder); per enrollment for credentials;
//   rule 5  a start granting g excludes an earlier completion of g or of any
//        "entry" level above g (one some program grants without requiring g);
//   achievement a[i, c] <= completions that achieve checkpoint i for cadre c;
//   sum_c a[i, c] + sf_i >= required_i - (members achieved by the roster).
// Its LP is much weaker than the column-generation master on large rosters,
// but CBC's cuts and branching on single cadres close small and middle-sized
// instances fast; the optimal strategy uses it when column generation cannot
// prove S and the model is small (CBC runs in a child process, see isolate.hpp).
// solve() can race two CBC runs on two cores: the model with the start's
// value as cutoff, and the model with the row S <= start - 1 (phase S, when S
// moves in whole steps) or C <= start less the gap (phase C) and no cutoff;
// the first to prove stops the other (see docs/ARCHITECTURE.md for why both).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/pricing.hpp"

namespace cadreplan::optimize {

class CompactModel {
 public:
  CompactModel(const Scenario& sc, const CohortSet& co, const Pricer& pricer);

  /// Candidate enrollments (binary variables).
  std::size_t candidates() const noexcept { return cand_.size(); }
  std::size_t rows() const noexcept { return row_lo_.size(); }

  struct Result {
    std::optional<Plan> plan;  ///< a better plan than the start, if found
    bool proven = false;       ///< CBC finished: the plan (or the start) is optimal
    double bound = 0.0;        ///< CBC's lower bound on the objective
    /// `bound` holds for every valid plan: CBC ran on the whole model (not a
    /// neighbourhood) and returned, proven or stopped by its time. The model
    /// keeps an optimal plan of every phase, so its tree bound bounds the
    /// contract's optimum (S; or C among plans with S <= s_max).
    bool bounded = false;
    std::string log;
  };
  /// Phase S (least S) or phase C (least C with S <= @p s_max). @p start is
  /// the best plan so far (its objective becomes CBC's cutoff). With @p race
  /// (the solve has two threads or more), a second CBC run races the first
  /// (see above); which proves first can change the plan returned, never its
  /// S, and its C only within @p relative_gap.
  Result solve(bool cost_phase, double s_max, const Plan& start, double start_value, double seconds, double relative_gap,
               const std::function<bool()>& stop, bool race) const;
  /// The same with every cadre outside @p free fixed to its enrollments in
  /// @p start (a large-neighbourhood search step). CBC gets only the free
  /// cadres' columns: the fixed ones are moved into the row bounds (their
  /// achievements at the most their enrollments allow), so a step costs the
  /// size of the neighbourhood, not of the roster. `proven` then only means
  /// optimal within the neighbourhood.
  Result solve_neighbourhood(bool cost_phase, double s_max, const Plan& start, double start_value,
                             const std::vector<char>& free, double seconds, const std::function<bool()>& stop) const;
  /// The cadres a neighbourhood around checkpoint @p i is made of: members of
  /// its group who could still achieve it, and cadres with an enrollment that
  /// could serve it; at most @p limit of them, chosen by @p salt.
  std::vector<char> neighbourhood(int i, const Plan& plan, std::size_t limit, std::uint64_t salt) const;

 private:
  struct Cand {
    std::int32_t cadre;
    int program;
    Year start, end;
  };
  int add_row(double lo, double hi) {
    row_lo_.push_back(lo);
    row_hi_.push_back(hi);
    return static_cast<int>(row_lo_.size() - 1);
  }
  void coef(int row, int col, double v) { entries_.push_back({row, col, v}); }

  Result run(bool cost_phase, double s_max, const Plan& start, double start_value, const std::vector<char>* free,
             double seconds, double relative_gap, const std::function<bool()>& stop, bool race) const;

  const Scenario& sc_;
  const CohortSet& co_;
  std::vector<Cand> cand_;          // columns 0 .. cand_.size()-1
  std::vector<std::size_t> begin_;  // per cadre, first candidate (size n + 1)
  int n_cols_ = 0;                  // + achievement columns + shortfall columns
  std::vector<int> sf_col_;         // per checkpoint, -1 when nothing is missing
  /// Per column: the cadre of a start or achievement column, -1 for a shortfall.
  std::vector<std::int32_t> owner_;
  /// Per column: for an achievement column, its row a - sum(starts achieving it) <= 0; else -1.
  std::vector<int> link_row_;
  std::vector<double> col_lo_, col_hi_, cost_, sweight_;
  std::vector<char> integer_;
  std::vector<double> row_lo_, row_hi_;
  struct Entry {
    int row, col;
    double value;
  };
  std::vector<Entry> entries_;
};

}  // namespace cadreplan::optimize
