// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/dataset.h"

namespace odmcp::sandbox {
namespace {

// Compares without an early exit so the time taken does not reveal how
// much of a guessed key was right.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  const size_t length = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < length; ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

}  // namespace

Dataset::Authenticated Dataset::Authenticate(std::string_view store_id,
                                             std::string_view api_key) const {
  for (size_t i = 0; i < stores_.size(); ++i) {
    const StoreConfig& config = stores_[i]->config();
    if (config.id == store_id) {
      if (!ConstantTimeEquals(config.api_key, api_key)) return {};
      return {stores_[i].get(), i};
    }
  }
  return {};
}

}  // namespace odmcp::sandbox
