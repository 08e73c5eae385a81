// cadreplan — a plan: one row per enrollment (cadre, program, start year).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cadreplan/core/types.hpp"

namespace cadreplan {

class Scenario;

/// One enrollment. `cadre` and `program` index the scenario's roster and
/// programs; a negative value -(k+1) names `Plan::unknown_ids[k]`, an id the
/// plan file used that the scenario does not have (rule 6).
struct Enrollment {
  std::int32_t cadre = 0;
  std::int32_t program = 0;
  Year start = 0;
  friend bool operator==(const Enrollment&, const Enrollment&) = default;
};

/// A training plan for one scenario.
class Plan {
 public:
  std::vector<Enrollment> enrollments;
  /// Ids a plan file named that the scenario lacks (see Enrollment).
  std::vector<std::string> unknown_ids;
  /// Provenance for messages: the CSV file and each row's line (may be empty).
  std::string source_file;
  std::vector<int> source_line;

  std::size_t size() const noexcept { return enrollments.size(); }

  /// The cadre id of enrollment @p row, as written.
  const std::string& cadre_id(const Scenario& s, std::size_t row) const;
  /// The program id of enrollment @p row, as written.
  const std::string& program_id(const Scenario& s, std::size_t row) const;

  /// Sorts rows by (start, program, cadre): the canonical order of written plans.
  void sort_canonical();
};

}  // namespace cadreplan
