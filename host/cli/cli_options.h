// Options of the admin commands: "--name VALUE" or "--name=VALUE".
#ifndef ODMCP_HOST_CLI_CLI_OPTIONS_H_
#define ODMCP_HOST_CLI_CLI_OPTIONS_H_

#include <map>
#include <string>
#include <vector>

#include "host/common/status.h"

namespace odmcp {

// The values of `args`, every one an option of `known` given at most once
// with a non-empty value; otherwise INVALID_ARGUMENT saying what is wrong,
// for the command's usage message.
StatusOr<std::map<std::string, std::string>> ParseOptions(const std::vector<std::string>& args,
                                                          const std::vector<std::string>& known);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_CLI_OPTIONS_H_
