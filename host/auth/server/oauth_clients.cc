#include "host/auth/server/oauth_clients.h"

#include <algorithm>
#include <utility>

#include "host/auth/server/metadata_documents.h"
#include "host/common/base64.h"
#include "host/common/json.h"
#include "host/crypto/secure_bytes.h"
#include "host/services/http_client/url.h"

namespace odmcp {
namespace {

// A registration's bounds: real clients name one to a few redirect URIs
// and short names.
constexpr size_t kMaxRedirectUris = 10;
constexpr size_t kMaxUriBytes = 2048;
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxMetadataBytes = 16 * 1024;

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "::1";
}

}  // namespace

std::string RedirectUriProblem(std::string_view uri) {
  if (uri.size() > kMaxUriBytes) {
    return "is longer than " + std::to_string(kMaxUriBytes) + " bytes";
  }
  if (uri.find('#') != std::string_view::npos) return "has a fragment (RFC 6749 section 3.1.2)";
  HttpUrl url;
  std::string error;
  if (!ParseHttpUrl(uri, &url, &error)) return "is not an absolute http or https URL: " + error;
  if (!url.https() && !IsLoopbackHost(url.host)) {
    return "is http on a host that is not loopback; use https (or http://localhost, "
           "http://127.0.0.1 or http://[::1] for a native client)";
  }
  return "";
}

namespace {

// `uri` without its port when it is a loopback http URI, else nullopt.
std::optional<std::string> WithoutLoopbackPort(std::string_view uri) {
  HttpUrl url;
  std::string error;
  if (!ParseHttpUrl(uri, &url, &error) || url.https() || !IsLoopbackHost(url.host)) {
    return std::nullopt;
  }
  constexpr std::string_view kScheme = "http://";
  const size_t authority_end = uri.find_first_of("/?", kScheme.size());
  std::string_view authority = uri.substr(kScheme.size(), authority_end == std::string_view::npos
                                                              ? std::string_view::npos
                                                              : authority_end - kScheme.size());
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  return std::string(kScheme) + std::string(authority) + "|" +
         (authority_end == std::string_view::npos ? std::string()
                                                  : std::string(uri.substr(authority_end)));
}

OAuthError BadMetadata(std::string description) {
  return {400, "invalid_client_metadata", std::move(description)};
}

// The client of a stored registration.
std::optional<OAuthClient> ClientFrom(const StoredClient& stored) {
  rapidjson::Document doc;
  if (ParseJson(stored.metadata_json, doc) || !doc.IsObject()) return std::nullopt;
  OAuthClient client;
  client.client_id = stored.client_id;
  client.secret_hash = stored.secret_hash;
  const rapidjson::Value* name = FindMember(doc, "client_name");
  client.name = name != nullptr && name->IsString() ? std::string(AsView(*name)) : stored.client_id;
  const rapidjson::Value* method = FindMember(doc, "token_endpoint_auth_method");
  client.auth_method = method != nullptr && method->IsString() ? std::string(AsView(*method)) : "";
  const rapidjson::Value* uris = FindMember(doc, "redirect_uris");
  if (uris == nullptr || !uris->IsArray()) return std::nullopt;
  for (const rapidjson::Value& uri : uris->GetArray()) {
    if (uri.IsString()) client.redirect_uris.emplace_back(AsView(uri));
  }
  return client;
}

}  // namespace

Registration RegisterClient(GrantStore& store, std::string_view body, int64_t now_s) {
  if (body.size() > kMaxMetadataBytes) {
    return {BadMetadata("the client metadata is larger than " + std::to_string(kMaxMetadataBytes) +
                        " bytes"),
            ""};
  }
  rapidjson::Document doc;
  if (ParseJson(body, doc, 16) || !doc.IsObject()) {
    return {BadMetadata("the body must be a JSON object of client metadata (RFC 7591 section 2)"),
            ""};
  }
  const rapidjson::Value* uris = FindMember(doc, "redirect_uris");
  if (uris == nullptr || !uris->IsArray() || uris->Empty()) {
    return {OAuthError{400, "invalid_redirect_uri",
                       "redirect_uris must be a non-empty array of URLs: the authorization code "
                       "grant needs one"},
            ""};
  }
  if (uris->Size() > kMaxRedirectUris) {
    return {
        OAuthError{400, "invalid_redirect_uri",
                   "redirect_uris may name at most " + std::to_string(kMaxRedirectUris) + " URLs"},
        ""};
  }
  std::vector<std::string> redirect_uris;
  for (const rapidjson::Value& uri : uris->GetArray()) {
    if (!uri.IsString()) {
      return {OAuthError{400, "invalid_redirect_uri", "every redirect_uris entry must be a string"},
              ""};
    }
    if (std::string problem = RedirectUriProblem(AsView(uri)); !problem.empty()) {
      return {OAuthError{400, "invalid_redirect_uri",
                         "redirect_uris[" + std::to_string(redirect_uris.size()) + "] " + problem},
              ""};
    }
    redirect_uris.emplace_back(AsView(uri));
  }
  std::string method = "client_secret_basic";
  if (const rapidjson::Value* m = FindMember(doc, "token_endpoint_auth_method")) {
    if (!m->IsString()) return {BadMetadata("token_endpoint_auth_method must be a string"), ""};
    method = std::string(AsView(*m));
    if (method != "none" && method != "client_secret_post" && method != "client_secret_basic") {
      return {BadMetadata("token_endpoint_auth_method \"" + method.substr(0, 64) +
                          "\" is not supported; use none, client_secret_post or "
                          "client_secret_basic"),
              ""};
    }
  }
  std::vector<std::string> grant_types = {"authorization_code", "refresh_token"};
  if (const rapidjson::Value* g = FindMember(doc, "grant_types")) {
    if (!g->IsArray()) return {BadMetadata("grant_types must be an array of strings"), ""};
    grant_types.clear();
    for (const rapidjson::Value& type : g->GetArray()) {
      if (!type.IsString() ||
          (AsView(type) != "authorization_code" && AsView(type) != "refresh_token")) {
        return {BadMetadata("grant_types may hold authorization_code and refresh_token only"), ""};
      }
      grant_types.emplace_back(AsView(type));
    }
    if (std::find(grant_types.begin(), grant_types.end(), "authorization_code") ==
        grant_types.end()) {
      return {BadMetadata("grant_types must include authorization_code, the only way this server "
                          "issues tokens"),
              ""};
    }
  }
  if (const rapidjson::Value* r = FindMember(doc, "response_types")) {
    if (!r->IsArray() || r->Size() != 1 || !(*r)[0].IsString() || AsView((*r)[0]) != "code") {
      return {BadMetadata("response_types must be [\"code\"]"), ""};
    }
  }
  std::string name;
  if (const rapidjson::Value* n = FindMember(doc, "client_name")) {
    if (!n->IsString() || n->GetStringLength() > kMaxNameBytes) {
      return {BadMetadata("client_name must be a string of at most " +
                          std::to_string(kMaxNameBytes) + " bytes"),
              ""};
    }
    name = std::string(AsView(*n));
  }
  std::string client_uri;
  if (const rapidjson::Value* u = FindMember(doc, "client_uri")) {
    if (!u->IsString() || u->GetStringLength() > kMaxUriBytes) {
      return {BadMetadata("client_uri must be a URL string"), ""};
    }
    client_uri = std::string(AsView(*u));
  }

  const std::string client_id = Base64UrlEncode(crypto::RandomBytes(18));
  std::string secret;
  if (method != "none") secret = Base64UrlEncode(crypto::RandomBytes(32));

  // What is stored, and echoed (RFC 7591 section 3.2.1): the metadata this
  // server keeps, as it understood it.
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("redirect_uris");
  w.StartArray();
  for (const std::string& uri : redirect_uris) WriteString(w, uri);
  w.EndArray();
  WriteKeyString(w, "token_endpoint_auth_method", method);
  w.Key("grant_types");
  w.StartArray();
  for (const std::string& type : grant_types) WriteString(w, type);
  w.EndArray();
  w.Key("response_types");
  w.StartArray();
  WriteString(w, "code");
  w.EndArray();
  if (!name.empty()) WriteKeyString(w, "client_name", name);
  if (!client_uri.empty()) WriteKeyString(w, "client_uri", client_uri);
  w.EndObject();
  const std::string metadata(buffer.GetString(), buffer.GetSize());

  if (Status added = store.AddClient(client_id, metadata, secret); !added.ok()) {
    return {OAuthError{503, "temporarily_unavailable", added.message()}, ""};
  }
  std::string response = metadata;
  response.pop_back();  // the closing brace: the issued fields follow
  response += ",\"client_id\":" + QuoteJson(client_id) +
              ",\"client_id_issued_at\":" + std::to_string(now_s);
  if (!secret.empty()) {
    response += ",\"client_secret\":" + QuoteJson(secret) + ",\"client_secret_expires_at\":0";
  }
  response += "}";
  crypto::Wipe(&secret);
  return {std::nullopt, std::move(response)};
}

StatusOr<std::optional<OAuthClient>> FindClient(GrantStore& store, MetadataDocuments* documents,
                                                std::string_view client_id) {
  if (documents != nullptr && MetadataDocuments::IsMetadataUrl(client_id)) {
    StatusOr<OAuthClient> client = documents->Find(client_id);
    if (!client.ok()) return client.status();
    return std::optional<OAuthClient>(std::move(client).value());
  }
  StatusOr<std::optional<StoredClient>> stored = store.FindClient(client_id);
  if (!stored.ok()) return stored.status();
  if (!stored.value()) return std::optional<OAuthClient>();
  return ClientFrom(*stored.value());
}

bool RedirectUriAllowed(const OAuthClient& client, std::string_view given) {
  const std::optional<std::string> loose = WithoutLoopbackPort(given);
  for (const std::string& registered : client.redirect_uris) {
    if (registered == given) return true;
    if (loose && WithoutLoopbackPort(registered) == loose) return true;
  }
  return false;
}

std::string RedirectHost(std::string_view uri) {
  HttpUrl url;
  std::string error;
  if (!ParseHttpUrl(uri, &url, &error)) return "";
  return url.host;
}

}  // namespace odmcp
