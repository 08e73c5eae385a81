// Test support: runs the cadreplan command in a child process under a time
// limit and reports how it ended (exit status, signal, time out) with what it
// wrote. The child leads its own process group, so a time out kills it and
// anything it started (the optimizer's CBC child) together.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#ifndef CADREPLAN_CLI
#error "CADREPLAN_CLI must name the built command"
#endif

namespace cadreplan::test {

struct RunResult {
  bool started = false;    ///< false when fork failed
  bool timed_out = false;  ///< killed at the time limit
  bool signaled = false;   ///< ended by a signal (a crash, or a kill)
  int signal = 0;
  int status = -1;  ///< exit status when it exited
  double seconds = 0.0;
  std::string out, err;

  /// "exit 2", "signal 11 (Segmentation fault)", "timed out after 60 s".
  std::string how() const {
    if (!started) return "not started";
    if (timed_out) return "timed out after " + std::to_string(seconds) + " s";
    if (signaled) return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    return "exit " + std::to_string(status);
  }
  /// A sanitizer report in what it wrote (the sanitizer build aborts on one,
  /// but a report is a failure however the process ended).
  bool sanitizer_report() const {
    for (const char* s : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer"})
      if (err.find(s) != std::string::npos || out.find(s) != std::string::npos) return true;
    return false;
  }
  std::string dump() const {
    std::string e = err.size() > 4000 ? err.substr(0, 4000) + "..." : err;
    std::string o = out.size() > 2000 ? out.substr(0, 2000) + "..." : out;
    return how() + "\n--- stderr:\n" + e + "\n--- stdout:\n" + o;
  }
};

/// Options of run_cli.
struct RunOptions {
  double timeout_seconds = 120.0;
  /// Limit on the size of any file the child writes (RLIMIT_FSIZE), 0 = none;
  /// SIGXFSZ is ignored so that a write past it fails with EFBIG instead.
  long long max_file_bytes = 0;
  /// Called in the parent about every 20 ms while the child runs (pid, seconds
  /// so far); e.g. to send it a signal.
  std::function<void(pid_t, double)> while_running;
};

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

/// Runs the cadreplan command with @p args; stdout and stderr go to files in
/// @p scratch (a folder that exists) and are read back.
inline RunResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& scratch,
                         const RunOptions& options = {}) {
  RunResult r;
  const std::string out_file = (scratch / "cli.stdout").string(), err_file = (scratch / "cli.stderr").string();
  std::vector<std::string> argv_s{CADREPLAN_CLI};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return r;
  if (pid == 0) {
    ::setpgid(0, 0);
    const int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || in < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    if (options.max_file_bytes > 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      struct rlimit lim {};
      lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(options.max_file_bytes);
      ::setrlimit(RLIMIT_FSIZE, &lim);
    }
    // Default dispositions and an empty mask, whatever the test process has.
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  r.started = true;
  ::setpgid(pid, pid);  // also here: no race with the child's own call
  int status = 0;
  while (true) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (r.seconds > options.timeout_seconds) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    if (options.while_running) options.while_running(pid, r.seconds);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Whatever the command left running in its group (it should leave nothing).
  ::kill(-pid, SIGKILL);
  if (!r.timed_out) {
    if (WIFSIGNALED(status)) {
      r.signaled = true;
      r.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
      r.status = WEXITSTATUS(status);
    }
  }
  r.out = read_all(out_file);
  r.err = read_all(err_file);
  return r;
}

/// @p json with the value of every "seconds" key (the timings of
/// summary.json and explanation.json) replaced by 0: what may differ between
/// two runs of the same plan. Nothing else is changed.
inline std::string without_timings(std::string json) {
  const std::string key = "\"seconds\": ";
  for (auto at = json.find(key); at != std::string::npos; at = json.find(key, at + 1)) {
    const auto from = at + key.size();
    auto to = from;
    while (to < json.size() && std::string_view("0123456789+-.eE").find(json[to]) != std::string_view::npos) ++to;
    json.replace(from, to - from, "0");
  }
  return json;
}

/// The files in @p dir (names, sorted), or {} when it does not exist.
inline std::vector<std::string> files_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace cadreplan::test
