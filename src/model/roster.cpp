#include "cadreplan/model/roster.hpp"

#include <algorithm>

namespace cadreplan {

Roster::Roster(std::size_t ladders, std::size_t credentials)
    : flag_offset{0}, level(ladders), credential(credentials) {}

std::int32_t Roster::intern_tier(std::string_view name) {
  std::int32_t t = find_tier(name);
  if (t >= 0) return t;
  tier_names.emplace_back(name);
  return static_cast<std::int32_t>(tier_names.size() - 1);
}

std::int32_t Roster::intern_flag(std::string_view name) {
  std::int32_t f = find_flag(name);
  if (f >= 0) return f;
  flag_names.emplace_back(name);
  return static_cast<std::int32_t>(flag_names.size() - 1);
}

std::int32_t Roster::find_tier(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < tier_names.size(); ++i)
    if (tier_names[i] == name) return static_cast<std::int32_t>(i);
  return -1;
}

std::int32_t Roster::find_flag(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < flag_names.size(); ++i)
    if (flag_names[i] == name) return static_cast<std::int32_t>(i);
  return -1;
}

void Roster::add(std::string cadre_id, Year birth, Sex s, std::string_view tier_name,
                 const std::vector<std::string>& flags, const std::vector<std::uint8_t>& levels,
                 const std::vector<Year>& completed) {
  id.push_back(std::move(cadre_id));
  birth_year.push_back(birth);
  sex.push_back(s);
  tier.push_back(intern_tier(tier_name));
  if (flag_offset.empty()) flag_offset.push_back(0);
  for (const auto& f : flags) flag_id.push_back(intern_flag(f));
  flag_offset.push_back(static_cast<std::uint32_t>(flag_id.size()));
  for (std::size_t l = 0; l < level.size(); ++l) level[l].push_back(l < levels.size() ? levels[l] : 0);
  for (std::size_t k = 0; k < credential.size(); ++k)
    credential[k].push_back(k < completed.size() ? completed[k] : kNever);
}

std::string Roster::flags_text(std::size_t c) const {
  std::string out;
  for (std::uint32_t i = flag_offset[c]; i < flag_offset[c + 1]; ++i) {
    if (!out.empty()) out.push_back(';');
    out += flag_names[static_cast<std::size_t>(flag_id[i])];
  }
  return out;
}

bool Roster::has_flag(std::size_t c, std::int32_t flag) const noexcept {
  for (std::uint32_t i = flag_offset[c]; i < flag_offset[c + 1]; ++i)
    if (flag_id[i] == flag) return true;
  return false;
}

}  // namespace cadreplan
