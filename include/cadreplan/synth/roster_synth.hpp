// cadreplan — a roster synthesised from published group marginals.
//
// Provinces publish their cadres as a few head counts and percentages
// ("2,943 province- and district-level cadres: postgraduate 14.13%, university
// 83.35%, college or intermediate 2.54%"). synthesize_roster() turns such
// figures into a person-level roster that reproduces every published count to
// the nearest person, with plausible ages, sexes, flags and credentials drawn
// from stated assumptions. Any province can describe its own figures with the
// plain structs below; the Hà Giang 2022 description is in builtin.hpp.
//
// The model
// ---------
// * STRATA are disjoint sets of cadres with an exact head count, one tier and
//   a fixed set of flags (e.g. "district, btv_managed: 88"). Each stratum has
//   its own sex ratio, age bands, extra flags drawn at random (a source-pool
//   flag) and credential completion shares.
// * PUBLISHED GROUPS are unions of strata, named by a Selector on tier and
//   flags (`{tier: [province, district]}`, `{flags: [btv_managed]}`). Groups
//   may NEST: the 384 BTV-managed cadres lie inside the 2,943 province+district
//   cadres. For one ladder, the groups that carry marginals must form a
//   laminar family (any two are disjoint or one contains the other) and must
//   cover every stratum with cadres.
// * A LADDER MARGINAL gives, for one group and one ladder, the shares of
//   BUCKETS of levels ("university or college 56.25%"), each with an assumed
//   split of the bucket over its levels, and a REMAINDER bucket that receives
//   100% minus the published shares.
//
// The counts
// ----------
// For each marginal, the group's head count n is apportioned over its buckets
// (apportion(), largest remainder), then each bucket's count over its levels.
// So every published count is floor or ceil of share x n and the group total
// is exact. Nested groups are apportioned on their own n FIRST; the part of a
// containing group outside its nested groups (its complement) gets, level by
// level, the containing group's count minus the nested ones'. A negative
// difference is an error (the published figures contradict each other, or the
// assumed bucket splits do).
//
// The people
// ----------
// Within a stratum: sexes by apportioning `female_share`; age bands by
// apportioning the band shares among each sex; an age drawn uniformly in the
// band (truncated at retirement age - 1 of the scenario, so nobody is at or
// past retirement in the horizon's first year); extra flags and credentials to
// a random subset of the stratum of apportioned size. Within the complement
// region of each marginal, the region's level counts are dealt to its members
// in random order, so strata sharing a region share its distribution.
//
// Determinism: the same spec and options give the same roster, byte for byte,
// on every platform. Randomness comes only from std::mt19937_64 seeded with
// `SynthOptions::seed` (whose output the C++ standard fixes), with the
// library's own bounded sampling (rejection, not std::uniform_int_distribution)
// and Fisher–Yates shuffles (not std::shuffle), consumed in a fixed order:
// stratum by stratum (sexes, age bands, ages, extra flags, credentials), then
// ladder by ladder in the scenario's order, marginal by marginal in the
// options' order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cadreplan/core/error.hpp"
#include "cadreplan/core/types.hpp"
#include "cadreplan/model/roster.hpp"
#include "cadreplan/model/scenario.hpp"

namespace cadreplan::synth {

/// An age band of a stratum: ages min_age..max_age (inclusive, in the
/// horizon's first year) hold `share` of the stratum's cadres of one sex.
struct AgeBand {
  int min_age = 0;
  int max_age = 0;
  double share = 0.0;
};

/// A flag given to `share` of a stratum's cadres, chosen at random among those
/// aged min_age..max_age (e.g. `source_pool` for the cán bộ nguồn, aged <= 50).
/// The count is apportioned on the whole stratum; there must be enough cadres
/// in the age range. Several rules may name the same flag with different age
/// ranges and shares ("15% among those <= 40, 5% among those 41-50"): they
/// apply in order, each choosing among the cadres that do not have it yet.
struct FlagRule {
  std::string flag;
  double share = 0.0;
  std::optional<int> min_age;
  std::optional<int> max_age;
};

/// A credential completed by `share` of a stratum's cadres (chosen at random
/// among those aged min_age..max_age), in a year drawn uniformly from
/// first_year..last_year. last_year must not be after the horizon start.
struct CredentialRule {
  std::string credential;
  double share = 0.0;
  Year first_year = 0;
  Year last_year = 0;
  std::optional<int> min_age;
  std::optional<int> max_age;
};

/// A disjoint set of cadres with an exact head count.
struct Stratum {
  std::string name;                 ///< unique; used in messages only
  std::string tier;                 ///< the cadres' tier
  std::vector<std::string> flags;   ///< flags every cadre of the stratum has
  std::int64_t count = 0;           ///< exact head count, >= 0
  double female_share = 0.0;        ///< in [0, 1]
  std::vector<AgeBand> ages;        ///< for men, and for women unless ages_female is set
  std::vector<AgeBand> ages_female; ///< optional separate bands for women
  std::vector<FlagRule> extra_flags;
  std::vector<CredentialRule> credentials;
};

/// Levels of one ladder reported together ("postgraduate" = master + doctor),
/// with the ASSUMED split of the bucket over its levels.
struct LevelBucket {
  std::string label;                ///< for messages and reports ("postgraduate")
  std::vector<std::string> levels;  ///< level names of the marginal's ladder
  std::vector<double> split;        ///< one share per level, summing to 1; may be empty for one level
};

/// A published share of a bucket.
struct BucketShare {
  LevelBucket bucket;
  double share = 0.0;  ///< in [0, 1] ("56.25%" is 0.5625)
};

/// A published group: a union of strata, selected by tier and stratum flags.
/// The selector may set only `tier` and `flags` (sex and age are per person).
struct PublishedGroup {
  std::string name;
  Selector selector;
};

/// One published distribution: shares of buckets of `ladder` levels in `group`.
struct LadderMarginal {
  std::string group;                  ///< a PublishedGroup name
  std::string ladder;                 ///< a ladder of the scenario
  std::vector<BucketShare> shares;    ///< the published shares
  /// Receives 1 - sum(shares). Required when the shares sum to less than
  /// 1 - share_sum_tolerance; when they sum to more (rounding), it gets 0.
  std::optional<LevelBucket> remainder;
};

/// Everything synthesize_roster() needs besides the scenario.
///
/// Ladders with no marginal put every cadre at their lowest level;
/// credentials with no rule are never completed.
struct SynthOptions {
  std::uint64_t seed = 1;          ///< the only source of randomness
  std::string id_prefix = "c";     ///< ids are prefix + zero-padded row number ("c0001")
  /// How far the published shares of one marginal may sum above 1 (rounded
  /// figures: Hà Giang's 100.02%), or below 1 without a remainder bucket.
  double share_sum_tolerance = 0.001;
  std::vector<Stratum> strata;
  std::vector<PublishedGroup> groups;
  std::vector<LadderMarginal> marginals;

  /// True when the options fit @p spec; otherwise false and, when @p why is
  /// not null, the reason (the message synthesize_roster() would throw).
  /// Never throws.
  bool is_valid(const ScenarioSpec& spec, std::string* why = nullptr) const;
};

/// The counts one marginal produced (for reports and tests).
struct MarginalCounts {
  std::string group;
  std::string ladder;
  std::int64_t size = 0;                    ///< head count of the group
  std::vector<std::string> bucket_labels;   ///< the published buckets, then the remainder (if any)
  std::vector<std::int64_t> bucket_counts;  ///< apportioned counts, same order
  std::vector<std::int64_t> level_counts;   ///< per level of the ladder (index = level)
};

/// Apportions every marginal (deterministic; no randomness involved) and
/// checks that nested groups leave a non-negative complement.
/// @return one entry per marginal, in the options' order.
/// @throws OptionsError naming the stratum, group, ladder, level or value at
///         fault: unknown names, shares outside [0, 1], shares summing to more
///         than 1 + share_sum_tolerance, a missing remainder, overlapping
///         (non-nested) groups, a stratum no marginal covers, or a negative
///         complement.
std::vector<MarginalCounts> marginal_counts(const ScenarioSpec& spec, const SynthOptions& options);

/// Synthesises a roster for @p spec (its ladders, credentials, horizon start
/// and retirement ages) from @p options. Rows are ordered by stratum; the
/// result passes Scenario::build's roster checks without warnings.
/// @throws OptionsError as marginal_counts(), and for a bad stratum (empty or
///         duplicate name, negative count, female_share outside [0, 1], age
///         bands missing, malformed or entirely at/after retirement age, not
///         enough cadres in a FlagRule's or CredentialRule's age range,
///         completion years outside 1000..horizon start).
Roster synthesize_roster(const ScenarioSpec& spec, const SynthOptions& options);

}  // namespace cadreplan::synth
