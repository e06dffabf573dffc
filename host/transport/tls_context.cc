#include "host/transport/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace odmcp {
namespace {

constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// The reason OpenSSL gave for the last failure, emptying its queue.
std::string OpenSslReason() {
  std::string reason;
  while (unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason = text;
  }
  return reason.empty() ? "unknown error" : reason;
}

}  // namespace

TlsContext::TlsContext(std::string cert_file, std::string key_file,
                       std::shared_ptr<boost::asio::ssl::context> context)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)), context_(std::move(context)) {}

StatusOr<std::unique_ptr<TlsContext>> TlsContext::Load(std::string cert_file,
                                                       std::string key_file) {
  StatusOr<std::shared_ptr<boost::asio::ssl::context>> built = Build(cert_file, key_file);
  if (!built.ok()) return built.status();
  return std::unique_ptr<TlsContext>(
      new TlsContext(std::move(cert_file), std::move(key_file), std::move(built).value()));
}

std::shared_ptr<boost::asio::ssl::context> TlsContext::current() const {
  std::lock_guard lock(mutex_);
  return context_;
}

StatusOr<bool> TlsContext::Reload() {
  StatusOr<std::shared_ptr<boost::asio::ssl::context>> built = Build(cert_file_, key_file_);
  if (!built.ok()) return built.status();
  std::lock_guard lock(mutex_);
  context_ = std::move(built).value();
  return true;
}

StatusOr<std::shared_ptr<boost::asio::ssl::context>> TlsContext::Build(
    const std::string& cert_file, const std::string& key_file) {
  auto context = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  ERR_clear_error();
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "cannot set the TLS 1.2 cipher suites: " + OpenSslReason());
  }
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Status(ODMCP_INVALID_ARGUMENT, "http.tls_cert: cannot load the certificate chain from " +
                                              cert_file + ": " + OpenSslReason());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Status(ODMCP_INVALID_ARGUMENT, "http.tls_key: cannot load the private key from " +
                                              key_file + ": " + OpenSslReason());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return Status(ODMCP_INVALID_ARGUMENT, "http.tls_key: the private key in " + key_file +
                                              " does not belong to the certificate in " +
                                              cert_file);
  }
  return context;
}

}  // namespace odmcp
