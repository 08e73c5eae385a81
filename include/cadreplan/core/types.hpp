// cadreplan — plain value types shared by every module.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace cadreplan {

__extension__ typedef __int128 int128_t;  ///< exact share arithmetic (GCC/Clang)

/// A calendar year (plan years, birth years, completion years).
using Year = int;

/// Sentinel for "never" (a credential never completed).
inline constexpr Year kNever = std::numeric_limits<Year>::min();

/// A cadre's sex, as the roster column `sex` spells it (`male` / `female`).
enum class Sex : std::uint8_t { male = 0, female = 1 };

/// "male" or "female".
std::string_view to_string(Sex sex) noexcept;

/// An exact decimal share in [0, 1], as written in a scenario ("0.9", "0.07", "1").
///
/// The contract requires required = ceil(p * n) computed on the decimal as
/// written, without floating-point drift (0.9 x 1977 -> 1780, 0.07 x 100 -> 7).
/// A Share keeps p as numerator / 10^k with k <= 18 and computes that ceiling
/// in 128-bit integers.
class Share {
 public:
  Share() = default;

  /// Parses a decimal literal: digits with an optional fraction and an optional
  /// exponent ("0.9", ".25", "1", "1e-1", "90e-2"). At most 18 significant
  /// fractional digits after normalisation.
  /// @throws std::invalid_argument when the text is not such a literal.
  /// Range [0, 1] is NOT checked here (validation reports it with its place).
  static Share parse(std::string_view text);

  /// The share written as the shortest decimal that round-trips @p value
  /// (0.9 -> "0.9"), for shares built in code or from Python floats.
  /// @throws std::invalid_argument for NaN, infinities or negative values.
  static Share from_double(double value);

  std::int64_t numerator() const noexcept { return num_; }
  std::int64_t denominator() const noexcept { return den_; }
  double value() const noexcept { return static_cast<double>(num_) / static_cast<double>(den_); }

  /// The canonical decimal text ("0.9", "1", "0.0725").
  std::string text() const;

  /// ceil(p * n), exactly. @p n must be >= 0.
  std::int64_t required(std::int64_t n) const noexcept;

  friend bool operator==(const Share& a, const Share& b) noexcept {
    return static_cast<int128_t>(a.num_) * b.den_ == static_cast<int128_t>(b.num_) * a.den_;
  }

 private:
  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

}  // namespace cadreplan
