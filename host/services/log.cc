#include "host/services/log.h"

#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/common/log_level.h"
#include "host/services/redaction.h"

namespace odmcp {
namespace {

// `value`, scrubbed of every secret the host has seen, then cut to
// Logger::kMaxValueBytes (at a UTF-8 character boundary), saying how much
// was left out. Scrubbed first, so a cut cannot leave part of a secret.
std::string Loggable(std::string_view value, const SecretRegistry& secrets) {
  std::string out = secrets.empty() ? std::string(value) : secrets.Scrub(value);
  if (out.size() <= Logger::kMaxValueBytes) return out;
  size_t cut = Logger::kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  const size_t left_out = out.size() - cut;
  out.resize(cut);
  out += "... (" + std::to_string(left_out) + " more bytes)";
  return out;
}

}  // namespace

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
  WriteKeyString(writer, "msg", Loggable(message, secrets));
  for (const LogField& field : fields) {
    if (field.kind != LogField::Kind::kString) {
      writer.Key(field.key.data(), static_cast<rapidjson::SizeType>(field.key.size()));
      if (field.kind == LogField::Kind::kBool) {
        writer.Bool(field.number != 0);
      } else {
        writer.Int64(field.number);
      }
      continue;
    }
    WriteKeyString(writer, field.key,
                   IsSecretName(field.key) ? std::string(kRedacted) : Loggable(field.value, secrets));
  }
  writer.EndObject();
  // One write per line: stderr is unbuffered, so each call is a system call.
  buffer.Put('\n');
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(buffer.GetString(), 1, buffer.GetSize(), out_);
  std::fflush(out_);
}

Logger& HostLog() {
  static Logger logger;
  return logger;
}

}  // namespace odmcp
