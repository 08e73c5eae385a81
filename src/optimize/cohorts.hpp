// Internal: cohort aggregation. Cadres that no rule and no score can tell
// apart are one cohort; strategies decide counts per cohort and schedule,
// and disaggregate to named cadres at the end.
//
// Two cadres are in the same cohort iff they agree on: the last year they
// are active (clipped to the years any rule looks at); their level on every
// ladder; for every program and start year, whether its eligibility holds;
// for every target checkpoint, whether they are in its group and whether
// their roster credential alone achieves it. Everything rules 1-9 and the
// score read about a cadre is a function of these, so any member can stand
// for the cohort and members are interchangeable in any plan.
#pragma once

#include <cstdint>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "model/compiled.hpp"

namespace cadreplan::optimize {

/// A target checkpoint, flattened (target order, then year).
struct CheckpointInfo {
  int target = 0;
  Year year = 0;
  std::int64_t n = 0;
  std::int64_t required = 0;
  double weight = 1.0;
  int ladder = -1, level = -1, credential = -1;
};

class CohortSet {
 public:
  CohortSet(const Scenario& sc, int threads);

  std::size_t size() const noexcept { return last_active_.size(); }
  int years() const noexcept { return years_; }
  const std::vector<CheckpointInfo>& checkpoints() const noexcept { return checkpoints_; }

  /// Members of cohort @p g, ascending cadre index.
  const std::uint32_t* members_begin(std::size_t g) const noexcept { return members_.data() + offset_[g]; }
  const std::uint32_t* members_end(std::size_t g) const noexcept { return members_.data() + offset_[g + 1]; }
  std::int64_t count(std::size_t g) const noexcept { return offset_[g + 1] - offset_[g]; }
  std::uint32_t representative(std::size_t g) const noexcept { return members_[offset_[g]]; }
  /// The cohort of cadre @p c.
  std::uint32_t cohort_of(std::size_t c) const noexcept { return cohort_of_[c]; }

  Year last_active(std::size_t g) const noexcept { return last_active_[g]; }
  int level(std::size_t g, int ladder) const noexcept { return level_[g * ladders_ + static_cast<std::size_t>(ladder)]; }
  /// Program @p k's eligibility holds for the cohort in start year @p s (in the horizon).
  bool eligible(std::size_t g, int k, Year s) const noexcept {
    return bit(eligible_, (g * programs_ + static_cast<std::size_t>(k)) * year_words_, s - start_);
  }
  /// The cohort is in checkpoint @p i's group in its year.
  bool member(std::size_t g, int i) const noexcept { return bit(member_, g * ck_words_, i); }
  /// The cohort's roster credential alone achieves credential checkpoint @p i.
  bool roster_covered(std::size_t g, int i) const noexcept { return bit(covered_, g * ck_words_, i); }

 private:
  static bool bit(const std::vector<std::uint64_t>& v, std::size_t base, int i) noexcept {
    return (v[base + static_cast<std::size_t>(i) / 64] >> (static_cast<unsigned>(i) % 64)) & 1u;
  }
  Year start_ = 0;
  int years_ = 0;
  std::size_t ladders_ = 0, programs_ = 0, year_words_ = 0, ck_words_ = 0;
  std::vector<CheckpointInfo> checkpoints_;
  std::vector<std::uint32_t> offset_, members_, cohort_of_;
  std::vector<Year> last_active_;
  std::vector<std::uint8_t> level_;
  std::vector<std::uint64_t> eligible_, member_, covered_;
};

}  // namespace cadreplan::optimize
