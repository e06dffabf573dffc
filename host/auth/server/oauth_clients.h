// The clients of the built-in authorization server: Dynamic Client
// Registration (RFC 7591), which mcp-remote and the SDK clients use, and
// the redirect URI rules every authorization request is held to.
//
// A registration names one or more redirect URIs, each https, or http on a
// loopback host (localhost, 127.0.0.1, [::1]: native clients, RFC 8252),
// without a fragment. A client that asks for token_endpoint_auth_method
// "none" is public and gets no secret; "client_secret_post" and
// "client_secret_basic" (also what an omitted method means, RFC 7591
// section 2) get a secret, which the server keeps only hashed.
#ifndef ODMCP_HOST_AUTH_SERVER_OAUTH_CLIENTS_H_
#define ODMCP_HOST_AUTH_SERVER_OAUTH_CLIENTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"
#include "host/services/oauth/grant_store.h"

namespace odmcp {

// An OAuth error as RFC 6749 section 5.2 (and RFC 7591 section 3.2.2)
// answers it: the code and a description for the developer.
struct OAuthError {
  int status = 400;
  std::string error;  // "invalid_request", "invalid_client", ...
  std::string description;
};

struct OAuthClient {
  std::string client_id;
  std::string name;  // client_name, or the client_id when it has none
  std::vector<std::string> redirect_uris;
  std::string auth_method;  // "none", "client_secret_post" or "client_secret_basic"
  std::string secret_hash;  // SHA-256 of the secret; empty for a public client
};

// What a registration answers: 201 and the client's metadata, or an error.
struct Registration {
  std::optional<OAuthError> error;
  std::string response_json;
};

// Registers the client whose metadata (JSON) is `body`.
Registration RegisterClient(GrantStore& store, std::string_view body, int64_t now_s);

class MetadataDocuments;

// The client `client_id` names: a registered one, or with `documents` (may
// be null: off) the one a metadata document at that URL describes;
// nullopt for none. An error if the document cannot be had or is invalid
// (INVALID_ARGUMENT, saying why) or the database cannot be read
// (UNAVAILABLE).
StatusOr<std::optional<OAuthClient>> FindClient(GrantStore& store, MetadataDocuments* documents,
                                                std::string_view client_id);

// Why `uri` may not be a redirect URI ("is http on a host that is not
// loopback ..."), or "".
std::string RedirectUriProblem(std::string_view uri);

// Whether `given` is one of the client's redirect URIs: the same string,
// except that the port of a loopback http URI may differ (RFC 8252 section
// 7.3; a native client takes whatever port is free). localhost and
// 127.0.0.1 never stand for each other.
bool RedirectUriAllowed(const OAuthClient& client, std::string_view given);

// The host of a redirect URI, as the consent page shows it.
std::string RedirectHost(std::string_view uri);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_SERVER_OAUTH_CLIENTS_H_
