#include "cadreplan/synth/apportion.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "cadreplan/core/error.hpp"

namespace cadreplan::synth {

namespace {

std::string to_text(int128_t v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  std::string s;
  while (v != 0) {
    int digit = static_cast<int>(v % 10);
    s.push_back(static_cast<char>('0' + (neg ? -digit : digit)));
    v /= 10;
  }
  if (neg) s.push_back('-');
  return {s.rbegin(), s.rend()};
}

/// The exact sum of decimal shares, as text ("1.0002").
std::string sum_text(const std::vector<Share>& shares) {
  // Common denominator: the largest (all are powers of ten).
  std::int64_t den = 1;
  for (const Share& s : shares) den = std::max(den, s.denominator());
  int128_t num = 0;
  for (const Share& s : shares) num += static_cast<int128_t>(s.numerator()) * (den / s.denominator());
  std::string whole = to_text(num / den);
  int128_t frac = num % den;
  if (frac == 0) return whole;
  std::string f = to_text(frac);
  int width = 0;
  for (std::int64_t d = den; d > 1; d /= 10) ++width;
  f.insert(0, static_cast<std::size_t>(width) - f.size(), '0');
  while (!f.empty() && f.back() == '0') f.pop_back();
  return whole + "." + f;
}

}  // namespace

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<Share>& shares) {
  if (total < 0) throw OptionsError("apportion: the total " + std::to_string(total) + " is negative");
  const std::size_t k = shares.size();
  for (std::size_t i = 0; i < k; ++i)
    if (shares[i].numerator() < 0)
      throw OptionsError("apportion: share " + std::to_string(i + 1) + " (" + shares[i].text() + ") is negative");
  std::vector<std::int64_t> count(k);
  std::vector<int128_t> rem(k);  // remainder numerators: q_i = count_i + rem_i / den_i
  int128_t floors = 0, ceils = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const int128_t q = static_cast<int128_t>(shares[i].numerator()) * total;
    const int128_t d = shares[i].denominator();
    const int128_t f = q / d;
    if (f > static_cast<int128_t>(INT64_MAX))
      throw OptionsError("apportion: share " + shares[i].text() + " of " + std::to_string(total) + " is too large");
    count[i] = static_cast<std::int64_t>(f);
    rem[i] = q % d;
    floors += f;
    ceils += f + (rem[i] != 0 ? 1 : 0);
  }
  if (floors > total || ceils < total)
    throw OptionsError("apportion: shares summing to " + sum_text(shares) + " cannot split " + std::to_string(total) +
                       " with every count within one person of its share (the floors sum to " + to_text(floors) +
                       ", the ceilings to " + to_text(ceils) + "); shares should sum to 1");
  const std::int64_t left = total - static_cast<std::int64_t>(floors);
  if (left == 0) return count;
  // Parts with a positive remainder, largest remainder first; ties: lower index first.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < k; ++i)
    if (rem[i] != 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    // rem[a]/den[a] > rem[b]/den[b], exactly (each < 1e18 x 1e18 < 2^127).
    return rem[a] * shares[b].denominator() > rem[b] * shares[a].denominator();
  });
  for (std::int64_t j = 0; j < left; ++j) ++count[order[static_cast<std::size_t>(j)]];
  return count;
}

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& shares) {
  std::vector<Share> exact;
  exact.reserve(shares.size());
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double s = shares[i];
    if (!(s >= 0.0)) throw OptionsError("apportion: share " + std::to_string(i + 1) + " (" + std::to_string(s) + ") is not a number >= 0");
    try {
      exact.push_back(Share::from_double(s));
    } catch (const std::invalid_argument& e) {
      throw OptionsError("apportion: share " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  return apportion(total, exact);
}

}  // namespace cadreplan::synth
