// Fuzzes the merge that turns a caller's changes into OrderDesk's
// full-replacement PUT body (plugins/common/order_merge.h). The input is
// three parts: the record as OrderDesk returned it (an order, or an
// inventory item), the changes (a JSON object of fields), and the ids of
// items to remove, one a line:
//
//   {"id":"26211","email":"a@example.com","order_items":[{"id":"42286",...}],...}
//   %%
//   {"email":"b@example.com","order_notes":[{"content":"called"}]}
//   %%
//   42287
//
// Covers MergeOrder (items by id, notes, nested objects, null, read-only
// fields and every error) and MergeInventoryItem, each on every input.
//
// Asserts, beyond no crash, no sanitizer report and no exception escaping
// (a merge must never throw):
//   - a merge that succeeds gives an object without the read-only fields
//     OrderDesk recomputes, and an order keeps at least one item, an item
//     its name and code;
//   - a field the change does not mention is copied byte for byte (compared
//     serialized: RapidJSON's == is not even reflexive for objects that
//     repeat a member name); a field it sets to null is left out; a field it
//     sets to anything but an object takes exactly that value, JSON type
//     included (nested objects merge, so they are only checked to stay
//     objects). Checked where neither top-level object repeats a member
//     name, where which one counts is not specified.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "plugins/common/order_merge.h"

namespace odmcp::orderdesk {
namespace {

using Names = std::initializer_list<std::string_view>;

// What the merges drop (order_merge.h).
constexpr Names kOrderReadOnly = {"id", "quantity_total", "weight_total", "product_total",
                                  "discount_total", "order_total", "cc_number_masked",
                                  "email_count", "date_added", "date_updated",
                                  "order_shipments", "order_history"};
constexpr Names kItemReadOnly = {"id", "date_added", "date_updated"};
// Order fields merged by rules of their own (by id, appended).
constexpr Names kOrderLists = {"order_items", "order_notes"};

bool In(Names names, std::string_view name) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

std::string_view NameOf(const rapidjson::Value& name) {
  return std::string_view(name.GetString(), name.GetStringLength());
}

const rapidjson::Value* Find(const rapidjson::Value& object, std::string_view name) {
  for (const auto& member : object.GetObject()) {
    if (NameOf(member.name) == name) return &member.value;
  }
  return nullptr;
}

bool HasRepeatedNames(const rapidjson::Value& object) {
  std::set<std::string_view> seen;
  for (const auto& member : object.GetObject()) {
    if (!seen.insert(NameOf(member.name)).second) return true;
  }
  return false;
}

// The field rules, for the fields of `record` and `fields` outside `skip`.
void CheckFields(const rapidjson::Value& record, const rapidjson::Value* fields,
                 const rapidjson::Value& merged, Names read_only, Names skip) {
  for (const auto& member : merged.GetObject()) FUZZ_CHECK(!In(read_only, NameOf(member.name)));
  if (HasRepeatedNames(record) || (fields != nullptr && HasRepeatedNames(*fields))) return;
  for (const auto& member : record.GetObject()) {
    const std::string_view name = NameOf(member.name);
    if (In(read_only, name) || In(skip, name)) continue;
    if (fields != nullptr && Find(*fields, name) != nullptr) continue;
    const rapidjson::Value* kept = Find(merged, name);
    if (kept == nullptr || odmcp::ToJson(*kept) != odmcp::ToJson(member.value)) {
      std::fprintf(stderr, "field \"%.*s\" was not kept\n", static_cast<int>(name.size()),
                   name.data());
      FUZZ_CHECK(false);
    }
  }
  if (fields == nullptr) return;
  for (const auto& member : fields->GetObject()) {
    const std::string_view name = NameOf(member.name);
    if (In(read_only, name) || In(skip, name)) continue;
    const rapidjson::Value* result = Find(merged, name);
    if (member.value.IsNull()) {
      FUZZ_CHECK(result == nullptr);
    } else if (member.value.IsObject()) {
      FUZZ_CHECK(result != nullptr && result->IsObject());
    } else {
      FUZZ_CHECK(result != nullptr && odmcp::ToJson(*result) == odmcp::ToJson(member.value));
    }
  }
}

void CheckMergeOrder(const rapidjson::Value& order, const rapidjson::Value* fields,
                     std::vector<std::string> remove_item_ids) {
  OrderChanges changes{fields, std::move(remove_item_ids)};
  const MergeClock clock{"2026-03-04 05:06:07", "orderdesk-mcp"};
  rapidjson::Document merged;
  MergeReport report;
  if (!MergeOrder(order, changes, clock, &merged, &report).ok()) return;
  FUZZ_CHECK(order.IsObject() && merged.IsObject());
  const rapidjson::Value* items = Find(merged, "order_items");
  FUZZ_CHECK(items != nullptr && items->IsArray() && !items->Empty());
  CheckFields(order, fields, merged, kOrderReadOnly, kOrderLists);
}

void CheckMergeItem(const rapidjson::Value& item, const rapidjson::Value& fields) {
  rapidjson::Document merged;
  if (!MergeInventoryItem(item, fields, &merged).ok()) return;
  FUZZ_CHECK(merged.IsObject());
  FUZZ_CHECK(Find(merged, "name") != nullptr && Find(merged, "code") != nullptr);
  CheckFields(item, &fields, merged, kItemReadOnly, {});
}

}  // namespace
}  // namespace odmcp::orderdesk

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp::orderdesk;
  const std::vector<std::string_view> parts = odmcp::fuzz::SplitParts(data, size, 3);
  rapidjson::Document record;
  rapidjson::Document fields;
  if (!odmcp::ParseDocument(parts[0], record)) return 0;
  if (!odmcp::ParseDocument(parts[1], fields)) fields.SetNull();
  // MergeOrder refuses a record that is not an object; changes that are not
  // an object are none.
  CheckMergeOrder(record, fields.IsObject() ? &fields : nullptr,
                  odmcp::fuzz::Lines(parts[2]));
  // MergeInventoryItem takes objects only, as the products plugin ensures.
  if (record.IsObject() && fields.IsObject()) CheckMergeItem(record, fields);
  return 0;
}
