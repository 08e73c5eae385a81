#include "optimize/master.hpp"

#include <CbcModel.hpp>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <type_traits>
#include <chrono>
#include <sstream>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

#include "cadreplan/core/error.hpp"
#include "optimize/isolate.hpp"

namespace cadreplan::optimize {

namespace {

/// x_j of @p sol, 0 for a column the master gained after the solution was made:
/// column generation adds columns while callers hold solutions (explain keeps
/// its incumbent across Search::generate), and reading past sol.x was a
/// heap-buffer-overflow (ASan) whose garbage values changed the results.
inline double x_at(const IntegerSolution& sol, std::size_t j) noexcept { return j < sol.x.size() ? sol.x[j] : 0.0; }

std::string schedule_key(const Schedule& s) {
  std::string k;
  for (auto [p, y] : s.items) {
    k += std::to_string(p);
    k += '@';
    k += std::to_string(y);
    k += ';';
  }
  return k;
}

}  // namespace

double Branch::count(const Column& c, Year first_year) const {
  if (static_cast<std::uint32_t>(c.cohort) != arc.cohort) return 0.0;
  if (kind == Kind::arc) return static_cast<double>(std::count(c.arcs.begin(), c.arcs.end(), arc));
  double n = 0;
  for (auto [k, s] : c.schedule.items) n += k == program && s == first_year + year;
  return n;
}

Master::Master(const Scenario& sc, const CohortSet& co, const Pricer& pricer)
    : sc_(sc),
      cp_(sc.compiled()),
      co_(co),
      pricer_(pricer),
      G_(co.size()),
      years_(cp_.years()),
      P_(static_cast<int>(cp_.programs.size())),
      lp_(std::make_unique<ClpSimplex>()) {
  lp_->setLogLevel(0);
  std::vector<double> lo, hi;
  for (std::size_t g = 0; g < G_; ++g) {
    lo.push_back(static_cast<double>(co.count(g)));
    hi.push_back(static_cast<double>(co.count(g)));
  }
  for (int k = 0; k < P_; ++k)
    for (int yi = 0; yi < years_; ++yi) {
      lo.push_back(-COIN_DBL_MAX);
      hi.push_back(static_cast<double>(cp_.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)]));
    }
  budget_row_.assign(static_cast<std::size_t>(years_), -1);
  for (int yi = 0; yi < years_; ++yi) {
    const double b = cp_.budget[static_cast<std::size_t>(yi)];
    if (std::isfinite(b)) {
      budget_row_[static_cast<std::size_t>(yi)] = static_cast<int>(lo.size());
      lo.push_back(-COIN_DBL_MAX);
      hi.push_back(b);
    }
  }
  target_row0_ = static_cast<int>(lo.size());
  const auto& cks = co.checkpoints();
  ncheck_ = static_cast<int>(cks.size());
  for (const auto& ck : cks) {
    lo.push_back(static_cast<double>(ck.required));
    hi.push_back(COIN_DBL_MAX);
  }
  base_rows_ = static_cast<int>(lo.size());
  // Shortfall columns: sf_i in [0, required_i], objective w_i.
  CoinPackedMatrix m(true, 0, 0);
  m.setDimensions(static_cast<int>(lo.size()), 0);
  std::vector<double> clo, chi, obj;
  for (int i = 0; i < ncheck_; ++i) {
    int row = target_row0_ + i;
    double one = 1.0;
    m.appendCol(1, &row, &one);
    clo.push_back(0.0);
    chi.push_back(static_cast<double>(cks[static_cast<std::size_t>(i)].required));
    obj.push_back(cks[static_cast<std::size_t>(i)].weight);
  }
  lp_->loadProblem(m, clo.data(), chi.data(), obj.data(), lo.data(), hi.data());
  seen_.resize(G_);
  for (std::size_t g = 0; g < G_; ++g) add(static_cast<int>(g), Schedule{});
}

Master::~Master() = default;
Master::LpHandle::LpHandle(std::unique_ptr<ClpSimplex> lp) : p(std::move(lp)) {}
Master::LpHandle::LpHandle(const LpHandle& o) : p(o.p ? std::make_unique<ClpSimplex>(*o.p) : nullptr) {}
Master::LpHandle::~LpHandle() = default;

std::size_t Master::rows() const noexcept { return static_cast<std::size_t>(lp_->numberRows()); }  // columns pending or not

double Master::schedule_objective(std::size_t j) const noexcept {
  if (objective_ == Objective::C) return columns_[j].cost;
  if (objective_ == Objective::capacity) return cost_weight_ * columns_[j].cost;
  return 0.0;
}

void Master::usage(const IntegerSolution& sol, std::vector<double>& seats, std::vector<double>& spend) const {
  seats.assign(static_cast<std::size_t>(P_ * years_), 0.0);
  spend.assign(static_cast<std::size_t>(years_), 0.0);
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const double xj = x_at(sol, j);
    if (xj == 0) continue;
    for (auto [k, s] : columns_[j].schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      seats[static_cast<std::size_t>(k * years_ + (s - cp_.start))] += xj;
      for (Year y = s; y < s + p.duration; ++y)
        spend[static_cast<std::size_t>(y - cp_.start)] += xj * p.cost_per_year;
    }
  }
}

std::vector<std::tuple<int, int, double>> Master::extra_seats(const IntegerSolution& sol) const {
  std::vector<double> seats, spend;
  usage(sol, seats, spend);
  std::vector<std::tuple<int, int, double>> out;
  for (int k = 0; k < P_; ++k)
    for (int yi = 0; yi < years_; ++yi) {
      const double over =
          seats[static_cast<std::size_t>(k * years_ + yi)] -
          static_cast<double>(cp_.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)]);
      if (over > 0.5) out.emplace_back(k, yi, std::round(over));
    }
  return out;
}

std::vector<std::pair<int, double>> Master::extra_budget(const IntegerSolution& sol) const {
  std::vector<double> seats, spend;
  usage(sol, seats, spend);
  std::vector<std::pair<int, double>> out;
  for (int yi = 0; yi < years_; ++yi) {
    const double over = spend[static_cast<std::size_t>(yi)] - cp_.budget[static_cast<std::size_t>(yi)];
    if (over > 1e-9) out.emplace_back(yi, over);
  }
  return out;
}

double Master::value(const IntegerSolution& sol) const {
  switch (objective_) {
    case Objective::S:
      return sol.S;
    case Objective::C:
      return sol.C;
    case Objective::capacity: {
      double v = cost_weight_ * sol.C;
      if (!sf_penalty_.empty()) {
        const auto& cks = co_.checkpoints();
        std::vector<double> got(cks.size(), 0.0);
        for (std::size_t j = 0; j < columns_.size(); ++j)
          for (int i : columns_[j].achieved) got[static_cast<std::size_t>(i)] += x_at(sol, j);
        for (std::size_t i = 0; i < cks.size(); ++i)
          v += sf_penalty_[i] * std::max(0.0, static_cast<double>(cks[i].required) - got[i]);
      }
      for (auto& [k, yi, n] : extra_seats(sol)) v += n;
      for (auto& [yi, m] : extra_budget(sol)) v += money_weight_ * m;
      return v;
    }
    case Objective::feasibility:
      return 0.0;
  }
  return 0.0;
}

void Master::enable_capacity(double money_weight, double cost_weight) {
  money_weight_ = money_weight;
  cost_weight_ = cost_weight;
  objective_ = Objective::capacity;
  auto add_slack = [&](int row, double obj) {
    const double lo = 0.0, hi = COIN_DBL_MAX, minus = -1.0;
    CoinBigIndex starts[2] = {0, 1};
    lp()->addColumns(1, &lo, &hi, &obj, starts, &row, &minus);
    capacity_col_.push_back(lp()->numberColumns() - 1);
  };
  for (int k = 0; k < P_; ++k)
    for (int yi = 0; yi < years_; ++yi) add_slack(seat_row(k, yi), 1.0);
  for (int yi = 0; yi < years_; ++yi)
    if (budget_row_[static_cast<std::size_t>(yi)] >= 0)
      add_slack(budget_row_[static_cast<std::size_t>(yi)], money_weight);
  set_objective(Objective::capacity);
}

void Master::set_shortfall_penalty(const std::vector<double>& penalty) {
  sf_penalty_ = penalty;
  if (objective_ == Objective::capacity) set_objective(Objective::capacity);
}

void Master::set_shortfall_upper(const std::vector<double>& upper) {
  for (int i = 0; i < ncheck_; ++i) lp()->setColumnUpper(i, std::max(0.0, upper[static_cast<std::size_t>(i)]));
}

bool Master::meets_shortfall_upper(const IntegerSolution& sol) const {
  const auto& cks = co_.checkpoints();
  std::vector<double> got(cks.size(), 0.0);
  for (std::size_t j = 0; j < columns_.size() && j < sol.x.size(); ++j)
    for (int i : columns_[j].achieved) got[static_cast<std::size_t>(i)] += sol.x[j];
  const double* upper = lp()->getColUpper();
  for (int i = 0; i < ncheck_; ++i)
    if (static_cast<double>(cks[static_cast<std::size_t>(i)].required) - got[static_cast<std::size_t>(i)] > upper[i] + 1e-9)
      return false;
  return true;
}

double Master::seat_dual(int k, int yi) const { return lp()->dualRowSolution()[seat_row(k, yi)]; }

double Master::budget_dual(int yi) const {
  const int row = budget_row_[static_cast<std::size_t>(yi)];
  return row < 0 ? 0.0 : lp()->dualRowSolution()[row];
}

void Master::coefficients(const Column& col, std::vector<int>& rows, std::vector<double>& vals) const {
  rows.clear();
  vals.clear();
  rows.push_back(col.cohort);
  vals.push_back(1.0);
  std::vector<double> spend(static_cast<std::size_t>(years_), 0.0);
  for (auto [k, s] : col.schedule.items) {
    const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
    rows.push_back(seat_row(k, s - cp_.start));
    vals.push_back(1.0);
    for (Year y = s; y < s + p.duration; ++y) spend[static_cast<std::size_t>(y - cp_.start)] += p.cost_per_year;
  }
  for (int yi = 0; yi < years_; ++yi)
    if (budget_row_[static_cast<std::size_t>(yi)] >= 0 && spend[static_cast<std::size_t>(yi)] != 0.0) {
      rows.push_back(budget_row_[static_cast<std::size_t>(yi)]);
      vals.push_back(spend[static_cast<std::size_t>(yi)]);
    }
  for (int i : col.achieved) {
    rows.push_back(target_row0_ + i);
    vals.push_back(1.0);
  }
  for (std::size_t b = 0; b < branches_.size(); ++b) {
    const double n = branches_[b].count(col, cp_.start);
    if (n != 0) {
      rows.push_back(branch_row_[b]);
      vals.push_back(n);
    }
  }
  // Merge duplicate rows (the same program started twice in one year).
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows[a] < rows[b]; });
  std::vector<int> r2;
  std::vector<double> v2;
  for (std::size_t i : order) {
    if (!r2.empty() && r2.back() == rows[i]) {
      v2.back() += vals[i];
    } else {
      r2.push_back(rows[i]);
      v2.push_back(vals[i]);
    }
  }
  rows.swap(r2);
  vals.swap(v2);
}

int Master::add(int cohort, Schedule schedule) {
  std::string key = schedule_key(schedule);
  auto& seen = seen_[static_cast<std::size_t>(cohort)];
  if (auto it = seen.find(key); it != seen.end()) return it->second;
  Column col;
  col.cohort = cohort;
  col.schedule = std::move(schedule);
  for (auto [k, s] : col.schedule.items) col.cost += cp_.programs[static_cast<std::size_t>(k)].total_cost();
  pricer_.achieved(static_cast<std::size_t>(cohort), col.schedule, col.achieved);
  pricer_.arcs(static_cast<std::size_t>(cohort), col.schedule, col.arcs);
  std::vector<int> rows;
  std::vector<double> vals;
  coefficients(col, rows, vals);
  columns_.push_back(std::move(col));
  const int j = static_cast<int>(columns_.size() - 1);
  seen.emplace(std::move(key), j);
  // Into lp_ at the next lp(): the LP column it will be is known now.
  lp_col_.push_back(lp_->numberColumns() + static_cast<int>(pend_obj_.size()));
  pend_row_.insert(pend_row_.end(), rows.begin(), rows.end());
  pend_value_.insert(pend_value_.end(), vals.begin(), vals.end());
  pend_start_.push_back(static_cast<int>(pend_row_.size()));
  pend_obj_.push_back(schedule_objective(static_cast<std::size_t>(j)));
  return j;
}

static_assert(std::is_same_v<CoinBigIndex, int>, "pend_start_ holds CoinBigIndex");

ClpSimplex* Master::lp() const {
  if (!pend_obj_.empty()) {
    const int n = static_cast<int>(pend_obj_.size());
    const std::vector<double> lo(static_cast<std::size_t>(n), 0.0), hi(static_cast<std::size_t>(n), COIN_DBL_MAX);
    lp_->addColumns(n, lo.data(), hi.data(), pend_obj_.data(), pend_start_.data(), pend_row_.data(), pend_value_.data());
    pend_start_.assign(1, 0);
    pend_row_.clear();
    pend_value_.clear();
    pend_obj_.clear();
  }
  return lp_.get();
}

IntegerSolution Master::from_plan(const Plan& plan) {
  std::vector<Schedule> per_cadre(sc_.roster().size());
  for (const Enrollment& e : plan.enrollments)
    per_cadre[static_cast<std::size_t>(e.cadre)].items.emplace_back(e.program, e.start);
  std::vector<int> col(per_cadre.size());
  for (std::size_t c = 0; c < per_cadre.size(); ++c) {
    auto& s = per_cadre[c];
    std::sort(s.items.begin(), s.items.end(),
              [](auto& a, auto& b) { return a.second != b.second ? a.second < b.second : a.first < b.first; });
    col[c] = add(static_cast<int>(co_.cohort_of(c)), std::move(s));
  }
  IntegerSolution sol;
  sol.x.assign(columns_.size(), 0.0);
  for (int j : col) sol.x[static_cast<std::size_t>(j)] += 1;
  score(sol);
  return sol;
}

void Master::enter_cost_phase(double s_max) {
  cost_phase_ = true;
  std::vector<int> cols;
  std::vector<double> vals;
  for (int i = 0; i < ncheck_; ++i) {
    cols.push_back(i);
    vals.push_back(co_.checkpoints()[static_cast<std::size_t>(i)].weight);
  }
  // The S row goes before any branch row so that branch rows stay last.
  if (!branches_.empty()) throw SolveError("internal: enter_cost_phase with branches active");
  lp()->addRow(ncheck_, cols.data(), vals.data(), -COIN_DBL_MAX, s_max);
  s_row_ = lp()->numberRows() - 1;
  base_rows_ = lp()->numberRows();
  set_objective(Objective::C);
}

void Master::set_objective(Objective o) {
  objective_ = o;
  const auto& cks = co_.checkpoints();
  for (int i = 0; i < ncheck_; ++i)
    lp()->setObjectiveCoefficient(i, o == Objective::S ? cks[static_cast<std::size_t>(i)].weight
                                    : o == Objective::capacity && !sf_penalty_.empty()
                                        ? sf_penalty_[static_cast<std::size_t>(i)]
                                        : 0.0);
  for (std::size_t j = 0; j < columns_.size(); ++j) lp()->setObjectiveCoefficient(lp_col_[j], schedule_objective(j));
  for (int a : artificial_col_)
    if (a >= 0) lp()->setObjectiveCoefficient(a, o == Objective::feasibility ? 1.0 : 0.0);
  for (std::size_t c = 0; c < capacity_col_.size(); ++c)
    lp()->setObjectiveCoefficient(
        capacity_col_[c],
        o == Objective::capacity ? (c < static_cast<std::size_t>(P_ * years_) ? 1.0 : money_weight_) : 0.0);
}

void Master::allow_artificials(bool allow) {
  artificials_allowed_ = allow;
  for (int a : artificial_col_)
    if (a >= 0) lp()->setColumnUpper(a, allow ? COIN_DBL_MAX : 0.0);
}

double Master::artificial_sum() const {
  double s = 0;
  const double* x = lp()->primalColumnSolution();
  for (int a : artificial_col_)
    if (a >= 0) s += x[a];
  return s;
}

void Master::set_branches(const std::vector<Branch>& branches) {
  // Keep the common prefix; delete the rest and add the new ones.
  std::size_t keep = 0;
  while (keep < branches_.size() && keep < branches.size() && branches_[keep] == branches[keep]) ++keep;
  if (keep < branches_.size()) {
    std::vector<int> rows;
    for (std::size_t b = keep; b < branches_.size(); ++b) {
      rows.push_back(branch_row_[b]);
      if (artificial_col_[b] >= 0) {
        lp()->setColumnUpper(artificial_col_[b], 0.0);
        lp()->setObjectiveCoefficient(artificial_col_[b], 0.0);
        free_artificials_.push_back(artificial_col_[b]);
      }
    }
    lp()->deleteRows(static_cast<int>(rows.size()), rows.data());
    branches_.resize(keep);
    branch_row_.resize(keep);
    artificial_col_.resize(keep);
  }
  for (std::size_t b = keep; b < branches.size(); ++b) {
    const Branch& br = branches[b];
    branches_.push_back(br);
    std::vector<int> cols;
    std::vector<double> vals;
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      const double n = br.count(columns_[j], cp_.start);
      if (n != 0) {
        cols.push_back(lp_col_[j]);
        vals.push_back(n);
      }
    }
    int art = -1;
    if (!br.at_most) {
      if (!free_artificials_.empty()) {
        art = free_artificials_.back();
        free_artificials_.pop_back();
      } else {
        const double lo = 0.0, hi = 0.0, obj = 0.0;
        CoinBigIndex starts[2] = {0, 0};
        int no_row = 0;
        double no_value = 0.0;
        lp()->addColumns(1, &lo, &hi, &obj, starts, &no_row, &no_value);
        art = lp()->numberColumns() - 1;
      }
      lp()->setColumnUpper(art, artificials_allowed_ ? COIN_DBL_MAX : 0.0);
      lp()->setObjectiveCoefficient(art, objective_ == Objective::feasibility ? 1.0 : 0.0);
      cols.push_back(art);
      vals.push_back(1.0);
    }
    if (br.at_most)
      lp()->addRow(static_cast<int>(cols.size()), cols.data(), vals.data(), -COIN_DBL_MAX, br.rhs);
    else
      lp()->addRow(static_cast<int>(cols.size()), cols.data(), vals.data(), br.rhs, COIN_DBL_MAX);
    branch_row_.push_back(lp()->numberRows() - 1);
    artificial_col_.push_back(art);
  }
}

namespace {
constexpr int kBarrierRows = 20000;
}  // namespace

std::optional<double> Master::solve_lp(double seconds, bool dual) {
  timed_out_ = false;
  // Wall time, as the solve's time limit is: CLP's seconds are CPU seconds, which on a
  // loaded machine let a 120 s limit run to over 300 s.
  lp()->setMaximumSeconds(-1.0);
  lp()->setMaximumWallSeconds(std::max(0.1, seconds));
  if (!solved_once_) {
    // The first LP starts from no basis: CLP's presolve and its choice of
    // algorithm beat a bare primal() by far on large masters (100,000 cadres:
    // 4-5 pricing rounds in the time primal() took for 1). Later LPs start
    // from the previous basis.
    // From kBarrierRows rows on, the barrier (then crossover to a basis):
    // 1,000,000 cadres (48,869 rows, 173,085 columns) take the dual simplex
    // over 200 s and the barrier 30 s plus 20 s of crossover.
    ClpSolve o;
    o.setPresolveType(ClpSolve::presolveOn);
    o.setSolveType(lp()->numberRows() >= kBarrierRows ? ClpSolve::useBarrier : ClpSolve::automatic);
    lp()->initialSolve(o);
  } else if (dual)
    lp()->dual();
  else
    lp()->primal();
  solved_once_ = true;
  int st = lp()->status();
  if (st != 0 && st != 1 && st != 3) {
    // Numerical trouble: start from scratch once.
    lp()->allSlackBasis(true);
    lp()->primal();
    st = lp()->status();
  }
  if (st == 0) return lp()->objectiveValue();
  if (st == 1) return std::nullopt;
  if (st == 3) {
    timed_out_ = true;
    return std::nullopt;
  }
  throw SolveError("the LP solver (CLP) returned status " + std::to_string(st) + " on the master problem");
}

int Master::last_iterations() const { return lp_->numberIterations(); }

void Master::prices(Prices& out) const {
  const double* y = lp()->dualRowSolution();
  const double cost_factor = objective_ == Objective::C ? 1.0 : objective_ == Objective::capacity ? cost_weight_ : 0.0;
  out.start_cost.assign(static_cast<std::size_t>(P_ * years_), 0.0);
  for (int k = 0; k < P_; ++k) {
    const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
    for (int yi = 0; yi < years_; ++yi) {
      double v = cost_factor * p.total_cost() - y[seat_row(k, yi)];
      for (int t = yi; t < yi + p.duration && t < years_; ++t)
        if (budget_row_[static_cast<std::size_t>(t)] >= 0)
          v -= y[budget_row_[static_cast<std::size_t>(t)]] * p.cost_per_year;
      out.start_cost[static_cast<std::size_t>(k * years_ + yi)] = v;
    }
  }
  out.reward.assign(static_cast<std::size_t>(ncheck_), 0.0);
  for (int i = 0; i < ncheck_; ++i) out.reward[static_cast<std::size_t>(i)] = y[target_row0_ + i];
  out.arc_cost.clear();
  out.cohort_has_arc_cost.assign(G_, 0);
  out.start_adjust.assign(G_, {});
  for (std::size_t b = 0; b < branches_.size(); ++b) {
    const Branch& br = branches_[b];
    const bool forbidden = br.at_most && br.rhs < 0.5;
    if (br.kind == Branch::Kind::start) {
      out.start_adjust[br.arc.cohort].emplace_back(
          br.program, br.year, forbidden ? std::numeric_limits<double>::infinity() : -y[branch_row_[b]]);
      continue;
    }
    out.cohort_has_arc_cost[br.arc.cohort] = 1;
    double& c = out.arc_cost[br.arc];
    if (forbidden)
      c = std::numeric_limits<double>::infinity();  // the arc is forbidden
    else if (std::isfinite(c))
      c -= y[branch_row_[b]];
  }
}

double Master::cohort_dual(int g) const { return lp()->dualRowSolution()[g]; }

std::vector<double> Master::lp_x() const {
  const double* x = lp()->primalColumnSolution();
  std::vector<double> out(columns_.size());
  for (std::size_t j = 0; j < columns_.size(); ++j) out[j] = x[lp_col_[j]];
  return out;
}

std::unordered_map<Arc, double, ArcHash> Master::arc_flows() const {
  std::unordered_map<Arc, double, ArcHash> flow;
  const double* x = lp()->primalColumnSolution();
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const double v = x[lp_col_[j]];
    if (v <= 1e-9) continue;
    for (const Arc& a : columns_[j].arcs) flow[a] += v;
  }
  return flow;
}

std::optional<Branch> Master::fractional_start() const {
  const double* x = lp()->primalColumnSolution();
  std::unordered_map<std::uint64_t, double> q;
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const double v = x[lp_col_[j]];
    if (v <= 1e-9) continue;
    for (auto [k, s] : columns_[j].schedule.items)
      q[(static_cast<std::uint64_t>(columns_[j].cohort) << 32) | (static_cast<std::uint64_t>(k) << 16) |
        static_cast<std::uint64_t>(s - cp_.start)] += v;
  }
  std::optional<Branch> best;
  double best_score = -1;
  std::uint64_t best_key = 0;
  for (const auto& [key, f] : q) {
    const double frac = f - std::floor(f + 1e-9);
    if (frac < 1e-6 || frac > 1 - 1e-6) continue;
    const double score = std::min(frac, 1 - frac);
    // Most fractional; ties: the earliest year, then cohort, then program.
    auto order = [](std::uint64_t k) { return std::make_tuple(k & 0xFFFF, k >> 32, (k >> 16) & 0xFFFF); };
    if (!best || score > best_score + 1e-9 || (score >= best_score - 1e-9 && order(key) < order(best_key))) {
      Branch b;
      b.kind = Branch::Kind::start;
      b.arc.cohort = static_cast<std::uint32_t>(key >> 32);
      b.program = static_cast<int>((key >> 16) & 0xFFFF);
      b.year = static_cast<int>(key & 0xFFFF);
      b.at_most = false;
      b.rhs = std::ceil(f);
      best = b;
      best_score = score;
      best_key = key;
    }
  }
  return best;
}

void Master::score(IntegerSolution& sol) const {
  const auto& cks = co_.checkpoints();
  std::vector<double> got(cks.size(), 0.0);
  sol.C = 0;
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const double xj = x_at(sol, j);
    if (xj == 0) continue;
    sol.C += xj * columns_[j].cost;
    for (int i : columns_[j].achieved) got[static_cast<std::size_t>(i)] += xj;
  }
  sol.S = 0;
  for (std::size_t i = 0; i < cks.size(); ++i)
    sol.S += cks[i].weight * std::max(0.0, static_cast<double>(cks[i].required) - got[i]);
}

IntegerSolution Master::round_and_repair(const std::vector<double>& x_in) const {
  const std::size_t J = columns_.size();
  std::vector<double> x = x_in;
  x.resize(J, 0.0);
  IntegerSolution sol;
  sol.x.assign(J, 0.0);
  std::vector<double> left(G_);
  std::vector<int> empty(G_, -1);
  for (std::size_t g = 0; g < G_; ++g) left[g] = static_cast<double>(co_.count(g));
  for (std::size_t j = 0; j < J; ++j) {
    if (columns_[j].schedule.items.empty()) {
      empty[static_cast<std::size_t>(columns_[j].cohort)] = static_cast<int>(j);
      continue;
    }
    // Capped at what the cohort has left: an LP stopped by the time limit may
    // hold a solution that is not feasible.
    const auto g = static_cast<std::size_t>(columns_[j].cohort);
    const double v = std::min(left[g], std::max(0.0, std::floor(x[j] + 1e-9)));
    sol.x[j] = v;
    left[g] -= v;
  }
  // Residual capacities after the floors.
  std::vector<double> seats(static_cast<std::size_t>(P_ * years_)), budget(static_cast<std::size_t>(years_));
  for (int k = 0; k < P_; ++k)
    for (int yi = 0; yi < years_; ++yi)
      seats[static_cast<std::size_t>(k * years_ + yi)] =
          static_cast<double>(cp_.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)]);
  for (int yi = 0; yi < years_; ++yi) budget[static_cast<std::size_t>(yi)] = cp_.budget[static_cast<std::size_t>(yi)];
  auto use = [&](const Column& c, double times) {
    for (auto [k, s] : c.schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      seats[static_cast<std::size_t>(k * years_ + (s - cp_.start))] -= times;
      for (Year y = s; y < s + p.duration; ++y)
        budget[static_cast<std::size_t>(y - cp_.start)] -= times * p.cost_per_year;
    }
  };
  std::vector<double> spend(static_cast<std::size_t>(years_));
  // Under the capacity objective seats and money can be bought: every column fits.
  const bool buy = objective_ == Objective::capacity;
  auto fits = [&](const Column& c) {
    if (buy) return true;
    std::fill(spend.begin(), spend.end(), 0.0);
    for (auto [k, s] : c.schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      if (seats[static_cast<std::size_t>(k * years_ + (s - cp_.start))] < 1 - 1e-9) return false;
      for (Year y = s; y < s + p.duration; ++y) spend[static_cast<std::size_t>(y - cp_.start)] += p.cost_per_year;
    }
    for (int yi = 0; yi < years_; ++yi)
      if (spend[static_cast<std::size_t>(yi)] > 0 &&
          spend[static_cast<std::size_t>(yi)] > budget[static_cast<std::size_t>(yi)] + 1e-9)
        return false;
    return true;
  };
  for (std::size_t j = 0; j < J; ++j)
    if (sol.x[j] > 0) use(columns_[j], sol.x[j]);
  auto assign = [&](std::size_t j) {
    sol.x[j] += 1;
    left[static_cast<std::size_t>(columns_[j].cohort)] -= 1;
    use(columns_[j], 1);
  };
  // Fractional columns, largest fraction first (ties: column order).
  std::vector<std::size_t> frac;
  for (std::size_t j = 0; j < J; ++j)
    if (!columns_[j].schedule.items.empty() && x[j] - std::floor(x[j] + 1e-9) > 1e-6) frac.push_back(j);
  std::stable_sort(frac.begin(), frac.end(), [&](std::size_t a, std::size_t b) {
    return x[a] - std::floor(x[a] + 1e-9) > x[b] - std::floor(x[b] + 1e-9);
  });
  for (std::size_t j : frac)
    if (left[static_cast<std::size_t>(columns_[j].cohort)] >= 1 && fits(columns_[j])) assign(j);
  // Other columns of cohorts with members left: most achievements, then least cost.
  std::vector<std::vector<std::size_t>> by_cohort(G_);
  for (std::size_t j = 0; j < J; ++j)
    if (!columns_[j].schedule.items.empty() && left[static_cast<std::size_t>(columns_[j].cohort)] >= 1)
      by_cohort[static_cast<std::size_t>(columns_[j].cohort)].push_back(j);
  for (std::size_t g = 0; g < G_; ++g) {
    auto& cols = by_cohort[g];
    std::stable_sort(cols.begin(), cols.end(), [&](std::size_t a, std::size_t b) {
      if (columns_[a].achieved.size() != columns_[b].achieved.size())
        return columns_[a].achieved.size() > columns_[b].achieved.size();
      return columns_[a].cost < columns_[b].cost;
    });
    for (std::size_t j : cols)
      while (left[g] >= 1 && fits(columns_[j])) assign(j);
  }
  for (std::size_t g = 0; g < G_; ++g) sol.x[static_cast<std::size_t>(empty[g])] += left[g];
  score(sol);
  return sol;
}

std::optional<IntegerSolution> Master::solve_mip(const IntegerSolution& incumbent, double seconds, double rc_cutoff,
                                                 double relative_gap, const std::function<bool()>& stop,
                                                 std::string& log) const {
  return mip(incumbent, seconds, rc_cutoff, relative_gap, false, stop, log);
}

std::optional<IntegerSolution> Master::mip(const IntegerSolution& incumbent, double seconds, double rc_cutoff,
                                           double relative_gap, bool rens, const std::function<bool()>& stop,
                                           std::string& log, const std::vector<double>* x) const {
  if (!branches_.empty()) throw SolveError("internal: solve_mip with branches active");
  const double incumbent_obj = value(incumbent);
  // Columns that cannot be in a better solution are left out of CBC's copy,
  // and so are the artificial columns. RENS keeps only the columns the LP uses.
  const double* rc = lp()->dualColumnSolution();
  const double* lpx = lp()->primalColumnSolution();
  std::vector<double> given;  // x over the LP's columns
  if (x) {
    given.assign(static_cast<std::size_t>(lp()->numberColumns()), 0.0);
    for (std::size_t j = 0; j < columns_.size() && j < x->size(); ++j) given[static_cast<std::size_t>(lp_col_[j])] = (*x)[j];
    lpx = given.data();
  }
  std::vector<char> drop(static_cast<std::size_t>(lp()->numberColumns()), 0);
  for (std::size_t j = 0; j < columns_.size(); ++j)
    if ((rens ? lpx[lp_col_[j]] <= 1e-9 : rc[lp_col_[j]] > rc_cutoff) && x_at(incumbent, j) == 0.0)
      drop[static_cast<std::size_t>(lp_col_[j])] = 1;
  for (int a : artificial_col_)
    if (a >= 0) drop[static_cast<std::size_t>(a)] = 1;
  for (int a : free_artificials_) drop[static_cast<std::size_t>(a)] = 1;
  std::vector<int> dropped, kept;  // LP columns
  for (int c = 0; c < lp()->numberColumns(); ++c) (drop[static_cast<std::size_t>(c)] ? dropped : kept).push_back(c);
  std::vector<int> schedule_of(static_cast<std::size_t>(lp()->numberColumns()), -1);
  for (std::size_t j = 0; j < columns_.size(); ++j)
    schedule_of[static_cast<std::size_t>(lp_col_[j])] = static_cast<int>(j);
  std::vector<char> integer_col(static_cast<std::size_t>(lp()->numberColumns()), 0);
  for (std::size_t j = 0; j < columns_.size(); ++j) integer_col[static_cast<std::size_t>(lp_col_[j])] = 1;
  for (std::size_t c = 0; c < capacity_col_.size() && c < static_cast<std::size_t>(P_ * years_); ++c)
    integer_col[static_cast<std::size_t>(capacity_col_[c])] = 1;
  bool integral = objective_ == Objective::S;
  for (const auto& ck : co_.checkpoints()) integral = integral && ck.weight == std::floor(ck.weight);
  auto work = [&](bool dives) -> std::vector<double> {
    // In the child process.
    auto* copy = new ClpSimplex(*lp());
    if (!dropped.empty()) copy->deleteColumns(static_cast<int>(dropped.size()), dropped.data());
    OsiClpSolverInterface osi(copy, true);
    osi.messageHandler()->setLogLevel(0);
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (integer_col[static_cast<std::size_t>(kept[i])]) osi.setInteger(static_cast<int>(i));
    if (rens)  // each schedule's count between the LP value rounded down and up
      for (std::size_t i = 0; i < kept.size(); ++i)
        if (schedule_of[static_cast<std::size_t>(kept[i])] >= 0) {
          const double v = lpx[kept[i]];
          const double w = x_at(incumbent, static_cast<std::size_t>(schedule_of[static_cast<std::size_t>(kept[i])]));
          osi.setColLower(static_cast<int>(i), std::min(w, std::floor(v + 1e-9)));
          osi.setColUpper(static_cast<int>(i), std::max(w, std::ceil(v - 1e-9)));
        }
    CbcModel model(osi);
    model.setLogLevel(0);
    // No incumbent is passed: CBC then runs its feasibility pump, which on
    // these problems finds near-optimal solutions fast; the cutoff keeps it
    // to better ones.
    model.setCutoff(incumbent_obj + 1e-7);
    // S moves in whole steps; under the capacity objective seats are whole and
    // money and cost only break ties.
    // (RENS problems are small enough to close exactly.)
    run_cbc(model, seconds, relative_gap,
            integral ? 0.999 : (objective_ == Objective::capacity && !rens) ? 0.5 : 0.0, dives);
    // 1: finished; 2: proved nothing better than the cutoff exists; 0: stopped.
    std::vector<double> out{model.isProvenOptimal() ? 1.0 : model.isProvenInfeasible() ? 2.0 : 0.0,
                            model.getBestPossibleObjValue()};
    const double* sol = model.bestSolution();
    if (sol && model.getMinimizationObjValue() < incumbent_obj - 1e-7) out.insert(out.end(), sol, sol + kept.size());
    return out;
  };
  const auto t0 = std::chrono::steady_clock::now();
  const IsolatedResult r = run_cbc_isolated(work, seconds, stop);
  if (!r.values) {
    log = "CBC " + r.failure;
    return std::nullopt;
  }
  const auto& v = *r.values;
  std::ostringstream secs;
  secs.precision(2);
  secs << std::fixed << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log = std::string(rens ? "CBC (RENS) " : "CBC ") + "in " + secs.str() + " s: ";
  if (v[0] > 1.5) {
    log += rens ? "nothing better within the LP's rounding" : "nothing better over the columns";
    return std::nullopt;
  }
  log += std::string(v[0] > 0.5 ? "finished" : "stopped") +
         (rens ? ", its bound within the LP's rounding " : ", its bound over the columns ") + std::to_string(v[1]);
  if (v.size() != 2 + kept.size()) {
    log += ", no better solution";
    return std::nullopt;
  }
  IntegerSolution cand;
  cand.x.assign(columns_.size(), 0.0);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const int j = schedule_of[static_cast<std::size_t>(kept[i])];
    if (j >= 0) cand.x[static_cast<std::size_t>(j)] = std::round(v[2 + i]);
  }
  // Integrality and cohort totals must hold exactly; capacities too unless
  // capacity may be bought.
  std::vector<double> tot(G_, 0.0);
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    if (cand.x[j] < 0) {
      log += ", solution has a negative count (discarded)";
      return std::nullopt;
    }
    tot[static_cast<std::size_t>(columns_[j].cohort)] += cand.x[j];
  }
  for (std::size_t g = 0; g < G_; ++g)
    if (tot[g] != static_cast<double>(co_.count(g))) {
      log += ", solution does not place every member of cohort " + std::to_string(g) + " (discarded)";
      return std::nullopt;
    }
  if (objective_ != Objective::capacity && !fits_capacity(cand)) {
    log += ", solution breaks a capacity (discarded)";
    return std::nullopt;
  }
  score(cand);
  return cand;
}

bool Master::fits_capacity(const IntegerSolution& sol) const {
  std::vector<double> seats(static_cast<std::size_t>(P_ * years_), 0.0), spend(static_cast<std::size_t>(years_), 0.0);
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const double xj = x_at(sol, j);
    if (xj == 0) continue;
    for (auto [k, s] : columns_[j].schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      seats[static_cast<std::size_t>(k * years_ + (s - cp_.start))] += xj;
      for (Year y = s; y < s + p.duration; ++y)
        spend[static_cast<std::size_t>(y - cp_.start)] += xj * p.cost_per_year;
    }
  }
  for (int k = 0; k < P_; ++k)
    for (int yi = 0; yi < years_; ++yi)
      if (seats[static_cast<std::size_t>(k * years_ + yi)] >
          static_cast<double>(cp_.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)]) + 1e-9)
        return false;
  for (int yi = 0; yi < years_; ++yi)
    if (spend[static_cast<std::size_t>(yi)] > cp_.budget[static_cast<std::size_t>(yi)] * (1 + 1e-9) + 1e-9)
      return false;
  return true;
}

void Master::write_mps(const std::string& path) const {
  ClpSimplex copy(*lp());
  for (std::size_t j = 0; j < columns_.size(); ++j) copy.setInteger(lp_col_[j]);
  if (copy.writeMps(path.c_str(), 0, 1, copy.optimizationDirection()) != 0)
    throw Error("cannot write the model to " + path);
}

}  // namespace cadreplan::optimize
