#include "optimize/master.hpp"

#include <ClpSimplex.hpp>
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "cadreplan/core/error.hpp"

namespace cadreplan::optimize {

namespace {

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

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

Master::Master(const Scenario& sc, const CohortSet& co, const Pricer& pricer)
    : sc_(sc), cp_(sc.compiled()), co_(co), pricer_(pricer), G_(co.size()), years_(cp_.years()),
      P_(static_cast<int>(cp_.programs.size())), lp_(std::make_unique<ClpSimplex>()) {
  lp_->setLogLevel(0);
  // Rows.
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
  empty_.assign(G_, -1);
  for (std::size_t g = 0; g < G_; ++g) empty_[g] = add(static_cast<int>(g), Schedule{});
}

Master::~Master() = default;

std::size_t Master::rows() const noexcept { return static_cast<std::size_t>(lp_->numberRows()); }

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
  // Merge duplicate rows (the same program started twice in one year).
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows[a] < rows[b]; });
  std::vector<int> r2;
  std::vector<double> v2;
  for (std::size_t i : order) {
    if (!r2.empty() && r2.back() == rows[i])
      v2.back() += vals[i];
    else {
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
  if (seen.count(key)) {
    for (std::size_t j = 0; j < columns_.size(); ++j)
      if (columns_[j].cohort == cohort && columns_[j].schedule == schedule) return static_cast<int>(j);
  }
  seen.insert(key);
  Column col;
  col.cohort = cohort;
  col.schedule = std::move(schedule);
  for (auto [k, s] : col.schedule.items) col.cost += cp_.programs[static_cast<std::size_t>(k)].total_cost();
  pricer_.achieved(static_cast<std::size_t>(cohort), col.schedule, col.achieved);
  std::vector<int> rows;
  std::vector<double> vals;
  coefficients(col, rows, vals);
  CoinBigIndex starts[2] = {0, static_cast<CoinBigIndex>(rows.size())};
  const double lo = 0.0, hi = COIN_DBL_MAX, obj = cost_phase_ ? col.cost : 0.0;
  lp_->addColumns(1, &lo, &hi, &obj, starts, rows.data(), vals.data());
  columns_.push_back(std::move(col));
  return static_cast<int>(columns_.size() - 1);
}

void Master::enter_cost_phase(double s_max) {
  cost_phase_ = true;
  std::vector<int> cols;
  std::vector<double> vals;
  for (int i = 0; i < ncheck_; ++i) {
    cols.push_back(i);
    vals.push_back(co_.checkpoints()[static_cast<std::size_t>(i)].weight);
    lp_->setObjectiveCoefficient(i, 0.0);
  }
  lp_->addRow(ncheck_, cols.data(), vals.data(), -COIN_DBL_MAX, s_max);
  s_row_ = lp_->numberRows() - 1;
  for (std::size_t j = 0; j < columns_.size(); ++j) lp_->setObjectiveCoefficient(ncheck_ + static_cast<int>(j), columns_[j].cost);
}

std::optional<double> Master::solve_lp(double seconds) {
  lp_->setMaximumSeconds(std::max(0.1, seconds));
  lp_->primal();
  const int st = lp_->status();
  if (st == 0) return lp_->objectiveValue();
  if (st == 3) return std::nullopt;  // stopped on time
  throw SolveError("the LP solver (CLP) returned status " + std::to_string(st) + " on the master problem");
}

void Master::prices(Prices& out) const {
  const double* y = lp_->dualRowSolution();
  out.start_cost.assign(static_cast<std::size_t>(P_ * years_), 0.0);
  for (int k = 0; k < P_; ++k) {
    const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
    for (int yi = 0; yi < years_; ++yi) {
      double v = (cost_phase_ ? p.total_cost() : 0.0) - y[seat_row(k, yi)];
      for (int t = yi; t < yi + p.duration && t < years_; ++t)
        if (budget_row_[static_cast<std::size_t>(t)] >= 0) v -= y[budget_row_[static_cast<std::size_t>(t)]] * p.cost_per_year;
      out.start_cost[static_cast<std::size_t>(k * years_ + yi)] = v;
    }
  }
  out.reward.assign(static_cast<std::size_t>(ncheck_), 0.0);
  for (int i = 0; i < ncheck_; ++i) out.reward[static_cast<std::size_t>(i)] = y[target_row0_ + i];
}

double Master::cohort_dual(int g) const { return lp_->dualRowSolution()[g]; }

const double* Master::lp_x() const { return lp_->primalColumnSolution() + ncheck_; }

void Master::score(IntegerSolution& sol) const {
  const auto& cks = co_.checkpoints();
  std::vector<double> got(cks.size(), 0.0);
  sol.C = 0;
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    if (sol.x[j] == 0) continue;
    sol.C += sol.x[j] * columns_[j].cost;
    for (int i : columns_[j].achieved) got[static_cast<std::size_t>(i)] += sol.x[j];
  }
  sol.S = 0;
  for (std::size_t i = 0; i < cks.size(); ++i)
    sol.S += cks[i].weight * std::max(0.0, static_cast<double>(cks[i].required) - got[i]);
}

IntegerSolution Master::round_down() const {
  IntegerSolution sol;
  sol.x.assign(columns_.size(), 0.0);
  const double* x = lp_x();
  std::vector<double> left(G_);
  for (std::size_t g = 0; g < G_; ++g) left[g] = static_cast<double>(co_.count(g));
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    if (empty_[static_cast<std::size_t>(columns_[j].cohort)] == static_cast<int>(j)) continue;
    const double v = std::floor(x[j] + 1e-9);
    sol.x[j] = v;
    left[static_cast<std::size_t>(columns_[j].cohort)] -= v;
  }
  for (std::size_t g = 0; g < G_; ++g) sol.x[static_cast<std::size_t>(empty_[g])] = left[g];
  score(sol);
  return sol;
}

IntegerSolution Master::round_and_repair() const {
  IntegerSolution sol = round_down();
  const double* x = lp_x();
  // Residual capacities after the floors.
  std::vector<double> seats(static_cast<std::size_t>(P_ * years_)), budget(static_cast<std::size_t>(years_));
  for (int k = 0; k < P_; ++k)
    for (int yi = 0; yi < years_; ++yi)
      seats[static_cast<std::size_t>(k * years_ + yi)] = static_cast<double>(cp_.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(yi)]);
  for (int yi = 0; yi < years_; ++yi) budget[static_cast<std::size_t>(yi)] = cp_.budget[static_cast<std::size_t>(yi)];
  std::vector<double> left(G_, 0.0);
  for (std::size_t g = 0; g < G_; ++g) left[g] = sol.x[static_cast<std::size_t>(empty_[g])];
  auto use = [&](const Column& c, double times) {
    for (auto [k, s] : c.schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      seats[static_cast<std::size_t>(k * years_ + (s - cp_.start))] -= times;
      for (Year y = s; y < s + p.duration; ++y) budget[static_cast<std::size_t>(y - cp_.start)] -= times * p.cost_per_year;
    }
  };
  auto fits = [&](const Column& c) {
    std::vector<double> spend(static_cast<std::size_t>(years_), 0.0);
    for (auto [k, s] : c.schedule.items) {
      const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      if (seats[static_cast<std::size_t>(k * years_ + (s - cp_.start))] < 1 - 1e-9) return false;
      for (Year y = s; y < s + p.duration; ++y) spend[static_cast<std::size_t>(y - cp_.start)] += p.cost_per_year;
    }
    for (int yi = 0; yi < years_; ++yi)
      if (spend[static_cast<std::size_t>(yi)] > 0 && spend[static_cast<std::size_t>(yi)] > budget[static_cast<std::size_t>(yi)] + 1e-9) return false;
    return true;
  };
  for (std::size_t j = 0; j < columns_.size(); ++j)
    if (empty_[static_cast<std::size_t>(columns_[j].cohort)] != static_cast<int>(j)) use(columns_[j], sol.x[j]);
  auto assign = [&](std::size_t j) {
    const auto g = static_cast<std::size_t>(columns_[j].cohort);
    sol.x[j] += 1;
    sol.x[static_cast<std::size_t>(empty_[g])] -= 1;
    left[g] -= 1;
    use(columns_[j], 1);
  };
  // Fractional columns, largest fraction first (ties: column order).
  std::vector<std::size_t> frac;
  for (std::size_t j = 0; j < columns_.size(); ++j)
    if (empty_[static_cast<std::size_t>(columns_[j].cohort)] != static_cast<int>(j) && x[j] - std::floor(x[j] + 1e-9) > 1e-6) frac.push_back(j);
  std::stable_sort(frac.begin(), frac.end(), [&](std::size_t a, std::size_t b) {
    return x[a] - std::floor(x[a] + 1e-9) > x[b] - std::floor(x[b] + 1e-9);
  });
  for (std::size_t j : frac)
    if (left[static_cast<std::size_t>(columns_[j].cohort)] >= 1 && fits(columns_[j])) assign(j);
  // Other columns of cohorts with members left: most achievements, then least cost.
  std::vector<std::vector<std::size_t>> by_cohort(G_);
  for (std::size_t j = 0; j < columns_.size(); ++j)
    if (empty_[static_cast<std::size_t>(columns_[j].cohort)] != static_cast<int>(j) && left[static_cast<std::size_t>(columns_[j].cohort)] >= 1)
      by_cohort[static_cast<std::size_t>(columns_[j].cohort)].push_back(j);
  for (std::size_t g = 0; g < G_; ++g) {
    auto& cols = by_cohort[g];
    std::stable_sort(cols.begin(), cols.end(), [&](std::size_t a, std::size_t b) {
      if (columns_[a].achieved.size() != columns_[b].achieved.size()) return columns_[a].achieved.size() > columns_[b].achieved.size();
      return columns_[a].cost < columns_[b].cost;
    });
    for (std::size_t j : cols)
      while (left[g] >= 1 && fits(columns_[j])) assign(j);
  }
  score(sol);
  return sol;
}

namespace {

class StopHandler : public CbcEventHandler {
 public:
  explicit StopHandler(const std::function<bool()>* stop) : stop_(stop) {}
  CbcAction event(CbcEvent) override { return (*stop_ && (*stop_)()) ? stop : noAction; }
  CbcEventHandler* clone() const override { return new StopHandler(*this); }

 private:
  const std::function<bool()>* stop_;
};

}  // namespace

Master::MipResult Master::solve_mip(const IntegerSolution& incumbent, double seconds, int threads, double rc_cutoff,
                                    double relative_gap, const std::function<bool()>& stop) {
  MipResult res;
  res.best = incumbent;
  const int ncols = lp_->numberColumns();
  OsiClpSolverInterface osi(new ClpSimplex(*lp_), true);
  osi.messageHandler()->setLogLevel(0);
  osi.getModelPtr()->setLogLevel(0);
  const double* rc = lp_->dualColumnSolution();
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const int col = ncheck_ + static_cast<int>(j);
    osi.setInteger(col);
    if (rc[col] > rc_cutoff && incumbent.x[j] == 0.0) osi.setColUpper(col, 0.0);
  }
  std::vector<double> start(static_cast<std::size_t>(ncols), 0.0);
  {
    // Shortfalls of the incumbent.
    const auto& cks = co_.checkpoints();
    std::vector<double> got(cks.size(), 0.0);
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      start[static_cast<std::size_t>(ncheck_) + j] = incumbent.x[j];
      for (int i : columns_[j].achieved) got[static_cast<std::size_t>(i)] += incumbent.x[j];
    }
    for (int i = 0; i < ncheck_; ++i)
      start[static_cast<std::size_t>(i)] = std::max(0.0, static_cast<double>(cks[static_cast<std::size_t>(i)].required) - got[static_cast<std::size_t>(i)]);
  }
  CbcModel model(osi);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  const double incumbent_obj = cost_phase_ ? incumbent.C : incumbent.S;
  // The incumbent is NOT passed as a solution: CBC then skips its feasibility
  // pump, which on these master problems finds near-optimal solutions in a
  // fraction of a second (measured: 0.5 s vs 5-50 s). The cutoff keeps the
  // search to solutions better than the incumbent; the caller keeps the best.
  model.setCutoff(incumbent_obj + 1e-7);
  StopHandler handler(&stop);
  model.passInEventHandler(&handler);
  CbcSolverUsefulData data;
  CbcMain0(model, data);
  const std::string sec = std::to_string(std::max(0.5, seconds));
  const std::string thr = std::to_string(std::max(1, threads));
  std::vector<std::string> args = {"cadreplan", "-log", "0", "-sec", sec, "-ratio", std::to_string(relative_gap)};
  if (!cost_phase_) {
    // S is a whole number when every weight is: stop as soon as the gap is below 1.
    bool integral = true;
    for (const auto& ck : co_.checkpoints()) integral = integral && ck.weight == std::floor(ck.weight);
    if (integral) {
      args.push_back("-allow");
      args.push_back("0.999");
    }
  }
  if (threads > 1) {
    args.push_back("-threads");
    args.push_back(thr);
  }
  args.push_back("-solve");
  args.push_back("-quit");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model, [](CbcModel*, int) { return 0; }, data);
  res.stopped = model.isSecondsLimitReached() || (stop && stop());
  res.proven = model.isProvenOptimal() && !res.stopped;
  res.bound = model.getBestPossibleObjValue();
  const double* sol = model.bestSolution();
  if (sol && model.getMinimizationObjValue() < incumbent_obj - 1e-7) {
    IntegerSolution cand;
    cand.x.assign(columns_.size(), 0.0);
    for (std::size_t j = 0; j < columns_.size(); ++j) cand.x[j] = std::round(sol[static_cast<std::size_t>(ncheck_) + j]);
    // Integrality and cohort totals must hold exactly; otherwise keep the incumbent.
    std::vector<double> tot(G_, 0.0);
    bool ok = true;
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      if (cand.x[j] < 0) ok = false;
      tot[static_cast<std::size_t>(columns_[j].cohort)] += cand.x[j];
    }
    for (std::size_t g = 0; g < G_; ++g) ok = ok && tot[g] == static_cast<double>(co_.count(g));
    if (ok) {
      score(cand);
      const double v = cost_phase_ ? cand.C : cand.S;
      if (v < incumbent_obj - 1e-9) res.best = cand;
    }
  }
  return res;
}

void Master::write_mps(const std::string& path) const {
  OsiClpSolverInterface osi(new ClpSimplex(*lp_), true);
  for (std::size_t j = 0; j < columns_.size(); ++j) osi.setInteger(ncheck_ + static_cast<int>(j));
  std::string base = path;
  if (base.size() > 4 && base.substr(base.size() - 4) == ".mps") base.resize(base.size() - 4);
  osi.writeMps(base.c_str(), "mps");
  std::FILE* f = std::fopen((base + ".mps").c_str(), "rb");
  if (!f) throw Error("cannot write the model to " + path);
  std::fclose(f);
}

}  // namespace cadreplan::optimize
