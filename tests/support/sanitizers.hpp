// Whether the tests run under AddressSanitizer (scripts/sanitize.sh): there
// CBC's proofs take many times longer, and tests that need them skip.
#pragma once

namespace cadreplan::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAsan = true;
#else
inline constexpr bool kUnderAsan = false;
#endif
#else
inline constexpr bool kUnderAsan = false;
#endif

}  // namespace cadreplan::test
