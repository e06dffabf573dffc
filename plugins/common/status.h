// A status code of plugin.h with a message written for the model.
//
// Functions of the OrderDesk client return a Status (LevelDB style) so that a
// tool can hand any failure to the client unchanged with Fail(). Messages say
// what went wrong and what to do next, and never contain a secret.
#ifndef ODMCP_PLUGINS_COMMON_STATUS_H_
#define ODMCP_PLUGINS_COMMON_STATUS_H_

#include <odmcp/plugin.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace odmcp::orderdesk {

class Status {
 public:
  Status() = default;  // OK
  Status(odmcp_status code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ODMCP_OK; }
  odmcp_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  odmcp_status code_ = ODMCP_OK;
  std::string message_;
};

// The canonical name of a status code ("NOT_FOUND"), or "UNKNOWN".
std::string_view StatusName(odmcp_status code);

// Ends a tool call with `status` (not OK): sets the tool error message and returns the
// code for the handler to return. ODMCP_INTERNAL messages go to the host log,
// since the host shows the client only a generic message for them.
odmcp_status Fail(Call& call, const Status& status);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_STATUS_H_
