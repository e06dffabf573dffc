#include "tests/integration/http_client/test_certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "gtest/gtest.h"

namespace odmcp::testing {
namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

void Check(bool ok, const char* what) {
  if (!ok) {
    ADD_FAILURE() << "OpenSSL failed to " << what;
    std::abort();
  }
}

Key NewKey() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  Check(key != nullptr, "generate a key");
  return key;
}

void AddExtension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  Check(extension != nullptr && X509_add_ext(certificate, extension, -1) == 1, "add an extension");
  X509_EXTENSION_free(extension);
}

// A certificate for `key` named `common_name`, signed by `issuer_key`
// (self-signed when `issuer` is null), valid from an hour ago for a day.
Certificate NewCertificate(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key,
                           long serial, const std::vector<std::pair<int, const char*>>& extensions) {
  Certificate certificate(X509_new(), &X509_free);
  Check(certificate != nullptr && X509_set_version(certificate.get(), 2) == 1, "create a certificate");
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
  X509_NAME* name = X509_get_subject_name(certificate.get());
  Check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1,
                                   -1, 0) == 1,
        "name a certificate");
  X509* signer = issuer != nullptr ? issuer : certificate.get();
  Check(X509_set_issuer_name(certificate.get(), X509_get_subject_name(signer)) == 1 &&
            X509_set_pubkey(certificate.get(), key) == 1,
        "fill a certificate");
  for (const auto& [nid, value] : extensions) AddExtension(certificate.get(), signer, nid, value);
  Check(X509_sign(certificate.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0,
        "sign a certificate");
  return certificate;
}

void WriteCertificate(const std::string& path, X509* certificate) {
  FILE* file = std::fopen(path.c_str(), "w");
  Check(file != nullptr && PEM_write_X509(file, certificate) == 1, "write a certificate");
  std::fclose(file);
}

void WriteKey(const std::string& path, EVP_PKEY* key) {
  FILE* file = std::fopen(path.c_str(), "w");
  Check(file != nullptr && PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "write a key");
  std::fclose(file);
}

}  // namespace

TestCertificates::TestCertificates(const std::string& subject_alt_names) {
  std::string pattern = ::testing::TempDir() + "odmcp-http-tls-XXXXXX";
  Check(mkdtemp(pattern.data()) != nullptr, "make a temporary directory");
  dir_ = pattern;
  ca_file_ = dir_ + "/ca.pem";
  cert_file_ = dir_ + "/server.pem";
  key_file_ = dir_ + "/server-key.pem";

  const Key ca_key = NewKey();
  const Certificate ca = NewCertificate(ca_key.get(), "odmcp test CA", nullptr, nullptr, 1,
                                        {{NID_basic_constraints, "critical,CA:TRUE"},
                                         {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                         {NID_subject_key_identifier, "hash"}});
  const Key server_key = NewKey();
  const Certificate server = NewCertificate(server_key.get(), "odmcp test server", ca.get(), ca_key.get(), 2,
                                            {{NID_basic_constraints, "critical,CA:FALSE"},
                                             {NID_key_usage, "critical,digitalSignature"},
                                             {NID_ext_key_usage, "serverAuth"},
                                             {NID_subject_alt_name, subject_alt_names.c_str()},
                                             {NID_authority_key_identifier, "keyid"}});
  WriteCertificate(ca_file_, ca.get());
  WriteCertificate(cert_file_, server.get());
  WriteKey(key_file_, server_key.get());
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace odmcp::testing
