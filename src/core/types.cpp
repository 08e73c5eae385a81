#include "cadreplan/core/types.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cadreplan {

std::string_view to_string(Sex sex) noexcept { return sex == Sex::male ? "male" : "female"; }

namespace {

constexpr int kMaxDigits = 18;

std::int64_t pow10(int k) {
  std::int64_t p = 1;
  for (int i = 0; i < k; ++i) p *= 10;
  return p;
}

[[noreturn]] void bad(std::string_view text, const char* why) {
  throw std::invalid_argument("'" + std::string(text) + "' is not a decimal share: " + why);
}

}  // namespace

Share Share::parse(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty()) bad(text, "it is empty");
  bool negative = false;
  if (t.front() == '+' || t.front() == '-') {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  // Mantissa digits (without the point) and the position of the point.
  std::string digits;
  int frac_digits = 0;
  bool seen_point = false, seen_digit = false;
  std::size_t i = 0;
  for (; i < t.size(); ++i) {
    char ch = t[i];
    if (ch >= '0' && ch <= '9') {
      seen_digit = true;
      if (digits.empty() && ch == '0') {
        if (seen_point) ++frac_digits;  // leading zero after the point still shifts
        continue;
      }
      digits.push_back(ch);
      if (seen_point) ++frac_digits;
    } else if (ch == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) bad(text, "it has no digits");
  int exponent = 0;
  if (i < t.size()) {
    if (t[i] != 'e' && t[i] != 'E') bad(text, "unexpected character");
    ++i;
    std::string_view e = t.substr(i);
    if (!e.empty() && e.front() == '+') e.remove_prefix(1);
    auto [p, ec] = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (ec != std::errc() || p != e.data() + e.size() || e.empty()) bad(text, "bad exponent");
    if (exponent > 40 || exponent < -40) bad(text, "exponent out of range");
  }
  // value = digits * 10^(exponent - frac_digits)
  int scale = exponent - frac_digits;
  while (!digits.empty() && digits.back() == '0' && scale < 0) {
    digits.pop_back();
    ++scale;
  }
  Share s;
  if (digits.empty()) return s;  // zero
  if (static_cast<int>(digits.size()) > kMaxDigits) bad(text, "more than 18 significant digits");
  std::int64_t mant = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), mant);
  if (scale >= 0) {
    if (static_cast<int>(digits.size()) + scale > kMaxDigits) bad(text, "too large");
    s.num_ = mant * pow10(scale);
    s.den_ = 1;
  } else {
    if (-scale > kMaxDigits) bad(text, "more than 18 decimal places");
    s.num_ = mant;
    s.den_ = pow10(-scale);
  }
  if (negative) s.num_ = -s.num_;
  return s;
}

Share Share::from_double(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("a share must be a finite number");
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) throw std::invalid_argument("cannot format share");
  return parse(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

std::string Share::text() const {
  std::string out;
  std::int64_t n = num_;
  if (n < 0) {
    out.push_back('-');
    n = -n;
  }
  out += std::to_string(n / den_);
  std::int64_t frac = n % den_;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    int width = 0;
    for (std::int64_t d = den_; d > 1; d /= 10) ++width;
    f.insert(0, static_cast<std::size_t>(width) - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::int64_t Share::required(std::int64_t n) const noexcept {
  if (num_ <= 0 || n <= 0) return 0;
  int128_t prod = static_cast<int128_t>(num_) * n;
  return static_cast<std::int64_t>((prod + den_ - 1) / den_);
}

}  // namespace cadreplan
