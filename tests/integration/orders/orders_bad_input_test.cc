// Bad input to every kind of orders tool: each is refused with an error
// that names the field at fault, and the sandbox is left as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

struct BadCall {
  std::string tool;
  std::string args;
  std::string field;  // must appear in the error
  // Only OrderDesk can tell that the id it is asked to write to does not
  // exist: the request reaches the sandbox, which refuses it (404) and
  // changes nothing. Every other refusal comes before any write request.
  bool refused_by_orderdesk = false;
};

// Order 200007 of the demo store exists; 999999 does not.
std::vector<BadCall> BadCalls() {
  const std::string order = R"("order_id":"200007")";
  return {
      // Unknown store, given by id and by name.
      {"orders_get", R"({"store":"4242",)" + order + "}", "store"},
      {"orders_update", R"({"store":"No Such Shop",)" + order + R"(,"fields":{"email":"a@b.c"}})",
       "store"},
      // Unknown order, for reads and writes.
      {"orders_get", R"({"order_id":"999999"})", "order_id"},
      {"orders_history", R"({"order_id":"999999"})", "order_id"},
      {"orders_update", R"({"order_id":"999999","fields":{"email":"a@b.c"}})", "order_id"},
      {"orders_update_address", R"({"order_id":"999999","address":"shipping","city":"X"})",
       "order_id"},
      {"orders_add_note", R"({"order_id":"999999","note":"hello"})", "order_id"},
      {"orders_delete", R"({"order_id":"999999"})", "order_id", true},
      {"shipments_add", R"({"order_id":"999999","tracking_number":"n/a"})", "order_id", true},
      {"shipments_update", R"({"order_id":"200007","shipment_id":"999999","status":"x"})",
       "shipment_id"},
      {"shipments_delete", R"({"order_id":"200007","shipment_id":"999999"})", "shipment_id", true},
      // Bad dates and ranges.
      {"orders_list", R"({"search_start_date":"2026-02-30"})", "search_start_date"},
      {"orders_list", R"({"modified_end_date":"yesterday"})", "modified_end_date"},
      {"orders_list", R"({"search_end_date_local":"2026-01-01T25:00:00Z"})",
       "search_end_date_local"},
      {"orders_list", R"({"search_start_date":"2026-02-01","search_end_date":"2026-01-01"})",
       "search_end_date"},
      // Limits out of bounds.
      {"orders_list", R"({"limit":0})", "limit"},
      {"orders_list", R"({"limit":501})", "limit"},
      {"orders_list", R"({"max_results":10001})", "max_results"},
      {"orders_move", R"({"order_ids":[],"folder":"New"})", "order_ids"},
      // Wrong types.
      {"orders_get", R"({"order_id":true})", "order_id"},
      {"orders_get", R"({"order_id":"20000x"})", "order_id"},
      {"orders_list", R"({"limit":"10"})", "limit"},
      {"orders_list", R"({"order":"upwards"})", "order"},
      {"orders_list", R"({"order_by":"colour"})", "order_by"},
      {"orders_update", "{" + order + R"(,"fields":"email=x"})", "fields"},
      {"orders_move", R"({"order_ids":"200007","folder":"New"})", "order_ids"},
      {"shipments_batch_add", R"({"shipments":[{"order_id":"200007"}]})", "tracking_number"},
      // Fields that cannot be written, or do not fit.
      {"orders_update", "{" + order + R"(,"fields":{"order_total":5}})", "order_total"},
      {"orders_update", "{" + order + R"(,"fields":{"folder_id":6001}})", "folder_id"},
      {"orders_update", "{" + order + "}", "fields"},
      {"orders_update_address", "{" + order + R"(,"address":"customer","address3":"Flat 2"})",
       "address3"},
      {"orders_add_note", "{" + order + R"(,"note":"   "})", "note"},
      {"orders_move", R"({"order_ids":["200007"],"folder":"Shipped Yesterday"})", "folder"},
      {"orders_move", R"({"order_ids":["200007"],"folder":"New","folder_id":"6001"})", "folder_id"},
      {"orders_list", R"({"folders":["Nope"]})", "folders[0]"},
      // Changes that would break the order.
      {"orders_update",
       "{" + order +
           R"(,"fields":{"shipping":{"first_name":null,"company":null},)"
           R"("customer":{"first_name":null,"company":null}}})",
       "first_name"},
      {"orders_update", "{" + order + R"(,"remove_item_ids":["1"]})", "remove_item_ids"},
      {"orders_update", "{" + order + R"(,"fields":{"order_items":[{"id":"1","quantity":2}]}})",
       "order_items[0].id"},
      {"orders_create", R"({"order":{"order_items":[{"name":"Mug"}]}})", "shipping"},
      {"orders_create", R"({"order":{"shipping":{"company":"Acme"}}})", "order_items"},
      {"shipments_add", "{" + order + R"(,"carrier_code":"UPS"})", "tracking_number"},
  };
}

TEST(OrdersBadInputTest, EveryRefusalNamesTheFieldAndChangesNothing) {
  OrdersWorld world;
  // The order's state and the store's folders, before anything is tried.
  world.Ok("orders_list", R"({"limit":1})");
  const std::string before = Json(world.SandboxOrder("200007"));
  const std::string orders_before = Json(world.SandboxOrderIds());
  const SandboxStats stats_before = world.Stats();

  int refused_by_orderdesk = 0;
  for (const BadCall& bad : BadCalls()) {
    ToolReply reply = world.Call(bad.tool, bad.args);
    EXPECT_TRUE(reply.is_error()) << bad.tool << " " << bad.args << ": " << reply.body;
    EXPECT_THAT(reply.text(), HasSubstr(bad.field)) << bad.tool << " " << bad.args;
    if (bad.refused_by_orderdesk) ++refused_by_orderdesk;
  }

  const SandboxStats stats_after = world.Stats();
  EXPECT_EQ(stats_after.Writes() - stats_before.Writes(), refused_by_orderdesk)
      << stats_after.Text();
  EXPECT_EQ(Json(world.SandboxOrder("200007")), before);
  EXPECT_EQ(Json(world.SandboxOrderIds()), orders_before);
}

}  // namespace
}  // namespace odmcp::testing
