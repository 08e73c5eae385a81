#include "optimize/capacity.hpp"

#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "model/compiled.hpp"

namespace cadreplan::optimize {

namespace {

/// What one checkpoint needs and can get (see capacity.hpp).
struct Need {
  std::vector<std::pair<int, Year>> starts;  ///< program-years whose enrollments could count
  std::vector<std::int64_t> eligible;        ///< per start: members outside the baseline who may take it
  std::int64_t seats = 0, reachable = 0, baseline = 0, need = 0;
};

/// The most new achievers a family of checkpoints with pairwise disjoint
/// groups and the same program-years can get together, weighted: a max flow
/// source -> checkpoint (need, reachable) -> program-year (eligible members)
/// -> sink (seats). The sets of checkpoints a flow can serve in full form a
/// polymatroid, so filling the heaviest first is optimal: sum over weight
/// classes of weight x (flow of the heavier-or-equal prefix - flow before).
double family_gain(const std::vector<int>& family, const std::vector<Need>& needs, const std::vector<CheckpointInfo>& cks,
                   const detail::Compiled& cp) {
  const auto& starts = needs[static_cast<std::size_t>(family.front())].starts;
  lemon::SmartDigraph g;
  lemon::SmartDigraph::ArcMap<std::int64_t> cap(g);
  const auto src = g.addNode(), sink = g.addNode();
  std::vector<lemon::SmartDigraph::Node> start_node;
  for (auto [k, s] : starts) {
    start_node.push_back(g.addNode());
    cap[g.addArc(start_node.back(), sink)] = cp.programs[static_cast<std::size_t>(k)].seats[static_cast<std::size_t>(s - cp.start)];
  }
  std::vector<lemon::SmartDigraph::Arc> source_arc;
  for (int i : family) {
    const Need& n = needs[static_cast<std::size_t>(i)];
    const auto node = g.addNode();
    source_arc.push_back(g.addArc(src, node));
    cap[source_arc.back()] = 0;  // opened by weight class below
    for (std::size_t j = 0; j < starts.size(); ++j)
      if (n.eligible[j] > 0) cap[g.addArc(node, start_node[j])] = n.eligible[j];
  }
  std::vector<std::size_t> order(family.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  auto weight = [&](std::size_t j) { return cks[static_cast<std::size_t>(family[j])].weight; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
  double gain = 0;
  std::int64_t before = 0;
  for (std::size_t j = 0; j < order.size();) {
    const double w = weight(order[j]);
    for (; j < order.size() && weight(order[j]) == w; ++j) {
      const Need& n = needs[static_cast<std::size_t>(family[order[j]])];
      cap[source_arc[order[j]]] = std::min(n.need, n.reachable);
    }
    lemon::Preflow<lemon::SmartDigraph, lemon::SmartDigraph::ArcMap<std::int64_t>> flow(g, cap, src, sink);
    flow.run();
    const std::int64_t now = flow.flowValue();
    gain += w * static_cast<double>(now - before);
    before = now;
  }
  return gain;
}

/// Per cohort, per (ladder, level): the earliest year at whose end a member
/// can hold that level, through a chain of valid enrollments (rules 1-4) with
/// seats, concurrency and budgets ignored; start - 1 when the roster level
/// already reaches it; kNever when no chain does. A fixed point over the
/// levels: a program's enrollment at s needs each required level by s - 1.
class Earliest {
 public:
  Earliest(const detail::Compiled& cp, const CohortSet& co) : cp_(cp) {
    base_.push_back(0);
    for (int n : cp.ladder_size) base_.push_back(base_.back() + n);
    const std::size_t width = static_cast<std::size_t>(base_.back());
    at_.assign(co.size() * width, kNever);
    for (std::size_t g = 0; g < co.size(); ++g) {
      Year* e = at_.data() + g * width;
      for (std::size_t l = 0; l < cp.ladder_size.size(); ++l)
        for (int v = 0; v <= co.level(g, static_cast<int>(l)); ++v) e[base_[l] + v] = cp.start - 1;
      for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t k = 0; k < cp.programs.size(); ++k) {
          const detail::CProgram& p = cp.programs[k];
          if (p.ladder < 0) continue;
          for (Year s = cp.start; s + p.duration - 1 <= cp.end; ++s) {
            const Year done = s + p.duration - 1;
            if (e[base_[static_cast<std::size_t>(p.ladder)] + p.level] <= done) break;  // no earlier from here
            if (!co.eligible(g, static_cast<int>(k), s) || done + p.min_service > co.last_active(g) || !ready(e, p, s))
              continue;
            for (int v = 0; v <= p.level; ++v) {
              Year& t = e[base_[static_cast<std::size_t>(p.ladder)] + v];
              if (done < t) {
                t = done;
                changed = true;
              }
            }
            break;  // later starts complete later
          }
        }
      }
    }
  }
  /// Whether cohort @p g can meet program @p p's requirements at the start of @p s.
  bool ready(std::size_t g, const detail::CProgram& p, Year s) const {
    return ready(at_.data() + g * static_cast<std::size_t>(base_.back()), p, s);
  }

 private:
  bool ready(const Year* e, const detail::CProgram& p, Year s) const {
    for (auto [l, v] : p.requires_)
      if (e[base_[static_cast<std::size_t>(l)] + v] > s - 1) return false;
    return true;
  }
  static constexpr Year kNever = std::numeric_limits<Year>::max();
  const detail::Compiled& cp_;
  std::vector<int> base_;
  std::vector<Year> at_;
};

}  // namespace

CapacityBound capacity_bound(const Scenario& sc, const CohortSet& co) {
  const detail::Compiled& cp = sc.compiled();
  const auto& cks = co.checkpoints();
  const int K = static_cast<int>(cp.programs.size());
  CapacityBound out;
  out.baseline.assign(cks.size(), 0);
  out.addable.assign(cks.size(), 0);
  out.shortfall.assign(cks.size(), 0);
  const Earliest earliest(cp, co);
  std::vector<Need> needs(cks.size());
  for (std::size_t i = 0; i < cks.size(); ++i) {
    const CheckpointInfo& ck = cks[i];
    Need& nd = needs[i];
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
        nd.starts.emplace_back(k, s);
        nd.seats = std::min(nd.seats + n, ck.n);  // more than the group cannot be added; no overflow
      }
    }
    nd.eligible.assign(nd.starts.size(), 0);
    for (std::size_t g = 0; g < co.size(); ++g) {
      if (!co.member(g, static_cast<int>(i))) continue;
      const bool base = ck.ladder >= 0 ? co.level(g, ck.ladder) >= ck.level : co.roster_covered(g, static_cast<int>(i));
      if (base) {
        nd.baseline += co.count(g);
        continue;
      }
      bool any = false;
      for (std::size_t j = 0; j < nd.starts.size(); ++j) {
        const auto [k, s] = nd.starts[j];
        const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
        if (co.eligible(g, k, s) && s + p.duration - 1 + p.min_service <= co.last_active(g) &&  // rules 3, 2
            earliest.ready(g, p, s)) {                                                          // rule 4
          nd.eligible[j] += co.count(g);
          any = true;
        }
      }
      if (any) nd.reachable += co.count(g);
    }
    nd.need = std::max<std::int64_t>(0, ck.required - nd.baseline);
    out.baseline[i] = nd.baseline;
    out.addable[i] = std::min(nd.seats, nd.reachable);
    out.shortfall[i] = std::max<std::int64_t>(0, nd.need - out.addable[i]);
  }

  // Families: checkpoints of one year and one ladder level (or credential),
  // so with the same program-years, whose groups share no cohort. A new
  // achiever of one is no member of another, so each takes a seat of its own.
  std::map<std::tuple<Year, int, int, int>, std::vector<std::vector<int>>> by_key;
  std::vector<std::vector<char>> in_family;  // per family: its member cohorts
  std::vector<std::vector<int>> families;
  for (std::size_t i = 0; i < cks.size(); ++i) {
    const CheckpointInfo& ck = cks[i];
    auto& fams = by_key[{ck.year, ck.ladder, ck.level, ck.credential}];
    std::vector<int>* home = nullptr;
    for (auto& f : fams) {
      const std::vector<char>& mem = in_family[static_cast<std::size_t>(f.front())];
      bool disjoint = true;
      for (std::size_t g = 0; g < co.size() && disjoint; ++g) disjoint = !(mem[g] && co.member(g, static_cast<int>(i)));
      if (disjoint) {
        home = &f;
        break;
      }
    }
    if (!home) {
      fams.emplace_back();
      home = &fams.back();
    }
    home->push_back(static_cast<int>(i));
    // The family's cohorts are kept under its first checkpoint's index.
    if (in_family.size() < cks.size()) in_family.resize(cks.size());
    std::vector<char>& mem = in_family[static_cast<std::size_t>(home->front())];
    if (mem.empty()) mem.assign(co.size(), 0);
    for (std::size_t g = 0; g < co.size(); ++g)
      if (co.member(g, static_cast<int>(i))) mem[g] = 1;
  }
  for (auto& [key, fams] : by_key)
    for (auto& f : fams) {
      double need = 0, single = 0;
      for (int i : f) {
        need += cks[static_cast<std::size_t>(i)].weight * static_cast<double>(needs[static_cast<std::size_t>(i)].need);
        single += cks[static_cast<std::size_t>(i)].weight * static_cast<double>(out.shortfall[static_cast<std::size_t>(i)]);
      }
      // One checkpoint alone: the flow gives what `shortfall` says, or a
      // little more where no single program-year admits every reachable member.
      const double family = need - family_gain(f, needs, cks, cp);
      out.S += std::max(single, family);
    }
  return out;
}

}  // namespace cadreplan::optimize
