// cadreplan — the year-by-year state of every cadre under a plan.
//
// What a plan does to each cadre, year by year, through the same rules code
// that scores it (rules::check): whether the cadre is active, its age, its
// level on every ladder at the end of the year, and for every credential the
// latest completion so far and whether it is valid; and per target, for every
// year of the horizon (not only checkpoints), the group size and how many in
// it achieve the target.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::projection {

/// A years x cadres table (row = year - horizon start, column = cadre index).
template <class T>
using YearTable = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The state of every cadre at the end of every year of the horizon.
struct Projection {
  Year start = 0;                        ///< horizon start (row 0)
  YearTable<std::uint8_t> active;        ///< 1 when active (age < retirement age)
  YearTable<std::int16_t> age;           ///< year - birth year
  std::vector<YearTable<std::uint8_t>> level;     ///< [ladder]: level index at the end of the year
  std::vector<YearTable<std::int32_t>> latest;    ///< [credential]: latest completion <= the year, or kNever
  std::vector<YearTable<std::uint8_t>> valid;     ///< [credential]: 1 when it counts at the end of the year
  std::size_t years() const noexcept { return static_cast<std::size_t>(active.rows()); }
  std::size_t cadres() const noexcept { return static_cast<std::size_t>(active.cols()); }
};

/// Group size and achievers of every target in every year.
struct AttainmentSeries {
  Year start = 0;
  /// [target] x [year - start]
  std::vector<std::vector<std::int64_t>> members;
  std::vector<std::vector<std::int64_t>> achieved;
};

/// Each cadre's state per year under @p plan (an empty Plan gives the
/// baseline). Enrollments naming unknown cadres or programs count for nothing,
/// as in rules::check. Memory: 3 + ladders + 5 x credentials bytes per cadre-year.
Projection project(const Scenario& scenario, const Plan& plan);

/// Group size and achievers of every target in every year of the horizon under
/// @p plan; at checkpoint years they equal rules::check's n and achieved.
AttainmentSeries attainment(const Scenario& scenario, const Plan& plan);

}  // namespace cadreplan::projection
