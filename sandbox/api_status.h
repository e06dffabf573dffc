// Copyright 2026 The orderdesk-mcp Authors.
//
// The outcome of validating or applying a request: OK, or an HTTP status
// with the message that goes into OrderDesk's error envelope
// {"status":"error","message":...}. Value type; thread-compatible.

#ifndef ODMCP_SANDBOX_API_STATUS_H_
#define ODMCP_SANDBOX_API_STATUS_H_

#include <string>
#include <utility>

namespace odmcp::sandbox {

class ApiStatus {
 public:
  ApiStatus() = default;

  static ApiStatus Ok() { return ApiStatus(); }
  static ApiStatus BadRequest(std::string message) { return ApiStatus(400, std::move(message)); }
  static ApiStatus Unauthorized(std::string message) { return ApiStatus(401, std::move(message)); }
  static ApiStatus NotFound(std::string message) { return ApiStatus(404, std::move(message)); }
  static ApiStatus Error(int http_status, std::string message) {
    return ApiStatus(http_status, std::move(message));
  }

  bool ok() const { return http_status_ == 200; }
  int http_status() const { return http_status_; }
  const std::string& message() const { return message_; }

 private:
  ApiStatus(int http_status, std::string message)
      : http_status_(http_status), message_(std::move(message)) {}

  int http_status_ = 200;
  std::string message_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_API_STATUS_H_
