// TLS: the server's certificate is always verified. A loopback TLS server
// presents a certificate from a CA made at run time: trusted through
// ca_file, or through OpenSSL's default trust store (which SSL_CERT_FILE
// redirects here, proving the default store is what is loaded), and
// refused otherwise, including for a host name it was not issued for.

#include <openssl/x509.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"
#include "tests/integration/http_client/test_certificates.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Get("/hello", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("hello over tls", "text/plain");
    });
    server_.Start();
  }

  HttpClientOptions Trusting(const std::string& ca_file) {
    HttpClientOptions options = FastRetries();
    options.ca_file = ca_file;
    return options;
  }

  TestCertificates certificates_;
  LoopbackServer server_{certificates_.cert_file(), certificates_.key_file()};
};

TEST_F(TlsTest, ACertificateFromTheConfiguredCaIsAccepted) {
  HttpClient client(Trusting(certificates_.ca_file()));
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    const HttpOutcome outcome =
        client.Fetch(Get("https://" + host + ":" + std::to_string(server_.port()) + "/hello"));
    ASSERT_EQ(outcome.status, ODMCP_OK) << host << ": " << outcome.error;
    EXPECT_EQ(outcome.response->status, 200);
    EXPECT_EQ(outcome.response->body, "hello over tls");
  }
}

TEST_F(TlsTest, AnUntrustedCertificateIsRefusedWithoutRetrying) {
  HttpClient client(FastRetries());  // the system trust store only
  const HttpOutcome outcome = client.Fetch(Get(server_.Url("/hello")));
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_EQ(outcome.response, nullptr);
  EXPECT_THAT(outcome.error, HasSubstr("connection to " + server_.Url("") + " failed: server certificate verification failed"));
  EXPECT_THAT(outcome.error, HasSubstr("(after 1 attempt)")) << "a certificate does not change on retry";
  EXPECT_EQ(server_.requests(), 0) << "nothing was sent to an unverified server";
}

TEST_F(TlsTest, ACertificateForAnotherHostIsRefused) {
  TestCertificates other("DNS:other.example");
  LoopbackServer server(other.cert_file(), other.key_file());
  server.Start();
  HttpClient client(Trusting(other.ca_file()));
  const HttpOutcome outcome = client.Fetch(Get(server.Url("/")));
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_THAT(outcome.error, HasSubstr("certificate verification failed: certificate is not valid for this host name"));
}

TEST_F(TlsTest, WithoutCaFileTheSystemTrustStoreIsUsed) {
  // The store OpenSSL loads by default exists on this system...
  const std::filesystem::path bundle = X509_get_default_cert_file();
  const std::filesystem::path directory = X509_get_default_cert_dir();
  EXPECT_TRUE(std::filesystem::exists(bundle) || std::filesystem::exists(directory)) << bundle << ", " << directory;
  // ...and it is what the client consults without ca_file: pointing
  // OpenSSL's default file at the test CA makes the certificate trusted.
  ASSERT_EQ(setenv(X509_get_default_cert_file_env(), certificates_.ca_file().c_str(), 1), 0);
  HttpClient client(FastRetries());
  const HttpOutcome outcome = client.Fetch(Get(server_.Url("/hello")));
  unsetenv(X509_get_default_cert_file_env());
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->body, "hello over tls");
}

TEST_F(TlsTest, AnUnreadableCaFileIsReported) {
  HttpClient client(Trusting(certificates_.ca_file() + ".missing"));
  const HttpOutcome outcome = client.Fetch(Get(server_.Url("/hello")));
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_THAT(outcome.error, HasSubstr("could not load the CA certificates"));
}

TEST_F(TlsTest, TlsConnectionsAreKeptAlive) {
  HttpClient client(Trusting(certificates_.ca_file()));
  for (int i = 0; i < 5; ++i) {
    const HttpOutcome outcome = client.Fetch(Get(server_.Url("/hello")));
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  }
  EXPECT_EQ(server_.connections(), 1u);
  EXPECT_EQ(client.stats().connections_opened, 1u);
}

}  // namespace
}  // namespace odmcp::testing
