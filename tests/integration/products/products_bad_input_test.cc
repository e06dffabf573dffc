// Bad input to the products tools: each error names the argument at fault,
// and the sandbox's write counters and state show nothing was written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/products/products_world.h"

namespace odmcp::testing {
namespace {

using sandbox::testing::ToJson;
using ::testing::HasSubstr;

struct BadCall {
  std::string tool;
  std::string args;
  std::string names;  // what the error message must contain
};

// Runs each call, expecting a tool error whose text names the field, and
// checks afterwards that the sandbox saw no write and that the products
// the calls aimed at are unchanged.
void ExpectRefusedWithoutWrites(ProductsWorld& world, const std::vector<BadCall>& calls) {
  std::vector<std::string> before;
  for (int64_t id : {2001, 2002}) before.push_back(world.SandboxItem(id).body);
  const int64_t catalog_before =
      world.SandboxGet("/inventory-items?limit=500").json["inventory_items"].Size();
  const int64_t writes_before = ProductsWorld::Writes(world.Routes());

  for (const BadCall& call : calls) {
    ToolReply reply = world.Call(call.tool, call.args);
    EXPECT_EQ(reply.http_status, 200) << call.tool << " " << call.args << ": " << reply.body;
    EXPECT_TRUE(reply.is_error()) << call.tool << " " << call.args << ": " << reply.body;
    EXPECT_THAT(reply.text(), HasSubstr(call.names)) << call.tool << " " << call.args;
  }

  EXPECT_EQ(ProductsWorld::Writes(world.Routes()), writes_before);
  int i = 0;
  for (int64_t id : {2001, 2002}) {
    const sandbox::testing::Reply now = world.SandboxItem(id);
    rapidjson::Document old_reply = sandbox::testing::ParseJson(before[i++]);
    EXPECT_EQ(ToJson(SandboxProduct(now)), ToJson(old_reply["inventory_item"])) << id;
  }
  EXPECT_EQ(static_cast<int64_t>(
                world.SandboxGet("/inventory-items?limit=500").json["inventory_items"].Size()),
            catalog_before);
}

TEST_F(ProductsTest, AnUnknownStoreIsNamedAndNothingIsWritten) {
  ExpectRefusedWithoutWrites(
      world(), {
                   {"products_get", R"({"store":"9999","product_id":2001})", "store"},
                   {"products_list", R"({"store":"No Such Shop"})", "store"},
                   {"products_create", R"({"store":"9999","name":"X","code":"X-1"})", "store"},
                   {"products_update",
                    R"({"store":"No Such Shop","product_id":2001,"fields":{"price":1}})", "store"},
                   {"products_delete", R"({"store":"9999","product_id":2001})", "store"},
                   {"products_batch_update",
                    R"({"store":"9999","items":[{"id":2001,"fields":{"stock":1}}]})", "store"},
               });
}

TEST_F(ProductsTest, AnUnknownProductIsNamedAndNothingIsWritten) {
  ExpectRefusedWithoutWrites(
      world(),
      {
          {"products_get", R"({"product_id":999999})", "product_id"},
          {"products_update", R"({"product_id":999999,"fields":{"price":1}})", "product_id"},
          {"products_batch_update",
           R"({"items":[{"id":2001,"fields":{"stock":7}},{"id":2002,"fields":{"stock":8}},)"
           R"({"id":999999,"fields":{"stock":9}}]})",
           "items[2].id"},
      });
  // A delete of an unknown id reaches OrderDesk (which refuses it) but
  // changes nothing.
  ToolReply deleted = world().Call("products_delete", R"({"product_id":999999})");
  EXPECT_TRUE(deleted.is_error()) << deleted.body;
  EXPECT_THAT(deleted.text(), HasSubstr("product_id"));
}

TEST_F(ProductsTest, OutOfBoundsAndWronglyTypedArgumentsAreNamed) {
  ExpectRefusedWithoutWrites(
      world(),
      {
          {"products_list", R"({"limit":0})", "limit"},
          {"products_list", R"({"limit":501})", "limit"},
          {"products_list", R"({"offset":-1})", "offset"},
          {"products_list", R"({"limit":"ten"})", "limit"},
          {"products_list", R"({"code":" , "})", "code"},
          {"products_get", R"({"product_id":true})", "product_id"},
          {"products_get", R"({"product_id":"12ab"})", "product_id"},
          {"products_get", R"({"product_id":0})", "product_id"},
          {"products_update", R"({"product_id":2001,"fields":{"price":"cheap"}})", "fields.price"},
          {"products_update", R"({"product_id":2001,"fields":{"stock":1.5}})", "fields.stock"},
          {"products_update", R"({"product_id":2001,"fields":{}})", "fields"},
          {"products_update",
           R"({"product_id":2001,"fields":{"date_updated":"2026-01-01 00:00:00"}})",
           "fields.date_updated"},
          {"products_update", R"({"product_id":2001,"fields":{"id":5}})", "fields.id"},
          {"products_update", R"({"product_id":2001,"fields":{"colour":"red"}})", "fields.colour"},
          {"products_create", R"({"name":"No Code"})", "code"},
          {"products_create", R"({"name":"Bad","code":"B-1","stock":"many"})", "stock"},
          {"products_create", R"({"name":"Bad","code":"B-1","price":-1})", "price"},
          {"products_batch_update", R"({"items":[]})", "items"},
          {"products_batch_update", R"({"items":[{"id":2001}]})", "items[0].fields"},
          {"products_batch_update",
           R"({"items":[{"id":2001,"fields":{"stock":1}},{"id":2001,"fields":{"price":2}}]})",
           "items[1].id"},
      });
}

TEST_F(ProductsTest, AnUpdateThatWouldBlankNameOrCodeIsRefused) {
  ExpectRefusedWithoutWrites(
      world(),
      {
          {"products_update", R"({"product_id":2001,"fields":{"name":""}})", "fields.name"},
          {"products_update", R"({"product_id":2001,"fields":{"code":null}})", "fields.code"},
          {"products_update", R"({"product_id":2001,"fields":{"name":null,"stock":3}})",
           "fields.name"},
          // Past the schema, the merge refuses a name of spaces.
          {"products_update", R"({"product_id":2001,"fields":{"name":"   "}})", "fields.name"},
          {"products_batch_update",
           R"({"items":[{"id":2001,"fields":{"stock":3}},{"id":2002,"fields":{"code":""}}]})",
           "items[1].fields.code"},
          {"products_create", R"({"name":"   ","code":"BLANK-NAME"})", "name"},
      });
}

}  // namespace
}  // namespace odmcp::testing
