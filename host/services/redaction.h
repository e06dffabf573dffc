// Keeping secrets out of logs, audit rows and tool output.
//
// Two nets: by key name (a JSON member or log field called "api_key",
// "password", "authorization", ... is replaced whatever its value), and by
// value (the process-wide SecretRegistry holds the secrets the host has
// seen: the KMS key, master keys it verified, vault secrets it stored or
// opened; any occurrence of one is replaced).
#ifndef ODMCP_HOST_SERVICES_REDACTION_H_
#define ODMCP_HOST_SERVICES_REDACTION_H_

#include <rapidjson/document.h>

#include <atomic>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "host/common/mutex.h"

namespace odmcp {

inline constexpr std::string_view kRedacted = "[redacted]";

// True for names that hold secrets: they contain (case-insensitively)
// password, secret, token, authorization, credential, api_key, apikey,
// api-key, master_key, masterkey, private_key, privatekey or kms.
bool IsSecretName(std::string_view name);

// Replaces every occurrence of each of `secrets` in `text` with kRedacted.
std::string ScrubText(std::string_view text, const std::vector<std::string>& secrets);

// `json` with the values of secret-named members replaced by kRedacted and
// every string scrubbed of `secrets`. Text that is not JSON is scrubbed as
// text.
std::string RedactJson(std::string_view json, const std::vector<std::string>& secrets = {});
// The same for an already parsed value, serialized.
std::string RedactJson(const rapidjson::Value& value, const std::vector<std::string>& secrets = {});

// The string values of secret-named members anywhere in `value`.
std::vector<std::string> SecretValuesIn(const rapidjson::Value& value);

class SecretRegistry {
 public:
  // Secrets shorter than this are not registered: scrubbing them would
  // mangle ordinary text, and no secret we issue is that short.
  static constexpr size_t kMinLength = 12;
  static constexpr size_t kCapacity = 4096;

  static SecretRegistry& Process();

  void Add(std::string_view secret);
  bool empty() const { return count_.load(std::memory_order_relaxed) == 0; }
  // `text` with every registered secret replaced by kRedacted.
  std::string Scrub(std::string_view text) const;

 private:
  mutable SharedMutex mutex_;
  std::unordered_set<std::string> secrets_ GUARDED_BY(mutex_);
  std::deque<std::string> order_ GUARDED_BY(mutex_);  // oldest first, for the capacity bound
  std::atomic<size_t> count_{0};
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_REDACTION_H_
