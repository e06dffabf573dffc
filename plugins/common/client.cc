#include "plugins/common/client.h"

#include "plugins/common/reply.h"
#include "plugins/common/store_record.h"

namespace odmcp::orderdesk {

namespace {

std::string Describe(const UpstreamLimit& limit) {
  return std::to_string(limit.burst) + " requests at once, then " +
         std::to_string(limit.per_second) + " per second";
}

}  // namespace

Status OrderDeskClient::DeclareRateLimit(const Host& host, const UpstreamLimit& limit,
                                         bool* declared) {
  odmcp_status status = host.DeclareBucket(kRateLimitBucket, static_cast<double>(limit.burst),
                                           static_cast<double>(limit.per_second));
  *declared = status == ODMCP_OK;
  if (status == ODMCP_OK || status == ODMCP_UNIMPLEMENTED) return Status::Ok();
  if (status == ODMCP_INVALID_ARGUMENT) {
    return Status(status, "the \"orderdesk\" rate-limit bucket (" + Describe(limit) +
                              ") differs from the one already declared: give the stores, orders "
                              "and products plugins the same upstream_burst and "
                              "upstream_per_second, and restart the server to change them (a "
                              "reload keeps the bucket)");
  }
  return Status(status, "declaring the \"orderdesk\" rate-limit bucket failed with " +
                            std::string(StatusName(status)));
}

Status OrderDeskClient::TakeToken(Call& call, const StoreAccess& access) const {
  if (!rate_limit_) return Status::Ok();
  odmcp_status status = RateLimit(call).Acquire(kRateLimitBucket, access.store_id, 1);
  switch (status) {
    case ODMCP_OK:
      return Status::Ok();
    case ODMCP_DEADLINE_EXCEEDED:
      return Status(ODMCP_DEADLINE_EXCEEDED,
                    "This call's deadline passed while waiting for the rate limit on store " +
                        access.label + " (" + Describe(*rate_limit_) + "); try again shortly.");
    case ODMCP_CANCELLED:
      return Status(ODMCP_CANCELLED, "The call was cancelled while waiting for the rate limit "
                                     "on store " + access.label + ".");
    default:
      return Status(ODMCP_INTERNAL, "the rate limiter answered " +
                                        std::string(StatusName(status)) + " for store " +
                                        access.store_id);
  }
}

Status OrderDeskClient::Send(Call& call, const StoreAccess& access, const Request& request,
                             rapidjson::Document* envelope) const {
  ReplyContext context;
  context.store = access.label;
  context.subject = request.subject.empty() ? "resource at " + request.path : request.subject;
  context.credentials_given = !access.api_key.empty();
  context.secret = access.api_key;

  if (Status status = TakeToken(call, access); !status.ok()) return status;

  HttpRequest http;
  http.method = request.method;
  http.url = BuildUrl(base_url_, request.path, request.query);
  http.headers.push_back({"Accept", "application/json"});
  if (!request.body.empty()) {
    // Only with a body: OrderDesk asks that GETs carry no Content-Type.
    http.headers.push_back({"Content-Type", "application/json"});
    http.body = request.body;
  }
  if (request.fresh) http.flags |= ODMCP_HTTP_NO_COALESCE;
  if (access.api_key.empty()) {
    http.credential = StoreEntryName(access.store_id);
  } else {
    http.headers.push_back({std::string(kStoreIdHeader), access.store_id});
    http.headers.push_back({std::string(kApiKeyHeader), std::string(access.api_key)});
    // A reply to one caller's key must never be shared with another's.
    http.flags |= ODMCP_HTTP_NO_COALESCE;
  }

  HttpResponse response;
  odmcp_status transport = Http(call).Fetch(http, &response);
  if (transport != ODMCP_OK) return TransportFailure(transport, context);

  HttpReply reply;
  reply.status_code = response.status_code;
  reply.body = std::move(response.body);
  if (const std::string* wait = response.Header("X-Retry-After")) {
    reply.retry_after = *wait;
  } else if (const std::string* standard = response.Header("Retry-After")) {
    reply.retry_after = *standard;
  }
  return ParseReply(reply, context, envelope);
}

}  // namespace odmcp::orderdesk
