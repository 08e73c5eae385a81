// The training-path graph: Boost.Graph for the structure (strong components
// for the cross-ladder cycles, reverse breadth-first search for the programs
// that can matter for a goal), the searches of search.hpp for one cadre.
#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <sstream>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include "cadreplan/core/error.hpp"
#include "model/compiled.hpp"
#include "paths/graph_impl.hpp"
#include "rules/state.hpp"

namespace cadreplan::paths {

namespace detail {

std::string describe_selector(const Selector& s) {
  std::vector<std::string> parts;
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  if (s.tier) parts.push_back("tier " + join(*s.tier));
  if (s.sex) parts.push_back("sex " + join(*s.sex));
  if (!s.flags.empty()) parts.push_back("flags " + join(s.flags));
  if (s.min_age) parts.push_back("min_age " + std::to_string(*s.min_age));
  if (s.max_age) parts.push_back("max_age " + std::to_string(*s.max_age));
  if (parts.empty()) return "anyone";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string level_name(const Scenario& sc, int ladder, int level) {
  const Ladder& l = sc.spec().ladders[static_cast<std::size_t>(ladder)];
  return l.name + " '" + l.levels[static_cast<std::size_t>(level)] + "'";
}

std::string program_name(const Scenario& sc, int k) { return "'" + sc.spec().programs[static_cast<std::size_t>(k)].id + "'"; }

}  // namespace detail

// ---------------------------------------------------------------------------
// Goal

Goal Goal::of_target(const Scenario& sc, int target) {
  const auto& targets = sc.compiled().targets;
  if (target < 0 || static_cast<std::size_t>(target) >= targets.size())
    throw OptionsError("target index " + std::to_string(target) + " is out of range (the scenario has " +
                       std::to_string(targets.size()) + " targets)");
  const auto& t = targets[static_cast<std::size_t>(target)];
  return t.credential >= 0 ? holding(t.credential) : at_least(t.ladder, t.level);
}

Goal Goal::from_names(const Scenario& sc, std::string_view ladder, std::string_view level) {
  const int l = sc.ladder_index(ladder);
  if (l < 0) throw OptionsError("unknown ladder '" + std::string(ladder) + "'");
  const int v = sc.level_index(l, level);
  if (v < 0) throw OptionsError("unknown level '" + std::string(level) + "' on ladder '" + std::string(ladder) + "'");
  return at_least(l, v);
}

Goal Goal::from_credential_name(const Scenario& sc, std::string_view credential) {
  const int k = sc.credential_index(credential);
  if (k < 0) throw OptionsError("unknown credential '" + std::string(credential) + "'");
  return holding(k);
}

std::string Goal::describe(const Scenario& sc) const {
  const auto& cp = sc.compiled();
  if (is_credential()) {
    if (static_cast<std::size_t>(credential) >= cp.valid_years.size())
      throw OptionsError("credential index " + std::to_string(credential) + " is out of range");
    return "credential '" + sc.spec().credentials[static_cast<std::size_t>(credential)].name + "'";
  }
  if (ladder < 0 || static_cast<std::size_t>(ladder) >= cp.ladder_size.size() || level < 0 ||
      level >= cp.ladder_size[static_cast<std::size_t>(ladder)])
    throw OptionsError("goal (ladder " + std::to_string(ladder) + ", level " + std::to_string(level) + ") is out of range");
  return detail::level_name(sc, ladder, level);
}

std::string_view to_string(UnusableReason reason) noexcept {
  switch (reason) {
    case UnusableReason::longer_than_horizon: return "longer_than_horizon";
    case UnusableReason::cannot_raise: return "cannot_raise";
    case UnusableReason::no_seats: return "no_seats";
    case UnusableReason::not_eligible: return "not_eligible";
    case UnusableReason::retired: return "retired";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// Construction

namespace {

using cadreplan::detail::Compiled;
using cadreplan::detail::CProgram;

struct ArcProp {
  int program = -1;    ///< -1: "holding v+1 gives v", or "(anyone) holds the lowest level"
  bool cross = false;  ///< a requirement on another ladder than the grant's
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, ArcProp>;

/// Rule 5 fails for everyone: the program grants its ladder's lowest level, or
/// requires its own ladder at or above what it grants.
bool cannot_raise(const CProgram& p) {
  if (p.ladder < 0) return false;
  if (p.level == 0) return true;
  for (auto [l, v] : p.requires_)
    if (l == p.ladder && v >= p.level) return true;
  return false;
}

class Discover : public boost::default_bfs_visitor {
 public:
  explicit Discover(std::vector<char>* seen) : seen_(seen) {}
  template <class V, class G>
  void discover_vertex(V v, const G&) const {
    (*seen_)[v] = 1;
  }

 private:
  std::vector<char>* seen_;
};

std::string year_range(Year a, Year b) { return a == b ? std::to_string(a) : std::to_string(a) + "–" + std::to_string(b); }

}  // namespace

int PathGraph::Impl::vertex_of(const Goal& g) const {
  const Compiled& cp = scenario.compiled();
  if (g.is_credential()) {
    if (g.ladder >= 0 || static_cast<std::size_t>(g.credential) >= cp.valid_years.size())
      throw OptionsError("goal credential index " + std::to_string(g.credential) + " is out of range (the scenario has " +
                         std::to_string(cp.valid_years.size()) + " credentials)");
    return credential_base + g.credential;
  }
  if (g.ladder < 0 || static_cast<std::size_t>(g.ladder) >= cp.ladder_size.size() || g.level < 0 ||
      g.level >= cp.ladder_size[static_cast<std::size_t>(g.ladder)])
    throw OptionsError("goal (ladder " + std::to_string(g.ladder) + ", level " + std::to_string(g.level) +
                       ") is out of range for the scenario's ladders");
  return level_base[static_cast<std::size_t>(g.ladder)] + g.level;
}

PathGraph::PathGraph(const Scenario& sc) : impl_(std::make_unique<Impl>(sc)) {
  Impl& im = *impl_;
  const Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const ScenarioSpec& spec = sc.spec();
  const int nprog = static_cast<int>(cp.programs.size());

  // Vertices: (anyone), then every (ladder, level), then every credential.
  im.vertices.push_back(Vertex{Vertex::Kind::anyone, -1, -1, -1, "(anyone)"});
  for (std::size_t l = 0; l < cp.ladder_size.size(); ++l) {
    im.level_base.push_back(static_cast<int>(im.vertices.size()));
    for (int v = 0; v < cp.ladder_size[l]; ++v)
      im.vertices.push_back(Vertex{Vertex::Kind::level, static_cast<int>(l), v, -1,
                                   spec.ladders[l].name + ":" + spec.ladders[l].levels[static_cast<std::size_t>(v)]});
  }
  im.credential_base = static_cast<int>(im.vertices.size());
  for (std::size_t k = 0; k < cp.valid_years.size(); ++k)
    im.vertices.push_back(Vertex{Vertex::Kind::credential, -1, -1, static_cast<int>(k), "credential:" + spec.credentials[k].name});
  auto lvx = [&](int l, int v) { return im.level_base[static_cast<std::size_t>(l)] + v; };

  // Edges (public) and arcs (Boost): an arc u -> w reads "holding u leads towards w".
  Graph g(im.vertices.size());
  for (std::size_t l = 0; l < cp.ladder_size.size(); ++l) {
    boost::add_edge(0, static_cast<std::size_t>(lvx(static_cast<int>(l), 0)), ArcProp{}, g);
    for (int v = 0; v + 1 < cp.ladder_size[l]; ++v)
      boost::add_edge(static_cast<std::size_t>(lvx(static_cast<int>(l), v + 1)), static_cast<std::size_t>(lvx(static_cast<int>(l), v)),
                      ArcProp{}, g);
  }
  for (int k = 0; k < nprog; ++k) {
    const CProgram& p = cp.programs[static_cast<std::size_t>(k)];
    const bool blocked = cannot_raise(p);
    if (p.ladder >= 0) {
      const int to = lvx(p.ladder, p.level);
      std::vector<LevelRef> cross;
      std::vector<int> own;
      for (auto [l, v] : p.requires_) {
        if (l == p.ladder) own.push_back(v);
        else cross.push_back(LevelRef{l, v});
      }
      if (own.empty()) own.push_back(0);
      for (int v : own) im.edges.push_back(Edge{k, lvx(p.ladder, v), to, cross});
      if (blocked) continue;
      for (int v : own) boost::add_edge(static_cast<std::size_t>(lvx(p.ladder, v)), static_cast<std::size_t>(to), ArcProp{k, false}, g);
      for (const LevelRef& q : cross)
        boost::add_edge(static_cast<std::size_t>(lvx(q.ladder, q.level)), static_cast<std::size_t>(to), ArcProp{k, true}, g);
    } else {
      const int to = im.credential_base + p.credential;
      std::vector<LevelRef> reqs;
      for (auto [l, v] : p.requires_) reqs.push_back(LevelRef{l, v});
      im.edges.push_back(Edge{k, 0, to, reqs});
      if (reqs.empty()) boost::add_edge(0, static_cast<std::size_t>(to), ArcProp{k, false}, g);
      for (const LevelRef& q : reqs)
        boost::add_edge(static_cast<std::size_t>(lvx(q.ladder, q.level)), static_cast<std::size_t>(to), ArcProp{k, false}, g);
    }
  }

  // Cycles through cross-ladder requirements. Program graph: P -> Q when P
  // requires (L, v) on another ladder than its own and Q provides it: grants
  // v or more on L and can be taken below v. A strong component of two or more programs is a cycle ("P grants A
  // requiring B while Q grants B requiring A"). It blocks when none of its
  // programs ever becomes open to a cadre starting from the lowest levels,
  // taking any programs it likes; otherwise other programs break it.
  {
    using ProgramGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    ProgramGraph pg(static_cast<std::size_t>(nprog));
    // Q provides (L, v): it grants v or more on L and can be taken below v.
    auto provides = [&](int q, int l, int v) {
      const CProgram& pq = cp.programs[static_cast<std::size_t>(q)];
      if (pq.ladder != l || pq.level < v || cannot_raise(pq)) return false;
      for (auto [rl, rv] : pq.requires_)
        if (rl == l && rv >= v) return false;
      return true;
    };
    for (int a = 0; a < nprog; ++a) {
      const CProgram& pa = cp.programs[static_cast<std::size_t>(a)];
      for (auto [l, v] : pa.requires_) {
        if (l == pa.ladder) continue;
        for (int b = 0; b < nprog; ++b)
          if (b != a && provides(b, l, v)) boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), pg);
      }
    }
    std::vector<int> comp(static_cast<std::size_t>(nprog));
    const int ncomp = nprog == 0 ? 0 : static_cast<int>(boost::strong_components(
                                           pg, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, pg))));
    // Levels open from the bottom with every program (rules 4 and 5 as a fixpoint).
    std::vector<int> lv(cp.ladder_size.size(), 0);
    std::vector<char> opened(static_cast<std::size_t>(nprog), 0);
    for (bool changed = true; changed;) {
      changed = false;
      for (int k = 0; k < nprog; ++k) {
        const CProgram& p = cp.programs[static_cast<std::size_t>(k)];
        if (opened[static_cast<std::size_t>(k)] || cannot_raise(p)) continue;
        if (rules::level_broken_rules(cp, k, lv.data()) & (1u << 4)) continue;
        opened[static_cast<std::size_t>(k)] = 1;
        changed = true;
        if (p.ladder >= 0) lv[static_cast<std::size_t>(p.ladder)] = std::max(lv[static_cast<std::size_t>(p.ladder)], p.level);
      }
    }
    std::vector<std::vector<int>> members(static_cast<std::size_t>(ncomp));
    for (int k = 0; k < nprog; ++k) members[static_cast<std::size_t>(comp[static_cast<std::size_t>(k)])].push_back(k);
    for (const auto& ks : members) {
      if (ks.size() < 2) continue;
      CycleWarning w;
      w.programs = ks;
      std::set<int> vx;
      bool blocks = true;
      std::string msg = "cross-ladder requirements form a cycle: ";
      for (std::size_t i = 0; i < ks.size(); ++i) {
        const int k = ks[i];
        const CProgram& p = cp.programs[static_cast<std::size_t>(k)];
        if (opened[static_cast<std::size_t>(k)]) blocks = false;
        vx.insert(lvx(p.ladder, p.level));
        msg += (i == 0 ? "" : "; ") + std::string("program ") + detail::program_name(sc, k) + " grants " +
               detail::level_name(sc, p.ladder, p.level) + " and requires";
        bool f2 = true;
        for (auto [l, v] : p.requires_) {
          if (l == p.ladder) continue;
          bool inside = false;  // provided by another program of the cycle
          for (int q : ks) inside = inside || (q != k && provides(q, l, v));
          if (!inside) continue;
          vx.insert(lvx(l, v));
          msg += (f2 ? " " : " and ") + detail::level_name(sc, l, v);
          f2 = false;
        }
      }
      w.blocking = blocks;
      w.vertices.assign(vx.begin(), vx.end());
      msg += blocks ? "; a cadre holding none of these levels can take none of these programs"
                    : "; other programs break the cycle for a cadre starting from the lowest levels";
      w.message = std::move(msg);
      im.cycles.push_back(std::move(w));
    }
    std::sort(im.cycles.begin(), im.cycles.end(),
              [](const CycleWarning& a, const CycleWarning& b) { return a.programs.front() < b.programs.front(); });
  }

  // The programs that can matter for each goal vertex. First the graph: those
  // whose grant vertex leads to the goal (reverse breadth-first search).
  // Then levels: a ladder program matters only if it can carry a cadre across
  // a threshold that matters - the goal level, or a level some program that
  // matters requires - i.e. its own-ladder requirement is below the threshold
  // and its grant at or above it. A program crossing no threshold changes no
  // requirement, rule 5 test or goal anywhere, so leaving it out never delays
  // anyone. (University requires college: it cannot help reach college.)
  im.towards.resize(im.vertices.size());
  const auto rg = boost::make_reverse_graph(g);
  std::vector<char> seen(im.vertices.size());
  for (std::size_t x = 1; x < im.vertices.size(); ++x) {
    std::fill(seen.begin(), seen.end(), 0);
    boost::breadth_first_search(rg, x, boost::visitor(Discover(&seen)));
    detail::GoalPrograms& gp = im.towards[x];
    const Vertex& vx = im.vertices[x];
    gp.goal = vx.kind == Vertex::Kind::credential ? Goal::holding(vx.credential) : Goal::at_least(vx.ladder, vx.level);
    auto achieves = [&](const CProgram& p) {
      return vx.kind == Vertex::Kind::credential ? p.credential == vx.credential : (p.ladder == vx.ladder && p.level >= vx.level);
    };
    // thresholds[l][v]: reaching level v on ladder l matters.
    std::vector<std::vector<char>> threshold(cp.ladder_size.size());
    for (std::size_t l = 0; l < threshold.size(); ++l) threshold[l].assign(static_cast<std::size_t>(cp.ladder_size[l]), 0);
    if (vx.kind == Vertex::Kind::level) threshold[static_cast<std::size_t>(vx.ladder)][static_cast<std::size_t>(vx.level)] = 1;
    std::vector<char> matters(static_cast<std::size_t>(nprog), 0);
    for (bool changed = true; changed;) {
      changed = false;
      for (int k = 0; k < nprog; ++k) {
        const CProgram& p = cp.programs[static_cast<std::size_t>(k)];
        const int grant = p.ladder >= 0 ? lvx(p.ladder, p.level) : im.credential_base + p.credential;
        if (matters[static_cast<std::size_t>(k)] || !seen[static_cast<std::size_t>(grant)] || cannot_raise(p)) continue;
        bool crosses = p.ladder < 0 && achieves(p);  // ladder goals: the goal level is a threshold
        if (p.ladder >= 0) {
          int own = 0;
          for (auto [l, v] : p.requires_)
            if (l == p.ladder) own = v;
          for (int v = own + 1; v <= p.level && !crosses; ++v)
            crosses = threshold[static_cast<std::size_t>(p.ladder)][static_cast<std::size_t>(v)] != 0;
        }
        if (!crosses) continue;
        matters[static_cast<std::size_t>(k)] = 1;
        changed = true;
        for (auto [l, v] : p.requires_) threshold[static_cast<std::size_t>(l)][static_cast<std::size_t>(v)] = 1;
      }
    }
    for (int k = 0; k < nprog; ++k) {
      if (!matters[static_cast<std::size_t>(k)]) continue;
      const CProgram& p = cp.programs[static_cast<std::size_t>(k)];
      if (p.ladder >= 0) gp.ladder_programs.push_back(k);
      if (achieves(p)) gp.goal_programs.push_back(k);
      gp.all.push_back(k);
    }
  }

  // Programs nobody in the roster can ever take.
  const int years = cp.years();
  for (int k = 0; k < nprog; ++k) {
    const CProgram& p = cp.programs[static_cast<std::size_t>(k)];
    const std::string name = "program " + detail::program_name(sc, k);
    const Program& ps = spec.programs[static_cast<std::size_t>(k)];
    if (p.duration > years) {
      im.unusable.push_back(UnusableProgram{k, UnusableReason::longer_than_horizon,
                                            name + " lasts " + std::to_string(p.duration) + " years, longer than the horizon " +
                                                year_range(cp.start, cp.end) + " (" + std::to_string(years) +
                                                " years): nobody can complete it in time"});
      continue;
    }
    if (cannot_raise(p)) {
      int need = 0;
      for (auto [l, v] : p.requires_)
        if (l == p.ladder) need = std::max(need, v);
      im.unusable.push_back(UnusableProgram{
          k, UnusableReason::cannot_raise,
          p.level == 0 ? name + " grants " + detail::level_name(sc, p.ladder, p.level) +
                             ", the lowest level of its ladder, which everybody holds: it cannot raise anyone (rule 5)"
                       : name + " requires " + detail::level_name(sc, p.ladder, need) + " but grants only " +
                             detail::level_name(sc, p.ladder, p.level) +
                             ": nobody both meets the requirement and can be raised by it (rules 4 and 5)"});
      continue;
    }
    const Year last_start = cp.end - p.duration + 1;
    std::vector<Year> seated;
    for (Year s = cp.start; s <= last_start; ++s)
      if (cp.seats(k, s) >= 1) seated.push_back(s);
    if (seated.empty()) {
      im.unusable.push_back(UnusableProgram{k, UnusableReason::no_seats,
                                            name + " has no seats in any start year from " + std::to_string(cp.start) + " to " +
                                                std::to_string(last_start) + " (the last start that finishes by " +
                                                std::to_string(cp.end) + ")"});
      continue;
    }
    bool any_eligible = false, usable = false;
    for (std::size_t c = 0; c < r.size() && !usable; ++c) {
      if (!p.eligible.static_holds(r, c)) continue;
      for (Year s : seated) {
        const unsigned broken = rules::static_broken_rules(cp, r, c, k, s);
        if (broken & (1u << 3)) continue;
        any_eligible = true;
        if (broken == 0) {
          usable = true;
          break;
        }
      }
    }
    if (usable) continue;
    if (!any_eligible) {
      im.unusable.push_back(UnusableProgram{k, UnusableReason::not_eligible,
                                            "no cadre in the roster meets the eligibility of " + name + " (" +
                                                detail::describe_selector(ps.eligible) + ") in any start year with seats"});
    } else {
      im.unusable.push_back(UnusableProgram{k, UnusableReason::retired,
                                            "every cadre eligible for " + name + " retires before completing it and serving " +
                                                std::to_string(p.min_service) + " more year(s) (rule 2)"});
    }
  }
}

PathGraph::~PathGraph() = default;
PathGraph::PathGraph(PathGraph&&) noexcept = default;
PathGraph& PathGraph::operator=(PathGraph&&) noexcept = default;

const Scenario& PathGraph::scenario() const noexcept { return impl_->scenario; }
const std::vector<Vertex>& PathGraph::vertices() const noexcept { return impl_->vertices; }
const std::vector<Edge>& PathGraph::edges() const noexcept { return impl_->edges; }
const std::vector<CycleWarning>& PathGraph::cycles() const noexcept { return impl_->cycles; }
const std::vector<UnusableProgram>& PathGraph::unusable_programs() const noexcept { return impl_->unusable; }

int PathGraph::level_vertex(int ladder, int level) const { return impl_->vertex_of(Goal::at_least(ladder, level)); }
int PathGraph::credential_vertex(int credential) const {
  if (credential < 0) throw OptionsError("credential index " + std::to_string(credential) + " is out of range");
  return impl_->vertex_of(Goal::holding(credential));
}

const std::vector<int>& PathGraph::programs_towards(const Goal& goal) const { return impl_->goal_programs(goal).all; }

namespace {
void check_cadre(const Scenario& sc, std::size_t cadre) {
  if (cadre >= sc.roster().size())
    throw OptionsError("cadre index " + std::to_string(cadre) + " is out of range (the roster has " +
                       std::to_string(sc.roster().size()) + " cadres)");
}
}  // namespace

Reach PathGraph::earliest_completion(std::size_t cadre, const Goal& goal) const {
  const Scenario& sc = impl_->scenario;
  check_cadre(sc, cadre);
  const detail::GoalPrograms& gp = impl_->goal_programs(goal);
  const Compiled& cp = sc.compiled();
  const detail::SearchResult res = detail::exact_search(cp, sc.roster(), cadre, gp, cp.max_concurrent, true);
  Reach out;
  out.goal = goal;
  out.from_roster = res.from_roster;
  out.earliest = res.earliest;
  out.chain = res.chain;
  out.completions = res.completions;
  if (goal.is_credential()) out.roster_completion = sc.roster().credential[static_cast<std::size_t>(goal.credential)][cadre];
  return out;
}

std::optional<std::vector<Step>> PathGraph::credential_valid_at(std::size_t cadre, int credential, Year year) const {
  const Scenario& sc = impl_->scenario;
  check_cadre(sc, cadre);
  if (credential < 0) throw OptionsError("credential index " + std::to_string(credential) + " is out of range");
  const Goal goal = Goal::holding(credential);
  const detail::GoalPrograms& gp = impl_->goal_programs(goal);
  const Compiled& cp = sc.compiled();
  if (cp.credential_valid(credential, sc.roster().credential[static_cast<std::size_t>(credential)][cadre], year))
    return std::vector<Step>{};
  const detail::SearchResult res = detail::exact_search(cp, sc.roster(), cadre, gp, cp.max_concurrent, true);
  for (std::size_t i = 0; i < res.completions.size(); ++i)
    if (cp.credential_valid(credential, res.completions[i], year)) return res.chains[i];
  return std::nullopt;
}

std::string PathGraph::brief_report() const {
  const Impl& im = *impl_;
  const Scenario& sc = im.scenario;
  std::ostringstream os;
  os << "path graph: " << im.vertices.size() << " vertices, " << im.edges.size() << " edges\n";
  for (const Edge& e : im.edges) {
    os << "  " << sc.spec().programs[static_cast<std::size_t>(e.program)].id << ": " << im.vertices[static_cast<std::size_t>(e.from)].name
       << " -> " << im.vertices[static_cast<std::size_t>(e.to)].name;
    for (const LevelRef& q : e.cross_requirements) os << " [needs " << detail::level_name(sc, q.ladder, q.level) << "]";
    os << "\n";
  }
  for (const CycleWarning& w : im.cycles) os << "warning: " << w.message << "\n";
  for (const UnusableProgram& u : im.unusable) os << "unusable (" << to_string(u.reason) << "): " << u.message << "\n";
  return os.str();
}

}  // namespace cadreplan::paths
