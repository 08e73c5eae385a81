#include "cadreplan/synth/builtin.hpp"


#include "synth/builtin_hagiang.hpp"

namespace cadreplan::synth {

namespace {

struct Entry {
  const char* name;
  ScenarioSpec (*spec)();
  SynthOptions (*options)();
};

/// The registry, sorted by name.
constexpr Entry kBuiltins[] = {
    {"hagiang-2022", &detail::hagiang_2022_spec, &detail::hagiang_2022_synth_options},
};

const Entry& find(std::string_view name) {
  for (const Entry& e : kBuiltins)
    if (name == e.name) return e;
  std::string known;
  for (const Entry& e : kBuiltins) known += (known.empty() ? "" : ", ") + std::string(e.name);
  throw OptionsError("unknown built-in scenario '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace

std::vector<std::string> builtin_scenarios() {
  std::vector<std::string> names;
  for (const Entry& e : kBuiltins) names.emplace_back(e.name);
  return names;
}

ScenarioSpec builtin_spec(std::string_view name) { return find(name).spec(); }

SynthOptions builtin_synth_options(std::string_view name) { return find(name).options(); }

Scenario builtin_scenario(std::string_view name) {
  const Entry& e = find(name);
  ScenarioSpec spec = e.spec();
  Roster roster = synthesize_roster(spec, e.options());
  return Scenario::build(std::move(spec), std::move(roster));
}

}  // namespace cadreplan::synth
