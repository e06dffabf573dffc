// Where the KMS key comes from, and reading it from there.
//
// In order, the first that holds a key:
// 1. a systemd credential: $CREDENTIALS_DIRECTORY/<credential> (set by
//    LoadCredential= or SetCredentialEncrypted= in the unit), if the
//    variable is set;
// 2. the file [vault] kms_key_file, if set; it must be readable by its
//    owner only (0600 or 0400);
// 3. the environment variable [vault] kms_key_env. Its value is then wiped
//    from the process's memory and removed from the environment, so that
//    /proc/<pid>/environ no longer shows it.
// Each holds base64 of at least 32 bytes (a trailing newline is ignored).
// The text read is registered as a secret, so no log line can quote it.
#ifndef ODMCP_HOST_SERVICES_TENANTS_KMS_KEY_SOURCE_H_
#define ODMCP_HOST_SERVICES_TENANTS_KMS_KEY_SOURCE_H_

#include <memory>
#include <string>

#include "host/common/status.h"
#include "host/services/tenants/kms_key.h"

namespace odmcp {

struct KmsKeySource {
  std::string env_name = "ODMCP_KMS_KEY";
  std::string file;                        // absolute; empty: none
  std::string credential = "odmcp-kms-key";
};

StatusOr<std::shared_ptr<const KmsKey>> LoadKmsKey(const KmsKeySource& source);

// The message shown when no source holds the key.
std::string MissingKmsKeyHelp(const KmsKeySource& source);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_KMS_KEY_SOURCE_H_
