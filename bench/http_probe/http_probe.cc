// odmcp-http-probe: two HTTP loads that wrk does not make.
//
//   sessions  opens N legacy (2025-era) sessions one after another over one
//             keep-alive connection and leaves them open: the cost of a
//             session, and the state the host then holds (its memory is
//             read by the caller while the sessions are open).
//   burst     N clients, each on its own thread and connection, released at
//             once to POST the same message: how the host takes a burst of
//             new connections (threads started on demand, the listen
//             backlog) rather than a steady load.
//
//   odmcp-http-probe sessions --url URL --count N [--header 'K: V' ...]
//   odmcp-http-probe burst --url URL --count N --body FILE [--header 'K: V' ...]
//
// Prints one JSON object on stdout:
//   sessions  {"opened":N,"seconds":S}
//   burst     {"ok":K,"failed":M,"seconds":S,"statuses":{"200":K,...}}
// where a burst request is ok if it got HTTP 200 and a JSON-RPC result
// without isError; statuses counts HTTP statuses, and transport failures by
// cpp-httplib's name for them (e.g. "Connection", "Read"). Exits non-zero
// on bad arguments, and in sessions mode at the first session that fails.
#include <httplib.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <latch>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Generous: a burst may queue behind the host's busy threads.
constexpr std::chrono::seconds kTimeout{60};

[[noreturn]] void Fail(const std::string& why) {
  std::fprintf(stderr, "odmcp-http-probe: %s\n", why.c_str());
  std::exit(1);
}

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "odmcp-http-probe: %s\n"
               "usage: odmcp-http-probe sessions --url URL --count N [--header 'K: V' ...]\n"
               "       odmcp-http-probe burst --url URL --count N --body FILE "
               "[--header 'K: V' ...]\n",
               problem.c_str());
  std::exit(2);
}

struct Options {
  std::string mode;
  std::string origin;  // http://HOST:PORT
  std::string path;    // /mcp
  int count = 0;
  std::string body;    // burst: the message to POST
  httplib::Headers headers;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Usage("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Options ParseOptions(int argc, char** argv) {
  if (argc < 2) Usage("no mode given");
  Options o;
  o.mode = argv[1];
  if (o.mode != "sessions" && o.mode != "burst") Usage("unknown mode " + o.mode);
  std::string url;
  for (int i = 2; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) Usage("missing value after " + std::string(flag));
    std::string value = argv[++i];
    if (flag == "--url") {
      url = value;
    } else if (flag == "--count") {
      o.count = std::atoi(value.c_str());
      if (o.count <= 0) Usage("--count needs a positive integer, not " + value);
    } else if (flag == "--body" && o.mode == "burst") {
      o.body = ReadFile(value);
    } else if (flag == "--header") {
      size_t colon = value.find(':');
      if (colon == std::string::npos || colon == 0) Usage("--header needs 'K: V', not " + value);
      size_t start = value.find_first_not_of(' ', colon + 1);
      o.headers.emplace(value.substr(0, colon),
                        start == std::string::npos ? "" : value.substr(start));
    } else {
      Usage("unknown argument " + std::string(flag) + " for " + o.mode);
    }
  }
  size_t scheme = url.find("://");
  size_t slash = scheme == std::string::npos ? scheme : url.find('/', scheme + 3);
  if (url.compare(0, 7, "http://") != 0 || slash == std::string::npos) {
    Usage("--url needs http://HOST:PORT/PATH");
  }
  o.origin = url.substr(0, slash);
  o.path = url.substr(slash);
  if (o.count == 0) Usage("--count is required");
  if (o.mode == "burst" && o.body.empty()) Usage("--body FILE is required, and the file may not be empty");
  o.headers.emplace("Accept", "application/json, text/event-stream");
  return o;
}

std::unique_ptr<httplib::Client> Connect(const Options& o) {
  auto client = std::make_unique<httplib::Client>(o.origin);
  client->set_tcp_nodelay(true);
  client->set_keep_alive(true);
  client->set_read_timeout(kTimeout);
  client->set_write_timeout(kTimeout);
  return client;
}

// The JSON-RPC reply in a response: the body, or in an event stream the
// last event that is not a notification (the reply comes after them).
rapidjson::Document Reply(const httplib::Response& res) {
  rapidjson::Document reply;
  if (res.get_header_value("Content-Type").rfind("text/event-stream", 0) != 0) {
    reply.Parse(res.body.data(), res.body.size());
    return reply;
  }
  std::istringstream events(res.body);
  for (std::string line; std::getline(events, line);) {
    if (line.rfind("data:", 0) != 0) continue;
    rapidjson::Document event;
    event.Parse(line.data() + 5, line.size() - 5);
    if (!event.HasParseError() && event.IsObject() && !event.HasMember("method")) {
      reply = std::move(event);
    }
  }
  return reply;
}

// HTTP 200 carrying a result, and for tools/call not one with isError.
bool IsSuccess(const httplib::Response& res) {
  if (res.status != 200) return false;
  rapidjson::Document reply = Reply(res);
  if (reply.HasParseError() || !reply.IsObject()) return false;
  auto result = reply.FindMember("result");
  if (result == reply.MemberEnd() || !result->value.IsObject()) return false;
  auto is_error = result->value.FindMember("isError");
  return is_error == result->value.MemberEnd() || !is_error->value.IsTrue();
}

std::string Describe(const httplib::Result& r) {
  if (!r) return "no response (" + httplib::to_string(r.error()) + ")";
  return "HTTP " + std::to_string(r->status) + ": " + r->body.substr(0, 500);
}

int RunSessions(const Options& o) {
  const std::string initialize =
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
      R"("capabilities":{},"clientInfo":{"name":"odmcp-http-probe","version":"1"}}})";
  const std::string initialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
  std::unique_ptr<httplib::Client> client = Connect(o);
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < o.count; ++i) {
    const std::string which = "session " + std::to_string(i + 1) + ": ";
    httplib::Result r = client->Post(o.path, o.headers, initialize, "application/json");
    if (!r || !IsSuccess(*r)) Fail(which + "initialize failed: " + Describe(r));
    const std::string session = r->get_header_value("Mcp-Session-Id");
    if (session.empty()) Fail(which + "initialize gave no Mcp-Session-Id");
    httplib::Headers headers = o.headers;
    headers.emplace("Mcp-Session-Id", session);
    headers.emplace("MCP-Protocol-Version", "2025-11-25");
    r = client->Post(o.path, headers, initialized, "application/json");
    if (!r || r->status != 202) Fail(which + "notifications/initialized failed: " + Describe(r));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(R"({"opened":%d,"seconds":%.3f})" "\n", o.count, seconds);
  return 0;
}

int RunBurst(const Options& o) {
  // Clients are made before the threads start, and every thread waits at
  // the latch, so the requests leave as nearly together as threads allow.
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int i = 0; i < o.count; ++i) clients.push_back(Connect(o));
  struct Outcome {
    std::string status;  // the HTTP status, or cpp-httplib's name for the failure
    bool ok = false;
    std::string problem;
  };
  std::vector<Outcome> outcomes(clients.size());
  std::latch release(o.count + 1);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < clients.size(); ++i) {
    threads.emplace_back([&, i] {
      release.arrive_and_wait();
      httplib::Result r = clients[i]->Post(o.path, o.headers, o.body, "application/json");
      Outcome& outcome = outcomes[i];
      outcome.status = r ? std::to_string(r->status) : httplib::to_string(r.error());
      outcome.ok = r && IsSuccess(*r);
      if (!outcome.ok) outcome.problem = Describe(r);
    });
  }
  release.arrive_and_wait();
  const Clock::time_point start = Clock::now();
  for (std::thread& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::map<std::string, int> statuses;
  int succeeded = 0;
  const Outcome* first_failure = nullptr;
  for (const Outcome& outcome : outcomes) {
    ++statuses[outcome.status];
    if (outcome.ok) {
      ++succeeded;
    } else if (first_failure == nullptr) {
      first_failure = &outcome;
    }
  }
  if (first_failure != nullptr) {
    std::fprintf(stderr, "odmcp-http-probe: %d of %d requests failed; the first: %s\n",
                 o.count - succeeded, o.count, first_failure->problem.c_str());
  }
  std::string statuses_json;
  for (const auto& [status, n] : statuses) {
    statuses_json += (statuses_json.empty() ? "\"" : ",\"") + status + "\":" + std::to_string(n);
  }
  std::printf(R"({"ok":%d,"failed":%d,"seconds":%.3f,"statuses":{%s}})" "\n", succeeded,
              o.count - succeeded, seconds, statuses_json.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = ParseOptions(argc, argv);
  return o.mode == "sessions" ? RunSessions(o) : RunBurst(o);
}
