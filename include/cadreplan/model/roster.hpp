// cadreplan — the roster: every cadre, stored by column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/core/types.hpp"

namespace cadreplan {

/// The cadres of a scenario, one column per attribute (a million rows fit in a
/// few hundred MB). Ladder levels are indices into the scenario's ladders, in
/// the order the scenario lists them; credentials hold the year of the latest
/// completion, or kNever.
///
/// A Roster is a plain value; Scenario::build checks that its columns agree
/// with the scenario (lengths, level ranges, ids, ages).
class Roster {
 public:
  std::vector<std::string> id;
  std::vector<Year> birth_year;
  std::vector<Sex> sex;
  std::vector<std::int32_t> tier;          ///< index into tier_names
  std::vector<std::string> tier_names;
  std::vector<std::uint32_t> flag_offset;  ///< size()+1 offsets into flag_id (CSR)
  std::vector<std::int32_t> flag_id;       ///< indices into flag_names
  std::vector<std::string> flag_names;
  std::vector<std::vector<std::uint8_t>> level;  ///< [ladder][cadre]
  std::vector<std::vector<Year>> credential;     ///< [credential][cadre]; kNever = never

  /// Provenance for messages: the CSV file and the line of each row (empty
  /// when the roster was built in code).
  std::string source_file;
  std::vector<int> source_line;

  /// An empty roster for @p ladders ladders and @p credentials credentials.
  Roster(std::size_t ladders = 0, std::size_t credentials = 0);

  std::size_t size() const noexcept { return id.size(); }

  /// Appends one cadre. @p levels has one entry per ladder, @p completed one
  /// per credential. Tier and flag names are interned.
  void add(std::string cadre_id, Year birth, Sex s, std::string_view tier_name,
           const std::vector<std::string>& flags, const std::vector<std::uint8_t>& levels,
           const std::vector<Year>& completed);

  std::int32_t intern_tier(std::string_view name);
  std::int32_t intern_flag(std::string_view name);
  /// -1 when no cadre has that tier / flag name.
  std::int32_t find_tier(std::string_view name) const noexcept;
  std::int32_t find_flag(std::string_view name) const noexcept;

  /// The tier name of cadre @p c.
  const std::string& tier_name(std::size_t c) const { return tier_names[tier[c]]; }
  /// The flags of cadre @p c, ";"-joined as in the CSV.
  std::string flags_text(std::size_t c) const;
  bool has_flag(std::size_t c, std::int32_t flag) const noexcept;
};

}  // namespace cadreplan
