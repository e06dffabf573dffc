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

Status OrderDeskClient::Send(Call& call, const StoreAccess& access, const Request& request,
                             rapidjson::Document* envelope) const {
  ReplyContext context;
  context.store = access.label;
  context.subject = request.subject.empty() ? "resource at " + request.path : request.subject;
  context.credentials_given = !access.api_key.empty();
  context.secret = access.api_key;

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
  if (rate_limit_) {
    http.pace_bucket = kRateLimitBucket;
    http.pace_key = access.store_id;
  }
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
  if (transport == ODMCP_DEADLINE_EXCEEDED && rate_limit_) {
    return Status(ODMCP_DEADLINE_EXCEEDED,
                  "This call's deadline passed before OrderDesk answered for store " +
                      access.label + " (requests to it are paced at " + Describe(*rate_limit_) +
                      "); try again shortly.");
  }
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
