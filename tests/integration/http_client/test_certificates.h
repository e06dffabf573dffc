// Certificates made at run time for the TLS tests: a private CA and a
// server certificate it signed, as PEM files in a temporary directory.
#ifndef ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_TEST_CERTIFICATES_H_
#define ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_TEST_CERTIFICATES_H_

#include <string>

namespace odmcp::testing {

class TestCertificates {
 public:
  // A new CA, and a server certificate signed by it whose subject
  // alternative names are `subject_alt_names` in OpenSSL's syntax
  // ("IP:127.0.0.1,DNS:localhost"). Fails the test and aborts if OpenSSL
  // refuses.
  explicit TestCertificates(const std::string& subject_alt_names = "IP:127.0.0.1,DNS:localhost");
  // Deletes the directory.
  ~TestCertificates();
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;

  const std::string& ca_file() const { return ca_file_; }      // the CA certificate
  const std::string& cert_file() const { return cert_file_; }  // the server's
  const std::string& key_file() const { return key_file_; }    // the server's key

 private:
  std::string dir_;
  std::string ca_file_;
  std::string cert_file_;
  std::string key_file_;
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_TEST_CERTIFICATES_H_
