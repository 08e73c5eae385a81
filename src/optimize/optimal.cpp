// The `optimal` strategy: the lexicographic optimum of the contract's score
// (least S, then least C among plans with that S), with a proof.
//
//   1. Aggregate cadres into cohorts (optimize/cohorts.hpp).
//   2. Branch-and-price on the master problem (optimize/master.hpp), first
//      with objective S. At each node, column generation: the master LP
//      (CLP) prices schedules through an exact dynamic program per cohort
//      (optimize/pricing.hpp) until no schedule has a negative reduced cost;
//      the LP value is then a lower bound on S within the node (rounded up
//      when every weight is a whole number). Branching is on the flow of
//      members through an arc of a cohort's DP graph (a start of a program
//      in a given state and year): integral arc flows decompose into integral
//      schedules, so the search is complete. Nodes are explored depth first
//      (the `at least` side first), then best bound first; the lower bound
//      reported is the least bound of the open nodes.
//   3. Incumbents: the greedy plan, then at every node the LP rounded down
//      and repaired (Master::round_and_repair).
//   4. Phase C: the same search with objective C under S <= S*, stopping
//      when the incumbent is within `optimal.cost_gap` of the bound.
//   5. Disaggregate counts to named cadres (optimize/disaggregate.hpp).
// Deterministic: pricing runs in parallel over cohorts, but every choice is
// made in cohort and column order; only the time limit can change a result.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <iomanip>
#include <optional>
#include <limits>
#include <sstream>
#include <thread>

#include "model/compiled.hpp"
#include "optimize/capacity.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/compact.hpp"
#include "optimize/context.hpp"
#include "optimize/disaggregate.hpp"
#include "optimize/lagrange.hpp"
#include "optimize/master.hpp"
#include "optimize/model_cache.hpp"
#include "optimize/pricing.hpp"
#include "optimize/search.hpp"
#include "optimize/strategies.hpp"

namespace cadreplan::optimize {

namespace {

// Rosters from this size on run the flow fallback alongside the search (see
// Optimal::solve); below it flow takes under a few seconds.
constexpr std::size_t kConcurrentFlowCadres = 20000;

// Cohorts from which the Lagrangian dual runs before the search (`auto`):
// the master's rows are then as many as the barrier threshold's
// (master.cpp); national-100k has 20,312 cohorts, national-1m 48,360.
constexpr std::size_t kLagrangeCohorts = 20000;

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

class Optimal final : public Strategy {
 public:
  std::string name() const override { return "optimal"; }
  std::string description() const override {
    return "branch-and-price over cohort schedules (CLP): least S, then least C, with a proven lower bound";
  }

  Plan solve(const Scenario& sc, const SolveOptions& opt, SolveReport& report) override {
    SolveContext ctx(opt, report);
    bool cost_phase = true;
    double cost_gap = 1e-3;
    std::string lagrange_mode = "auto";
    double s_gap = 0.0;  // optimal.gap: stop phase S once S is within this share of its bound
    for (auto& [k, v] : opt.settings) {
      if (k == "optimal.cost_phase") {
        if (v != "on" && v != "off") throw OptionsError("optimal.cost_phase must be 'on' or 'off' (got '" + v + "')");
        cost_phase = v == "on";
      } else if (k == "optimal.cost_gap") {
        char* end = nullptr;
        cost_gap = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || !(cost_gap >= 0) || cost_gap > 1)
          throw OptionsError("optimal.cost_gap must be a number in [0, 1] (got '" + v + "')");
      } else if (k == "optimal.gap") {
        char* end = nullptr;
        s_gap = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || !(s_gap >= 0) || s_gap >= 1)
          throw OptionsError("optimal.gap must be a number in [0, 1) (got '" + v + "')");
      } else if (k == "optimal.lagrange") {
        if (v != "auto" && v != "on" && v != "off")
          throw OptionsError("optimal.lagrange must be 'auto', 'on' or 'off' (got '" + v + "')");
        lagrange_mode = v;
      }
    }
    const int threads = report.threads;

    // The flow strategy's plan is the fallback when S is not proven, so that
    // optimal never returns a worse plan than flow. On large rosters flow
    // itself takes minutes (100,000 cadres: about 40 s) and the time left
    // after phase S may not let it finish; there, with two threads or more, it
    // runs from the start on a thread of its own with the whole time limit,
    // as `flow` alone would. Otherwise it runs after phase S.
    struct FlowRun {
      std::thread thread;
      std::atomic<bool> stop{false};
      std::atomic<bool> done{false};  // flow ended by itself (not stopped)
      std::optional<Plan> plan;
      std::exception_ptr error;
      void finish() {
        if (thread.joinable()) thread.join();
      }
      ~FlowRun() {
        stop = true;
        finish();
      }
    } flow_run;
    if (threads >= 2 && sc.roster().size() >= kConcurrentFlowCadres) {
      flow_run.thread = std::thread([&sc, &flow_run, limit = std::max(1.0, ctx.remaining())] {
        try {
          SolveOptions fo;
          fo.strategy = "flow";
          fo.time_limit = limit;
          fo.progress = [&flow_run](const Progress&) { return !flow_run.stop.load(); };
          SolveReport fr;
          fr.threads = 1;
          flow_run.plan = make_strategy("flow")->solve(sc, fo, fr);
          flow_run.done = !flow_run.stop.load();
        } catch (...) {
          flow_run.error = std::current_exception();
        }
      });
    }

    double t = ctx.seconds();
    const std::shared_ptr<const PricingModel> model = pricing_model(sc, threads);
    ReleasePricingModel release{sc, model};
    const CohortSet& co = model->cohorts;
    const Pricer& pricer = model->pricer;
    report.timings["aggregate"] = ctx.seconds() - t;
    ctx.record("cohorts", std::to_string(co.size()) + " cohorts for " + std::to_string(sc.roster().size()) + " cadres");
    // Until the first pricing round, this thread works alone (the capacity
    // bound, the greedy plan, the first LP): another core builds state graphs
    // meanwhile, unless flow runs on it (hagiang-2022: the first round's
    // share of the build shrinks by a third or so). Not with one thread.
    std::optional<GraphPrebuild> prebuild;
    if (threads >= 2 && !flow_run.thread.joinable()) prebuild.emplace(pricer, co.size());
    // A bound from seats and eligibility alone (optimize/capacity.hpp): the LP
    // implies it, but a national run can stop before its first LP is solved.
    t = ctx.seconds();
    const CapacityBound capacity = capacity_bound(sc, co);
    report.timings["bound.capacity"] = ctx.seconds() - t;
    ctx.record("bound.capacity.S", fmt(capacity.S));

    Master master(sc, co, pricer);
    Search search(sc, ctx, co, pricer, master, threads);
    if (prebuild) search.stop_before_pricing(&*prebuild);
    // A plan as an integer solution over the master's columns (each cadre's
    // schedule a column of its cohort), scored by the cohort model and checked
    // against rules::check (an internal consistency test).
    auto to_solution = [&](const Plan& plan, const char* what) {
      IntegerSolution sol = master.from_plan(plan);
      const rules::Evaluation ev = rules::check(sc, plan);
      if (!ev.valid || std::abs(ev.S - sol.S) > 1e-6 || std::abs(ev.C - sol.C) > 1e-6 * std::max(1.0, ev.C))
        throw SolveError(std::string("internal: the cohort model scores the ") + what + " plan S=" + fmt(sol.S) +
                         " C=" + fmt(sol.C) + " but rules::check says S=" + fmt(ev.S) + " C=" + fmt(ev.C) +
                         (ev.valid ? "" : " (invalid)"));
      return sol;
    };
    auto better = [](const IntegerSolution& a, const IntegerSolution& b) {
      return a.S < b.S - 1e-9 || (a.S <= b.S + 1e-9 && a.C < b.C - 1e-9);
    };
    // A warm start from a strategy's plan.
    auto warm_start = [&](const char* warm) {
      SolveOptions wopt;
      wopt.strategy = warm;
      wopt.time_limit = std::max(1.0, ctx.remaining());
      SolveReport wrep;
      wrep.threads = 1;
      const Plan p = make_strategy(warm)->solve(sc, wopt, wrep);
      IntegerSolution s = to_solution(p, warm);
      ctx.record(std::string("incumbent.") + warm, "S = " + fmt(s.S) + ", C = " + fmt(s.C));
      return s;
    };
    t = ctx.seconds();
    IntegerSolution inc = warm_start("greedy");
    // Whether @p cand replaces @p best: in phase S a better (S, C); in phase C
    // a lower C at no higher S.
    auto improves = [&](const IntegerSolution& cand, const IntegerSolution& best) {
      return master.cost_phase() ? (cand.S <= best.S + 1e-9 && cand.C < best.C - 1e-9) : better(cand, best);
    };
    // The LP rounded down and repaired, then extended by the greedy hand rule:
    // often as good as the search gets, at a fraction of CBC's time.
    // From @p x (a master LP solution found elsewhere) instead of the LP's when given.
    auto rounded_greedy = [&](IntegerSolution& best, const char* name, const std::vector<double>* x = nullptr) {
      const IntegerSolution r = x ? master.round_and_repair(*x) : master.round_and_repair();
      SolveOptions gopt;
      gopt.strategy = "greedy";
      gopt.time_limit = std::max(1.0, ctx.remaining());
      SolveReport grep;
      const Plan p = greedy_extend(sc, disaggregate(sc, co, master.columns(), r.x), gopt, grep);
      IntegerSolution s = to_solution(p, name);
      const bool take = improves(s, best);
      ctx.record(name, "S = " + fmt(s.S) + ", C = " + fmt(s.C) + (take ? " (new incumbent)" : ""));
      if (take) best = s;
    };
    report.timings["warm_start"] = ctx.seconds() - t;

    bool integral = true;
    for (const auto& ck : co.checkpoints()) integral = integral && ck.weight == std::floor(ck.weight);
    // A bound on S as a bound on the S of a plan: rounded up when S moves in whole steps.
    auto s_bound = [&](double z) { return integral ? std::ceil(z - 1e-6) : z; };
    // Whether @p best is as good as @p bound allows: phase S, S at the bound
    // (rounded up when S moves in whole steps); phase C, C within @p gap.
    auto reached = [&](const IntegerSolution& best, double bound, double gap) {
      return master.cost_phase() ? best.C - bound <= gap * std::max(1.0, best.C)
                                 : best.S <= s_bound(bound) + 1e-9 ||
                                       best.S - bound <= s_gap * best.S;
    };

    // From kLagrangeCohorts cohorts on (a national roster), the master LP's
    // simplex, with one row per cohort, takes minutes (docs/ARCHITECTURE.md).
    // The Lagrangian dual over the linking rows (optimize/lagrange.hpp) gives
    // the same LP bound from pricing passes, and its master's solution, rounded
    // and repaired like the LP's, a plan. For at most half the time left.
    double dual_bound = -std::numeric_limits<double>::infinity();
    if (lagrange_mode == "on" || (lagrange_mode == "auto" && co.size() >= kLagrangeCohorts)) {
      t = ctx.seconds();
      LagrangeOptions lopt;
      lopt.threads = threads;
      // The incumbent (the greedy plan) as a first column per block: the first
      // rounds then start below its S, not from every checkpoint's shortfall.
      std::vector<std::vector<std::pair<Schedule, double>>> start(co.size());
      for (std::size_t j = 0; j < inc.x.size() && j < master.columns().size(); ++j)
        if (inc.x[j] > 0) {
          const Column& col = master.columns()[j];
          start[static_cast<std::size_t>(col.cohort)].emplace_back(col.schedule, inc.x[j]);
        }
      lopt.start = &start;
      const double until = ctx.seconds() + 0.5 * ctx.remaining();
      lopt.keep_going = [&](int it, double, double best, double z) {
        return ctx.seconds() < until &&
               ctx.progress("lagrange", -1, inc.S, std::max(best, capacity.S),
                            "iteration " + std::to_string(it) + ", master " + fmt(z) + ", bound " + fmt(best));
      };
      LagrangeResult lr = lagrangian_bound(sc, co, pricer, lopt);
      report.timings["lagrange"] = ctx.seconds() - t;
      if (lr.iterations > 0) dual_bound = lr.bound;
      ctx.record("bound.dual.S", fmt(lr.bound) + " (" + std::to_string(lr.iterations) + " pricing passes over " +
                                     std::to_string(lr.blocks) + " blocks; master " + fmt(lr.lp_value) +
                                     (lr.converged ? ", converged)" : ", not converged)"));
      if (!lr.primal.empty() && !ctx.stopped()) {
        double t0 = ctx.seconds();
        // A vertex first: it has few cohorts split over schedules to round.
        std::string log;
        basic_solution(sc, co, pricer, lr.primal, &log, std::max(1.0, 0.25 * ctx.remaining()));
        report.timings["lagrange.basic"] = ctx.seconds() - t0;
        ctx.record("lagrange.basic", log);
        t0 = ctx.seconds();
        std::vector<double> x;
        for (std::size_t g = 0; g < co.size(); ++g)
          for (const auto& [schedule, members] : lr.primal[g]) {
            const auto j = static_cast<std::size_t>(master.add(static_cast<int>(g), schedule));
            if (x.size() <= j) x.resize(j + 1, 0.0);
            x[j] += members;
          }
        rounded_greedy(inc, "incumbent.rounded.dual", &x);
        report.timings["lagrange.round"] = ctx.seconds() - t0;
        // RENS around that solution, unless the plan is at the bound already.
        if (inc.S > s_bound(dual_bound) + 1e-9 && !ctx.stopped()) {
          t0 = ctx.seconds();
          std::string rens_log;
          auto r = master.solve_rens(inc, std::max(1.0, 0.1 * ctx.remaining()), 0.0,
                                     [&] { return !ctx.progress("mip", -1); }, rens_log, x);
          if (r && better(*r, inc)) {
            inc = *r;
            rens_log += ", improved to S = " + fmt(inc.S) + ", C = " + fmt(inc.C);
          }
          report.timings["lagrange.rens"] = ctx.seconds() - t0;
          ctx.record("lagrange.rens", rens_log);
        }
      }
    }

    // Phase S.
    t = ctx.seconds();
    double lower_s = 0;
    auto stop = [&] { return !ctx.progress("mip", -1); };
    // CBC over the root's columns, isolated in a child process, for a share of the time.
    auto cbc = [&](IntegerSolution& best, double bound, double share, double gap, const char* name) {
      const bool cost = master.cost_phase();
      const double secs = std::max(0.5, share * ctx.remaining());
      std::string log;
      const double t0 = ctx.seconds();
      // RENS first (the LP's rounding, a small problem); the full problem only if it falls short.
      // The full problem starts from the incumbent before RENS: CBC's
      // feasibility pump, bounded by a tighter cutoff, often finds nothing
      // where it would have found a better plan than RENS's.
      const IntegerSolution before = best;
      auto r = master.solve_rens(best, std::max(0.5, 0.25 * secs), gap, stop, log);
      if (r && improves(*r, best)) {
        best = *r;
        log += ", improved to S = " + fmt(best.S) + ", C = " + fmt(best.C);
      }
      if (!reached(best, bound, gap) && !ctx.stopped()) {
        std::string full;
        const double rc_cut = (cost ? before.C : before.S) - bound + 1e-6;
        r = master.solve_mip(before, std::max(0.5, secs - (ctx.seconds() - t0)), rc_cut, gap, stop, full);
        if (r && improves(*r, best)) {
          best = *r;
          full += ", improved to S = " + fmt(best.S) + ", C = " + fmt(best.C);
        }
        log += "; " + full;
      }
      report.timings[name] += ctx.seconds() - t0;
      ctx.record(name, log);
    };
    // The compact model, for instances small enough for CBC to close (see compact.hpp).
    std::optional<CompactModel> compact;
    std::size_t compact_limit = 60000;
    for (auto& [k, v] : opt.settings)
      if (k == "optimal.compact_limit") {
        char* end = nullptr;
        const long long lim = std::strtoll(v.c_str(), &end, 10);
        if (end == v.c_str() || *end != '\0' || lim < 0)
          throw OptionsError("optimal.compact_limit must be a whole number >= 0 (got '" + v + "')");
        compact_limit = static_cast<std::size_t>(lim);
      }
    // Whether the compact model is within the limit (built on first call).
    auto compact_usable = [&] {
      if (compact_limit == 0) return false;
      if (!compact) {
        const double t0 = ctx.seconds();
        compact.emplace(sc, co, pricer);
        report.timings["compact.build"] += ctx.seconds() - t0;
        ctx.record("compact", std::to_string(compact->candidates()) + " candidate enrollments, " +
                                  std::to_string(compact->rows()) + " rows");
      }
      return compact->candidates() <= compact_limit;
    };
    auto exact = [&](IntegerSolution& best, double share, double gap, const char* name) -> std::optional<double> {
      if (!compact_usable()) return std::nullopt;
      const double t0 = ctx.seconds();
      const bool cost = master.cost_phase();
      const double start_value = cost ? best.C : best.S;
      Plan start = disaggregate(sc, co, master.columns(), best.x);
      // With two threads, two CBC runs race on the compact model (compact.hpp).
      auto r = compact->solve(cost, best.S + 1e-6, start, start_value,
                              std::max(0.5, share * ctx.remaining()), gap, stop, threads >= 2);
      report.timings[name] += ctx.seconds() - t0;
      if (r.plan) {
        IntegerSolution s = to_solution(*r.plan, name);
        if (improves(s, best)) {
          best = s;
          r.log += ", improved to S = " + fmt(best.S) + ", C = " + fmt(best.C);
        }
      }
      ctx.record(name, r.log);
      if (r.proven) return cost ? best.C : best.S;  // CBC proved nothing better exists
      // Stopped by its time: CBC's tree bound still holds for every plan (see
      // CompactModel::Result::bounded). Only a bound below the plan CBC started
      // from is taken: at or above it CBC may have pruned within its gap.
      if (!r.bounded || !(r.bound < start_value - 1e-9)) return std::nullopt;
      // Rounded up when S moves in whole steps, with room for CBC's tolerances
      // (a bound of 205.00001 may come from an optimum of 205).
      return cost || !integral ? r.bound : std::ceil(r.bound - 1e-3);
    };
    // Large-neighbourhood search on the compact model: cadres around one
    // checkpoint at a time are freed, everyone else keeps the incumbent's
    // enrollments, and CBC re-optimises that small problem.
    auto lns = [&](IntegerSolution& best, double bound, double share, double gap, const char* name) {
      if (!compact || compact->candidates() > compact_limit || compact_limit == 0) return;
      const bool cost = master.cost_phase();
      const double until = ctx.seconds() + share * ctx.remaining();
      const double t0 = ctx.seconds();
      int rounds = 0, improved = 0;
      std::size_t since = 0;  // steps since the last improvement
      bool stalled = false;
      for (std::uint64_t r = 0; ctx.seconds() < until && !ctx.stopped(); ++r) {
        if (reached(best, bound, gap)) break;
        const Plan start = disaggregate(sc, co, master.columns(), best.x);
        const rules::Evaluation ev = rules::check(sc, start);
        std::vector<int> around;  // phase S: checkpoints short; phase C: every checkpoint
        for (std::size_t i = 0; i < ev.checkpoints.size(); ++i)
          if (cost || ev.checkpoints[i].shortfall > 0) around.push_back(static_cast<int>(i));
        if (around.empty()) break;
        // Every checkpoint tried twice, on other cadres, since the last
        // improvement: the search has stalled; the time goes to what follows.
        if (since >= 2 * around.size()) {
          stalled = true;
          break;
        }
        const int i = around[r % around.size()];
        const std::vector<char> free = compact->neighbourhood(i, start, 40, opt.seed * 7919 + r);
        auto res = compact->solve_neighbourhood(cost, best.S + 1e-6, start, cost ? best.C : best.S, free,
                                                std::min(5.0, std::max(0.5, until - ctx.seconds())), stop);
        ++rounds;
        ++since;
        if (!res.plan) continue;
        IntegerSolution cand = to_solution(*res.plan, name);
        if (improves(cand, best)) {
          best = cand;
          ++improved;
          since = 0;
        }
      }
      report.timings[name] += ctx.seconds() - t0;
      ctx.record(name, std::to_string(rounds) + " neighbourhoods, " + std::to_string(improved) + " improved" +
                           (stalled ? " (stalled)" : "") + "; S = " + fmt(best.S) + ", C = " + fmt(best.C));
    };
    // A warm start at the capacity or dual bound needs no LP.
    search.set_root_floor(std::max(capacity.S, s_bound(dual_bound)));
    const double s_deadline = ctx.seconds() + (cost_phase ? 0.6 : 1.0) * ctx.remaining();
    const bool done_s = search.run(
        "S", inc, [](const IntegerSolution& s) { return s.S; },
        s_bound,
        [&](double bound, double best) { return bound >= best - std::max(integral ? 0.5 : 1e-9, s_gap * best); },
        [&](IntegerSolution& best, double bound) -> std::optional<double> {
          rounded_greedy(best, "incumbent.rounded.S");
          if (reached(best, bound, 0.0)) return std::nullopt;
          // CBC over the master's columns: a fifth of the time, or a
          // twentieth when the compact model follows, which proves and
          // improves more per second on the instances small enough for it
          // (n120-s5, n250-s54, n600-s24: CBC over the columns ran its whole
          // 60 s of a 300 s limit and improved nothing or one step; with a
          // twentieth, at a 60 s limit, n600-s24's C is HiGHS's 6864 where it
          // was 6900-6906, and n400-s51 is proven in 21.5 s, not 27.8 s).
          cbc(best, bound, compact_usable() ? 0.05 : 0.2, 0.0, "mip.S");
          if (reached(best, bound, 0.0)) return std::nullopt;
          // A proof, or a bound from CBC stopped by its time (then the
          // neighbourhood search still looks for a better plan).
          const std::optional<double> proven = exact(best, 0.5, 0.0, "compact.S");
          if (proven && reached(best, std::max(bound, *proven), 0.0)) return proven;
          lns(best, proven ? std::max(bound, *proven) : bound, 0.5, 0.0, "lns.S");
          return proven;
        },
        s_deadline, lower_s);
    search.pad(inc);
    search.set_root_floor(-std::numeric_limits<double>::infinity());
    report.timings["phase_S"] = ctx.seconds() - t;
    report.lower_bound =
        std::min(std::max({0.0, lower_s, capacity.S, s_bound(dual_bound)}), inc.S);
    const bool s_proven = done_s && inc.S <= *report.lower_bound + 1e-9;
    // Stopped at optimal.gap: S is certified within it, and the solve ends
    // here (no phase C: its bound would hold only at a proven S).
    const bool s_in_gap = !s_proven && done_s && s_gap > 0 && inc.S - *report.lower_bound <= s_gap * inc.S + 1e-9;
    ctx.record("phase_S", "S = " + fmt(inc.S) + ", bound " + fmt(*report.lower_bound) + ", " +
                              std::to_string(search.nodes()) + " nodes" +
                              (s_proven ? " (proven)" : s_in_gap ? " (within optimal.gap " + fmt(s_gap) + ")" : ""));
    if (s_in_gap) {
      // The flow fallback only if it has finished: it cannot beat a plan
      // within the gap by more than the gap.
      if (flow_run.thread.joinable()) {
        const bool finished = flow_run.done.load();
        flow_run.stop = true;
        flow_run.finish();
        if (finished && flow_run.plan) {
          const IntegerSolution f = to_solution(*flow_run.plan, "flow");
          ctx.record("incumbent.flow", "S = " + fmt(f.S) + ", C = " + fmt(f.C) + " (flow ran alongside)");
          if (better(f, inc)) inc = f;
        }
      }
    } else if (!s_proven) {
      // Without a proof, make sure the plan is no worse than the flow strategy's.
      IntegerSolution f;
      if (flow_run.thread.joinable()) {
        t = ctx.seconds();
        flow_run.finish();
        report.timings["flow_wait"] = ctx.seconds() - t;
        if (flow_run.error) std::rethrow_exception(flow_run.error);
        f = to_solution(*flow_run.plan, "flow");
        ctx.record("incumbent.flow", "S = " + fmt(f.S) + ", C = " + fmt(f.C) + " (flow ran alongside)");
      } else {
        f = warm_start("flow");
      }
      search.pad(inc);
      if (better(f, inc)) inc = f;
    } else {
      flow_run.stop = true;  // not needed: S is proven
      flow_run.finish();
    }

    // Phase C: least cost at that S.
    bool c_proven = false;
    if (cost_phase && !s_in_gap && !ctx.stopped() && ctx.remaining() > 0) {
      t = ctx.seconds();
      const std::size_t nodes_before = search.nodes();
      master.enter_cost_phase(inc.S + 1e-6);
      search.set_s_star(inc.S);
      double lower_c = 0;
      const bool done_c = search.run(
          "C", inc, [](const IntegerSolution& s) { return s.C; }, [](double z) { return z; },
          [&](double bound, double best) { return bound >= best - cost_gap * std::max(1.0, best); },
          [&](IntegerSolution& best, double bound) -> std::optional<double> {
            rounded_greedy(best, "incumbent.rounded.C");
            if (reached(best, bound, cost_gap)) return std::nullopt;
            cbc(best, bound, 0.3, cost_gap, "mip.C");
            if (reached(best, bound, cost_gap)) return std::nullopt;
            // Without a proof of S, no bound on C is reported, so only plans
            // count: the neighbourhood search first (it finds most of them),
            // CBC on the compact model with what it leaves.
            if (!s_proven) lns(best, bound, 0.7, cost_gap, "lns.C");
            const std::optional<double> proven = exact(best, 0.7, cost_gap, "compact.C");
            if (proven && reached(best, std::max(bound, *proven), cost_gap)) return proven;
            if (s_proven) lns(best, proven ? std::max(bound, *proven) : bound, 0.7, cost_gap, "lns.C");
            return proven;
          },
          ctx.seconds() + ctx.remaining(), lower_c);
      search.pad(inc);
      report.timings["phase_C"] = ctx.seconds() - t;
      if (s_proven) {
        report.cost_lower_bound = std::min(lower_c, inc.C);
        c_proven = done_c;
      }
      ctx.record("phase_C", "C = " + fmt(inc.C) + ", bound " + fmt(lower_c) + ", " +
                                std::to_string(search.nodes() - nodes_before) + " nodes" +
                                (done_c ? " (within " + fmt(cost_gap) + ")" : ""));
    }
    report.timings["lp"] = search.lp_time();
    report.timings["pricing"] = search.price_time();
    {
      const auto& ls = search.lp_stats();
      std::ostringstream o;
      o << ls.solves << " solves, " << ls.iterations << " iterations; the longest " << std::fixed << std::setprecision(2)
        << ls.longest << " s (" << ls.longest_rows << " rows, " << ls.longest_columns << " columns)";
      ctx.record("lp", o.str());
    }
    ctx.record("pricing.graphs", std::to_string(pricer.graph_bytes() >> 10) + " KiB of state graphs; " +
                                     std::to_string(pricer.uncached_cohorts()) + " cohorts over the budget" +
                                     (prebuild ? "; " + std::to_string(prebuild->built()) +
                                                     " built before the first pricing round"
                                               : std::string()));
    ctx.record("columns",
               std::to_string(master.columns().size()) + " in " + std::to_string(search.rounds()) + " pricing rounds");
    if (!opt.write_mps.empty()) master.write_mps(opt.write_mps);

    t = ctx.seconds();
    Plan plan = disaggregate(sc, co, master.columns(), inc.x);
    report.timings["disaggregate"] = ctx.seconds() - t;
    if (!ctx.stopped())
      report.status = (s_proven && (c_proven || !cost_phase)) ? SolveStatus::optimal : SolveStatus::feasible;
    return plan;
  }
};

}  // namespace

std::unique_ptr<Strategy> make_optimal() { return std::make_unique<Optimal>(); }

}  // namespace cadreplan::optimize
