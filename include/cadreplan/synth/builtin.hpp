// cadreplan — built-in scenarios, ready to plan without any files.
//
// `hagiang-2022`: Hà Giang province's 2022–2030 plan to train its 4,920
// party-committee members and leaders/managers (the seed news report; see
// docs/HAGIANG.md for every figure, its source or the assumption behind it).
// The roster is synthesised (synth::synthesize_roster) so that every count and
// share the province published is matched to the nearest person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cadreplan/model/scenario.hpp"
#include "cadreplan/synth/roster_synth.hpp"

namespace cadreplan::synth {

/// The names of the built-in scenarios, sorted ("hagiang-2022").
std::vector<std::string> builtin_scenarios();

/// The scenario description (horizon, ladders, credentials, groups, programs,
/// targets, budget) of the built-in scenario @p name, for inspection or edits.
/// @throws OptionsError for an unknown name, listing the known names.
ScenarioSpec builtin_spec(std::string_view name);

/// The marginals and assumptions its roster is synthesised from.
/// @throws OptionsError for an unknown name, listing the known names.
SynthOptions builtin_synth_options(std::string_view name);

/// The built-in scenario @p name: builtin_spec() with the roster
/// synthesize_roster(builtin_spec(name), builtin_synth_options(name)),
/// validated and compiled. Deterministic: every call gives the same scenario.
/// @throws OptionsError for an unknown name, listing the known names.
Scenario builtin_scenario(std::string_view name);

}  // namespace cadreplan::synth
