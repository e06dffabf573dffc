#include "host/services/redaction.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "host/common/json.h"

namespace odmcp {
namespace {

constexpr std::array<std::string_view, 13> kSecretWords = {
    "password",  "secret",      "token",      "authorization", "credential",
    "api_key",   "apikey",      "api-key",    "master_key",    "masterkey",
    "private_key", "privatekey", "kms"};

void Redact(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator,
            const std::vector<std::string>& secrets, const SecretRegistry& registry) {
  if (value.IsObject()) {
    for (auto& member : value.GetObject()) {
      if (IsSecretName(AsView(member.name))) {
        member.value.SetString(kRedacted.data(), static_cast<rapidjson::SizeType>(kRedacted.size()),
                               allocator);
      } else {
        Redact(member.value, allocator, secrets, registry);
      }
    }
  } else if (value.IsArray()) {
    for (auto& element : value.GetArray()) Redact(element, allocator, secrets, registry);
  } else if (value.IsString()) {
    std::string scrubbed = ScrubText(AsView(value), secrets);
    if (!registry.empty()) scrubbed = registry.Scrub(scrubbed);
    if (scrubbed != AsView(value)) {
      value.SetString(scrubbed.data(), static_cast<rapidjson::SizeType>(scrubbed.size()),
                      allocator);
    }
  }
}

void CollectSecrets(const rapidjson::Value& value, std::vector<std::string>& out) {
  if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      if (IsSecretName(AsView(member.name)) && member.value.IsString()) {
        out.emplace_back(AsView(member.value));
      } else {
        CollectSecrets(member.value, out);
      }
    }
  } else if (value.IsArray()) {
    for (const auto& element : value.GetArray()) CollectSecrets(element, out);
  }
}

}  // namespace

bool IsSecretName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kSecretWords.begin(), kSecretWords.end(), [&](std::string_view word) {
    return lower.find(word) != std::string::npos;
  });
}

std::string ScrubText(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

std::string RedactJson(std::string_view json, const std::vector<std::string>& secrets) {
  const SecretRegistry& registry = SecretRegistry::Process();
  JsonDocument doc;
  if (ParseJson(json, doc)) {
    std::string scrubbed = ScrubText(json, secrets);
    return registry.empty() ? scrubbed : registry.Scrub(scrubbed);
  }
  Redact(doc, doc.GetAllocator(), secrets, registry);
  return ToJson(doc);
}

std::string RedactJson(const rapidjson::Value& value, const std::vector<std::string>& secrets) {
  JsonDocument doc;
  doc.CopyFrom(value, doc.GetAllocator());
  Redact(doc, doc.GetAllocator(), secrets, SecretRegistry::Process());
  return ToJson(doc);
}

std::vector<std::string> SecretValuesIn(const rapidjson::Value& value) {
  std::vector<std::string> out;
  CollectSecrets(value, out);
  return out;
}

SecretRegistry& SecretRegistry::Process() {
  static SecretRegistry registry;
  return registry;
}

void SecretRegistry::Add(std::string_view secret) {
  if (secret.size() < kMinLength) return;
  WriterLock lock(&mutex_);
  if (!secrets_.emplace(secret).second) return;
  order_.emplace_back(secret);
  if (order_.size() > kCapacity) {
    secrets_.erase(order_.front());
    order_.pop_front();
  }
  count_.store(secrets_.size(), std::memory_order_relaxed);
}

std::string SecretRegistry::Scrub(std::string_view text) const {
  std::string out(text);
  ReaderLock lock(&mutex_);
  for (const std::string& secret : order_) {
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

}  // namespace odmcp
