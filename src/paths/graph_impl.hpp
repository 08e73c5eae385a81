// Internal: what a PathGraph holds (shared by graph.cpp and why_not.cpp).
#pragma once

#include <string>
#include <vector>

#include "cadreplan/paths/graph.hpp"
#include "paths/search.hpp"

namespace cadreplan::paths {

struct PathGraph::Impl {
  Scenario scenario;
  std::vector<Vertex> vertices;
  std::vector<Edge> edges;
  std::vector<CycleWarning> cycles;
  std::vector<UnusableProgram> unusable;
  std::vector<int> level_base;  ///< vertex of (ladder, 0); level v is level_base[ladder] + v
  int credential_base = 0;      ///< vertex of credential 0
  /// By vertex: the goal "hold this vertex" and the programs that can matter for it.
  std::vector<detail::GoalPrograms> towards;

  explicit Impl(const Scenario& sc) : scenario(sc) {}
  int vertex_of(const Goal& g) const;  ///< @throws OptionsError when out of range
  const detail::GoalPrograms& goal_programs(const Goal& g) const { return towards[static_cast<std::size_t>(vertex_of(g))]; }
};

namespace detail {
/// "tier district, commune; max_age 40" (empty selector: "anyone").
std::string describe_selector(const Selector& s);
/// "professional 'university'".
std::string level_name(const Scenario& sc, int ladder, int level);
/// "'master_d101'".
std::string program_name(const Scenario& sc, int k);
}  // namespace detail

}  // namespace cadreplan::paths
