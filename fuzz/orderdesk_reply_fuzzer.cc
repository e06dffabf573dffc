// Fuzzes how the OrderDesk plugins read OrderDesk's replies
// (plugins/common/reply.h). The input is three parts: the HTTP status code
// and, after a space, the Retry-After value; the body; the secret to keep
// out of messages (the API key while registering a store):
//
//   200
//   %%
//   {"status":"success","message":"","order":{"id":"200001"}}
//   %%
//   k3yK3yk3yK3yk3yK3yk3y
//
// Covers ParseReply (the envelope, OrderDesk's "error with HTTP 200", the
// mapping of statuses and messages to failures) and SanitizeUpstreamText.
//
// Asserts, beyond no crash and no sanitizer report:
//   - a reply is accepted only with a 2xx status, and then as a JSON object;
//     a failure clears the envelope and has one of the documented codes;
//   - a failure's message, written for the model, has no control
//     characters, and never contains the secret (an API key-like secret:
//     16 or more letters and digits, which no fixed wording contains);
//   - quoted upstream text is at most 300 bytes plus "...", has no control
//     characters nor the secret, and stays valid UTF-8 when it was.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "plugins/common/reply.h"

namespace odmcp::orderdesk {
namespace {

bool HasControlCharacters(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  }
  return false;
}

bool IsAlphanumeric(std::string_view text) {
  for (char c : text) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

// Letters and digits only, 16 or more: an API key, which cannot overlap
// "[redacted]" or any wording of the messages.
bool IsKeyLike(std::string_view secret) { return secret.size() >= 16 && IsAlphanumeric(secret); }

// Well-formed UTF-8 (RFC 3629: no overlongs, surrogates or code points past
// U+10FFFF).
bool IsUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length = 1;
    unsigned char low = 0x80, high = 0xBF;  // bounds of the second byte
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return false;
    for (size_t k = 2; k < length; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

HttpReply ReplyOf(std::string_view status_line, std::string_view body) {
  HttpReply reply;
  const size_t space = status_line.find(' ');
  const std::string_view code = status_line.substr(0, space);
  std::from_chars(code.data(), code.data() + code.size(), reply.status_code);
  if (space != std::string_view::npos) reply.retry_after = status_line.substr(space + 1);
  reply.body = std::string(body);
  return reply;
}

void CheckParseReply(const HttpReply& reply, std::string_view secret) {
  ReplyContext context;
  context.store = "Main Shop (1001)";
  context.subject = "order 200001";
  context.secret = secret;
  rapidjson::Document envelope;
  const Status status = ParseReply(reply, context, &envelope);
  if (status.ok()) {
    FUZZ_CHECK(reply.status_code >= 200 && reply.status_code < 300);
    FUZZ_CHECK(envelope.IsObject());
    return;
  }
  FUZZ_CHECK(envelope.IsNull());
  const odmcp_status code = status.code();
  FUZZ_CHECK(code == ODMCP_FAILED_PRECONDITION || code == ODMCP_INVALID_ARGUMENT ||
             code == ODMCP_NOT_FOUND || code == ODMCP_RESOURCE_EXHAUSTED ||
             code == ODMCP_UNAVAILABLE);
  FUZZ_CHECK(!HasControlCharacters(status.message()));
  if (IsKeyLike(secret)) FUZZ_CHECK(status.message().find(secret) == std::string::npos);
}

void CheckSanitize(std::string_view text, std::string_view secret) {
  const std::string quoted = SanitizeUpstreamText(text, secret);
  FUZZ_CHECK(quoted.size() <= 300 + 3);
  FUZZ_CHECK(!HasControlCharacters(quoted));
  if (IsKeyLike(secret)) FUZZ_CHECK(quoted.find(secret) == std::string::npos);
  // Replacing an ASCII secret cannot split a character; cutting must not.
  if (IsAlphanumeric(secret) && IsUtf8(text)) FUZZ_CHECK(IsUtf8(quoted));
}

}  // namespace
}  // namespace odmcp::orderdesk

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp::orderdesk;
  const std::vector<std::string_view> parts = odmcp::fuzz::SplitParts(data, size, 3);
  CheckParseReply(ReplyOf(parts[0], parts[1]), parts[2]);
  CheckSanitize(parts[1], parts[2]);
  return 0;
}
