// libFuzzer target: the scenario reader, then validation (Scenario::build).
//
// Input: scenario YAML text, optionally followed by a NUL byte and a roster CSV
// text (without one, the roster is empty). A NUL cannot occur in a valid
// scenario, so the mutator works on both parts and on the split itself.
// A scenario that is accepted must write back (io::scenario_yaml, io::roster_csv)
// to text that reads as the same scenario.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cadreplan/cadreplan.hpp"
#include "fuzz_common.hpp"

using namespace cadreplan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = all.find('\0');
  const std::string_view yaml = all.substr(0, nul);
  const std::string_view csv = nul == std::string_view::npos ? std::string_view() : all.substr(nul + 1);
  SourceMap source;
  ScenarioSpec spec;
  try {
    spec = io::parse_scenario(yaml, "scenario.yaml", source);
  } catch (const InputError& e) {
    fuzz::accept_refusal(e, "scenario.yaml");
    return 0;
  }
  Roster roster(spec.ladders.size(), spec.credentials.size());
  if (nul != std::string_view::npos) {
    try {
      roster = io::parse_roster(csv, "roster.csv", spec);
    } catch (const InputError& e) {
      fuzz::accept_refusal(e, "roster.csv");
      return 0;
    }
  }
  std::optional<Scenario> built;
  try {
    built.emplace(Scenario::build(spec, roster, source));
  } catch (const InputError& e) {
    fuzz::accept_refusal(e, "scenario.yaml");
    return 0;
  }
  const Scenario& sc = *built;
  // Accepted: the baseline score is defined, and the scenario writes back to
  // text that reads as the same scenario.
  const rules::Evaluation base = rules::baseline(sc);
  if (!base.valid) fuzz::finding("the empty plan is not valid");
  SourceMap again_source;
  ScenarioSpec again;
  Roster again_roster;
  const std::string yaml2 = io::scenario_yaml(sc.spec(), "roster.csv");
  const std::string csv2 = io::roster_csv(sc);
  try {
    again = io::parse_scenario(yaml2, "scenario.yaml", again_source);
    again_roster = io::parse_roster(csv2, "roster.csv", again);
  } catch (const InputError& e) {
    fuzz::finding(std::string("an accepted scenario does not read back: ") + e.what() + "\n--- yaml\n" + yaml2 + "\n--- csv\n" + csv2);
  }
  try {
    Scenario sc2 = Scenario::build(again, again_roster, again_source);
    const rules::Evaluation base2 = rules::baseline(sc2);
    if (base2.S != base.S || base2.checkpoints.size() != base.checkpoints.size() || sc2.roster().size() != sc.roster().size())
      fuzz::finding("an accepted scenario reads back as a different scenario:\n" + yaml2);
  } catch (const InputError& e) {
    fuzz::finding(std::string("an accepted scenario, written back, is refused: ") + e.what() + "\n--- yaml\n" + yaml2);
  }
  return 0;
}
