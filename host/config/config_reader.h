// Building blocks of the configuration loader: typed, located reads of TOML
// tables with environment overrides, and error collection. Internal to
// host/config.
#ifndef ODMCP_HOST_CONFIG_CONFIG_READER_H_
#define ODMCP_HOST_CONFIG_CONFIG_READER_H_

#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace odmcp::config_internal {

// Parses `text` as one TOML value; the result is a table whose only key "v"
// holds it. Nullopt if `text` is not a TOML value.
std::optional<toml::table> ParseTomlValue(const std::string& text);

// ODMCP_* variables that name configuration keys, by dotted lowercase path.
class EnvOverrides {
 public:
  explicit EnvOverrides(const std::vector<std::string>& environment);

  // The override for `path` (marking it used), or nullopt.
  std::optional<std::string> Take(const std::string& path);
  // Variable name for `path`, for messages: plugins.x.enabled -> ODMCP_PLUGINS__X__ENABLED.
  static std::string VariableFor(const std::string& path);
  // Paths of unused overrides that start with `prefix`, marking them used.
  std::vector<std::string> TakePrefix(const std::string& prefix);
  // Distinct second segments of paths under `prefix` (e.g. plugin names).
  std::set<std::string> ChildNames(const std::string& prefix) const;
  // Every override not taken, as "ODMCP_X=value" names.
  std::vector<std::string> Unused() const;

 private:
  std::map<std::string, std::string> values_;  // path -> value
  std::set<std::string> used_;
};

// `text` with its control characters written as escapes ("\n", "\x1b"), so
// that a message quoting a value, or toml++'s description of a syntax error,
// stays on one line.
std::string OnOneLine(std::string_view text);

// Collects problems, each located in the file or the environment, one line
// each.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void At(const toml::node* node, const std::string& key, const std::string& message);
  void At(const toml::source_region& where, const std::string& key, const std::string& message);
  void InEnv(const std::string& key, const std::string& message);
  void General(const std::string& message) { Add(file_ + ": " + message); }
  bool empty() const { return lines_.empty(); }
  std::string Joined() const;
  const std::string& file() const { return file_; }

 private:
  void Add(const std::string& line) { lines_.push_back(OnOneLine(line)); }

  std::string file_;
  std::vector<std::string> lines_;
};

// Reads the keys of one table. Every read consults the environment first;
// Finish() reports the table's keys that nobody read.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string prefix, EnvOverrides& env,
              Problems& problems);

  std::optional<std::string> String(const std::string& key);
  std::optional<int64_t> Int(const std::string& key, int64_t min, int64_t max);
  std::optional<bool> Bool(const std::string& key);
  std::optional<std::vector<std::string>> StringList(const std::string& key);
  // A nested table (nullptr if absent) or a problem if the key is not a table.
  const toml::table* Table(const std::string& key);
  // True if the value read for `key` came from the environment.
  bool FromEnv(const std::string& key) const { return from_env_.count(key) > 0; }
  // Marks `key` as known without reading it.
  void Skip(const std::string& key) { read_.insert(key); }

  // Where `key` is, for messages about values that parsed but are invalid.
  void Invalid(const std::string& key, const std::string& message);
  // Reports keys of the table that were never read.
  void Finish();

  std::string PathOf(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
  }

 private:
  const toml::node* Node(const std::string& key);

  const toml::table* table_;
  std::string prefix_;
  EnvOverrides& env_;
  Problems& problems_;
  std::set<std::string> read_;
  std::set<std::string> from_env_;  // keys whose value came from the environment
};

}  // namespace odmcp::config_internal

#endif  // ODMCP_HOST_CONFIG_CONFIG_READER_H_
