// Implements order_merge.h.
//
// The merge copies the record, minus its read-only fields, and applies the
// change to the copy member by member, keeping the record's member order so
// that what the change does not mention serializes exactly as it was read.
// What an order must hold (items, a name or company) is checked once on the
// result, so an error describes the outcome of the whole change.
#include "plugins/common/order_merge.h"

#include <odmcp/plugin.hpp>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "plugins/common/text.h"

namespace odmcp::orderdesk {
namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

// OrderDesk computes these (or, for shipments and history, changes them only
// through their own endpoints), so a PUT need not and should not carry them.
constexpr std::string_view kOrderReadOnlyFields[] = {
    "id",           "quantity_total", "weight_total",     "product_total",
    "discount_total", "order_total",  "cc_number_masked", "email_count",
    "date_added",   "date_updated",   "order_shipments",  "order_history"};
constexpr std::string_view kInventoryReadOnlyFields[] = {"id", "date_added", "date_updated"};

// How many of an order's item ids an error lists, so a large order does not
// flood the message.
constexpr size_t kMaxItemIdsListed = 10;

template <size_t N>
bool IsOneOf(std::string_view name, const std::string_view (&names)[N]) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

std::string_view NameOf(const Value& name) { return std::string_view(name.GetString(), name.GetStringLength()); }

Value Key(std::string_view name, Allocator& allocator) {
  return Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator);
}

Value::MemberIterator FindMember(Value& object, std::string_view name) {
  return object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
}

Status Invalid(std::string message) { return Status(ODMCP_INVALID_ARGUMENT, std::move(message)); }

std::string Indexed(std::string_view array, size_t index) {
  return std::string(array) + "[" + std::to_string(index) + "]";
}

// An id as text: OrderDesk writes ids as strings of digits, callers may give
// numbers. nullopt for anything else.
std::optional<std::string> IdText(const Value& id) {
  if (id.IsString()) return std::string(id.GetString(), id.GetStringLength());
  if (id.IsUint64()) return std::to_string(id.GetUint64());
  if (id.IsInt64()) return std::to_string(id.GetInt64());
  return std::nullopt;
}

// Missing, not a string, or only whitespace.
bool IsBlank(const Value* value) {
  return value == nullptr || !value->IsString() ||
         TrimWhitespace(std::string_view(value->GetString(), value->GetStringLength())).empty();
}

std::string FoldAsciiCase(std::string_view text) {
  std::string folded(text);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

void MergeObjectInto(Value* target, const Value& change, Allocator& allocator);

// Applies one member of a change to `object`: null removes the key, an
// object merges into the existing value key by key (a value that is not an
// object, such as OrderDesk's [] for an empty map, counts as {}), anything
// else replaces the value. EraseMember, unlike RemoveMember, keeps the order
// of the other members.
void MergeMemberInto(Value* object, std::string_view name, const Value& change, Allocator& allocator) {
  auto it = FindMember(*object, name);
  if (change.IsNull()) {
    if (it != object->MemberEnd()) object->EraseMember(it);
    return;
  }
  if (change.IsObject()) {
    if (it == object->MemberEnd()) {
      object->AddMember(Key(name, allocator), Value(rapidjson::kObjectType), allocator);
      it = object->MemberEnd() - 1;
    } else if (!it->value.IsObject()) {
      it->value.SetObject();
    }
    MergeObjectInto(&it->value, change, allocator);
    return;
  }
  Value copy(change, allocator);
  if (it == object->MemberEnd()) {
    object->AddMember(Key(name, allocator), copy, allocator);
  } else {
    it->value = copy;
  }
}

void MergeObjectInto(Value* target, const Value& change, Allocator& allocator) {
  for (const auto& member : change.GetObject()) MergeMemberInto(target, NameOf(member.name), member.value, allocator);
}

// Copies `record`'s members except the read-only ones into *out, in order.
template <size_t N>
void CopyWritableFields(const Value& record, const std::string_view (&read_only)[N], rapidjson::Document* out) {
  out->SetObject();
  Allocator& allocator = out->GetAllocator();
  for (const auto& member : record.GetObject()) {
    if (IsOneOf(NameOf(member.name), read_only)) continue;
    out->AddMember(Value(member.name, allocator), Value(member.value, allocator), allocator);
  }
}

// OK when a change names a read-only field harmlessly: "id" equal to the
// record's own id (a caller may well send the record's id along).
template <size_t N>
Status CheckReadOnly(std::string_view name, const Value& change, const Value& record,
                     const std::string_view (&read_only)[N], std::string_view what) {
  if (!IsOneOf(name, read_only)) return Status::Ok();
  if (name == "id") {
    const Value* record_id = Member(record, "id");
    const std::optional<std::string> given = IdText(change);
    if (record_id != nullptr && given.has_value() && given == IdText(*record_id)) return Status::Ok();
    return Invalid("id: an " + std::string(what) + "'s id cannot be changed; leave id out of the change (or give " +
                   "this " + std::string(what) + "'s own id)");
  }
  if (name == "order_shipments") {
    return Invalid("order_shipments: shipments cannot be changed through an order update; use the shipment tools");
  }
  return Invalid(std::string(name) + ": read-only (OrderDesk sets it itself); leave it out of the change");
}

// "its items are 42286, 42287, ... and 3 more", or "it has no items with ids".
std::string DescribeItemIds(const std::vector<std::optional<std::string>>& ids) {
  std::string listed;
  size_t count = 0;
  size_t unlisted = 0;
  for (const auto& id : ids) {
    if (!id.has_value()) continue;
    if (count == kMaxItemIdsListed) {
      ++unlisted;
      continue;
    }
    listed += (count++ == 0 ? "" : ", ") + *id;
  }
  if (count == 0) return "it has no items with ids";
  std::string text = "its items are " + listed;
  if (unlisted > 0) text += " and " + std::to_string(unlisted) + " more";
  return text;
}

// The order's items array in *merged, created empty when the record has none
// (or has OrderDesk's [] / {} for an empty list).
Status ItemsOf(rapidjson::Document* merged, Value** items) {
  auto it = FindMember(*merged, "order_items");
  if (it == merged->MemberEnd()) {
    merged->AddMember("order_items", Value(rapidjson::kArrayType), merged->GetAllocator());
    it = merged->MemberEnd() - 1;
  } else if (it->value.IsNull() || (it->value.IsObject() && it->value.MemberCount() == 0)) {
    it->value.SetArray();
  } else if (!it->value.IsArray()) {
    return Status(ODMCP_INTERNAL, "OrderDesk's order has an order_items value that is not a list");
  }
  *items = &it->value;
  return Status::Ok();
}

// Applies order_items (updates by id, additions without) and remove_item_ids
// to the items of *merged.
Status MergeItems(const Value& change_items, const std::vector<std::string>& remove_item_ids,
                  rapidjson::Document* merged, MergeReport* report) {
  Allocator& allocator = merged->GetAllocator();
  Value* items = nullptr;
  Status status = ItemsOf(merged, &items);
  if (!status.ok()) return status;

  std::vector<std::optional<std::string>> ids;
  for (const Value& item : items->GetArray()) {
    const Value* id = Member(item, "id");
    ids.push_back(id == nullptr ? std::nullopt : IdText(*id));
  }
  auto find_item = [&ids](const std::string& id) {
    return static_cast<size_t>(std::find(ids.begin(), ids.end(), std::optional<std::string>(id)) - ids.begin());
  };

  // Where each listed removal points, validated before any change.
  std::vector<std::optional<size_t>> removed_by(ids.size());
  for (size_t i = 0; i < remove_item_ids.size(); ++i) {
    const size_t index = find_item(remove_item_ids[i]);
    if (index == ids.size()) {
      return Invalid(Indexed("remove_item_ids", i) + ": item " + remove_item_ids[i] +
                     " is not on this order (" + DescribeItemIds(ids) + ")");
    }
    if (!removed_by[index].has_value()) removed_by[index] = i;
  }

  std::vector<std::optional<size_t>> changed_by(ids.size());
  Value added(rapidjson::kArrayType);
  for (rapidjson::SizeType i = 0; i < change_items.Size(); ++i) {
    const Value& change = change_items[i];
    const std::string path = Indexed("order_items", i);
    if (!change.IsObject()) {
      return Invalid(path + ": expected an item object, such as {\"id\": \"42286\", \"quantity\": 3} to change an "
                     "item or {\"name\": ..., \"price\": ..., \"quantity\": ...} to add one");
    }
    const Value* id = Member(change, "id");
    if (id == nullptr || id->IsNull()) {
      if (IsBlank(Member(change, "name"))) {
        return Invalid(path + ".name: a new item (one without an id) needs a non-empty name");
      }
      Value item(rapidjson::kObjectType);
      MergeObjectInto(&item, change, allocator);
      added.PushBack(item, allocator);
      ++report->items_added;
      continue;
    }
    const std::optional<std::string> id_text = IdText(*id);
    if (!id_text.has_value()) {
      return Invalid(path + ".id: expected the id of an item on this order (digits, such as \"42286\"); "
                     "leave id out to add a new item");
    }
    const size_t index = find_item(*id_text);
    if (index == ids.size()) {
      return Invalid(path + ".id: item " + *id_text + " is not on this order (" + DescribeItemIds(ids) +
                     "); leave id out to add a new item");
    }
    if (removed_by[index].has_value()) {
      return Invalid(path + ".id: item " + *id_text + " is also in " + Indexed("remove_item_ids", *removed_by[index]) +
                     "; an item can be changed or removed, not both");
    }
    if (changed_by[index].has_value()) {
      return Invalid(path + ".id: item " + *id_text + " is already changed by " +
                     Indexed("order_items", *changed_by[index]) + "; give all its changes in one entry");
    }
    changed_by[index] = i;
    Value& item = (*items)[static_cast<rapidjson::SizeType>(index)];
    for (const auto& member : change.GetObject()) {
      if (NameOf(member.name) != "id") MergeMemberInto(&item, NameOf(member.name), member.value, allocator);
    }
    if (Member(change, "name") != nullptr && IsBlank(Member(item, "name"))) {
      return Invalid(path + ".name: an item needs a non-empty name; give one instead of null or \"\"");
    }
    ++report->items_updated;
  }

  Value result(rapidjson::kArrayType);
  for (rapidjson::SizeType index = 0; index < items->Size(); ++index) {
    if (removed_by[index].has_value()) {
      ++report->items_removed;
      continue;
    }
    result.PushBack((*items)[index], allocator);
  }
  for (Value& item : added.GetArray()) result.PushBack(item, allocator);
  *items = result;
  return Status::Ok();
}

// Appends the change's notes that are new, with the clock's date and
// username. The record's notes are left untouched when nothing is added.
Status AppendNotes(const Value& change_notes, const MergeClock& clock, rapidjson::Document* merged,
                   MergeReport* report) {
  Allocator& allocator = merged->GetAllocator();
  std::vector<std::string> seen;  // trimmed, ASCII-folded contents
  if (const Value* existing = Member(*merged, "order_notes"); existing != nullptr && existing->IsArray()) {
    for (const Value& note : existing->GetArray()) {
      std::optional<std::string_view> content = GetString(note, "content");
      if (content.has_value()) seen.push_back(FoldAsciiCase(TrimWhitespace(*content)));
    }
  }

  for (rapidjson::SizeType i = 0; i < change_notes.Size(); ++i) {
    const Value& note = change_notes[i];
    const std::string path = Indexed("order_notes", i);
    if (!note.IsObject()) return Invalid(path + ": expected a note object {\"content\": ..., \"username\": ...}");
    for (const auto& member : note.GetObject()) {
      const std::string_view name = NameOf(member.name);
      if (name != "content" && name != "username") {
        return Invalid(path + "." + std::string(name) +
                       ": a note takes only content and an optional username (its date is the time it is added)");
      }
    }
    const Value* content_value = Member(note, "content");
    if (content_value == nullptr || !content_value->IsString()) {
      return Invalid(path + ".content: expected the note's text as a string");
    }
    const std::string_view content =
        TrimWhitespace(std::string_view(content_value->GetString(), content_value->GetStringLength()));
    if (content.empty()) return Invalid(path + ".content: the note is empty; give its text");
    const Value* username_value = Member(note, "username");
    if (username_value != nullptr && !username_value->IsNull() && !username_value->IsString()) {
      return Invalid(path + ".username: expected a string (or leave it out for the default)");
    }
    std::string_view username = IsBlank(username_value)
                                    ? std::string_view(clock.default_username)
                                    : TrimWhitespace(std::string_view(username_value->GetString(),
                                                                      username_value->GetStringLength()));

    std::string folded = FoldAsciiCase(content);
    if (std::find(seen.begin(), seen.end(), folded) != seen.end()) {
      ++report->notes_skipped_as_duplicates;
      continue;
    }
    seen.push_back(std::move(folded));

    auto notes = FindMember(*merged, "order_notes");
    if (notes == merged->MemberEnd()) {
      merged->AddMember("order_notes", Value(rapidjson::kArrayType), allocator);
      notes = merged->MemberEnd() - 1;
    } else if (!notes->value.IsArray()) {
      if (!notes->value.IsNull() && !(notes->value.IsObject() && notes->value.MemberCount() == 0)) {
        return Status(ODMCP_INTERNAL, "OrderDesk's order has an order_notes value that is not a list");
      }
      notes->value.SetArray();
    }
    Value added(rapidjson::kObjectType);
    added.AddMember("date_added", Key(clock.now, allocator), allocator);
    added.AddMember("username", Key(username, allocator), allocator);
    added.AddMember("content", Key(content, allocator), allocator);
    notes->value.PushBack(added, allocator);
    ++report->notes_added;
  }
  return Status::Ok();
}

// The name-or-company rule of OrderDesk (reference 3.3, 4.2) on one address.
bool HasNameOrCompany(const Value* address) {
  if (address == nullptr) return false;
  return (!IsBlank(Member(*address, "first_name")) && !IsBlank(Member(*address, "last_name"))) ||
         !IsBlank(Member(*address, "company"));
}

// The name fields that `change` blanks and `record` has, as a list for a
// message ("shipping.first_name, customer"), or "" when it blanks none.
std::string ClearedNameFields(const Value& record, const Value& change) {
  std::string cleared;
  auto add = [&cleared](const std::string& path) { cleared += (cleared.empty() ? "" : ", ") + path; };
  for (const char* address : {"shipping", "customer"}) {
    const Value* changed = Member(change, address);
    const Value* original = Member(record, address);
    if (changed == nullptr || original == nullptr) continue;
    if (changed->IsNull()) {
      if (HasNameOrCompany(original)) add(address);
      continue;
    }
    for (const char* field : {"first_name", "last_name", "company"}) {
      const Value* value = Member(*changed, field);
      if (value != nullptr && IsBlank(value) && !IsBlank(Member(*original, field))) {
        add(std::string(address) + "." + field);
      }
    }
  }
  return cleared;
}

// What OrderDesk needs of an order to save it: at least one item, and a
// first and last name or a company on shipping or customer.
Status CheckOrderComplete(const Value& record, const Value& change, const OrderChanges& changes,
                          const rapidjson::Document& merged) {
  const Value* items = Member(merged, "order_items");
  if (items == nullptr || !items->IsArray() || items->Empty()) {
    if (!changes.remove_item_ids.empty()) {
      return Invalid("remove_item_ids: this change would remove every item, and an order needs at least one; "
                     "keep an item or add one in order_items");
    }
    return Invalid("order_items: the order has no items, and OrderDesk needs at least one; add one in order_items");
  }
  if (HasNameOrCompany(Member(merged, "shipping")) || HasNameOrCompany(Member(merged, "customer"))) {
    return Status::Ok();
  }
  const std::string cleared = ClearedNameFields(record, change);
  if (!cleared.empty()) {
    return Invalid(cleared +
                   ": this change would leave the order without a first and last name or a company on shipping or "
                   "customer, which OrderDesk requires; give a value instead of null or \"\"");
  }
  return Invalid("shipping: the order has neither a first and last name nor a company on shipping or customer, "
                 "which OrderDesk requires; include shipping.first_name and shipping.last_name, or "
                 "shipping.company, in the change");
}

}  // namespace

Status MergeOrder(const Value& order, const OrderChanges& changes, const MergeClock& clock,
                  rapidjson::Document* merged, MergeReport* report) {
  MergeReport unused_report;
  if (report == nullptr) report = &unused_report;
  *report = MergeReport();
  if (!order.IsObject()) return Status(ODMCP_INTERNAL, "OrderDesk's order is not a JSON object");
  const Value empty_change(rapidjson::kObjectType);
  const Value& change = changes.fields == nullptr ? empty_change : *changes.fields;
  if (!change.IsObject()) return Invalid("the order changes must be a JSON object of order fields");

  CopyWritableFields(order, kOrderReadOnlyFields, merged);
  Allocator& allocator = merged->GetAllocator();
  const Value empty_list(rapidjson::kArrayType);
  const Value* change_items = &empty_list;
  const Value* change_notes = &empty_list;
  for (const auto& member : change.GetObject()) {
    const std::string_view name = NameOf(member.name);
    Status status = CheckReadOnly(name, member.value, order, kOrderReadOnlyFields, "order");
    if (!status.ok()) return status;
    if (IsOneOf(name, kOrderReadOnlyFields)) continue;
    if (name == "order_items") {
      if (!member.value.IsArray()) {
        return Invalid("order_items: expected a list of items to change (with id) or add (without); "
                       "items are removed only by listing their ids in remove_item_ids");
      }
      change_items = &member.value;
    } else if (name == "order_notes") {
      if (!member.value.IsArray()) {
        return Invalid("order_notes: expected a list of notes to add, each {\"content\": ..., \"username\": ...}; "
                       "existing notes cannot be changed or removed");
      }
      change_notes = &member.value;
    } else {
      MergeMemberInto(merged, name, member.value, allocator);
    }
  }

  Status status = MergeItems(*change_items, changes.remove_item_ids, merged, report);
  if (!status.ok()) return status;
  status = AppendNotes(*change_notes, clock, merged, report);
  if (!status.ok()) return status;
  return CheckOrderComplete(order, change, changes, *merged);
}

Status MergeInventoryItem(const Value& item, const Value& fields, rapidjson::Document* merged) {
  if (!item.IsObject()) return Status(ODMCP_INTERNAL, "OrderDesk's inventory item is not a JSON object");
  if (!fields.IsObject()) return Invalid("the inventory item changes must be a JSON object of item fields");
  CopyWritableFields(item, kInventoryReadOnlyFields, merged);
  for (const auto& member : fields.GetObject()) {
    const std::string_view name = NameOf(member.name);
    Status status = CheckReadOnly(name, member.value, item, kInventoryReadOnlyFields, "inventory item");
    if (!status.ok()) return status;
    if (!IsOneOf(name, kInventoryReadOnlyFields)) {
      MergeMemberInto(merged, name, member.value, merged->GetAllocator());
    }
  }
  for (const char* required : {"name", "code"}) {
    if (!IsBlank(Member(*merged, required))) continue;
    if (Member(fields, required) != nullptr) {
      return Invalid(std::string(required) + ": this change would leave the inventory item without a " + required +
                     ", which OrderDesk requires; give a value instead of null or \"\"");
    }
    return Invalid(std::string(required) + ": the inventory item has no " + required +
                   ", which OrderDesk requires; include one in the change");
  }
  return Status::Ok();
}

Status RunReadMergeWrite(const ReadMergeWrite& steps, int* remerges) {
  int redone = 0;
  auto finish = [&](Status status) {
    if (remerges != nullptr) *remerges = redone;
    return status;
  };
  rapidjson::Document base;
  Status status = steps.read(&base);
  if (!status.ok()) return finish(status);
  const int max_remerges = std::max(0, steps.max_remerges);
  for (;;) {
    rapidjson::Document merged;
    status = steps.merge(base, &merged);
    if (!status.ok()) return finish(status);
    rapidjson::Document fresh;
    status = steps.read_fresh(&fresh);
    if (!status.ok()) return finish(status);
    if (static_cast<const Value&>(fresh) == static_cast<const Value&>(base)) return finish(steps.write(merged));
    if (redone == max_remerges) {
      const std::string subject = steps.subject.empty() ? "the record" : steps.subject;
      const int changes = redone + 1;
      const std::string how_often = changes == 1 ? "once" : std::to_string(changes) + " times in a row";
      return finish(Status(ODMCP_ABORTED, subject + " keeps changing: someone else changed it between our reads " +
                                              how_often +
                                              ", so this update was not applied; try again in a minute"));
    }
    ++redone;
    base.Swap(fresh);
  }
}

}  // namespace odmcp::orderdesk
