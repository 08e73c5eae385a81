#include "cadreplan/model/plan.hpp"

#include <algorithm>

#include "cadreplan/model/scenario.hpp"

namespace cadreplan {

const std::string& Plan::cadre_id(const Scenario& s, std::size_t row) const {
  std::int32_t c = enrollments[row].cadre;
  return c >= 0 ? s.roster().id[static_cast<std::size_t>(c)] : unknown_ids[static_cast<std::size_t>(-c - 1)];
}

const std::string& Plan::program_id(const Scenario& s, std::size_t row) const {
  std::int32_t k = enrollments[row].program;
  return k >= 0 ? s.spec().programs[static_cast<std::size_t>(k)].id
                : unknown_ids[static_cast<std::size_t>(-k - 1)];
}

void Plan::sort_canonical() {
  std::vector<std::size_t> order(enrollments.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Enrollment& x = enrollments[a];
    const Enrollment& y = enrollments[b];
    if (x.start != y.start) return x.start < y.start;
    if (x.program != y.program) return x.program < y.program;
    return x.cadre < y.cadre;
  });
  std::vector<Enrollment> e(order.size());
  std::vector<int> lines(source_line.empty() ? 0 : order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    e[i] = enrollments[order[i]];
    if (!lines.empty()) lines[i] = source_line[order[i]];
  }
  enrollments = std::move(e);
  source_line = std::move(lines);
}

}  // namespace cadreplan
