// cadreplan — why a plan falls short, and what would fix it.
//
// For every target checkpoint a plan misses: who in the group can never
// reach the target in time and why (paths::why_not); which program-years'
// seats and which years' budget bind; the shadow price of one more seat (the
// reduction of S per seat in the master LP relaxation); and the least extra
// seats per program-year, and extra budget per year, that would let a plan
// meet the checkpoint without any other checkpoint falling further short —
// found by the same column generation as the optimal strategy, with seats and
// money that can be bought, and checked by building the witness plan on the
// scenario with those extras (rules::check).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/optimize/solve.hpp"

namespace cadreplan::explain {

/// One program-year's seats: capacity, use under the plan, and what one more
/// seat would save in S (the LP shadow price; 0 when the seats do not bind).
struct SeatPrice {
  int program = 0;
  Year year = 0;
  std::int64_t seats = 0;
  std::int64_t used = 0;
  double shadow_price = 0.0;
};

/// One year's budget: cap, spending under the plan, and what one more unit of
/// money would save in S (LP shadow price).
struct BudgetPrice {
  Year year = 0;
  double budget = 0.0;
  double spent = 0.0;
  double shadow_price = 0.0;
};

/// Why some group members can never reach the target in time.
struct Unreachable {
  std::string reason;       ///< paths::Reason name: age_limit, retired, too_late, ...
  std::int64_t members = 0;
  std::string explanation;  ///< one sentence
};

/// Extra seats for one program-year, and what training those cadres costs.
struct ExtraSeats {
  int program = 0;
  Year year = 0;
  std::int64_t seats = 0;
};

/// Extra money for one year.
struct ExtraBudget {
  Year year = 0;
  double amount = 0.0;
};

/// The explanation of one checkpoint that falls short.
struct CheckpointExplanation {
  int target = 0;
  Year year = 0;
  std::int64_t required = 0, achieved = 0, shortfall = 0;
  double weight = 1.0;
  std::int64_t short_members = 0;  ///< members not achieving under the plan
  std::int64_t cannot_reach = 0;   ///< of them, members no plan could bring there in time
  std::vector<Unreachable> unreachable;
  std::vector<SeatPrice> binding_seats;     ///< full program-years that could serve it
  std::vector<BudgetPrice> binding_budget;  ///< years whose budget is spent (up to the checkpoint)
  /// How much of the shortfall extra seats and money can close (shortfall
  /// minus what unreachable members make impossible).
  std::int64_t closable = 0;
  bool fixed = false;                       ///< a fix closing `closable` was found and checked
  std::vector<ExtraSeats> extra_seats;      ///< the least extra seats per program-year
  std::vector<ExtraBudget> extra_budget;    ///< the extra money per year it also needs
  double extra_seat_cost = 0.0;             ///< what training on the extra seats costs (seats x program cost)
  double extra_cost = 0.0;                  ///< C of the fixed plan minus C of this plan
  /// A lower bound (from the LP relaxation) on the extra seats of any fix that
  /// leaves no more members short than this one;
  /// the fix's seat count equals it when the fix is proven least.
  std::int64_t seats_lower_bound = 0;
  std::string solver_log;                   ///< what the search did (for the curious)
  /// A plan that, on the scenario with the extras (with_fix), meets this
  /// checkpoint as far as closable with no other checkpoint worse than under
  /// the explained plan. Checked with rules::check when it is computed.
  Plan witness;
  std::string note;                         ///< why no fix, when there is none
};

/// Everything explain() found.
struct Explanation {
  std::vector<CheckpointExplanation> checkpoints;  ///< the checkpoints that fall short, in target order
  std::vector<SeatPrice> seat_prices;      ///< every program-year whose seat has a shadow price > 0
  std::vector<BudgetPrice> budget_prices;  ///< every year whose money has a shadow price > 0
  double lp_bound = 0.0;                   ///< the LP bound on S the prices come from
  double seconds = 0.0;
  /// A readable account, checkpoint by checkpoint.
  std::string text(const Scenario& scenario) const;
};

struct ExplainOptions {
  double time_limit = 120.0;  ///< seconds, > 0
  int threads = 0;            ///< 0 = every core
  bool fixes = true;          ///< compute the least extra seats and budget per checkpoint
  ProgressCallback progress;  ///< may be empty; return false to cancel (the fixes found so far are kept)
  bool is_valid(std::string* why = nullptr) const;
};

/// Explains where @p plan falls short under @p scenario.
/// @throws OptionsError when the options are invalid, PlanError when the plan
///         breaks a rule (explanations are about valid plans).
Explanation explain(const Scenario& scenario, const Plan& plan, const ExplainOptions& options = {});

/// @p spec with the extra seats and budget of @p fix added (a what-if).
ScenarioSpec with_fix(const ScenarioSpec& spec, const CheckpointExplanation& fix);

}  // namespace cadreplan::explain
