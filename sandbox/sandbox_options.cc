// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/sandbox_options.h"

namespace odmcp::sandbox {

std::vector<StoreConfig> EffectiveStores(const SandboxOptions& options) {
  if (!options.stores.empty()) return options.stores;
  return {StoreConfig{kDemoStoreId, kDemoStoreApiKey, kDemoStoreName}};
}

}  // namespace odmcp::sandbox
