#include "rules/state.hpp"

#include <algorithm>

namespace cadreplan::rules {

Timelines::Timelines(const Scenario& sc, const Plan& plan, const std::vector<char>& counted)
    : sc_(sc), cp_(sc.compiled()) {
  const std::size_t n = sc.roster().size();
  offset_.assign(n + 1, 0);
  const auto& E = plan.enrollments;
  auto use = [&](std::size_t i) {
    if (!counted.empty()) return counted[i] != 0;
    return E[i].cadre >= 0 && static_cast<std::size_t>(E[i].cadre) < n && E[i].program >= 0 &&
           static_cast<std::size_t>(E[i].program) < cp_.programs.size();
  };
  for (std::size_t i = 0; i < E.size(); ++i)
    if (use(i)) ++offset_[static_cast<std::size_t>(E[i].cadre) + 1];
  for (std::size_t c = 0; c < n; ++c) offset_[c + 1] += offset_[c];
  done_.resize(offset_[n]);
  std::vector<std::uint32_t> fill(offset_.begin(), offset_.end() - 1);
  for (std::size_t i = 0; i < E.size(); ++i)
    if (use(i)) done_[fill[static_cast<std::size_t>(E[i].cadre)]++] = Done{completion_year(cp_, E[i]), E[i].program};
  for (std::size_t c = 0; c < n; ++c)
    if (offset_[c + 1] - offset_[c] > 1)
      std::sort(done_.begin() + offset_[c], done_.begin() + offset_[c + 1],
                [](const Done& a, const Done& b) { return a.year != b.year ? a.year < b.year : a.program < b.program; });
}

int Timelines::level_end(std::size_t c, int l, Year y) const noexcept {
  int lv = sc_.roster().level[static_cast<std::size_t>(l)][c];
  for (std::uint32_t i = offset_[c]; i < offset_[c + 1] && done_[i].year <= y; ++i) {
    const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(done_[i].program)];
    if (p.ladder == l && p.level > lv) lv = p.level;
  }
  return lv;
}

Year Timelines::latest_completion(std::size_t c, int k, Year y) const noexcept {
  Year z = sc_.roster().credential[static_cast<std::size_t>(k)][c];
  if (z != kNever && z > y) z = kNever;
  for (std::uint32_t i = offset_[c]; i < offset_[c + 1] && done_[i].year <= y; ++i)
    if (cp_.programs[static_cast<std::size_t>(done_[i].program)].credential == k) z = std::max(z, done_[i].year);
  return z;
}

bool Timelines::credential_valid(std::size_t c, int k, Year y) const noexcept {
  return cp_.credential_valid(k, latest_completion(c, k, y), y);
}

Attainment::Attainment(const Scenario& sc, const Plan& plan, const std::vector<char>& counted)
    : sc_(sc), cp_(sc.compiled()), tl_(sc, plan, counted), static_member_(cp_.groups.size()) {
  const Roster& r = sc.roster();
  for (const auto& t : cp_.targets) {
    auto& m = static_member_[static_cast<std::size_t>(t.group)];
    if (!m.empty() || r.size() == 0) continue;
    m.resize(r.size());
    const detail::CSelector& g = cp_.groups[static_cast<std::size_t>(t.group)];
    for (std::size_t c = 0; c < r.size(); ++c) m[c] = g.static_holds(r, c);
  }
}

bool Attainment::member(int t, std::size_t c, Year y) const noexcept {
  const detail::CTarget& tg = cp_.targets[static_cast<std::size_t>(t)];
  const Roster& r = sc_.roster();
  return static_member_[static_cast<std::size_t>(tg.group)][c] && cp_.active(r, c, y) &&
         cp_.groups[static_cast<std::size_t>(tg.group)].age_holds(r.birth_year[c], y);
}

bool Attainment::achieves(int t, std::size_t c, Year y) const noexcept {
  const detail::CTarget& tg = cp_.targets[static_cast<std::size_t>(t)];
  if (tg.ladder >= 0) return tl_.reached(c, tg.ladder, tg.level, y);
  return tl_.credential_valid(c, tg.credential, y);
}

void Attainment::count(int t, Year y, std::int64_t& n, std::int64_t& achieved) const {
  n = achieved = 0;
  const std::size_t size = sc_.roster().size();
  for (std::size_t c = 0; c < size; ++c) {
    if (!member(t, c, y)) continue;
    ++n;
    if (achieves(t, c, y)) ++achieved;
  }
}

}  // namespace cadreplan::rules
