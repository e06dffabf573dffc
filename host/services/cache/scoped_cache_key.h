// ScopedCacheKey: the key under which the host stores a plugin's cache entry
// for one tenant, so that scoping is a property of the key itself.
#ifndef ODMCP_HOST_SERVICES_CACHE_SCOPED_CACHE_KEY_H_
#define ODMCP_HOST_SERVICES_CACHE_SCOPED_CACHE_KEY_H_

#include <string>
#include <string_view>

namespace odmcp {

// Returns "<tenant>\x1f<plugin>\x1f<key>". The scope of (tenant, plugin) is
// prefix-free: ScopedCacheKey(t, p, k) starts with ScopedCacheKey(t2, p2, "")
// only if t == t2 and p == p2. That is what lets InvalidatePrefix on a scoped
// prefix stay inside its scope, e.g. tenant "1" can never drop tenant "12"'s
// entries, because the byte after "1" is the separator in one and '2' in the
// other.
//
// The separator (0x1f, ASCII unit separator) cannot occur in real tenant ids
// or plugin names, but to make the property unconditional the two scope
// components are escaped: 0x1e becomes 0x1e 0x1e and 0x1f becomes 0x1e 0x01.
// An escaped component then contains no 0x1f, so the first separator after
// the start (and after it, the second) ends the component in any key, and
// the escaping is reversible, so different components stay different. The
// plugin's own key is appended as is: prefixes over it are what invalidation
// is for.
std::string ScopedCacheKey(std::string_view tenant, std::string_view plugin, std::string_view key);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_CACHE_SCOPED_CACHE_KEY_H_
