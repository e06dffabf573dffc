#include "tests/edge/support/client_sockets.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>
#include <list>
#include <memory>
#include <stdexcept>
#include <utility>

namespace odmcp::testing::edge {
namespace {

using boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

boost::asio::ip::address ParseAddress(const std::string& text, const std::string& what) {
  boost::system::error_code error;
  const boost::asio::ip::address address = boost::asio::ip::make_address(text, error);
  if (error) throw std::invalid_argument(what + " is not an IP address: \"" + text + "\"");
  return address;
}

// One ConnectBatch call: owns the sockets whose connect is pending and
// the deadline, and lives until its last handler has run.
class BatchConnect : public std::enable_shared_from_this<BatchConnect> {
 public:
  BatchConnect(boost::asio::io_context& context, BatchConnectPlan plan, OnConnected on_connected,
               std::function<void(OpenResult)> on_finished)
      : context_(context),
        plan_(std::move(plan)),
        on_connected_(std::move(on_connected)),
        on_finished_(std::move(on_finished)),
        deadline_(context) {}

  void Start() {
    started_at_ = Clock::now();
    deadline_.expires_after(plan_.timeout);
    deadline_.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->OnDeadline();
    });
    LaunchMore();
    FinishIfDone();
  }

 private:
  struct Dialing {
    explicit Dialing(boost::asio::io_context& context) : socket(context), dialed(Clock::now()) {}
    tcp::socket socket;
    Clock::time_point dialed;
  };
  using Pending = std::list<Dialing>;

  void LaunchMore() {
    while (!timed_out_ && pending_.size() < kMaxConnectsInFlight && next_index_ < plan_.count) {
      Launch(next_index_++);
    }
  }

  void Launch(size_t index) {
    const Pending::iterator dialing = pending_.emplace(pending_.end(), context_);
    tcp::socket* const socket = &dialing->socket;
    boost::system::error_code error;
    socket->open(plan_.server.protocol(), error);
    if (!error && !plan_.sources.empty()) {
      // Let connect() choose the port, so the port only has to be unique per
      // (source, server) pair rather than per source address.
      const int enable = 1;
      setsockopt(socket->native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &enable,
                 sizeof enable);
      socket->bind(tcp::endpoint(Source(index), 0), error);
    }
    if (error) {
      pending_.erase(dialing);
      ++finished_;
      Fail(Describe(index) + ": " + error.message());
      return;
    }
    socket->async_connect(plan_.server, [self = shared_from_this(), dialing,
                                         index](boost::system::error_code connect_error) {
      self->OnConnect(dialing, index, connect_error);
    });
  }

  void OnConnect(Pending::iterator pending, size_t index, boost::system::error_code error) {
    tcp::socket socket = std::move(pending->socket);
    const Clock::time_point dialed = pending->dialed;
    pending_.erase(pending);
    ++finished_;
    // A connect that completed just as the deadline closed its socket.
    if (!error && !socket.is_open()) error = boost::asio::error::operation_aborted;
    if (error == boost::asio::error::operation_aborted && timed_out_) {
      Fail(Describe(index) + ": not connected within " + std::to_string(plan_.timeout.count()) +
           " ms");
    } else if (error) {
      Fail(Describe(index) + ": " + error.message());
    } else {
      ++result_.opened;
      on_connected_(std::move(socket), ConnectTimes{dialed, Clock::now()});
    }
    LaunchMore();
    FinishIfDone();
  }

  void OnDeadline() {
    timed_out_ = true;
    const size_t never_started = plan_.count - next_index_;
    if (never_started > 0) {
      next_index_ = plan_.count;
      finished_ += never_started;
      Fail(std::to_string(never_started) + " connects not started within " +
               std::to_string(plan_.timeout.count()) + " ms",
           never_started);
    }
    for (Dialing& dialing : pending_) {
      boost::system::error_code ignored;
      dialing.socket.close(ignored);
    }
    FinishIfDone();
  }

  void Fail(std::string message, size_t attempts = 1) {
    result_.failed += attempts;
    if (result_.first_error.empty()) result_.first_error = std::move(message);
  }

  void FinishIfDone() {
    if (finished_reported_ || finished_ < plan_.count) return;
    finished_reported_ = true;
    deadline_.cancel();
    result_.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_at_);
    on_finished_(result_);
  }

  boost::asio::ip::address Source(size_t index) const {
    return plan_.sources[(plan_.first_source + index) % plan_.sources.size()];
  }

  std::string Describe(size_t index) const {
    std::string text = "connect to " + plan_.server.address().to_string() + ":" +
                       std::to_string(plan_.server.port());
    if (!plan_.sources.empty()) text += " from " + Source(index).to_string();
    return text;
  }

  boost::asio::io_context& context_;
  const BatchConnectPlan plan_;
  const OnConnected on_connected_;
  const std::function<void(OpenResult)> on_finished_;
  boost::asio::steady_timer deadline_;
  Clock::time_point started_at_;
  Pending pending_;
  size_t next_index_ = 0;
  size_t finished_ = 0;  // attempts that succeeded, failed or were given up
  bool timed_out_ = false;
  bool finished_reported_ = false;
  OpenResult result_;
};

}  // namespace

tcp::endpoint ServerEndpoint(const std::string& host_ip, int port) {
  if (port <= 0 || port > 65535) {
    throw std::invalid_argument("server port out of range: " + std::to_string(port));
  }
  return tcp::endpoint(ParseAddress(host_ip, "server address"), static_cast<unsigned short>(port));
}

std::vector<boost::asio::ip::address> SourceAddresses(const std::vector<std::string>& texts) {
  std::vector<boost::asio::ip::address> sources;
  for (const std::string& text : texts) sources.push_back(ParseAddress(text, "local address"));
  return sources;
}

std::vector<std::string> LoopbackSources(size_t count) {
  if (count > 254) throw std::invalid_argument("LoopbackSources: at most 254 addresses");
  std::vector<std::string> sources;
  for (size_t i = 1; i <= count; ++i) sources.push_back("127.0.0." + std::to_string(i));
  return sources;
}

OpenResult ConnectBatch(IoThread& io, BatchConnectPlan plan, OnConnected on_connected) {
  std::promise<OpenResult> finished;
  boost::asio::post(io.context(), [&io, &plan, &on_connected, &finished] {
    std::make_shared<BatchConnect>(io.context(), std::move(plan), std::move(on_connected),
                                   [&finished](OpenResult result) {
                                     finished.set_value(std::move(result));
                                   })
        ->Start();
  });
  return finished.get_future().get();
}

void CloseWithReset(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

}  // namespace odmcp::testing::edge
