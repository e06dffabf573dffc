#include "host/config/config_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace odmcp::config_internal {
namespace {

constexpr std::string_view kEnvPrefix = "ODMCP_";

std::string Lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::optional<toml::table> ParseTomlValue(const std::string& text) {
  try {
    toml::table table = toml::parse("v = " + text);
    if (table.size() == 1 && table.contains("v")) return table;
  } catch (const toml::parse_error&) {
  }
  return std::nullopt;
}

EnvOverrides::EnvOverrides(const std::vector<std::string>& environment) {
  for (const std::string& entry : environment) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string_view name(entry.data(), eq);
    if (name.substr(0, kEnvPrefix.size()) != kEnvPrefix) continue;
    std::string_view rest = name.substr(kEnvPrefix.size());
    if (rest.find("__") == std::string_view::npos) continue;
    std::string path;
    for (size_t i = 0; i < rest.size(); ++i) {
      if (rest.compare(i, 2, "__") == 0) {
        path.push_back('.');
        ++i;
      } else {
        path.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(rest[i]))));
      }
    }
    values_[path] = entry.substr(eq + 1);
  }
}

std::optional<std::string> EnvOverrides::Take(const std::string& path) {
  auto it = values_.find(path);
  if (it == values_.end()) return std::nullopt;
  used_.insert(path);
  return it->second;
}

std::string EnvOverrides::VariableFor(const std::string& path) {
  std::string name(kEnvPrefix);
  for (char c : path) {
    if (c == '.') {
      name += "__";
    } else {
      name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return name;
}

std::vector<std::string> EnvOverrides::TakePrefix(const std::string& prefix) {
  std::vector<std::string> paths;
  for (const auto& [path, value] : values_) {
    if (path.compare(0, prefix.size(), prefix) == 0 && !used_.count(path)) {
      paths.push_back(path);
      used_.insert(path);
    }
  }
  return paths;
}

std::set<std::string> EnvOverrides::ChildNames(const std::string& prefix) const {
  std::set<std::string> names;
  for (const auto& [path, value] : values_) {
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    std::string rest = path.substr(prefix.size());
    size_t dot = rest.find('.');
    if (dot != std::string::npos) names.insert(rest.substr(0, dot));
  }
  return names;
}

std::vector<std::string> EnvOverrides::Unused() const {
  std::vector<std::string> names;
  for (const auto& [path, value] : values_) {
    if (!used_.count(path)) names.push_back(VariableFor(path));
  }
  return names;
}

std::string OnOneLine(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

void Problems::At(const toml::node* node, const std::string& key, const std::string& message) {
  if (node == nullptr) {
    Add(file_ + ": " + key + ": " + message);
  } else {
    At(node->source(), key, message);
  }
}

void Problems::At(const toml::source_region& where, const std::string& key,
                  const std::string& message) {
  std::string location = file_;
  if (where.begin.line > 0) {
    location += ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
  }
  Add(location + ": " + key + ": " + message);
}

void Problems::InEnv(const std::string& key, const std::string& message) {
  Add("environment variable " + EnvOverrides::VariableFor(key) + ": " + key + ": " + message);
}

std::string Problems::Joined() const {
  std::string out;
  for (const std::string& line : lines_) {
    if (!out.empty()) out.push_back('\n');
    out += line;
  }
  return out;
}

TableReader::TableReader(const toml::table* table, std::string prefix, EnvOverrides& env,
                         Problems& problems)
    : table_(table), prefix_(std::move(prefix)), env_(env), problems_(problems) {}

const toml::node* TableReader::Node(const std::string& key) {
  read_.insert(key);
  return table_ == nullptr ? nullptr : table_->get(key);
}

std::optional<std::string> TableReader::String(const std::string& key) {
  if (auto v = env_.Take(PathOf(key))) {
    read_.insert(key);
    from_env_.insert(key);
    return v;
  }
  const toml::node* node = Node(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  problems_.At(node, PathOf(key), "expected a string, got " + TypeName(*node));
  return std::nullopt;
}

std::optional<int64_t> TableReader::Int(const std::string& key, int64_t min, int64_t max) {
  std::string range = " from " + std::to_string(min) + " to " + std::to_string(max);
  int64_t value = 0;
  if (auto v = env_.Take(PathOf(key))) {
    read_.insert(key);
    std::string text = Trim(*v);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      problems_.InEnv(PathOf(key), "expected an integer" + range + ", got \"" + *v + "\"");
      return std::nullopt;
    }
    if (value < min || value > max) {
      problems_.InEnv(PathOf(key), "expected an integer" + range + ", got " + text);
      return std::nullopt;
    }
    return value;
  }
  const toml::node* node = Node(key);
  if (node == nullptr) return std::nullopt;
  const auto* i = node->as_integer();
  if (i == nullptr) {
    problems_.At(node, PathOf(key), "expected an integer" + range + ", got " + TypeName(*node));
    return std::nullopt;
  }
  value = i->get();
  if (value < min || value > max) {
    problems_.At(node, PathOf(key),
                 "expected an integer" + range + ", got " + std::to_string(value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> TableReader::Bool(const std::string& key) {
  if (auto v = env_.Take(PathOf(key))) {
    read_.insert(key);
    std::string text = Lowercase(Trim(*v));
    if (text == "true") return true;
    if (text == "false") return false;
    problems_.InEnv(PathOf(key), "expected true or false, got \"" + *v + "\"");
    return std::nullopt;
  }
  const toml::node* node = Node(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  problems_.At(node, PathOf(key), "expected true or false, got " + TypeName(*node));
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::StringList(const std::string& key) {
  if (auto v = env_.Take(PathOf(key))) {
    read_.insert(key);
    std::vector<std::string> items;
    std::string text = Trim(*v);
    if (!text.empty() && text.front() == '[') {
      std::optional<toml::table> parsed = ParseTomlValue(text);
      const toml::array* array = parsed ? (*parsed)["v"].as_array() : nullptr;
      if (array == nullptr || !array->is_homogeneous(toml::node_type::string)) {
        problems_.InEnv(PathOf(key), "expected a TOML array of strings or a comma-separated list");
        return std::nullopt;
      }
      for (const toml::node& item : *array) items.push_back(item.as_string()->get());
      return items;
    }
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = text.find(',', start);
      std::string item = Trim(text.substr(start, comma - start));
      if (!item.empty()) items.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return items;
  }
  const toml::node* node = Node(key);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr) {
    problems_.At(node, PathOf(key), "expected an array of strings, got " + TypeName(*node));
    return std::nullopt;
  }
  std::vector<std::string> items;
  for (const toml::node& item : *array) {
    if (const auto* s = item.as_string()) {
      items.push_back(s->get());
    } else {
      problems_.At(&item, PathOf(key), "expected an array of strings, found " + TypeName(item));
      return std::nullopt;
    }
  }
  return items;
}

const toml::table* TableReader::Table(const std::string& key) {
  const toml::node* node = Node(key);
  if (node == nullptr) return nullptr;
  if (const auto* t = node->as_table()) return t;
  problems_.At(node, PathOf(key), "expected a table, got " + TypeName(*node));
  return nullptr;
}

void TableReader::Invalid(const std::string& key, const std::string& message) {
  if (from_env_.count(key)) {
    problems_.InEnv(PathOf(key), message);
  } else {
    problems_.At(table_ == nullptr ? nullptr : table_->get(key), PathOf(key), message);
  }
}

void TableReader::Finish() {
  if (table_ == nullptr) return;
  for (const auto& [key, node] : *table_) {
    std::string name(key.str());
    if (!read_.count(name)) problems_.At(key.source(), PathOf(name), "unknown key");
  }
}

}  // namespace odmcp::config_internal
