// libFuzzer target: the roster reader, then validation, for a fixed scenario
// (a generated one that uses every column kind: ladders, credentials with
// completion years, flags, sexes, tiers). An accepted roster must write back
// (io::roster_csv) to text that reads as the same roster with the same score.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cadreplan/cadreplan.hpp"
#include "fuzz_common.hpp"

using namespace cadreplan;

namespace {

const Scenario& base_scenario() {
  static const Scenario sc = [] {
    synth::GenerateOptions o;
    o.cadres = 30;
    o.seed = 7;
    o.years = 6;
    return synth::generate(o);
  }();
  return sc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  const Scenario& base = base_scenario();
  std::optional<Scenario> sc;
  try {
    Roster roster = io::parse_roster(csv, "roster.csv", base.spec());
    sc.emplace(Scenario::build(base.spec(), std::move(roster)));
  } catch (const InputError& e) {
    fuzz::accept_refusal(e, "roster.csv");
    return 0;
  }
  const rules::Evaluation ev = rules::baseline(*sc);
  const std::string again_text = io::roster_csv(*sc);
  try {
    Scenario again = Scenario::build(base.spec(), io::parse_roster(again_text, "roster.csv", base.spec()));
    const rules::Evaluation ev2 = rules::baseline(again);
    if (again.roster().size() != sc->roster().size() || ev2.S != ev.S)
      fuzz::finding("an accepted roster reads back differently:\n" + again_text);
  } catch (const InputError& e) {
    fuzz::finding(std::string("an accepted roster, written back, is refused: ") + e.what() + "\n" + again_text);
  }
  return 0;
}
