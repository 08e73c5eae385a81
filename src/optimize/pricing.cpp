#include "optimize/pricing.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>

#include "cadreplan/core/error.hpp"
#include "rules/state.hpp"

namespace cadreplan::optimize {

namespace {

constexpr std::size_t kMaxKey = kMaxStateBytes;
using Key = StateKey;

struct Node {
  Key key;
  double cost;
  int parent;
  int action;  // program started (>= 0), or -1 for "end of year"
};

/// Open-addressing table from state key to node index, cleared in O(1) by a
/// generation stamp.
class StateTable {
 public:
  void reset(std::size_t expected, std::size_t len) {
    len_ = len;
    std::size_t cap = 64;
    while (cap < 2 * expected) cap <<= 1;
    if (cap > slots_.size()) {
      slots_.assign(cap, Slot{0, -1});
      stamp_ = 0;
    }
    mask_ = slots_.size() - 1;
    ++stamp_;
    size_ = 0;
  }
  /// The node index stored for @p key, or -1; when absent, reserves the slot
  /// and returns -1 (call set() next).
  int find_or_reserve(const Key& key, const std::vector<Node>& arena) {
    if (2 * (size_ + 1) > slots_.size()) grow(arena);
    std::size_t h = hash(key) & mask_;
    while (slots_[h].stamp == stamp_) {
      const int idx = slots_[h].node;
      if (std::memcmp(arena[static_cast<std::size_t>(idx)].key.data(), key.data(), len_) == 0) return idx;
      h = (h + 1) & mask_;
    }
    last_ = h;
    return -1;
  }
  void set_reserved(int node) {
    slots_[last_] = Slot{stamp_, node};
    ++size_;
  }

 private:
  struct Slot {
    std::uint32_t stamp;
    int node;
  };
  std::size_t hash(const Key& k) const noexcept {
    std::uint64_t h = 1469598103934665603ULL;
    for (std::size_t i = 0; i < len_; ++i) h = (h ^ k[i]) * 1099511628211ULL;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
  void grow(const std::vector<Node>& arena) {
    std::vector<Slot> old;
    old.swap(slots_);
    const std::uint32_t st = stamp_;
    slots_.assign(old.size() * 2, Slot{0, -1});
    mask_ = slots_.size() - 1;
    stamp_ = 1;
    for (const Slot& s : old)
      if (s.stamp == st) {
        std::size_t h = hash(arena[static_cast<std::size_t>(s.node)].key) & mask_;
        while (slots_[h].stamp == stamp_) h = (h + 1) & mask_;
        slots_[h] = Slot{stamp_, s.node};
      }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0, len_ = 0, size_ = 0, last_ = 0;
  std::uint32_t stamp_ = 0;
};

/// Inserts (program, end) into the sorted under-way list of m pairs at @p p.
inline void insert_sorted(std::uint8_t* p, std::size_t m, std::uint8_t prog, std::uint8_t end) {
  std::size_t j = 0;
  while (j < m && p[2 * j] != 0 && (p[2 * j] < prog || (p[2 * j] == prog && p[2 * j + 1] <= end))) ++j;
  for (std::size_t i = m - 1; i > j; --i) {
    p[2 * i] = p[2 * i - 2];
    p[2 * i + 1] = p[2 * i - 1];
  }
  p[2 * j] = prog;
  p[2 * j + 1] = end;
}

}  // namespace

struct Pricer::Workspace {
  std::vector<double> start_cost;
  std::vector<double> future;
  std::vector<Node> arena;
  StateTable table;
  std::vector<int> cur, next;
  std::vector<int> achieved;  // build_graph: the checkpoints an end-of-year arc achieves
  // best_on_graph: per node, the least cost so far, its parent and action.
  std::vector<double> gcost;
  std::vector<int> gparent, gaction;
  std::vector<double> gset_value;  // best_on_graph: per checkpoint set of the graph, its reward
  // build_graph: the graph's distinct checkpoint sets, by a hash of their
  // checkpoints: the first set with that hash, then set_next (~0u: none).
  std::unordered_map<std::uint64_t, std::uint32_t> set_head;
  std::vector<std::uint32_t> set_next;
};

Pricer::WorkspacePtr Pricer::make_workspace() { return WorkspacePtr(new Workspace); }
void Pricer::WorkspaceDeleter::operator()(Workspace* w) const noexcept { delete w; }

Pricer::Pricer(const Scenario& sc, const CohortSet& co) : roster_(sc.roster()), cp_(sc.compiled()), co_(co) {
  L_ = cp_.ladder_size.size();
  K_ = cp_.valid_years.size();
  m_ = static_cast<std::size_t>(cp_.max_concurrent);
  // The state holds at most m enrollments under way (no more programs exist).
  m_ = std::min(m_, std::max<std::size_t>(cp_.programs.size(), 1));
  key_len_ = L_ + K_ + 2 * m_;
  // Limits of the exact pricing (the optimal strategy and explanations), not
  // of the contract: the scenario is valid, greedy and flow plan it. An
  // OptionsError (exit 2), not a SolveError ("internal error", exit 3).
  const std::string instead = "; the greedy and flow strategies plan it, without explanations";
  if (key_len_ > kMaxKey)
    throw OptionsError("the optimal strategy and explanations support scenarios with ladders + credentials + 2 x "
                       "max_concurrent_programs <= " + std::to_string(kMaxKey) + "; this scenario has " +
                       std::to_string(L_) + " + " + std::to_string(K_) + " + 2 x " + std::to_string(m_) + " = " +
                       std::to_string(key_len_) + instead);
  if (cp_.programs.size() > 254)
    throw OptionsError("the optimal strategy and explanations support at most 254 programs; this scenario has " +
                       std::to_string(cp_.programs.size()) + instead);
  if (cp_.years() > 250)
    throw OptionsError("the optimal strategy and explanations support horizons of at most 250 years" + instead);

  ck_at_year_.assign(static_cast<std::size_t>(cp_.years()), {});
  const auto& cks = co.checkpoints();
  for (std::size_t i = 0; i < cks.size(); ++i) ck_at_year_[static_cast<std::size_t>(cks[i].year - cp_.start)].push_back(static_cast<int>(i));

  const Roster& r = sc.roster();
  const std::size_t G = co.size(), P = cp_.programs.size();
  useful_.resize(G);
  startable_.resize(G);
  for (std::size_t g = 0; g < G; ++g) {
    const std::size_t rep = co.representative(g);
    auto& st = startable_[g];
    st.assign(P, 0);
    std::vector<char> can_start(P, 0);
    for (std::size_t k = 0; k < P; ++k)
      for (Year s = cp_.start; s <= cp_.end; ++s)
        if (rules::static_broken_rules(cp_, r, rep, static_cast<int>(k), s) == 0) {
          st[k] |= 1ull << (s - cp_.start) % 64;  // horizon <= 64 handled below
          can_start[k] = 1;
        }
    // Useful: grants a credential some uncovered member checkpoint counts, or a
    // ladder level some member checkpoint needs and the roster lacks, or a
    // level another useful program requires (fixpoint).
    std::vector<char> useful(P, 0);
    for (std::size_t k = 0; k < P; ++k) {
      if (!can_start[k]) continue;
      const detail::CProgram& p = cp_.programs[k];
      for (std::size_t i = 0; i < cks.size(); ++i) {
        if (!co.member(g, static_cast<int>(i))) continue;
        const CheckpointInfo& ck = cks[i];
        if (p.credential >= 0 && ck.credential == p.credential && !co.roster_covered(g, static_cast<int>(i))) useful[k] = 1;
        if (p.ladder >= 0 && ck.ladder == p.ladder && p.level >= ck.level && co.level(g, ck.ladder) < ck.level) useful[k] = 1;
      }
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t k = 0; k < P; ++k) {
        if (!useful[k]) continue;
        for (auto [l, v] : cp_.programs[k].requires_)
          for (std::size_t q = 0; q < P; ++q) {
            const detail::CProgram& p = cp_.programs[q];
            if (!useful[q] && can_start[q] && p.ladder == l && p.level >= v && co.level(g, l) < v) {
              useful[q] = 1;
              changed = true;
            }
          }
      }
    }
    for (std::size_t k = 0; k < P; ++k)
      if (useful[k]) useful_[g].push_back(static_cast<int>(k));
  }
  // Credential canonicalisation tables.
  const int Y = cp_.years();
  still_counts_.resize(G);
  for (std::size_t g = 0; g < G; ++g) {
    auto& t = still_counts_[g];
    t.assign(K_ * static_cast<std::size_t>(Y) * static_cast<std::size_t>(Y + 1), 0);
    for (std::size_t c = 0; c < K_; ++c)
      for (int y = 0; y < Y; ++y)
        for (int z = 1; z <= Y; ++z) {
          bool counts = false;
          for (std::size_t i = 0; i < cks.size() && !counts; ++i) {
            const CheckpointInfo& ck = cks[i];
            if (ck.credential != static_cast<int>(c) || ck.year <= cp_.start + y) continue;
            if (!co.member(g, static_cast<int>(i)) || co.roster_covered(g, static_cast<int>(i))) continue;
            counts = cp_.credential_valid(static_cast<int>(c), cp_.start + z - 1, ck.year);
          }
          t[(c * static_cast<std::size_t>(Y) + static_cast<std::size_t>(y)) * static_cast<std::size_t>(Y + 1) + static_cast<std::size_t>(z)] = counts;
        }
  }
  if (cp_.years() > 64) {
    // Wide horizons: startable bits per year do not fit one word; recompute on demand.
    startable_.clear();
  }
  graphs_.resize(G);
  graph_once_ = std::make_unique<std::once_flag[]>(G);
}

void Pricer::achieved(std::size_t g, const Schedule& schedule, std::vector<int>& out) const {
  out.clear();
  const auto& cks = co_.checkpoints();
  for (std::size_t i = 0; i < cks.size(); ++i) {
    const int ii = static_cast<int>(i);
    if (!co_.member(g, ii)) continue;
    const CheckpointInfo& ck = cks[i];
    bool ok = false;
    if (ck.ladder >= 0) {
      int lv = co_.level(g, ck.ladder);
      for (auto [k, s] : schedule.items) {
        const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
        if (p.ladder == ck.ladder && s + p.duration - 1 <= ck.year) lv = std::max(lv, p.level);
      }
      ok = lv >= ck.level;
    } else {
      ok = co_.roster_covered(g, ii);
      for (auto [k, s] : schedule.items) {
        const detail::CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
        if (p.credential == ck.credential && cp_.credential_valid(ck.credential, s + p.duration - 1, ck.year)) ok = true;
      }
    }
    if (ok) out.push_back(ii);
  }
}

StateKey Pricer::root(std::size_t g) const noexcept {
  Key root{};
  for (std::size_t l = 0; l < L_; ++l) root[l] = static_cast<std::uint8_t>(co_.level(g, static_cast<int>(l)));
  return root;
}

bool Pricer::start(std::size_t g, const StateKey& from, int k, int yi, StateKey& to) const noexcept {
  const std::size_t L = L_, K = K_, m = m_;
  if (!startable_.empty()) {
    if (!((startable_[g][static_cast<std::size_t>(k)] >> yi) & 1u)) return false;
  } else if (rules::static_broken_rules(cp_, roster_, co_.representative(g), k, cp_.start + yi) != 0) {
    return false;
  }
  if (from[L + K + 2 * (m - 1)] != 0) return false;  // all m slots busy (rule 7)
  int levels[kMaxKey];
  for (std::size_t l = 0; l < L; ++l) levels[l] = from[l];
  if (rules::level_broken_rules(cp_, k, levels) != 0) return false;
  to = from;
  insert_sorted(to.data() + L + K, m, static_cast<std::uint8_t>(k + 1),
                static_cast<std::uint8_t>(yi + cp_.programs[static_cast<std::size_t>(k)].duration));
  return true;
}

double Pricer::end_year(std::size_t g, StateKey& nk, int yi, const std::vector<double>* reward,
                        std::vector<int>* achieved) const noexcept {
  const std::size_t L = L_, K = K_, m = m_;
  const Year start = cp_.start;
  const int years = cp_.years();
  const auto& cks = co_.checkpoints();
  std::uint8_t* on = nk.data() + L + K;
  std::size_t kept = 0;
  for (std::size_t j = 0; j < m && on[2 * j]; ++j) {
    if (on[2 * j + 1] == static_cast<std::uint8_t>(yi + 1)) {
      const detail::CProgram& p = cp_.programs[on[2 * j] - 1u];
      if (p.ladder >= 0)
        nk[static_cast<std::size_t>(p.ladder)] = std::max<std::uint8_t>(nk[static_cast<std::size_t>(p.ladder)], static_cast<std::uint8_t>(p.level));
      else
        nk[L + static_cast<std::size_t>(p.credential)] = static_cast<std::uint8_t>(yi + 1);
    } else {
      on[2 * kept] = on[2 * j];
      on[2 * kept + 1] = on[2 * j + 1];
      ++kept;
    }
  }
  for (std::size_t j = kept; j < m; ++j) on[2 * j] = on[2 * j + 1] = 0;
  double value = 0.0;
  if (achieved) achieved->clear();
  if (reward || achieved) {
    for (int i : ck_at_year_[static_cast<std::size_t>(yi)]) {
      if (!co_.member(g, i)) continue;
      const CheckpointInfo& ck = cks[static_cast<std::size_t>(i)];
      bool ok;
      if (ck.ladder >= 0) {
        ok = nk[static_cast<std::size_t>(ck.ladder)] >= ck.level;
      } else {
        const std::uint8_t z = nk[L + static_cast<std::size_t>(ck.credential)];
        ok = co_.roster_covered(g, i) || (z && cp_.credential_valid(ck.credential, start + z - 1, start + yi));
      }
      if (!ok) continue;
      if (reward) value += (*reward)[static_cast<std::size_t>(i)];
      if (achieved) achieved->push_back(i);
    }
  }
  const auto& still = still_counts_[g];
  for (std::size_t c = 0; c < K; ++c) {
    const std::uint8_t z = nk[L + c];
    if (z && !still[(c * static_cast<std::size_t>(years) + static_cast<std::size_t>(yi)) * static_cast<std::size_t>(years + 1) + z]) nk[L + c] = 0;
  }
  return value;
}

double Pricer::best(std::size_t g, const Prices& prices, Schedule& out, Workspace& ws) const {
  std::vector<std::pair<double, Schedule>> none;
  return best(g, prices, out, ws, 0, 0.0, none);
}

double Pricer::best(std::size_t g, const Prices& prices, Schedule& out, Workspace& ws, std::size_t extra, double below,
                    std::vector<std::pair<double, Schedule>>& more, bool prune) const {
  const std::size_t len = key_len_;
  const Year first_year = cp_.start;
  const int years = cp_.years();
  const auto& useful = useful_[g];
  const bool branched = !prices.cohort_has_arc_cost.empty() && prices.cohort_has_arc_cost[g];
  // This cohort's start costs, with its branch adjustments.
  const std::vector<double>* start_cost = &prices.start_cost;
  if (!prices.start_adjust.empty() && !prices.start_adjust[g].empty()) {
    ws.start_cost = prices.start_cost;
    for (auto [k, yi, delta] : prices.start_adjust[g]) ws.start_cost[static_cast<std::size_t>(k * years + yi)] += delta;
    start_cost = &ws.start_cost;
  }

  // For pruning: the most reward still to come from year offset yi on (every
  // member checkpoint of yi and later), plus every bonus a branch can pay.
  std::vector<double>& future = ws.future;
  future.assign(static_cast<std::size_t>(years) + 1, 0.0);
  if (prune) {
    const auto& cks = co_.checkpoints();
    for (int yi = years - 1; yi >= 0; --yi) {
      double r = 0;
      for (int i : ck_at_year_[static_cast<std::size_t>(yi)])
        if (co_.member(g, i)) r += std::max(0.0, prices.reward[static_cast<std::size_t>(i)]);
      future[static_cast<std::size_t>(yi)] = future[static_cast<std::size_t>(yi) + 1] + r;
    }
    (void)cks;
    double bonus = 0;
    for (int k : useful)
      for (int yi = 0; yi < years; ++yi) bonus += std::max(0.0, -(*start_cost)[static_cast<std::size_t>(k * years + yi)]);
    if (branched)
      for (const auto& [arc, c] : prices.arc_cost)
        if (arc.cohort == g && c < 0) bonus -= c;
    for (double& f : future) f += bonus + 1e-9;
  }
  // Branch-and-price's arc costs name states, which the cached graph does not
  // keep: those cohorts run the search over states below.
  if (!branched)
    if (const Graph* gr = graph(g, ws)) return best_on_graph(*gr, *start_cost, prices, out, ws, extra, below, more, prune);
  int layer_year = 0;  // the year offset whose rewards nodes being added can still collect
  auto add = [&](std::vector<int>& layer, const Key& key, double cost, int parent, int action) {
    if (prune && cost - future[static_cast<std::size_t>(layer_year)] >= below) return;
    const int found = ws.table.find_or_reserve(key, ws.arena);
    if (found < 0) {
      ws.arena.push_back(Node{key, cost, parent, action});
      const int idx = static_cast<int>(ws.arena.size() - 1);
      ws.table.set_reserved(idx);
      layer.push_back(idx);
    } else if (cost < ws.arena[static_cast<std::size_t>(found)].cost - 1e-12) {
      Node& n2 = ws.arena[static_cast<std::size_t>(found)];
      n2.cost = cost;
      n2.parent = parent;
      n2.action = action;
    }
  };

  ws.arena.clear();
  ws.cur.clear();
  ws.table.reset(16, len);
  add(ws.cur, root(g), 0.0, -1, -1);
  Arc arc;
  arc.cohort = static_cast<std::uint32_t>(g);
  for (int yi = 0; yi < years; ++yi) {
    layer_year = yi;
    // Starts in year yi, one program at a time (the table holds this year's states).
    for (int k : useful) {
      const double sc_cost = (*start_cost)[static_cast<std::size_t>(k) * static_cast<std::size_t>(years) + static_cast<std::size_t>(yi)];
      if (!std::isfinite(sc_cost)) continue;  // forbidden by a branch
      const std::size_t snapshot = ws.cur.size();
      for (std::size_t q = 0; q < snapshot; ++q) {
        const int idx = ws.cur[q];
        Key nk;
        if (!start(g, ws.arena[static_cast<std::size_t>(idx)].key, k, yi, nk)) continue;
        double cost = ws.arena[static_cast<std::size_t>(idx)].cost + sc_cost;
        if (branched) {
          arc.year = static_cast<std::uint16_t>(yi);
          arc.program = static_cast<std::uint16_t>(k);
          arc.key = ws.arena[static_cast<std::size_t>(idx)].key;
          auto it = prices.arc_cost.find(arc);
          if (it != prices.arc_cost.end()) {
            if (!std::isfinite(it->second)) continue;  // forbidden by a branch
            cost += it->second;
          }
        }
        add(ws.cur, nk, cost, idx, k);
      }
    }
    // End of year yi.
    layer_year = yi + 1;
    ws.next.clear();
    ws.table.reset(ws.cur.size(), len);
    for (const int idx : ws.cur) {
      Key nk = ws.arena[static_cast<std::size_t>(idx)].key;
      const double cost = ws.arena[static_cast<std::size_t>(idx)].cost - end_year(g, nk, yi, &prices.reward);
      add(ws.next, nk, cost, idx, -1);
    }
    std::swap(ws.cur, ws.next);
  }
  more.clear();
  if (ws.cur.empty()) {  // everything pruned: nothing below `below`
    out.items.clear();
    return std::numeric_limits<double>::infinity();
  }
  // Best final state (ties: the earliest created, i.e. fewer starts).
  int best = ws.cur.front();
  for (const int idx : ws.cur)
    if (ws.arena[static_cast<std::size_t>(idx)].cost < ws.arena[static_cast<std::size_t>(best)].cost - 1e-12) best = idx;
  // Walk back: each end-of-year node closes a year; starts before it belong to that year.
  auto trace = [&](int from, Schedule& sched) {
    sched.items.clear();
    int yi = years;
    for (int idx = from; idx > 0;) {
      const Node& node = ws.arena[static_cast<std::size_t>(idx)];
      if (node.action < 0)
        --yi;
      else
        sched.items.emplace_back(node.action, first_year + yi);
      idx = node.parent;
    }
    std::sort(sched.items.begin(), sched.items.end(),
              [](auto& a, auto& b) { return a.second != b.second ? a.second < b.second : a.first < b.first; });
  };
  trace(best, out);
  if (extra > 0) {
    std::vector<std::pair<double, int>> ends;
    for (const int idx : ws.cur)
      if (idx != best && ws.arena[static_cast<std::size_t>(idx)].cost < below) ends.emplace_back(ws.arena[static_cast<std::size_t>(idx)].cost, idx);
    std::sort(ends.begin(), ends.end());
    for (std::size_t i = 0; i < ends.size() && i < extra; ++i) {
      more.emplace_back(ends[i].first, Schedule{});
      trace(ends[i].second, more.back().second);
    }
  }
  return ws.arena[static_cast<std::size_t>(best)].cost;
}

std::size_t Pricer::Graph::bytes() const noexcept {
  return sizeof(Graph) + 4 * (year_run.size() + run_begin.size() + s_from.size() + s_to.size() + year_end.size() +
                              ck_begin.size() + e_set.size() + e_to.size() + ck.size() + final_nodes.size()) +
         2 * run_prog.size();
}

bool Pricer::prebuild(std::size_t g, Workspace& ws) const {
  bool built = false;
  graph(g, ws, &built);
  return built;
}

GraphPrebuild::GraphPrebuild(const Pricer& pricer, std::size_t cohorts) {
  thread_ = std::thread([this, &pricer, cohorts] {
    try {
      Pricer::WorkspacePtr ws = Pricer::make_workspace();
      for (std::size_t g = cohorts; g-- > 0 && !stop_.load(std::memory_order_relaxed);)
        if (pricer.prebuild(g, *ws)) built_.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
      // Out of memory, most likely: pricing builds what is left, and reports
      // any error itself.
    }
  });
}

void GraphPrebuild::stop() noexcept {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

const Pricer::Graph* Pricer::graph(std::size_t g, Workspace& ws, bool* built) const {
  std::call_once(graph_once_[g], [&] {
    if (built) *built = true;
    std::unique_ptr<Graph> gr = build_graph(g, ws);
    if (!gr) {
      uncached_.fetch_add(1);
      return;
    }
    const std::size_t b = gr->bytes();
    if (graph_bytes_.fetch_add(b) + b > graph_budget_) {
      graph_bytes_.fetch_sub(b);
      uncached_.fetch_add(1);
      return;
    }
    graphs_[g] = std::move(gr);
  });
  return graphs_[g].get();
}

std::unique_ptr<Pricer::Graph> Pricer::build_graph(std::size_t g, Workspace& ws) const {
  // The same search over states as best() without prices or pruning; nodes
  // are numbered in the order best() would create them. The scratch space is
  // the thread's workspace, which keeps its capacity from cohort to cohort.
  constexpr std::size_t kMaxNodes = std::size_t{1} << 22;
  const std::size_t len = key_len_;
  const int years = cp_.years();
  auto gr = std::make_unique<Graph>();
  std::vector<Node>& arena = ws.arena;
  StateTable& table = ws.table;
  std::vector<int>& cur = ws.cur;
  std::vector<int>& next = ws.next;
  std::vector<int>& achieved = ws.achieved;
  ws.set_head.clear();
  ws.set_next.clear();
  // The number of achieved's set, numbering it if new.
  const auto set_of = [&]() -> std::uint32_t {
    std::uint64_t h = 1469598103934665603ULL ^ achieved.size();
    for (const int c : achieved) h = (h ^ static_cast<std::uint32_t>(c)) * 1099511628211ULL;
    const auto [it, fresh] = ws.set_head.try_emplace(h, static_cast<std::uint32_t>(ws.set_next.size()));
    if (!fresh) {
      for (std::uint32_t q = it->second;; q = ws.set_next[q]) {
        const auto b = gr->ck.begin() + gr->ck_begin[q], e = gr->ck.begin() + gr->ck_begin[q + 1];
        if (std::equal(b, e, achieved.begin(), achieved.end())) return q;
        if (ws.set_next[q] == ~0u) {
          ws.set_next[q] = static_cast<std::uint32_t>(ws.set_next.size());
          break;
        }
      }
    }
    ws.set_next.push_back(~0u);
    gr->ck.insert(gr->ck.end(), achieved.begin(), achieved.end());
    gr->ck_begin.push_back(static_cast<std::uint32_t>(gr->ck.size()));
    return static_cast<std::uint32_t>(ws.set_next.size() - 1);
  };
  gr->ck_begin.push_back(0);
  arena.clear();
  cur.clear();
  next.clear();
  auto add = [&](std::vector<int>& layer, const Key& key) {
    const int found = table.find_or_reserve(key, arena);
    if (found >= 0) return found;
    arena.push_back(Node{key, 0.0, -1, -1});
    const int idx = static_cast<int>(arena.size() - 1);
    table.set_reserved(idx);
    layer.push_back(idx);
    return idx;
  };
  table.reset(16, len);
  add(cur, root(g));
  for (int yi = 0; yi < years; ++yi) {
    gr->year_run.push_back(static_cast<std::uint32_t>(gr->run_prog.size()));
    for (int k : useful_[g]) {
      const std::size_t snapshot = cur.size();
      const std::size_t begin = gr->s_from.size();
      for (std::size_t q = 0; q < snapshot; ++q) {
        const int from = cur[q];
        Key nk;
        if (!start(g, arena[static_cast<std::size_t>(from)].key, k, yi, nk)) continue;
        const int to = add(cur, nk);
        gr->s_from.push_back(from);
        gr->s_to.push_back(to);
      }
      if (gr->s_from.size() > begin) {
        gr->run_begin.push_back(static_cast<std::uint32_t>(begin));
        gr->run_prog.push_back(static_cast<std::uint16_t>(k));
      }
    }
    gr->year_end.push_back(static_cast<std::uint32_t>(gr->e_to.size()));
    next.clear();
    table.reset(cur.size(), len);
    for (const int idx : cur) {
      if (static_cast<std::size_t>(idx) != gr->e_to.size())
        throw SolveError("internal: the state graph of cohort " + std::to_string(g) + " numbers its layers out of order");
      Key nk = arena[static_cast<std::size_t>(idx)].key;
      end_year(g, nk, yi, nullptr, &achieved);
      const int to = add(next, nk);
      gr->e_to.push_back(to);
      gr->e_set.push_back(set_of());
    }
    std::swap(cur, next);
    if (arena.size() > kMaxNodes || gr->s_from.size() > 4 * kMaxNodes) return nullptr;
  }
  gr->year_run.push_back(static_cast<std::uint32_t>(gr->run_prog.size()));
  gr->run_begin.push_back(static_cast<std::uint32_t>(gr->s_from.size()));
  gr->year_end.push_back(static_cast<std::uint32_t>(gr->e_to.size()));
  gr->final_nodes.assign(cur.begin(), cur.end());
  gr->nodes = static_cast<int>(arena.size());
  for (auto* v : {&gr->year_run, &gr->run_begin, &gr->year_end, &gr->ck_begin, &gr->e_set}) v->shrink_to_fit();
  for (auto* v : {&gr->s_from, &gr->s_to, &gr->e_to, &gr->ck, &gr->final_nodes}) v->shrink_to_fit();
  gr->run_prog.shrink_to_fit();
  return gr;
}

double Pricer::best_on_graph(const Graph& gr, const std::vector<double>& start_cost, const Prices& prices,
                             Schedule& out, Workspace& ws, std::size_t extra, double below,
                             std::vector<std::pair<double, Schedule>>& more, bool prune) const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const int years = cp_.years();
  const std::vector<double>& future = ws.future;
  std::vector<double>& cost = ws.gcost;
  std::vector<int>& parent = ws.gparent;
  std::vector<int>& action = ws.gaction;
  const std::size_t n = static_cast<std::size_t>(gr.nodes);
  cost.assign(n, kInf);
  parent.resize(n);
  action.resize(n);
  cost[0] = 0.0;
  parent[0] = -1;
  action[0] = -1;
  // Each checkpoint set's reward, once per call (the same sum, in the same order, as per arc).
  std::vector<double>& set_value = ws.gset_value;
  set_value.resize(gr.ck_begin.size() - 1);
  for (std::size_t q = 0; q + 1 < gr.ck_begin.size(); ++q) {
    double value = 0.0;
    for (std::uint32_t j = gr.ck_begin[q]; j < gr.ck_begin[q + 1]; ++j) value += prices.reward[static_cast<std::size_t>(gr.ck[j])];
    set_value[q] = value;
  }
  // The same relaxations in the same order as the search over states, so the
  // same costs, parents and ties; a target it would prune stays at +infinity.
  for (int yi = 0; yi < years; ++yi) {
    const std::size_t y = static_cast<std::size_t>(yi);
    const double cut = prune ? below + future[y] : kInf;
    for (std::uint32_t r = gr.year_run[y]; r < gr.year_run[y + 1]; ++r) {
      const int k = gr.run_prog[r];
      const double sc = start_cost[static_cast<std::size_t>(k) * static_cast<std::size_t>(years) + y];
      if (!std::isfinite(sc)) continue;  // forbidden by a branch
      for (std::uint32_t e = gr.run_begin[r]; e < gr.run_begin[r + 1]; ++e) {
        const double c = cost[static_cast<std::size_t>(gr.s_from[e])] + sc;
        if (!(c < cut)) continue;  // also skips unreached sources (+infinity)
        const std::size_t to = static_cast<std::size_t>(gr.s_to[e]);
        if (c < cost[to] - 1e-12) {
          cost[to] = c;
          parent[to] = gr.s_from[e];
          action[to] = k;
        }
      }
    }
    const double cut_end = prune ? below + future[y + 1] : kInf;
    for (std::uint32_t e = gr.year_end[y]; e < gr.year_end[y + 1]; ++e) {  // arc e leaves node e
      const double c0 = cost[e];
      if (c0 == kInf) continue;
      const double c = c0 - set_value[gr.e_set[e]];
      if (!(c < cut_end)) continue;
      const std::size_t to = static_cast<std::size_t>(gr.e_to[e]);
      if (c < cost[to] - 1e-12) {
        cost[to] = c;
        parent[to] = static_cast<int>(e);
        action[to] = -1;
      }
    }
  }
  more.clear();
  int best = -1;
  for (const int idx : gr.final_nodes) {
    const double c = cost[static_cast<std::size_t>(idx)];
    if (c < kInf && (best < 0 || c < cost[static_cast<std::size_t>(best)] - 1e-12)) best = idx;
  }
  if (best < 0) {  // everything pruned: nothing below `below`
    out.items.clear();
    return kInf;
  }
  auto trace = [&](int from, Schedule& sched) {
    sched.items.clear();
    int yi = years;
    for (int idx = from; idx > 0; idx = parent[static_cast<std::size_t>(idx)]) {
      const int a = action[static_cast<std::size_t>(idx)];
      if (a < 0)
        --yi;
      else
        sched.items.emplace_back(a, cp_.start + yi);
    }
    std::sort(sched.items.begin(), sched.items.end(),
              [](auto& a, auto& b) { return a.second != b.second ? a.second < b.second : a.first < b.first; });
  };
  trace(best, out);
  if (extra > 0) {
    std::vector<std::pair<double, int>> ends;
    for (const int idx : gr.final_nodes) {
      const double c = cost[static_cast<std::size_t>(idx)];
      if (idx != best && c < below) ends.emplace_back(c, idx);
    }
    std::sort(ends.begin(), ends.end());
    for (std::size_t i = 0; i < ends.size() && i < extra; ++i) {
      more.emplace_back(ends[i].first, Schedule{});
      trace(ends[i].second, more.back().second);
    }
  }
  return cost[static_cast<std::size_t>(best)];
}

void Pricer::arcs(std::size_t g, const Schedule& schedule, std::vector<Arc>& out) const {
  out.clear();
  Key key = root(g);
  std::size_t next = 0;  // items are sorted by (start, program)
  for (int yi = 0; yi < cp_.years(); ++yi) {
    const Year y = cp_.start + yi;
    while (next < schedule.items.size() && schedule.items[next].second == y) {
      const int k = schedule.items[next].first;
      Key to;
      if (!start(g, key, k, yi, to))
        throw SolveError("internal: schedule of cohort " + std::to_string(g) + " starts program " + std::to_string(k) + " in " +
                         std::to_string(y) + " against the rules");
      Arc a;
      a.cohort = static_cast<std::uint32_t>(g);
      a.year = static_cast<std::uint16_t>(yi);
      a.program = static_cast<std::uint16_t>(k);
      a.key = key;
      out.push_back(a);
      key = to;
      ++next;
    }
    end_year(g, key, yi, nullptr);
  }
}

void Pricer::walk(std::size_t g, std::unordered_map<Arc, double, ArcHash>& flow, Schedule& out) const {
  out.items.clear();
  Key key = root(g);
  Arc a;
  a.cohort = static_cast<std::uint32_t>(g);
  for (int yi = 0; yi < cp_.years(); ++yi) {
    for (std::size_t k = 0; k < cp_.programs.size(); ++k) {
      a.year = static_cast<std::uint16_t>(yi);
      a.program = static_cast<std::uint16_t>(k);
      a.key = key;
      auto it = flow.find(a);
      if (it == flow.end() || it->second < 1 - 1e-6) continue;
      Key to;
      if (!start(g, key, static_cast<int>(k), yi, to)) continue;
      it->second -= 1;
      out.items.emplace_back(static_cast<int>(k), cp_.start + yi);
      key = to;
    }
    end_year(g, key, yi, nullptr);
  }
}

}  // namespace cadreplan::optimize
