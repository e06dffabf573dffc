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
  // A value shorter than any registered secret cannot hold one.
  std::string out = secrets.empty() || value.size() < SecretRegistry::kMinLength
                        ? std::string(value)
                        : secrets.Scrub(value);
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

Logger::~Logger() { StopBackground(); }

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
  buffer.Put('\n');
  Emit(level, std::string_view(buffer.GetString(), buffer.GetSize()));
}

void Logger::Emit(int32_t level, std::string_view line) {
  if (level < ODMCP_LOG_WARNING) {
    MutexLock lock(&queue_mutex_);
    if (background_) {
      const bool was_empty = queue_.empty();
      queue_.append(line);
      if (queue_.size() < kMaxQueuedBytes) {
        if (was_empty) queue_changed_.Signal();
        return;
      }
      line = {};  // queued: written below with the rest
    }
  }
  WriteQueuedThen(line);
}

void Logger::WriteQueuedThen(std::string_view line) {
  MutexLock write(&write_mutex_);
  std::string queued;
  {
    MutexLock lock(&queue_mutex_);
    queued.swap(queue_);
  }
  std::string_view out = line;
  if (!queued.empty()) {
    queued.append(line);
    out = queued;
  }
  if (out.empty()) return;
  // One fwrite: stderr is unbuffered, so each call is a system call.
  std::fwrite(out.data(), 1, out.size(), out_);
  std::fflush(out_);
}

void Logger::Flush() { WriteQueuedThen({}); }

void Logger::StartBackground() {
  MutexLock lock(&queue_mutex_);
  background_ = true;
  stopping_ = false;
  writer_ = std::thread([this] { RunBackground(); });
}

void Logger::StopBackground() {
  {
    MutexLock lock(&queue_mutex_);
    if (!background_) return;
    background_ = false;
    stopping_ = true;
    queue_changed_.Signal();
  }
  writer_.join();
  Flush();
}

void Logger::RunBackground() {
  MutexLock lock(&queue_mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      queue_changed_.Wait(&queue_mutex_);
      continue;
    }
    // Let more lines gather, then write them in one go.
    queue_changed_.WaitFor(&queue_mutex_, kFlushInterval);
    queue_mutex_.Unlock();
    Flush();
    queue_mutex_.Lock();
  }
}

Logger& HostLog() {
  static Logger logger;
  return logger;
}

}  // namespace odmcp
