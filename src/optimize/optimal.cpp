// The `optimal` strategy: the lexicographic optimum of the contract's score
// (least S, then least C among plans with that S), with a proof.
//
//   1. Aggregate cadres into cohorts (optimize/cohorts.hpp).
//   2. Column generation on the master LP (optimize/master.hpp), phase 1
//      minimising S. Columns are schedules priced by an exact dynamic program
//      (optimize/pricing.hpp). At convergence the LP value is a lower bound on
//      S over ALL valid plans (rounded up when every weight is a whole number);
//      before it, the Lagrangian bound LP + sum_g n_g min(0, reduced cost) is.
//   3. An integer solution over the generated columns: the greedy plan and the
//      rounded-down LP as incumbents, then CBC. When its S meets the bound, S is
//      proven optimal.
//   4. Phase 2: the same with objective C under S <= S*, giving C and a lower
//      bound on C at that S.
//   5. Disaggregate counts to named cadres (optimize/disaggregate.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <thread>

#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/context.hpp"
#include "optimize/disaggregate.hpp"
#include "optimize/master.hpp"
#include "optimize/pricing.hpp"
#include "optimize/strategies.hpp"

namespace cadreplan::optimize {

namespace {

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

class Optimal final : public Strategy {
 public:
  std::string name() const override { return "optimal"; }
  std::string description() const override {
    return "column generation over cohort schedules (CLP) + integer master (CBC): least S, then least C, with a proven lower bound";
  }

  Plan solve(const Scenario& sc, const SolveOptions& opt, SolveReport& report) override {
    SolveContext ctx(opt, report);
    bool cost_phase = true;
    double cost_gap_tol = 1e-3;
    for (auto& [k, v] : opt.settings) {
      if (k == "optimal.cost_phase") {
        if (v != "on" && v != "off") throw OptionsError("optimal.cost_phase must be 'on' or 'off' (got '" + v + "')");
        cost_phase = v == "on";
      } else if (k == "optimal.cost_gap") {
        try {
          cost_gap_tol = std::stod(v);
        } catch (const std::exception&) {
          throw OptionsError("optimal.cost_gap must be a number (got '" + v + "')");
        }
        if (!(cost_gap_tol >= 0)) throw OptionsError("optimal.cost_gap must be >= 0");
      }
    }
    const int threads = report.threads;
    const detail::Compiled& cp = sc.compiled();

    double t = ctx.seconds();
    CohortSet co(sc, threads);
    Pricer pricer(sc, co);
    report.timings["aggregate"] = ctx.seconds() - t;
    ctx.record("cohorts", std::to_string(co.size()) + " cohorts for " + std::to_string(sc.roster().size()) + " cadres");

    Master master(sc, co, pricer);
    // Incumbent: the greedy plan, as columns.
    t = ctx.seconds();
    IntegerSolution inc;
    {
      SolveOptions gopt;
      gopt.strategy = "greedy";
      gopt.time_limit = std::max(1.0, ctx.remaining());
      SolveReport grep;
      Plan g = make_greedy()->solve(sc, gopt, grep);
      std::vector<Schedule> per_cadre(sc.roster().size());
      for (const Enrollment& e : g.enrollments) per_cadre[static_cast<std::size_t>(e.cadre)].items.emplace_back(e.program, e.start);
      std::vector<double> count;
      for (std::size_t c = 0; c < per_cadre.size(); ++c) {
        auto& s = per_cadre[c];
        std::sort(s.items.begin(), s.items.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second < b.second : a.first < b.first; });
        const int j = master.add(static_cast<int>(co.cohort_of(c)), std::move(s));
        if (count.size() <= static_cast<std::size_t>(j)) count.resize(static_cast<std::size_t>(j) + 1, 0.0);
        count[static_cast<std::size_t>(j)] += 1;
      }
      count.resize(master.columns().size(), 0.0);
      inc.x = std::move(count);
      master.score(inc);
      const rules::Evaluation ge = rules::check(sc, g);
      if (std::abs(ge.S - inc.S) > 1e-6 || std::abs(ge.C - inc.C) > 1e-6 * std::max(1.0, ge.C))
        throw SolveError("internal: the cohort model scores the greedy plan S=" + fmt(inc.S) + " C=" + fmt(inc.C) +
                         " but rules::check says S=" + fmt(ge.S) + " C=" + fmt(ge.C));
    }
    report.timings["warm_start"] = ctx.seconds() - t;
    ctx.record("incumbent.greedy", "S = " + fmt(inc.S) + ", C = " + fmt(inc.C));

    bool integral = true;
    for (const auto& ck : co.checkpoints()) integral = integral && ck.weight == std::floor(ck.weight);
    auto s_bound = [&](double lb) { return integral ? std::ceil(lb - 1e-6) : lb; };

    // Column generation until the LP is optimal over all schedules.
    auto generate = [&](const char* phase, double& lower) -> bool {
      Prices prices;
      std::vector<Pricer::WorkspacePtr> ws;
      for (int i = 0; i < threads; ++i) ws.push_back(Pricer::make_workspace());
      std::vector<Schedule> found(co.size());
      std::vector<double> rc(co.size());
      int iter = 0;
      double lp_time = 0, price_time = 0;
      while (true) {
        double t0 = ctx.seconds();
        auto v = master.solve_lp(ctx.remaining());
        lp_time += ctx.seconds() - t0;
        if (!v) return false;
        master.prices(prices);
        t0 = ctx.seconds();
        auto work = [&](std::size_t lo, std::size_t hi, Pricer::Workspace& w) {
          for (std::size_t g = lo; g < hi; ++g) rc[g] = pricer.best(g, prices, found[g], w) - master.cohort_dual(static_cast<int>(g));
        };
        const std::size_t G = co.size();
        if (threads <= 1 || G < 64) {
          work(0, G, *ws[0]);
        } else {
          std::vector<std::thread> pool;
          for (int i = 0; i < threads; ++i)
            pool.emplace_back(work, G * static_cast<std::size_t>(i) / static_cast<std::size_t>(threads),
                              G * static_cast<std::size_t>(i + 1) / static_cast<std::size_t>(threads), std::ref(*ws[static_cast<std::size_t>(i)]));
          for (auto& th : pool) th.join();
        }
        price_time += ctx.seconds() - t0;
        double lag = *v;
        std::size_t added = 0;
        for (std::size_t g = 0; g < G; ++g) {
          lag += static_cast<double>(co.count(g)) * std::min(0.0, rc[g]);
          if (rc[g] < -1e-7) {
            const std::size_t before = master.columns().size();
            master.add(static_cast<int>(g), found[g]);
            added += master.columns().size() > before;
          }
        }
        lower = std::max(lower, lag);
        ++iter;
        if (added == 0) lower = std::max(lower, *v);
        if (!ctx.progress(phase, -1, master.cost_phase() ? inc.C : inc.S, master.cost_phase() ? -1 : s_bound(lower),
                          std::to_string(iter) + " rounds, " + std::to_string(master.columns().size()) + " columns, LP " + fmt(*v)))
          return false;
        if (added == 0) {
          ctx.record(std::string(phase) + ".rounds", std::to_string(iter) + " (LP " + fmt(lp_time) + " s, pricing " + fmt(price_time) + " s)");
          ctx.record(std::string(phase) + ".lp", fmt(*v));
          report.timings[std::string(phase) + ".lp"] += lp_time;
          report.timings[std::string(phase) + ".pricing"] += price_time;
          return true;
        }
        // Nothing to gain: the incumbent already meets the bound.
        if (!master.cost_phase() && inc.S <= s_bound(lower) + 1e-9) {
          ctx.record(std::string(phase) + ".rounds", std::to_string(iter) + " (stopped: incumbent meets the bound)");
          report.timings[std::string(phase) + ".lp"] += lp_time;
          report.timings[std::string(phase) + ".pricing"] += price_time;
          return true;
        }
      }
    };
    auto pad = [&](IntegerSolution& s) { s.x.resize(master.columns().size(), 0.0); };
    auto stop = [&] { return !ctx.progress("mip", -1) ; };

    // Phase 1: S.
    double lower_s = 0.0;
    const bool converged_s = generate("lp.S", lower_s);
    pad(inc);
    double bound_s = s_bound(lower_s);
    if (!ctx.stopped()) {
      IntegerSolution r = master.round_and_repair();
      if (r.S < inc.S - 1e-9 || (r.S <= inc.S + 1e-9 && r.C < inc.C)) inc = r;
      ctx.record("incumbent.rounded", "S = " + fmt(r.S) + ", C = " + fmt(r.C));
      if (inc.S > bound_s + 1e-9 && ctx.remaining() > 0) {
        const double t0 = ctx.seconds();
        auto mip = master.solve_mip(inc, ctx.remaining(), threads, inc.S - lower_s + 1e-6, 0.0, stop);
        report.timings["mip.S"] = ctx.seconds() - t0;
        inc = mip.best;
        ctx.record("mip.S", "S = " + fmt(inc.S) + ", C = " + fmt(inc.C) + (mip.proven ? " (optimal over the columns)" : ""));
      }
    }
    pad(inc);
    const bool s_proven = converged_s && inc.S <= bound_s + 1e-9;
    report.lower_bound = bound_s;

    // Phase 2: C at S <= S*.
    bool c_proven = false;
    if (cost_phase && !ctx.stopped() && ctx.remaining() > 0) {
      master.enter_cost_phase(inc.S + 1e-6);
      double lower_c = 0.0;
      const bool converged_c = generate("lp.C", lower_c);
      pad(inc);
      if (!ctx.stopped()) {
        IntegerSolution r = master.round_and_repair();
        ctx.record("incumbent.rounded.C", "S = " + fmt(r.S) + ", C = " + fmt(r.C));
        if (r.S <= inc.S + 1e-9 && r.C < inc.C - 1e-9) inc = r;
        const double gap = inc.C - lower_c;
        if (gap > cost_gap_tol * std::max(1.0, inc.C) && ctx.remaining() > 0) {
          const double t0 = ctx.seconds();
          auto mip = master.solve_mip(inc, ctx.remaining(), threads, gap + 1e-6, cost_gap_tol, stop);
          report.timings["mip.C"] = ctx.seconds() - t0;
          if (mip.best.S <= inc.S + 1e-9) inc = mip.best;
          ctx.record("mip.C", "C = " + fmt(inc.C) + (mip.proven ? " (optimal over the columns)" : ""));
        }
      }
      if (converged_c && s_proven) {
        report.cost_lower_bound = lower_c;
        c_proven = inc.C - lower_c <= cost_gap_tol * std::max(1.0, inc.C) + 1e-9;
      }
    }
    pad(inc);
    ctx.record("columns", std::to_string(master.columns().size()));
    ctx.record("master.rows", std::to_string(master.rows()));
    if (!opt.write_mps.empty()) master.write_mps(opt.write_mps);

    const double t0 = ctx.seconds();
    Plan plan = disaggregate(sc, co, master.columns(), inc.x);
    report.timings["disaggregate"] = ctx.seconds() - t0;
    if (!ctx.stopped()) report.status = (s_proven && (c_proven || !cost_phase)) ? SolveStatus::optimal : SolveStatus::feasible;
    (void)cp;
    return plan;
  }
};

}  // namespace

std::unique_ptr<Strategy> make_optimal() { return std::make_unique<Optimal>(); }

}  // namespace cadreplan::optimize
