// Splits one fuzz input into the several texts a target needs (a template
// and a URI, an order and its changes), at a separator line, so that seed
// files stay readable and editable:
//
//   first part
//   %%
//   second part
//
// Parts past the last separator are empty; the last part keeps any further
// separators, so every input is some split.
#ifndef ODMCP_FUZZ_INPUT_PARTS_H_
#define ODMCP_FUZZ_INPUT_PARTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace odmcp::fuzz {

inline constexpr std::string_view kPartSeparator = "\n%%\n";

inline std::vector<std::string_view> SplitParts(const uint8_t* data, size_t size, size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < count) {
    const size_t at = rest.find(kPartSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kPartSeparator.size());
  }
  parts.push_back(rest);
  parts.resize(count);
  return parts;
}

// The lines of a part (environment assignments, field names), without
// their line breaks; no line for a final empty one.
inline std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace odmcp::fuzz

#endif  // ODMCP_FUZZ_INPUT_PARTS_H_
