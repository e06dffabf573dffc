// The ABI's binary layout is a promise to every plugin ever built. These
// golden sizes and offsets (x86_64 / LP64) fail the build the moment an edit
// moves a field; appending fields changes only the totals, which then must
// be recorded here together with a new ODMCP_ABI_MINOR.
//
// The token digest fails when a declaration changes (a parameter type, say)
// without a version bump, even if no size moves: comments and whitespace do
// not count.
#include <odmcp/plugin.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/host_process.h"

namespace {

// sha256 of HeaderTokens() for each released ABI version.
constexpr const char* kDigest_1_0 =
    "3e90ee3b55d9d6e091756da928e9f8b2dcc15625b8d121afb844844fe77fa6ea";
constexpr const char* kDigest_1_1 =
    "96dd1630e3bd67be0f055aa14f9bcf68b658e03abddcfd38eee2a3319eae32a6";
constexpr const char* kDigest_1_2 =
    "99942a8661ced740e2df7c3bc010861a5c615a9c161b69532ce3ccadd47a79d7";
constexpr const char* kDigest_1_3 =
    "99063da77253b408ae98508ff274d7986f33b9aa19a8e460b2f4a374a3b5b01c";
constexpr const char* kDigest_1_4 =
    "0dec5769577848512927888079bd077cfca05a9ca6cb7f703eb0d55d041f95e1";

#define ODMCP_LAYOUT(type, field, offset) static_assert(offsetof(type, field) == offset, #type "." #field)

static_assert(sizeof(void*) == 8, "golden values are for LP64");

static_assert(sizeof(odmcp_str) == 16);
ODMCP_LAYOUT(odmcp_str, len, 8);

static_assert(sizeof(odmcp_tool_desc) == 160);
ODMCP_LAYOUT(odmcp_tool_desc, flags, 4);
ODMCP_LAYOUT(odmcp_tool_desc, name, 8);
ODMCP_LAYOUT(odmcp_tool_desc, title, 24);
ODMCP_LAYOUT(odmcp_tool_desc, description, 40);
ODMCP_LAYOUT(odmcp_tool_desc, input_schema_json, 56);
ODMCP_LAYOUT(odmcp_tool_desc, output_schema_json, 72);
ODMCP_LAYOUT(odmcp_tool_desc, meta_json, 88);
ODMCP_LAYOUT(odmcp_tool_desc, required_client_capabilities_json, 104);
ODMCP_LAYOUT(odmcp_tool_desc, read_only_hint, 120);
ODMCP_LAYOUT(odmcp_tool_desc, destructive_hint, 124);
ODMCP_LAYOUT(odmcp_tool_desc, idempotent_hint, 128);
ODMCP_LAYOUT(odmcp_tool_desc, open_world_hint, 132);
ODMCP_LAYOUT(odmcp_tool_desc, cost_class, 136);
ODMCP_LAYOUT(odmcp_tool_desc, handler, 144);
ODMCP_LAYOUT(odmcp_tool_desc, tool_state, 152);

static_assert(sizeof(odmcp_plugin_info) == 64);
ODMCP_LAYOUT(odmcp_plugin_info, abi_major, 4);
ODMCP_LAYOUT(odmcp_plugin_info, abi_minor, 8);
ODMCP_LAYOUT(odmcp_plugin_info, min_host_abi_minor, 12);
ODMCP_LAYOUT(odmcp_plugin_info, flags, 16);
ODMCP_LAYOUT(odmcp_plugin_info, name, 24);
ODMCP_LAYOUT(odmcp_plugin_info, version, 32);
ODMCP_LAYOUT(odmcp_plugin_info, description, 40);
ODMCP_LAYOUT(odmcp_plugin_info, init, 48);
ODMCP_LAYOUT(odmcp_plugin_info, shutdown, 56);
static_assert(ODMCP_PLUGIN_INFO_SIZE_V1_0 == 64);

static_assert(sizeof(odmcp_host_api) == 96);
ODMCP_LAYOUT(odmcp_host_api, abi_major, 4);
ODMCP_LAYOUT(odmcp_host_api, abi_minor, 8);
ODMCP_LAYOUT(odmcp_host_api, registry, 16);
ODMCP_LAYOUT(odmcp_host_api, call, 24);
ODMCP_LAYOUT(odmcp_host_api, log, 32);
ODMCP_LAYOUT(odmcp_host_api, session, 40);
ODMCP_LAYOUT(odmcp_host_api, vault, 48);
ODMCP_LAYOUT(odmcp_host_api, cache, 56);
ODMCP_LAYOUT(odmcp_host_api, ratelimit, 64);
ODMCP_LAYOUT(odmcp_host_api, http, 72);
ODMCP_LAYOUT(odmcp_host_api, runtime, 80);
ODMCP_LAYOUT(odmcp_host_api, notify, 88);  // 1.3

static_assert(sizeof(odmcp_registry_api) == 32);
ODMCP_LAYOUT(odmcp_registry_api, register_resource, 16);  // 1.2
ODMCP_LAYOUT(odmcp_registry_api, register_prompt, 24);    // 1.2
static_assert(sizeof(odmcp_call_api) == 144);
ODMCP_LAYOUT(odmcp_call_api, add_text, 8);
ODMCP_LAYOUT(odmcp_call_api, client_log, 64);
ODMCP_LAYOUT(odmcp_call_api, audit_store, 72);             // 1.1
ODMCP_LAYOUT(odmcp_call_api, add_resource_contents, 80);   // 1.2
ODMCP_LAYOUT(odmcp_call_api, add_completion, 104);         // 1.2
ODMCP_LAYOUT(odmcp_call_api, request_input, 112);          // 1.3
ODMCP_LAYOUT(odmcp_call_api, request_state, 136);          // 1.3

static_assert(sizeof(odmcp_resource_desc) == 152);  // 1.2
ODMCP_LAYOUT(odmcp_resource_desc, uri, 8);
ODMCP_LAYOUT(odmcp_resource_desc, meta_json, 104);
ODMCP_LAYOUT(odmcp_resource_desc, read, 120);
ODMCP_LAYOUT(odmcp_resource_desc, state, 144);
static_assert(sizeof(odmcp_prompt_desc) == 112);  // 1.2
ODMCP_LAYOUT(odmcp_prompt_desc, arguments_json, 56);
ODMCP_LAYOUT(odmcp_prompt_desc, get, 88);
ODMCP_LAYOUT(odmcp_prompt_desc, state, 104);
static_assert(sizeof(odmcp_log_api) == 24);
static_assert(sizeof(odmcp_session_api) == 48);
ODMCP_LAYOUT(odmcp_session_api, erase, 32);
ODMCP_LAYOUT(odmcp_session_api, use_master_key, 40);  // 1.1
static_assert(sizeof(odmcp_vault_api) == 48);
static_assert(sizeof(odmcp_cache_api) == 32);
static_assert(sizeof(odmcp_ratelimit_api) == 32);
static_assert(sizeof(odmcp_http_api) == 16);
static_assert(sizeof(odmcp_runtime_api) == 16);
static_assert(sizeof(odmcp_notify_api) == 24);  // 1.3

static_assert(sizeof(odmcp_http_header) == 32);
static_assert(sizeof(odmcp_http_request) == 144);
ODMCP_LAYOUT(odmcp_http_request, headers, 40);
ODMCP_LAYOUT(odmcp_http_request, credential, 72);
ODMCP_LAYOUT(odmcp_http_request, flags, 104);
ODMCP_LAYOUT(odmcp_http_request, pace_bucket, 112);
ODMCP_LAYOUT(odmcp_http_request, pace_key, 128);
static_assert(sizeof(odmcp_http_response) == 40);

// The declarations of a plugin.h with comments and whitespace removed.
std::string HeaderTokens(const std::string& relative_path = "plugin-api/include/odmcp/plugin.h") {
  std::ifstream in(odmcp::testing::SourceDir() + "/" + relative_path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str(), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "/*") == 0) {
      size_t end = s.find("*/", i + 2);
      if (end == std::string::npos) break;
      i = end + 1;
    } else if (s.compare(i, 2, "//") == 0) {
      size_t end = s.find('\n', i);
      if (end == std::string::npos) break;
      i = end;
    } else if (!std::isspace(static_cast<unsigned char>(s[i]))) {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

TEST(AbiLayoutTest, DeclarationsChangeOnlyWithTheVersion) {
  // Record the digest of each released version here. A mismatch means the
  // header's declarations changed: bump ODMCP_ABI_MINOR (appending only) or
  // ODMCP_ABI_MAJOR, and add the new digest for the new version.
  static_assert(ODMCP_ABI_MAJOR == 1 && ODMCP_ABI_MINOR == 4, "add the new version's digest");
  EXPECT_EQ(Sha256Hex(HeaderTokens()), kDigest_1_4)
      << "plugin.h declarations changed without an ABI version bump";
}

TEST(AbiLayoutTest, TheFrozenOneZeroHeaderIsTheReleasedOne) {
  // tests/fixtures/abi_v1_0 builds a plugin against the 1.0 header as it was
  // released, to prove old plugins keep loading; it must stay that header.
  EXPECT_EQ(Sha256Hex(HeaderTokens("tests/fixtures/abi_v1_0/include/odmcp/plugin.h")), kDigest_1_0);
}

}  // namespace
