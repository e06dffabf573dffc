#include "plugins/common/order_merge.h"

#include <gtest/gtest.h>
#include <odmcp/plugin.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

using rapidjson::Value;

// The order of reference section 4 (OrderDesk's documented example) with a
// second item, a nested metadata object, an order history entry, and number
// formats worth preserving: "10" (a string), 21.17, 0.00, 12.50.
constexpr char kOrder[] = R"({
  "id": "26211", "email": "test@example.com", "shipping_method": "FedEx Home Delivery",
  "quantity_total": 3, "weight_total": 1.5, "product_total": 18.5, "shipping_total": 11.17,
  "handling_total": 0.5, "tax_total": 1.2, "discount_total": 1.7, "order_total": 29.67,
  "cc_number_masked": "xxxxxxxxxxxx4242", "cc_exp": "02/2016",
  "processor_response": "Authorize.net Transaction ID: 2221864944",
  "payment_type": "Visa", "payment_status": "Approved", "processor_balance": 21.17, "refund_total": 0.00,
  "customer_id": "5487542", "email_count": "3", "ip_address": "203.0.113.15",
  "tag_color": "", "source_name": "Order Desk", "source_id": "412218073",
  "fulfillment_name": "", "fulfillment_id": "", "tag_name": "VIP", "folder_id": 1,
  "date_added": "2014-10-08 12:10:00", "date_updated": "2014-10-09 23:13:47",
  "shipping": { "first_name": "Jimmy", "last_name": "Dean", "company": "", "address1": "800 Emmet St",
                "address2": "", "address3": "", "address4": "", "city": "Nashville", "state": "TN",
                "postal_code": "55555", "country": "US", "phone": "" },
  "customer": { "first_name": "Bingo", "last_name": "Little", "company": "", "address1": "900 Lord Business Ave",
                "address2": "", "city": "Knoxville", "state": "TN", "postal_code": "77777", "country": "US",
                "phone": "" },
  "return_address": { "title": "Acme", "name": "Doug Jones", "company": "Acme Manufacturing",
                      "address1": "817 E Maple Ln", "address2": "", "city": "Knoxville", "state": "TN",
                      "postal_code": "55555", "country": "US", "phone": "" },
  "checkout_data": { "Gift Message": "Happy Birthday" },
  "order_metadata": { "fraud_protection_score": 0, "risk": { "provider": "ExampleGuard", "score": 12.50 } },
  "discount_list": [ { "name": "Discount", "code": "MN234DX78", "amount": "1.70" } ],
  "order_notes": [ { "date_added": "2014-10-09 23:12:05", "username": "Customer Service Rep",
                     "content": "Customer called to change shipping address" } ],
  "order_items": [ { "id": "42286", "name": "Crazy Glue", "price": "10", "quantity": 1, "weight": 1,
                     "code": "crzyg-554", "delivery_type": "ship", "category_code": "DEFAULT",
                     "variation_list": { "Size": "Small", "Color": "Black" },
                     "metadata": { "image": "image_url_here" } },
                   { "id": "42287", "name": "Duct Tape", "price": "4.25", "quantity": 2, "weight": 0.25,
                     "code": "dt-2", "delivery_type": "ship", "category_code": "DEFAULT",
                     "variation_list": [], "metadata": [] } ],
  "order_shipments": [ { "id": "369", "order_id": "26211", "store_id": "11", "tracking_number": "1Z132456789",
                         "carrier_code": "", "shipment_method": "", "weight": "0", "cost": "0", "status": "",
                         "tracking_url": "", "label_format": "", "label_image": "", "order_items": "",
                         "print_status": "1", "cart_shipment_id": "", "date_shipped": "2014-10-09",
                         "date_added": "2014-10-09 23:08:49" } ],
  "order_history": [ { "source_name": "API", "note": "Order moved from New to Prepared",
                       "date_added": "2014-10-09 23:10:00" } ]
})";

constexpr char kNow[] = "2026-03-04 05:06:07";
constexpr char kDefaultUsername[] = "orderdesk-mcp";

rapidjson::Document Parse(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  EXPECT_FALSE(document.HasParseError()) << json;
  return document;
}

// The value at `path` (member names, or array indexes as digits), or nullptr.
const Value* At(const Value& root, std::initializer_list<std::string_view> path) {
  const Value* value = &root;
  for (std::string_view step : path) {
    if (value->IsArray()) {
      const size_t index = std::stoul(std::string(step));
      if (index >= value->Size()) return nullptr;
      value = &(*value)[static_cast<rapidjson::SizeType>(index)];
    } else {
      value = Member(*value, step);
      if (value == nullptr) return nullptr;
    }
  }
  return value;
}

// The serialized value at `path`, or "<absent>".
std::string JsonAt(const Value& root, std::initializer_list<std::string_view> path) {
  const Value* value = At(root, path);
  return value == nullptr ? "<absent>" : ToJson(*value);
}

std::vector<std::string> MemberNames(const Value& object) {
  std::vector<std::string> names;
  for (const auto& member : object.GetObject()) names.emplace_back(member.name.GetString());
  return names;
}

struct MergeResult {
  Status status;
  rapidjson::Document order;   // the record merged into
  rapidjson::Document merged;
  MergeReport report;
};

MergeResult MergeInto(std::string_view order_json, std::string_view change_json,
                      std::vector<std::string> remove_item_ids = {}) {
  MergeResult result;
  result.order = Parse(order_json);
  rapidjson::Document change = Parse(change_json);
  OrderChanges changes;
  changes.fields = &change;
  changes.remove_item_ids = std::move(remove_item_ids);
  result.status = MergeOrder(result.order, changes, MergeClock{kNow, kDefaultUsername}, &result.merged,
                             &result.report);
  return result;
}

MergeResult Merge(std::string_view change_json, std::vector<std::string> remove_item_ids = {}) {
  return MergeInto(kOrder, change_json, std::move(remove_item_ids));
}

// kOrder with one member replaced by `value_json`.
std::string OrderWith(std::string_view name, std::string_view value_json) {
  rapidjson::Document order = Parse(kOrder);
  rapidjson::Document value = Parse(value_json);
  order[std::string(name)].CopyFrom(value, order.GetAllocator());
  return ToJson(order);
}

constexpr std::string_view kReadOnlyOrderFields[] = {
    "id",           "quantity_total", "weight_total",     "product_total",
    "discount_total", "order_total",  "cc_number_masked", "email_count",
    "date_added",   "date_updated",   "order_shipments",  "order_history"};

bool IsReadOnly(std::string_view name) {
  for (std::string_view field : kReadOnlyOrderFields) {
    if (field == name) return true;
  }
  return false;
}

// --- What the change does not mention -------------------------------------

TEST(OrderMerge, UnmentionedFieldsSurviveByteForByteInTheirOrder) {
  MergeResult r = Merge(R"({"email": "new@example.com"})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  std::vector<std::string> expected_names;
  for (const auto& member : r.order.GetObject()) {
    const std::string name = member.name.GetString();
    if (IsReadOnly(name)) continue;
    expected_names.push_back(name);
    if (name == "email") continue;
    EXPECT_EQ(JsonAt(r.merged, {name}), ToJson(member.value)) << name;
  }
  EXPECT_EQ(MemberNames(r.merged), expected_names);
  EXPECT_EQ(JsonAt(r.merged, {"email"}), R"("new@example.com")");
}

TEST(OrderMerge, NumberFormatsKeepTheirJsonKinds) {
  MergeResult r = Merge(R"({"tag_name": "Rush"})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "0", "price"}), R"("10")");
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "1", "price"}), R"("4.25")");
  EXPECT_EQ(JsonAt(r.merged, {"processor_balance"}), "21.17");
  EXPECT_EQ(JsonAt(r.merged, {"folder_id"}), "1");
  EXPECT_EQ(JsonAt(r.merged, {"discount_list", "0", "amount"}), R"("1.70")");
  EXPECT_EQ(JsonAt(r.merged, {"order_metadata", "fraud_protection_score"}), "0");
  // RapidJSON keeps a double a double: 0.00 and 12.50 print as doubles, as
  // they did in the record.
  EXPECT_EQ(JsonAt(r.merged, {"refund_total"}), JsonAt(r.order, {"refund_total"}));
  EXPECT_TRUE(At(r.merged, {"refund_total"})->IsDouble());
  EXPECT_EQ(JsonAt(r.merged, {"order_metadata", "risk"}), JsonAt(r.order, {"order_metadata", "risk"}));
}

TEST(OrderMerge, ReadOnlyFieldsAreDropped) {
  MergeResult r = Merge(R"({})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  for (std::string_view field : kReadOnlyOrderFields) {
    EXPECT_EQ(Member(r.merged, field), nullptr) << field;
    EXPECT_NE(Member(r.order, field), nullptr) << field << " should be in the fixture";
  }
  EXPECT_NE(Member(r.merged, "email"), nullptr);
}

TEST(OrderMerge, NoFieldsAtAllCopiesTheWritableRecord) {
  rapidjson::Document order = Parse(kOrder);
  rapidjson::Document merged;
  MergeReport report;
  ASSERT_TRUE(MergeOrder(order, OrderChanges{}, MergeClock{kNow, kDefaultUsername}, &merged, &report).ok());
  MergeResult with_empty_change = Merge("{}");
  EXPECT_EQ(ToJson(merged), ToJson(with_empty_change.merged));
  EXPECT_EQ(report.items_updated + report.items_added + report.items_removed + report.notes_added, 0);
}

// --- Nested objects ---------------------------------------------------------

struct NestedCase {
  const char* field;
  const char* existing_key;  // a key the record has, changed by the test
};

class OrderMergeNestedObject : public ::testing::TestWithParam<NestedCase> {};

TEST_P(OrderMergeNestedObject, MergesKeyByKey) {
  const NestedCase c = GetParam();
  const std::string change = std::string(R"({")") + c.field + R"(": {")" + c.existing_key +
                             R"(": "Changed", "Added Key": "New"}})";
  MergeResult r = Merge(change);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& before = *At(r.order, {c.field});
  const Value& after = *At(r.merged, {c.field});
  std::vector<std::string> expected_names = MemberNames(before);
  expected_names.push_back("Added Key");
  EXPECT_EQ(MemberNames(after), expected_names);
  for (const auto& member : before.GetObject()) {
    const std::string name = member.name.GetString();
    if (name == c.existing_key) continue;
    EXPECT_EQ(JsonAt(after, {name}), ToJson(member.value)) << c.field << "." << name;
  }
  EXPECT_EQ(JsonAt(after, {c.existing_key}), R"("Changed")");
  EXPECT_EQ(JsonAt(after, {"Added Key"}), R"("New")");
}

INSTANTIATE_TEST_SUITE_P(EachMapField, OrderMergeNestedObject,
                         ::testing::Values(NestedCase{"shipping", "city"}, NestedCase{"customer", "address1"},
                                           NestedCase{"return_address", "name"},
                                           NestedCase{"checkout_data", "Gift Message"},
                                           NestedCase{"order_metadata", "fraud_protection_score"}));

TEST(OrderMerge, NestedObjectsInsideMapsMergeRecursively) {
  MergeResult r = Merge(R"({"order_metadata": {"risk": {"score": 40}}})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_metadata"}),
            R"({"fraud_protection_score":0,"risk":{"provider":"ExampleGuard","score":40}})");
}

TEST(OrderMerge, NullInsideANestedObjectRemovesOnlyThatKey) {
  MergeResult r = Merge(R"({"shipping": {"address2": null, "phone": null}, "order_metadata": {"risk": null}})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"shipping"}),
            R"({"first_name":"Jimmy","last_name":"Dean","company":"","address1":"800 Emmet St",)"
            R"("address3":"","address4":"","city":"Nashville","state":"TN","postal_code":"55555","country":"US"})");
  EXPECT_EQ(JsonAt(r.merged, {"order_metadata"}), R"({"fraud_protection_score":0})");
}

TEST(OrderMerge, NullForAMissingNestedKeyIsHarmless) {
  MergeResult r = Merge(R"({"checkout_data": {"Not There": null}})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"checkout_data"}), JsonAt(r.order, {"checkout_data"}));
}

TEST(OrderMerge, NullAtTopLevelRemovesTheField) {
  MergeResult r = Merge(R"({"tag_name": null, "return_address": null, "not_in_record": null})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(Member(r.merged, "tag_name"), nullptr);
  EXPECT_EQ(Member(r.merged, "return_address"), nullptr);
  EXPECT_EQ(Member(r.merged, "not_in_record"), nullptr);
  EXPECT_EQ(JsonAt(r.merged, {"tag_color"}), R"("")");
}

TEST(OrderMerge, EmptyArrayInTheRecordCountsAsAnEmptyMap) {
  const std::string order = OrderWith("checkout_data", "[]");
  MergeResult untouched = MergeInto(order, R"({"email": "x@example.com"})");
  ASSERT_TRUE(untouched.status.ok()) << untouched.status.message();
  EXPECT_EQ(JsonAt(untouched.merged, {"checkout_data"}), "[]");

  MergeResult r = MergeInto(order, R"({"checkout_data": {"Gift Message": "Congratulations", "Gone": null}})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"checkout_data"}), R"({"Gift Message":"Congratulations"})");
}

TEST(OrderMerge, AMapMissingFromTheRecordIsCreated) {
  rapidjson::Document order = Parse(kOrder);
  order.RemoveMember("return_address");
  MergeResult r = MergeInto(ToJson(order), R"({"return_address": {"name": "Returns Dept", "phone": null}})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"return_address"}), R"({"name":"Returns Dept"})");
}

TEST(OrderMerge, DiscountListIsReplacedWhole) {
  MergeResult r = Merge(R"({"discount_list": [{"name": "Loyalty", "amount": "2.00"}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"discount_list"}), R"([{"name":"Loyalty","amount":"2.00"}])");

  MergeResult cleared = Merge(R"({"discount_list": []})");
  ASSERT_TRUE(cleared.status.ok()) << cleared.status.message();
  EXPECT_EQ(JsonAt(cleared.merged, {"discount_list"}), "[]");
}

TEST(OrderMerge, ScalarsAreReplacedWithTheChangesType) {
  MergeResult r = Merge(R"({"shipping_total": 12.5, "folder_id": 3, "cc_exp": "03/2030", "new_field": "x"})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"shipping_total"}), "12.5");
  EXPECT_EQ(JsonAt(r.merged, {"folder_id"}), "3");
  EXPECT_EQ(JsonAt(r.merged, {"cc_exp"}), R"("03/2030")");
  EXPECT_EQ(MemberNames(r.merged).back(), "new_field");
}

// --- Items ------------------------------------------------------------------

TEST(OrderMerge, ItemWithAnIdIsUpdatedKeyByKey) {
  MergeResult r = Merge(R"({"order_items": [{"id": "42286", "quantity": 3}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  rapidjson::Document expected = Parse(JsonAt(r.order, {"order_items", "0"}));
  expected["quantity"] = 3;
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "0"}), ToJson(expected));
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "1"}), JsonAt(r.order, {"order_items", "1"}));
  EXPECT_EQ(r.report.items_updated, 1);
  EXPECT_EQ(r.report.items_added, 0);
  EXPECT_EQ(r.report.items_removed, 0);
}

TEST(OrderMerge, ItemIdMayBeANumber) {
  MergeResult r = Merge(R"({"order_items": [{"id": 42287, "price": "3.99"}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "1", "id"}), R"("42287")");  // the record's id, as OrderDesk wrote it
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "1", "price"}), R"("3.99")");
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "0"}), JsonAt(r.order, {"order_items", "0"}));
}

TEST(OrderMerge, ItemVariationListAndMetadataMergeKeyByKey) {
  MergeResult r = Merge(R"({"order_items": [
      {"id": "42286", "variation_list": {"Size": "Large"}, "metadata": {"thumbnail": "thumb_url"}},
      {"id": "42287", "variation_list": {"Width": "2 in"}, "metadata": {"image": null}}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "0", "variation_list"}), R"({"Size":"Large","Color":"Black"})");
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "0", "metadata"}),
            R"({"image":"image_url_here","thumbnail":"thumb_url"})");
  // The second item's maps are OrderDesk's [] for empty.
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "1", "variation_list"}), R"({"Width":"2 in"})");
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "1", "metadata"}), "{}");
  EXPECT_EQ(r.report.items_updated, 2);
}

TEST(OrderMerge, NullInsideAnItemRemovesThatKey) {
  MergeResult r = Merge(R"({"order_items": [{"id": "42286", "category_code": null}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(At(r.merged, {"order_items", "0", "category_code"}), nullptr);
  EXPECT_EQ(JsonAt(r.merged, {"order_items", "0", "code"}), R"("crzyg-554")");
}

TEST(OrderMerge, ItemsWithoutIdsAreAddedAtTheEnd) {
  MergeResult r = Merge(R"({"order_items": [
      {"name": "Wood Glue", "price": "6.50", "quantity": 1, "code": "wg-1", "variation_list": {"Size": "8 oz"},
       "weight": null},
      {"id": "42286", "quantity": 2},
      {"name": "Glue Gun", "price": 19.99, "id": null}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& items = *At(r.merged, {"order_items"});
  ASSERT_EQ(items.Size(), 4u);
  EXPECT_EQ(JsonAt(items, {"0", "quantity"}), "2");
  EXPECT_EQ(JsonAt(items, {"1"}), JsonAt(r.order, {"order_items", "1"}));
  // A null in a new item just leaves the key out.
  EXPECT_EQ(JsonAt(items, {"2"}),
            R"({"name":"Wood Glue","price":"6.50","quantity":1,"code":"wg-1","variation_list":{"Size":"8 oz"}})");
  EXPECT_EQ(JsonAt(items, {"3"}), R"({"name":"Glue Gun","price":19.99})");
  EXPECT_EQ(r.report.items_added, 2);
  EXPECT_EQ(r.report.items_updated, 1);
}

TEST(OrderMerge, ItemsLeftOutOfTheChangeAreKept) {
  MergeResult r = Merge(R"({"order_items": [{"name": "Wood Glue"}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& items = *At(r.merged, {"order_items"});
  ASSERT_EQ(items.Size(), 3u);
  EXPECT_EQ(JsonAt(items, {"0"}), JsonAt(r.order, {"order_items", "0"}));
  EXPECT_EQ(JsonAt(items, {"1"}), JsonAt(r.order, {"order_items", "1"}));
}

TEST(OrderMerge, EmptyOrderItemsChangesNoItem) {
  MergeResult r = Merge(R"({"order_items": []})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_items"}), JsonAt(r.order, {"order_items"}));
  EXPECT_EQ(r.report.items_updated + r.report.items_added + r.report.items_removed, 0);
}

TEST(OrderMerge, ItemsAreRemovedOnlyThroughRemoveItemIds) {
  MergeResult r = Merge(R"({"email": "x@example.com"})", {"42286"});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& items = *At(r.merged, {"order_items"});
  ASSERT_EQ(items.Size(), 1u);
  EXPECT_EQ(JsonAt(items, {"0"}), JsonAt(r.order, {"order_items", "1"}));
  EXPECT_EQ(r.report.items_removed, 1);
}

TEST(OrderMerge, RemovingAndAddingInOneChange) {
  MergeResult r = Merge(R"({"order_items": [{"name": "Wood Glue"}, {"id": "42287", "quantity": 5}]})",
                        {"42286", "42286"});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& items = *At(r.merged, {"order_items"});
  ASSERT_EQ(items.Size(), 2u);
  EXPECT_EQ(JsonAt(items, {"0", "id"}), R"("42287")");
  EXPECT_EQ(JsonAt(items, {"0", "quantity"}), "5");
  EXPECT_EQ(JsonAt(items, {"1"}), R"({"name":"Wood Glue"})");
  EXPECT_EQ(r.report.items_removed, 1);  // listed twice, removed once
}

// --- Notes --------------------------------------------------------------------

TEST(OrderMerge, NotesAreAppendedTrimmedWithTheClocksDateAndAUsername) {
  MergeResult r = Merge(R"({"order_notes": [
      {"content": "  Customer asked for gift wrap \n"},
      {"content": "Refund approved", "username": " Dana "},
      {"content": "Checked stock", "username": null}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_notes"}),
            R"([{"date_added":"2014-10-09 23:12:05","username":"Customer Service Rep",)"
            R"("content":"Customer called to change shipping address"},)"
            R"({"date_added":"2026-03-04 05:06:07","username":"orderdesk-mcp",)"
            R"("content":"Customer asked for gift wrap"},)"
            R"({"date_added":"2026-03-04 05:06:07","username":"Dana","content":"Refund approved"},)"
            R"({"date_added":"2026-03-04 05:06:07","username":"orderdesk-mcp","content":"Checked stock"}])");
  EXPECT_EQ(r.report.notes_added, 3);
  EXPECT_EQ(r.report.notes_skipped_as_duplicates, 0);
}

TEST(OrderMerge, NoteMatchingAnExistingOneIgnoringCaseAndSpaceIsSkipped) {
  MergeResult r = Merge(R"({"order_notes": [{"content": "\t customer CALLED to change Shipping Address  "}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_notes"}), JsonAt(r.order, {"order_notes"}));
  EXPECT_EQ(r.report.notes_added, 0);
  EXPECT_EQ(r.report.notes_skipped_as_duplicates, 1);
}

TEST(OrderMerge, NoteRepeatedWithinTheChangeIsAddedOnce) {
  MergeResult r = Merge(R"({"order_notes": [{"content": "Left at door"}, {"content": " LEFT AT DOOR"},
                                            {"content": "left at door.", "username": "Sam"}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& notes = *At(r.merged, {"order_notes"});
  ASSERT_EQ(notes.Size(), 3u);
  EXPECT_EQ(JsonAt(notes, {"1", "content"}), R"("Left at door")");
  EXPECT_EQ(JsonAt(notes, {"2", "content"}), R"("left at door.")");
  EXPECT_EQ(r.report.notes_added, 2);
  EXPECT_EQ(r.report.notes_skipped_as_duplicates, 1);
}

TEST(OrderMerge, UnicodeNotesFoldOnlyAsciiCaseSoCapitalCedillaDiffersFromSmall) {
  // "Ç" is C3 87 and "ç" is C3 A7: only ASCII letters are folded.
  MergeResult r = Merge(R"({"order_notes": [{"content": "Ça va 👍"}, {"content": " ça va 👍 "}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const Value& notes = *At(r.merged, {"order_notes"});
  ASSERT_EQ(notes.Size(), 3u);
  EXPECT_EQ(std::string(notes[1]["content"].GetString()), "Ça va 👍");
  EXPECT_EQ(std::string(notes[2]["content"].GetString()), "ça va 👍");
  EXPECT_EQ(r.report.notes_added, 2);
}

TEST(OrderMerge, UnicodeNotesWithTheSameNonAsciiBytesAreDuplicatesIgnoringAsciiCase) {
  MergeResult r = Merge(R"({"order_notes": [{"content": "Ça va 👍"}, {"content": "ÇA VA 👍  "}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(At(r.merged, {"order_notes"})->Size(), 2u);
  EXPECT_EQ(r.report.notes_skipped_as_duplicates, 1);
}

TEST(OrderMerge, EmptyOrderNotesAddsNothing) {
  MergeResult r = Merge(R"({"order_notes": []})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_notes"}), JsonAt(r.order, {"order_notes"}));
  EXPECT_EQ(r.report.notes_added, 0);
}

TEST(OrderMerge, NoteAddedToAnOrderWithoutNotes) {
  MergeResult r = MergeInto(OrderWith("order_notes", "[]"), R"({"order_notes": [{"content": "First"}]})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"order_notes"}),
            R"([{"date_added":"2026-03-04 05:06:07","username":"orderdesk-mcp","content":"First"}])");
}

// --- Errors, each naming its field ---------------------------------------------

void ExpectInvalid(const MergeResult& r, std::initializer_list<std::string_view> parts) {
  EXPECT_EQ(r.status.code(), ODMCP_INVALID_ARGUMENT) << r.status.message();
  for (std::string_view part : parts) EXPECT_TRUE(Contains(r.status.message(), part));
}

TEST(OrderMergeErrors, ItemIdNotOnTheOrder) {
  MergeResult r = Merge(R"({"order_items": [{"name": "New"}, {"id": "99999", "quantity": 1}]})");
  ExpectInvalid(r, {"order_items[1].id", "99999", "42286, 42287", "leave id out to add"});
}

TEST(OrderMergeErrors, ItemIdOfTheWrongType) {
  ExpectInvalid(Merge(R"({"order_items": [{"id": true}]})"), {"order_items[0].id"});
  ExpectInvalid(Merge(R"({"order_items": [{"id": 42286.5}]})"), {"order_items[0].id"});
}

TEST(OrderMergeErrors, RemoveItemIdNotOnTheOrderListsAtMostTenIds) {
  rapidjson::Document order = Parse(kOrder);
  Value& items = order["order_items"];
  for (int i = 0; i < 10; ++i) {
    Value item(items[1], order.GetAllocator());
    item["id"].SetString(std::to_string(50000 + i).c_str(), order.GetAllocator());
    items.PushBack(item, order.GetAllocator());
  }
  MergeResult r = MergeInto(ToJson(order), "{}", {"42286", "123"});
  ExpectInvalid(r, {"remove_item_ids[1]", "item 123",
                    "42286, 42287, 50000, 50001, 50002, 50003, 50004, 50005, 50006, 50007 and 2 more"});
  EXPECT_FALSE(Contains(r.status.message(), "50008"));
}

TEST(OrderMergeErrors, ItemBothChangedAndRemoved) {
  MergeResult r = Merge(R"({"order_items": [{"id": "42287", "quantity": 4}]})", {"42286", "42287"});
  ExpectInvalid(r, {"order_items[0].id", "remove_item_ids[1]", "not both"});
}

TEST(OrderMergeErrors, ItemChangedTwice) {
  MergeResult r = Merge(R"({"order_items": [{"id": "42286", "quantity": 4}, {"id": 42286, "price": "9"}]})");
  ExpectInvalid(r, {"order_items[1].id", "order_items[0]"});
}

TEST(OrderMergeErrors, NewItemNeedsAName) {
  ExpectInvalid(Merge(R"({"order_items": [{"id": "42286"}, {"price": "5", "quantity": 1}]})"),
                {"order_items[1].name"});
  ExpectInvalid(Merge(R"({"order_items": [{"name": "   "}]})"), {"order_items[0].name"});
}

TEST(OrderMergeErrors, ChangeBlankingAnItemsName) {
  ExpectInvalid(Merge(R"({"order_items": [{"id": "42287", "name": null}]})"), {"order_items[0].name"});
}

TEST(OrderMergeErrors, ItemThatIsNotAnObject) {
  ExpectInvalid(Merge(R"({"order_items": ["42286"]})"), {"order_items[0]"});
}

TEST(OrderMergeErrors, OrderItemsThatIsNotAList) {
  ExpectInvalid(Merge(R"({"order_items": null})"), {"order_items", "remove_item_ids"});
  ExpectInvalid(Merge(R"({"order_items": {"id": "42286"}})"), {"order_items"});
}

TEST(OrderMergeErrors, EmptyNoteContent) {
  MergeResult r = Merge(R"({"order_notes": [{"content": "Fine"}, {"content": " \t\n "}]})");
  ExpectInvalid(r, {"order_notes[1].content"});
  ExpectInvalid(Merge(R"({"order_notes": [{"username": "Dana"}]})"), {"order_notes[0].content"});
  ExpectInvalid(Merge(R"({"order_notes": [{"content": 5}]})"), {"order_notes[0].content"});
}

TEST(OrderMergeErrors, MalformedNotes) {
  ExpectInvalid(Merge(R"({"order_notes": ["just text"]})"), {"order_notes[0]"});
  ExpectInvalid(Merge(R"({"order_notes": [{"content": "x", "date_added": "2020-01-01 00:00:00"}]})"),
                {"order_notes[0].date_added"});
  ExpectInvalid(Merge(R"({"order_notes": [{"content": "x", "username": 7}]})"), {"order_notes[0].username"});
  ExpectInvalid(Merge(R"({"order_notes": null})"), {"order_notes"});
}

TEST(OrderMergeErrors, RemovingEveryItem) {
  ExpectInvalid(Merge("{}", {"42287", "42286"}), {"remove_item_ids", "at least one"});
}

TEST(OrderMergeErrors, RecordWithoutItemsNeedsOne) {
  ExpectInvalid(MergeInto(OrderWith("order_items", "[]"), R"({"email": "x@example.com"})"),
                {"order_items", "at least one"});
}

TEST(OrderMergeErrors, ClearingTheLastNameOrCompanyNamesWhatTheChangeCleared) {
  MergeResult r = Merge(R"({"shipping": {"first_name": null}, "customer": {"last_name": " "}})");
  ExpectInvalid(r, {"shipping.first_name, customer.last_name", "instead of null"});
}

TEST(OrderMergeErrors, ClearingWholeAddressesNamesThem) {
  ExpectInvalid(Merge(R"({"shipping": null, "customer": null})"), {"shipping, customer"});
}

TEST(OrderMergeErrors, RecordAlreadyWithoutANameAsksForOne) {
  rapidjson::Document order = Parse(kOrder);
  order.RemoveMember("shipping");
  order.RemoveMember("customer");
  ExpectInvalid(MergeInto(ToJson(order), R"({"email": "x@example.com"})"), {"shipping.first_name"});
}

TEST(OrderMerge, OneNameOrCompanyAnywhereIsEnough) {
  MergeResult shipping_company = Merge(R"({"shipping": {"first_name": "", "company": "Dean Farms"},
                                          "customer": {"first_name": null, "last_name": null}})");
  EXPECT_TRUE(shipping_company.status.ok()) << shipping_company.status.message();
  MergeResult customer_name = Merge(R"({"shipping": null})");
  EXPECT_TRUE(customer_name.status.ok()) << customer_name.status.message();
  EXPECT_EQ(Member(customer_name.merged, "shipping"), nullptr);
}

TEST(OrderMergeErrors, ReadOnlyFieldInTheChange) {
  ExpectInvalid(Merge(R"({"order_total": 5})"), {"order_total", "read-only"});
  ExpectInvalid(Merge(R"({"date_updated": "2026-01-01 00:00:00"})"), {"date_updated"});
  ExpectInvalid(Merge(R"({"order_shipments": []})"), {"order_shipments", "shipment"});
  ExpectInvalid(Merge(R"({"id": "26212"})"), {"id"});
}

TEST(OrderMerge, TheOrdersOwnIdInTheChangeIsAccepted) {
  for (const char* change : {R"({"id": "26211", "email": "a@example.com"})", R"({"id": 26211})"}) {
    MergeResult r = Merge(change);
    EXPECT_TRUE(r.status.ok()) << change << ": " << r.status.message();
    EXPECT_EQ(Member(r.merged, "id"), nullptr);
  }
}

TEST(OrderMergeErrors, ChangesThatAreNotAnObject) {
  ExpectInvalid(Merge("[]"), {"JSON object"});
}

// --- Inventory items --------------------------------------------------------------

constexpr char kInventoryItem[] = R"({
  "id": 2510, "name": "Three Wolf T-Shirt, X-Large / Black", "code": "3wolf-11", "price": 10, "cost": 8.0,
  "weight": 0.8, "stock": 48, "update_source": "Shopify", "location": "",
  "metadata": {"image": "wolf.png", "barcode": "0123"}, "variation_list": [], "manufacturer_sku": "",
  "date_added": "2014-08-09 09:06:53", "date_updated": "2014-08-09 09:06:53"})";

struct InventoryResult {
  Status status;
  rapidjson::Document item;
  rapidjson::Document merged;
};

InventoryResult MergeInventory(std::string_view fields_json) {
  InventoryResult result;
  result.item = Parse(kInventoryItem);
  rapidjson::Document fields = Parse(fields_json);
  result.status = MergeInventoryItem(result.item, fields, &result.merged);
  return result;
}

TEST(InventoryMerge, AppliesTheChangeAndKeepsTheRestByteForByte) {
  InventoryResult r = MergeInventory(R"({"stock": 47, "price": 12.5, "location": "Shelf B"})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(ToJson(r.merged),
            R"({"name":"Three Wolf T-Shirt, X-Large / Black","code":"3wolf-11","price":12.5,"cost":8.0,)"
            R"("weight":0.8,"stock":47,"update_source":"Shopify","location":"Shelf B",)"
            R"("metadata":{"image":"wolf.png","barcode":"0123"},"variation_list":[],"manufacturer_sku":""})");
}

TEST(InventoryMerge, ReadOnlyFieldsAreDropped) {
  InventoryResult r = MergeInventory("{}");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  for (const char* field : {"id", "date_added", "date_updated"}) EXPECT_EQ(Member(r.merged, field), nullptr);
}

TEST(InventoryMerge, MapsMergeKeyByKeyAndEmptyArrayCountsAsAMap) {
  InventoryResult r =
      MergeInventory(R"({"metadata": {"barcode": null, "supplier": "Acme"}, "variation_list": {"Size": "XL"}})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(JsonAt(r.merged, {"metadata"}), R"({"image":"wolf.png","supplier":"Acme"})");
  EXPECT_EQ(JsonAt(r.merged, {"variation_list"}), R"({"Size":"XL"})");
}

TEST(InventoryMerge, NullRemovesAField) {
  InventoryResult r = MergeInventory(R"({"manufacturer_sku": null})");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(Member(r.merged, "manufacturer_sku"), nullptr);
}

TEST(InventoryMerge, OwnIdIsAcceptedAnotherIsNot) {
  EXPECT_TRUE(MergeInventory(R"({"id": 2510, "stock": 1})").status.ok());
  EXPECT_TRUE(MergeInventory(R"({"id": "2510"})").status.ok());
  InventoryResult other = MergeInventory(R"({"id": 2511})");
  EXPECT_EQ(other.status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(other.status.message(), "id"));
  InventoryResult dated = MergeInventory(R"({"date_updated": "2026-01-01 00:00:00"})");
  EXPECT_EQ(dated.status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(dated.status.message(), "date_updated"));
}

TEST(InventoryMerge, BlankingTheNameOrCodeIsRefused) {
  for (const char* change : {R"({"name": null})", R"({"name": "  "})"}) {
    InventoryResult r = MergeInventory(change);
    EXPECT_EQ(r.status.code(), ODMCP_INVALID_ARGUMENT) << change;
    EXPECT_TRUE(Contains(r.status.message(), "name:")) << change;
  }
  InventoryResult code = MergeInventory(R"({"code": ""})");
  EXPECT_EQ(code.status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(code.status.message(), "code:"));
}

TEST(InventoryMerge, FieldsThatAreNotAnObject) {
  InventoryResult r = MergeInventory(R"(["stock"])");
  EXPECT_EQ(r.status.code(), ODMCP_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace odmcp::orderdesk
