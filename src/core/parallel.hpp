// Internal: the one "parallel for" of the library's data-parallel passes
// (the checker, the projection, group members). Work is handed out one part
// at a time, so parts of uneven size balance; each part must write only its
// own results, so the outcome does not depend on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace cadreplan::detail {

/// @p threads as asked (> 0), or every core (<= 0).
inline std::size_t thread_count(int threads) noexcept {
  return threads > 0 ? static_cast<std::size_t>(threads) : std::max(1u, std::thread::hardware_concurrency());
}

/// Runs part(i) for every i in [0, parts) on up to @p threads threads, the
/// calling thread being one of them (one thread: in order, on the caller).
/// An exception from a part (out of memory, say) stops the handing out of
/// parts and is rethrown on the calling thread once every thread has ended.
template <class Part>
void parallel_for(std::size_t parts, std::size_t threads, const Part& part) {
  const std::size_t w = std::min(threads, parts);
  if (w <= 1) {
    for (std::size_t i = 0; i < parts; ++i) part(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> error(w);
  auto work = [&](std::size_t t) {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < parts;) part(i);
    } catch (...) {
      error[t] = std::current_exception();
      next = parts;
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(w - 1);
  for (std::size_t t = 1; t < w; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (const auto& e : error)
    if (e) std::rethrow_exception(e);
}

}  // namespace cadreplan::detail
