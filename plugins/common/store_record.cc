#include "plugins/common/store_record.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

#include "plugins/common/text.h"

namespace odmcp::orderdesk {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(JsonWriter& w, std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

std::string Folded(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The public object of a list entry: itself, or parsed from a string into
// *holder. nullptr if neither.
const rapidjson::Value* PublicObject(const rapidjson::Value& entry, rapidjson::Document* holder) {
  const rapidjson::Value* value = Member(entry, "public");
  if (value != nullptr && value->IsString()) {
    holder->Parse(value->GetString(), value->GetStringLength());
    value = holder->HasParseError() ? nullptr : holder;
  }
  return value != nullptr && value->IsObject() ? value : nullptr;
}

}  // namespace

bool IsStoreId(std::string_view text) {
  return IsDigits(text) && text.size() <= kMaxStoreIdDigits;
}

std::string StoreEntryName(std::string_view store_id) {
  return std::string(kStoreEntryPrefix) + std::string(store_id);
}

std::string StoreLabel(const StoreRecord& store) {
  return store.name + " (" + store.store_id + ")";
}

Status CheckStoreName(std::string_view name) {
  name = TrimWhitespace(name);
  if (name.empty()) return Status(ODMCP_INVALID_ARGUMENT, "a store name cannot be blank");
  if (name.size() > kMaxStoreNameBytes) {
    return Status(ODMCP_INVALID_ARGUMENT, "a store name must be at most " +
                                              std::to_string(kMaxStoreNameBytes) + " bytes");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return Status(ODMCP_INVALID_ARGUMENT, "a store name cannot contain control characters");
    }
  }
  if (IsDigits(name)) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "a store name cannot be only digits, since digits are read as a store id");
  }
  return Status::Ok();
}

std::string StorePublicJson(const StoreRecord& store) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("store_id");
  WriteString(w, store.store_id);
  w.Key("name");
  WriteString(w, store.name);
  w.Key("registered_at");
  WriteString(w, store.registered_at);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string StoreSecretHeadersJson(std::string_view store_id, std::string_view api_key) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteString(w, kStoreIdHeader);
  WriteString(w, store_id);
  WriteString(w, kApiKeyHeader);
  WriteString(w, api_key);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Status ParseStoreEntries(std::string_view list_json, std::vector<StoreRecord>* stores) {
  stores->clear();
  rapidjson::Document list;
  list.Parse(list_json.data(), list_json.size());
  if (list.HasParseError() || !list.IsArray()) {
    return Status(ODMCP_INTERNAL, "the vault's list of stores is not a JSON array");
  }
  for (const rapidjson::Value& entry : list.GetArray()) {
    std::string_view name = GetString(entry, "name").value_or("");
    if (name.substr(0, kStoreEntryPrefix.size()) != kStoreEntryPrefix) continue;
    std::string_view store_id = name.substr(kStoreEntryPrefix.size());
    if (!IsStoreId(store_id)) continue;
    StoreRecord record;
    record.store_id.assign(store_id);
    rapidjson::Document holder;
    if (const rapidjson::Value* pub = PublicObject(entry, &holder)) {
      record.name.assign(TrimWhitespace(GetString(*pub, "name").value_or("")));
      record.registered_at.assign(GetString(*pub, "registered_at").value_or(""));
    }
    if (record.name.empty()) record.name = "Store " + record.store_id;
    stores->push_back(std::move(record));
  }
  std::sort(stores->begin(), stores->end(), [](const StoreRecord& a, const StoreRecord& b) {
    std::string fa = Folded(a.name), fb = Folded(b.name);
    if (fa != fb) return fa < fb;
    // Numeric order of ids: shorter digit strings are smaller numbers.
    if (a.store_id.size() != b.store_id.size()) return a.store_id.size() < b.store_id.size();
    return a.store_id < b.store_id;
  });
  return Status::Ok();
}

const StoreRecord* FindStoreById(const std::vector<StoreRecord>& stores, std::string_view store_id) {
  for (const StoreRecord& store : stores) {
    if (store.store_id == store_id) return &store;
  }
  return nullptr;
}

}  // namespace odmcp::orderdesk
