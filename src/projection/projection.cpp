#include "cadreplan/projection/projection.hpp"

#include <algorithm>

#include "cadreplan/rules/check.hpp"
#include "core/parallel.hpp"
#include "model/compiled.hpp"
#include "rules/state.hpp"

namespace cadreplan::projection {

namespace {
/// Every core from rules::kParallelCheckCadres cadres on (the checker's size
/// for spreading work), one thread below it.
std::size_t threads_for(std::size_t cadres) {
  return cadres < rules::kParallelCheckCadres ? 1 : detail::thread_count(0);
}
}  // namespace

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
  // Cadre by cadre (a column of every table), in blocks spread over the
  // cores on large rosters; each block writes its own columns.
  auto cadres = [&](Eigen::Index c_lo, Eigen::Index c_hi) {
    for (Eigen::Index c = c_lo; c < c_hi; ++c) {
      const auto cu = static_cast<std::size_t>(c);
      for (Eigen::Index y = 0; y < Y; ++y) {
        const Year year = cp.start + static_cast<Year>(y);
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
  };
  constexpr Eigen::Index kBlock = 4096;
  const std::size_t blocks = static_cast<std::size_t>((N + kBlock - 1) / kBlock);
  detail::parallel_for(blocks, threads_for(r.size()), [&](std::size_t b) {
    const auto lo = static_cast<Eigen::Index>(b) * kBlock;
    cadres(lo, std::min(N, lo + kBlock));
  });
  return p;
}

AttainmentSeries attainment(const Scenario& sc, const Plan& plan) {
  const detail::Compiled& cp = sc.compiled();
  const rules::Attainment att(sc, plan, {});
  AttainmentSeries s;
  s.start = cp.start;
  const auto Y = static_cast<std::size_t>(cp.years());
  s.members.assign(cp.targets.size(), std::vector<std::int64_t>(Y));
  s.achieved.assign(cp.targets.size(), std::vector<std::int64_t>(Y));
  detail::parallel_for(cp.targets.size() * Y, threads_for(sc.roster().size()), [&](std::size_t i) {
    const std::size_t t = i / Y, y = i % Y;
    att.count(static_cast<int>(t), cp.start + static_cast<Year>(y), s.members[t][y], s.achieved[t][y]);
  });
  return s;
}

}  // namespace cadreplan::projection
