// cadreplan — synthetic national scenarios: every province at once.
//
// A national run plans the leaders of all 63 provinces together: about a
// million cadres, each province with its own groups and targets, national
// targets over everyone, and one national catalogue of programs and budget.
// national() builds such a scenario of any size, deterministically from a
// seed, for benchmarks and scaling tests (issue 5). The figures are
// SYNTHETIC: plausible, patterned on the Hà Giang scenario (docs/HAGIANG.md),
// not the real statistics of any province.
//
// What is in it
// -------------
// * Provinces: the 63 provinces (ASCII slugs, "ha_giang"), in the six
//   socio-economic regions of the General Statistics Office. Each cadre has
//   two flags naming where he serves: the province slug and the region
//   ("r1".."r6"), plus the political academy that serves the province
//   ("academy_1".."academy_4"). Province sizes are drawn from the seed
//   (weights uniform in [1, 3]) and the cadres apportioned over them.
// * Strata per province (synth::synthesize_roster): province and district
//   tiers each split into BTV-managed and others, and the commune tier; the
//   tier split and the BTV shares vary by province around Hà Giang's.
//   Each province publishes its own marginals of both ladders (BTV, province
//   + district, commune; shares drawn around Hà Giang's published figures),
//   so every province's counts match its figures to the nearest person.
//   Ages, sexes, the `source_pool` flag and the credentials held follow the
//   Hà Giang assumptions.
// * Groups and targets: per province, groups `<p>_upper` (province and
//   district tiers), `<p>_district`, `<p>_commune`, `<p>_btv`, `<p>_young`
//   (age <= 39), and three targets: commune university (checkpoint 2025 or
//   2030), province+district advanced political theory (2030), and one of BTV
//   postgraduate / young international / district university. Shares are the
//   province's baseline plus a drawn stretch, rounded up to 5%. Six national
//   targets over national groups add 10 checkpoints: 63 x 3 + 10 = 199.
// * Programs: 30 (with all 63 provinces), in one national catalogue: in-service college and
//   university (one university programme per region; mountain-commune
//   programmes for r1 and r4), master's at home, for the BTV-managed and
//   abroad (age limit 45, 4 years' service after),
//   elementary/intermediate/advanced political theory (intermediate per
//   region, advanced per regional academy and a central class for the
//   BTV-managed), knowledge updates (general, BTV, commune) and international
//   training (domestic, abroad). Seats per program-year are derived from the
//   roster: a share of the cadres who need the program, spread over the
//   years it can be started (some years closed, some with an extra class).
// * Budget: one national cap per year, a share of what filling every seat
//   would cost, so that it binds.
//
// Bounded diversity (what keeps it solvable)
// ------------------------------------------
// Cadres that no rule can tell apart form one cohort (ARCHITECTURE.md), so
// the optimizer's size grows with the number of distinct cadre "keys", not
// with the number of cadres. The scenario keeps the attributes that split
// cohorts plausible but few: ages matter only through the retirement ages,
// one programme age limit (45) and the `young` threshold (39); no selector
// reads sex, and no target reads `source_pool`; roster knowledge updates
// (completed 2016-2020) have all expired by the first checkpoint. Province
// identity necessarily splits cohorts (each province has its own targets), so
// the cohort count saturates at about 63 x (keys per province) as the roster
// grows: more cadres make bigger cohorts, and only slowly more of them. With
// seed 1: 20,000 cadres -> 8,872 cohorts, 100,000 -> 20,312, 1,000,000 ->
// 48,360 (a tenfold roster, 2.4 times the cohorts).
//
// Determinism: the same options give the same scenario, byte for byte, on
// every platform (synth::detail::Random, a std::mt19937_64 stream used only
// through its raw output; apportionment in exact integers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cadreplan/model/roster.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::synth {

/// What national() builds.
struct NationalOptions {
  std::size_t cadres = 100'000;     ///< total roster size; >= 250 per province
  std::uint64_t seed = 1;           ///< the only source of randomness
  int provinces = 63;               ///< the first N provinces of the national list, 1..63
  Year start = 2021;                ///< horizon start; checkpoints at start + years/2 - 1 and the end
  int years = 10;                   ///< horizon length, 4..30
  int max_concurrent_programs = 2;  ///< a short course may run alongside a degree (as hagiang-2022)
  int min_service_years_after = 0;  ///< scenario-wide; the master's programmes have their own (4 years)
  double seat_scale = 1.0;          ///< seats relative to the derived ones, > 0
  double budget_scale = 1.0;        ///< budget relative to the derived one; <= 0 means no budget cap

  /// True when the options make sense; otherwise false and @p why says what is wrong.
  bool is_valid(std::string* why = nullptr) const;
};

/// The parts of a national scenario before validation (for benchmarks of
/// Scenario::build, or to edit before building).
struct NationalParts {
  ScenarioSpec spec;
  Roster roster;
};

/// The province slugs of the national list, in order ("ha_giang", ...): 63.
std::vector<std::string> national_provinces();

/// The spec and roster of a national scenario (not validated).
/// @throws OptionsError when the options are invalid.
NationalParts national_parts(const NationalOptions& options);

/// A national scenario: national_parts() validated and compiled by
/// Scenario::build (which reports no warnings for valid options).
/// @throws OptionsError when the options are invalid.
Scenario national(const NationalOptions& options);

}  // namespace cadreplan::synth
