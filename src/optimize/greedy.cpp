// The `greedy` strategy: the rule a planner applies by hand, and the baseline
// every other strategy is compared with.
//
//   1. Take the target checkpoint that is most behind (largest weight x
//      shortfall under the plan so far; ties: earlier year, then target order).
//   2. Walk the cadres in priority order (setting `greedy.priority`:
//      "source_pool" = the source pool first, then oldest first (the default);
//      "oldest" = oldest first). For each group member that does not yet
//      achieve it, add the cheapest qualifying enrollment: for a credential,
//      the cheapest program completing as late as possible but by the
//      checkpoint; for a ladder level, the cheapest chain of up to three
//      programs, each starting as early as it can.
//   3. Stop when the checkpoint is met or nobody else can be served; repeat.
// Every enrollment is tested against the rules (PlanBuilder) before it is
// added, so the plan is valid by construction; solve() checks it again.
#include <algorithm>
#include <limits>
#include <numeric>

#include "model/compiled.hpp"
#include "optimize/context.hpp"
#include "optimize/strategies.hpp"
#include "rules/builder.hpp"
#include "rules/state.hpp"

namespace cadreplan::optimize {

namespace {

class Greedy final : public Strategy {
 public:
  std::string name() const override { return "greedy"; }
  std::string description() const override {
    return "the planner's hand rule: most-behind checkpoint first, cheapest qualifying program, source pool then "
           "oldest first";
  }

  Plan solve(const Scenario& sc, const SolveOptions& opt, SolveReport& report) override {
    return greedy_extend(sc, Plan{}, opt, report);
  }
};

}  // namespace

Plan greedy_extend(const Scenario& sc, const Plan& start, const SolveOptions& opt, SolveReport& report) {
  SolveContext ctx(opt, report);
  const detail::Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const std::size_t n = r.size();

  std::string priority = "source_pool";
  for (auto& [key, value] : opt.settings) {
    if (key == "greedy.priority") {
      if (value != "source_pool" && value != "oldest")
        throw OptionsError("greedy.priority must be 'source_pool' or 'oldest' (got '" + value + "')");
      priority = value;
    }
  }
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  const std::int32_t pool = r.find_flag("source_pool");
  // The source-pool flag once per cadre, not once per comparison.
  std::vector<char> in_pool(priority == "source_pool" && pool >= 0 ? n : 0, 0);
  for (std::size_t c = 0; c < in_pool.size(); ++c) in_pool[c] = r.has_flag(c, pool);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (!in_pool.empty() && in_pool[a] != in_pool[b]) return in_pool[a] > in_pool[b];
    if (r.birth_year[a] != r.birth_year[b]) return r.birth_year[a] < r.birth_year[b];
    return r.id[a] < r.id[b];
  });
  report.record(0, "greedy.priority", priority);

  // Programs by total cost (ties: catalog order).
  std::vector<int> by_cost(cp.programs.size());
  std::iota(by_cost.begin(), by_cost.end(), 0);
  std::stable_sort(by_cost.begin(), by_cost.end(),
                   [&](int a, int b) { return cp.programs[a].total_cost() < cp.programs[b].total_cost(); });

  // Static group members, in priority order, per group that a target uses.
  std::vector<std::vector<std::uint32_t>> static_members = rules::target_group_members(sc, opt.threads);
  {
    std::vector<std::uint32_t> rank(n);
    for (std::size_t i = 0; i < n; ++i) rank[order[i]] = static_cast<std::uint32_t>(i);
    for (auto& m : static_members)
      std::sort(m.begin(), m.end(), [&](std::uint32_t a, std::uint32_t b) { return rank[a] < rank[b]; });
  }

  rules::PlanBuilder b(sc);
  // Keep every enrollment of the starting plan that the rules still allow.
  for (const Enrollment& e : start.enrollments)
    if (e.cadre >= 0 && e.program >= 0 && b.test(static_cast<std::size_t>(e.cadre), e.program, e.start) == 0)
      b.add(static_cast<std::size_t>(e.cadre), e.program, e.start);
  auto achieves = [&](const detail::CTarget& t, std::size_t c, Year y) {
    return t.ladder >= 0 ? b.level_end(c, t.ladder, y) >= t.level : b.credential_valid(c, t.credential, y);
  };

  // Cheapest chain of ladder programs reaching `level` on `ladder` by the end of `y`.
  std::vector<Enrollment> chain, best_chain;
  double best_cost = 0;
  auto dfs = [&](auto&& self, std::size_t c, int ladder, int level, Year y, int depth, double cost) -> void {
    if (cost >= best_cost) return;
    if (b.level_end(c, ladder, y) >= level) {
      best_cost = cost;
      best_chain = chain;
      return;
    }
    if (depth == 3) return;
    const int now = b.level_end(c, ladder, y);
    for (int k : by_cost) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
      if (p.ladder != ladder || p.level <= now) continue;
      for (Year s = cp.start; s + p.duration - 1 <= y; ++s) {
        if (b.test(c, k, s) != 0) continue;
        b.add(c, k, s);
        chain.push_back(Enrollment{static_cast<std::int32_t>(c), k, s});
        self(self, c, ladder, level, y, depth + 1, cost + p.total_cost());
        chain.pop_back();
        b.remove_last();
        break;  // earliest feasible start only
      }
    }
  };
  auto serve = [&](const detail::CTarget& t, std::size_t c, Year y) -> bool {
    if (t.ladder >= 0) {
      best_cost = std::numeric_limits<double>::infinity();
      best_chain.clear();
      chain.clear();
      dfs(dfs, c, t.ladder, t.level, y, 0, 0.0);
      if (best_chain.empty()) return false;
      for (const Enrollment& e : best_chain) b.add(c, e.program, e.start);
      return true;
    }
    const int v = cp.valid_years[static_cast<std::size_t>(t.credential)];
    int best_k = -1;
    Year best_s = 0;
    for (int k : by_cost) {
      const detail::CProgram& p = cp.programs[static_cast<std::size_t>(k)];
      if (p.credential != t.credential) continue;
      if (best_k >= 0 && p.total_cost() > cp.programs[static_cast<std::size_t>(best_k)].total_cost()) break;
      for (Year e = y; e >= cp.start && (v == std::numeric_limits<int>::max() || y - e < v); --e) {
        const Year s = e - p.duration + 1;
        if (s < cp.start) break;
        if (b.test(c, k, s) == 0) {
          if (best_k < 0 || s + p.duration > best_s + cp.programs[static_cast<std::size_t>(best_k)].duration) {
            best_k = k;
            best_s = s;
          }
          break;
        }
      }
    }
    if (best_k < 0) return false;
    b.add(c, best_k, best_s);
    return true;
  };

  struct Ck {
    int target;
    Year year;
    bool done = false;
    bool dirty = true;      ///< `ok` must be recounted (a member was served since)
    std::int64_t ok = 0;    ///< members achieving it under the plan so far
    std::vector<std::uint32_t> members;  ///< in its group and active in its year, priority order
  };
  std::vector<Ck> cks;
  for (std::size_t t = 0; t < cp.targets.size(); ++t)
    for (const auto& ck : cp.targets[t].checkpoints) cks.push_back(Ck{static_cast<int>(t), ck.year, false, true, 0, {}});
  // Members per checkpoint, computed once (membership does not depend on the
  // plan), and per cadre the checkpoints it is a member of (CSR): serving a
  // cadre changes only its own achievements, so only those checkpoints are
  // recounted. Before, every round rescanned every cadre for every checkpoint.
  for (Ck& ck : cks) {
    const detail::CTarget& t = cp.targets[static_cast<std::size_t>(ck.target)];
    const detail::CSelector& g = cp.groups[static_cast<std::size_t>(t.group)];
    for (std::uint32_t c : static_members[static_cast<std::size_t>(t.group)])
      if (cp.active(r, c, ck.year) && g.age_holds(r.birth_year[c], ck.year)) ck.members.push_back(c);
  }
  std::vector<std::uint32_t> ck_offset(n + 1, 0), ck_of;
  for (const Ck& ck : cks)
    for (std::uint32_t c : ck.members) ++ck_offset[c + 1];
  for (std::size_t c = 0; c < n; ++c) ck_offset[c + 1] += ck_offset[c];
  ck_of.resize(ck_offset[n]);
  {
    std::vector<std::uint32_t> fill(ck_offset.begin(), ck_offset.end() - 1);
    for (std::size_t i = 0; i < cks.size(); ++i)
      for (std::uint32_t c : cks[i].members) ck_of[fill[c]++] = static_cast<std::uint32_t>(i);
  }
  std::size_t rounds = 0;
  while (true) {
    int pick = -1;
    double pick_value = 0;
    std::int64_t pick_short = 0;
    for (std::size_t i = 0; i < cks.size(); ++i) {
      if (cks[i].done) continue;
      const detail::CTarget& t = cp.targets[static_cast<std::size_t>(cks[i].target)];
      if (cks[i].dirty) {
        std::int64_t ok = 0;
        for (std::uint32_t c : cks[i].members) ok += achieves(t, c, cks[i].year);
        cks[i].ok = ok;
        cks[i].dirty = false;
      }
      const auto members = static_cast<std::int64_t>(cks[i].members.size());
      const std::int64_t ok = cks[i].ok;
      Share share;
      for (const auto& ck : t.checkpoints)
        if (ck.year == cks[i].year) share = ck.share;
      const std::int64_t shortfall = std::max<std::int64_t>(0, share.required(members) - ok);
      const double value = t.weight * static_cast<double>(shortfall);
      if (shortfall == 0) cks[i].done = true;
      auto earlier = [&] {
        return pick >= 0 && value == pick_value && cks[i].year < cks[static_cast<std::size_t>(pick)].year;
      };
      if (value > pick_value || earlier()) {
        pick = static_cast<int>(i);
        pick_value = value;
        pick_short = shortfall;
      }
    }
    if (pick < 0) break;
    Ck& ck = cks[static_cast<std::size_t>(pick)];
    const detail::CTarget& t = cp.targets[static_cast<std::size_t>(ck.target)];
    std::int64_t left = pick_short;
    for (std::uint32_t c : ck.members) {
      if (left == 0) break;
      if (achieves(t, c, ck.year)) continue;
      if (serve(t, c, ck.year)) {
        --left;
        for (std::uint32_t j = ck_offset[c]; j < ck_offset[c + 1]; ++j) cks[ck_of[j]].dirty = true;
      }
    }
    ck.done = true;
    ++rounds;
    if (!ctx.progress(
            "greedy", static_cast<double>(rounds) / static_cast<double>(cks.size()), -1, -1,
            "served " + sc.spec().targets[static_cast<std::size_t>(ck.target)].id + " " + std::to_string(ck.year)))
      break;
  }
  report.record(ctx.seconds(), "greedy.rounds", std::to_string(rounds));
  if (!ctx.stopped()) report.status = SolveStatus::feasible;
  return b.take_plan();
}

std::unique_ptr<Strategy> make_greedy() { return std::make_unique<Greedy>(); }

}  // namespace cadreplan::optimize
