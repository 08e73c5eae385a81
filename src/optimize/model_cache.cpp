#include "optimize/model_cache.hpp"

#include <mutex>

#include "model/compiled.hpp"

namespace cadreplan::optimize {

std::shared_ptr<const PricingModel> pricing_model(const Scenario& sc, int threads) {
  detail::DerivedModels& d = *sc.compiled().derived;
  {
    const std::lock_guard<std::mutex> lock(d.mutex);
    if (d.pricing) return std::static_pointer_cast<const PricingModel>(d.pricing);
  }
  // Built outside the lock (seconds on a national roster); two racing callers
  // each build one, and the first stored is kept.
  auto m = std::make_shared<PricingModel>(sc, threads);
  const std::lock_guard<std::mutex> lock(d.mutex);
  if (d.pricing) return std::static_pointer_cast<const PricingModel>(d.pricing);
  d.pricing = m;
  return m;
}

void release_pricing_model(const Scenario& sc, const std::shared_ptr<const PricingModel>& m) {
  if (!m || m->pricer.graph_bytes() <= kKeepBytes) return;
  detail::DerivedModels& d = *sc.compiled().derived;
  const std::lock_guard<std::mutex> lock(d.mutex);
  if (d.pricing.get() == static_cast<const void*>(m.get())) d.pricing.reset();
}

}  // namespace cadreplan::optimize
