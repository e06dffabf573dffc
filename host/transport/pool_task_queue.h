// cpp-httplib's task queue over WorkerPool: threads start on demand up to
// `max_threads`, so connections waiting in keep-alive or holding an event
// stream never starve new requests of a thread. Shared by the host's HTTP
// server and the benchmark's floor server, which must serve alike.
#ifndef ODMCP_HOST_TRANSPORT_POOL_TASK_QUEUE_H_
#define ODMCP_HOST_TRANSPORT_POOL_TASK_QUEUE_H_

#include <httplib.h>

#include <functional>
#include <utility>

#include "host/common/worker_pool.h"

namespace odmcp {

class PoolTaskQueue final : public httplib::TaskQueue {
 public:
  explicit PoolTaskQueue(size_t max_threads) : pool_(2, max_threads) {}
  void enqueue(std::function<void()> fn) override { pool_.Submit(std::move(fn)); }
  void shutdown() override { pool_.Shutdown(); }

 private:
  WorkerPool pool_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_POOL_TASK_QUEUE_H_
