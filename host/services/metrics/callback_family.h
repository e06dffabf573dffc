// CallbackFamily: a counter or gauge family whose values are read from
// their owner at each scrape (sessions open, audit queue depth), so the
// owner keeps no metric of its own.
//
// At each Render the callback returns rows of (label values, value); rows
// with the same label values are summed. The cardinality bound of
// family.h applies per scrape: when there are more than max_series label
// sets, the first max_series (sorted by label values) are kept, the rest
// are summed into the "_other" row, and odmcp_metrics_series_dropped_total
// grows by how many were folded (again at every scrape that folds them).
// A row with the wrong number of label values is a programming error
// (checks.h).
//
// The callback runs on the scraping thread, possibly on two at once, and
// must not throw. It may take its owner's locks: the registry holds none
// of its own while it runs. What it reads must outlive every Render call.
//
// Thread safety: Render may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_METRICS_CALLBACK_FAMILY_H_
#define ODMCP_HOST_SERVICES_METRICS_CALLBACK_FAMILY_H_

#include <functional>
#include <string>
#include <vector>

#include "host/services/metrics/exposition.h"
#include "host/services/metrics/family.h"

namespace odmcp::metrics {

struct LabelledValue {
  LabelValues label_values;  // in the order of the family's label names
  double value;
};

using ValuesCallback = std::function<std::vector<LabelledValue>()>;

class CallbackFamily final : public Family {
 public:
  // `type` is kCounter or kGauge.
  CallbackFamily(FamilySpec spec, MetricType type, ValuesCallback values);

  void Render(std::string* out) const override;

 private:
  const ValuesCallback values_;
};

}  // namespace odmcp::metrics

#endif  // ODMCP_HOST_SERVICES_METRICS_CALLBACK_FAMILY_H_
