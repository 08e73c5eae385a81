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
#include <cmath>
#include <limits>
#include <sstream>
#include <thread>

#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/compact.hpp"
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

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Node {
  std::vector<Branch> branches;
  double bound = -kInf;  // inherited from the parent until solved
};

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
      lp_time_ += ctx_.seconds() - t0;
      dual = false;
      if (!v) return std::nullopt;
      master_.prices(prices_);
      t0 = ctx_.seconds();
      price(full);
      price_time_ += ctx_.seconds() - t0;
      ++rounds_;
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
                         std::to_string(nodes_) + " nodes, " + std::to_string(master_.columns().size()) + " columns, LP " + fmt(*v)))
        return std::nullopt;
      if (added == 0 && full) return v;
      full = added == 0;
    }
  }

  /// The node's LP value, solving a feasibility problem first when the
  /// restricted master is infeasible. nullopt: infeasible or stopped.
  std::optional<double> solve_node(const std::string& phase, const Node& node, bool& infeasible) {
    infeasible = false;
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
    std::vector<Node> open{Node{}};
    best_value_ = value(inc);
    lower_bound_ = -1;
    lower_bound = -kInf;
    bool finished = true;
    bool diving = true;
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
      if (value(r) < value(inc) - 1e-9 || (value(r) <= value(inc) + 1e-9 && r.C < inc.C - 1e-9 && r.S <= inc.S + 1e-9)) {
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
              (score >= arc_score - 1e-9 && std::tie(a.year, a.cohort, a.program, a.key) < std::tie(arc->year, arc->cohort, arc->program, arc->key))) {
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
    lower_bound = finished ? value(inc) : std::max(lower_bound, lb);
    master_.set_branches({});
    return finished;
  }

  void pad(IntegerSolution& s) const { s.x.resize(master_.columns().size(), 0.0); }
  void set_s_star(double s) { s_star_ = s; }
  std::size_t nodes() const { return nodes_; }
  std::size_t rounds() const { return rounds_; }
  double lp_time() const { return lp_time_; }
  double price_time() const { return price_time_; }

 private:
  /// Prices every cohort (full) or the active ones; up to kExtraColumns more
  /// schedules per cohort with a negative reduced cost.
  void price(bool full) {
    static constexpr std::size_t kExtraColumns = 0;
    const std::size_t G = co_.size();
    auto work = [&](std::size_t lo, std::size_t hi, Pricer::Workspace& w) {
      for (std::size_t g = lo; g < hi; ++g) {
        more_[g].clear();
        if (!full && !active_[g]) continue;
        const double dual = master_.cohort_dual(static_cast<int>(g));
        rc_[g] = pricer_.best(g, prices_, found_[g], w, kExtraColumns, dual - 1e-7, more_[g]) - dual;
      }
    };
    if (threads_ <= 1 || G < 64) {
      work(0, G, *ws_[0]);
      return;
    }
    std::vector<std::thread> pool;
    const auto T = static_cast<std::size_t>(threads_);
    for (std::size_t i = 0; i < T; ++i) pool.emplace_back(work, G * i / T, G * (i + 1) / T, std::ref(*ws_[i]));
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
  std::vector<Schedule> found_;
  std::vector<std::vector<std::pair<double, Schedule>>> more_;
  std::vector<double> rc_;
  std::vector<char> active_;
  Prices prices_;
  double best_value_ = -1, lower_bound_ = -1, s_star_ = kInf;
  std::size_t nodes_ = 0, rounds_ = 0;
  double lp_time_ = 0, price_time_ = 0;
};

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
    for (auto& [k, v] : opt.settings) {
      if (k == "optimal.cost_phase") {
        if (v != "on" && v != "off") throw OptionsError("optimal.cost_phase must be 'on' or 'off' (got '" + v + "')");
        cost_phase = v == "on";
      } else if (k == "optimal.cost_gap") {
        char* end = nullptr;
        cost_gap = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || !(cost_gap >= 0) || cost_gap > 1)
          throw OptionsError("optimal.cost_gap must be a number in [0, 1] (got '" + v + "')");
      }
    }
    const int threads = report.threads;

    double t = ctx.seconds();
    CohortSet co(sc, threads);
    Pricer pricer(sc, co);
    report.timings["aggregate"] = ctx.seconds() - t;
    ctx.record("cohorts", std::to_string(co.size()) + " cohorts for " + std::to_string(sc.roster().size()) + " cadres");

    Master master(sc, co, pricer);
    Search search(sc, ctx, co, pricer, master, threads);
    // A plan as an integer solution over the master's columns (each cadre's
    // schedule a column of its cohort), scored by the cohort model and checked
    // against rules::check (an internal consistency test).
    auto to_solution = [&](const Plan& plan, const char* what) {
      std::vector<Schedule> per_cadre(sc.roster().size());
      for (const Enrollment& e : plan.enrollments) per_cadre[static_cast<std::size_t>(e.cadre)].items.emplace_back(e.program, e.start);
      std::vector<int> col(per_cadre.size());
      for (std::size_t c = 0; c < per_cadre.size(); ++c) {
        auto& s = per_cadre[c];
        std::sort(s.items.begin(), s.items.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second < b.second : a.first < b.first; });
        col[c] = master.add(static_cast<int>(co.cohort_of(c)), std::move(s));
      }
      IntegerSolution sol;
      sol.x.assign(master.columns().size(), 0.0);
      for (int j : col) sol.x[static_cast<std::size_t>(j)] += 1;
      master.score(sol);
      const rules::Evaluation ev = rules::check(sc, plan);
      if (!ev.valid || std::abs(ev.S - sol.S) > 1e-6 || std::abs(ev.C - sol.C) > 1e-6 * std::max(1.0, ev.C))
        throw SolveError(std::string("internal: the cohort model scores the ") + what + " plan S=" + fmt(sol.S) + " C=" + fmt(sol.C) +
                         " but rules::check says S=" + fmt(ev.S) + " C=" + fmt(ev.C) + (ev.valid ? "" : " (invalid)"));
      return sol;
    };
    auto better = [](const IntegerSolution& a, const IntegerSolution& b) {
      return a.S < b.S - 1e-9 || (a.S <= b.S + 1e-9 && a.C < b.C - 1e-9);
    };
    // Incumbents: the greedy and flow plans.
    t = ctx.seconds();
    IntegerSolution inc;
    for (const char* warm : {"greedy", "flow"}) {
      SolveOptions wopt;
      wopt.strategy = warm;
      wopt.time_limit = std::max(1.0, ctx.remaining());
      SolveReport wrep;
      wrep.threads = 1;
      const Plan p = make_strategy(warm)->solve(sc, wopt, wrep);
      IntegerSolution s = to_solution(p, warm);
      ctx.record(std::string("incumbent.") + warm, "S = " + fmt(s.S) + ", C = " + fmt(s.C));
      for (auto& sol : {&inc}) sol->x.resize(master.columns().size(), 0.0);
      if (inc.x.empty() || std::all_of(inc.x.begin(), inc.x.end(), [](double v) { return v == 0; }) || better(s, inc)) inc = s;
    }
    report.timings["warm_start"] = ctx.seconds() - t;

    bool integral = true;
    for (const auto& ck : co.checkpoints()) integral = integral && ck.weight == std::floor(ck.weight);

    // Phase S.
    t = ctx.seconds();
    double lower_s = 0;
    auto stop = [&] { return !ctx.progress("mip", -1); };
    // CBC over the root's columns, isolated in a child process, for a share of the time.
    auto cbc = [&](IntegerSolution& best, double bound, double share, double gap, const char* name) {
      const double secs = std::max(0.5, share * ctx.remaining());
      const double rc_cut = (master.cost_phase() ? best.C : best.S) - bound + 1e-6;
      std::string log;
      const double t0 = ctx.seconds();
      auto r = master.solve_mip(best, secs, rc_cut, gap, stop, log);
      report.timings[name] += ctx.seconds() - t0;
      if (r && (master.cost_phase() ? (r->C < best.C - 1e-9 && r->S <= best.S + 1e-9) : (r->S < best.S - 1e-9))) {
        best = *r;
        log += ", improved to S = " + fmt(best.S) + ", C = " + fmt(best.C);
      }
      ctx.record(name, log);
    };
    // The compact model, for instances small enough for CBC to close (see compact.hpp).
    std::optional<CompactModel> compact;
    std::size_t compact_limit = 60000;
    for (auto& [k, v] : opt.settings)
      if (k == "optimal.compact_limit") {
        char* end = nullptr;
        const long long lim = std::strtoll(v.c_str(), &end, 10);
        if (end == v.c_str() || *end != '\0' || lim < 0) throw OptionsError("optimal.compact_limit must be a whole number >= 0 (got '" + v + "')");
        compact_limit = static_cast<std::size_t>(lim);
      }
    auto exact = [&](IntegerSolution& best, double share, double gap, const char* name) -> std::optional<double> {
      if (compact_limit == 0) return std::nullopt;
      if (!compact) {
        const double t0 = ctx.seconds();
        compact.emplace(sc, co, pricer);
        report.timings["compact.build"] += ctx.seconds() - t0;
        ctx.record("compact", std::to_string(compact->candidates()) + " candidate enrollments, " + std::to_string(compact->rows()) + " rows");
      }
      if (compact->candidates() > compact_limit) return std::nullopt;
      const double t0 = ctx.seconds();
      const bool cost = master.cost_phase();
      Plan start = disaggregate(sc, co, master.columns(), best.x);
      auto r = compact->solve(cost, best.S + 1e-6, start, cost ? best.C : best.S, std::max(0.5, share * ctx.remaining()), gap, stop);
      report.timings[name] += ctx.seconds() - t0;
      if (r.plan) {
        IntegerSolution s = to_solution(*r.plan, name);
        if (cost ? (s.S <= best.S + 1e-9 && s.C < best.C - 1e-9) : better(s, best)) {
          best = s;
          r.log += ", improved to S = " + fmt(best.S) + ", C = " + fmt(best.C);
        }
      }
      ctx.record(name, r.log);
      if (!r.proven) return std::nullopt;
      return cost ? best.C : best.S;  // CBC proved nothing better exists
    };
    const double s_deadline = ctx.seconds() + (cost_phase ? 0.6 : 1.0) * ctx.remaining();
    const bool done_s = search.run(
        "S", inc, [](const IntegerSolution& s) { return s.S; },
        [&](double z) { return integral ? std::ceil(z - 1e-6) : z; },
        [&](double bound, double best) { return bound >= best - (integral ? 0.5 : 1e-9); },
        [&](IntegerSolution& best, double bound) -> std::optional<double> {
          cbc(best, bound, 0.2, 0.0, "mip.S");
          if (best.S <= (integral ? std::ceil(bound - 1e-6) : bound) + 1e-9) return std::nullopt;
          return exact(best, 0.5, 0.0, "compact.S");
        },
        s_deadline, lower_s);
    search.pad(inc);
    report.timings["phase_S"] = ctx.seconds() - t;
    report.lower_bound = std::min(std::max(0.0, lower_s), inc.S);
    const bool s_proven = done_s && inc.S <= *report.lower_bound + 1e-9;
    ctx.record("phase_S", "S = " + fmt(inc.S) + ", bound " + fmt(*report.lower_bound) + ", " + std::to_string(search.nodes()) +
                              " nodes" + (s_proven ? " (proven)" : ""));

    // Phase C: least cost at that S.
    bool c_proven = false;
    if (cost_phase && !ctx.stopped() && ctx.remaining() > 0) {
      t = ctx.seconds();
      const std::size_t nodes_before = search.nodes();
      master.enter_cost_phase(inc.S + 1e-6);
      search.set_s_star(inc.S);
      double lower_c = 0;
      const bool done_c = search.run(
          "C", inc, [](const IntegerSolution& s) { return s.C; }, [](double z) { return z; },
          [&](double bound, double best) { return bound >= best - cost_gap * std::max(1.0, best); },
          [&](IntegerSolution& best, double bound) -> std::optional<double> {
            cbc(best, bound, 0.3, cost_gap, "mip.C");
            if (best.C - bound <= cost_gap * std::max(1.0, best.C)) return std::nullopt;
            return exact(best, 0.7, cost_gap, "compact.C");
          },
          ctx.seconds() + ctx.remaining(), lower_c);
      search.pad(inc);
      report.timings["phase_C"] = ctx.seconds() - t;
      if (s_proven) {
        report.cost_lower_bound = std::min(lower_c, inc.C);
        c_proven = done_c;
      }
      ctx.record("phase_C", "C = " + fmt(inc.C) + ", bound " + fmt(lower_c) + ", " + std::to_string(search.nodes() - nodes_before) +
                                " nodes" + (done_c ? " (within " + fmt(cost_gap) + ")" : ""));
    }
    report.timings["lp"] = search.lp_time();
    report.timings["pricing"] = search.price_time();
    ctx.record("columns", std::to_string(master.columns().size()) + " in " + std::to_string(search.rounds()) + " pricing rounds");
    if (!opt.write_mps.empty()) master.write_mps(opt.write_mps);

    t = ctx.seconds();
    Plan plan = disaggregate(sc, co, master.columns(), inc.x);
    report.timings["disaggregate"] = ctx.seconds() - t;
    if (!ctx.stopped()) report.status = (s_proven && (c_proven || !cost_phase)) ? SolveStatus::optimal : SolveStatus::feasible;
    return plan;
  }
};

}  // namespace

std::unique_ptr<Strategy> make_optimal() { return std::make_unique<Optimal>(); }

}  // namespace cadreplan::optimize
