#include "optimize/compact.hpp"

#include <CbcModel.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <limits>
#include <cmath>
#include <exception>
#include <map>
#include <thread>

#include "model/compiled.hpp"
#include "optimize/isolate.hpp"
#include "rules/state.hpp"

namespace cadreplan::optimize {

CompactModel::CompactModel(const Scenario& sc, const CohortSet& co, const Pricer& pricer) : sc_(sc), co_(co) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const std::size_t n = r.size();
  const auto& cks = co.checkpoints();
  const int m = cp.max_concurrent;

  std::vector<std::size_t> begin(n + 1, 0);
  std::vector<Cand> mine;
  for (std::size_t c = 0; c < n; ++c) {
    begin[c] = cand_.size();
    const std::size_t g = co.cohort_of(c);
    mine.clear();
    for (int k : pricer.useful(g)) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
      if (p.ladder >= 0 && r.level[static_cast<std::size_t>(p.ladder)][c] >= p.level) continue;  // rule 5, statically
      for (Year s = cp.start; s + p.duration - 1 <= cp.end; ++s)
        if (rules::static_broken_rules(cp, r, c, k, s) == 0)
          mine.push_back(Cand{static_cast<std::int32_t>(c), k, s, s + p.duration - 1});
    }
    auto roster_level = [&](int l) { return static_cast<int>(r.level[static_cast<std::size_t>(l)][c]); };
    // Rule 4, statically: a requirement above the roster needs a candidate
    // granting enough that completes in time (to a fixpoint).
    for (bool changed = true; changed;) {
      changed = false;
      std::vector<Cand> kept;
      for (const Cand& x : mine) {
        bool ok = true;
        for (auto [l, v] : cp.programs[static_cast<std::size_t>(x.program)].requires_) {
          if (roster_level(l) >= v) continue;
          bool met = false;
          for (const Cand& y : mine) {
            const detail::CProgram& q = cp.programs[static_cast<std::size_t>(y.program)];
            if (q.ladder == l && q.level >= v && y.end <= x.start - 1) met = true;
          }
          ok = ok && met;
        }
        if (ok) kept.push_back(x);
      }
      changed = kept.size() != mine.size();
      mine.swap(kept);
    }
    // Usefulness in time: a candidate must achieve one of the cadre's
    // checkpoints in time, or complete a requirement of a useful candidate in
    // time. Removing the others keeps every plan valid with the same S and no
    // more cost, so an optimal plan survives.
    std::vector<char> useful(mine.size(), 0);
    for (std::size_t a = 0; a < mine.size(); ++a) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(mine[a].program)];
      for (std::size_t i = 0; i < cks.size() && !useful[a]; ++i) {
        const CheckpointInfo& ck = cks[i];
        if (!co.member(g, static_cast<int>(i))) continue;
        if (ck.ladder >= 0)
          useful[a] = p.ladder == ck.ladder && p.level >= ck.level && roster_level(ck.ladder) < ck.level &&
                      mine[a].end <= ck.year;
        else
          useful[a] = p.credential == ck.credential && !co.roster_covered(g, static_cast<int>(i)) &&
                      cp.credential_valid(ck.credential, mine[a].end, ck.year);
      }
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t a = 0; a < mine.size(); ++a) {
        if (!useful[a]) continue;
        for (auto [l, v] : cp.programs[static_cast<std::size_t>(mine[a].program)].requires_) {
          if (roster_level(l) >= v) continue;
          for (std::size_t b = 0; b < mine.size(); ++b) {
            const detail::CProgram& q = cp.programs[static_cast<std::size_t>(mine[b].program)];
            if (!useful[b] && q.ladder == l && q.level >= v && mine[b].end <= mine[a].start - 1) {
              useful[b] = 1;
              changed = true;
            }
          }
        }
      }
    }
    for (std::size_t a = 0; a < mine.size(); ++a)
      if (useful[a]) cand_.push_back(mine[a]);
  }
  begin[n] = cand_.size();
  begin_ = begin;

  // Columns: x (binary), then achievements (continuous), then shortfalls (integer).
  for (const Cand& x : cand_) {
    owner_.push_back(x.cadre);
    link_row_.push_back(-1);
    col_lo_.push_back(0);
    col_hi_.push_back(1);
    integer_.push_back(1);
    cost_.push_back(cp.programs[static_cast<std::size_t>(x.program)].total_cost());
    sweight_.push_back(0);
  }
  auto new_col = [&](double lo, double hi, bool integer, double weight) {
    owner_.push_back(-1);
    link_row_.push_back(-1);
    col_lo_.push_back(lo);
    col_hi_.push_back(hi);
    integer_.push_back(integer);
    cost_.push_back(0);
    sweight_.push_back(weight);
    return static_cast<int>(col_lo_.size() - 1);
  };
  const Year start = cp.start;
  const int years = cp.years();

  // Rule 7: per cadre and year.
  for (std::size_t c = 0; c < n; ++c) {
    for (int yi = 0; yi < years; ++yi) {
      std::vector<int> occ;
      for (std::size_t a = begin[c]; a < begin[c + 1]; ++a)
        if (cand_[a].start <= start + yi && start + yi <= cand_[a].end) occ.push_back(static_cast<int>(a));
      if (static_cast<int>(occ.size()) <= m) continue;
      const int row = add_row(-COIN_DBL_MAX, m);
      for (int a : occ) coef(row, a, 1);
    }
  }
  // Rules 8 and 9.
  std::map<std::pair<int, Year>, std::vector<int>> starts;
  std::vector<std::vector<int>> occupying(static_cast<std::size_t>(years));
  for (std::size_t a = 0; a < cand_.size(); ++a) {
    starts[{cand_[a].program, cand_[a].start}].push_back(static_cast<int>(a));
    for (Year y = cand_[a].start; y <= cand_[a].end; ++y)
      occupying[static_cast<std::size_t>(y - start)].push_back(static_cast<int>(a));
  }
  for (auto& [key, list] : starts) {
    const double seats = static_cast<double>(cp.seats(key.first, key.second));
    if (static_cast<double>(list.size()) <= seats) continue;
    const int row = add_row(-COIN_DBL_MAX, seats);
    for (int a : list) coef(row, a, 1);
  }
  for (int yi = 0; yi < years; ++yi) {
    const double cap = cp.budget[static_cast<std::size_t>(yi)];
    if (!std::isfinite(cap)) continue;
    double most = 0;
    for (int a : occupying[static_cast<std::size_t>(yi)])
      most += cp.programs[static_cast<std::size_t>(cand_[static_cast<std::size_t>(a)].program)].cost_per_year;
    if (most <= cap) continue;
    const int row = add_row(-COIN_DBL_MAX, cap * (1 + rules::kBudgetRelTol));
    for (int a : occupying[static_cast<std::size_t>(yi)])
      coef(row, a, cp.programs[static_cast<std::size_t>(cand_[static_cast<std::size_t>(a)].program)].cost_per_year);
  }
  // (D), rule 4 and rule 5, per cadre.
  for (std::size_t c = 0; c < n; ++c) {
    std::map<std::pair<int, int>, std::vector<int>> E;  // (ladder, level) -> candidates granting exactly it
    std::map<int, std::vector<int>> forever;            // credential valid forever -> candidates
    for (std::size_t a = begin[c]; a < begin[c + 1]; ++a) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(cand_[a].program)];
      if (p.ladder >= 0)
        E[{p.ladder, p.level}].push_back(static_cast<int>(a));
      else if (cp.valid_years[static_cast<std::size_t>(p.credential)] == INT_MAX)
        forever[p.credential].push_back(static_cast<int>(a));
    }
    for (auto* groups : {&E})
      for (auto& [key, list] : *groups)
        if (list.size() > 1) {
          const int row = add_row(-COIN_DBL_MAX, 1);
          for (int a : list) coef(row, a, 1);
        }
    for (auto& [cred, list] : forever)
      if (list.size() > 1) {
        const int row = add_row(-COIN_DBL_MAX, 1);
        for (int a : list) coef(row, a, 1);
      }
    auto roster_level = [&](int l) { return static_cast<int>(r.level[static_cast<std::size_t>(l)][c]); };
    // Providers of (L2 >= v), completing by t-1, below `below` on the same ladder.
    auto providers = [&](int l2, int v, Year by, int same_ladder_below, std::vector<int>& out) {
      out.clear();
      for (std::size_t a = begin[c]; a < begin[c + 1]; ++a) {
        const detail::CProgram& q = cp.programs[static_cast<std::size_t>(cand_[a].program)];
        if (q.ladder == l2 && q.level >= v && q.level < same_ladder_below && cand_[a].end <= by)
          out.push_back(static_cast<int>(a));
      }
    };
    std::vector<int> prov;
    // Rule 4, ladder programs: cumulative rows per (group, requirement), at each start year.
    for (auto& [key, list] : E) {
      const auto [lad, lvl] = key;
      std::map<std::pair<int, int>, char> reqs;
      for (int a : list)
        for (auto [l2, v] : cp.programs[static_cast<std::size_t>(cand_[static_cast<std::size_t>(a)].program)].requires_)
          if (v > roster_level(l2)) reqs[{l2, v}] = 1;
      for (auto& [req, unused] : reqs) {
        const auto [l2, v] = req;
        std::vector<int> left;
        for (int a : list)
          for (auto [l3, w] :
               cp.programs[static_cast<std::size_t>(cand_[static_cast<std::size_t>(a)].program)].requires_)
            if (l3 == l2 && w >= v) left.push_back(a);
        std::vector<Year> ts;
        for (int a : left) ts.push_back(cand_[static_cast<std::size_t>(a)].start);
        std::sort(ts.begin(), ts.end());
        ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
        for (Year t : ts) {
          const int row = add_row(-COIN_DBL_MAX, 0);
          for (int a : left)
            if (cand_[static_cast<std::size_t>(a)].start <= t) coef(row, a, 1);
          providers(l2, v, t - 1, l2 == lad ? lvl : INT_MAX, prov);
          for (int b : prov) coef(row, b, -1);
        }
      }
    }
    // Rule 4, credential programs: per enrollment.
    for (std::size_t a = begin[c]; a < begin[c + 1]; ++a) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(cand_[a].program)];
      if (p.credential < 0) continue;
      for (auto [l2, v] : p.requires_) {
        if (v <= roster_level(l2)) continue;
        const int row = add_row(-COIN_DBL_MAX, 0);
        coef(row, static_cast<int>(a), 1);
        providers(l2, v, cand_[a].start - 1, INT_MAX, prov);
        for (int b : prov) coef(row, b, -1);
      }
    }
    // Rule 5 through entry levels above the granted one.
    for (auto& [key, list] : E) {
      const auto [lad, lvl] = key;
      for (auto& [key2, list2] : E) {
        if (key2.first != lad || key2.second <= lvl) continue;
        bool entry = false;
        for (int b : list2) {
          bool needs = false;
          for (auto [l3, w] :
               cp.programs[static_cast<std::size_t>(cand_[static_cast<std::size_t>(b)].program)].requires_)
            needs = needs || (l3 == lad && w >= lvl);
          entry = entry || !needs;
        }
        if (!entry) continue;
        for (int a : list) {
          std::vector<int> before;
          for (int b : list2)
            if (cand_[static_cast<std::size_t>(b)].end <= cand_[static_cast<std::size_t>(a)].start - 1)
              before.push_back(b);
          if (before.empty()) continue;
          const int row = add_row(-COIN_DBL_MAX, 1);
          coef(row, a, 1);
          for (int b : before) coef(row, b, 1);
        }
      }
    }
  }
  // Achievements and shortfalls.
  const rules::Evaluation base = rules::baseline(sc);
  sf_col_.assign(cks.size(), -1);
  for (std::size_t i = 0; i < cks.size(); ++i) {
    const CheckpointInfo& ck = cks[i];
    const double need = static_cast<double>(ck.required - base.checkpoints[i].achieved);
    if (need <= 0) continue;
    const int target_row = add_row(need, COIN_DBL_MAX);
    sf_col_[i] = new_col(0, need, true, ck.weight);
    coef(target_row, sf_col_[i], 1);
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t g = co.cohort_of(c);
      if (!co.member(g, static_cast<int>(i))) continue;
      std::vector<int> by;
      if (ck.ladder >= 0) {
        if (r.level[static_cast<std::size_t>(ck.ladder)][c] >= ck.level) continue;
        for (std::size_t a = begin[c]; a < begin[c + 1]; ++a) {
          const detail::CProgram& q = cp.programs[static_cast<std::size_t>(cand_[a].program)];
          if (q.ladder == ck.ladder && q.level >= ck.level && cand_[a].end <= ck.year)
            by.push_back(static_cast<int>(a));
        }
      } else {
        if (co.roster_covered(g, static_cast<int>(i))) continue;
        for (std::size_t a = begin[c]; a < begin[c + 1]; ++a) {
          const detail::CProgram& q = cp.programs[static_cast<std::size_t>(cand_[a].program)];
          if (q.credential == ck.credential && cp.credential_valid(ck.credential, cand_[a].end, ck.year))
            by.push_back(static_cast<int>(a));
        }
      }
      if (by.empty()) continue;
      const int acol = new_col(0, 1, false, 0);
      coef(target_row, acol, 1);
      const int row = add_row(-COIN_DBL_MAX, 0);
      owner_[static_cast<std::size_t>(acol)] = static_cast<std::int32_t>(c);
      link_row_[static_cast<std::size_t>(acol)] = row;
      coef(row, acol, 1);
      for (int a : by) coef(row, a, -1);
    }
  }
  n_cols_ = static_cast<int>(col_lo_.size());
}

CompactModel::Result CompactModel::solve(bool cost_phase, double s_max, const Plan& start, double start_value,
                                         double seconds, double relative_gap, const std::function<bool()>& stop,
                                         bool race) const {
  return run(cost_phase, s_max, start, start_value, nullptr, seconds, relative_gap, stop, race);
}

CompactModel::Result CompactModel::solve_neighbourhood(bool cost_phase, double s_max, const Plan& start, double start_value,
                                                       const std::vector<char>& free, double seconds,
                                                       const std::function<bool()>& stop) const {
  return run(cost_phase, s_max, start, start_value, &free, seconds, 0.0, stop, false);
}

std::vector<char> CompactModel::neighbourhood(int i, const Plan& plan, std::size_t limit, std::uint64_t salt) const {
  const detail::Compiled& cp = sc_.compiled();
  const Roster& r = sc_.roster();
  const std::size_t n = r.size();
  const CheckpointInfo& ck = co_.checkpoints()[static_cast<std::size_t>(i)];
  auto serves = [&](int k) {
    const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
    return ck.ladder >= 0 ? p.ladder == ck.ladder : p.credential == ck.credential;
  };
  std::vector<char> in(n, 0);
  // Cadres holding an enrollment on the checkpoint's ladder or credential.
  for (const Enrollment& e : plan.enrollments)
    if (e.cadre >= 0 && serves(e.program)) in[static_cast<std::size_t>(e.cadre)] = 1;
  // Members who have a candidate that could serve it.
  for (std::size_t c = 0; c < n; ++c) {
    if (!co_.member(co_.cohort_of(c), i)) continue;
    for (std::size_t a = begin_[c]; a < begin_[c + 1]; ++a)
      if (serves(cand_[a].program) && cand_[a].end <= ck.year) in[c] = 1;
  }
  std::vector<std::pair<std::uint64_t, std::size_t>> pick;
  for (std::size_t c = 0; c < n; ++c)
    if (in[c]) {
      std::uint64_t h = (static_cast<std::uint64_t>(c) + 1) * 0x9E3779B97F4A7C15ULL ^ (salt * 0xBF58476D1CE4E5B9ULL);
      h ^= h >> 31;
      pick.emplace_back(h, c);
    }
  std::sort(pick.begin(), pick.end());
  std::vector<char> free(n, 0);
  for (std::size_t j = 0; j < pick.size() && j < limit; ++j) free[pick[j].second] = 1;
  return free;
}

CompactModel::Result CompactModel::run(bool cost_phase, double s_max, const Plan& start, double start_value,
                                       const std::vector<char>* free, double seconds, double relative_gap,
                                       const std::function<bool()>& stop, bool race_wanted) const {
  Result res;
  // In a neighbourhood, the value of every column of a cadre outside it
  // (NaN: free): its starts as in @p start, its achievements as high as those
  // starts allow (an achievement only enters its target row, with +1).
  std::vector<double> fixed;
  if (free) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    fixed.assign(static_cast<std::size_t>(n_cols_), nan);
    std::vector<std::vector<std::pair<int, Year>>> enrolled(sc_.roster().size());
    for (const Enrollment& e : start.enrollments)
      if (e.cadre >= 0) enrolled[static_cast<std::size_t>(e.cadre)].emplace_back(e.program, e.start);
    for (std::size_t a = 0; a < cand_.size(); ++a) {
      const auto c = static_cast<std::size_t>(cand_[a].cadre);
      if ((*free)[c]) continue;
      const auto& en = enrolled[c];
      fixed[a] = std::find(en.begin(), en.end(), std::make_pair(cand_[a].program, cand_[a].start)) != en.end() ? 1.0 : 0.0;
    }
    std::vector<double> link(row_lo_.size(), 0.0);  // sum of the fixed starts in each link row
    for (const Entry& e : entries_) {
      const auto c = static_cast<std::size_t>(e.col);
      if (c < cand_.size() && !std::isnan(fixed[c])) link[static_cast<std::size_t>(e.row)] -= e.value * fixed[c];
    }
    for (std::size_t c = cand_.size(); c < fixed.size(); ++c)
      if (owner_[c] >= 0 && !(*free)[static_cast<std::size_t>(owner_[c])])
        fixed[c] = std::min(col_hi_[c], link[static_cast<std::size_t>(link_row_[c])]);
  }
  bool integral = true;
  for (const auto& ck : co_.checkpoints()) integral = integral && ck.weight == std::floor(ck.weight);
  const std::vector<double>& obj = cost_phase ? cost_ : sweight_;
  // On the whole model, a second CBC runs at the same time on the model with
  // the row S <= start - 1 (phase S, S in whole steps) or C <= start less the
  // gap (phase C), see compact.hpp.
  const bool race = race_wanted && (cost_phase || integral) && !free && std::isfinite(start_value);
  const double row_rhs =
      cost_phase ? start_value - std::max(1e-6, relative_gap * std::max(1.0, start_value)) : start_value - 1 + 1e-6;
  // What every plan outside that row is worth at least.
  const double outside = cost_phase ? row_rhs : start_value;
  // The child's answer: {status, bound, objective, solution...}; status 1:
  // CBC finished with a solution (optimal); 2: finished without one (nothing
  // better than the start exists); 0: stopped by its time.
  auto work_for = [&](bool objective_row) {
    return [&, objective_row](bool dives) -> std::vector<double> {
    // In the child process. The model over the free columns (all of them
    // outside a neighbourhood); `col` maps its columns to ours.
    std::vector<int> col, index(static_cast<std::size_t>(n_cols_), -1);
    double offset = 0.0;  // the objective of the fixed columns
    for (int c = 0; c < n_cols_; ++c) {
      if (free && !std::isnan(fixed[static_cast<std::size_t>(c)])) {
        offset += obj[static_cast<std::size_t>(c)] * fixed[static_cast<std::size_t>(c)];
        continue;
      }
      index[static_cast<std::size_t>(c)] = static_cast<int>(col.size());
      col.push_back(c);
    }
    std::vector<double> activity(row_lo_.size(), 0.0);
    std::vector<char> used(row_lo_.size(), 0);
    std::vector<int> rows, cols;
    std::vector<double> vals;
    for (const Entry& e : entries_) {
      const int j = index[static_cast<std::size_t>(e.col)];
      if (j < 0) {
        activity[static_cast<std::size_t>(e.row)] += e.value * fixed[static_cast<std::size_t>(e.col)];
        continue;
      }
      used[static_cast<std::size_t>(e.row)] = 1;
      rows.push_back(e.row);
      cols.push_back(j);
      vals.push_back(e.value);
    }
    // Rows left with fixed columns only must hold as they are; the others
    // take the fixed columns' activity into their bounds. Rows are renumbered.
    std::vector<int> row_index(row_lo_.size(), -1);
    std::vector<double> lo, hi;
    for (std::size_t i = 0; i < row_lo_.size(); ++i) {
      const double lo_i = row_lo_[i] == -COIN_DBL_MAX ? -COIN_DBL_MAX : row_lo_[i] - activity[i];
      const double hi_i = row_hi_[i] == COIN_DBL_MAX ? COIN_DBL_MAX : row_hi_[i] - activity[i];
      if (!used[i]) {
        if (lo_i > 1e-7 || hi_i < -1e-7)  // the fixed part already breaks it: nothing here
          return {1.0, std::numeric_limits<double>::infinity()};
        continue;
      }
      row_index[i] = static_cast<int>(lo.size());
      lo.push_back(lo_i);
      hi.push_back(hi_i);
    }
    for (int& rr : rows) rr = row_index[static_cast<std::size_t>(rr)];
    if (cost_phase || objective_row) {
      // S <= s_max (phase C) or S <= start - 1 (the raced phase S run) over
      // the shortfall columns, which no neighbourhood fixes; the raced phase C
      // run also has C <= start less the gap.
      const int row = static_cast<int>(lo.size());
      for (int c = 0; c < n_cols_; ++c) {
        const double w = sweight_[static_cast<std::size_t>(c)];
        if (w == 0) continue;
        rows.push_back(row);
        cols.push_back(index[static_cast<std::size_t>(c)]);
        vals.push_back(w);
      }
      lo.push_back(-COIN_DBL_MAX);
      hi.push_back(cost_phase ? s_max : row_rhs);
    }
    if (cost_phase && objective_row) {
      const int row = static_cast<int>(lo.size());
      for (int c = 0; c < n_cols_; ++c) {
        const double w = obj[static_cast<std::size_t>(c)];
        if (w == 0 || index[static_cast<std::size_t>(c)] < 0) continue;
        rows.push_back(row);
        cols.push_back(index[static_cast<std::size_t>(c)]);
        vals.push_back(w);
      }
      lo.push_back(-COIN_DBL_MAX);
      hi.push_back(row_rhs);
    }
    const int ncol = static_cast<int>(col.size());
    CoinPackedMatrix matrix(true, rows.data(), cols.data(), vals.data(), static_cast<CoinBigIndex>(vals.size()));
    matrix.setDimensions(static_cast<int>(lo.size()), ncol);
    std::vector<double> clo(col.size()), chi(col.size()), cobj(col.size());
    for (std::size_t j = 0; j < col.size(); ++j) {
      const auto c = static_cast<std::size_t>(col[j]);
      clo[j] = col_lo_[c];
      chi[j] = col_hi_[c];
      cobj[j] = obj[c];
    }
    OsiClpSolverInterface osi;
    osi.messageHandler()->setLogLevel(0);
    osi.loadProblem(matrix, clo.data(), chi.data(), cobj.data(), lo.data(), hi.data());
    for (std::size_t j = 0; j < col.size(); ++j)
      if (integer_[static_cast<std::size_t>(col[j])]) osi.setInteger(static_cast<int>(j));
    CbcModel model(osi);
    model.setLogLevel(0);
    // The raced run has no cutoff: the row already excludes the start, and
    // with a cutoff as well CBC's root heuristics find far less (n250-s54:
    // S 294 at the root without, nothing in 30 s with).
    if (!objective_row) model.setCutoff(start_value - offset + 1e-7);
    run_cbc(model, seconds, relative_gap, !cost_phase && integral ? 0.999 : 0.0, dives);
    const bool finished = !model.isSecondsLimitReached() && model.status() == 0;
    std::vector<double> out;
    out.reserve(3 + cand_.size());
    const double* sol = model.bestSolution();
    const bool better = sol && model.getMinimizationObjValue() + offset < start_value - 1e-7;
    out.push_back(finished && model.isProvenOptimal() ? 1.0 : finished && model.isProvenInfeasible() && !better ? 2.0 : 0.0);
    out.push_back(model.getBestPossibleObjValue() + offset);
    out.push_back(better ? model.getMinimizationObjValue() + offset : start_value);
    if (better)
      for (std::size_t a = 0; a < cand_.size(); ++a) {
        const int j = index[a];
        out.push_back(j >= 0 ? sol[j] : fixed[a]);
      }
    return out;
  };
  };
  auto attempt = [&](bool objective_row, const std::function<bool()>& halt) {
    IsolatedResult r = run_cbc_isolated(work_for(objective_row), seconds, halt);
    if (r.values && r.values->size() < 3) r = IsolatedResult{std::nullopt, "no answer"};
    return r;
  };
  IsolatedResult plain, row;
  if (!race) {
    plain = attempt(false, stop);
  } else {
    // The two runs race on the two cores; the first to prove stops the other.
    // Only this thread calls @p stop (a caller's progress callback).
    std::atomic<bool> cancel{false}, row_proved{false}, plain_proved{false}, row_done{false};
    std::exception_ptr row_error;
    std::thread other([&] {
      try {
        row = attempt(true, [&] { return cancel.load() || plain_proved.load(); });
        row_proved = row.values && (*row.values)[0] > 0.5;
      } catch (...) {
        row_error = std::current_exception();
      }
      row_done = true;
    });
    try {
      plain = attempt(false, [&] {
        if (stop()) cancel = true;
        return cancel.load() || row_proved.load();
      });
      plain_proved = plain.values && (*plain.values)[0] > 0.5;
      while (!row_done.load()) {
        if (stop()) cancel = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    } catch (...) {
      cancel = true;
      other.join();
      throw;
    }
    other.join();
    if (row_error) std::rethrow_exception(row_error);
  }
  if (!plain.values && !row.values) {
    res.log = "CBC " + plain.failure;
    return res;
  }
  // Bounds: the plain run's holds for every plan; the row run's only for the
  // plans within its row, so for all of them min(outside, its bound); status
  // 2 of the row run: every plan is worth `outside` or more (the start is
  // optimal, or in phase C within the gap).
  double bound = -std::numeric_limits<double>::infinity();
  const std::vector<double>* best = nullptr;  // the answer with the best plan
  std::string log;
  for (const IsolatedResult* r : {&plain, &row}) {
    const bool is_row = r == &row;
    if (race) log += std::string(log.empty() ? "" : "; ") + (is_row ? (cost_phase ? "with C <= start - gap: " : "with S <= start - 1: ") : "");
    if (!r->values) {
      if (race) log += "CBC " + r->failure;
      continue;
    }
    const auto& v = *r->values;
    res.proven = res.proven || v[0] > 0.5;
    // A run stopped before its root LP reports CBC's +infinity; of a stopped
    // run only a bound below the start says anything.
    const double b = v[0] > 1.5   ? (is_row ? outside : start_value)
                     : v[0] > 0.5 ? std::min(is_row ? outside : start_value, v[1])
                     : v[1] < start_value ? (is_row ? std::min(outside, v[1]) : v[1])
                                          : -std::numeric_limits<double>::infinity();
    if (std::isfinite(b)) bound = std::max(bound, b);
    log += v[0] > 1.5 ? "CBC finished: nothing better than the start"
                      : std::string("CBC ") + (v[0] > 0.5 ? "finished" : "stopped") + ", bound " + std::to_string(v[1]);
    if (v.size() == 3 + cand_.size() && (!best || v[2] < (*best)[2])) best = &v;
  }
  res.bound = bound;
  res.bounded = free == nullptr && std::isfinite(bound);
  res.log = log;
  if (best) {
    Plan plan;
    for (std::size_t a = 0; a < cand_.size(); ++a)
      if ((*best)[3 + a] > 0.5) plan.enrollments.push_back(Enrollment{cand_[a].cadre, cand_[a].program, cand_[a].start});
    plan.sort_canonical();
    res.plan = std::move(plan);
  }
  return res;
}

}  // namespace cadreplan::optimize
