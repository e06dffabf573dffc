// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/api_dispatcher.h"

#include <optional>
#include <string>
#include <thread>

#include "sandbox/api_context.h"
#include "sandbox/api_handlers.h"
#include "sandbox/envelope.h"
#include "sandbox/http_server.h"

namespace odmcp::sandbox {
namespace {

constexpr char kJsonContentType[] = "application/json";

// The method a request asks for. OrderDesk's own examples send updates as
// POST with "X-HTTP-Method-Override: PUT" (section 1.1). Sets *error for an
// override naming a method HTTP clients cannot mean.
std::string EffectiveMethod(const httplib::Request& request, ApiStatus* error) {
  if (request.method == "HEAD") return "GET";
  if (request.method != "POST" || !request.has_header("X-HTTP-Method-Override")) return request.method;
  std::string method = request.get_header_value("X-HTTP-Method-Override");
  for (char& c : method) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE" && method != "PATCH") {
    *error = ApiStatus::BadRequest("Unsupported X-HTTP-Method-Override '" + method + "'; use PUT or DELETE");
  }
  return method;
}

// Errors of the request itself keep their status unless --legacy-errors
// asks for OrderDesk-style 200 replies carrying "status":"error".
int ReplyStatus(int status, bool legacy_errors) {
  const bool client_error = status == 400 || status == 401 || status == 404 || status == 405;
  return legacy_errors && client_error ? 200 : status;
}

}  // namespace

void ApiDispatcher::Handle(const httplib::Request& http, httplib::Response& response) {
  const RequestClock::time_point started = RequestClock::now();
  const std::shared_ptr<Dataset> dataset = state_->dataset();

  ApiStatus method_error;
  const std::string method = EffectiveMethod(http, &method_error);
  const std::string_view path = std::string_view(http.path).substr(kApiPrefix.size());
  const RouteMatch match = MatchApiRoute(method, path);
  const bool matched = match.outcome == RouteMatch::Outcome::kMatched;
  const Dataset::Authenticated auth = dataset->Authenticate(http.get_header_value("ORDERDESK-STORE-ID"),
                                                            http.get_header_value("ORDERDESK-API-KEY"));
  state_->stats().CountRequest(auth.store != nullptr ? std::optional<size_t>(auth.ordinal) : std::nullopt,
                               matched ? std::optional<RouteId>(match.route) : std::nullopt, method);

  const FaultInjector::Plan plan =
      state_->faults().Decide(method, matched ? InfoFor(match.route).label : std::string_view());
  if (plan.latency.count() > 0) std::this_thread::sleep_for(plan.latency);

  RateLimiter& limiter = state_->rate_limiter();
  // Replies not charged to a store's bucket report a full one.
  int tokens = limiter.capacity();
  ApiReply reply;
  if (plan.action == FaultInjector::Plan::Action::kDropBefore) {
    ConnectionControl::DropWithoutResponse();
    return;
  } else if (plan.action == FaultInjector::Plan::Action::kRateLimitStorm) {
    tokens = 0;
    reply = ErrorReply(ApiStatus::Error(429, "Rate limit exceeded"), started);
    response.set_header("X-Retry-After", std::to_string(plan.retry_after_seconds));
  } else if (plan.action == FaultInjector::Plan::Action::kFailure) {
    if (auth.store != nullptr) tokens = limiter.Peek(auth.ordinal, started);
    reply = ErrorReply(ApiStatus::Error(plan.failure_status, "Injected failure: the sandbox answered HTTP " +
                                                                 std::to_string(plan.failure_status)),
                       started);
  } else if (auth.store == nullptr) {
    reply = ErrorReply(ApiStatus::Unauthorized("Invalid Store ID or API Key"), started);
  } else if (const RateLimiter::Decision decision = limiter.Take(auth.ordinal, started); !decision.allowed) {
    tokens = 0;
    reply = ErrorReply(ApiStatus::Error(429, "Rate limit exceeded"), started);
    response.set_header("X-Retry-After", std::to_string(decision.retry_after_seconds));
  } else {
    // Every authenticated request costs a token, whatever its outcome.
    tokens = decision.tokens_remaining;
    if (!method_error.ok()) {
      reply = ErrorReply(method_error, started);
    } else if (match.outcome == RouteMatch::Outcome::kNotFound) {
      reply = ErrorReply(ApiStatus::NotFound("Unknown endpoint: " + method + " " + http.path), started);
    } else if (match.outcome == RouteMatch::Outcome::kMethodNotAllowed) {
      reply = ErrorReply(ApiStatus::Error(405, "Method " + method + " is not allowed on " + http.path +
                                                   "; allowed: " + match.allowed_methods),
                         started);
      response.set_header("Allow", match.allowed_methods);
    } else {
      ApiRequest request{http, match, started};
      ApiContext context{*auth.store, dataset->ids()};
      reply = HandlerFor(match.route)(request, context);
    }
  }
  if (plan.drop_after) {
    // The request has been processed (a write is applied); the client
    // never hears back.
    ConnectionControl::DropWithoutResponse();
    return;
  }
  const int status = ReplyStatus(reply.http_status, state_->options().legacy_errors);
  state_->stats().CountResponse(status);
  response.status = status;
  response.set_header("X-Tokens-Remaining", std::to_string(tokens));
  response.set_header("Content-Type", kJsonContentType);
  response.body = std::move(reply.body);
}

}  // namespace odmcp::sandbox
