// Result<T>: a value or an error message, for operations whose failure the
// caller reports to a person (configuration, loading, command lines).
#ifndef ODMCP_HOST_COMMON_RESULT_H_
#define ODMCP_HOST_COMMON_RESULT_H_

#include <string>
#include <utility>
#include <variant>

namespace odmcp {

struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const std::string& error() const { return std::get<Error>(state_).message; }

 private:
  std::variant<T, Error> state_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_RESULT_H_
