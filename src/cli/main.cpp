// The `cadreplan` command: plan, check, validate, export-scenario, generate.
//
// Exit status: 0 success (check: the plan is valid); 1 check: the plan breaks
// a rule; 2 unreadable or invalid input, or a usage error; 3 an internal error.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cadreplan/cadreplan.hpp"
#include "cadreplan/synth/national.hpp"

namespace fs = std::filesystem;
using namespace cadreplan;

namespace {

constexpr const char* kDefaultScenario = "hagiang-2022";

const char* kUsage = R"(cadreplan — plans the training of cadres against percentage targets

usage:
  cadreplan plan [SCENARIO] [--strategy NAME] [--out DIR] [--time-limit SECONDS]
                 [--threads N] [--seed N] [--set KEY=VALUE] [--write-mps FILE]
                 [--no-explain] [--quiet] [--verbose] [--report FILE] [--lang vi|en]
      Plan SCENARIO (a scenario YAML file, or a built-in name; default hagiang-2022)
      and print the scorecard, with why each missed checkpoint falls short. With
      --out, write plan.csv, attainment.csv and summary.json into DIR. With
      --report, write a self-contained HTML report (charts inline, no network)
      with labels in English (default) or Vietnamese (--lang vi).
  cadreplan explain [SCENARIO] [PLAN.csv] [--time-limit SECONDS] [--threads N]
                    [--no-fixes] [--out DIR]
      Why each target checkpoint the plan misses falls short (who can never
      reach it in time, which seats and budget bind) and the least extra seats
      and budget that would close it. Without PLAN.csv, plans with `optimal` first.
  cadreplan check SCENARIO PLAN.csv
      Check a plan against the rules; print each violation, S and C.
      Exit 0 when valid, 1 when invalid, 2 when the input cannot be read.
  cadreplan validate SCENARIO
      Read and validate a scenario; print its warnings.
  cadreplan export-scenario NAME DIR
      Write a built-in scenario as an editable scenario.yaml + roster.csv.
  cadreplan generate DIR [--cadres N] [--seed N] [--years N] [--max-concurrent N]
                     [--min-service N] [--seat-scale X] [--budget-scale X]
                     [--national [--provinces N]]
      Write a generated test scenario (scenario.yaml + roster.csv) into DIR.
      --national: a synthetic national scenario (63 provinces, their own groups
      and targets, 30 programs, 10 years; default 100,000 cadres).
  cadreplan compare [SCENARIO] [--time-limit SECONDS] [--threads N]
      Every strategy side by side: S, C, lower bound, gap, status, seconds.
  cadreplan strategies
      List the strategies.
  cadreplan --version | --help

Built-in scenarios: )";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  std::vector<std::string> sets;
  bool has(const std::string& k) const { return options.count(k) > 0; }
  std::string get(const std::string& k, const std::string& def = {}) const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

Args parse_args(int argc, char** argv, int from, const std::vector<std::string>& valued,
                const std::vector<std::string>& flags) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      std::string key = s, value;
      auto eq = s.find('=');
      if (eq != std::string::npos) {
        key = s.substr(0, eq);
        value = s.substr(eq + 1);
      }
      const bool is_valued = std::find(valued.begin(), valued.end(), key) != valued.end();
      const bool is_flag = std::find(flags.begin(), flags.end(), key) != flags.end();
      if (!is_valued && !is_flag) throw UsageError("unknown option " + key);
      if (is_valued && eq == std::string::npos) {
        if (i + 1 >= argc) throw UsageError("option " + key + " needs a value");
        value = argv[++i];
      }
      if (key == "--set")
        a.sets.push_back(value);
      else
        a.options[key] = value;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

double to_double(const std::string& opt, const std::string& v) {
  try {
    std::size_t used = 0;
    double d = std::stod(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return d;
  } catch (const std::exception&) {
    throw UsageError(opt + " expects a number, got '" + v + "'");
  }
}

long long to_int(const std::string& opt, const std::string& v) {
  try {
    std::size_t used = 0;
    long long d = std::stoll(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return d;
  } catch (const std::exception&) {
    throw UsageError(opt + " expects a whole number, got '" + v + "'");
  }
}

std::string builtin_list() {
  std::string s;
  for (auto& n : synth::builtin_scenarios()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

/// A scenario file, or a built-in scenario name.
Scenario load(const std::string& what) {
  std::error_code ec;
  if (fs::is_regular_file(what, ec)) return io::read_scenario(what);
  for (auto& n : synth::builtin_scenarios())
    if (n == what) return synth::builtin_scenario(what);
  Problem p{what, 0, "", what, "a scenario file or a built-in name (" + builtin_list() + ")",
            fs::exists(what, ec) ? "not a regular file" : "no such file, and no built-in scenario of that name"};
  throw ScenarioError("cannot read scenario '" + what + "': " + p.message + " (built-in: " + builtin_list() + ")", {p}, 1);
}

void print_warnings(const Scenario& sc) {
  for (const auto& w : sc.warnings()) std::cerr << "warning: " << w.to_string() << "\n";
}

/// A progress line on stderr when it is a terminal, at most twice a second.
ProgressCallback terminal_progress(bool quiet) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  auto last = std::make_shared<double>(-1.0);
  return [last](const Progress& p) {
    if (p.seconds - *last < 0.5) return true;
    *last = p.seconds;
    std::fprintf(stderr, "\r[%6.1f s] %-12s", p.seconds, p.phase.c_str());
    if (p.fraction >= 0) std::fprintf(stderr, " %5.1f%%", 100.0 * p.fraction);
    if (p.best_S >= 0) std::fprintf(stderr, "  S %g", p.best_S);
    if (p.lower_bound >= 0) std::fprintf(stderr, "  bound %g", p.lower_bound);
    std::fprintf(stderr, "  %-40.40s", p.message.c_str());
    std::fflush(stderr);
    return true;
  };
}

/// Writes the output files of a command into @p dir as one set (see
/// io::write_texts): all of them or none, never a half-written file. The folder
/// is created here, after everything was computed, so bad input creates
/// nothing; a folder created for a write that fails is removed again. SIGINT,
/// SIGTERM and SIGHUP are held back while the files go into place (a few
/// milliseconds) and act right after, on a complete set.
void write_outputs(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<fs::path> created;  // the folders this call creates, deepest first
  std::error_code ec;
  for (fs::path p = fs::path(dir).lexically_normal(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    created.push_back(p);
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create folder " + dir + ": " + ec.message());
  std::vector<std::pair<std::string, std::string>> paths;
  for (const auto& [name, content] : files) paths.emplace_back((fs::path(dir) / name).string(), content);
  sigset_t hold, before;
  sigemptyset(&hold);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&hold, sig);
  pthread_sigmask(SIG_BLOCK, &hold, &before);
  try {
    io::write_texts(paths);
  } catch (...) {
    for (const auto& d : created) fs::remove(d, ec);  // only empty folders go
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

int cmd_plan(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"--strategy", "--out", "--time-limit", "--threads", "--seed", "--set", "--write-mps", "--report", "--lang"},
                      {"--quiet", "--verbose", "--no-explain"});
  if (a.positional.size() > 1) throw UsageError("plan takes at most one SCENARIO");
  const bool quiet = a.has("--quiet");
  if (a.has("--lang") && !a.has("--report")) throw UsageError("--lang applies to --report FILE");
  report::HtmlOptions html;
  if (a.has("--lang")) {
    const std::string lang = a.get("--lang");
    if (lang != "en" && lang != "vi") throw UsageError("--lang expects vi or en, got '" + lang + "'");
    html.language = report::parse_language(lang);
  }
  Scenario sc = load(a.positional.empty() ? kDefaultScenario : a.positional[0]);
  if (!quiet) print_warnings(sc);
  SolveOptions opt;
  opt.strategy = a.get("--strategy", opt.strategy);
  if (a.has("--time-limit")) opt.time_limit = to_double("--time-limit", a.get("--time-limit"));
  if (a.has("--threads")) opt.threads = static_cast<int>(to_int("--threads", a.get("--threads")));
  if (a.has("--seed")) opt.seed = static_cast<std::uint64_t>(to_int("--seed", a.get("--seed")));
  for (const auto& kv : a.sets) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) throw UsageError("--set expects KEY=VALUE, got '" + kv + "'");
    opt.settings[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  opt.progress = terminal_progress(quiet);
  opt.write_mps = a.get("--write-mps");
  rules::Evaluation base = rules::baseline(sc);
  SolveResult res = solve(sc, opt);
  std::optional<explain::Explanation> ex;
  if (!a.has("--no-explain")) {
    explain::ExplainOptions eo;
    eo.threads = opt.threads;
    eo.time_limit = std::max(10.0, opt.time_limit);
    eo.progress = opt.progress;
    try {
      ex = explain::explain(sc, res.plan, eo);
    } catch (const OptionsError& e) {
      // A scenario past what explanations support (see docs/RELIABILITY.md):
      // the plan stands; say why it comes without explanations.
      if (opt.progress) std::fprintf(stderr, "\r%100s\r", "");
      std::cerr << "cadreplan: no explanations: " << e.what() << "\n";
    }
  }
  if (opt.progress) std::fprintf(stderr, "\r%100s\r", "");
  std::cout << report::scorecard(sc, base, res, ex ? &*ex : nullptr);
  if (a.has("--verbose")) std::cerr << res.report.full_report();
  if (a.has("--out")) {
    const std::string dir = a.get("--out");
    write_outputs(dir, {{"plan.csv", io::plan_csv(sc, res.plan)},
                        {"attainment.csv", report::attainment_csv(sc, res.evaluation)},
                        {"summary.json", report::summary_json(sc, base, res, ex ? &*ex : nullptr)}});
    if (!quiet) std::cout << "wrote " << dir << "/plan.csv, attainment.csv, summary.json\n";
  }
  if (a.has("--report")) {
    const std::string file = a.get("--report");
    const fs::path parent = fs::path(file).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    io::write_text(file, report::html_report(sc, res, ex ? &*ex : nullptr, html));
    if (!quiet) std::cout << "wrote " << file << "\n";
  }
  return 0;
}

int cmd_explain(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"--time-limit", "--threads", "--out"}, {"--no-fixes", "--quiet"});
  if (a.positional.size() > 2) throw UsageError("explain takes at most SCENARIO and PLAN.csv");
  Scenario sc = load(a.positional.empty() ? kDefaultScenario : a.positional[0]);
  explain::ExplainOptions eo;
  if (a.has("--time-limit")) eo.time_limit = to_double("--time-limit", a.get("--time-limit"));
  if (a.has("--threads")) eo.threads = static_cast<int>(to_int("--threads", a.get("--threads")));
  eo.fixes = !a.has("--no-fixes");
  eo.progress = terminal_progress(a.has("--quiet"));
  Plan plan;
  if (a.positional.size() == 2) {
    plan = io::read_plan(a.positional[1], sc);
  } else {
    SolveOptions opt;
    opt.time_limit = eo.time_limit;
    opt.threads = eo.threads;
    opt.progress = eo.progress;
    plan = solve(sc, opt).plan;
  }
  explain::Explanation ex = explain::explain(sc, plan, eo);
  if (eo.progress) std::fprintf(stderr, "\r%100s\r", "");
  std::cout << ex.text(sc);
  if (a.has("--out")) write_outputs(a.get("--out"), {{"explanation.json", report::explanation_json(sc, ex)}});
  return 0;
}

int cmd_check(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {}, {});
  if (a.positional.size() != 2) throw UsageError("check needs SCENARIO and PLAN.csv");
  Scenario sc = load(a.positional[0]);
  Plan plan = io::read_plan(a.positional[1], sc);
  rules::Evaluation ev = rules::check(sc, plan);
  std::cout << report::check_text(sc, plan, ev);
  return ev.valid ? 0 : 1;
}

int cmd_validate(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {}, {});
  if (a.positional.size() != 1) throw UsageError("validate needs one SCENARIO");
  Scenario sc = load(a.positional[0]);
  print_warnings(sc);
  const auto& s = sc.spec();
  std::cout << "valid: " << s.name << " — " << sc.roster().size() << " cadres, " << s.programs.size() << " programs, "
            << s.targets.size() << " targets, " << s.start << "–" << s.end << ", " << sc.warnings().size() << " warnings\n";
  return 0;
}

int cmd_export(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {}, {});
  if (a.positional.size() != 2) throw UsageError("export-scenario needs NAME and DIR");
  Scenario sc = synth::builtin_scenario(a.positional[0]);
  io::write_scenario(sc, a.positional[1]);
  std::cout << "wrote " << a.positional[1] << "/scenario.yaml and roster.csv (" << sc.roster().size() << " cadres)\n";
  return 0;
}

/// `generate --national`: synth::national() with the same option names.
int generate_national(const Args& a) {
  synth::NationalOptions o;
  if (a.has("--cadres")) {
    long long n = to_int("--cadres", a.get("--cadres"));
    if (n < 0) throw UsageError("--cadres must be >= 0");
    o.cadres = static_cast<std::size_t>(n);
  }
  if (a.has("--seed")) o.seed = static_cast<std::uint64_t>(to_int("--seed", a.get("--seed")));
  if (a.has("--provinces")) o.provinces = static_cast<int>(to_int("--provinces", a.get("--provinces")));
  if (a.has("--years")) o.years = static_cast<int>(to_int("--years", a.get("--years")));
  if (a.has("--max-concurrent")) o.max_concurrent_programs = static_cast<int>(to_int("--max-concurrent", a.get("--max-concurrent")));
  if (a.has("--min-service")) o.min_service_years_after = static_cast<int>(to_int("--min-service", a.get("--min-service")));
  if (a.has("--seat-scale")) o.seat_scale = to_double("--seat-scale", a.get("--seat-scale"));
  if (a.has("--budget-scale")) o.budget_scale = to_double("--budget-scale", a.get("--budget-scale"));
  Scenario sc = synth::national(o);
  io::write_scenario(sc, a.positional[0]);
  std::cout << "wrote " << a.positional[0] << "/scenario.yaml and roster.csv (" << sc.roster().size() << " cadres, "
            << sc.spec().programs.size() << " programs, " << sc.spec().targets.size() << " targets)\n";
  return 0;
}

int cmd_generate(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2,
                      {"--cadres", "--seed", "--years", "--max-concurrent", "--min-service", "--seat-scale", "--budget-scale",
                       "--provinces"},
                      {"--national"});
  if (a.positional.size() != 1) throw UsageError("generate needs DIR");
  if (a.has("--national")) return generate_national(a);
  if (a.has("--provinces")) throw UsageError("--provinces needs --national");
  synth::GenerateOptions o;
  if (a.has("--cadres")) {
    long long n = to_int("--cadres", a.get("--cadres"));
    if (n < 0) throw UsageError("--cadres must be >= 0");
    o.cadres = static_cast<std::size_t>(n);
  }
  if (a.has("--seed")) o.seed = static_cast<std::uint64_t>(to_int("--seed", a.get("--seed")));
  if (a.has("--years")) o.years = static_cast<int>(to_int("--years", a.get("--years")));
  if (a.has("--max-concurrent")) o.max_concurrent_programs = static_cast<int>(to_int("--max-concurrent", a.get("--max-concurrent")));
  if (a.has("--min-service")) o.min_service_years_after = static_cast<int>(to_int("--min-service", a.get("--min-service")));
  if (a.has("--seat-scale")) o.seat_scale = to_double("--seat-scale", a.get("--seat-scale"));
  if (a.has("--budget-scale")) o.budget_scale = to_double("--budget-scale", a.get("--budget-scale"));
  Scenario sc = synth::generate(o);
  io::write_scenario(sc, a.positional[0]);
  std::cout << "wrote " << a.positional[0] << "/scenario.yaml and roster.csv (" << sc.roster().size() << " cadres)\n";
  return 0;
}

int cmd_compare(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"--time-limit", "--threads"}, {"--quiet"});
  if (a.positional.size() > 1) throw UsageError("compare takes at most one SCENARIO");
  Scenario sc = load(a.positional.empty() ? kDefaultScenario : a.positional[0]);
  if (!a.has("--quiet")) print_warnings(sc);
  const rules::Evaluation base = rules::baseline(sc);
  std::printf("%s — %zu cadres; baseline S = %g\n\n", sc.spec().name.c_str(), sc.roster().size(), base.S);
  std::printf("%-10s %12s %14s %12s %10s %-10s %9s\n", "strategy", "S", "C", "lower bound", "gap", "status", "seconds");
  for (const auto& name : strategy_names()) {
    SolveOptions opt;
    opt.strategy = name;
    if (a.has("--time-limit")) opt.time_limit = to_double("--time-limit", a.get("--time-limit"));
    if (a.has("--threads")) opt.threads = static_cast<int>(to_int("--threads", a.get("--threads")));
    opt.progress = terminal_progress(a.has("--quiet"));
    const SolveResult r = solve(sc, opt);
    if (opt.progress) std::fprintf(stderr, "\r%100s\r", "");
    const SolveReport& rep = r.report;
    auto opt_num = [](std::optional<double> v) {
      if (!v) return std::string("-");
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", *v);
      return std::string(buf);
    };
    std::printf("%-10s %12g %14g %12s %10s %-10s %9.2f\n", name.c_str(), rep.S, rep.C, opt_num(rep.lower_bound).c_str(),
                opt_num(rep.gap()).c_str(), std::string(to_string(rep.status)).c_str(), rep.seconds);
  }
  return 0;
}

int cmd_strategies() {
  for (auto& n : strategy_names()) std::cout << n << ": " << make_strategy(n)->description() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cerr << kUsage << builtin_list() << "\n";
    return 2;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << kUsage << builtin_list() << "\n";
      return 0;
    }
    if (cmd == "--version") {
      std::cout << "cadreplan " << version() << "\n";
      return 0;
    }
    if (cmd == "plan") return cmd_plan(argc, argv);
    if (cmd == "check") return cmd_check(argc, argv);
    if (cmd == "explain") return cmd_explain(argc, argv);
    if (cmd == "validate") return cmd_validate(argc, argv);
    if (cmd == "export-scenario") return cmd_export(argc, argv);
    if (cmd == "generate") return cmd_generate(argc, argv);
    if (cmd == "strategies") return cmd_strategies();
    if (cmd == "compare") return cmd_compare(argc, argv);
    throw UsageError("unknown command '" + cmd + "'");
  } catch (const UsageError& e) {
    std::cerr << "cadreplan: " << e.what() << "\n(run 'cadreplan --help' for usage)\n";
    return 2;
  } catch (const InputError& e) {
    std::cerr << "cadreplan: " << e.what() << "\n";
    return 2;
  } catch (const OptionsError& e) {
    std::cerr << "cadreplan: " << e.what() << "\n";
    return 2;
  } catch (const SolveError& e) {
    std::cerr << "cadreplan: internal error: " << e.what() << "\n";
    return 3;
  } catch (const Error& e) {
    std::cerr << "cadreplan: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "cadreplan: out of memory\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "cadreplan: internal error: " << e.what() << "\n";
    return 3;
  }
}
