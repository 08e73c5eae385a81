// cadreplan — largest-remainder (Hamilton) apportionment of head counts.
//
// Published statistics give shares ("postgraduate 14.13% of 2,943"); a
// synthetic roster needs whole people. apportion() turns shares into counts so
// that every count is the floor or the ceiling of its exact quota share x total
// (within one person) and the counts add up to the total exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "cadreplan/core/types.hpp"

namespace cadreplan::synth {

/// Largest-remainder (Hamilton) apportionment of @p total among parts with
/// the given @p shares.
///
/// Each part i has the exact quota q_i = share_i x total, computed on the
/// decimal share as written (a Share, so 0.1413 x 2943 is exactly 415.8459).
/// Every part first gets floor(q_i); the people left over,
/// d = total - sum floor(q_i), go one each to the d parts with the largest
/// fractional remainders q_i - floor(q_i).
///
/// Ties (equal remainders, compared exactly) go to the part listed FIRST
/// (lower index). A part with an integral quota (in particular a zero share)
/// never receives an extra person. The result is a pure function of its
/// arguments: no randomness, no floating point.
///
/// Guarantees: the counts sum to @p total, and each count is floor(q_i) or
/// ceil(q_i). Shares normally sum to 1; published shares that are rounded
/// (Hà Giang's "14.13% + 83.35% + 2.54% = 100.02%") are accepted as long as
/// such a rounding exists, i.e. sum floor(q_i) <= total <= sum ceil(q_i).
///
/// @param total  head count to distribute, >= 0.
/// @param shares one share per part, each >= 0 (exact decimals).
/// @return one count per part, in the order of @p shares.
/// @throws OptionsError when @p total is negative, a share is negative, or no
///         rounding within one person of every quota sums to @p total (the
///         shares are too far from summing to 1); the message gives the sum of
///         the shares and the bounds.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<Share>& shares);

/// apportion() for shares given as doubles. Each double is read as the
/// shortest decimal that round-trips it (0.1413 -> 1413/10000), then
/// apportioned exactly as above.
/// @throws OptionsError as above, and for a share that is NaN, infinite,
///         negative or has more than 18 decimal places.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& shares);

}  // namespace cadreplan::synth
