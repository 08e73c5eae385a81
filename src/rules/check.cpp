// THE implementation of rules 1-9 and the scoring of SCENARIO-FORMAT.md.
#include "cadreplan/rules/check.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <numeric>
#include <sstream>

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

  // Per-enrollment rules 1-5 and per-cadre rule 7, cadre by cadre.
  std::vector<std::size_t> by_cadre;
  by_cadre.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i)
    if (known[i]) by_cadre.push_back(i);
  std::stable_sort(by_cadre.begin(), by_cadre.end(), [&](std::size_t a, std::size_t b) {
    if (E[a].cadre != E[b].cadre) return E[a].cadre < E[b].cadre;
    return E[a].start < E[b].start;
  });
  std::vector<std::size_t> by_end;
  std::vector<int> level(cp.ladder_size.size());
  std::vector<std::pair<Year, int>> events;
  for (std::size_t lo = 0; lo < by_cadre.size();) {
    std::size_t hi = lo;
    const std::int32_t c = E[by_cadre[lo]].cadre;
    const auto cu = static_cast<std::size_t>(c);
    while (hi < by_cadre.size() && E[by_cadre[hi]].cadre == c) ++hi;
    // Levels at the start of each start year: roster raised by completions <= s-1.
    by_end.assign(by_cadre.begin() + static_cast<std::ptrdiff_t>(lo), by_cadre.begin() + static_cast<std::ptrdiff_t>(hi));
    std::stable_sort(by_end.begin(), by_end.end(), [&](std::size_t a, std::size_t b) {
      return completion_year(cp, E[a]) < completion_year(cp, E[b]);
    });
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
        x.violate(1, row, c, e.program, s,
                  x.cadre_name(i) + ", " + x.program_name(e.program) + " " + std::to_string(s) + "-" + std::to_string(end) +
                      ": not inside the horizon " + std::to_string(cp.start) + "-" + std::to_string(cp.end));
      if (broken & (1u << 2))
        x.violate(2, row, c, e.program, s,
                  x.cadre_name(i) + " is not active through " + std::to_string(static_cast<long long>(end) + p.min_service) +
                      " (retires after " + std::to_string(last_active) + ") for " + x.program_name(e.program) + " starting " +
                      std::to_string(s));
      if (broken & (1u << 3))
        x.violate(3, row, c, e.program, s,
                  x.cadre_name(i) + " is not eligible for " + x.program_name(e.program) + " in " + std::to_string(s));
      if (broken & (1u << 4))
        for (auto [l, v] : p.requires_)
          if (level[static_cast<std::size_t>(l)] < v)
            x.violate(4, row, c, e.program, s,
                      x.cadre_name(i) + " lacks " + x.level_name(l, v) + " at the start of " + std::to_string(s) + " for " +
                          x.program_name(e.program) + " (has " + x.level_name(l, level[static_cast<std::size_t>(l)]) + ")");
      if (broken & (1u << 5))
        x.violate(5, row, c, e.program, s,
                  x.cadre_name(i) + " already holds " + x.level_name(p.ladder, level[static_cast<std::size_t>(p.ladder)]) +
                      " at the start of " + std::to_string(s) + ": " + x.program_name(e.program) + " cannot raise it");
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
          x.violate(7, -1, c, -1, yy,
                    "cadre '" + r.id[cu] + "' is in " + std::to_string(load) + " programs in " + std::to_string(yy) +
                        " (max_concurrent_programs = " + std::to_string(cp.max_concurrent) + ")");
      }
    }
    lo = hi;
  }

  // Rules 8 (seats per program and start year) and 9 (budget per year).
  std::map<std::pair<int, Year>, std::int64_t> starts;
  std::map<Year, double> spend;
  for (std::size_t i = 0; i < rows; ++i) {
    const Enrollment& e = E[i];
    if (!known[i]) continue;
    ++starts[{e.program, e.start}];
    const detail::CProgram& p = cp.programs[static_cast<std::size_t>(e.program)];
    for (Year y = e.start; y < e.start + p.duration; ++y) spend[y] += p.cost_per_year;
  }
  for (auto& [key, count] : starts) {
    const std::int64_t cap = cp.seats(key.first, key.second);
    if (count > cap)
      x.violate(8, -1, -1, key.first, key.second,
                x.program_name(key.first) + " starts " + std::to_string(count) + " cadres in " + std::to_string(key.second) +
                    " but has " + std::to_string(cap) + " seats");
  }
  for (auto& [y, amount] : spend) {
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

  // Scoring.
  const Attainment att(sc, plan, known);
  for (std::size_t t = 0; t < cp.targets.size(); ++t) {
    const detail::CTarget& tg = cp.targets[t];
    for (const Checkpoint& ck : tg.checkpoints) {
      CheckpointResult res;
      res.target = static_cast<int>(t);
      res.year = ck.year;
      res.share = ck.share;
      res.weight = tg.weight;
      att.count(static_cast<int>(t), ck.year, res.n, res.achieved);
      res.required = ck.share.required(res.n);
      res.shortfall = std::max<std::int64_t>(0, res.required - res.achieved);
      ev.S += tg.weight * static_cast<double>(res.shortfall);
      ev.checkpoints.push_back(res);
    }
  }
  return ev;
}

Evaluation baseline(const Scenario& scenario) { return check(scenario, Plan{}); }

}  // namespace cadreplan::rules
