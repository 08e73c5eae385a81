// cadreplan — the training-path graph and earliest possible completion.
//
// Vertices are the (ladder, level) pairs, the credentials and one vertex
// "(anyone)"; edges are programs. A ladder program runs from each level it
// requires on its own ladder (or from the ladder's lowest level when it
// requires nothing there) to the level it grants, and records its requirements
// on other ladders; a credential program runs from "(anyone)" to its
// credential and records all its requirements. The graph answers:
//   - cycles through cross-ladder requirements (warnings),
//   - programs nobody in the roster can ever take, with the reason,
//   - the earliest year by whose end ONE cadre can hold a level or a
//     credential, taking into account only that cadre (rules 1-5 and 7 of
//     SCENARIO-FORMAT.md, and at least one seat in each start year; never
//     other cadres, seats they take, or the budget), with a chain of
//     enrollments that achieves it.
// Boost.Graph does the graph work inside src/; nothing of it shows here.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/core/types.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::paths {

struct WhyNotOptions;
struct WhyNotReport;
class PathGraph;
WhyNotReport why_not(const PathGraph& graph, const WhyNotOptions& options);

/// A level on a ladder, by index (Scenario::ladder_index / level_index).
struct LevelRef {
  int ladder = -1;
  int level = -1;
  friend bool operator==(const LevelRef&, const LevelRef&) = default;
};

/// What a cadre is to hold: a ladder level "at least" (as a target reads it)
/// or a credential. Exactly one of the two is set.
struct Goal {
  int ladder = -1;      ///< ladder goal: the ladder ...
  int level = -1;       ///< ... and the minimum level on it
  int credential = -1;  ///< credential goal

  /// Level @p level or above on ladder @p ladder (indices, not checked here).
  static Goal at_least(int ladder, int level) noexcept { return Goal{ladder, level, -1}; }
  /// Credential @p credential (index, not checked here).
  static Goal holding(int credential) noexcept { return Goal{-1, -1, credential}; }
  /// The goal of target @p target (index into the scenario's targets).
  /// @throws OptionsError when @p target is out of range.
  static Goal of_target(const Scenario& scenario, int target);
  /// Level @p level or above on ladder @p ladder, by name as in a scenario file.
  /// @throws OptionsError when a name is unknown.
  static Goal from_names(const Scenario& scenario, std::string_view ladder, std::string_view level);
  /// Credential @p credential, by name as in a scenario file.
  /// @throws OptionsError when the credential name is unknown.
  static Goal from_credential_name(const Scenario& scenario, std::string_view credential);

  bool is_credential() const noexcept { return credential >= 0; }
  /// "professional 'university'" or "credential 'knowledge_update'".
  /// @throws OptionsError when an index is out of range for @p scenario.
  std::string describe(const Scenario& scenario) const;
  friend bool operator==(const Goal&, const Goal&) = default;
};

/// One enrollment of a chain: program index, start year, completion year
/// (the end of start + duration_years - 1).
struct Step {
  int program = -1;
  Year start = 0;
  Year completion = 0;
  friend bool operator==(const Step&, const Step&) = default;
};

/// The answer of PathGraph::earliest_completion.
struct Reach {
  Goal goal;
  /// Ladder goals: the roster level already meets the goal (earliest is
  /// horizon.start - 1 and the chain is empty). Never set for credentials:
  /// a credential's roster completion is `roster_completion`.
  bool from_roster = false;
  /// The earliest year by whose END the cadre can hold the goal through
  /// enrollments of its own, or kNever when no chain fits in the horizon.
  Year earliest = kNever;
  /// A chain achieving `earliest`, in start order: valid under rules 1-7 for
  /// this cadre alone (seats permitting), with no enrollment it does not need.
  std::vector<Step> chain;
  /// Credential goals: every year in which a completion of the credential can
  /// fall (each on its own), ascending. Empty for ladder goals.
  std::vector<Year> completions;
  /// Credential goals: the cadre's roster completion year (kNever if none).
  Year roster_completion = kNever;

  bool reachable() const noexcept { return from_roster || earliest != kNever; }
};

/// A vertex of the training-path graph.
struct Vertex {
  enum class Kind { anyone, level, credential };
  Kind kind = Kind::anyone;
  int ladder = -1;      ///< level vertices
  int level = -1;       ///< level vertices
  int credential = -1;  ///< credential vertices
  std::string name;     ///< "(anyone)", "professional:university", "credential:knowledge_update"
};

/// An edge: one program (a program with several requirements on its own
/// ladder has one edge per such requirement).
struct Edge {
  int program = -1;
  int from = -1;  ///< vertex index: the required level on the grant's ladder (or its lowest level; "(anyone)" for credentials)
  int to = -1;    ///< vertex index: the level or credential granted
  /// Requirements on other ladders than the grant's (all requirements, for a credential program).
  std::vector<LevelRef> cross_requirements;
};

/// Programs whose cross-ladder requirements form a cycle: P requires, on
/// another ladder, a level that Q grants (or more, Q being open to cadres
/// below that level), and so on back to P
/// (a program granting A requiring B while another grants B requiring A).
/// A warning: cadres already holding one of the levels are not stuck, and
/// other programs may break the cycle (then `blocking` is false).
struct CycleWarning {
  std::vector<int> programs;  ///< program indices, ascending (a strong component of the requirement graph)
  std::vector<int> vertices;  ///< the levels they grant and require of each other (vertex indices, ascending)
  /// True when a cadre starting from the lowest level of every ladder can
  /// never take any of these programs, whatever else it takes.
  bool blocking = false;
  std::string message;  ///< names the programs and the levels
};

/// Why nobody in the roster can ever take a program (checked in this order).
enum class UnusableReason {
  longer_than_horizon,  ///< duration_years exceeds the horizon (rule 1)
  cannot_raise,         ///< grants the lowest level of its ladder, or requires its ladder at or above the level it grants (rule 5 always fails)
  no_seats,             ///< zero seats in every start year that finishes inside the horizon (rules 1, 8)
  not_eligible,         ///< no cadre meets `eligible` in any start year with seats (rule 3)
  retired,              ///< the cadres it admits all retire before completion + min service (rule 2)
};
/// "longer_than_horizon", "cannot_raise", "no_seats", "not_eligible", "retired".
std::string_view to_string(UnusableReason reason) noexcept;

/// A program nobody in the roster can ever take.
struct UnusableProgram {
  int program = -1;
  UnusableReason reason = UnusableReason::no_seats;
  std::string message;  ///< one sentence naming the program and the reason
};

/// The training-path graph of a scenario. Immutable after construction; every
/// const member may be called from several threads at once.
class PathGraph {
 public:
  /// Builds the graph, finds the cycles and the programs nobody can take
  /// (one pass over the roster per program, stopping at the first cadre who can).
  /// @throws std::bad_alloc only.
  explicit PathGraph(const Scenario& scenario);
  ~PathGraph();
  PathGraph(const PathGraph&) = delete;
  PathGraph& operator=(const PathGraph&) = delete;
  PathGraph(PathGraph&&) noexcept;
  PathGraph& operator=(PathGraph&&) noexcept;

  const Scenario& scenario() const noexcept;
  const std::vector<Vertex>& vertices() const noexcept;
  const std::vector<Edge>& edges() const noexcept;
  /// The vertex of (ladder, level). @throws OptionsError when out of range.
  int level_vertex(int ladder, int level) const;
  /// The vertex of a credential. @throws OptionsError when out of range.
  int credential_vertex(int credential) const;

  /// Cycles through cross-ladder requirements, in order of their smallest program index.
  const std::vector<CycleWarning>& cycles() const noexcept;
  /// Programs nobody in the roster can ever take, by program index.
  const std::vector<UnusableProgram>& unusable_programs() const noexcept;

  /// The programs that can matter for @p goal (those on some path to it in
  /// the graph: granting a level on a ladder the goal depends on, or the
  /// goal's credential), ascending. Leaving out every other program never
  /// delays a cadre's earliest completion.
  /// @throws OptionsError when the goal is out of range.
  const std::vector<int>& programs_towards(const Goal& goal) const;

  /// The earliest year by whose end cadre @p cadre can hold @p goal, taking
  /// into account only that cadre (see the file comment), and a chain that
  /// achieves it. Exact: a search over (levels, programs in progress) year
  /// by year; rules::check accepts the chain as a plan (seats permitting).
  /// @throws OptionsError when the cadre or the goal is out of range.
  Reach earliest_completion(std::size_t cadre, const Goal& goal) const;

  /// Whether cadre @p cadre can hold credential @p credential valid at
  /// checkpoint year @p year: a completion z (roster or chain) with z <= year
  /// and year - z < valid_years. Returns the chain (empty when the roster
  /// completion suffices) whose credential enrollment completes earliest in
  /// that window, or nullopt.
  /// @throws OptionsError when the cadre or the credential is out of range.
  std::optional<std::vector<Step>> credential_valid_at(std::size_t cadre, int credential, Year year) const;

  /// Several lines for a person: edges, cycles, unusable programs.
  /// @throws std::bad_alloc only.
  std::string brief_report() const;

  struct Impl;  ///< opaque; defined inside the library

 private:
  std::unique_ptr<Impl> impl_;
  friend WhyNotReport why_not(const PathGraph& graph, const WhyNotOptions& options);
};

}  // namespace cadreplan::paths
