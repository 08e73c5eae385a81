// The "why not" of every target checkpoint, per cohort.
//
// Cohorts (optimize/cohorts.hpp) are cadres no rule can tell apart, so one
// representative answers for all members. One finer split is needed here:
// a cohort's key records, per program, the years its eligibility holds, and
// a member can fail it for tier/sex/flags (not_eligible) or for age
// (age_limit) with the same key when it holds in no year. Such cohorts are
// split by which of those programs' tier/sex/flags conditions hold.
#include "cadreplan/paths/why_not.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cadreplan/core/error.hpp"
#include "cadreplan/paths/graph.hpp"
#include "model/compiled.hpp"
#include "optimize/cohorts.hpp"
#include "paths/graph_impl.hpp"
#include "rules/state.hpp"

namespace cadreplan::paths {

std::string_view to_string(Reason reason) noexcept {
  switch (reason) {
    case Reason::retired: return "retired";
    case Reason::no_program: return "no_program";
    case Reason::not_eligible: return "not_eligible";
    case Reason::age_limit: return "age_limit";
    case Reason::no_seats: return "no_seats";
    case Reason::too_late: return "too_late";
    case Reason::concurrency: return "concurrency";
  }
  return "?";
}

bool WhyNotOptions::is_valid(std::string* why) const {
  if (threads < 0) {
    if (why) *why = "threads must be 0 (every core) or >= 1, got " + std::to_string(threads);
    return false;
  }
  return true;
}

namespace {

using cadreplan::detail::Compiled;
using cadreplan::detail::CProgram;

/// A cohort, or part of one (see the file comment).
struct Part {
  std::uint32_t cohort = 0;
  std::uint32_t rep = 0;  ///< a member: the lowest cadre index
  std::int64_t count = 0;
  Year min_birth = INT_MAX, max_birth = INT_MIN;
};

/// What one part gets at one checkpoint.
struct Outcome {
  signed char kind = -2;  ///< -2 not a member, -1 achieved from the roster, 0 can reach, 1 + Reason
  Year fastest = kNever;  ///< too_late: earliest completion with unlimited concurrency (kNever: none in the horizon)
  std::vector<int> programs;
};

constexpr signed char kNotMember = -2, kRoster = -1, kCanReach = 0;

std::vector<Part> split_cohorts(const Compiled& cp, const Roster& r, const optimize::CohortSet& cs, int threads) {
  const std::size_t ng = cs.size();
  const int nprog = static_cast<int>(cp.programs.size());
  std::vector<std::vector<Part>> parts(ng);
  auto work = [&](std::size_t lo, std::size_t hi) {
    std::vector<int> undetermined;
    std::vector<std::uint64_t> mask;
    for (std::size_t g = lo; g < hi; ++g) {
      undetermined.clear();
      for (int k = 0; k < nprog; ++k) {
        bool any = false;
        for (Year s = cp.start; s <= cp.end && !any; ++s) any = cs.eligible(g, k, s);
        if (!any) undetermined.push_back(k);
      }
      std::map<std::vector<std::uint64_t>, std::size_t> index;
      for (const std::uint32_t* m = cs.members_begin(g); m != cs.members_end(g); ++m) {
        const std::size_t c = *m;
        mask.assign((undetermined.size() + 63) / 64, 0);
        for (std::size_t i = 0; i < undetermined.size(); ++i)
          if (cp.programs[static_cast<std::size_t>(undetermined[i])].eligible.static_holds(r, c)) mask[i / 64] |= 1ull << (i % 64);
        auto [it, fresh] = index.emplace(mask, parts[g].size());
        if (fresh) parts[g].push_back(Part{static_cast<std::uint32_t>(g), static_cast<std::uint32_t>(c), 0, INT_MAX, INT_MIN});
        Part& p = parts[g][it->second];
        ++p.count;
        p.min_birth = std::min(p.min_birth, r.birth_year[c]);
        p.max_birth = std::max(p.max_birth, r.birth_year[c]);
      }
    }
  };
  const std::size_t nt = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(threads), ng / 64 + 1));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < nt; ++t) pool.emplace_back(work, ng * t / nt, ng * (t + 1) / nt);
  work(0, ng / nt);
  for (auto& th : pool) th.join();
  std::vector<Part> out;
  for (auto& v : parts) out.insert(out.end(), v.begin(), v.end());
  return out;
}

/// Classifies one part at every checkpoint.
class Classifier {
 public:
  Classifier(const PathGraph::Impl& im, const optimize::CohortSet& cs, const std::vector<int>& goal_vertex)
      : im_(im), sc_(im.scenario), cp_(sc_.compiled()), r_(sc_.roster()), cs_(cs), goal_vertex_(goal_vertex) {}

  void run(const Part& part, std::vector<Outcome>& out) {
    exact_.clear();
    unbounded_.clear();
    const auto& cks = cs_.checkpoints();
    out.assign(cks.size(), Outcome{});
    for (std::size_t i = 0; i < cks.size(); ++i) {
      const auto& ck = cks[i];
      Outcome& o = out[i];
      if (!cs_.member(part.cohort, static_cast<int>(i))) continue;
      const bool roster = ck.credential >= 0 ? cs_.roster_covered(part.cohort, static_cast<int>(i))
                                             : cs_.level(part.cohort, ck.ladder) >= ck.level;
      if (roster) {
        o.kind = kRoster;
        continue;
      }
      classify(part.rep, goal_vertex_[i], ck.year, o);
    }
  }

 private:
  const detail::SearchResult& exact(std::size_t c, int vx) {
    auto it = exact_.find(vx);
    if (it == exact_.end())
      it = exact_.emplace(vx, detail::exact_search(cp_, r_, c, im_.towards[static_cast<std::size_t>(vx)], cp_.max_concurrent, false)).first;
    return it->second;
  }
  const detail::UnboundedResult& unbounded(std::size_t c, int vx, bool with_seats = true) {
    auto& cache = with_seats ? unbounded_ : unbounded_free_;
    auto it = cache.find(vx);
    if (it == cache.end())
      it = cache.emplace(vx, detail::unbounded_search(cp_, r_, c, im_.towards[static_cast<std::size_t>(vx)], with_seats))
               .first;
    return it->second;
  }

  void classify(std::size_t c, int vx, Year Y, Outcome& o) {
    const detail::GoalPrograms& gp = im_.towards[static_cast<std::size_t>(vx)];
    const Goal& goal = gp.goal;
    auto counts_at_Y = [&](Year z) {
      return goal.is_credential() ? cp_.credential_valid(goal.credential, z, Y) : z <= Y;
    };

    // The exact answer first.
    const detail::SearchResult& ex = exact(c, vx);
    if (goal.is_credential()) {
      for (Year z : ex.completions)
        if (counts_at_Y(z)) {
          o.kind = kCanReach;
          return;
        }
    } else if (ex.earliest != kNever && ex.earliest <= Y) {
      o.kind = kCanReach;
      return;
    }

    // Per program: is there a start year that fits by Y with property pred?
    const Year last = std::min(Y, cp_.end);
    auto exists = [&](int k, auto pred) {
      const CProgram& p = cp_.programs[static_cast<std::size_t>(k)];
      const bool is_goal_credential = goal.is_credential() && p.credential == goal.credential;
      for (Year s = cp_.start; s + p.duration - 1 <= last; ++s) {
        const Year e = s + p.duration - 1;
        if (is_goal_credential && !cp_.credential_valid(goal.credential, e, Y)) continue;
        if (pred(k, s)) return true;
      }
      return false;
    };
    auto bits = [&](int k, Year s) { return rules::static_broken_rules(cp_, r_, c, k, s); };
    auto fits = [&](int k) { return exists(k, [](int, Year) { return true; }); };
    auto serves = [&](int k) { return exists(k, [&](int kk, Year s) { return (bits(kk, s) & (1u << 2)) == 0; }); };
    auto statically = [&](int k) { return cp_.programs[static_cast<std::size_t>(k)].eligible.static_holds(r_, c); };
    auto in_age = [&](int k) {
      return statically(k) && exists(k, [&](int kk, Year s) { return (bits(kk, s) & ((1u << 2) | (1u << 3))) == 0; });
    };
    auto open_ok = [&](int k) { return exists(k, [&](int kk, Year s) { return bits(kk, s) == 0; }); };
    auto seated = [&](int k) { return exists(k, [&](int kk, Year s) { return bits(kk, s) == 0 && cp_.seats(kk, s) >= 1; }); };
    auto reaches = [&](const std::function<bool(int)>& usable) {
      return detail::structurally_reaches(cp_, r_, c, gp, usable);
    };
    auto blocked = [&](auto before, auto after) {
      std::vector<int> v;
      for (int k : gp.all)
        if (before(k) && !after(k)) v.push_back(k);
      return v;
    };
    auto all = [](int) { return true; };

    if (reaches(fits) && !reaches(serves)) {
      o.kind = 1 + static_cast<int>(Reason::retired);
      o.programs = blocked(fits, serves);
      return;
    }
    if (!reaches(all)) {
      o.kind = 1 + static_cast<int>(Reason::no_program);
      o.programs = gp.goal_programs;
      return;
    }
    if (!reaches(statically)) {
      o.kind = 1 + static_cast<int>(Reason::not_eligible);
      o.programs = blocked(all, statically);
      return;
    }
    if (!reaches(in_age)) {
      o.kind = 1 + static_cast<int>(Reason::age_limit);
      o.programs = blocked(statically, in_age);
      return;
    }
    if (!reaches(seated)) {
      o.kind = 1 + static_cast<int>(Reason::no_seats);
      o.programs = blocked(open_ok, seated);
      return;
    }
    // A completion counting at Y with unlimited concurrency (kNever: none).
    auto in_time_of = [&](const detail::UnboundedResult& u) {
      if (goal.is_credential()) {
        for (int y = 0; y < cp_.years(); ++y)
          if (u.completes[static_cast<std::size_t>(y)] && counts_at_Y(cp_.start + y)) return cp_.start + y;
      } else if (u.earliest != kNever && u.earliest <= Y) {
        return u.earliest;
      }
      return kNever;
    };
    const detail::UnboundedResult& u = unbounded(c, vx);
    const Year in_time = in_time_of(u);
    if (in_time == kNever) {
      // In time only through a start year without seats (a prerequisite
      // first, then a program whose later years have none): seats would open it.
      const detail::UnboundedResult& free = unbounded(c, vx, false);
      if (const Year t = in_time_of(free); t != kNever) {
        o.kind = 1 + static_cast<int>(Reason::no_seats);
        for (const Step& st : detail::unbounded_chain(cp_, r_, c, gp, free, t))
          if (cp_.seats(st.program, st.start) < 1) o.programs.push_back(st.program);
        std::sort(o.programs.begin(), o.programs.end());
        o.programs.erase(std::unique(o.programs.begin(), o.programs.end()), o.programs.end());
        return;
      }
    }
    if (in_time == kNever) {
      o.kind = 1 + static_cast<int>(Reason::too_late);
      o.fastest = u.earliest;
      for (const Step& st : detail::unbounded_chain(cp_, r_, c, gp, u)) o.programs.push_back(st.program);
      if (o.programs.empty()) o.programs = blocked(all, [&](int k) { return !seated(k); });  // the usable ones
    } else {
      o.kind = 1 + static_cast<int>(Reason::concurrency);
      for (const Step& st : detail::unbounded_chain(cp_, r_, c, gp, u, in_time)) o.programs.push_back(st.program);
    }
    std::sort(o.programs.begin(), o.programs.end());
    o.programs.erase(std::unique(o.programs.begin(), o.programs.end()), o.programs.end());
  }

  const PathGraph::Impl& im_;
  const Scenario& sc_;
  const Compiled& cp_;
  const Roster& r_;
  const optimize::CohortSet& cs_;
  const std::vector<int>& goal_vertex_;
  std::map<int, detail::SearchResult> exact_;
  std::map<int, detail::UnboundedResult> unbounded_, unbounded_free_;
};

std::string members_of(std::int64_t n, const std::string& group) {
  return std::to_string(n) + (n == 1 ? " member" : " members") + " of group '" + group + "'";
}

std::string program_list(const Scenario& sc, const std::vector<int>& programs, bool with_selector = false,
                         bool ages_only = false) {
  std::string out;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    if (i > 0) out += i + 1 == programs.size() ? (programs.size() > 2 ? ", and " : " and ") : ", ";
    const Program& p = sc.spec().programs[static_cast<std::size_t>(programs[i])];
    out += detail::program_name(sc, programs[i]);
    if (ages_only) {
      std::string ages;
      if (p.eligible.min_age) ages += "min_age " + std::to_string(*p.eligible.min_age);
      if (p.eligible.max_age) ages += (ages.empty() ? "" : ", ") + std::string("max_age ") + std::to_string(*p.eligible.max_age);
      if (!ages.empty()) out += " (" + ages + ")";
    } else if (with_selector) {
      out += " (" + detail::describe_selector(p.eligible) + ")";
    }
  }
  return out.empty() ? "no program" : out;
}

struct Agg {
  std::int64_t count = 0;
  std::set<int> programs;
  Year min_birth = INT_MAX, max_birth = INT_MIN;
  Year fastest = INT_MAX;  // too_late: least finite fastest
  bool some_never = false;
};

std::string explain(const Scenario& sc, const optimize::CheckpointInfo& ck, Reason reason, const Agg& a) {
  const Compiled& cp = sc.compiled();
  const Target& t = sc.spec().targets[static_cast<std::size_t>(ck.target)];
  const std::string who = members_of(a.count, t.group);
  const Goal goal = Goal::of_target(sc, ck.target);
  const std::string what = goal.describe(sc);
  const std::string when = goal.is_credential() ? "valid in " + std::to_string(ck.year) : "by " + std::to_string(ck.year);
  const std::string finish = goal.is_credential() ? "that could count in " + std::to_string(ck.year)
                                                  : "that could finish by " + std::to_string(ck.year);
  const std::vector<int> progs(a.programs.begin(), a.programs.end());
  std::ostringstream os;
  switch (reason) {
    case Reason::retired: {
      os << who << " cannot hold " << what << " " << when << ": they retire before they could complete "
         << program_list(sc, progs) << " in time and still serve the years required after it (";
      bool first = true;
      for (int k : progs) {
        os << (first ? "" : ", ") << cp.programs[static_cast<std::size_t>(k)].min_service << " after "
           << detail::program_name(sc, k);
        first = false;
      }
      os << ")";
      break;
    }
    case Reason::no_program:
      if (progs.empty())
        os << who << " cannot hold " << what << ": no program grants it";
      else
        os << who << " cannot hold " << what << ": no sequence of programs leads from their levels to it ("
           << program_list(sc, progs) << (progs.size() == 1 ? " grants" : " grant")
           << " it but need levels these members neither hold nor can gain)";
      break;
    case Reason::not_eligible:
      os << who << " cannot hold " << what << " " << when << ": their tier, sex or flags exclude them from "
         << program_list(sc, progs, true) << ", which every path to it needs";
      break;
    case Reason::age_limit:
      os << who << " (aged " << (cp.start - a.max_birth);
      if (a.max_birth != a.min_birth) os << "–" << (cp.start - a.min_birth);
      os << " in " << cp.start << ") cannot hold " << what << " " << when << ": they are outside the age limits of "
         << program_list(sc, progs, false, true) << " in every start year " << finish;
      break;
    case Reason::no_seats:
      os << who << " cannot hold " << what << " " << when << ": they could only use " << program_list(sc, progs)
         << ", which " << (progs.size() == 1 ? "has" : "have") << " no seats in any start year open to them " << finish;
      break;
    case Reason::too_late:
      os << who << " cannot hold " << what << " " << when
         << " even taking any number of programs at once: ";
      if (a.fastest == INT_MAX)
        os << "no path open to them (" << program_list(sc, progs) << ") finishes within the horizon";
      else
        os << "the fastest path (via " << program_list(sc, progs) << ") completes in " << a.fastest << " at the earliest"
           << (a.some_never ? " (for some, not within the horizon)" : "");
      break;
    case Reason::concurrency:
      os << who << " could hold " << what << " " << when << " only by taking " << program_list(sc, progs)
         << " in overlapping years, beyond max_concurrent_programs = " << cp.max_concurrent;
      break;
  }
  return os.str();
}

}  // namespace

WhyNotReport why_not(const Scenario& scenario, const WhyNotOptions& options) {
  std::string why;
  if (!options.is_valid(&why)) throw OptionsError("invalid why-not options: " + why);
  const auto t0 = std::chrono::steady_clock::now();
  const PathGraph graph(scenario);
  const double built = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  WhyNotReport rep = why_not(graph, options);
  rep.timings["graph"] = built;
  rep.seconds += built;
  return rep;
}

WhyNotReport why_not(const PathGraph& graph, const WhyNotOptions& options) {
  std::string why;
  if (!options.is_valid(&why)) throw OptionsError("invalid why-not options: " + why);
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& sc = graph.scenario();
  const Compiled& cp = sc.compiled();
  const Roster& r = sc.roster();
  const PathGraph::Impl& im = *graph.impl_;
  const int threads =
      options.threads > 0 ? options.threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

  auto lap = [&, last = t0]() mutable {
    const auto now = std::chrono::steady_clock::now();
    const double d = std::chrono::duration<double>(now - last).count();
    last = now;
    return d;
  };
  std::map<std::string, double> timings;
  const optimize::CohortSet cs(sc, threads);
  timings["cohorts"] = lap();
  const auto& cks = cs.checkpoints();
  std::vector<int> goal_vertex(cks.size());
  for (std::size_t i = 0; i < cks.size(); ++i) goal_vertex[i] = im.vertex_of(Goal::of_target(sc, cks[i].target));

  const std::vector<Part> parts = split_cohorts(cp, r, cs, threads);
  timings["split"] = lap();
  std::vector<std::vector<Outcome>> outcomes(parts.size());
  auto work = [&](std::size_t lo, std::size_t hi) {
    Classifier cl(im, cs, goal_vertex);
    for (std::size_t p = lo; p < hi; ++p) cl.run(parts[p], outcomes[p]);
  };
  {
    const std::size_t nt = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(threads), parts.size() / 16 + 1));
    // Interleaved blocks balance cheap and costly parts between threads.
    std::vector<std::thread> pool;
    auto strided = [&](std::size_t t) {
      constexpr std::size_t block = 8;
      for (std::size_t lo = t * block; lo < parts.size(); lo += nt * block) work(lo, std::min(parts.size(), lo + block));
    };
    for (std::size_t t = 1; t < nt; ++t) pool.emplace_back(strided, t);
    strided(0);
    for (auto& th : pool) th.join();
  }

  timings["classify"] = lap();

  WhyNotReport rep;
  rep.cohorts = parts.size();
  for (std::size_t i = 0; i < cks.size(); ++i) {
    CheckpointWhyNot w;
    w.target = cks[i].target;
    w.year = cks[i].year;
    w.members = cks[i].n;
    std::array<Agg, kReasonCount> agg{};
    std::int64_t members = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      const Outcome& o = outcomes[p][i];
      const std::int64_t n = parts[p].count;
      if (o.kind == kNotMember) continue;
      members += n;
      if (o.kind == kRoster) {
        w.roster_achieved += n;
        continue;
      }
      if (o.kind == kCanReach) {
        w.can_reach += n;
        continue;
      }
      Agg& a = agg[static_cast<std::size_t>(o.kind - 1)];
      a.count += n;
      a.programs.insert(o.programs.begin(), o.programs.end());
      a.min_birth = std::min(a.min_birth, parts[p].min_birth);
      a.max_birth = std::max(a.max_birth, parts[p].max_birth);
      if (o.fastest == kNever) a.some_never = true;
      else a.fastest = std::min(a.fastest, o.fastest);
    }
    if (members != w.members)
      throw SolveError("why_not: cohort members at " + std::to_string(w.year) + " add up to " + std::to_string(members) +
                       ", rules::check counts " + std::to_string(w.members) + " (a bug)");
    w.short_members = w.members - w.roster_achieved;
    w.cannot_reach = w.short_members - w.can_reach;
    for (int k = 0; k < kReasonCount; ++k) {
      const Agg& a = agg[static_cast<std::size_t>(k)];
      w.by_reason[static_cast<std::size_t>(k)] = a.count;
      if (a.count == 0) continue;
      ReasonDetail d;
      d.reason = static_cast<Reason>(k);
      d.count = a.count;
      d.programs.assign(a.programs.begin(), a.programs.end());
      d.explanation = explain(sc, cks[i], d.reason, a);
      w.reasons.push_back(std::move(d));
    }
    rep.checkpoints.push_back(std::move(w));
  }
  timings["aggregate"] = lap();
  rep.timings = std::move(timings);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

namespace {
void check_targets(const Scenario& sc, const std::vector<CheckpointWhyNot>& cks) {
  for (const auto& c : cks)
    if (c.target < 0 || static_cast<std::size_t>(c.target) >= sc.spec().targets.size())
      throw OptionsError("why-not report names target " + std::to_string(c.target) + ", but the scenario has " +
                         std::to_string(sc.spec().targets.size()) + " targets (a report of another scenario?)");
}
}  // namespace

std::string WhyNotReport::table(const Scenario& sc) const {
  check_targets(sc, checkpoints);
  std::ostringstream os;
  std::size_t wid = 6;
  for (const auto& c : checkpoints) wid = std::max(wid, sc.spec().targets[static_cast<std::size_t>(c.target)].id.size());
  os << std::left << std::setw(static_cast<int>(wid)) << "target" << std::right << std::setw(6) << "year" << std::setw(9)
     << "members" << std::setw(8) << "short" << std::setw(7) << "can";
  for (int k = 0; k < kReasonCount; ++k) os << std::setw(13) << to_string(static_cast<Reason>(k));
  os << "\n";
  for (const auto& c : checkpoints) {
    os << std::left << std::setw(static_cast<int>(wid)) << sc.spec().targets[static_cast<std::size_t>(c.target)].id << std::right
       << std::setw(6) << c.year << std::setw(9) << c.members << std::setw(8) << c.short_members << std::setw(7) << c.can_reach;
    for (int k = 0; k < kReasonCount; ++k) os << std::setw(13) << c.by_reason[static_cast<std::size_t>(k)];
    os << "\n";
  }
  return os.str();
}

std::string WhyNotReport::full_report(const Scenario& sc) const {
  std::string out = table(sc);  // checks the target indices
  for (const auto& c : checkpoints)
    for (const auto& d : c.reasons)
      out += sc.spec().targets[static_cast<std::size_t>(c.target)].id + " " + std::to_string(c.year) + " " +
             std::string(to_string(d.reason)) + ": " + d.explanation + "\n";
  return out;
}

}  // namespace cadreplan::paths
