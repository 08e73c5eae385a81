#include "optimize/disaggregate.hpp"

#include <algorithm>
#include <cmath>

#include "cadreplan/core/error.hpp"

namespace cadreplan::optimize {

Plan disaggregate(const Scenario& sc, const CohortSet& co, const std::vector<Column>& columns, const std::vector<double>& x) {
  const Roster& r = sc.roster();
  const std::int32_t pool = r.find_flag("source_pool");
  std::vector<std::vector<int>> by_cohort(co.size());
  // Columns added after the solution was recorded have no entry: count 0.
  for (std::size_t j = 0; j < columns.size() && j < x.size(); ++j)
    if (x[j] > 0.5 && !columns[j].schedule.items.empty()) by_cohort[static_cast<std::size_t>(columns[j].cohort)].push_back(static_cast<int>(j));
  Plan plan;
  std::vector<std::uint32_t> members;
  for (std::size_t g = 0; g < co.size(); ++g) {
    auto& cols = by_cohort[g];
    if (cols.empty()) continue;
    std::sort(cols.begin(), cols.end(), [&](int a, int b) {
      const Column& ca = columns[static_cast<std::size_t>(a)];
      const Column& cb = columns[static_cast<std::size_t>(b)];
      if (ca.schedule.items.size() != cb.schedule.items.size()) return ca.schedule.items.size() > cb.schedule.items.size();
      if (ca.cost != cb.cost) return ca.cost > cb.cost;
      std::vector<std::pair<Year, int>> ka, kb;
      for (auto [k, s] : ca.schedule.items) ka.emplace_back(s, k);
      for (auto [k, s] : cb.schedule.items) kb.emplace_back(s, k);
      return ka < kb;
    });
    members.assign(co.members_begin(g), co.members_end(g));
    std::sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (pool >= 0) {
        const bool pa = r.has_flag(a, pool), pb = r.has_flag(b, pool);
        if (pa != pb) return pa;
      }
      if (r.birth_year[a] != r.birth_year[b]) return r.birth_year[a] > r.birth_year[b];
      return r.id[a] < r.id[b];
    });
    std::size_t next = 0;
    for (int j : cols) {
      const auto count = static_cast<std::size_t>(std::llround(x[static_cast<std::size_t>(j)]));
      if (next + count > members.size())
        throw SolveError("disaggregation: cohort " + std::to_string(g) + " has " + std::to_string(members.size()) +
                         " members but the solution assigns more");
      for (std::size_t i = 0; i < count; ++i, ++next)
        for (auto [k, s] : columns[static_cast<std::size_t>(j)].schedule.items)
          plan.enrollments.push_back(Enrollment{static_cast<std::int32_t>(members[next]), k, s});
    }
  }
  plan.sort_canonical();
  return plan;
}

}  // namespace cadreplan::optimize
