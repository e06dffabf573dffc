#include "host/crypto/openssl_glue.h"

#include <openssl/err.h>
#include <openssl/params.h>

#include <cstdio>
#include <cstdlib>

namespace odmcp::crypto::internal {

const unsigned char* Bytes(std::string_view s) {
  static const unsigned char kEmpty[1] = {0};
  return s.data() != nullptr ? reinterpret_cast<const unsigned char*>(s.data()) : kEmpty;
}

OSSL_PARAM OctetParam(const char* name, std::string_view s) {
  // OSSL_PARAM is read-write by type; the KDFs only read their inputs.
  return OSSL_PARAM_construct_octet_string(
      name, const_cast<unsigned char*>(Bytes(s)), s.size());
}

std::string TakeOpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

void AbortOnOpenSslFailure(const char* what) {
  std::fprintf(stderr, "orderdesk-mcp: %s failed: %s\n", what, TakeOpenSslError().c_str());
  std::abort();
}

}  // namespace odmcp::crypto::internal
