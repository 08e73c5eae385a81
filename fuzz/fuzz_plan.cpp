// libFuzzer target: reading a plan CSV and checking it (rules::check) against
// a fixed generated scenario. Whatever a readable plan holds (unknown ids,
// years far outside the horizon, duplicates), check must score it without
// throwing, and the plan written back (io::plan_csv) must read and score the
// same: validity, violation count, S and C.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cadreplan/cadreplan.hpp"
#include "fuzz_common.hpp"

using namespace cadreplan;

namespace {

const Scenario& base_scenario() {
  static const Scenario sc = [] {
    synth::GenerateOptions o;
    o.cadres = 40;
    o.seed = 3;
    o.years = 6;
    o.max_concurrent_programs = 2;
    o.min_service_years_after = 1;
    o.budget_scale = 0.5;
    return synth::generate(o);
  }();
  return sc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  const Scenario& sc = base_scenario();
  Plan plan;
  try {
    plan = io::parse_plan(csv, "plan.csv", sc);
  } catch (const InputError& e) {
    fuzz::accept_refusal(e, "plan.csv");
    return 0;
  }
  const rules::Evaluation ev = rules::check(sc, plan);
  if (ev.valid != (ev.violation_count == 0)) fuzz::finding("valid disagrees with the violation count");
  for (const auto& v : ev.violations)
    if (v.message.empty() || v.rule < 1 || v.rule > 9) fuzz::finding("a violation without a rule or a message");
  const std::string again_text = io::plan_csv(sc, plan);
  try {
    const Plan again = io::parse_plan(again_text, "plan.csv", sc);
    const rules::Evaluation ev2 = rules::check(sc, again);
    if (again.size() != plan.size() || ev2.valid != ev.valid || ev2.violation_count != ev.violation_count || ev2.S != ev.S ||
        ev2.C != ev.C)
      fuzz::finding("a plan written back scores differently (" + ev.brief() + " vs " + ev2.brief() + "):\n" + again_text);
  } catch (const InputError& e) {
    fuzz::finding(std::string("a plan written back is refused: ") + e.what() + "\n" + again_text);
  }
  return 0;
}
