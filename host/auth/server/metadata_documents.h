// MetadataDocuments: clients identified by a Client ID Metadata Document
// (the MCP authorization specification's preferred way; the OAuth "Client
// ID Metadata Document" draft): the client_id is an https URL, and the
// JSON document there describes the client.
//
// The URL is the client's to choose, so fetching it is fetching for a
// stranger (server-side request forgery). The fetch is bounded: https only,
// a path other than "/", no user information or fragment, connections to
// public addresses only (checked on the address connected to; loopback and
// private ones only when the operator allows them, for tests), no
// redirects, kMaxDocumentBytes, `timeout_ms`, one attempt.
//
// A document is accepted when it is a JSON object whose "client_id" is the
// URL exactly, with a "client_name" and "redirect_uris" (each as a
// registration's, oauth_clients.h), and a token_endpoint_auth_method of
// "none" if any (a public client: private_key_jwt is not supported).
// Accepted documents are kept as their Cache-Control max-age says (between
// one minute and a day; five minutes without one; not at all with
// no-store), at most kMaxCached of them.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_AUTH_SERVER_METADATA_DOCUMENTS_H_
#define ODMCP_HOST_AUTH_SERVER_METADATA_DOCUMENTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "host/auth/server/oauth_clients.h"
#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"

namespace odmcp {

class HttpClient;

// A fetched document: its body, and its Cache-Control header ("" if none).
struct FetchedDocument {
  std::string body;
  std::string cache_control;
};

// Fetches a URL: the document, or why not (UNAVAILABLE).
using DocumentFetch = std::function<StatusOr<FetchedDocument>(const std::string& url)>;

class MetadataDocuments {
 public:
  static constexpr size_t kMaxDocumentBytes = 64 * 1024;
  static constexpr size_t kMaxCached = 1000;

  MetadataDocuments(DocumentFetch fetch, const Clock* clock);

  // Whether `client_id` has the form of a metadata document's URL (https,
  // with a path), rather than that of a registered client's id.
  static bool IsMetadataUrl(std::string_view client_id);

  // The client the document at `url` describes. INVALID_ARGUMENT, saying
  // what is wrong, if the URL or the document is not acceptable or the
  // document cannot be fetched.
  StatusOr<OAuthClient> Find(std::string_view url);

 private:
  struct Cached {
    OAuthClient client;
    int64_t expires_ms;
  };

  DocumentFetch fetch_;
  const Clock* const clock_;
  Mutex mutex_;
  std::map<std::string, Cached, std::less<>> cached_ GUARDED_BY(mutex_);
};

// A DocumentFetch over `client` (made with public_addresses_only unless the
// operator allows private addresses, and one attempt).
DocumentFetch HttpDocumentFetch(HttpClient& client, int64_t timeout_ms);

// Why `url` cannot identify a client by its metadata document, or "".
std::string MetadataUrlProblem(std::string_view url);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_SERVER_METADATA_DOCUMENTS_H_
