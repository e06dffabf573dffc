#include "host/cli/cli_options.h"

#include <algorithm>

namespace odmcp {

StatusOr<std::map<std::string, std::string>> ParseOptions(const std::vector<std::string>& args,
                                                          const std::vector<std::string>& known) {
  std::map<std::string, std::string> values;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      return Status(ODMCP_INVALID_ARGUMENT, "unexpected argument \"" + arg + "\"");
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Status(ODMCP_INVALID_ARGUMENT, "unknown option \"" + name + "\"");
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    if (value.empty()) return Status(ODMCP_INVALID_ARGUMENT, name + " needs a value");
    if (!values.emplace(name, value).second) {
      return Status(ODMCP_INVALID_ARGUMENT, name + " is given twice");
    }
  }
  return values;
}

}  // namespace odmcp
