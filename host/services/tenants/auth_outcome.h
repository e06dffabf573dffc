// What checking a master key found.
#ifndef ODMCP_HOST_SERVICES_TENANTS_AUTH_OUTCOME_H_
#define ODMCP_HOST_SERVICES_TENANTS_AUTH_OUTCOME_H_

#include <memory>
#include <string>

#include "host/services/tenants/tenant.h"

namespace odmcp {

enum class AuthStatus {
  kOk,
  kUnknownKey,  // no tenant has this key (or it is malformed)
  kBusy,        // too many keys are being checked; `error` says so, and to retry
  kError,       // the database failed; `error` says how
};

struct AuthOutcome {
  AuthStatus status = AuthStatus::kUnknownKey;
  std::shared_ptr<const Tenant> tenant;
  std::string error;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_AUTH_OUTCOME_H_
