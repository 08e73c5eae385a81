#include "rules/builder.hpp"

#include <algorithm>

#include "rules/state.hpp"

namespace cadreplan::rules {

PlanBuilder::PlanBuilder(const Scenario& sc)
    : sc_(sc),
      cp_(sc.compiled()),
      by_cadre_(sc.roster().size()),
      seats_used_(cp_.programs.size() * static_cast<std::size_t>(cp_.years()), 0),
      spent_(static_cast<std::size_t>(cp_.years()), 0.0) {}

int PlanBuilder::level_at_start(std::size_t c, int l, Year s) const noexcept {
  int lv = sc_.roster().level[static_cast<std::size_t>(l)][c];
  for (const Item& it : by_cadre_[c]) {
    const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(it.program)];
    if (p.ladder == l && it.end <= s - 1 && p.level > lv) lv = p.level;
  }
  return lv;
}

Year PlanBuilder::latest_completion(std::size_t c, int k, Year y) const noexcept {
  Year z = sc_.roster().credential[static_cast<std::size_t>(k)][c];
  if (z != kNever && z > y) z = kNever;
  for (const Item& it : by_cadre_[c])
    if (cp_.programs[static_cast<std::size_t>(it.program)].credential == k && it.end <= y) z = std::max(z, it.end);
  return z;
}

bool PlanBuilder::credential_valid(std::size_t c, int k, Year y) const noexcept {
  return cp_.credential_valid(k, latest_completion(c, k, y), y);
}

int PlanBuilder::occupancy(std::size_t c, Year y) const noexcept {
  int n = 0;
  for (const Item& it : by_cadre_[c]) n += it.start <= y && y <= it.end;
  return n;
}

std::int64_t PlanBuilder::seats_left(int k, Year s) const noexcept {
  if (s < cp_.start || s > cp_.end) return 0;
  return cp_.seats(k, s) - seats_used_[static_cast<std::size_t>(k) * static_cast<std::size_t>(cp_.years()) +
                                       static_cast<std::size_t>(s - cp_.start)];
}

double PlanBuilder::spent(Year y) const noexcept {
  if (y < cp_.start || y > cp_.end) return 0.0;
  return spent_[static_cast<std::size_t>(y - cp_.start)];
}

int PlanBuilder::test(std::size_t c, int k, Year s) const {
  const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
  const Year e = s + p.duration - 1;
  // Rules 1-5 for the new enrollment.
  int levels[64];
  std::vector<int> big;
  int* lv = levels;
  if (cp_.ladder_size.size() > 64) {
    big.resize(cp_.ladder_size.size());
    lv = big.data();
  }
  for (std::size_t l = 0; l < cp_.ladder_size.size(); ++l) lv[l] = level_at_start(c, static_cast<int>(l), s);
  if (unsigned broken = broken_rules(cp_, sc_.roster(), c, k, s, lv)) {
    for (int rule = 1; rule <= 5; ++rule)
      if (broken & (1u << rule)) return rule;
  }
  // Rule 5 for the cadre's later enrollments on the same ladder: the new
  // completion must not leave them unable to raise the level.
  if (p.ladder >= 0)
    for (const Item& it : by_cadre_[c]) {
      const detail::CProgram& q = cp_.programs[static_cast<std::size_t>(it.program)];
      if (q.ladder == p.ladder && it.start >= e + 1 && q.level <= p.level) return 5;
    }
  // Rule 7.
  for (Year y = s; y <= e; ++y)
    if (occupancy(c, y) + 1 > cp_.max_concurrent) return 7;
  // Rule 8.
  if (seats_left(k, s) < 1) return 8;
  // Rule 9.
  for (Year y = s; y <= e; ++y)
    if (!within_budget(spent(y) + p.cost_per_year, cp_.budget_at(y))) return 9;
  return 0;
}

void PlanBuilder::add(std::size_t c, int k, Year s) {
  const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
  const Year e = s + p.duration - 1;
  by_cadre_[c].push_back(Item{k, s, e});
  if (s >= cp_.start && s <= cp_.end)
    ++seats_used_[static_cast<std::size_t>(k) * static_cast<std::size_t>(cp_.years()) + static_cast<std::size_t>(s - cp_.start)];
  for (Year y = s; y <= e; ++y)
    if (y >= cp_.start && y <= cp_.end) spent_[static_cast<std::size_t>(y - cp_.start)] += p.cost_per_year;
  plan_.enrollments.push_back(Enrollment{static_cast<std::int32_t>(c), k, s});
}

void PlanBuilder::remove_last() {
  if (plan_.enrollments.empty()) return;
  const Enrollment e = plan_.enrollments.back();
  plan_.enrollments.pop_back();
  const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(e.program)];
  by_cadre_[static_cast<std::size_t>(e.cadre)].pop_back();
  if (e.start >= cp_.start && e.start <= cp_.end)
    --seats_used_[static_cast<std::size_t>(e.program) * static_cast<std::size_t>(cp_.years()) +
                  static_cast<std::size_t>(e.start - cp_.start)];
  for (Year y = e.start; y < e.start + p.duration; ++y)
    if (y >= cp_.start && y <= cp_.end) spent_[static_cast<std::size_t>(y - cp_.start)] -= p.cost_per_year;
}

}  // namespace cadreplan::rules
