#include "cadreplan/optimize/solve.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <mutex>
#include <sstream>
#include <thread>

#include "optimize/context.hpp"
#include "optimize/strategies.hpp"

namespace cadreplan {

std::string_view to_string(SolveStatus status) noexcept {
  switch (status) {
    case SolveStatus::optimal: return "optimal";
    case SolveStatus::feasible: return "feasible";
    case SolveStatus::time_limit: return "time_limit";
    case SolveStatus::cancelled: return "cancelled";
  }
  return "unknown";
}

bool SolveOptions::is_valid(std::string* why) const {
  auto fail = [&](const std::string& msg) {
    if (why) *why = msg;
    return false;
  };
  if (!(time_limit > 0)) return fail("time_limit must be a positive number of seconds (got " + std::to_string(time_limit) + ")");
  if (threads < 0) return fail("threads must be 0 (every core) or a positive number (got " + std::to_string(threads) + ")");
  if (threads > 1024) return fail("threads must be at most 1024 (got " + std::to_string(threads) + ")");
  if (strategy.empty()) return fail("strategy is empty");
  return true;
}

std::optional<double> SolveReport::gap() const {
  if (!lower_bound) return std::nullopt;
  return std::max(0.0, S - *lower_bound);
}

std::optional<double> SolveReport::relative_gap() const {
  if (!lower_bound) return std::nullopt;
  return std::max(0.0, S - *lower_bound) / std::max(S, 1.0);
}

std::string SolveReport::brief_report() const {
  std::ostringstream os;
  os << strategy << ": " << to_string(status) << ", S = " << S << ", C = " << C;
  if (lower_bound) os << ", lower bound " << *lower_bound << ", gap " << *gap();
  os << ", " << std::fixed << std::setprecision(2) << seconds << " s";
  return os.str();
}

std::string SolveReport::full_report() const {
  std::ostringstream os;
  os << brief_report() << "\n";
  os << "  seed " << seed << ", threads " << threads << "\n";
  if (cost_lower_bound) os << "  cost lower bound at this S: " << *cost_lower_bound << "\n";
  for (auto& [phase, t] : timings) os << "  time " << phase << ": " << std::fixed << std::setprecision(3) << t << " s\n";
  for (auto& r : log) os << "  [" << std::fixed << std::setprecision(3) << r.seconds << " s] " << r.name << ": " << r.value << "\n";
  return os.str();
}

namespace {

struct Registry {
  std::mutex mu;
  std::map<std::string, StrategyFactory> factories;
  Registry() {
    factories["greedy"] = optimize::make_greedy;
    factories["flow"] = optimize::make_flow;
    factories["optimal"] = optimize::make_optimal;
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void register_strategy(const std::string& name, StrategyFactory factory) {
  if (name.empty()) throw OptionsError("a strategy needs a name");
  if (!factory) throw OptionsError("strategy '" + name + "' has no factory");
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  r.factories[name] = std::move(factory);
}

std::vector<std::string> strategy_names() {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  std::vector<std::string> names;
  for (auto& [n, f] : r.factories) names.push_back(n);
  return names;
}

std::unique_ptr<Strategy> make_strategy(std::string_view name) {
  Registry& r = registry();
  StrategyFactory f;
  {
    std::lock_guard lock(r.mu);
    auto it = r.factories.find(std::string(name));
    if (it != r.factories.end()) f = it->second;
  }
  if (!f) {
    std::string known;
    for (auto& n : strategy_names()) known += (known.empty() ? "" : ", ") + n;
    throw OptionsError("unknown strategy '" + std::string(name) + "' (known: " + known + ")");
  }
  return f();
}

SolveResult solve_with(Strategy& strategy, const Scenario& scenario, const SolveOptions& options) {
  std::string why;
  if (!options.is_valid(&why)) throw OptionsError("invalid solve options: " + why);
  SolveResult res;
  res.report.strategy = strategy.name();
  res.report.seed = options.seed;
  res.report.threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const auto t0 = std::chrono::steady_clock::now();
  res.plan = strategy.solve(scenario, options, res.report);
  const auto t1 = std::chrono::steady_clock::now();
  res.evaluation = rules::check(scenario, res.plan);
  const auto t2 = std::chrono::steady_clock::now();
  res.report.timings["strategy"] = std::chrono::duration<double>(t1 - t0).count();
  res.report.timings["check"] = std::chrono::duration<double>(t2 - t1).count();
  res.report.seconds = std::chrono::duration<double>(t2 - t0).count();
  res.report.S = res.evaluation.S;
  res.report.C = res.evaluation.C;
  if (!res.evaluation.valid) {
    std::string msg = "strategy '" + strategy.name() + "' returned a plan that breaks the rules (" +
                      std::to_string(res.evaluation.violation_count) + " violations)";
    for (std::size_t i = 0; i < res.evaluation.violations.size() && i < 5; ++i)
      msg += "\n  rule " + std::to_string(res.evaluation.violations[i].rule) + ": " + res.evaluation.violations[i].message;
    throw SolveError(msg);
  }
  if (res.report.lower_bound && *res.report.lower_bound > res.report.S + 1e-6)
    throw SolveError("strategy '" + strategy.name() + "' claims a lower bound " + std::to_string(*res.report.lower_bound) +
                     " above the S of its own plan (" + std::to_string(res.report.S) + ")");
  res.plan.sort_canonical();
  return res;
}

SolveResult solve(const Scenario& scenario, const SolveOptions& options) {
  std::string why;
  if (!options.is_valid(&why)) throw OptionsError("invalid solve options: " + why);
  auto strategy = make_strategy(options.strategy);
  return solve_with(*strategy, scenario, options);
}

}  // namespace cadreplan
