// Fuzzes what an OAuth client controls before it has signed anyone in: its
// client ID metadata document and that document's URL
// (host/auth/server/metadata_documents.h), the redirect URI it asks for
// (oauth_clients.h), and the form encoding of its requests
// (host/common/url_form.h). The input is four parts:
//
//   https://app.example.com/oauth/client.json
//   %%
//   {"client_id":"https://app.example.com/oauth/client.json", ...}
//   %%
//   http://localhost:5173/callback
//   %%
//   grant_type=authorization_code&code=...
//
// Asserts, beyond no crash and no sanitizer report:
//   - an accepted document describes the URL it was fetched from, names the
//     client, and lists only redirect URIs a registration would accept,
//     each of which the client is then allowed to use;
//   - a redirect URI the client is allowed to use is itself one a
//     registration would accept (the any-port rule for loopback never lets
//     a malformed or foreign URI through);
//   - a form that parses re-encodes (UrlEncode) to one that parses to the
//     same pairs, and UrlFormValue finds the first value of each name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "host/auth/server/metadata_documents.h"
#include "host/common/clock.h"
#include "host/common/url_form.h"

namespace odmcp {
namespace {

void CheckDocument(std::string_view url, std::string_view document, std::string_view asked) {
  MetadataDocuments documents(
      [document](const std::string&) -> StatusOr<FetchedDocument> {
        return FetchedDocument{std::string(document), "no-store"};
      },
      SystemClock());
  StatusOr<OAuthClient> client = documents.Find(url);
  if (!client.ok()) {
    FUZZ_CHECK(client.status().code() == ODMCP_INVALID_ARGUMENT);
    return;
  }
  FUZZ_CHECK(client.value().client_id == url);
  FUZZ_CHECK(MetadataUrlProblem(url).empty());
  FUZZ_CHECK(!client.value().name.empty());
  FUZZ_CHECK(!client.value().redirect_uris.empty());
  FUZZ_CHECK(client.value().auth_method == "none");
  for (const std::string& uri : client.value().redirect_uris) {
    FUZZ_CHECK(RedirectUriProblem(uri).empty());
    FUZZ_CHECK(RedirectUriAllowed(client.value(), uri));
  }
  if (RedirectUriAllowed(client.value(), asked)) FUZZ_CHECK(RedirectUriProblem(asked).empty());
}

void CheckForm(std::string_view text) {
  auto pairs = ParseUrlForm(text);
  if (!pairs) return;
  std::string encoded;
  for (const auto& [name, value] : *pairs) {
    encoded += (encoded.empty() ? "" : "&") + UrlEncode(name) + "=" + UrlEncode(value);
  }
  auto again = ParseUrlForm(encoded);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *pairs);
  for (const auto& [name, value] : *pairs) {
    // The first pair of this name holds the value UrlFormValue finds.
    for (const auto& [first_name, first_value] : *pairs) {
      if (first_name != name) continue;
      FUZZ_CHECK(UrlFormValue(encoded, name) == first_value);
      break;
    }
  }
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = odmcp::fuzz::SplitParts(data, size, 4);
  odmcp::CheckDocument(parts[0], parts[1], parts[2]);
  odmcp::CheckForm(parts[3]);
  return 0;
}
