// Readiness: whether this host can serve, as named checks that /health/ready
// reports (a load balancer or orchestrator sends traffic only to a ready
// replica). Each check is a function returning a Status; the host adds the
// database, KMS key, required-plugin and draining checks (host/cli/serve.cc).
//
//   Readiness readiness({});
//   readiness.Add("database", "the database cannot be written",
//                 [&] { return tenants.ProbeWritable(250ms); });
//   ReadinessReport report = readiness.Evaluate();  // report.ready, report.ToJson()
//
// The endpoint answers anyone who can reach it, so the report names each
// check and, for a failing one, its public summary only; the cause (file
// names, a plugin's error) goes to the host log, once when the check starts
// failing and once when it recovers.
//
// Checks run at most once per `refresh` (probes from many balancers, or a
// client flooding the endpoint, cost one run), one evaluation at a time:
// concurrent callers wait for it and share its report.
//
// Thread safety: Add() before the first Evaluate(); Evaluate() from any thread.
#ifndef ODMCP_HOST_SERVICES_HEALTH_READINESS_H_
#define ODMCP_HOST_SERVICES_HEALTH_READINESS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/common/thread_annotations.h"

namespace odmcp {

class Logger;

struct ReadinessOptions {
  int64_t refresh_ms = 1000;
  // Not owned; must outlive the Readiness.
  const Clock* clock = SystemClock();
};

struct ReadinessCheckResult {
  std::string name;
  bool ok = true;
  std::string summary;  // why it fails, for anyone to read; empty when ok
};

struct ReadinessReport {
  bool ready = true;                         // every check passed
  std::vector<ReadinessCheckResult> checks;  // in the order they were added

  // {"status":"ready"|"unready","checks":{"database":{"ok":true},
  //  "kms_key":{"ok":false,"error":"..."}}}
  std::string ToJson() const;
};

class Readiness {
 public:
  Readiness(ReadinessOptions options, Logger& log);
  Readiness(const Readiness&) = delete;
  Readiness& operator=(const Readiness&) = delete;

  // `name` is a short identifier ([a-z_]); `summary` says what a failure
  // means without naming anything internal.
  void Add(std::string name, std::string summary, std::function<Status()> check);

  // The checks' latest results, run again if older than `refresh_ms`.
  ReadinessReport Evaluate() EXCLUDES(mutex_);
  // Makes the next Evaluate() run the checks: something they read changed
  // (the host began to stop) and a probe must see it at once.
  void Refresh() EXCLUDES(mutex_);

 private:
  struct Check {
    std::string name;
    std::string summary;
    std::function<Status()> run;
    bool failing = false;  // at the last run, for logging changes only
  };

  const ReadinessOptions options_;
  Logger& log_;
  Mutex mutex_;
  std::vector<Check> checks_ GUARDED_BY(mutex_);
  ReadinessReport last_ GUARDED_BY(mutex_);
  bool evaluated_ GUARDED_BY(mutex_) = false;
  int64_t evaluated_at_ms_ GUARDED_BY(mutex_) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HEALTH_READINESS_H_
