// THE implementation of rules 1-9 and the scoring of SCENARIO-FORMAT.md.
#include "cadreplan/rules/check.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <numeric>
#include <sstream>
#include <tuple>

#include "core/parallel.hpp"
#include "model/compiled.hpp"
#include "rules/state.hpp"

namespace cadreplan::rules {

std::string Evaluation::brief() const {
  std::ostringstream os;
  if (valid)
    os << "valid";
  else
    os << "invalid (" << violation_count << (violation_count == 1 ? " violation)" : " violations)");
  os << ", S = " << S << ", C = " << C;
  return os.str();
}

namespace {

struct Ctx {
  const Scenario& sc;
  const detail::Compiled& cp;
  const Roster& r;
  const Plan& plan;
  const CheckOptions& opt;
  Evaluation& ev;

  void violate(int rule, std::int64_t row, std::int32_t cadre, std::int32_t program, Year year, std::string msg) {
    ev.valid = false;
    ++ev.violation_count;
    if (ev.violations.size() >= opt.max_violations) return;
    Violation v;
    v.rule = rule;
    v.row = row;
    if (row >= 0 && static_cast<std::size_t>(row) < plan.source_line.size())
      v.line = plan.source_line[static_cast<std::size_t>(row)];
    v.cadre = cadre;
    v.program = program;
    v.year = year;
    v.message = std::move(msg);
    ev.violations.push_back(std::move(v));
  }
  std::string cadre_name(std::size_t row) const { return "cadre '" + plan.cadre_id(sc, row) + "'"; }
  std::string program_name(int k) const { return "program '" + sc.spec().programs[static_cast<std::size_t>(k)].id + "'"; }
  std::string level_name(int l, int v) const {
    return sc.spec().ladders[static_cast<std::size_t>(l)].name + " '" +
           sc.spec().ladders[static_cast<std::size_t>(l)].levels[static_cast<std::size_t>(v)] + "'";
  }
};

/// Sorts @p n rows at @p a by key(row), ties in their order. A cadre has a
/// few rows: insertion sort, without the buffer std::stable_sort allocates
/// (45 of 232 ms of the check at 1,000,000 cadres); std::stable_sort for
/// the odd plan that gives one cadre many rows.
template <class Key>
void stable_sort_small(std::size_t* a, std::size_t n, const Key& key) {
  if (n > 32) {
    std::stable_sort(a, a + n, [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
    return;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const std::size_t v = a[i];
    const auto k = key(v);
    std::size_t j = i;
    for (; j > 0 && key(a[j - 1]) > k; --j) a[j] = a[j - 1];
    a[j] = v;
  }
}

}  // namespace

Evaluation check(const Scenario& sc, const Plan& plan, const CheckOptions& opt) {
  Evaluation ev;
  Ctx x{sc, sc.compiled(), sc.roster(), plan, opt, ev};
  const detail::Compiled& cp = x.cp;
  const Roster& r = x.r;
  const std::size_t n = r.size();
  const std::size_t rows = plan.size();
  const auto& E = plan.enrollments;

  // Rule 6 and the cost of every enrollment whose cadre and program exist.
  std::vector<char> known(rows, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    const Enrollment& e = E[i];
    const bool cadre_ok = e.cadre >= 0 && static_cast<std::size_t>(e.cadre) < n;
    const bool prog_ok = e.program >= 0 && static_cast<std::size_t>(e.program) < cp.programs.size();
    if (!cadre_ok)
      x.violate(6, static_cast<std::int64_t>(i), -1, prog_ok ? e.program : -1, e.start,
                "unknown cadre '" + plan.cadre_id(sc, i) + "' (not in the roster)");
    if (!prog_ok)
      x.violate(6, static_cast<std::int64_t>(i), cadre_ok ? e.cadre : -1, -1, e.start,
                "unknown program '" + plan.program_id(sc, i) + "'");
    known[i] = cadre_ok && prog_ok;
    // An enrollment naming an unknown cadre or program counts for nothing else
    // (no cost, seat, budget or grant): see check.hpp.
    if (known[i]) ev.C += cp.programs[static_cast<std::size_t>(e.program)].total_cost();
  }

  const std::size_t nt = n < kParallelCheckCadres ? 1 : detail::thread_count(opt.threads);
  auto parallel = [&](std::size_t parts, const auto& part) { detail::parallel_for(parts, nt, part); };

  // Per-enrollment rules 1-5 and per-cadre rule 7, cadre by cadre: the rows
  // of each cadre (a counting sort by cadre keeps the plan's order), by start
  // year, ties in the plan's order.
  std::vector<std::uint32_t> first(n + 1, 0);  // the cadre's rows are by_cadre[first[c], first[c+1])
  for (std::size_t i = 0; i < rows; ++i)
    if (known[i]) ++first[static_cast<std::size_t>(E[i].cadre) + 1];
  for (std::size_t c = 0; c < n; ++c) first[c + 1] += first[c];
  std::vector<std::size_t> by_cadre(first[n]);
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < rows; ++i)
      if (known[i]) by_cadre[fill[static_cast<std::size_t>(E[i].cadre)]++] = i;
  }
  // Cadres [lo, hi), reporting into @p out (a part's own Evaluation).
  auto cadres = [&](std::size_t c_lo, std::size_t c_hi, Evaluation& out) {
    Ctx xp{sc, cp, r, plan, opt, out};
    std::vector<std::size_t> by_end;
    std::vector<int> level(cp.ladder_size.size());
    std::vector<std::pair<Year, int>> events;
    for (std::size_t cu = c_lo; cu < c_hi; ++cu) {
      const std::size_t lo = first[cu], hi = first[cu + 1];
      if (lo == hi) continue;
      const auto c = static_cast<std::int32_t>(cu);
      stable_sort_small(by_cadre.data() + lo, hi - lo, [&](std::size_t a) { return E[a].start; });
      // Levels at the start of each start year: roster raised by completions <= s-1.
      by_end.assign(by_cadre.begin() + static_cast<std::ptrdiff_t>(lo), by_cadre.begin() + static_cast<std::ptrdiff_t>(hi));
      stable_sort_small(by_end.data(), by_end.size(), [&](std::size_t a) { return completion_year(cp, E[a]); });
      for (std::size_t l = 0; l < level.size(); ++l) level[l] = r.level[l][cu];
      std::size_t done = 0;
      const Year last_active = cp.last_active_year(r, cu);
      for (std::size_t j = lo; j < hi; ++j) {
        const std::size_t i = by_cadre[j];
        const Enrollment& e = E[i];
        const detail::CProgram& p = cp.programs[static_cast<std::size_t>(e.program)];
        const Year s = e.start, end = completion_year(cp, e);
        while (done < by_end.size() && completion_year(cp, E[by_end[done]]) <= s - 1) {
          const detail::CProgram& q = cp.programs[static_cast<std::size_t>(E[by_end[done]].program)];
          if (q.ladder >= 0) level[static_cast<std::size_t>(q.ladder)] = std::max(level[static_cast<std::size_t>(q.ladder)], q.level);
          ++done;
        }
        const auto row = static_cast<std::int64_t>(i);
        const unsigned broken = broken_rules(cp, r, cu, e.program, s, level.data());
        if (broken == 0) continue;
        if (broken & (1u << 1))
          xp.violate(1, row, c, e.program, s,
                     xp.cadre_name(i) + ", " + xp.program_name(e.program) + " " + std::to_string(s) + "-" + std::to_string(end) +
                         ": not inside the horizon " + std::to_string(cp.start) + "-" + std::to_string(cp.end));
        if (broken & (1u << 2))
          xp.violate(2, row, c, e.program, s,
                     xp.cadre_name(i) + " is not active through " + std::to_string(static_cast<long long>(end) + p.min_service) +
                         " (retires after " + std::to_string(last_active) + ") for " + xp.program_name(e.program) + " starting " +
                         std::to_string(s));
        if (broken & (1u << 3))
          xp.violate(3, row, c, e.program, s,
                     xp.cadre_name(i) + " is not eligible for " + xp.program_name(e.program) + " in " + std::to_string(s));
        if (broken & (1u << 4))
          for (auto [l, v] : p.requires_)
            if (level[static_cast<std::size_t>(l)] < v)
              xp.violate(4, row, c, e.program, s,
                         xp.cadre_name(i) + " lacks " + xp.level_name(l, v) + " at the start of " + std::to_string(s) + " for " +
                             xp.program_name(e.program) + " (has " + xp.level_name(l, level[static_cast<std::size_t>(l)]) + ")");
        if (broken & (1u << 5))
          xp.violate(5, row, c, e.program, s,
                     xp.cadre_name(i) + " already holds " + xp.level_name(p.ladder, level[static_cast<std::size_t>(p.ladder)]) +
                         " at the start of " + std::to_string(s) + ": " + xp.program_name(e.program) + " cannot raise it");
      }
      // Rule 7: occupancy per year.
      events.clear();
      for (std::size_t j = lo; j < hi; ++j) {
        const Enrollment& e = E[by_cadre[j]];
        events.emplace_back(e.start, +1);
        events.emplace_back(completion_year(cp, e) + 1, -1);
      }
      std::sort(events.begin(), events.end());
      int load = 0;
      for (std::size_t a = 0; a < events.size();) {
        const Year y = events[a].first;
        while (a < events.size() && events[a].first == y) load += events[a++].second;
        if (load > cp.max_concurrent) {
          const Year until = a < events.size() ? events[a].first - 1 : y;
          for (Year yy = y; yy <= until; ++yy)
            xp.violate(7, -1, c, -1, yy,
                       "cadre '" + r.id[cu] + "' is in " + std::to_string(load) + " programs in " + std::to_string(yy) +
                           " (max_concurrent_programs = " + std::to_string(cp.max_concurrent) + ")");
        }
      }
    }
  };
  {
    // Parts of about equal numbers of rows, on cadre boundaries; their
    // violations are appended in cadre order, as one pass would find them.
    const std::size_t parts = nt <= 1 ? 1 : 4 * nt;
    std::vector<std::size_t> bound(parts + 1, n);
    bound[0] = 0;
    for (std::size_t q = 1; q < parts; ++q)
      bound[q] = static_cast<std::size_t>(
          std::lower_bound(first.begin(), first.end(), static_cast<std::uint32_t>(by_cadre.size() * q / parts)) - first.begin());
    for (std::size_t q = 1; q <= parts; ++q) bound[q] = std::min(n, std::max(bound[q], bound[q - 1]));
    std::vector<Evaluation> found(parts);
    parallel(parts, [&](std::size_t q) { cadres(bound[q], bound[q + 1], found[q]); });
    for (Evaluation& f : found) {
      if (!f.valid) ev.valid = false;
      ev.violation_count += f.violation_count;
      for (Violation& v : f.violations) {
        if (ev.violations.size() >= opt.max_violations) break;
        ev.violations.push_back(std::move(v));
      }
    }
  }

  // Rules 8 (seats per program and start year) and 9 (budget per year): the
  // starts per (program, year) and the spending per year, in that order.
  std::vector<std::tuple<int, Year, std::int64_t>> starts;
  std::vector<std::pair<Year, double>> spend;
  {
    long long lo = LLONG_MAX, hi = LLONG_MIN;  // the years the known rows start or run in
    for (std::size_t i = 0; i < rows; ++i)
      if (known[i]) {
        lo = std::min<long long>(lo, E[i].start);
        hi = std::max<long long>(hi, static_cast<long long>(completion_year(cp, E[i])));
      }
    const std::size_t P = cp.programs.size();
    if (lo <= hi && hi - lo < (1 << 16)) {
      // Arrays over those years (a plan within or near the horizon).
      const auto Y = static_cast<std::size_t>(hi - lo + 1);
      std::vector<std::int64_t> count(P * Y, 0);
      std::vector<double> amount(Y, 0.0);
      std::vector<char> spent(Y, 0);
      for (std::size_t i = 0; i < rows; ++i) {
        if (!known[i]) continue;
        const Enrollment& e = E[i];
        const auto y0 = static_cast<std::size_t>(e.start - lo);
        ++count[static_cast<std::size_t>(e.program) * Y + y0];
        const detail::CProgram& p = cp.programs[static_cast<std::size_t>(e.program)];
        for (std::size_t y = y0; y < y0 + static_cast<std::size_t>(p.duration); ++y) {
          amount[y] += p.cost_per_year;
          spent[y] = 1;
        }
      }
      for (std::size_t k = 0; k < P; ++k)
        for (std::size_t y = 0; y < Y; ++y)
          if (count[k * Y + y] > 0) starts.emplace_back(static_cast<int>(k), static_cast<Year>(lo + static_cast<long long>(y)), count[k * Y + y]);
      for (std::size_t y = 0; y < Y; ++y)
        if (spent[y]) spend.emplace_back(static_cast<Year>(lo + static_cast<long long>(y)), amount[y]);
    } else if (lo <= hi) {
      // Years far apart (a plan with stray years): ordered maps.
      std::map<std::pair<int, Year>, std::int64_t> count;
      std::map<Year, double> amount;
      for (std::size_t i = 0; i < rows; ++i) {
        if (!known[i]) continue;
        const Enrollment& e = E[i];
        ++count[{e.program, e.start}];
        const detail::CProgram& p = cp.programs[static_cast<std::size_t>(e.program)];
        for (Year y = e.start; y < e.start + p.duration; ++y) amount[y] += p.cost_per_year;
      }
      for (const auto& [key, c] : count) starts.emplace_back(key.first, key.second, c);
      spend.assign(amount.begin(), amount.end());
    }
  }
  for (const auto& [k, year, count] : starts) {
    const std::int64_t cap = cp.seats(k, year);
    if (count > cap)
      x.violate(8, -1, -1, k, year,
                x.program_name(k) + " starts " + std::to_string(count) + " cadres in " + std::to_string(year) +
                    " but has " + std::to_string(cap) + " seats");
  }
  for (const auto& [y, amount] : spend) {
    const double cap = cp.budget_at(y);
    if (!within_budget(amount, cap)) {
      std::ostringstream os;
      os << "spending in " << y << " is " << amount << ", above the budget of " << cap;
      x.violate(9, -1, -1, -1, y, os.str());
    }
  }
  std::stable_sort(ev.violations.begin(), ev.violations.end(), [](const Violation& a, const Violation& b) {
    const bool ar = a.row >= 0, br = b.row >= 0;
    if (ar != br) return ar;
    if (a.row != b.row) return a.row < b.row;
    return a.rule < b.rule;
  });

  // Scoring: the checkpoints are counted in parallel, then added in order.
  const Attainment att(sc, plan, known);
  for (std::size_t t = 0; t < cp.targets.size(); ++t) {
    const detail::CTarget& tg = cp.targets[t];
    for (const Checkpoint& ck : tg.checkpoints) {
      CheckpointResult res;
      res.target = static_cast<int>(t);
      res.year = ck.year;
      res.share = ck.share;
      res.weight = tg.weight;
      ev.checkpoints.push_back(res);
    }
  }
  parallel(ev.checkpoints.size(), [&](std::size_t i) {
    CheckpointResult& res = ev.checkpoints[i];
    att.count(res.target, res.year, res.n, res.achieved);
  });
  for (CheckpointResult& res : ev.checkpoints) {
    res.required = res.share.required(res.n);
    res.shortfall = std::max<std::int64_t>(0, res.required - res.achieved);
    ev.S += res.weight * static_cast<double>(res.shortfall);
  }
  return ev;
}

Evaluation baseline(const Scenario& scenario) { return check(scenario, Plan{}); }

}  // namespace cadreplan::rules
