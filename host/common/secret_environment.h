// Secrets given in the environment (the KMS key, the metrics token): read
// once and then erased, so that /proc/<pid>/environ, a core file or a child
// process no longer holds them.
#ifndef ODMCP_HOST_COMMON_SECRET_ENVIRONMENT_H_
#define ODMCP_HOST_COMMON_SECRET_ENVIRONMENT_H_

#include <optional>
#include <string>

namespace odmcp {

// The value of environment variable `name`, or nullopt if it is unset or
// empty; either way the variable is gone afterwards, its value overwritten
// where it lay. Not thread-safe (the environment is not): call it at
// start-up, before threads that read the environment.
std::optional<std::string> TakeSecretFromEnvironment(const std::string& name);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_SECRET_ENVIRONMENT_H_
