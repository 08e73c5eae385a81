// Internal: portable random draws for synthesis.
//
// std::mt19937_64's output sequence is fixed by the C++ standard, but the
// distributions and std::shuffle are not (libstdc++, libc++ and MSVC differ).
// These helpers use only the engine's raw 64-bit output, so a seed gives the
// same roster everywhere.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace cadreplan::synth::detail {

/// A seeded stream of portable random draws.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  /// Uniform in [0, n), n >= 1, without modulo bias: draws below
  /// 2^64 mod n are rejected, so the accepted range is a multiple of n.
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const std::uint64_t x = engine_();
      if (x >= threshold) return x % n;
    }
  }

  /// Uniform in [lo, hi], lo <= hi.
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo + 1)));
  }

  /// Fisher–Yates (Durstenfeld) shuffle: for i = n-1 .. 1, swap v[i] with
  /// v[j], j uniform in [0, i].
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(below(i));
      if (j != i - 1) std::swap(v[i - 1], v[j]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace cadreplan::synth::detail
