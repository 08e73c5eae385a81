// Internal: the cohorts of a scenario and their pricing problem, built once
// per scenario and shared by every solve and explanation of it.
//
// `cadreplan plan` solves and then explains the same scenario; a notebook
// re-solves it with other options. The cohorts and, above all, the pricing
// state graphs (pricing.hpp) depend on the scenario alone, so they are kept
// with the scenario's data (detail::DerivedModels) while that lives, unless
// the graphs grew beyond kKeepBytes (then the next solve rebuilds them).
#pragma once

#include <cstddef>
#include <memory>

#include "cadreplan/model/scenario.hpp"
#include "optimize/cohorts.hpp"
#include "optimize/pricing.hpp"

namespace cadreplan::optimize {

struct PricingModel {
  PricingModel(const Scenario& sc, int threads) : cohorts(sc, threads), pricer(sc, cohorts) {}
  PricingModel(const PricingModel&) = delete;
  PricingModel& operator=(const PricingModel&) = delete;
  const CohortSet cohorts;
  const Pricer pricer;  // refers to cohorts and to the scenario's data, not to the handle
};

/// The scenario's pricing model: the cached one, or a new one (then cached).
/// @p threads only sets how many threads build the cohorts.
std::shared_ptr<const PricingModel> pricing_model(const Scenario& sc, int threads);

/// Call when done with @p m: drops it from the scenario's cache when its
/// graphs hold more than kKeepBytes, so a large scenario does not keep them.
void release_pricing_model(const Scenario& sc, const std::shared_ptr<const PricingModel>& m);

/// Calls release_pricing_model when it goes out of scope (also on a throw).
struct ReleasePricingModel {
  const Scenario& sc;
  const std::shared_ptr<const PricingModel>& model;
  ~ReleasePricingModel() { release_pricing_model(sc, model); }
};

inline constexpr std::size_t kKeepBytes = std::size_t{256} << 20;

}  // namespace cadreplan::optimize
