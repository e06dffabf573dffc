// subscriptions/listen (2026 era): which changes a listen stream asked for,
// and the messages that open it. The stream itself belongs to the
// transport (an SSE response, or stdout tagged by the listen request's id);
// the host keeps no subscription beyond it.
#ifndef ODMCP_HOST_PROTOCOL_LISTEN_H_
#define ODMCP_HOST_PROTOCOL_LISTEN_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "host/protocol/engine.h"
#include "host/protocol/jsonrpc.h"
#include "host/services/notification_hub.h"

namespace odmcp {

inline constexpr std::string_view kListenMethod = "subscriptions/listen";

struct ListenFilter {
  bool tools = false;
  bool prompts = false;
  bool resources = false;
  std::set<std::string, std::less<>> resource_uris;

  bool Wants(const Change& change) const;
};

// Reads params.notifications of a listen request into `filter`, or says
// what is wrong with it.
std::optional<RpcError> ReadListenFilter(const Request& request, ListenFilter* filter);

// The first message of a listen stream: notifications/subscriptions/
// acknowledged with the filter the host honours (all of it: every kind it
// can tell is declared in its capabilities).
std::string ListenAcknowledgement(const ListenFilter& filter, std::string_view id_json);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_LISTEN_H_
