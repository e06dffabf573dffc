#include "host/cli/audit_format.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string_view>

#include "host/common/clock.h"
#include "host/common/json.h"

namespace odmcp {
namespace {

// Control characters (a newline in a store name, a terminal escape) would
// break the table or reach the terminal; the other formats escape them.
std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::string TenantLabel(const AuditRow& row) {
  if (!row.tenant_name.empty()) return row.tenant_name;
  // A deleted tenant leaves its id behind.
  return row.record.tenant_id == 0 ? "-" : "#" + std::to_string(row.record.tenant_id);
}

}  // namespace

void PrintTable(const std::vector<AuditRow>& rows) {
  std::vector<std::vector<std::string>> cells = {
      {"ID", "TIME", "TENANT", "TOOL", "STORE", "OUTCOME", "MS", "CORRELATION ID"}};
  for (const AuditRow& row : rows) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f", static_cast<double>(row.record.duration_us) / 1000);
    cells.push_back({std::to_string(row.id), Rfc3339Millis(row.record.time_ms),
                     Printable(TenantLabel(row)), Printable(row.record.tool),
                     row.record.store.empty() ? "-" : Printable(row.record.store),
                     Printable(row.record.outcome), ms, Printable(row.record.correlation_id)});
  }
  // Columns are as wide as their widest cell, counted in characters (UTF-8
  // continuation bytes take no column).
  auto width = [](const std::string& cell) {
    return static_cast<size_t>(std::count_if(cell.begin(), cell.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
  };
  std::vector<size_t> widths(cells[0].size(), 0);
  for (const auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], width(line[i]));
  }
  const size_t kRightAligned[] = {0, 6};  // the numbers: id and ms
  for (const auto& line : cells) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
      const std::string padding(widths[i] - width(line[i]), ' ');
      const bool right = std::find(std::begin(kRightAligned), std::end(kRightAligned), i) !=
                         std::end(kRightAligned);
      if (i > 0) out += "  ";
      out += right ? padding + line[i] : line[i] + (i + 1 < line.size() ? padding : "");
    }
    std::printf("%s\n", out.c_str());
  }
}

void AppendJsonLine(const AuditRow& row, std::string& out) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  auto string_or_null = [&](const char* key, const std::string& value) {
    w.Key(key);
    if (value.empty()) {
      w.Null();
    } else {
      WriteString(w, value);
    }
  };
  w.StartObject();
  w.Key("id");
  w.Int64(row.id);
  WriteKeyString(w, "time", Rfc3339Millis(row.record.time_ms));
  string_or_null("tenant", row.tenant_name);
  w.Key("tenant_id");
  if (row.record.tenant_id == 0) {
    w.Null();
  } else {
    w.Int64(row.record.tenant_id);
  }
  WriteKeyString(w, "tool", row.record.tool);
  string_or_null("store", row.record.store);
  WriteKeyString(w, "outcome", row.record.outcome);
  w.Key("duration_us");
  w.Int64(row.record.duration_us);
  WriteKeyString(w, "correlation_id", row.record.correlation_id);
  w.Key("arguments");
  // The host wrote valid JSON; a row edited behind its back must still
  // leave every line parseable.
  if (IsValidJson(row.record.arguments_json)) {
    WriteRaw(w, row.record.arguments_json);
  } else {
    WriteString(w, row.record.arguments_json);
  }
  w.EndObject();
  out.append(buffer.GetString(), buffer.GetSize());
  out += '\n';
}

const char* const kCsvHeader =
    "id,time,tenant,tenant_id,tool,store,outcome,duration_us,correlation_id,arguments\r\n";

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes
// doubled; records end with CRLF.
void AppendCsvLine(const AuditRow& row, std::string& out) {
  auto field = [&](std::string_view value, bool last = false) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
      out += value;
    } else {
      out += '"';
      for (char c : value) out += c == '"' ? std::string_view("\"\"") : std::string_view(&c, 1);
      out += '"';
    }
    out += last ? "\r\n" : ",";
  };
  field(std::to_string(row.id));
  field(Rfc3339Millis(row.record.time_ms));
  field(row.tenant_name);
  field(row.record.tenant_id == 0 ? "" : std::to_string(row.record.tenant_id));
  field(row.record.tool);
  field(row.record.store);
  field(row.record.outcome);
  field(std::to_string(row.record.duration_us));
  field(row.record.correlation_id);
  field(row.record.arguments_json, /*last=*/true);
}

}  // namespace odmcp
