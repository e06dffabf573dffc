// Status and StatusOr<T>: the host's one error type.
//
// A Status is OK, or a canonical code of plugin.h (odmcp_status: the codes
// the ABI gives plugins, so a failure crosses into and out of plugins
// unchanged) with a message written for whoever must act on it: which
// field, what was expected, what to do. A StatusOr<T> is a T, or a Status
// that is not OK. LevelDB's Status and Abseil's StatusOr are the models.
//
//   StatusOr<Config> config = LoadConfig(file, env);
//   if (!config.ok()) return config.status();
//
// Messages never contain a secret. Value types; thread-compatible.
#ifndef ODMCP_HOST_COMMON_STATUS_H_
#define ODMCP_HOST_COMMON_STATUS_H_

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "odmcp/plugin.h"

namespace odmcp {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  // code must not be ODMCP_OK: an OK status has no message.
  Status(odmcp_status code, std::string message) : code_(code), message_(std::move(message)) {
    assert(code != ODMCP_OK);
  }

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ODMCP_OK; }
  odmcp_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  odmcp_status code_ = ODMCP_OK;
  std::string message_;
};

template <class T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  // status must not be OK.
  StatusOr(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  // OK when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }
  // The message of a status that is not OK (empty when there is a value).
  const std::string& error() const {
    static const std::string kNone;
    return ok() ? kNone : std::get<Status>(state_).message();
  }

 private:
  std::variant<T, Status> state_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_STATUS_H_
