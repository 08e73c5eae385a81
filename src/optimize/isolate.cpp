#include "optimize/isolate.hpp"

#include <CbcModel.hpp>
#include <CbcSolver.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace cadreplan::optimize {

namespace {

bool write_all(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

IsolatedResult run_isolated(const std::function<std::vector<double>()>& work, double seconds,
                            const std::function<bool()>& stop) {
  IsolatedResult res;
  int fds[2];
  if (::pipe(fds) != 0) {
    res.failure = std::string("pipe failed: ") + std::strerror(errno);
    return res;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    res.failure = std::string("fork failed: ") + std::strerror(errno);
    return res;
  }
  if (pid == 0) {
    // Child: quiet, compute, send, leave without running the parent's atexit handlers.
    // A crash here is expected and handled by the parent: the host's crash
    // handlers (Python's faulthandler, a server's crash reporter) must not
    // report it as the host's, so the fatal signals get their default action.
    for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, SIG_DFL);
    ::close(fds[0]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(devnull, STDERR_FILENO);
    }
    // Keep no other descriptor: when two threads run children at once (the
    // raced CBC runs, explanation fixes), a child holding the other's pipe
    // would keep that pipe open after its own child has answered, and its
    // parent would wait for it until the time limit.
    if (fds[1] > 3) ::close_range(3, static_cast<unsigned>(fds[1]) - 1, 0);
    ::close_range(static_cast<unsigned>(fds[1]) + 1, ~0U, 0);
    int code = 0;
    try {
      const std::vector<double> out = work();
      const std::uint64_t n = out.size();
      if (!write_all(fds[1], &n, sizeof n) || !write_all(fds[1], out.data(), n * sizeof(double))) code = 2;
    } catch (...) {
      code = 3;
    }
    ::close(fds[1]);
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string bytes;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  bool killed = false;
  while (true) {
    pollfd p{fds[0], POLLIN, 0};
    const int r = ::poll(&p, 1, 100);
    if (r > 0) {
      char buf[1 << 16];
      const ssize_t got = ::read(fds[0], buf, sizeof buf);
      if (got > 0) {
        bytes.append(buf, static_cast<std::size_t>(got));
        continue;
      }
      if (got == 0) break;  // the child closed its end
      if (errno != EINTR) break;
    } else if (r < 0 && errno != EINTR) {
      break;
    }
    if (stop && stop()) {
      res.failure = "cancelled";
      killed = true;
    } else if (std::chrono::steady_clock::now() > deadline) {
      res.failure = "time limit";
      killed = true;
    }
    if (killed) {
      ::kill(pid, SIGKILL);
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (killed) return res;
  if (WIFSIGNALED(status)) {
    res.failure = "crashed (signal " + std::to_string(WTERMSIG(status)) + ")";
    return res;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    res.failure = "failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    return res;
  }
  std::uint64_t n = 0;
  if (bytes.size() < sizeof n) {
    res.failure = "no answer";
    return res;
  }
  std::memcpy(&n, bytes.data(), sizeof n);
  if (bytes.size() != sizeof n + n * sizeof(double)) {
    res.failure = "a truncated answer";
    return res;
  }
  std::vector<double> out(n);
  std::memcpy(out.data(), bytes.data() + sizeof n, n * sizeof(double));
  res.values = std::move(out);
  return res;
}

IsolatedResult run_cbc_isolated(const std::function<std::vector<double>(bool dives)>& work, double seconds,
                                const std::function<bool()>& stop) {
  const auto t0 = std::chrono::steady_clock::now();
  IsolatedResult r = run_isolated([&] { return work(true); }, cbc_wait(seconds), stop);
  if (!r.values && r.failure.rfind("crashed", 0) == 0) {
    const double left = seconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (left > 0.5) r = run_isolated([&] { return work(false); }, cbc_wait(left), stop);
    if (!r.values) r.failure = "crashed with its diving heuristics, then " + r.failure;
  }
  return r;
}

void run_cbc(CbcModel& model, double seconds, double relative_gap, double allowable_gap, bool dives) {
  CbcSolverUsefulData data;
  CbcMain0(model, data);
  std::vector<std::string> args = {"cadreplan", "-log", "0", "-sec", std::to_string(std::max(0.5, seconds)),
                                   "-timeMode", "elapsed", "-ratio", std::to_string(relative_gap)};
  if (allowable_gap > 0) {
    args.push_back("-allow");
    args.push_back(std::to_string(allowable_gap));
  }
  if (!dives)
    for (const char* dive : {"-DivingS", "-DivingC", "-DivingF", "-DivingG", "-DivingL", "-DivingP", "-DivingV"}) {
      args.push_back(dive);
      args.push_back("off");
    }
  args.push_back("-solve");
  args.push_back("-quit");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  CbcMain1(
      static_cast<int>(argv.size()), argv.data(), model, [](CbcModel*, int) { return 0; }, data);
}

}  // namespace cadreplan::optimize
