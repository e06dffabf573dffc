#include "plugins/common/reply.h"

#include <cctype>
#include <cstddef>
#include <optional>

namespace odmcp::orderdesk {
namespace {

constexpr size_t kMaxQuotedBytes = 300;

enum class Failure { kCredentials, kNotFound, kRateLimited, kRejected, kUnavailable };

bool ContainsIgnoringCase(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() &&
           std::tolower(static_cast<unsigned char>(text[i + j])) ==
               std::tolower(static_cast<unsigned char>(needle[j]))) {
      ++j;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

Failure Classify(int32_t http_status, std::string_view message) {
  if (http_status >= 200 && http_status < 300) {
    // An error sent with 200: only its message tells what kind it is.
    if (ContainsIgnoringCase(message, "Invalid Store ID or API Key")) return Failure::kCredentials;
    if (ContainsIgnoringCase(message, "not found")) return Failure::kNotFound;
    if (ContainsIgnoringCase(message, "rate limit")) return Failure::kRateLimited;
    return Failure::kRejected;
  }
  if (http_status == 401 || http_status == 403) return Failure::kCredentials;
  if (http_status == 404) return Failure::kNotFound;
  if (http_status == 429) return Failure::kRateLimited;
  if (http_status >= 400 && http_status < 500) return Failure::kRejected;
  return Failure::kUnavailable;
}

// " (\"text\")", or nothing for an empty text.
std::string Quoted(std::string_view text, const ReplyContext& context) {
  if (text.empty()) return "";
  return " (\"" + SanitizeUpstreamText(text, context.secret) + "\")";
}

// "in 3 s" from a Retry-After value in seconds; "in a few seconds" when the
// value is absent or not a number (an HTTP date, say).
std::string WaitText(std::string_view retry_after) {
  size_t i = 0;
  int64_t seconds = 0;
  while (i < retry_after.size() && retry_after[i] >= '0' && retry_after[i] <= '9' &&
         seconds < 86400) {
    seconds = seconds * 10 + (retry_after[i] - '0');
    ++i;
  }
  if (i == 0) return "in a few seconds";
  const bool fractional = i < retry_after.size() && retry_after[i] == '.' &&
                          retry_after.find_first_of("123456789", i) != std::string_view::npos;
  if (fractional) {
    ++seconds;  // a fractional wait, rounded up
  }
  return "in " + std::to_string(seconds < 1 ? 1 : seconds) + " s";
}

// "HTTP 400" or "HTTP 400: \"text\"".
std::string HttpDetail(int32_t status_code, std::string_view text, const ReplyContext& context) {
  std::string detail = "HTTP " + std::to_string(status_code);
  if (!text.empty()) detail += ": \"" + SanitizeUpstreamText(text, context.secret) + "\"";
  return detail;
}

std::string_view Subject(const ReplyContext& context) {
  return context.subject.empty() ? std::string_view("such resource") : context.subject;
}

Status FailureStatus(Failure failure, const HttpReply& reply, std::string_view message,
                     const ReplyContext& context) {
  switch (failure) {
    case Failure::kCredentials:
      if (context.credentials_given) {
        return Status(ODMCP_INVALID_ARGUMENT,
                      "OrderDesk rejected the store id and API key given for store " +
                          context.store + Quoted(message, context) +
                          ": check both (in OrderDesk: Settings > API) and try again.");
      }
      return Status(ODMCP_FAILED_PRECONDITION,
                    "OrderDesk rejected the stored credentials of store " + context.store +
                        Quoted(message, context) +
                        ": its API key was probably changed or revoked. Register the store "
                        "again with stores_register and its current API key.");
    case Failure::kNotFound:
      return Status(ODMCP_NOT_FOUND, "OrderDesk found no " + std::string(Subject(context)) +
                                         " in store " + context.store +
                                         Quoted(message, context) + ".");
    case Failure::kRateLimited:
      return Status(ODMCP_RESOURCE_EXHAUSTED, "OrderDesk is rate limiting store " + context.store +
                                                  "; try again " + WaitText(reply.retry_after) +
                                                  ".");
    case Failure::kRejected:
      return Status(ODMCP_INVALID_ARGUMENT,
                    "OrderDesk refused the request for store " + context.store + " (" +
                        HttpDetail(reply.status_code, message, context) +
                        "); correct it and try again.");
    case Failure::kUnavailable:
      break;
  }
  return Status(ODMCP_UNAVAILABLE,
                "OrderDesk did not answer for store " + context.store + " (" +
                    HttpDetail(reply.status_code, message, context) + "); try again in a minute.");
}

}  // namespace

std::string SanitizeUpstreamText(std::string_view text, std::string_view secret) {
  std::string out(text);
  if (!secret.empty()) {
    static constexpr std::string_view kRedacted = "[redacted]";
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  if (out.size() > kMaxQuotedBytes) {
    size_t cut = kMaxQuotedBytes;
    // Step back over UTF-8 continuation bytes so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

Status ParseReply(const HttpReply& reply, const ReplyContext& context,
                  rapidjson::Document* envelope) {
  const bool is_object = ParseDocument(reply.body, *envelope) && envelope->IsObject();
  std::string_view message;
  bool says_error = false;
  if (is_object) {
    if (const rapidjson::Value* m = Member(*envelope, "message"); m != nullptr && m->IsString()) {
      message = std::string_view(m->GetString(), m->GetStringLength());
    }
    std::optional<std::string_view> status = GetString(*envelope, "status");
    says_error = status.has_value() && *status == "error";
  }
  const bool http_ok = reply.status_code >= 200 && reply.status_code < 300;
  if (http_ok && !says_error) {
    if (is_object) return Status::Ok();
    envelope->SetNull();
    return Status(ODMCP_UNAVAILABLE, "OrderDesk's reply for store " + context.store +
                                         " was not a JSON object (HTTP " +
                                         std::to_string(reply.status_code) +
                                         "); try again in a minute.");
  }
  // message views the envelope: build the status before clearing it.
  Status failure = FailureStatus(Classify(reply.status_code, message), reply, message, context);
  envelope->SetNull();
  return failure;
}

Status TransportFailure(odmcp_status transport, const ReplyContext& context) {
  switch (transport) {
    case ODMCP_UNAVAILABLE:
      return Status(ODMCP_UNAVAILABLE, "OrderDesk did not answer for store " + context.store +
                                           " (the connection failed, even after retries); "
                                           "try again in a minute.");
    case ODMCP_DEADLINE_EXCEEDED:
      return Status(ODMCP_DEADLINE_EXCEEDED, "OrderDesk did not answer for store " +
                                                 context.store +
                                                 " before this call's deadline; try again.");
    case ODMCP_CANCELLED:
      return Status(ODMCP_CANCELLED,
                    "The call was cancelled before OrderDesk answered for store " +
                        context.store + ".");
    case ODMCP_RESOURCE_EXHAUSTED:
      return Status(ODMCP_RESOURCE_EXHAUSTED,
                    "OrderDesk's reply for store " + context.store +
                        " was larger than this server accepts; ask for less (a smaller "
                        "limit or a narrower filter).");
    case ODMCP_UNIMPLEMENTED:
      return Status(ODMCP_UNIMPLEMENTED,
                    "This server has no outbound HTTP client, so it cannot reach OrderDesk.");
    default:
      return Status(ODMCP_INTERNAL, "the host refused an OrderDesk request for store " +
                                        context.store + " with " +
                                        std::string(StatusName(transport)));
  }
}

}  // namespace odmcp::orderdesk
