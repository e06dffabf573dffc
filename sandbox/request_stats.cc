// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/request_stats.h"

#include <utility>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace odmcp::sandbox {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(Writer* writer, std::string_view key) {
  writer->Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

}  // namespace

RequestStats::RequestStats(std::vector<std::string> store_ids) : store_ids_(std::move(store_ids)) {
  for (size_t i = 0; i < store_ids_.size(); ++i) stores_.push_back(std::make_unique<Counters>());
}

void RequestStats::CountRequest(std::optional<size_t> store_ordinal, std::optional<RouteId> route,
                                std::string_view method) {
  total_.fetch_add(1, std::memory_order_relaxed);
  Counters& counters = store_ordinal ? *stores_[*store_ordinal] : unauthenticated_;
  counters.requests.fetch_add(1, std::memory_order_relaxed);
  if (route) {
    counters.by_route[static_cast<size_t>(*route)].fetch_add(1, std::memory_order_relaxed);
    return;
  }
  size_t slot = kMethods.size() - 1;
  for (size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (kMethods[i] == method) slot = i;
  }
  counters.unmatched_by_method[slot].fetch_add(1, std::memory_order_relaxed);
}

void RequestStats::CountResponse(int http_status) {
  if (http_status >= 0 && static_cast<size_t>(http_status) < responses_.size()) {
    responses_[static_cast<size_t>(http_status)].fetch_add(1, std::memory_order_relaxed);
  }
}

void RequestStats::Zero(Counters* counters) {
  counters->requests = 0;
  for (auto& count : counters->by_route) count = 0;
  for (auto& count : counters->unmatched_by_method) count = 0;
}

void RequestStats::Reset() {
  total_ = 0;
  for (const auto& store : stores_) Zero(store.get());
  Zero(&unauthenticated_);
  for (auto& count : responses_) count = 0;
}

std::string RequestStats::ToJson(const FaultInjector::Counters& faults) const {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  auto write_counters = [&writer](const Counters& counters) {
    writer.StartObject();
    Key(&writer, "requests");
    writer.Uint64(counters.requests.load());
    Key(&writer, "routes");
    writer.StartObject();
    for (const RouteInfo& route : kApiRoutes) {
      const uint64_t count = counters.by_route[static_cast<size_t>(route.id)].load();
      if (count == 0) continue;
      Key(&writer, route.label);
      writer.Uint64(count);
    }
    for (size_t i = 0; i < kMethods.size(); ++i) {
      const uint64_t count = counters.unmatched_by_method[i].load();
      if (count == 0) continue;
      Key(&writer, std::string(kMethods[i]) + " (unknown route)");
      writer.Uint64(count);
    }
    writer.EndObject();
    writer.EndObject();
  };

  writer.StartObject();
  Key(&writer, "requests_total");
  writer.Uint64(total_.load());
  Key(&writer, "stores");
  writer.StartObject();
  for (size_t i = 0; i < store_ids_.size(); ++i) {
    Key(&writer, store_ids_[i]);
    write_counters(*stores_[i]);
  }
  writer.EndObject();
  Key(&writer, "unauthenticated");
  write_counters(unauthenticated_);
  Key(&writer, "responses");
  writer.StartObject();
  for (size_t status = 0; status < responses_.size(); ++status) {
    const uint64_t count = responses_[status].load();
    if (count == 0) continue;
    Key(&writer, std::to_string(status));
    writer.Uint64(count);
  }
  writer.EndObject();
  Key(&writer, "faults_injected");
  writer.StartObject();
  Key(&writer, "latency");
  writer.Uint64(faults.latency);
  Key(&writer, "failures");
  writer.Uint64(faults.failures);
  Key(&writer, "rate_limit_storms");
  writer.Uint64(faults.rate_limit_storms);
  Key(&writer, "drops_before");
  writer.Uint64(faults.drops_before);
  Key(&writer, "drops_after");
  writer.Uint64(faults.drops_after);
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace odmcp::sandbox
