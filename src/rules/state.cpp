#include "rules/state.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>

#include "core/parallel.hpp"

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

std::vector<std::vector<std::uint32_t>> target_group_members(const Scenario& sc, int threads) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const std::size_t n = r.size();
  std::vector<std::vector<std::uint32_t>> out(cp.groups.size());
  std::vector<int> todo;  // the groups targets use, each once
  {
    std::vector<char> used(cp.groups.size(), 0);
    for (const auto& t : cp.targets)
      if (!used[static_cast<std::size_t>(t.group)]) {
        used[static_cast<std::size_t>(t.group)] = 1;
        todo.push_back(t.group);
      }
  }
  if (todo.empty() || n == 0) return out;
  // The holders of each flag (CSR, ascending cadre), only if a group needs it.
  bool any_flags = false;
  for (int g : todo) any_flags = any_flags || !cp.groups[static_cast<std::size_t>(g)].flags.empty();
  std::vector<std::uint32_t> f_offset, f_cadre;
  if (any_flags) {
    const std::size_t F = r.flag_names.size();
    f_offset.assign(F + 1, 0);
    for (std::int32_t f : r.flag_id) ++f_offset[static_cast<std::size_t>(f) + 1];
    for (std::size_t f = 0; f < F; ++f) f_offset[f + 1] += f_offset[f];
    f_cadre.resize(f_offset[F]);
    std::vector<std::uint32_t> fill(f_offset.begin(), f_offset.end() - 1);
    for (std::size_t c = 0; c < n; ++c)
      for (std::uint32_t i = r.flag_offset[c]; i < r.flag_offset[c + 1]; ++i)
        f_cadre[fill[static_cast<std::size_t>(r.flag_id[i])]++] = static_cast<std::uint32_t>(c);
  }
  auto one = [&](int gi) {
    const detail::CSelector& g = cp.groups[static_cast<std::size_t>(gi)];
    auto& m = out[static_cast<std::size_t>(gi)];
    if (g.never) return;
    if (g.flags.empty()) {
      for (std::size_t c = 0; c < n; ++c)
        if (g.static_holds(r, c)) m.push_back(static_cast<std::uint32_t>(c));
      return;
    }
    std::int32_t rare = g.flags.front();
    for (std::int32_t f : g.flags)
      if (f_offset[static_cast<std::size_t>(f) + 1] - f_offset[static_cast<std::size_t>(f)] <
          f_offset[static_cast<std::size_t>(rare) + 1] - f_offset[static_cast<std::size_t>(rare)])
        rare = f;
    std::uint32_t last = UINT32_MAX;  // a flag listed twice on one cadre is one holder
    for (std::uint32_t i = f_offset[static_cast<std::size_t>(rare)]; i < f_offset[static_cast<std::size_t>(rare) + 1]; ++i) {
      const std::uint32_t c = f_cadre[i];
      if (c != last && g.static_holds(r, c)) m.push_back(c);
      last = c;
    }
  };
  const std::size_t nt = std::min(detail::thread_count(threads), n / 20000 + 1);
  detail::parallel_for(todo.size(), nt, [&](std::size_t i) { one(todo[i]); });
  return out;
}

Attainment::Attainment(const Scenario& sc, const Plan& plan, const std::vector<char>& counted)
    : sc_(sc), cp_(sc.compiled()), tl_(sc, plan, counted), static_members_(target_group_members(sc)) {}

bool Attainment::member(int t, std::size_t c, Year y) const noexcept {
  const detail::CTarget& tg = cp_.targets[static_cast<std::size_t>(t)];
  const Roster& r = sc_.roster();
  const auto& m = static_members_[static_cast<std::size_t>(tg.group)];
  return std::binary_search(m.begin(), m.end(), static_cast<std::uint32_t>(c)) && cp_.active(r, c, y) &&
         cp_.groups[static_cast<std::size_t>(tg.group)].age_holds(r.birth_year[c], y);
}

bool Attainment::achieves(int t, std::size_t c, Year y) const noexcept {
  const detail::CTarget& tg = cp_.targets[static_cast<std::size_t>(t)];
  if (tg.ladder >= 0) return tl_.reached(c, tg.ladder, tg.level, y);
  return tl_.credential_valid(c, tg.credential, y);
}

void Attainment::count(int t, Year y, std::int64_t& n, std::int64_t& achieved) const {
  const detail::CTarget& tg = cp_.targets[static_cast<std::size_t>(t)];
  const detail::CSelector& g = cp_.groups[static_cast<std::size_t>(tg.group)];
  const Roster& r = sc_.roster();
  // Counted in locals, stored once: callers on several threads write
  // neighbouring results (projection::attainment at 1,000,000 cadres took
  // 3.5 times as long on two threads as on one when every member was
  // counted through the references).
  std::int64_t members = 0, reached = 0;
  // Only the group's static members can be members in year y.
  for (std::uint32_t c : static_members_[static_cast<std::size_t>(tg.group)]) {
    if (!cp_.active(r, c, y) || !g.age_holds(r.birth_year[c], y)) continue;
    ++members;
    if (achieves(t, c, y)) ++reached;
  }
  n = members;
  achieved = reached;
}

}  // namespace cadreplan::rules
