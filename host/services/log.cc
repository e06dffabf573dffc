#include "host/services/log.h"

#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/common/log_level.h"
#include "host/services/redaction.h"

namespace odmcp {

Logger::Logger(FILE* out, int32_t min_level) : out_(out), min_level_(min_level) {}

void Logger::Write(int32_t level, std::string_view message,
                   std::initializer_list<LogField> fields) {
  if (!Enabled(level)) return;
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteKeyString(writer, "ts", Rfc3339Millis(UnixMillis()));
  WriteKeyString(writer, "level", LogLevelName(level));
  // The last net before the disk: fields named like secrets are dropped,
  // and any secret the host has seen is scrubbed from every value.
  const SecretRegistry& secrets = SecretRegistry::Process();
  WriteKeyString(writer, "msg", secrets.empty() ? std::string(message) : secrets.Scrub(message));
  for (const LogField& field : fields) {
    if (IsSecretName(field.key)) {
      WriteKeyString(writer, field.key, kRedacted);
    } else {
      WriteKeyString(writer, field.key,
                     secrets.empty() ? std::string(field.value) : secrets.Scrub(field.value));
    }
  }
  writer.EndObject();
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(buffer.GetString(), 1, buffer.GetSize(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

Logger& HostLog() {
  static Logger logger;
  return logger;
}

}  // namespace odmcp
