// TlsContext: the server's TLS settings and certificate, replaceable while
// it serves. Each new connection takes the current context; connections
// already open keep the one they started with, so replacing the
// certificate (SIGHUP) drops nothing.
//
// Protocols TLS 1.2 and 1.3 only; TLS 1.2 with forward-secret AEAD cipher
// suites only (ECDHE with AES-GCM or ChaCha20-Poly1305), the server's
// preference first; no compression, no renegotiation, no session tickets
// kept across reloads.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_TRANSPORT_TLS_CONTEXT_H_
#define ODMCP_HOST_TRANSPORT_TLS_CONTEXT_H_

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <mutex>
#include <string>

#include "host/common/status.h"

namespace odmcp {

class TlsContext {
 public:
  // Loads `cert_file` (PEM: the certificate, then any intermediates) and
  // `key_file` (PEM private key); the error names the file at fault.
  static StatusOr<std::unique_ptr<TlsContext>> Load(std::string cert_file, std::string key_file);

  // The context for a connection accepted now.
  std::shared_ptr<boost::asio::ssl::context> current() const;
  // Reads both files again; on failure the current context stays.
  StatusOr<bool> Reload();

 private:
  TlsContext(std::string cert_file, std::string key_file,
             std::shared_ptr<boost::asio::ssl::context> context);
  static StatusOr<std::shared_ptr<boost::asio::ssl::context>> Build(const std::string& cert_file,
                                                                    const std::string& key_file);

  const std::string cert_file_;
  const std::string key_file_;
  mutable std::mutex mutex_;
  std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_TLS_CONTEXT_H_
