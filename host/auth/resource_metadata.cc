#include "host/auth/resource_metadata.h"

#include "host/common/json.h"
#include "host/services/http_client/url.h"

namespace odmcp {

namespace {
constexpr std::string_view kWellKnown = "/.well-known/oauth-protected-resource";
}  // namespace

std::string ProtectedResourceMetadata(std::string_view resource,
                                      const std::vector<std::string>& authorization_servers) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "resource", resource);
  w.Key("authorization_servers");
  w.StartArray();
  for (const std::string& issuer : authorization_servers) WriteString(w, issuer);
  w.EndArray();
  w.Key("scopes_supported");
  w.StartArray();
  for (std::string_view scope : kToolScopes) WriteString(w, scope);
  w.EndArray();
  w.Key("bearer_methods_supported");
  w.StartArray();
  WriteString(w, "header");
  w.EndArray();
  WriteKeyString(w, "resource_name", "orderdesk-mcp");
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string ProtectedResourceMetadataUrl(std::string_view resource) {
  HttpUrl url;
  std::string error;
  if (!ParseHttpUrl(resource, &url, &error)) return {};
  // The scheme and authority as the resource spells them.
  const size_t authority = resource.find("://") + 3;
  const std::string_view origin = resource.substr(0, resource.find('/', authority));
  return std::string(origin) + ProtectedResourceMetadataPaths(resource).front();
}

std::vector<std::string> ProtectedResourceMetadataPaths(std::string_view resource) {
  HttpUrl url;
  std::string error;
  std::vector<std::string> paths;
  if (ParseHttpUrl(resource, &url, &error) && url.target != "/") {
    paths.push_back(std::string(kWellKnown) + url.target);
  }
  paths.emplace_back(kWellKnown);
  return paths;
}

}  // namespace odmcp
