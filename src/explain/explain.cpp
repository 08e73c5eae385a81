#include "cadreplan/explain/explain.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <chrono>
#include <cmath>
#include <optional>
#include <sstream>
#include <thread>

#include "cadreplan/paths/paths.hpp"
#include "cadreplan/rules/check.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/context.hpp"
#include "optimize/disaggregate.hpp"
#include "optimize/master.hpp"
#include "optimize/model_cache.hpp"
#include "optimize/pricing.hpp"
#include "optimize/search.hpp"

namespace cadreplan::explain {

bool ExplainOptions::is_valid(std::string* why) const {
  auto fail = [&](const std::string& m) {
    if (why) *why = m;
    return false;
  };
  if (!(time_limit > 0)) return fail("time_limit must be a positive number of seconds");
  if (threads < 0 || threads > 1024) return fail("threads must be 0 (every core) or between 1 and 1024");
  return true;
}

ScenarioSpec with_fix(const ScenarioSpec& spec, const CheckpointExplanation& fix) {
  ScenarioSpec out = spec;
  for (const ExtraSeats& e : fix.extra_seats) {
    if (e.program < 0 || static_cast<std::size_t>(e.program) >= out.programs.size())
      throw OptionsError("with_fix: program index " + std::to_string(e.program) + " is out of range");
    PerYear& seats = out.programs[static_cast<std::size_t>(e.program)].seats;
    seats.values[e.year] = seats.at(e.year).value_or(0.0) + static_cast<double>(e.seats);
  }
  for (const ExtraBudget& b : fix.extra_budget) {
    if (!out.budget) continue;  // no cap: nothing to add
    auto cap = out.budget->at(b.year);
    if (cap) out.budget->values[b.year] = *cap + b.amount;
  }
  return out;
}

Explanation explain(const Scenario& sc, const Plan& plan, const ExplainOptions& opt) {
  std::string why;
  if (!opt.is_valid(&why)) throw OptionsError("invalid explain options: " + why);
  const auto t_start = std::chrono::steady_clock::now();
  const rules::Evaluation ev = rules::check(sc, plan);
  if (!ev.valid) {
    Problem p{plan.source_file,
              ev.violations.empty() ? 0 : ev.violations[0].line,
              "plan",
              "",
              "a plan that passes rules::check",
              "the plan breaks a rule (" + std::to_string(ev.violation_count) + " violations" +
                  (ev.violations.empty() ? "" : "; the first: " + ev.violations[0].message) + ")"};
    throw PlanError("explain needs a valid plan: " + p.message, {p}, 1);
  }
  const detail::Compiled& cp = sc.compiled();
  const int threads =
      opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int years = cp.years();
  const int P = static_cast<int>(cp.programs.size());

  SolveOptions so;
  so.strategy = "explain";
  so.time_limit = opt.time_limit;
  // Set when the caller's callback asks to stop: the fix workers that do not
  // run on the calling thread watch it (see below).
  std::atomic<bool> cancelled{false};
  so.progress = [&](const Progress& p) {
    if (opt.progress && !opt.progress(p)) {
      cancelled = true;
      return false;
    }
    return !cancelled.load();
  };
  SolveReport rep;
  rep.threads = threads;
  optimize::SolveContext ctx(so, rep);
  const std::shared_ptr<const optimize::PricingModel> model = optimize::pricing_model(sc, threads);
  optimize::ReleasePricingModel release{sc, model};
  const optimize::CohortSet& co = model->cohorts;
  const optimize::Pricer& pricer = model->pricer;

  // Use of seats and money under the plan.
  std::vector<std::int64_t> used(static_cast<std::size_t>(P * years), 0);
  std::vector<double> spent(static_cast<std::size_t>(years), 0.0);
  for (const Enrollment& e : plan.enrollments) {
    const detail::CProgram& p = cp.programs[static_cast<std::size_t>(e.program)];
    ++used[static_cast<std::size_t>(e.program * years + (e.start - cp.start))];
    for (Year y = e.start; y < e.start + p.duration; ++y)
      spent[static_cast<std::size_t>(y - cp.start)] += p.cost_per_year;
  }

  Explanation ex;
  std::vector<double> seat_price(static_cast<std::size_t>(P * years), 0.0), money_price(static_cast<std::size_t>(years), 0.0);
  // One master for the prices and then every fix: columns carry over.
  optimize::Master m(sc, co, pricer);
  const optimize::IntegerSolution base = m.from_plan(plan);
  optimize::Search search(sc, ctx, co, pricer, m, threads);
  // Shadow prices from the master LP of phase S, over all schedules.
  if (auto lp = search.generate("explain.prices", false)) {
    ex.lp_bound = *lp;
    for (int k = 0; k < P; ++k)
      for (int yi = 0; yi < years; ++yi) {
        const double price = -m.seat_dual(k, yi);
        seat_price[static_cast<std::size_t>(k * years + yi)] = price;
        if (price > 1e-9)
          ex.seat_prices.push_back(SeatPrice{k, cp.start + yi, cp.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)],
                                             used[static_cast<std::size_t>(k * years + yi)], price});
      }
    for (int yi = 0; yi < years; ++yi) {
      const double price = -m.budget_dual(yi);
      money_price[static_cast<std::size_t>(yi)] = price;
      if (price > 1e-9)
        ex.budget_prices.push_back(BudgetPrice{cp.start + yi, cp.budget[static_cast<std::size_t>(yi)], spent[static_cast<std::size_t>(yi)], price});
    }
  }

  const paths::PathGraph graph(sc);
  paths::WhyNotOptions wo;
  wo.threads = threads;
  const paths::WhyNotReport wn = paths::why_not(graph, wo);
  double max_cpy = 1e-9;
  for (const auto& p : cp.programs) max_cpy = std::max(max_cpy, p.cost_per_year);

  std::vector<std::size_t> short_index;  // per explained checkpoint, its index in ev.checkpoints
  for (std::size_t i = 0; i < ev.checkpoints.size(); ++i) {
    const rules::CheckpointResult& r = ev.checkpoints[i];
    if (r.shortfall <= 0) continue;
    CheckpointExplanation ce;
    ce.target = r.target;
    ce.year = r.year;
    ce.required = r.required;
    ce.achieved = r.achieved;
    ce.shortfall = r.shortfall;
    ce.weight = r.weight;
    ce.short_members = r.n - r.achieved;
    const paths::CheckpointWhyNot& w = wn.checkpoints[i];
    if (w.target != r.target || w.year != r.year)
      throw SolveError("internal: why_not and check list checkpoints differently");
    ce.cannot_reach = w.cannot_reach;
    for (const auto& d : w.reasons)
      ce.unreachable.push_back(Unreachable{std::string(paths::to_string(d.reason)), d.count, d.explanation});
    const paths::Goal goal = paths::Goal::of_target(sc, r.target);
    for (int k : graph.programs_towards(goal)) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
      for (int yi = 0; yi < years && cp.start + yi + p.duration - 1 <= r.year; ++yi) {
        const std::size_t at = static_cast<std::size_t>(k * years + yi);
        const std::int64_t cap = p.seats[static_cast<std::size_t>(yi)];
        if (cap > 0 && (used[at] >= cap || seat_price[at] > 1e-9))
          ce.binding_seats.push_back(SeatPrice{k, cp.start + yi, cap, used[at], seat_price[at]});
      }
    }
    for (int yi = 0; yi < years && cp.start + yi <= r.year; ++yi) {
      const double cap = cp.budget[static_cast<std::size_t>(yi)];
      if (std::isfinite(cap) &&
          (spent[static_cast<std::size_t>(yi)] >= cap * (1 - 1e-9) || money_price[static_cast<std::size_t>(yi)] > 1e-9))
        ce.binding_budget.push_back(BudgetPrice{cp.start + yi, cap, spent[static_cast<std::size_t>(yi)],
                                                money_price[static_cast<std::size_t>(yi)]});
    }
    // Members stopped only by programs without seats can be reached with extra seats.
    const std::int64_t beyond_seats = ce.cannot_reach - w.count(paths::Reason::no_seats);
    ce.closable = std::min<std::int64_t>(ce.shortfall, std::max<std::int64_t>(0, ce.short_members - beyond_seats));
    if (ce.closable == 0) ce.note = "no extra seats or money can close it: the members short cannot reach it in time";
    ex.checkpoints.push_back(std::move(ce));
    short_index.push_back(i);
  }

  // The fixes: for each closable checkpoint, the least extra seats (then
  // money, then cost) for a plan that meets it as far as reachable, no other
  // checkpoint worse. The master LP is the bottleneck and CLP runs on one
  // core, so with two threads or more the fixes run in parallel, each on its
  // own copy of the master of the prices above: the same results for any
  // number of threads.
  std::vector<std::size_t> todo;
  for (std::size_t j = 0; j < ex.checkpoints.size(); ++j)
    if (opt.fixes && ex.checkpoints[j].closable > 0) todo.push_back(j);
  // The largest shortfall first: its fix generates the most columns, as a
  // rule, so the workers finish close together (hagiang-2022: the last of 5
  // fixes ready at 0.45-0.48 s instead of 0.58-0.62 s on 2 workers). The
  // order changes no result, only when each is ready.
  std::stable_sort(todo.begin(), todo.end(), [&](std::size_t a, std::size_t b) {
    return ex.checkpoints[a].shortfall > ex.checkpoints[b].shortfall;
  });
  const auto fix = [&](CheckpointExplanation& ce, std::size_t i, optimize::Master& mw, optimize::Search& sw,
                       optimize::SolveContext& cw) {
    const rules::CheckpointResult& r = ev.checkpoints[i];
    optimize::IntegerSolution inc = base;
    std::optional<double> lp_value;
    std::vector<double> upper, penalty;
    for (const auto& c : ev.checkpoints) {
      upper.push_back(static_cast<double>(c.shortfall));
      penalty.push_back(0.0);
    }
    penalty[i] = 1000.0;
    mw.set_shortfall_upper(upper);
    mw.set_shortfall_penalty(penalty);
    auto lp = sw.generate("explain.fix", false);
    std::string log;
    if (lp) {
      lp_value = *lp;
      inc.x.resize(mw.columns().size(), 0.0);  // the columns generated since from_plan: 0
      // The LP rounded (extra seats and money bought as needed) is usually
      // close to the LP: as CBC's incumbent it leaves out the columns that
      // cannot improve on it, which makes CBC's model far smaller.
      if (const optimize::IntegerSolution r = mw.round_and_repair();
          mw.meets_shortfall_upper(r) && mw.value(r) < mw.value(inc) - 1e-9)
        inc = r;
      const auto stop = [&] { return !cw.progress("explain.fix", -1); };
      // The seats (and the penalty on what stays short) are whole, money and
      // cost add less than 0.01: a solution whose whole part is the LP's,
      // rounded up, has the least seats.
      const auto least_seats = [&] { return mw.value(inc) < std::ceil(*lp - 0.01) + 0.01; };
      // RENS first: the LP's own rounding, a problem of a few dozen rows.
      const double share = std::max(0.5, std::min(20.0, 0.25 * cw.remaining()));
      const optimize::IntegerSolution before = inc;  // the full CBC's start (see optimal.cpp)
      if (auto better = mw.solve_rens(inc, std::max(0.5, 0.25 * share), 0.0, stop, log)) inc = *better;
      if (!least_seats()) {
        std::string full;
        if (auto better = mw.solve_mip(before, share, mw.value(before) - *lp + 1e-6, 0.0, stop, full);
            better && mw.value(*better) < mw.value(inc))
          inc = *better;
        log += "; " + full;
      }
      ce.solver_log = log;
    }
    inc.x.resize(mw.columns().size(), 0.0);
    for (auto& [k, yi, n] : mw.extra_seats(inc)) {
      ce.extra_seats.push_back(ExtraSeats{k, cp.start + yi, static_cast<std::int64_t>(n)});
      ce.extra_seat_cost += n * cp.programs[static_cast<std::size_t>(k)].total_cost();
    }
    for (auto& [yi, amount] : mw.extra_budget(inc)) ce.extra_budget.push_back(ExtraBudget{cp.start + yi, amount});
    // The witness: the plan of that solution, checked on the scenario with the extras.
    const Plan witness = optimize::disaggregate(sc, co, mw.columns(), inc.x);
    const Scenario fixed_sc = Scenario::build(with_fix(sc.spec(), ce), sc.roster());
    const rules::Evaluation fe = rules::check(fixed_sc, witness);
    if (!fe.valid)
      throw SolveError(
          "internal: the fix for target " + sc.spec().targets[static_cast<std::size_t>(r.target)].id +
          " gives a plan that breaks a rule: " + (fe.violations.empty() ? "" : fe.violations[0].message));
    const std::int64_t left = fe.checkpoints[i].shortfall;
    for (std::size_t j = 0; j < fe.checkpoints.size(); ++j)
      if (fe.checkpoints[j].shortfall > ev.checkpoints[j].shortfall)
        throw SolveError("internal: the fix for target " + sc.spec().targets[static_cast<std::size_t>(r.target)].id +
                         " leaves another checkpoint further short");
    // The LP value is the seats, plus 1000 per member still short, plus
    // money and cost at weights too small to add up to 0.01 seat: a bound
    // on the seats of any plan that leaves no more short than this one.
    if (lp_value)
      ce.seats_lower_bound = static_cast<std::int64_t>(
          std::max(0.0, std::ceil(*lp_value - 1000.0 * static_cast<double>(left) - 0.01)));
    ce.witness = witness;
    ce.fixed = left <= ce.shortfall - ce.closable;
    ce.extra_cost = fe.C - ev.C;
    if (!ce.fixed) {
      ce.note = "the search found extra seats closing " + std::to_string(ce.shortfall - left) + " of the " +
                std::to_string(ce.closable) + " closable" + (cw.stopped() ? " before the time limit" : "");
    }
  };
  if (!todo.empty() && !ctx.stopped() && ctx.remaining() > 0) {
    m.enable_capacity(1e-6 / max_cpy, 1e-6 / std::max(1.0, ev.C));
    const std::size_t W = std::min<std::size_t>(static_cast<std::size_t>(threads), todo.size());
    // Worker 0 is the calling thread, on ctx; the others have their own
    // clock and stop when the caller's callback has asked to stop (only the
    // calling thread runs that callback).
    struct Worker {
      SolveOptions options;
      SolveReport report;
      std::optional<optimize::SolveContext> ctx;
      std::exception_ptr error;
    };
    std::vector<Worker> workers(W);
    for (std::size_t w = 1; w < W; ++w) {
      Worker& k = workers[w];
      k.options = so;
      k.options.time_limit = std::max(1e-3, ctx.remaining());
      k.options.progress = [&cancelled](const Progress&) { return !cancelled.load(); };
      k.report.threads = 1;
      k.ctx.emplace(k.options, k.report);
    }
    std::atomic<std::size_t> next{0};
    const auto run = [&](std::size_t w) {
      Worker& k = workers[w];
      optimize::SolveContext& cw = w == 0 ? ctx : *k.ctx;
      try {
        for (std::size_t t; (t = next.fetch_add(1)) < todo.size();) {
          CheckpointExplanation& ce = ex.checkpoints[todo[t]];
          if (cw.stopped() || cw.remaining() <= 0 || cancelled.load()) {
            ce.note = "no time left to compute a fix";
            continue;
          }
          // Each fix starts from the same master (a copy of m), so its result
          // does not depend on which worker runs it or on the other fixes.
          optimize::Master mw(m);
          optimize::Search sw(sc, cw, co, pricer, mw, W > 1 ? 1 : threads);
          fix(ce, short_index[todo[t]], mw, sw, cw);
        }
      } catch (...) {
        k.error = std::current_exception();
        cancelled = true;
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < W; ++w) pool.emplace_back(run, w);
    run(0);
    for (auto& th : pool) th.join();
    for (const Worker& k : workers)
      if (k.error) std::rethrow_exception(k.error);
  } else {
    for (const std::size_t j : todo) ex.checkpoints[j].note = "no time left to compute a fix";
  }
  ex.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  return ex;
}

namespace {
std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace

std::string Explanation::text(const Scenario& sc) const {
  std::ostringstream os;
  const auto& progs = sc.spec().programs;
  if (checkpoints.empty()) os << "Every target checkpoint is met.\n";
  for (const auto& ce : checkpoints) {
    os << sc.spec().targets[static_cast<std::size_t>(ce.target)].id << " " << ce.year << ": short by " << ce.shortfall
       << " (required " << ce.required << ", achieved " << ce.achieved << ")\n";
    for (const auto& u : ce.unreachable)
      os << "  - cannot reach in time [" << u.reason << "]: " << u.explanation << "\n";
    if (!ce.binding_seats.empty()) {
      os << "  - seats full:";
      std::size_t shown = 0;
      for (const auto& s : ce.binding_seats) {
        if (shown++ == 8) {
          os << " ...";
          break;
        }
        os << " " << progs[static_cast<std::size_t>(s.program)].id << " " << s.year << " (" << s.used << "/" << s.seats;
        if (s.shadow_price > 1e-9) os << ", a seat is worth " << num(s.shadow_price);
        os << ")";
      }
      os << "\n";
    }
    if (!ce.binding_budget.empty()) {
      os << "  - budget spent:";
      for (const auto& b : ce.binding_budget)
        os << " " << b.year << " (" << num(b.spent) << " of " << num(b.budget) << ")";
      os << "\n";
    }
    if (ce.fixed) {
      os << "  - fix (closes " << ce.closable << "):";
      if (ce.extra_seats.empty() && ce.extra_budget.empty()) os << " none needed";
      for (const auto& e : ce.extra_seats)
        os << " +" << e.seats << " " << progs[static_cast<std::size_t>(e.program)].id << " " << e.year << ";";
      for (const auto& b : ce.extra_budget) os << " +" << num(b.amount) << " budget " << b.year << ";";
      if (!ce.extra_seats.empty()) {
        std::int64_t total = 0;
        for (const auto& e : ce.extra_seats) total += e.seats;
        os << " training on the extra seats costs " << num(ce.extra_seat_cost);
        if (total <= ce.seats_lower_bound)
          os << " (the least number of seats)";
        else if (ce.seats_lower_bound > 0)
          os << " (at least " << ce.seats_lower_bound << " seats are needed)";
        os << ";";
      }
      os << " the plan with the fix costs " << num(ce.extra_cost) << " more in all\n";
    }
    if (!ce.note.empty()) os << "  - " << ce.note << "\n";
  }
  return os.str();
}

}  // namespace cadreplan::explain
