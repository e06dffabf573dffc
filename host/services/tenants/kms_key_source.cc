#include "host/services/tenants/kms_key_source.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "host/common/secret_environment.h"
#include "host/crypto/secure_bytes.h"
#include "host/services/redaction.h"

namespace odmcp {
namespace {

// The key in `text`, registered as a secret; the text is wiped.
StatusOr<std::shared_ptr<const KmsKey>> Decode(std::string* text, const std::string& where) {
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  SecretRegistry::Process().Add(*text);
  StatusOr<std::shared_ptr<const KmsKey>> key = KmsKey::FromBase64(*text);
  crypto::Wipe(text);
  if (!key.ok()) return Status(ODMCP_INVALID_ARGUMENT, where + ": " + key.error());
  return key;
}

// The file's whole text, or nullopt if it does not exist; an error if it
// cannot be read or others may read it.
StatusOr<std::optional<std::string>> ReadKeyFile(const std::string& path, bool check_mode) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Status(ODMCP_INVALID_ARGUMENT, "KMS key file " + path + ": " + std::strerror(errno));
  }
  if (check_mode && (info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return Status(ODMCP_INVALID_ARGUMENT, "KMS key file " + path +
                                              " is readable by other users (mode " + mode +
                                              "); make it the owner's only: chmod 600 " + path);
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return Status(ODMCP_INVALID_ARGUMENT, "KMS key file " + path + ": cannot be read");
  }
  return std::optional<std::string>(text.str());
}

}  // namespace

StatusOr<std::shared_ptr<const KmsKey>> LoadKmsKey(const KmsKeySource& source) {
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir != nullptr && *dir != '\0') {
    const std::string path = std::string(dir) + "/" + source.credential;
    // systemd makes these files itself, readable by the service alone.
    StatusOr<std::optional<std::string>> text = ReadKeyFile(path, /*check_mode=*/false);
    if (!text.ok()) return text.status();
    if (text.value()) return Decode(&*text.value(), "systemd credential " + path);
  }
  if (!source.file.empty()) {
    StatusOr<std::optional<std::string>> text = ReadKeyFile(source.file, /*check_mode=*/true);
    if (!text.ok()) return text.status();
    if (!text.value()) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "KMS key file " + source.file + " ([vault] kms_key_file) does not exist");
    }
    return Decode(&*text.value(), "KMS key file " + source.file);
  }
  std::optional<std::string> text = TakeSecretFromEnvironment(source.env_name);
  if (!text) return Status(ODMCP_INVALID_ARGUMENT, MissingKmsKeyHelp(source));
  return Decode(&*text, "environment variable " + source.env_name);
}

std::string MissingKmsKeyHelp(const KmsKeySource& source) {
  return "the KMS key is missing: set the environment variable " + source.env_name +
         " (named by [vault] kms_key_env) to base64 of at least 32 random bytes, e.g. " +
         source.env_name + "=$(openssl rand -base64 32), or put it in a file named by [vault] "
         "kms_key_file (mode 600), or in a systemd credential named " + source.credential +
         "; and keep it safe: without it no stored credential can be read. (A server that "
         "stores no credentials can run with [tenants] mode = \"none\" instead.)";
}

}  // namespace odmcp
