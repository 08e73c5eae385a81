// Internal: the Hà Giang 2022–2030 built-in scenario (docs/HAGIANG.md).
#pragma once

#include "cadreplan/model/scenario.hpp"
#include "cadreplan/synth/roster_synth.hpp"

namespace cadreplan::synth::detail {

/// The scenario description of `hagiang-2022` (roster file "roster.csv").
ScenarioSpec hagiang_2022_spec();

/// The published marginals and stated assumptions its roster comes from.
SynthOptions hagiang_2022_synth_options();

}  // namespace cadreplan::synth::detail
