#include "optimize/lagrange.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinPackedMatrix.hpp>
#include <string>
#include <unordered_map>

#include "model/compiled.hpp"

namespace cadreplan::optimize {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The master's linking rows, as both LPs here lay them out: checkpoint i is
/// row i, seats of (program k, year offset y) row seat0 + k * years + y, then
/// the years with a budget cap (budget_row, -1 without one); lo and hi are
/// their bounds.
struct Linking {
  Linking(const detail::Compiled& cp, const CohortSet& co) : cp_(cp), years(cp.years()), seat0(static_cast<int>(co.checkpoints().size())) {
    for (const auto& ck : co.checkpoints()) {
      lo.push_back(static_cast<double>(ck.required));
      hi.push_back(COIN_DBL_MAX);
    }
    for (const auto& p : cp.programs)
      for (int yi = 0; yi < years; ++yi) {
        lo.push_back(-COIN_DBL_MAX);
        hi.push_back(static_cast<double>(p.seats[static_cast<std::size_t>(yi)]));
      }
    budget_row.assign(static_cast<std::size_t>(years), -1);
    for (int t = 0; t < years; ++t)
      if (std::isfinite(cp.budget[static_cast<std::size_t>(t)])) {
        budget_row[static_cast<std::size_t>(t)] = static_cast<int>(lo.size());
        lo.push_back(-COIN_DBL_MAX);
        hi.push_back(cp.budget[static_cast<std::size_t>(t)]);
      }
  }
  /// Calls f(row, coefficient) for one member on @p schedule, which achieves
  /// the checkpoints @p achieved.
  template <class F>
  void each(const Schedule& schedule, const std::vector<int>& achieved, F&& f) const {
    for (int i : achieved) f(i, 1.0);
    for (auto [k, s] : schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      const int yi = s - cp_.start;
      f(seat0 + k * years + yi, 1.0);
      for (int t = yi; t < yi + p.duration && t < years; ++t)
        if (budget_row[static_cast<std::size_t>(t)] >= 0) f(budget_row[static_cast<std::size_t>(t)], p.cost_per_year);
    }
  }
  const detail::Compiled& cp_;
  int years, seat0;
  std::vector<int> budget_row;
  std::vector<double> lo, hi;
};

/// One evaluation's per-cohort results.
struct Pass {
  std::vector<double> value;              // [g] least cost - reward of one member
  std::vector<Schedule> schedule;         // [g] a schedule with that value
  std::vector<std::vector<int>> achieved; // [g] its checkpoints
};

void price_all(const CohortSet& co, const Pricer& pricer, const Prices& prices, int threads, Pass& pass) {
  const std::size_t G = co.size();
  pass.value.assign(G, 0.0);
  pass.schedule.resize(G);
  pass.achieved.resize(G);
  const std::size_t T = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)), G));
  std::vector<Pricer::WorkspacePtr> ws;
  for (std::size_t t = 0; t < T; ++t) ws.push_back(Pricer::make_workspace());
  // Dynamic scheduling in small chunks, as the search's pricing does: a few
  // cohorts have state graphs a hundred times larger than the rest.
  std::atomic<std::size_t> next{0};
  auto worker = [&](Pricer::Workspace& w) {
    constexpr std::size_t kChunk = 8;
    for (std::size_t lo; (lo = next.fetch_add(kChunk)) < G;)
      for (std::size_t g = lo; g < std::min(G, lo + kChunk); ++g) {
        pass.value[g] = pricer.best(g, prices, pass.schedule[g], w);
        pricer.achieved(g, pass.schedule[g], pass.achieved[g]);
      }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < T; ++t) pool.emplace_back(worker, std::ref(*ws[t]));
  worker(*ws[0]);
  for (auto& th : pool) th.join();
}

}  // namespace

namespace {

/// L at the multipliers, with the subgradient's parts.
double evaluate(const Scenario& sc, const CohortSet& co, const Pricer& pricer, const std::vector<double>& reward,
                const std::vector<double>& seat_price, const std::vector<double>& budget_price, int threads,
                Pass& pass, Prices& prices) {
  const detail::Compiled& cp = sc.compiled();
  const int years = cp.years();
  const int P = static_cast<int>(cp.programs.size());
  const auto& cks = co.checkpoints();
  prices.start_cost.assign(static_cast<std::size_t>(P * years), 0.0);
  for (int k = 0; k < P; ++k) {
    const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
    for (int yi = 0; yi < years; ++yi) {
      double c = seat_price[static_cast<std::size_t>(k * years + yi)];
      for (int t = yi; t < yi + p.duration && t < years; ++t) c += budget_price[static_cast<std::size_t>(t)] * p.cost_per_year;
      prices.start_cost[static_cast<std::size_t>(k * years + yi)] = c;
    }
  }
  prices.reward = reward;
  prices.arc_cost.clear();
  prices.cohort_has_arc_cost.clear();
  prices.start_adjust.clear();
  price_all(co, pricer, prices, threads, pass);

  double L = 0.0;
  for (std::size_t i = 0; i < cks.size(); ++i) L += reward[i] * static_cast<double>(cks[i].required);
  for (int k = 0; k < P; ++k)
    for (int yi = 0; yi < years; ++yi) {
      const double u = seat_price[static_cast<std::size_t>(k * years + yi)];
      if (u > 0) L -= u * static_cast<double>(cp.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)]);
    }
  for (int t = 0; t < years; ++t)
    if (budget_price[static_cast<std::size_t>(t)] > 0) L -= budget_price[static_cast<std::size_t>(t)] * cp.budget[static_cast<std::size_t>(t)];
  for (std::size_t g = 0; g < co.size(); ++g) L += static_cast<double>(co.count(g)) * pass.value[g];
  return L;
}

}  // namespace

double lagrangian_value(const Scenario& sc, const CohortSet& co, const Pricer& pricer, const std::vector<double>& reward,
                        const std::vector<double>& seat_price, const std::vector<double>& budget_price, int threads) {
  Pass pass;
  Prices prices;
  return evaluate(sc, co, pricer, reward, seat_price, budget_price, threads, pass, prices);
}

LagrangeResult lagrangian_bound(const Scenario& sc, const CohortSet& co, const Pricer& pricer, const LagrangeOptions& opt) {
  const detail::Compiled& cp = sc.compiled();
  const int years = cp.years();
  const int P = static_cast<int>(cp.programs.size());
  const auto& cks = co.checkpoints();
  const int nI = static_cast<int>(cks.size()), nK = P * years;
  const std::size_t G = co.size();

  // Blocks: the cohorts in the same checkpoints' groups.
  std::vector<int> block_of(G);
  int B = 0;
  {
    std::unordered_map<std::string, int> id;
    std::string key;
    for (std::size_t g = 0; g < G; ++g) {
      key.assign(static_cast<std::size_t>(nI), '0');
      for (int i = 0; i < nI; ++i)
        if (co.member(g, i)) key[static_cast<std::size_t>(i)] = '1';
      auto [it, fresh] = id.emplace(key, B);
      if (fresh) ++B;
      block_of[g] = it->second;
    }
  }

  // The restricted master: the linking rows, then a row per block.
  const Linking link(cp, co);
  std::vector<double> lo = link.lo, hi = link.hi;
  const int seat0 = link.seat0;
  const std::vector<int>& budget_row = link.budget_row;
  const int block0 = static_cast<int>(lo.size());
  for (int b = 0; b < B; ++b) {
    lo.push_back(1.0);
    hi.push_back(1.0);
  }
  ClpSimplex lp;
  lp.setLogLevel(0);
  {
    CoinPackedMatrix m(true, 0, 0);
    m.setDimensions(static_cast<int>(lo.size()), 0);
    std::vector<double> clo, chi, obj;
    for (int i = 0; i < nI; ++i) {
      const double one = 1.0;
      m.appendCol(1, &i, &one);
      clo.push_back(0.0);
      chi.push_back(static_cast<double>(cks[static_cast<std::size_t>(i)].required));
      obj.push_back(cks[static_cast<std::size_t>(i)].weight);
    }
    lp.loadProblem(m, clo.data(), chi.data(), obj.data(), lo.data(), hi.data());
  }
  // A block's column: its members' schedules of one pass, added up.
  std::vector<int> rows;
  std::vector<double> vals;
  std::vector<int> ach;
  // Column nI + c is block col_block[c]'s members on their schedules of
  // passes[col_pass[c]], or (col_pass[c] = -1) as in opt.start.
  std::vector<std::vector<Schedule>> passes;
  std::vector<int> col_pass, col_block;
  // Adds @p members of cohort g on a schedule to its block's dense column.
  auto accumulate = [&](std::vector<double>& d, const Schedule& schedule, const std::vector<int>& achieved, double n) {
    link.each(schedule, achieved, [&](int r, double v) { d[static_cast<std::size_t>(r)] += n * v; });
  };
  // The blocks' dense columns (empty: not added) into the LP, from pass @p pass.
  auto flush = [&](std::vector<std::vector<double>>& dense, int pass) {
    rows.clear();
    vals.clear();
    std::vector<int> starts{0};
    for (int b = 0; b < B; ++b) {
      auto& d = dense[static_cast<std::size_t>(b)];
      if (d.empty()) continue;
      d[static_cast<std::size_t>(block0 + b)] = 1.0;
      col_pass.push_back(pass);
      col_block.push_back(b);
      for (std::size_t r = 0; r < d.size(); ++r)
        if (d[r] != 0) {
          rows.push_back(static_cast<int>(r));
          vals.push_back(d[r]);
        }
      starts.push_back(static_cast<int>(rows.size()));
    }
    const int n = static_cast<int>(starts.size()) - 1;
    const std::vector<double> clo(static_cast<std::size_t>(n), 0.0), chi(static_cast<std::size_t>(n), COIN_DBL_MAX),
        cobj(static_cast<std::size_t>(n), 0.0);
    lp.addColumns(n, clo.data(), chi.data(), cobj.data(), starts.data(), rows.data(), vals.data());
  };
  auto add_columns = [&](const std::vector<Schedule>& schedule, const std::vector<std::vector<int>>& achieved,
                         const std::vector<char>& take) {
    std::vector<std::vector<double>> dense(static_cast<std::size_t>(B));
    for (int b = 0; b < B; ++b)
      if (take[static_cast<std::size_t>(b)]) dense[static_cast<std::size_t>(b)].assign(lo.size(), 0.0);
    for (std::size_t g = 0; g < G; ++g) {
      auto& d = dense[static_cast<std::size_t>(block_of[g])];
      if (!d.empty()) accumulate(d, schedule[g], achieved[g], static_cast<double>(co.count(g)));
    }
    flush(dense, static_cast<int>(passes.size()));
  };
  {
    std::vector<Schedule> empty(G);
    std::vector<std::vector<int>> achieved(G);
    for (std::size_t g = 0; g < G; ++g) pricer.achieved(g, empty[g], achieved[g]);
    add_columns(empty, achieved, std::vector<char>(static_cast<std::size_t>(B), 1));
    passes.push_back(std::move(empty));
  }
  const bool started = opt.start && opt.start->size() == G;
  if (started) {  // a known plan's column per block: the first master is no worse than that plan
    std::vector<std::vector<double>> dense(static_cast<std::size_t>(B), std::vector<double>(lo.size(), 0.0));
    for (std::size_t g = 0; g < G; ++g)
      for (const auto& [schedule, members] : (*opt.start)[g]) {
        pricer.achieved(g, schedule, ach);
        accumulate(dense[static_cast<std::size_t>(block_of[g])], schedule, ach, members);
      }
    flush(dense, -1);
  }

  LagrangeResult out;
  out.bound = -kInf;
  out.blocks = B;
  Pass pass;
  Prices prices;
  std::vector<double> reward(static_cast<std::size_t>(nI)), seat_price(static_cast<std::size_t>(nK)),
      budget_price(static_cast<std::size_t>(years), 0.0);
  bool first = true;
  int solved_columns = 0;
  for (int it = 0; it < opt.max_iterations; ++it) {
    auto t0 = std::chrono::steady_clock::now();
    if (first) {
      ClpSolve o;
      o.setPresolveType(ClpSolve::presolveOn);
      lp.initialSolve(o);
      first = false;
    } else {
      lp.primal();
    }
    if (lp.status() != 0) break;  // cannot happen: the empty columns and the shortfalls are feasible
    solved_columns = lp.numberColumns();
    auto t1 = std::chrono::steady_clock::now();
    out.lp_seconds += std::chrono::duration<double>(t1 - t0).count();
    const double z = lp.objectiveValue();
    out.lp_value = z;
    const double* y = lp.dualRowSolution();
    for (int i = 0; i < nI; ++i) reward[static_cast<std::size_t>(i)] = std::clamp(y[i], 0.0, cks[static_cast<std::size_t>(i)].weight);
    for (int k = 0; k < nK; ++k) seat_price[static_cast<std::size_t>(k)] = std::max(0.0, -y[seat0 + k]);
    for (int t = 0; t < years; ++t)
      budget_price[static_cast<std::size_t>(t)] =
          budget_row[static_cast<std::size_t>(t)] >= 0 ? std::max(0.0, -y[budget_row[static_cast<std::size_t>(t)]]) : 0.0;
    const double L =
        evaluate(sc, co, pricer, reward, seat_price, budget_price, opt.threads, pass, prices);
    ++out.iterations;
    out.pricing_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    if (L > out.bound) {
      out.bound = L;
      out.reward = reward;
      out.seat_price = seat_price;
      out.budget_price = budget_price;
    }
    if (opt.keep_going && !opt.keep_going(out.iterations, L, out.bound, z)) break;
    if (out.bound >= z - opt.tolerance * std::max(1.0, std::abs(z))) {
      out.converged = true;
      break;
    }
    // Blocks whose pass solution has a negative reduced cost in the master.
    std::vector<double> value(static_cast<std::size_t>(B), 0.0);
    for (std::size_t g = 0; g < G; ++g) value[static_cast<std::size_t>(block_of[g])] += static_cast<double>(co.count(g)) * pass.value[g];
    std::vector<char> take(static_cast<std::size_t>(B), 0);
    int added = 0;
    for (int b = 0; b < B; ++b)
      if (value[static_cast<std::size_t>(b)] - y[block0 + b] < -1e-9 * std::max(1.0, std::abs(z))) {
        take[static_cast<std::size_t>(b)] = 1;
        ++added;
      }
    if (added == 0) {
      out.converged = true;
      break;
    }
    add_columns(pass.schedule, pass.achieved, take);
    passes.push_back(std::move(pass.schedule));
  }
  // The last restricted master's solution, cohort by cohort.
  if (solved_columns > 0) {
    std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(B));
    for (std::size_t g = 0; g < G; ++g) members[static_cast<std::size_t>(block_of[g])].push_back(g);
    out.primal.assign(G, {});
    const double* x = lp.primalColumnSolution();
    for (int c = 0; c + nI < solved_columns; ++c) {
      const double xc = x[nI + c];
      if (xc <= 1e-9) continue;
      const int pass = col_pass[static_cast<std::size_t>(c)];
      for (std::size_t g : members[static_cast<std::size_t>(col_block[static_cast<std::size_t>(c)])]) {
        if (pass >= 0) {
          out.primal[g].emplace_back(passes[static_cast<std::size_t>(pass)][g], xc * static_cast<double>(co.count(g)));
        } else {
          for (const auto& [schedule, members_on] : (*opt.start)[g]) out.primal[g].emplace_back(schedule, xc * members_on);
        }
      }
    }
  }
  return out;
}

bool basic_solution(const Scenario& sc, const CohortSet& co, const Pricer& pricer,
                    std::vector<std::vector<std::pair<Schedule, double>>>& primal, std::string* log, double seconds) {
  const detail::Compiled& cp = sc.compiled();
  const auto& cks = co.checkpoints();
  const int nI = static_cast<int>(cks.size());
  const std::size_t G = co.size();
  if (primal.size() != G) return false;
  // Each cohort's schedules once (passes repeat them), the empty one added.
  std::vector<std::size_t> split;
  for (std::size_t g = 0; g < G; ++g) {
    auto& v = primal[g];
    std::vector<std::pair<Schedule, double>> merged;
    for (auto& entry : v) {
      const Schedule& sch = entry.first;
      auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& e) { return e.first == sch; });
      if (it == merged.end())
        merged.push_back(std::move(entry));
      else
        it->second += entry.second;
    }
    v = std::move(merged);
    if (v.size() > 1) {
      split.push_back(g);
      if (std::none_of(v.begin(), v.end(), [](const auto& e) { return e.first.items.empty(); }))
        v.emplace_back(Schedule{}, 0.0);
    }
  }
  // Rows: the linking rows (the fixed cohorts' use taken off their bounds),
  // then one per split cohort.
  const Linking link(cp, co);
  std::vector<double> lo = link.lo, hi = link.hi;
  const int linking = static_cast<int>(lo.size());
  std::vector<int> ach;
  auto coefficients = [&](std::size_t g, const Schedule& sch, std::vector<int>& rows, std::vector<double>& vals) {
    pricer.achieved(g, sch, ach);
    link.each(sch, ach, [&](int r, double v) {
      rows.push_back(r);
      vals.push_back(v);
    });
  };
  {
    std::vector<double> fixed(static_cast<std::size_t>(linking), 0.0);
    std::vector<int> rows;
    std::vector<double> vals;
    for (std::size_t g = 0; g < G; ++g) {
      if (primal[g].size() != 1) continue;
      rows.clear();
      vals.clear();
      coefficients(g, primal[g][0].first, rows, vals);
      for (std::size_t e = 0; e < rows.size(); ++e) fixed[static_cast<std::size_t>(rows[e])] += vals[e] * primal[g][0].second;
    }
    for (int r = 0; r < linking; ++r) {
      if (lo[static_cast<std::size_t>(r)] > -COIN_DBL_MAX) lo[static_cast<std::size_t>(r)] -= fixed[static_cast<std::size_t>(r)];
      if (hi[static_cast<std::size_t>(r)] < COIN_DBL_MAX) hi[static_cast<std::size_t>(r)] -= fixed[static_cast<std::size_t>(r)];
    }
  }
  for (std::size_t g : split) {
    const double n = static_cast<double>(co.count(g));
    lo.push_back(n);
    hi.push_back(n);
  }
  // Columns: the shortfalls, then the split cohorts' schedules.
  std::vector<int> starts{0}, rows;
  std::vector<double> vals, clo, chi, obj, x;
  for (int i = 0; i < nI; ++i) {
    rows.push_back(i);
    vals.push_back(1.0);
    starts.push_back(static_cast<int>(rows.size()));
    clo.push_back(0.0);
    chi.push_back(static_cast<double>(cks[static_cast<std::size_t>(i)].required));
    obj.push_back(cks[static_cast<std::size_t>(i)].weight);
    x.push_back(0.0);
  }
  for (std::size_t q = 0; q < split.size(); ++q)
    for (const auto& [sch, m] : primal[split[q]]) {
      coefficients(split[q], sch, rows, vals);
      rows.push_back(linking + static_cast<int>(q));
      vals.push_back(1.0);
      starts.push_back(static_cast<int>(rows.size()));
      clo.push_back(0.0);
      chi.push_back(COIN_DBL_MAX);
      obj.push_back(0.0);
      x.push_back(m);
    }
  ClpSimplex lp;
  lp.setLogLevel(0);
  const int ncols = static_cast<int>(starts.size()) - 1;
  lp.loadProblem(ncols, static_cast<int>(lo.size()), starts.data(), rows.data(), vals.data(), clo.data(), chi.data(),
                 obj.data(), lo.data(), hi.data());
  // The shortfalls that make the given solution feasible, then CLP's values
  // pass: from that solution to a basic one, no worse.
  {
    std::vector<double> activity(lo.size(), 0.0);
    lp.matrix()->times(x.data(), activity.data());
    for (int i = 0; i < nI; ++i)
      x[static_cast<std::size_t>(i)] = std::clamp(lo[static_cast<std::size_t>(i)] - activity[static_cast<std::size_t>(i)], 0.0,
                                                  chi[static_cast<std::size_t>(i)]);
  }
  lp.setColSolution(x.data());
  if (seconds > 0) lp.setMaximumWallSeconds(seconds);
  lp.primal(1);
  if (log)
    *log = std::to_string(split.size()) + " cohorts on more than one schedule, " + std::to_string(ncols - nI) +
           " schedules; CLP " + std::to_string(lp.numberIterations()) + " iterations, status " +
           std::to_string(lp.status());
  if (lp.status() != 0) return false;
  const double* sol = lp.primalColumnSolution();
  int c = nI;
  for (std::size_t g : split) {
    std::vector<std::pair<Schedule, double>> kept;
    for (auto& [sch, m] : primal[g]) {
      const double v = sol[c++];
      if (v > 1e-9) kept.emplace_back(std::move(sch), v);
    }
    primal[g] = std::move(kept);
  }
  return true;
}

}  // namespace cadreplan::optimize
