#include "host/services/health/readiness.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

#include "host/common/json.h"
#include "host/services/log.h"

namespace odmcp {

std::string ReadinessReport::ToJson() const {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteKeyString(writer, "status", ready ? "ready" : "unready");
  writer.Key("checks");
  writer.StartObject();
  for (const ReadinessCheckResult& check : checks) {
    writer.Key(check.name.data(), static_cast<rapidjson::SizeType>(check.name.size()));
    writer.StartObject();
    writer.Key("ok");
    writer.Bool(check.ok);
    if (!check.ok) WriteKeyString(writer, "error", check.summary);
    writer.EndObject();
  }
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Readiness::Readiness(ReadinessOptions options, Logger& log) : options_(options), log_(log) {}

void Readiness::Add(std::string name, std::string summary, std::function<Status()> check) {
  MutexLock lock(&mutex_);
  checks_.push_back({std::move(name), std::move(summary), std::move(check)});
}

void Readiness::Refresh() {
  MutexLock lock(&mutex_);
  evaluated_ = false;
}

ReadinessReport Readiness::Evaluate() {
  MutexLock lock(&mutex_);
  const int64_t now = options_.clock->SteadyMillis();
  if (evaluated_ && now - evaluated_at_ms_ < options_.refresh_ms) return last_;
  ReadinessReport report;
  for (Check& check : checks_) {
    Status status = check.run();
    ReadinessCheckResult& result = report.checks.emplace_back();
    result.name = check.name;
    result.ok = status.ok();
    if (!status.ok()) {
      report.ready = false;
      result.summary = check.summary;
      if (!check.failing) {
        log_.Warning("not ready", {{"check", check.name}, {"error", status.message()}});
      }
    } else if (check.failing) {
      log_.Info("ready again", {{"check", check.name}});
    }
    check.failing = !status.ok();
  }
  last_ = report;
  evaluated_ = true;
  // From the end of the run: a slow check is not run again back to back.
  evaluated_at_ms_ = options_.clock->SteadyMillis();
  return report;
}

}  // namespace odmcp
