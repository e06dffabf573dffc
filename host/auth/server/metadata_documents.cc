#include "host/auth/server/metadata_documents.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "host/common/http_text.h"
#include "host/common/json.h"
#include "host/services/http_client/http_client.h"
#include "host/services/http_client/url.h"

namespace odmcp {
namespace {

constexpr size_t kMaxUrlBytes = 2048;
constexpr int64_t kDefaultKeepMs = 5 * 60 * 1000;
constexpr int64_t kMinKeepMs = 60 * 1000;
constexpr int64_t kMaxKeepMs = int64_t{24} * 3600 * 1000;

Status Invalid(std::string why) {
  return Status(ODMCP_INVALID_ARGUMENT, "the client metadata document " + std::move(why));
}

// How long a document may be kept, from its Cache-Control (RFC 9111):
// 0 for no-store or no-cache.
int64_t KeepMs(std::string_view cache_control) {
  int64_t keep = kDefaultKeepMs;
  while (!cache_control.empty()) {
    const size_t comma = cache_control.find(',');
    const std::string_view directive = TrimOws(cache_control.substr(0, comma));
    cache_control =
        comma == std::string_view::npos ? std::string_view() : cache_control.substr(comma + 1);
    if (EqualsIgnoringCase(directive, "no-store") || EqualsIgnoringCase(directive, "no-cache")) {
      return 0;
    }
    constexpr std::string_view kMaxAge = "max-age=";
    if (directive.size() > kMaxAge.size() &&
        EqualsIgnoringCase(directive.substr(0, kMaxAge.size()), kMaxAge)) {
      int64_t seconds = 0;
      const std::string_view digits = directive.substr(kMaxAge.size());
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
      if (ec == std::errc() && end == digits.data() + digits.size()) {
        keep = std::clamp(seconds, kMinKeepMs / 1000, kMaxKeepMs / 1000) * 1000;
      }
    }
  }
  return keep;
}

StatusOr<OAuthClient> ParseDocument(std::string_view url, std::string_view body) {
  rapidjson::Document doc;
  if (ParseJson(body, doc, 16) || !doc.IsObject()) return Invalid("is not a JSON object");
  const rapidjson::Value* id = FindMember(doc, "client_id");
  if (id == nullptr || !id->IsString() || AsView(*id) != url) {
    return Invalid("must hold \"client_id\" equal to its own URL, exactly");
  }
  const rapidjson::Value* name = FindMember(doc, "client_name");
  if (name == nullptr || !name->IsString() || name->GetStringLength() == 0 ||
      name->GetStringLength() > 200) {
    return Invalid("must hold \"client_name\", a string of 1 to 200 bytes");
  }
  const rapidjson::Value* uris = FindMember(doc, "redirect_uris");
  if (uris == nullptr || !uris->IsArray() || uris->Empty() || uris->Size() > 10) {
    return Invalid("must hold \"redirect_uris\", an array of 1 to 10 URLs");
  }
  OAuthClient client;
  client.client_id = std::string(url);
  client.name = std::string(AsView(*name));
  client.auth_method = "none";
  for (const rapidjson::Value& uri : uris->GetArray()) {
    if (!uri.IsString()) return Invalid("has a redirect_uris entry that is not a string");
    if (std::string problem = RedirectUriProblem(AsView(uri)); !problem.empty()) {
      return Invalid("has redirect_uris[" + std::to_string(client.redirect_uris.size()) +
                     "] that " + problem);
    }
    client.redirect_uris.emplace_back(AsView(uri));
  }
  if (const rapidjson::Value* method = FindMember(doc, "token_endpoint_auth_method")) {
    if (!method->IsString() || AsView(*method) != "none") {
      return Invalid(
          "asks for a token_endpoint_auth_method this server does not support; use \"none\" (a "
          "public client with PKCE)");
    }
  }
  return client;
}

}  // namespace

std::string MetadataUrlProblem(std::string_view url) {
  if (url.size() > kMaxUrlBytes) return "is longer than " + std::to_string(kMaxUrlBytes) + " bytes";
  if (url.find('#') != std::string_view::npos) return "has a fragment";
  HttpUrl parsed;
  std::string error;
  if (!ParseHttpUrl(url, &parsed, &error)) return "is not a URL: " + error;
  if (!parsed.https()) return "is not https";
  const std::string_view path = std::string_view(parsed.target).substr(0, parsed.target.find('?'));
  if (path == "/" || path.empty()) return "has no path";
  return "";
}

MetadataDocuments::MetadataDocuments(DocumentFetch fetch, const Clock* clock)
    : fetch_(std::move(fetch)), clock_(clock) {}

bool MetadataDocuments::IsMetadataUrl(std::string_view client_id) {
  return client_id.size() > 8 && EqualsIgnoringCase(client_id.substr(0, 8), "https://");
}

StatusOr<OAuthClient> MetadataDocuments::Find(std::string_view url) {
  if (std::string problem = MetadataUrlProblem(url); !problem.empty()) {
    return Status(ODMCP_INVALID_ARGUMENT, "the client_id URL " + problem);
  }
  const int64_t now = clock_->UnixMillis();
  {
    MutexLock lock(&mutex_);
    auto it = cached_.find(url);
    if (it != cached_.end()) {
      if (it->second.expires_ms > now) return it->second.client;
      cached_.erase(it);
    }
  }
  StatusOr<FetchedDocument> fetched = fetch_(std::string(url));
  if (!fetched.ok()) return Invalid("could not be fetched: " + fetched.error());
  StatusOr<OAuthClient> client = ParseDocument(url, fetched.value().body);
  if (!client.ok()) return client.status();
  const int64_t keep = KeepMs(fetched.value().cache_control);
  if (keep > 0) {
    MutexLock lock(&mutex_);
    if (cached_.size() >= kMaxCached) {
      for (auto it = cached_.begin(); it != cached_.end();) {
        it = it->second.expires_ms <= now ? cached_.erase(it) : std::next(it);
      }
    }
    if (cached_.size() < kMaxCached) cached_[std::string(url)] = {client.value(), now + keep};
  }
  return client;
}

DocumentFetch HttpDocumentFetch(HttpClient& client, int64_t timeout_ms) {
  return [&client, timeout_ms](const std::string& url) -> StatusOr<FetchedDocument> {
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    request.coalesce_scope = "client-metadata";
    request.max_response_bytes = MetadataDocuments::kMaxDocumentBytes;
    request.deadline_unix_ms = UnixMillis() + timeout_ms;
    HttpOutcome outcome = client.Fetch(request);
    if (outcome.status != ODMCP_OK) return Status(ODMCP_UNAVAILABLE, outcome.error);
    if (outcome.response->status != 200) {
      return Status(ODMCP_UNAVAILABLE,
                    "it answered HTTP " + std::to_string(outcome.response->status) + ", not 200");
    }
    FetchedDocument document;
    document.body = outcome.response->body;
    for (const HttpHeader& header : outcome.response->headers) {
      if (EqualsIgnoringCase(header.name, "Cache-Control")) document.cache_control = header.value;
    }
    return document;
  };
}

}  // namespace odmcp
