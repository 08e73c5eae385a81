// cadreplan — generated scenarios for tests, property checks and benchmarks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cadreplan/model/scenario.hpp"

namespace cadreplan::synth {

/// What to generate. Every feature of the contract is exercised: overlapping
/// and age-dependent groups, two-step prerequisite chains (college ->
/// university, intermediate -> advanced), credentials that expire, retirement
/// inside the horizon, and (by the scales) seats and budgets that bind.
struct GenerateOptions {
  std::size_t cadres = 500;
  std::uint64_t seed = 1;
  Year start = 2022;
  int years = 9;                    ///< horizon length, >= 2
  int max_concurrent_programs = 1;  ///< >= 1
  int min_service_years_after = 0;  ///< >= 0
  double seat_scale = 1.0;          ///< seats relative to the generator's base (> 0)
  double budget_scale = 1.0;        ///< budget relative to the base; <= 0 means no budget cap
  /// True when the options make sense; otherwise false and @p why says what is wrong.
  bool is_valid(std::string* why = nullptr) const;
};

/// A scenario drawn from @p options; the same options give the same scenario
/// on every platform (explicit splitmix64 sampling, no std distributions).
/// @throws OptionsError when the options are invalid.
Scenario generate(const GenerateOptions& options);

}  // namespace cadreplan::synth
