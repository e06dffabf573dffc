// Fuzzes resource URI templates (host/plugins/uri_template.h). The input is
// a template, then a URI to match against it:
//
//   orderdesk://stores/{store}/orders/{id}
//   %%
//   orderdesk://stores/main/orders/200001
//
// Covers UriTemplate::Parse (including every refusal) and Match.
//
// Asserts, beyond no crash and no sanitizer report:
//   - a parsed template keeps its text, and its variables are distinct
//     names of [A-Za-z0-9_];
//   - a match gives one value per variable, in template order, each
//     non-empty and without '/';
//   - a URI a template matched expands back to itself: the template with
//     each variable replaced by its value is the URI, byte for byte.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "host/plugins/uri_template.h"

namespace odmcp {
namespace {

using Values = std::vector<std::pair<std::string, std::string>>;

bool IsVariableName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_';
    if (!ok) return false;
  }
  return true;
}

// The template with "{name}" replaced by each variable's value, in template
// order (a value may itself look like a placeholder: it is skipped over).
std::string Expand(std::string_view text, const Values& values) {
  std::string out(text);
  size_t from = 0;
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + name + "}";
    const size_t at = out.find(placeholder, from);
    FUZZ_CHECK(at != std::string::npos);
    out.replace(at, placeholder.size(), value);
    from = at + value.size();
  }
  return out;
}

void CheckParsed(const UriTemplate& parsed, std::string_view text) {
  FUZZ_CHECK(parsed.text() == text);
  std::set<std::string> seen;
  for (const std::string& name : parsed.variables()) {
    FUZZ_CHECK(IsVariableName(name));
    FUZZ_CHECK(seen.insert(name).second);
  }
}

void CheckMatch(const UriTemplate& parsed, const Values& values, std::string_view uri) {
  FUZZ_CHECK(values.size() == parsed.variables().size());
  for (size_t i = 0; i < values.size(); ++i) {
    FUZZ_CHECK(values[i].first == parsed.variables()[i]);
    FUZZ_CHECK(!values[i].second.empty());
    FUZZ_CHECK(values[i].second.find('/') == std::string::npos);
  }
  FUZZ_CHECK(Expand(parsed.text(), values) == uri);
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  const std::vector<std::string_view> parts = fuzz::SplitParts(data, size, 2);
  StatusOr<UriTemplate> parsed = UriTemplate::Parse(parts[0]);
  if (!parsed.ok()) return 0;
  CheckParsed(parsed.value(), parts[0]);
  if (std::optional<Values> values = parsed.value().Match(parts[1])) {
    CheckMatch(parsed.value(), *values, parts[1]);
  }
  return 0;
}
