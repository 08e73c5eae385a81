// cadreplan benchmarks — the one generator header every suite shares.
//
// The benchmark CASES are scenarios by name:
//   hagiang-2022      the built-in province scenario (4,920 cadres)
//   national-<N>      synth::national() with N cadres, seed 1 ("national-100k",
//                     "national-1m", or any count: "national-250000")
// Each is built once per process and cached, with the greedy plan that the
// checker and projection benchmarks score, and (on first use) written as
// scenario.yaml + roster.csv into a temporary folder for the file benchmarks.
//
// Note: pass pointers to benchmark::DoNotOptimize. Google Benchmark 1.7.1's
// non-const-reference overload ("+r,m" constraint) can clobber a double with
// GCC (fixed in 1.8.0): it zeroed a counter here.
//
// Environment:
//   CADREPLAN_BENCH_CASES          comma-separated cases (default
//                                  "hagiang-2022,national-100k,national-1m")
//   CADREPLAN_BENCH_OPTIMAL_LIMIT  time limit in seconds of `optimal` on the
//                                  national cases (default 300)
//   CADREPLAN_BENCH_VERBOSE        when set, long solves print their full report
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/io/io.hpp"
#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/national.hpp"

namespace cadreplan::bench {

/// The seed of every national case.
inline constexpr std::uint64_t kNationalSeed = 1;

/// The case names to run (CADREPLAN_BENCH_CASES or the default three).
inline std::vector<std::string> cases() {
  const char* env = std::getenv("CADREPLAN_BENCH_CASES");
  std::string text = env && *env ? env : "hagiang-2022,national-100k,national-1m";
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t comma = text.find(',', from);
    const std::string item = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

/// National cadre count of a case name ("national-100k" -> 100000), or 0 for
/// a built-in scenario. @throws std::invalid_argument for a malformed name.
inline std::size_t national_size(std::string_view name) {
  if (name.rfind("national-", 0) != 0) return 0;
  std::string n(name.substr(9));
  std::size_t mult = 1;
  if (!n.empty() && (n.back() == 'k' || n.back() == 'K')) mult = 1000, n.pop_back();
  else if (!n.empty() && (n.back() == 'm' || n.back() == 'M')) mult = 1000000, n.pop_back();
  std::size_t used = 0;
  const unsigned long long v = std::stoull(n, &used);
  if (used != n.size()) throw std::invalid_argument("bad case name " + std::string(name));
  return static_cast<std::size_t>(v) * mult;
}

inline bool is_national(std::string_view name) { return national_size(name) > 0; }

/// The parts (spec + roster, before Scenario::build) of a case.
inline synth::NationalParts parts(const std::string& name) {
  if (const std::size_t n = national_size(name)) {
    synth::NationalOptions o;
    o.cadres = n;
    o.seed = kNationalSeed;
    return synth::national_parts(o);
  }
  ScenarioSpec spec = synth::builtin_spec(name);
  Roster roster = synth::synthesize_roster(spec, synth::builtin_synth_options(name));
  return synth::NationalParts{std::move(spec), std::move(roster)};
}

namespace detail {
struct Cached {
  std::unique_ptr<Scenario> scenario;
  std::unique_ptr<Plan> greedy;
  std::string dir;
};
inline std::map<std::string, Cached>& cache() {
  static std::map<std::string, Cached> c;
  return c;
}
inline std::mutex& cache_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace detail

/// The scenario of a case, built once per process.
inline const Scenario& scenario(const std::string& name) {
  std::lock_guard<std::mutex> lock(detail::cache_mutex());
  detail::Cached& c = detail::cache()[name];
  if (!c.scenario) {
    synth::NationalParts p = parts(name);
    c.scenario = std::make_unique<Scenario>(Scenario::build(std::move(p.spec), std::move(p.roster)));
  }
  return *c.scenario;
}

/// The greedy plan of a case (what the checker and the projection score).
inline const Plan& greedy_plan(const std::string& name) {
  const Scenario& sc = scenario(name);
  std::lock_guard<std::mutex> lock(detail::cache_mutex());
  detail::Cached& c = detail::cache()[name];
  if (!c.greedy) {
    SolveOptions o;
    o.strategy = "greedy";
    c.greedy = std::make_unique<Plan>(solve(sc, o).plan);
  }
  return *c.greedy;
}

/// A folder holding the case as scenario.yaml + roster.csv (written once per
/// process into the system's temporary folder).
inline const std::string& scenario_dir(const std::string& name) {
  const Scenario& sc = scenario(name);
  std::lock_guard<std::mutex> lock(detail::cache_mutex());
  detail::Cached& c = detail::cache()[name];
  if (c.dir.empty()) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("cadreplan-bench-" + std::to_string(static_cast<long long>(::getpid())) + "-" + name);
    io::write_scenario(sc, dir.string());
    c.dir = dir.string();
  }
  return c.dir;
}

/// Removes the folders scenario_dir() wrote (call before exit).
inline void remove_scenario_dirs() {
  std::lock_guard<std::mutex> lock(detail::cache_mutex());
  for (auto& [name, c] : detail::cache())
    if (!c.dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(c.dir, ec);
      c.dir.clear();
    }
}

/// Seconds of `optimal` on national cases (CADREPLAN_BENCH_OPTIMAL_LIMIT, default 300).
inline double optimal_time_limit() {
  const char* env = std::getenv("CADREPLAN_BENCH_OPTIMAL_LIMIT");
  return env && *env ? std::atof(env) : 300.0;
}

/// `optimal.gap` for the national cases (CADREPLAN_BENCH_OPTIMAL_GAP; empty
/// or unset: the default, prove S).
inline std::string optimal_gap() {
  const char* env = std::getenv("CADREPLAN_BENCH_OPTIMAL_GAP");
  return env ? std::string(env) : std::string();
}

inline bool verbose() {
  const char* env = std::getenv("CADREPLAN_BENCH_VERBOSE");
  return env && *env && std::string(env) != "0";
}

/// Peak resident memory of this process so far, in MB (getrusage).
inline double peak_rss_mb() {
  struct rusage u {};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

/// Sizes as counters: cadres, and enrollments of the plan when given.
inline void size_counters(benchmark::State& state, const Scenario& sc) {
  state.counters["cadres"] = static_cast<double>(sc.roster().size());
}

/// Registers @p fn under "<family>/<case>" for every case, with @p setup
/// applied; national cases of 1M+ cadres get one iteration and repetition.
template <class Fn, class Setup>
void register_per_case(const std::string& family, Fn fn, Setup setup) {
  for (const std::string& name : cases()) {
    auto* b = benchmark::RegisterBenchmark((family + "/" + name).c_str(), [fn, name](benchmark::State& st) { fn(st, name); });
    setup(b, name);
  }
}

/// The usual main: registration by @p register_all, then Google Benchmark.
template <class Register>
int run_main(int argc, char** argv, Register register_all) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  try {
    register_all();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cadreplan benchmarks: %s\n", e.what());
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  remove_scenario_dirs();
  return 0;
}

}  // namespace cadreplan::bench
