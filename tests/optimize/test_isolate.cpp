// run_isolated: the child's answer comes back; a crash, the time limit and a
// cancel kill only the child; the host's own crash handlers never see the
// child's crash (Python's faulthandler printed "Fatal Python error: Aborted"
// for a CBC child that tripped an assertion, though the solve went on fine).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "optimize/isolate.hpp"

using cadreplan::optimize::run_isolated;

namespace {
int g_marker_fd = -1;
void host_handler(int) {
  // What a host crash reporter does: write somewhere the host will see.
  const char c = 'X';
  (void)!::write(g_marker_fd, &c, 1);
  ::_exit(99);
}
}  // namespace

TEST(Isolate, ReturnsTheChildsNumbers) {
  auto r = run_isolated([] { return std::vector<double>{1.5, -2.0, 3.25}; }, 10.0, [] { return false; });
  ASSERT_TRUE(r.values.has_value()) << r.failure;
  EXPECT_EQ(*r.values, (std::vector<double>{1.5, -2.0, 3.25}));
}

TEST(Isolate, AChildCrashIsReportedAndNotSeenByTheHostsHandler) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  g_marker_fd = fds[1];
  struct sigaction sa {}, old_abrt{};
  sa.sa_handler = host_handler;
  ::sigaction(SIGABRT, &sa, &old_abrt);
  auto r = run_isolated([]() -> std::vector<double> { std::abort(); }, 10.0, [] { return false; });
  ::sigaction(SIGABRT, &old_abrt, nullptr);
  ::close(fds[1]);
  char c = 0;
  const ssize_t got = ::read(fds[0], &c, 1);
  ::close(fds[0]);
  EXPECT_FALSE(r.values.has_value());
  EXPECT_EQ(r.failure, "crashed (signal 6)");
  EXPECT_EQ(got, 0) << "the host's SIGABRT handler ran in the child";
}

TEST(Isolate, TimeLimitAndCancelKillTheChild) {
  auto slow = []() -> std::vector<double> {
    ::sleep(30);
    return {1.0};
  };
  auto t = run_isolated(slow, 0.3, [] { return false; });
  EXPECT_FALSE(t.values.has_value());
  EXPECT_EQ(t.failure, "time limit");
  std::atomic<int> calls{0};
  auto c = run_isolated(slow, 30.0, [&] { return ++calls > 2; });
  EXPECT_FALSE(c.values.has_value());
  EXPECT_EQ(c.failure, "cancelled");
}

// Two threads with a child each (the raced CBC runs, explanation fixes): a
// child must hold no descriptor but its own pipe. One forked while the other
// thread's pipe is open would keep that pipe open, and the other parent,
// whose child has answered, would wait for this child to end, past its time
// limit, and lose the answer.
TEST(Isolate, TheChildKeepsNoOtherDescriptor) {
  int other[2];
  ASSERT_EQ(::pipe(other), 0);  // as another thread's pipe, open while this child forks
  const int write_end = other[1];
  auto r = run_isolated(
      [write_end] {
        const bool open = ::fcntl(write_end, F_GETFD) != -1;
        return std::vector<double>{open ? 1.0 : 0.0};
      },
      10.0, [] { return false; });
  ::close(other[0]);
  ::close(other[1]);
  ASSERT_TRUE(r.values.has_value()) << r.failure;
  EXPECT_EQ((*r.values)[0], 0.0) << "the child kept another pipe's write end open";
}
