#include "plugins/common/write_outcome.h"

namespace odmcp::orderdesk {
namespace {

// Why the write's answer is missing, without the "try again" advice of the
// failure's own message, which would be wrong here.
std::string WhatWentWrong(const Status& failure) {
  if (failure.code() == ODMCP_DEADLINE_EXCEEDED) {
    return "OrderDesk did not answer before this call's deadline";
  }
  return "OrderDesk's answer was lost (the connection failed, or it answered with a server error)";
}

}  // namespace

bool MayHaveBeenApplied(const Status& failure) {
  return failure.code() == ODMCP_UNAVAILABLE || failure.code() == ODMCP_DEADLINE_EXCEEDED;
}

Status NotCreated(const CreateLookup& create, const Status& failure) {
  return Status(ODMCP_UNAVAILABLE, "Not created: " + WhatWentWrong(failure) +
                                       ", and looking it up afterwards found no " + create.what +
                                       ". Trying again is safe; " + create.retry + ".");
}

Status CreationUnknown(const CreateLookup& create, const Status& failure, const Status& lookup) {
  return Status(ODMCP_UNAVAILABLE,
                "Unknown whether the " + create.what + " was created: " + WhatWentWrong(failure) +
                    ", and looking it up failed too (" + lookup.message() + "). Check with " +
                    create.check + " before trying again; " + create.retry + ".");
}

}  // namespace odmcp::orderdesk
