#include "cadreplan/projection/projection.hpp"

#include "model/compiled.hpp"
#include "rules/state.hpp"

namespace cadreplan::projection {

Projection project(const Scenario& sc, const Plan& plan) {
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const auto Y = static_cast<Eigen::Index>(cp.years());
  const auto N = static_cast<Eigen::Index>(r.size());
  const rules::Timelines tl(sc, plan, {});
  Projection p;
  p.start = cp.start;
  p.active.resize(Y, N);
  p.age.resize(Y, N);
  for (std::size_t l = 0; l < cp.ladder_size.size(); ++l) p.level.emplace_back(Y, N);
  for (std::size_t k = 0; k < cp.valid_years.size(); ++k) {
    p.latest.emplace_back(Y, N);
    p.valid.emplace_back(Y, N);
  }
  for (Eigen::Index y = 0; y < Y; ++y) {
    const Year year = cp.start + static_cast<Year>(y);
    for (Eigen::Index c = 0; c < N; ++c) {
      const auto cu = static_cast<std::size_t>(c);
      p.active(y, c) = cp.active(r, cu, year);
      p.age(y, c) = static_cast<std::int16_t>(year - r.birth_year[cu]);
      for (std::size_t l = 0; l < p.level.size(); ++l) p.level[l](y, c) = static_cast<std::uint8_t>(tl.level_end(cu, static_cast<int>(l), year));
      for (std::size_t k = 0; k < p.latest.size(); ++k) {
        const Year z = tl.latest_completion(cu, static_cast<int>(k), year);
        p.latest[k](y, c) = z;
        p.valid[k](y, c) = cp.credential_valid(static_cast<int>(k), z, year);
      }
    }
  }
  return p;
}

AttainmentSeries attainment(const Scenario& sc, const Plan& plan) {
  const detail::Compiled& cp = sc.compiled();
  const rules::Attainment att(sc, plan, {});
  AttainmentSeries s;
  s.start = cp.start;
  for (std::size_t t = 0; t < cp.targets.size(); ++t) {
    s.members.emplace_back(static_cast<std::size_t>(cp.years()));
    s.achieved.emplace_back(static_cast<std::size_t>(cp.years()));
    for (int y = 0; y < cp.years(); ++y)
      att.count(static_cast<int>(t), cp.start + y, s.members[t][static_cast<std::size_t>(y)], s.achieved[t][static_cast<std::size_t>(y)]);
  }
  return s;
}

}  // namespace cadreplan::projection
