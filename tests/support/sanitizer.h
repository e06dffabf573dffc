// How much more resident memory a process needs under the sanitizer this
// build uses: AddressSanitizer's shadow memory, redzones and quarantine of
// freed blocks raise it severalfold (the host the tests start is built with
// the same flags), so memory bounds meant for the product scale by it.
#ifndef ODMCP_TESTS_SUPPORT_SANITIZER_H_
#define ODMCP_TESTS_SUPPORT_SANITIZER_H_

#include <cstdint>

namespace odmcp::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr int64_t kSanitizerMemoryFactor = 3;
#else
inline constexpr int64_t kSanitizerMemoryFactor = 1;
#endif

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_SUPPORT_SANITIZER_H_
