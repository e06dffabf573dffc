// What a failed create may have done, found out by looking before telling.
//
// The host never repeats a POST (it may have arrived), so when the
// connection fails or times out after one was sent, or OrderDesk answers it
// with a server error, OrderDesk may have carried it out all the same.
// Reporting "failed, try again" then invites a duplicate. A create that
// fails that way looks the new thing up by an identity OrderDesk keeps
// unique and the caller can reuse (an order's source_id, a product's code),
// and reports one of three things: created (the tool succeeds with what it
// found), not created (safe to try again), or, when even the lookup fails,
// that it cannot tell and how to check.
#ifndef ODMCP_PLUGINS_COMMON_WRITE_OUTCOME_H_
#define ODMCP_PLUGINS_COMMON_WRITE_OUTCOME_H_

#include <string>
#include <string_view>

#include "plugins/common/status.h"

namespace odmcp::orderdesk {

// Whether OrderDesk may have carried out a write that failed with `failure`:
// UNAVAILABLE (connection lost, server error or unreadable reply) and
// DEADLINE_EXCEEDED. A refusal (4xx, 429) or a cancellation before sending
// says it did not.
bool MayHaveBeenApplied(const Status& failure);

// What to say about a create, named by `what` ("order with source_id
// WEB-7"), that failed with `failure` (MayHaveBeenApplied) and was then
// looked up. `retry` tells how to try again without risk of a duplicate
// ("give the same source_id").
struct CreateLookup {
  std::string what;
  std::string retry;
  // How to check by hand, for when the lookup failed ("orders_list with
  // source_id WEB-7").
  std::string check;
};

// The lookup found nothing: UNAVAILABLE, saying that nothing was created.
Status NotCreated(const CreateLookup& create, const Status& failure);

// The lookup failed too: UNAVAILABLE, saying that whether it was created is
// unknown and how to find out.
Status CreationUnknown(const CreateLookup& create, const Status& failure, const Status& lookup);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_WRITE_OUTCOME_H_
