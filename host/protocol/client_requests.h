// ClientRequests: the requests the host sends a legacy-era client while one
// of its calls waits for input (elicitation/create, sampling/createMessage,
// roots/list), and the routing of the client's answers back to that call.
// One per place answers arrive: an HTTP session, a stdio connection.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_PROTOCOL_CLIENT_REQUESTS_H_
#define ODMCP_HOST_PROTOCOL_CLIENT_REQUESTS_H_

#include <rapidjson/document.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace odmcp {

class Cancellation;
class RequestChannel;

class ClientRequests {
 public:
  struct Outgoing {
    std::string method;
    std::string params_json;  // a JSON object
  };
  struct Answer {
    bool ok = false;
    std::string json;  // ok: the result object; otherwise why there is none
  };

  // Sends each request through `channel` under a fresh id and waits until
  // every one is answered, the call is cancelled, `deadline_unix_ms` passes
  // or Close() is called. Returns one answer per request, in order.
  std::vector<Answer> Ask(RequestChannel& channel, const std::vector<Outgoing>& requests,
                          const Cancellation* cancellation, int64_t deadline_unix_ms);

  // Hands the client's response `message` (with "result" or "error") to the
  // request `id_json` waits on; false if none does.
  bool Resolve(std::string_view id_json, const rapidjson::Value& message);

  // Ends every wait: the client is gone.
  void Close();

 private:
  struct Pending {
    bool done = false;
    Answer answer;
  };

  std::mutex mutex_;
  std::condition_variable answered_;
  std::map<std::string, std::shared_ptr<Pending>, std::less<>> pending_;  // by id JSON
  uint64_t next_id_ = 1;
  bool closed_ = false;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_CLIENT_REQUESTS_H_
