// Cost of authenticating a master key (TenantStore::Authenticate):
//   BM_AuthenticateRemembered  a key verified before: one HMAC and one probe
//                              of the remembered-key map (the hot path)
//   BM_AuthenticateFirstTime   a key not remembered: the row is read and the
//                              key checked against its scrypt verifier
//   BM_LookupHmac              HMAC-SHA256 of a 48-byte master key alone
// The database is a temporary file, removed at exit.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "host/crypto/hmac.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/kms_key.h"
#include "host/services/tenants/schema.h"
#include "host/services/tenants/tenant_store.h"

namespace odmcp {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "odmcp_bench_auth: %s\n", what.c_str());
  std::exit(1);
}

// One database with one tenant, shared by every benchmark.
struct Setup {
  std::string dir;
  std::unique_ptr<storage::Database> db;
  std::shared_ptr<const KmsKey> kms;
  std::unique_ptr<TenantStore> remembering;  // default options
  std::unique_ptr<TenantStore> forgetful;    // remember_verified_key_ms = 0
  std::string master_key;

  Setup() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                          "/odmcp-bench-auth-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) Die("mkdtemp " + pattern);
    dir = pattern;
    auto opened = storage::Database::Open({.path = dir + "/host.db"}, HostSchema());
    if (!opened.ok()) Die(opened.error());
    db = std::move(opened).value();
    auto key = KmsKey::FromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    if (!key.ok()) Die(key.error());
    kms = std::move(key).value();
    auto store = TenantStore::Open(*db, kms, {});
    if (!store.ok()) Die(store.error());
    remembering = std::move(store).value();
    auto plain = TenantStore::Open(*db, kms, {.remember_verified_key_ms = 0});
    if (!plain.ok()) Die(plain.error());
    forgetful = std::move(plain).value();
    auto created = remembering->Create("bench");
    if (!created.ok()) Die(created.error());
    master_key = created.value().master_key;
  }

  ~Setup() {
    forgetful.reset();
    remembering.reset();
    db.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

Setup* g_setup = nullptr;

void BM_AuthenticateRemembered(benchmark::State& state) {
  TenantStore& store = *g_setup->remembering;
  if (store.Authenticate(g_setup->master_key).status != AuthStatus::kOk) {
    state.SkipWithError("the master key does not authenticate");
    return;
  }
  for (auto _ : state) {
    AuthOutcome outcome = store.Authenticate(g_setup->master_key);
    benchmark::DoNotOptimize(outcome);
  }
}
BENCHMARK(BM_AuthenticateRemembered);

void BM_AuthenticateFirstTime(benchmark::State& state) {
  TenantStore& store = *g_setup->forgetful;
  for (auto _ : state) {
    AuthOutcome outcome = store.Authenticate(g_setup->master_key);
    if (outcome.status != AuthStatus::kOk) {
      state.SkipWithError("the master key does not authenticate");
      break;
    }
    benchmark::DoNotOptimize(outcome);
  }
}
BENCHMARK(BM_AuthenticateFirstTime)->Iterations(5)->Unit(benchmark::kMillisecond);

void BM_LookupHmac(benchmark::State& state) {
  const std::string_view key = g_setup->kms->lookup_key();
  const std::string& master_key = g_setup->master_key;  // 48 bytes
  for (auto _ : state) {
    std::string mac = crypto::HmacSha256(key, master_key);
    benchmark::DoNotOptimize(mac);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(master_key.size()));
}
BENCHMARK(BM_LookupHmac);

}  // namespace
}  // namespace odmcp

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  odmcp::Setup setup;
  odmcp::g_setup = &setup;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  odmcp::g_setup = nullptr;
  return 0;
}
