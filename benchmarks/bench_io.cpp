// cadreplan benchmarks — reading the files of the contract.
//
//   io/read_roster/<case>     the roster CSV (file -> columnar Roster); rows/s
//   io/read_scenario/<case>   scenario YAML + roster CSV + validation and compilation
//
// The files are written once per process by bench_data.hpp; reading them
// again hits the page cache, so these measure parsing, not the disk.
#include <filesystem>

#include "bench_data.hpp"

using namespace cadreplan;
namespace fs = std::filesystem;

namespace {

void read_roster(benchmark::State& state, const std::string& name) {
  const Scenario& sc = bench::scenario(name);
  const std::string path = (fs::path(bench::scenario_dir(name)) / "roster.csv").string();
  const std::size_t rows = sc.roster().size();
  const auto bytes = static_cast<std::int64_t>(fs::file_size(path));
  for (auto _ : state) {
    Roster r = io::read_roster(path, sc.spec());
    benchmark::DoNotOptimize(r.id.data());
    if (r.size() != rows) state.SkipWithError("roster size changed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(rows));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * bytes);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_second"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

void read_scenario(benchmark::State& state, const std::string& name) {
  const std::string path = (fs::path(bench::scenario_dir(name)) / "scenario.yaml").string();
  const std::size_t rows = bench::scenario(name).roster().size();
  for (auto _ : state) {
    Scenario s = io::read_scenario(path);
    benchmark::DoNotOptimize(&s);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_second"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

void setup(benchmark::internal::Benchmark* b, const std::string&) {
  b->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
}

}  // namespace

int main(int argc, char** argv) {
  return bench::run_main(argc, argv, [] {
    bench::register_per_case("io/read_roster", read_roster, setup);
    bench::register_per_case("io/read_scenario", read_scenario, setup);
  });
}
