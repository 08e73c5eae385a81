#include "cadreplan/core/version.hpp"

namespace cadreplan {

const char* version() noexcept { return CADREPLAN_VERSION; }

}  // namespace cadreplan
