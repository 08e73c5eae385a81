#include "optimize/capacity.hpp"

#include <algorithm>

#include "model/compiled.hpp"

namespace cadreplan::optimize {

CapacityBound capacity_bound(const Scenario& sc, const CohortSet& co) {
  const detail::Compiled& cp = sc.compiled();
  const auto& cks = co.checkpoints();
  const int K = static_cast<int>(cp.programs.size());
  CapacityBound out;
  out.baseline.assign(cks.size(), 0);
  out.addable.assign(cks.size(), 0);
  out.shortfall.assign(cks.size(), 0);
  for (std::size_t i = 0; i < cks.size(); ++i) {
    const CheckpointInfo& ck = cks[i];
    // The program-years whose enrollments could make a member achieve i.
    std::vector<std::pair<int, Year>> starts;
    std::int64_t seats = 0;
    for (int k = 0; k < K; ++k) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
      const bool serves = ck.ladder >= 0 ? (p.ladder == ck.ladder && p.level >= ck.level)
                                         : (ck.credential >= 0 && p.credential == ck.credential);
      if (!serves) continue;
      for (Year s = cp.start; s <= cp.end; ++s) {
        const Year e = s + p.duration - 1;  // completes at the end of year e
        if (e > cp.end) break;              // rule 1
        const bool counts = ck.ladder >= 0 ? e <= ck.year : cp.credential_valid(ck.credential, e, ck.year);
        const std::int64_t n = p.seats[static_cast<std::size_t>(s - cp.start)];
        if (!counts || n <= 0) continue;
        starts.emplace_back(k, s);
        seats = std::min(seats + n, ck.n);  // more than the group cannot be added; no overflow
      }
    }
    std::int64_t reachable = 0;
    for (std::size_t g = 0; g < co.size(); ++g) {
      if (!co.member(g, static_cast<int>(i))) continue;
      const bool base = ck.ladder >= 0 ? co.level(g, ck.ladder) >= ck.level : co.roster_covered(g, static_cast<int>(i));
      if (base) {
        out.baseline[i] += co.count(g);
        continue;
      }
      for (auto [k, s] : starts) {
        const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
        if (co.eligible(g, k, s) && s + p.duration - 1 + p.min_service <= co.last_active(g)) {
          reachable += co.count(g);
          break;
        }
      }
    }
    out.addable[i] = std::min(seats, reachable);
    out.shortfall[i] = std::max<std::int64_t>(0, ck.required - out.baseline[i] - out.addable[i]);
    out.S += ck.weight * static_cast<double>(out.shortfall[i]);
  }
  return out;
}

}  // namespace cadreplan::optimize
