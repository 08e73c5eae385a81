// The `flow` strategy: year by year, a min-cost flow from groups of
// interchangeable cadres to the program seats of that year, priced by the
// unmet shortfall of the target checkpoints; several passes over the horizon
// carry prices for budget and seats from one pass to the next.
//
// State. Every cadre has a state = (cohort, the enrollments it has been given
// so far). Cadres of one cohort are interchangeable under every rule and score
// (optimize/cohorts.hpp); cadres of one cohort with the same enrollments still
// are, so one representative stands for its state in every test.
//
// ONE PASS. For each year y of the horizon, in order, in ROUNDS (a round adds
// starts in y only; the next round sees them, so a cadre may take a second
// program in y when max_concurrent_programs allows, and seats a round could
// not use well are offered again; a year ends when a round adds nothing, at
// most 32 rounds):
//
//   1. Groups = states with members. For every target checkpoint i = (t, Y)
//      with Y >= y and weight > 0, count from the representatives, under the
//      plan so far:
//        achieved_i  members (at Y) that achieve t at Y;
//        pending_i   members on their way: not achieving yet, with an
//                    enrollment on t's ladder already in the plan, and a chain
//                    of at most 3 further programs (earliest feasible starts,
//                    each passing PlanBuilder::test) that still reaches the
//                    level by Y. Their follow-up starts are "reserved": they
//                    count for i without using its remaining need;
//        rem_i = required_i - achieved_i - pending_i (the need still open).
//   2. Value of a start of program k in y for group G (representative c;
//      rules 1-8 must pass PlanBuilder::test; rule 9 only from round 2 on,
//      see 5): add it to the plan for a moment; for each checkpoint i that c
//      is in the group of, does not achieve without it, and with rem_i > 0 or
//      reserved:
//        direct credit  with it c achieves i                         1
//        chain credit   k raises c on t's ladder, not to the level, and a
//                       look-ahead chain of at most 2 more programs
//                       (earliest feasible starts) reaches it by Y     0.5
//      times a deferral factor: 1 when no later start of any program achieves
//      i for c directly (now or never); otherwise, in the first pass 0.9, and
//      in later passes min(1, P/w_i) where P is the least price of such a
//      later start (its seat price + budget prices of its years, from the
//      previous pass): serving i now instead of later saves P, never more than
//      w_i. When P < 0.05 w_i (later is nearly free) the factor is 0.05 (a
//      seat nobody else wants still serves it now), or, in every other pass,
//      0 for a chain step or a start dearer than the cheapest later way any
//      group has to serve i (wait: C). A credential start that a later start
//      of the same program would beat (valid at every checkpoint this one
//      covers, and at more) counts half while it is deferrable.
//        value(G, k) = sum of w_i x factors  -  sum over the later years the
//                      start occupies of lambda_t x cost_per_year
//                      -  eps x total cost of k,
//      eps small enough that cost only breaks ties between equal values.
//   3. Network (LEMON SmartDigraph + NetworkSimplex, int64 costs = -value
//      x 1e9 per unit of the least positive weight, capped so no arc cost
//      exceeds 1e12):
//        group G (supply = its members)  --cap |G|, cost -value-->  seat(k, y)
//        seat(k, y)                       --cap seats left(k, y)-->  sink
//        group G                          --cap |G|, cost 0-->       sink
//      (the bypass: nobody is forced to train). Only groups and programs with
//      an arc of positive value are in it.
//   4. Caps per checkpoint. A unit may serve several checkpoints (the same
//      target at two years, overlapping groups), so a cap per checkpoint is
//      not a flow constraint (an intermediate node per checkpoint would lose
//      which group a unit came from, or which checkpoints it serves). So the
//      flow is solved with every open checkpoint at full value and its units
//      are then accepted one block at a time, largest marginal value first
//      (a lazy priority queue: a unit's marginal value counts a credit only
//      while that checkpoint's remaining need is positive, or the credit is
//      reserved); units left with no value are dropped. Dropped units free
//      their seats for the next round, in which saturated checkpoints are
//      worth nothing, so the seats go to other needs.
//   5. Budget (rule 9) is not in the flow: if the accepted starts would push
//      any year's spending (every year they occupy) over its cap, drop the
//      units with the least value per unit of cost, one at a time, until
//      every year fits. Round 1 also offers starts the budget cannot take at
//      all (test() == 9), so that what the budget turns away is seen; later
//      rounds offer only starts that fit on their own.
//   6. Accepted units become named enrollments by the documented priority of
//      optimize/disaggregate.hpp: within a group, programs by cost (most
//      expensive first, then catalog order) go to members in the order
//      source pool first, most years of service left, then id. Every
//      enrollment passes PlanBuilder::test before it is added, so the plan is
//      valid by construction.
//
// PASSES (setting flow.passes, default 8). Pass 1 has no prices. After each
// pass, lambda_t = the best value per unit of cost the budget turned away in
// year t, and mu(k, y) = the least value a full program-year's seats went for;
// the next pass uses their average with the prices it was given. Each pass's
// plan is pruned (enrollments that no checkpoint needs are removed, most
// expensive first: S unchanged, C lower) and scored by rules::check; the best
// (S, then C) is returned.
//
// Progress: one SolveContext::progress call per year and pass; on
// cancellation or the time limit the best complete pass is returned, or the
// partial (valid) plan of the first pass. The log records per pass and year
// the rounds, the largest network (nodes/arcs) and the starts, per pass S, C
// and the prices, and the total NetworkSimplex time.
// Deterministic: single-threaded after cohort aggregation, every order is
// explicit (states in creation order, cadres by index, ties by index).
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <queue>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "cadreplan/core/error.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/context.hpp"
#include "optimize/strategies.hpp"
#include "rules/builder.hpp"
#include "rules/state.hpp"

namespace cadreplan::optimize {

namespace {

// Tuned on 24 generated scenarios (600 and 1,500 cadres, every policy
// combination) and hagiang-2022; the results are flat around these values.
constexpr double kChainFactor = 0.5;      // credit of a step of a chain, relative to a direct completion
constexpr double kDeferrable = 0.9;       // credit when a later start could serve the checkpoint too (no prices yet)
constexpr double kDeferFloor = 0.05;      // least credit factor of a deferrable checkpoint, with prices
constexpr double kEarlyCredential = 0.5;  // credential start beaten by a later start of the same program
constexpr int kDefaultPasses = 8;         // passes over the horizon (setting flow.passes)
constexpr int kLookahead = 2;             // programs after a chain step in the look-ahead
constexpr int kPendingDepth = 3;          // programs in a pending cadre's remaining chain
constexpr int kMaxRounds = 32;            // rounds per year
constexpr double kValueScale = 1e9;       // integer cost units per least positive weight

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

class Flow final : public Strategy {
 public:
  std::string name() const override { return "flow"; }
  std::string description() const override {
    return "year by year, a min-cost flow (LEMON NetworkSimplex) from groups of interchangeable cadres to the year's "
           "program seats, priced by the unmet shortfall; budget by dropping the least value per cost";
  }

  Plan solve(const Scenario& sc, const SolveOptions& opt, SolveReport& report) override;
};

struct Credit {
  int ck;          // checkpoint index
  double factor;   // chain and deferral factors
  bool reserved;   // the group is pending for this checkpoint
};

struct Arc {
  int group;
  int program;
  double cost;            // total cost of the program
  double price;           // budget price of its spending in later years
  std::size_t credit_begin, credit_end;
  double value;           // sum of weight x factor over its credits (before price and eps)
  std::int64_t flow = 0;
};

/// Prices from an earlier pass: what a unit of spending in a year, and a
/// seat of a program in a start year, were worth at the margin.
struct Prices {
  std::vector<double> lambda;  ///< per horizon year, per unit of spending
  std::vector<double> mu;      ///< per program x horizon year, per seat
  bool known = false;          ///< false in the first pass (all zero)
  bool defer_for_cost = false; ///< wait for a cheaper later way when later is free (C)
};

/// What one pass over the horizon produced.
struct PassOutcome {
  Plan plan;
  bool complete = false;             ///< every year was planned
  std::vector<double> observed;      ///< per horizon year: the best value per unit of cost the budget turned away
  std::vector<double> observed_mu;   ///< per program x year: the least value a full program's seat was given to
  double simplex_seconds = 0;
  std::size_t rounds = 0, starts = 0, largest_nodes = 0, largest_arcs = 0, dropped = 0;
};

/// One pass over the horizon, year by year, with prices `lambda` (per unit of
/// spending, per horizon year) on the spending a start adds to later years.
class Pass {
 public:
  Pass(const Scenario& sc, const CohortSet& co, SolveContext& ctx) : sc_(sc), cp_(sc.compiled()), r_(sc.roster()), co_(co), ctx_(ctx) {
    const auto& cks = co_.checkpoints();
    wmin_ = std::numeric_limits<double>::infinity();
    for (const auto& c : cks)
      if (c.weight > 0) wmin_ = std::min(wmin_, c.weight);
    if (!std::isfinite(wmin_)) wmin_ = 1.0;
    double max_cost = 0;
    for (const auto& p : cp_.programs) max_cost = std::max(max_cost, p.total_cost());
    // eps x cost stays below 1e-3 of the least credit (floor x chain factor x wmin).
    eps_ = max_cost > 0 ? 1e-3 * kDeferFloor * kChainFactor * wmin_ / max_cost : 0.0;
    // Integer costs: kValueScale units per least positive weight (eps x cost
    // keeps >= 2.5e4 units of resolution), but no arc cost above 1e12 in
    // magnitude (NetworkSimplex adds costs to potentials in 64 bits).
    double wsum = 0;
    for (const auto& c : cks)
      if (c.weight > 0) wsum += c.weight;
    scale_ = std::min(kValueScale / wmin_, wsum > 0 ? 1e12 / wsum : kValueScale);
  }

  /// Runs the pass; progress() is called once per year with the overall
  /// fraction (done_years + years planned here) / total_years. Returns with
  /// complete = false when the context asks to stop.
  PassOutcome run(const Prices& prices, int done_years, int total_years);

 private:
  const Scenario& sc_;
  const detail::Compiled& cp_;
  const Roster& r_;
  const CohortSet& co_;
  SolveContext& ctx_;
  double wmin_ = 1.0, eps_ = 0.0, scale_ = kValueScale;
};

PassOutcome Pass::run(const Prices& prices, int done_years, int total_years) {
  const detail::Compiled& cp = cp_;
  const Roster& r = r_;
  const CohortSet& co = co_;
  SolveContext& ctx = ctx_;
  const double eps = eps_;
  const std::size_t n = r.size();
  const std::vector<CheckpointInfo>& cks = co.checkpoints();
  const std::size_t nck = cks.size();
  const std::size_t np = cp.programs.size();
  const int years = cp.years();
  PassOutcome out;
  out.observed.assign(static_cast<std::size_t>(years), 0.0);
  out.observed_mu.assign(np * static_cast<std::size_t>(years), 0.0);

  rules::PlanBuilder b(sc_);
  // --- States: (cohort, sorted enrollments) ---------------------------------
  std::map<std::vector<int>, int> state_index;
  std::vector<std::vector<int>> state_key;  // [cohort, s1, k1, s2, k2, ...] sorted by (s, k)
  auto intern = [&](std::vector<int> key) {
    auto [it, fresh] = state_index.emplace(key, static_cast<int>(state_key.size()));
    if (fresh) state_key.push_back(std::move(key));
    return it->second;
  };
  std::vector<int> state_of(n);
  for (std::size_t c = 0; c < n; ++c) state_of[c] = intern({static_cast<int>(co.cohort_of(c))});
  std::map<std::tuple<int, int, Year>, int> next_state;
  auto advance = [&](int s, int k, Year y) {
    auto key3 = std::make_tuple(s, k, y);
    auto it = next_state.find(key3);
    if (it != next_state.end()) return it->second;
    std::vector<int> key = state_key[static_cast<std::size_t>(s)];
    std::vector<std::pair<int, int>> items;
    for (std::size_t j = 1; j + 1 < key.size(); j += 2) items.emplace_back(key[j], key[j + 1]);
    items.emplace_back(y, k);
    std::sort(items.begin(), items.end());
    key.resize(1);
    for (auto [a, c] : items) {
      key.push_back(a);
      key.push_back(c);
    }
    const int t = intern(std::move(key));
    next_state.emplace(key3, t);
    return t;
  };
  auto has_ladder_enrollment = [&](int s, int ladder) {
    const auto& key = state_key[static_cast<std::size_t>(s)];
    for (std::size_t j = 2; j < key.size(); j += 2)
      if (cp.programs[static_cast<std::size_t>(key[j])].ladder == ladder) return true;
    return false;
  };

  // --- Predicates on a representative under the plan so far -----------------
  auto achieves = [&](std::size_t c, const CheckpointInfo& ck) {
    return ck.ladder >= 0 ? b.level_end(c, ck.ladder, ck.year) >= ck.level : b.credential_valid(c, ck.credential, ck.year);
  };
  // Earliest end year <= `by` of a chain of at most `depth` programs on
  // `ladder`, starting in `from` or later (earliest feasible start each),
  // that takes cadre c to `level`; INT_MAX if none.
  auto earliest_reach = [&](auto&& self, std::size_t c, int ladder, int level, Year from, Year by, int depth) -> Year {
    Year best = INT_MAX;
    const int now = b.level_end(c, ladder, cp.end);
    if (now >= level) return b.level_end(c, ladder, by) >= level ? from : INT_MAX;
    for (std::size_t k = 0; k < np; ++k) {
      const detail::CProgram& p = cp.programs[k];
      if (p.ladder != ladder || p.level <= now) continue;
      if (p.level < level && depth <= 1) continue;
      for (Year s = from; s + p.duration - 1 <= std::min(by, cp.end); ++s) {
        const Year e = s + p.duration - 1;
        if (e >= best) break;
        if (b.test(c, static_cast<int>(k), s) != 0) continue;
        if (p.level >= level) {
          best = e;
        } else {
          b.add(c, static_cast<int>(k), s);
          best = std::min(best, self(self, c, ladder, level, e + 1, std::min(by, best - 1), depth - 1));
          b.remove_last();
        }
        break;  // earliest feasible start only
      }
    }
    return best;
  };
  // The price of each start (k, s): its seat price plus the budget prices of
  // its years, added in that order; fixed for the pass.
  std::vector<double> start_price(np * static_cast<std::size_t>(years), 0.0);
  for (std::size_t k = 0; k < np; ++k) {
    const detail::CProgram& p = cp.programs[k];
    for (Year s = cp.start; s <= cp.end; ++s) {
      double price = prices.mu[k * static_cast<std::size_t>(years) + static_cast<std::size_t>(s - cp.start)];
      for (Year t = s; t < s + p.duration && t <= cp.end; ++t)
        price += prices.lambda[static_cast<std::size_t>(t - cp.start)] * p.cost_per_year;
      start_price[k * static_cast<std::size_t>(years) + static_cast<std::size_t>(s - cp.start)] = price;
    }
  }
  // The least price (seat price + budget prices of its years, from the
  // previous pass) of a start after year y that achieves checkpoint ck for
  // cadre c directly; +inf when there is none (now or never). `least_cost`:
  // the least total cost of such a start.
  auto later_price = [&](std::size_t c, const CheckpointInfo& ck, Year y, double& least_cost) {
    double best = std::numeric_limits<double>::infinity();
    least_cost = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < np; ++k) {
      const detail::CProgram& p = cp.programs[k];
      if (ck.ladder >= 0 ? (p.ladder != ck.ladder || p.level < ck.level) : p.credential != ck.credential) continue;
      for (Year s = y + 1; s + p.duration - 1 <= std::min(ck.year, cp.end); ++s) {
        const double price = start_price[k * static_cast<std::size_t>(years) + static_cast<std::size_t>(s - cp.start)];
        if (price >= best && p.total_cost() >= least_cost) continue;
        if (b.test(c, static_cast<int>(k), s) != 0) continue;
        b.add(c, static_cast<int>(k), s);
        const bool ok = achieves(c, ck);
        b.remove_last();
        if (ok) {
          best = std::min(best, price);
          least_cost = std::min(least_cost, p.total_cost());
        }
      }
    }
    return best;
  };

  const std::int32_t pool = r.find_flag("source_pool");
  auto priority_less = [&](std::uint32_t a, std::uint32_t c) {
    if (pool >= 0) {
      const bool pa = r.has_flag(a, pool), pc = r.has_flag(c, pool);
      if (pa != pc) return pa;
    }
    if (r.birth_year[a] != r.birth_year[c]) return r.birth_year[a] > r.birth_year[c];
    return r.id[a] < r.id[c];
  };

  // Price of the spending a start of program k in year y adds to later years.
  auto future_price = [&](int k, Year y) {
    const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
    double v = 0;
    for (Year t = y + 1; t < y + p.duration && t <= cp.end; ++t) v += prices.lambda[static_cast<std::size_t>(t - cp.start)] * p.cost_per_year;
    return v;
  };
  bool stop = false;

  // Per cohort, the checkpoints of weight > 0 whose group it is in (CSR,
  // ascending): a round visits these, not every checkpoint for every group.
  std::vector<std::uint32_t> cohort_ck_begin(co.size() + 1, 0), cohort_ck;
  for (std::size_t g = 0; g < co.size(); ++g) {
    for (std::size_t i = 0; i < nck; ++i)
      if (cks[i].weight > 0 && co.member(g, static_cast<int>(i))) cohort_ck.push_back(static_cast<std::uint32_t>(i));
    cohort_ck_begin[g + 1] = static_cast<std::uint32_t>(cohort_ck.size());
  }
  // Scratch reused by every round (no allocation per round in steady state):
  // the members of each state (CSR by state id, cadres ascending) and, per
  // group, its open checkpoints (ascending) with their later prices.
  std::vector<std::uint32_t> member_begin, member_list, member_fill;
  std::vector<std::uint32_t> open_begin, open_ck;
  std::vector<std::uint8_t> open_o;
  std::vector<double> open_later_p, open_later_c, credit_later;
  for (Year y = cp.start; y <= cp.end && !stop; ++y) {
    std::size_t year_nodes = 0, year_arcs = 0, year_rounds = 0, year_starts = 0;
    std::vector<double> least_value(np, std::numeric_limits<double>::infinity());  // per program, of the units accepted
    for (int round = 0; round < kMaxRounds; ++round) {
      if (ctx.remaining() <= 0) {
        stop = true;
        break;
      }
      // 1. Groups and the open need per checkpoint.
      const std::size_t n_states = state_key.size();
      member_begin.assign(n_states + 1, 0);
      for (std::size_t c = 0; c < n; ++c) ++member_begin[static_cast<std::size_t>(state_of[c]) + 1];
      for (std::size_t s = 0; s < n_states; ++s) member_begin[s + 1] += member_begin[s];
      member_list.resize(n);
      member_fill.assign(member_begin.begin(), member_begin.end() - 1);
      for (std::size_t c = 0; c < n; ++c) member_list[member_fill[static_cast<std::size_t>(state_of[c])]++] = static_cast<std::uint32_t>(c);
      auto member_count = [&](int s) {
        return static_cast<std::size_t>(member_begin[static_cast<std::size_t>(s) + 1] - member_begin[static_cast<std::size_t>(s)]);
      };
      auto first_member = [&](int s) { return static_cast<std::size_t>(member_list[member_begin[static_cast<std::size_t>(s)]]); };
      std::vector<int> groups;  // state ids with members, in creation order
      for (std::size_t s = 0; s < n_states; ++s)
        if (member_count(static_cast<int>(s)) > 0) groups.push_back(static_cast<int>(s));
      const std::size_t ng = groups.size();
      std::vector<std::int64_t> achieved(nck, 0), pending(nck, 0);
      // The open checkpoints of group gi: entries [open_begin[gi], open_begin[gi + 1])
      // of open_ck (ascending) and open_o (1 = open, 2 = open and reserved (pending)).
      open_begin.assign(1, 0);
      open_ck.clear();
      open_o.clear();
      for (std::size_t gi = 0; gi < ng; ++gi) {
        const int s = groups[gi];
        const std::size_t c = first_member(s);
        const std::size_t cohort = static_cast<std::size_t>(state_key[static_cast<std::size_t>(s)][0]);
        const auto m = static_cast<std::int64_t>(member_count(s));
        for (std::uint32_t q = cohort_ck_begin[cohort]; q < cohort_ck_begin[cohort + 1]; ++q) {
          const std::size_t i = cohort_ck[q];
          const CheckpointInfo& ck = cks[i];
          if (ck.year < y) continue;
          if (achieves(c, ck)) {
            achieved[i] += m;
            continue;
          }
          std::uint8_t o = 1;
          if (ck.ladder >= 0 && has_ladder_enrollment(s, ck.ladder) &&
              earliest_reach(earliest_reach, c, ck.ladder, ck.level, y, ck.year, kPendingDepth) <= ck.year) {
            o = 2;
            pending[i] += m;
          }
          open_ck.push_back(static_cast<std::uint32_t>(i));
          open_o.push_back(o);
        }
        open_begin.push_back(static_cast<std::uint32_t>(open_ck.size()));
      }
      std::vector<std::int64_t> rem(nck, 0);
      for (std::size_t i = 0; i < nck; ++i) rem[i] = cks[i].required - achieved[i] - pending[i];

      // Per group and open checkpoint: the least price and the least cost of
      // serving it by a later start (+inf: now or never); per checkpoint, the
      // least such cost over the groups.
      const double inf = std::numeric_limits<double>::infinity();
      std::vector<double> least_later_cost(nck, inf);
      open_later_p.assign(open_ck.size(), inf);
      open_later_c.assign(open_ck.size(), inf);
      for (std::size_t gi = 0; gi < ng; ++gi) {
        const std::size_t c = first_member(groups[gi]);
        for (std::uint32_t q = open_begin[gi]; q < open_begin[gi + 1]; ++q) {
          const std::size_t i = open_ck[q];
          const std::uint8_t o = open_o[q];
          if (!(rem[i] > 0 || o == 2)) continue;
          open_later_p[q] = later_price(c, cks[i], y, open_later_c[q]);
          least_later_cost[i] = std::min(least_later_cost[i], open_later_c[q]);
        }
      }

      // 2. Arcs and their values.
      std::vector<Arc> arcs;
      std::vector<Credit> credits;
      std::vector<char> program_used(np, 0);
      for (std::size_t gi = 0; gi < ng; ++gi) {
        const int s = groups[gi];
        const std::size_t c = first_member(s);
        bool any_open = false;
        for (std::uint32_t q = open_begin[gi]; q < open_begin[gi + 1]; ++q)
          if (rem[open_ck[q]] > 0 || open_o[q] == 2) any_open = true;
        if (!any_open) continue;
        for (std::size_t k = 0; k < np; ++k) {
          const detail::CProgram& p = cp.programs[k];
          if (b.seats_left(static_cast<int>(k), y) <= 0) continue;
          // Rule 9 (budget) is settled after the flow (step 5): a start the
          // budget cannot take still enters the network, so that what the
          // budget turns away is seen (and priced in the next pass).
          if (const int rule = b.test(c, static_cast<int>(k), y); rule != 0 && (rule != 9 || round > 0)) continue;
          const Year e = y + p.duration - 1;
          const std::size_t cb = credits.size();
          credit_later.clear();  // per credit of this start: later_p of its checkpoint
          b.add(c, static_cast<int>(k), y);
          for (std::uint32_t q = open_begin[gi]; q < open_begin[gi + 1]; ++q) {
            const std::size_t i = open_ck[q];
            const std::uint8_t o = open_o[q];
            if (cks[i].year < e) continue;
            if (!(rem[i] > 0 || o == 2)) continue;
            const CheckpointInfo& ck = cks[i];
            double factor = 0;
            if (achieves(c, ck)) {
              factor = 1.0;
            } else if (ck.ladder >= 0 && p.ladder == ck.ladder && p.level < ck.level &&
                       earliest_reach(earliest_reach, c, ck.ladder, ck.level, e + 1, ck.year, kLookahead) <= ck.year) {
              factor = kChainFactor;
            }
            if (factor > 0) {
              credits.push_back(Credit{static_cast<int>(i), factor, o == 2});
              credit_later.push_back(open_later_p[q]);
            }
          }
          b.remove_last();
          if (credits.size() == cb) continue;
          // Urgency: could a later start serve the checkpoint as well?
          std::size_t kept = cb;
          for (std::size_t j = cb; j < credits.size(); ++j) {
            Credit cr = credits[j];
            const auto i = static_cast<std::size_t>(cr.ck);
            const double later = credit_later[j - cb];
            if (std::isfinite(later)) {
              // Deferrable. Without prices: a flat discount. With prices: the
              // gain of serving it now rather than later is what serving it
              // later would cost, at most its weight. When later is (nearly)
              // free, it is served now only by a start no dearer than the
              // cheapest later way to serve it (C), at a floor value so that
              // a seat nobody else wants still serves it.
              if (!prices.known) {
                cr.factor *= kDeferrable;
              } else if (later >= kDeferFloor * cks[i].weight) {
                cr.factor *= std::min(1.0, later / cks[i].weight);
              } else if (prices.defer_for_cost && (cr.factor < 1.0 || p.total_cost() > least_later_cost[i] + 1e-9)) {
                continue;  // wait: a cheaper way to serve it comes later
              } else {
                cr.factor *= kDeferFloor;
              }
            }
            credits[kept++] = cr;
          }
          credits.resize(kept);
          if (credits.size() == cb) continue;
          // A credential that a later start of the same program would beat.
          if (p.credential >= 0) {
            std::vector<int> mine;
            for (std::size_t j = cb; j < credits.size(); ++j) mine.push_back(credits[j].ck);
            bool beaten = false;
            for (Year s2 = y + 1; s2 + p.duration - 1 <= cp.end && !beaten; ++s2) {
              if (b.test(c, static_cast<int>(k), s2) != 0) continue;
              b.add(c, static_cast<int>(k), s2);
              bool covers_all = true;
              int more = 0;
              for (int i : mine) covers_all = covers_all && achieves(c, cks[static_cast<std::size_t>(i)]);
              if (covers_all)
                for (std::uint32_t q = open_begin[gi]; q < open_begin[gi + 1]; ++q) {
                  const std::size_t i = open_ck[q];
                  if ((rem[i] > 0 || open_o[q] == 2) &&
                      std::find(mine.begin(), mine.end(), static_cast<int>(i)) == mine.end() && achieves(c, cks[i]))
                    ++more;
                }
              b.remove_last();
              beaten = covers_all && more > 0;
            }
            if (beaten)
              for (std::size_t j = cb; j < credits.size(); ++j)
                if (credits[j].factor < 1.0) credits[j].factor *= kEarlyCredential;
          }
          double value = 0;
          for (std::size_t j = cb; j < credits.size(); ++j) value += cks[static_cast<std::size_t>(credits[j].ck)].weight * credits[j].factor;
          const double price = future_price(static_cast<int>(k), y);
          if (value - price - eps * p.total_cost() <= 0) {
            credits.resize(cb);
            continue;
          }
          arcs.push_back(Arc{static_cast<int>(gi), static_cast<int>(k), p.total_cost(), price, cb, credits.size(), value});
          program_used[k] = 1;
        }
      }
      if (arcs.empty()) break;

      // 3. The network.
      lemon::SmartDigraph g;
      using Node = lemon::SmartDigraph::Node;
      using LArc = lemon::SmartDigraph::Arc;
      std::vector<Node> gnode(ng, lemon::INVALID), pnode(np, lemon::INVALID);
      std::vector<char> group_used(ng, 0);
      for (const Arc& a : arcs) group_used[static_cast<std::size_t>(a.group)] = 1;
      const Node sink = g.addNode();
      std::int64_t total_supply = 0;
      for (std::size_t gi = 0; gi < ng; ++gi)
        if (group_used[gi]) gnode[gi] = g.addNode();
      for (std::size_t k = 0; k < np; ++k)
        if (program_used[k]) pnode[k] = g.addNode();
      lemon::SmartDigraph::NodeMap<std::int64_t> supply(g, 0);
      lemon::SmartDigraph::ArcMap<std::int64_t> cap(g, 0), cost(g, 0);
      std::vector<LArc> larc;
      larc.reserve(arcs.size());
      for (const Arc& a : arcs) {
        const auto m = static_cast<std::int64_t>(member_count(groups[static_cast<std::size_t>(a.group)]));
        LArc la = g.addArc(gnode[static_cast<std::size_t>(a.group)], pnode[static_cast<std::size_t>(a.program)]);
        cap[la] = m;
        cost[la] = -std::llround((a.value - a.price - eps * a.cost) * scale_);
        larc.push_back(la);
      }
      for (std::size_t gi = 0; gi < ng; ++gi) {
        if (!group_used[gi]) continue;
        const auto m = static_cast<std::int64_t>(member_count(groups[gi]));
        supply[gnode[gi]] = m;
        total_supply += m;
        LArc la = g.addArc(gnode[gi], sink);
        cap[la] = m;
      }
      for (std::size_t k = 0; k < np; ++k) {
        if (!program_used[k]) continue;
        LArc la = g.addArc(pnode[k], sink);
        cap[la] = b.seats_left(static_cast<int>(k), y);
      }
      supply[sink] = -total_supply;
      year_nodes = std::max<std::size_t>(year_nodes, static_cast<std::size_t>(lemon::countNodes(g)));
      year_arcs = std::max<std::size_t>(year_arcs, static_cast<std::size_t>(lemon::countArcs(g)));
      const auto t0 = std::chrono::steady_clock::now();
      lemon::NetworkSimplex<lemon::SmartDigraph, std::int64_t, std::int64_t> ns(g);
      ns.upperMap(cap).costMap(cost).supplyMap(supply);
      const auto status = ns.run();
      out.simplex_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (status != decltype(ns)::OPTIMAL)
        throw SolveError("flow: NetworkSimplex found no optimal flow in year " + std::to_string(y) +
                         " (the network always has one; this is a bug)");
      for (std::size_t j = 0; j < arcs.size(); ++j) arcs[j].flow = ns.flow(larc[j]);

      // 4. Accept units, largest marginal value first, within the open need.
      std::vector<std::int64_t> capleft(nck);
      for (std::size_t i = 0; i < nck; ++i) capleft[i] = std::max<std::int64_t>(0, rem[i]);
      auto marginal = [&](const Arc& a) {
        double v = 0;
        for (std::size_t j = a.credit_begin; j < a.credit_end; ++j) {
          const Credit& cr = credits[j];
          if (cr.reserved || capleft[static_cast<std::size_t>(cr.ck)] > 0) v += cks[static_cast<std::size_t>(cr.ck)].weight * cr.factor;
        }
        return v - a.price - eps * a.cost;
      };
      struct Entry {
        double v;
        double cost;
        int arc;
      };
      auto worse = [](const Entry& a, const Entry& c) {
        if (a.v != c.v) return a.v < c.v;
        if (a.cost != c.cost) return a.cost > c.cost;
        return a.arc > c.arc;
      };
      std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> pq(worse);
      for (std::size_t j = 0; j < arcs.size(); ++j)
        if (arcs[j].flow > 0) pq.push(Entry{marginal(arcs[j]), arcs[j].cost, static_cast<int>(j)});
      struct Accepted {
        int arc;
        std::int64_t units;
        double value;
      };
      std::vector<Accepted> accepted;
      std::vector<std::int64_t> left(arcs.size());
      for (std::size_t j = 0; j < arcs.size(); ++j) left[j] = arcs[j].flow;
      while (!pq.empty()) {
        const Entry top = pq.top();
        pq.pop();
        const Arc& a = arcs[static_cast<std::size_t>(top.arc)];
        const double mv = marginal(a);
        if (mv <= 0) continue;
        if (mv < top.v - 1e-12) {
          pq.push(Entry{mv, a.cost, top.arc});
          continue;
        }
        std::int64_t units = left[static_cast<std::size_t>(top.arc)];
        for (std::size_t j = a.credit_begin; j < a.credit_end; ++j) {
          const Credit& cr = credits[j];
          if (!cr.reserved && capleft[static_cast<std::size_t>(cr.ck)] > 0)
            units = std::min(units, capleft[static_cast<std::size_t>(cr.ck)]);
        }
        for (std::size_t j = a.credit_begin; j < a.credit_end; ++j) {
          const Credit& cr = credits[j];
          if (!cr.reserved && capleft[static_cast<std::size_t>(cr.ck)] > 0) capleft[static_cast<std::size_t>(cr.ck)] -= units;
        }
        accepted.push_back(Accepted{top.arc, units, mv});
        left[static_cast<std::size_t>(top.arc)] -= units;
        if (left[static_cast<std::size_t>(top.arc)] > 0) pq.push(Entry{mv, a.cost, top.arc});
      }

      // 5. Budget: drop the least value per unit of cost until every year fits.
      std::vector<double> add(static_cast<std::size_t>(years), 0.0);
      auto spend_years = [&](int k, auto&& fn) {
        const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
        for (Year t = y; t < y + p.duration && t <= cp.end; ++t) fn(static_cast<std::size_t>(t - cp.start), p.cost_per_year);
      };
      for (const Accepted& ac : accepted)
        spend_years(arcs[static_cast<std::size_t>(ac.arc)].program,
                    [&](std::size_t t, double cpy) { add[t] += cpy * static_cast<double>(ac.units); });
      auto over = [&](std::size_t t) {
        return !rules::within_budget(b.spent(cp.start + static_cast<Year>(t)) + add[t], cp.budget_at(cp.start + static_cast<Year>(t)));
      };
      bool any_over = false;
      for (std::size_t t = 0; t < add.size(); ++t) any_over = any_over || over(t);
      std::size_t dropped_budget = 0;
      if (any_over) {
        std::vector<std::size_t> order(accepted.size());
        for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
          const Accepted& x = accepted[a];
          const Accepted& z = accepted[c];
          const double cx = arcs[static_cast<std::size_t>(x.arc)].cost, cz = arcs[static_cast<std::size_t>(z.arc)].cost;
          const double rx = cx > 0 ? x.value / cx : std::numeric_limits<double>::infinity();
          const double rz = cz > 0 ? z.value / cz : std::numeric_limits<double>::infinity();
          if (rx != rz) return rx < rz;
          return a > c;  // later-accepted (lower marginal value) first
        });
        for (std::size_t idx : order) {
          Accepted& ac = accepted[idx];
          const int k = arcs[static_cast<std::size_t>(ac.arc)].program;
          if (cp.programs[static_cast<std::size_t>(k)].cost_per_year <= 0) continue;
          while (ac.units > 0) {
            bool touches = false;
            spend_years(k, [&](std::size_t t, double) { touches = touches || over(t); });
            if (!touches) break;
            --ac.units;
            ++dropped_budget;
            const double ratio = ac.value / arcs[static_cast<std::size_t>(ac.arc)].cost;
            spend_years(k, [&](std::size_t t, double) {
              if (over(t)) out.observed[t] = std::max(out.observed[t], ratio);
            });
            spend_years(k, [&](std::size_t t, double cpy) { add[t] -= cpy; });
          }
          any_over = false;
          for (std::size_t t = 0; t < add.size(); ++t) any_over = any_over || over(t);
          if (!any_over) break;
        }
      }

      for (const Accepted& ac : accepted)
        if (ac.units > 0) {
          const auto k = static_cast<std::size_t>(arcs[static_cast<std::size_t>(ac.arc)].program);
          least_value[k] = std::min(least_value[k], ac.value);
        }

      // 6. Named enrollments, by the documented priority.
      std::vector<std::vector<std::pair<int, std::int64_t>>> per_group(ng);  // (arc, units)
      for (const Accepted& ac : accepted)
        if (ac.units > 0) per_group[static_cast<std::size_t>(arcs[static_cast<std::size_t>(ac.arc)].group)].emplace_back(ac.arc, ac.units);
      std::size_t added = 0;
      std::vector<std::uint32_t> order;
      for (std::size_t gi = 0; gi < ng; ++gi) {
        auto& list = per_group[gi];
        if (list.empty()) continue;
        // Merge blocks of the same arc, then most expensive program first.
        std::sort(list.begin(), list.end());
        std::vector<std::pair<int, std::int64_t>> merged;
        for (auto& [a, u] : list) {
          if (!merged.empty() && merged.back().first == a) merged.back().second += u;
          else merged.emplace_back(a, u);
        }
        std::sort(merged.begin(), merged.end(), [&](const auto& x, const auto& z) {
          const Arc& ax = arcs[static_cast<std::size_t>(x.first)];
          const Arc& az = arcs[static_cast<std::size_t>(z.first)];
          if (ax.cost != az.cost) return ax.cost > az.cost;
          return ax.program < az.program;
        });
        const int s = groups[gi];
        order.assign(member_list.begin() + member_begin[static_cast<std::size_t>(s)],
                     member_list.begin() + member_begin[static_cast<std::size_t>(s) + 1]);
        std::sort(order.begin(), order.end(), priority_less);
        std::size_t next = 0;
        for (auto& [a, u] : merged) {
          const int k = arcs[static_cast<std::size_t>(a)].program;
          for (std::int64_t i = 0; i < u && next < order.size(); ++i) {
            const std::uint32_t c = order[next++];
            if (b.test(c, k, y) != 0) continue;  // the final gate (never expected to fail)
            b.add(c, k, y);
            state_of[c] = advance(s, k, y);
            ++added;
          }
        }
      }
      ++year_rounds;
      year_starts += added;
      out.dropped += dropped_budget;
      // Round 0 may have offered starts the budget could not take; the
      // following rounds offer only starts that fit on their own.
      if (added == 0 && !(round == 0 && dropped_budget > 0)) break;
    }
    for (std::size_t k = 0; k < np; ++k)
      if (cp.seats(static_cast<int>(k), y) > 0 && b.seats_left(static_cast<int>(k), y) == 0 && std::isfinite(least_value[k]))
        out.observed_mu[k * static_cast<std::size_t>(years) + static_cast<std::size_t>(y - cp.start)] = std::max(0.0, least_value[k]);
    out.rounds += year_rounds;
    out.starts += year_starts;
    out.largest_nodes = std::max(out.largest_nodes, year_nodes);
    out.largest_arcs = std::max(out.largest_arcs, year_arcs);
    ctx.record("flow.pass." + std::to_string(done_years / years + 1),
               "year " + std::to_string(y) + ": rounds " + std::to_string(year_rounds) + ", largest network " +
                   std::to_string(year_nodes) + " nodes / " + std::to_string(year_arcs) + " arcs, starts " +
                   std::to_string(year_starts));
    const double fraction = static_cast<double>(done_years + (y - cp.start + 1)) / static_cast<double>(total_years);
    if (stop) {
      ctx.progress("flow", fraction);  // sets the time-limit status
      break;
    }
    if (!ctx.progress("flow", fraction, -1, -1, "year " + std::to_string(y) + ": " + std::to_string(year_starts) + " starts")) {
      stop = true;
      break;
    }
  }
  out.complete = !stop;
  out.plan = b.take_plan();
  return out;
}

/// Removes enrollments that no checkpoint needs: most expensive first, an
/// enrollment goes when every checkpoint it makes its cadre achieve is met
/// with at least one to spare, and no later enrollment of the cadre needs the
/// level it grants (rule 4). Removing an enrollment never breaks rules 1-3,
/// 5 or 7-9, so the plan stays valid; S is unchanged and C falls. (A chain
/// whose last step never came, or a unit that served a checkpoint the flow
/// over-served, is what this finds.) Returns the number removed.
std::size_t prune(const Scenario& sc, const CohortSet& co, Plan& plan) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const auto& cks = co.checkpoints();
  std::vector<std::vector<std::size_t>> by_cadre(r.size());
  for (std::size_t j = 0; j < plan.enrollments.size(); ++j)
    by_cadre[static_cast<std::size_t>(plan.enrollments[j].cadre)].push_back(j);
  std::vector<char> removed(plan.enrollments.size(), 0);
  auto end_of = [&](const Enrollment& e) { return e.start + cp.programs[static_cast<std::size_t>(e.program)].duration - 1; };
  // Level of cadre c on ladder l at the end of year y, without enrollment `skip`.
  auto level = [&](std::size_t c, int l, Year y, std::size_t skip) {
    int lv = r.level[static_cast<std::size_t>(l)][c];
    for (std::size_t j : by_cadre[c]) {
      if (j == skip || removed[j]) continue;
      const Enrollment& e = plan.enrollments[j];
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(e.program)];
      if (p.ladder == l && end_of(e) <= y) lv = std::max(lv, p.level);
    }
    return lv;
  };
  auto achieves = [&](std::size_t c, const CheckpointInfo& ck, std::size_t skip) {
    if (ck.ladder >= 0) return level(c, ck.ladder, ck.year, skip) >= ck.level;
    Year z = r.credential[static_cast<std::size_t>(ck.credential)][c];
    if (z != kNever && z > ck.year) z = kNever;
    for (std::size_t j : by_cadre[c]) {
      if (j == skip || removed[j]) continue;
      const Enrollment& e = plan.enrollments[j];
      if (cp.programs[static_cast<std::size_t>(e.program)].credential == ck.credential && end_of(e) <= ck.year)
        z = std::max(z, end_of(e));
    }
    return cp.credential_valid(ck.credential, z, ck.year);
  };
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::int64_t> surplus(cks.size());
  for (std::size_t i = 0; i < cks.size(); ++i) {
    std::int64_t achieved = 0;
    for (std::size_t c = 0; c < r.size(); ++c)
      if (co.member(co.cohort_of(c), static_cast<int>(i)) && achieves(c, cks[i], kNone)) ++achieved;
    surplus[i] = achieved - cks[i].required;
  }
  std::vector<std::size_t> order(plan.enrollments.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Enrollment& ea = plan.enrollments[a];
    const Enrollment& eb = plan.enrollments[b];
    const double ca = cp.programs[static_cast<std::size_t>(ea.program)].total_cost();
    const double cb = cp.programs[static_cast<std::size_t>(eb.program)].total_cost();
    if (ca != cb) return ca > cb;
    if (ea.start != eb.start) return ea.start > eb.start;  // later starts first: they are needed by nothing later
    if (ea.program != eb.program) return ea.program < eb.program;
    return ea.cadre < eb.cadre;
  });
  std::vector<int> lost;
  std::size_t count = 0;
  for (std::size_t j : order) {
    const Enrollment& e = plan.enrollments[j];
    const auto c = static_cast<std::size_t>(e.cadre);
    // Rule 4 for the cadre's other enrollments without this one.
    bool needed = false;
    for (std::size_t f : by_cadre[c]) {
      if (f == j || removed[f]) continue;
      const Enrollment& g = plan.enrollments[f];
      for (auto [l, v] : cp.programs[static_cast<std::size_t>(g.program)].requires_)
        if (level(c, l, g.start - 1, j) < v) needed = true;
    }
    if (needed) continue;
    lost.clear();
    bool ok = true;
    const auto cohort = co.cohort_of(c);
    for (std::size_t i = 0; i < cks.size() && ok; ++i) {
      if (!co.member(cohort, static_cast<int>(i)) || !(cks[i].weight > 0)) continue;  // weight 0: no score
      if (achieves(c, cks[i], kNone) && !achieves(c, cks[i], j)) {
        lost.push_back(static_cast<int>(i));
        ok = surplus[i] >= 1;
      }
    }
    if (!ok) continue;
    for (int i : lost) --surplus[static_cast<std::size_t>(i)];
    removed[j] = 1;
    ++count;
  }
  if (count) {
    std::vector<Enrollment> kept;
    kept.reserve(plan.enrollments.size() - count);
    for (std::size_t j = 0; j < plan.enrollments.size(); ++j)
      if (!removed[j]) kept.push_back(plan.enrollments[j]);
    plan.enrollments = std::move(kept);
  }
  return count;
}

Plan Flow::solve(const Scenario& sc, const SolveOptions& opt, SolveReport& report) {
  SolveContext ctx(opt, report);
  int passes = kDefaultPasses;
  for (auto& [key, value] : opt.settings) {
    if (key == "flow.passes") {
      std::size_t used = 0;
      int v = 0;
      try {
        v = std::stoi(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != value.size() || v < 1 || v > 50)
        throw OptionsError("flow.passes must be a whole number from 1 to 50 (got '" + value + "')");
      passes = v;
    } else if (key.rfind("flow.", 0) == 0) {
      throw OptionsError("unknown setting '" + key + "' for strategy flow (known: flow.passes)");
    }
  }
  const detail::Compiled& cp = sc.compiled();
  const int threads = opt.threads > 0 ? opt.threads : 1;
  CohortSet co(sc, threads);
  report.record(ctx.seconds(), "flow.cohorts", std::to_string(co.size()));
  report.record(ctx.seconds(), "flow.passes", std::to_string(passes));

  Pass pass(sc, co, ctx);
  const int years = cp.years();
  Prices prices;
  prices.lambda.assign(static_cast<std::size_t>(years), 0.0);
  prices.mu.assign(cp.programs.size() * static_cast<std::size_t>(years), 0.0);
  Plan best;
  double best_S = std::numeric_limits<double>::infinity(), best_C = 0;
  bool have_best = false;
  double simplex_seconds = 0;
  for (int p = 0; p < passes; ++p) {
    PassOutcome o = pass.run(prices, p * years, passes * years);
    simplex_seconds += o.simplex_seconds;
    const std::string tag = "flow.pass." + std::to_string(p + 1);
    if (!o.complete) {
      // Stopped inside this pass: its partial plan is valid; keep it only if
      // no complete pass exists.
      if (!have_best) best = std::move(o.plan);
      ctx.record(tag, "stopped");
      break;
    }
    rules::Evaluation ev = rules::check(sc, o.plan);
    {
      Plan pruned = o.plan;
      const std::size_t removed = prune(sc, co, pruned);
      if (removed > 0) {
        rules::Evaluation pe = rules::check(sc, pruned);
        // Never expected to differ in S or validity; kept as a guard.
        if (pe.valid && pe.S <= ev.S) {
          o.plan = std::move(pruned);
          ev = std::move(pe);
          ctx.record(tag, "pruned " + std::to_string(removed) + " enrollments no checkpoint needs");
        }
      }
    }
    std::string lambdas;
    for (std::size_t t = 0; t < prices.lambda.size(); ++t)
      if (prices.lambda[t] > 0)
        lambdas += (lambdas.empty() ? "" : ", ") + std::to_string(cp.start + static_cast<Year>(t)) + ": " + fmt(prices.lambda[t]);
    std::size_t priced_seats = 0;
    for (double m : prices.mu) priced_seats += m > 0;
    ctx.record(tag, "S " + fmt(ev.S) + ", C " + fmt(ev.C) + ", rounds " + std::to_string(o.rounds) + ", starts " +
                        std::to_string(o.starts) + ", dropped for budget " + std::to_string(o.dropped) + ", largest network " +
                        std::to_string(o.largest_nodes) + " nodes / " + std::to_string(o.largest_arcs) + " arcs, budget prices {" +
                        lambdas + "}, priced program-years " + std::to_string(priced_seats));
    if (!have_best || ev.S < best_S - 1e-9 || (std::abs(ev.S - best_S) <= 1e-9 && ev.C < best_C - 1e-9)) {
      best = std::move(o.plan);
      best_S = ev.S;
      best_C = ev.C;
      have_best = true;
      ctx.record("flow.best_pass", std::to_string(p + 1));
    }
    // Prices for the next pass: what the budget turned away and what full
    // programs' seats went for, averaged with the prices this pass used.
    for (std::size_t t = 0; t < prices.lambda.size(); ++t)
      prices.lambda[t] = p == 0 ? o.observed[t] : 0.5 * (prices.lambda[t] + o.observed[t]);
    for (std::size_t j = 0; j < prices.mu.size(); ++j)
      prices.mu[j] = p == 0 ? o.observed_mu[j] : 0.5 * (prices.mu[j] + o.observed_mu[j]);
    prices.known = true;
    prices.defer_for_cost = p % 2 == 0;  // alternate: passes 2, 4, ... wait for cheaper ways when later is free
  }
  ctx.record("flow.network_simplex_seconds", fmt(simplex_seconds));
  report.timings["flow.network_simplex"] = simplex_seconds;
  if (!ctx.stopped()) report.status = SolveStatus::feasible;
  return best;
}

}  // namespace

std::unique_ptr<Strategy> make_flow() { return std::make_unique<Flow>(); }

}  // namespace cadreplan::optimize
