// cadreplan — version.
#pragma once

namespace cadreplan {

/// The library version, "MAJOR.MINOR.PATCH".
const char* version() noexcept;

}  // namespace cadreplan
