// The searches of paths/search.hpp.
//
// Why the exact search is exact (max_concurrent_programs = m):
//   A schedule for one cadre is a set of enrollments (k, s). Its effect on
//   the future at the start of year t is fully described by the levels at
//   the start of t and the enrollments still in progress (program and
//   completion year): rules 1-3 of a later start read only the cadre and the
//   year, rules 4-5 read the levels at the start of its year, rule 7 reads
//   the enrollments in progress, completions raise levels at their end. The
//   search keeps every distinct such state reachable at each year, and from
//   each tries every allowed set of starts, so it visits every schedule up to
//   three reductions that never delay a goal:
//   - only programs that can matter for the goal (PathGraph::programs_towards):
//     dropping any other enrollment leaves every remaining one valid (nothing
//     relevant reads its ladder) and lowers occupancy;
//   - never a program already in progress for the cadre, and never an
//     enrollment dominated by another one in progress or started with it
//     (same ladder, grants at least as much, completes no later): dropping it
//     changes no level in any year and lowers occupancy;
//   - credential enrollments only as the last step (a credential raises no
//     level, so earlier ones only take up room).
//   The first year in which some state holds the ladder goal is therefore the
//   earliest completion; a credential completion year z is possible iff some
//   state at z - duration + 1 may start a program granting it.
#include "paths/search.hpp"

#include <algorithm>
#include <climits>
#include <string>
#include <unordered_map>

#include "rules/state.hpp"

namespace cadreplan::paths::detail {

namespace {

using cadreplan::detail::Compiled;
using cadreplan::detail::CProgram;

const CProgram& prog(const Compiled& cp, int k) { return cp.programs[static_cast<std::size_t>(k)]; }

std::vector<int> roster_levels(const Compiled& cp, const Roster& r, std::size_t c) {
  std::vector<int> lv(cp.ladder_size.size());
  for (std::size_t l = 0; l < lv.size(); ++l) lv[l] = r.level[l][c];
  return lv;
}

/// Rules 1-3 and a seat in year s: what one start needs besides levels and room.
bool may_start(const Compiled& cp, const Roster& r, std::size_t c, int k, Year s) {
  return rules::static_broken_rules(cp, r, c, k, s) == 0 && cp.seats(k, s) >= 1;
}

/// b makes a useless: same ladder, grants at least as much, completes no later.
bool dominates(const Compiled& cp, int b, Year eb, int a, Year ea) {
  const CProgram& pa = prog(cp, a);
  const CProgram& pb = prog(cp, b);
  return pa.ladder >= 0 && pa.ladder == pb.ladder && pb.level >= pa.level && eb <= ea;
}

void sort_steps(std::vector<Step>& steps) {
  std::sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.program < b.program;
  });
}

/// Drops every enrollment the chain does not need (last-started first), keeping
/// it valid and achieving the goal in @p year; for a credential goal the
/// enrollment completing it in @p year stays.
void minimise(const Compiled& cp, const Roster& r, std::size_t c, const Goal& goal, std::vector<Step>& chain, Year year,
              int m) {
  sort_steps(chain);
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t i = chain.size(); i-- > 0;) {
      if (goal.is_credential() && prog(cp, chain[i].program).credential == goal.credential && chain[i].completion == year)
        continue;  // the enrollment that completes the credential
      std::vector<Step> without = chain;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
      if (chain_valid(cp, r, c, without, m) && chain_achieves(cp, r, c, goal, without, year)) {
        chain = std::move(without);
        changed = true;
      }
    }
  }
}

}  // namespace

SearchResult exact_search(const Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp, int m,
                          bool want_chains) {
  SearchResult res;
  const Goal& goal = gp.goal;
  const std::vector<int> lv0 = roster_levels(cp, r, c);
  if (!goal.is_credential() && lv0[static_cast<std::size_t>(goal.ladder)] >= goal.level) {
    res.from_roster = true;
    res.earliest = cp.start - 1;
    return res;
  }
  const int years = cp.years();
  const std::size_t nl = lv0.size();

  struct Node {
    int parent;
    Year year;  // the state holds at the start of this year
    std::vector<int> lv;
    std::vector<std::pair<int, Year>> running;  // (program, completion), sorted
    std::vector<int> started;                   // programs started in year - 1 to get here
  };
  std::vector<Node> nodes;
  nodes.push_back(Node{-1, cp.start, lv0, {}, {}});
  std::vector<int> frontier{0};

  auto path = [&](int idx) {
    std::vector<Step> steps;
    for (; idx >= 0 && nodes[static_cast<std::size_t>(idx)].parent >= 0; idx = nodes[static_cast<std::size_t>(idx)].parent) {
      const Node& nd = nodes[static_cast<std::size_t>(idx)];
      const Year s = nd.year - 1;
      for (int k : nd.started) steps.push_back(Step{k, s, s + prog(cp, k).duration - 1});
    }
    sort_steps(steps);
    return steps;
  };

  std::vector<char> have(static_cast<std::size_t>(years), 0);
  std::vector<std::vector<Step>> chain_at(static_cast<std::size_t>(years));
  std::vector<int> startable, chosen;
  std::string key;

  for (Year t = cp.start; t <= cp.end && !frontier.empty(); ++t) {
    std::unordered_map<std::string, int> seen;
    std::vector<int> next;
    for (const int idx : frontier) {
      const std::vector<int> lv = nodes[static_cast<std::size_t>(idx)].lv;
      const std::vector<std::pair<int, Year>> running = nodes[static_cast<std::size_t>(idx)].running;
      const int room = m - static_cast<int>(running.size());

      // Credential goals: may the credential start now?
      if (goal.is_credential() && room >= 1) {
        for (int k : gp.goal_programs) {
          if (!may_start(cp, r, c, k, t) || rules::level_broken_rules(cp, k, lv.data()) != 0) continue;
          const Year z = t + prog(cp, k).duration - 1;
          const auto zi = static_cast<std::size_t>(z - cp.start);
          if (have[zi]) continue;
          have[zi] = 1;
          if (want_chains) {
            std::vector<Step> ch = path(idx);
            ch.push_back(Step{k, t, z});
            chain_at[zi] = std::move(ch);
          }
        }
      }

      // Ladder programs that may start now and are not made useless by one in progress.
      startable.clear();
      for (int k : gp.ladder_programs) {
        const Year e = t + prog(cp, k).duration - 1;
        bool useless = false;
        for (auto [q, eq] : running)
          if (q == k || dominates(cp, q, eq, k, e)) useless = true;
        if (useless || !may_start(cp, r, c, k, t) || rules::level_broken_rules(cp, k, lv.data()) != 0) continue;
        startable.push_back(k);
      }

      // Every subset of at most `room` of them, the empty one first.
      bool found = false;
      chosen.clear();
      std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (found) return;
        if (i == startable.size()) {
          std::vector<int> nlv = lv;
          std::vector<std::pair<int, Year>> nrun;
          for (auto [q, eq] : running) {
            if (eq == t) {
              const CProgram& p = prog(cp, q);
              nlv[static_cast<std::size_t>(p.ladder)] = std::max(nlv[static_cast<std::size_t>(p.ladder)], p.level);
            } else {
              nrun.emplace_back(q, eq);
            }
          }
          for (int k : chosen) {
            const CProgram& p = prog(cp, k);
            const Year e = t + p.duration - 1;
            if (e == t)
              nlv[static_cast<std::size_t>(p.ladder)] = std::max(nlv[static_cast<std::size_t>(p.ladder)], p.level);
            else
              nrun.emplace_back(k, e);
          }
          if (!goal.is_credential() && nlv[static_cast<std::size_t>(goal.ladder)] >= goal.level) {
            found = true;
            res.earliest = t;
            if (want_chains) {
              std::vector<Step> ch = path(idx);
              for (int k : chosen) ch.push_back(Step{k, t, t + prog(cp, k).duration - 1});
              res.chain = std::move(ch);
            }
            return;
          }
          std::sort(nrun.begin(), nrun.end());
          key.clear();
          for (std::size_t l = 0; l < nl; ++l) key.push_back(static_cast<char>(nlv[l]));
          for (auto [q, eq] : nrun) {
            key.append(reinterpret_cast<const char*>(&q), sizeof q);
            key.append(reinterpret_cast<const char*>(&eq), sizeof eq);
          }
          auto [it, fresh] = seen.emplace(key, static_cast<int>(nodes.size()));
          if (fresh) {
            next.push_back(it->second);
            nodes.push_back(Node{idx, t + 1, std::move(nlv), std::move(nrun), chosen});
          }
          return;
        }
        visit(i + 1);  // without startable[i]
        if (static_cast<int>(chosen.size()) >= room) return;
        const int k = startable[i];
        const Year e = t + prog(cp, k).duration - 1;
        for (int q : chosen) {
          const Year eq = t + prog(cp, q).duration - 1;
          if (dominates(cp, q, eq, k, e) || dominates(cp, k, e, q, eq)) return;
        }
        chosen.push_back(k);
        visit(i + 1);
        chosen.pop_back();
      };
      visit(0);
      if (found) break;
    }
    if (res.earliest != kNever) break;
    frontier = std::move(next);
  }

  if (!goal.is_credential()) {
    if (want_chains && res.earliest != kNever) minimise(cp, r, c, goal, res.chain, res.earliest, m);
    return res;
  }
  for (int y = 0; y < years; ++y) {
    if (!have[static_cast<std::size_t>(y)]) continue;
    res.completions.push_back(cp.start + y);
    if (want_chains) {
      std::vector<Step> ch = std::move(chain_at[static_cast<std::size_t>(y)]);
      minimise(cp, r, c, goal, ch, cp.start + y, m);
      res.chains.push_back(std::move(ch));
    }
  }
  if (!res.completions.empty()) {
    res.earliest = res.completions.front();
    if (want_chains) res.chain = res.chains.front();
  }
  return res;
}

UnboundedResult unbounded_search(const Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                                 bool with_seats) {
  auto may = [&](int k, Year t) {
    return with_seats ? may_start(cp, r, c, k, t) : rules::static_broken_rules(cp, r, c, k, t) == 0;
  };
  UnboundedResult u;
  const Goal& goal = gp.goal;
  std::vector<int> lv = roster_levels(cp, r, c);
  u.provider.resize(lv.size());
  for (std::size_t l = 0; l < lv.size(); ++l) u.provider[l].assign(static_cast<std::size_t>(cp.ladder_size[l]), Step{});
  if (!goal.is_credential() && lv[static_cast<std::size_t>(goal.ladder)] >= goal.level) {
    u.from_roster = true;
    u.earliest = cp.start - 1;
    return u;
  }
  const int years = cp.years();
  if (goal.is_credential()) {
    u.completes.assign(static_cast<std::size_t>(years), 0);
    u.credential_step.assign(static_cast<std::size_t>(years), Step{});
  }
  std::vector<Step> pending;  // ladder enrollments in progress
  for (Year t = cp.start; t <= cp.end; ++t) {
    for (int k : gp.ladder_programs) {
      if (!may(k, t) || rules::level_broken_rules(cp, k, lv.data()) != 0) continue;
      const Year e = t + prog(cp, k).duration - 1;
      bool useless = false;
      for (const Step& st : pending)
        if (dominates(cp, st.program, st.completion, k, e)) useless = true;
      if (!useless) pending.push_back(Step{k, t, e});
    }
    if (goal.is_credential()) {
      for (int k : gp.goal_programs) {
        if (!may(k, t) || rules::level_broken_rules(cp, k, lv.data()) != 0) continue;
        const Year z = t + prog(cp, k).duration - 1;
        const auto zi = static_cast<std::size_t>(z - cp.start);
        if (u.completes[zi]) continue;
        u.completes[zi] = 1;
        u.credential_step[zi] = Step{k, t, z};
        if (u.earliest == kNever || z < u.earliest) u.earliest = z;
      }
    }
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->completion != t) {
        ++it;
        continue;
      }
      const CProgram& p = prog(cp, it->program);
      const auto l = static_cast<std::size_t>(p.ladder);
      for (int v = lv[l] + 1; v <= p.level; ++v) u.provider[l][static_cast<std::size_t>(v)] = *it;
      lv[l] = std::max(lv[l], p.level);
      it = pending.erase(it);
    }
    if (!goal.is_credential() && lv[static_cast<std::size_t>(goal.ladder)] >= goal.level) {
      u.earliest = t;
      break;
    }
  }
  return u;
}

std::vector<Step> unbounded_chain(const Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                                  const UnboundedResult& u, Year completion) {
  std::vector<Step> chain;
  const std::vector<int> lv0 = roster_levels(cp, r, c);
  std::function<void(int, int)> need = [&](int l, int v) {
    if (lv0[static_cast<std::size_t>(l)] >= v) return;
    const Step& st = u.provider[static_cast<std::size_t>(l)][static_cast<std::size_t>(v)];
    if (st.program < 0) return;  // not reached (cannot happen for a reached goal)
    if (std::find(chain.begin(), chain.end(), st) != chain.end()) return;
    chain.push_back(st);
    for (auto [rl, rv] : prog(cp, st.program).requires_) need(rl, rv);
  };
  if (!gp.goal.is_credential()) {
    if (u.from_roster || u.earliest == kNever) return chain;
    need(gp.goal.ladder, gp.goal.level);
  } else {
    if (completion == kNever) completion = u.earliest;
    if (completion == kNever || completion < cp.start || completion > cp.end) return chain;
    const auto zi = static_cast<std::size_t>(completion - cp.start);
    if (!u.completes[zi]) return chain;
    const Step& st = u.credential_step[zi];
    chain.push_back(st);
    for (auto [rl, rv] : prog(cp, st.program).requires_) need(rl, rv);
  }
  sort_steps(chain);
  return chain;
}

bool structurally_reaches(const Compiled& cp, const Roster& r, std::size_t c, const GoalPrograms& gp,
                          const std::function<bool(int)>& usable) {
  std::vector<int> lv = roster_levels(cp, r, c);
  const Goal& goal = gp.goal;
  auto meets = [&](int k) {
    for (auto [l, v] : prog(cp, k).requires_)
      if (lv[static_cast<std::size_t>(l)] < v) return false;
    return true;
  };
  std::vector<char> ok(gp.ladder_programs.size());
  for (std::size_t i = 0; i < ok.size(); ++i) ok[i] = usable(gp.ladder_programs[i]);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < ok.size(); ++i) {
      const int k = gp.ladder_programs[i];
      const CProgram& p = prog(cp, k);
      if (!ok[i] || lv[static_cast<std::size_t>(p.ladder)] >= p.level || !meets(k)) continue;
      lv[static_cast<std::size_t>(p.ladder)] = p.level;
      changed = true;
    }
  }
  if (!goal.is_credential()) return lv[static_cast<std::size_t>(goal.ladder)] >= goal.level;
  for (int k : gp.goal_programs)
    if (usable(k) && meets(k)) return true;
  return false;
}

bool chain_valid(const Compiled& cp, const Roster& r, std::size_t c, const std::vector<Step>& chain, int m) {
  const std::vector<int> lv0 = roster_levels(cp, r, c);
  std::vector<int> lv(lv0.size());
  for (const Step& st : chain) {
    const CProgram& p = prog(cp, st.program);
    if (st.completion != st.start + p.duration - 1) return false;
    // Levels at the start of st.start: roster raised by completions <= start - 1.
    lv = lv0;
    for (const Step& q : chain) {
      const CProgram& pq = prog(cp, q.program);
      if (pq.ladder >= 0 && q.completion <= st.start - 1)
        lv[static_cast<std::size_t>(pq.ladder)] = std::max(lv[static_cast<std::size_t>(pq.ladder)], pq.level);
    }
    if (!may_start(cp, r, c, st.program, st.start)) return false;
    if (rules::level_broken_rules(cp, st.program, lv.data()) != 0) return false;
  }
  // Rule 7: occupancy per year.
  for (const Step& st : chain)
    for (Year y = st.start; y <= st.completion; ++y) {
      int load = 0;
      for (const Step& q : chain) load += q.start <= y && y <= q.completion;
      if (load > m) return false;
    }
  return true;
}

bool chain_achieves(const Compiled& cp, const Roster& r, std::size_t c, const Goal& goal, const std::vector<Step>& chain,
                    Year year) {
  if (goal.is_credential()) {
    for (const Step& st : chain)
      if (prog(cp, st.program).credential == goal.credential && st.completion == year) return true;
    return false;
  }
  int lv = r.level[static_cast<std::size_t>(goal.ladder)][c];
  for (const Step& st : chain) {
    const CProgram& p = prog(cp, st.program);
    if (p.ladder == goal.ladder && st.completion <= year) lv = std::max(lv, p.level);
  }
  return lv >= goal.level;
}

}  // namespace cadreplan::paths::detail
