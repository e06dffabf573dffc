#include "host/auth/server/signing_keys.h"

#include <stdexcept>
#include <utility>

#include "host/common/base64.h"
#include "host/crypto/aes_gcm.h"
#include "host/crypto/hkdf.h"
#include "host/crypto/secure_bytes.h"

namespace odmcp {
namespace {

constexpr std::string_view kAlgorithm = "ES256";

std::string SealingKey(const KmsKey& kms) {
  StatusOr<std::string> key =
      crypto::HkdfSha256(kms.raw(), "", "orderdesk-mcp oauth signing key v1", 32);
  if (!key.ok()) throw std::runtime_error("deriving the signing-key sealing key failed");
  return std::move(key).value();
}

// Seals and stores a new key; returns its kid.
std::string InsertKey(storage::Connection& c, const KmsKey& kms, int64_t now_ms) {
  const crypto::SigningKey key = crypto::SigningKey::Generate(crypto::SignatureAlgorithm::kEs256);
  const std::string kid = Base64UrlEncode(crypto::RandomBytes(12));
  const std::string nonce = crypto::RandomBytes(crypto::kAesGcmNonceSize);
  std::string sealing = SealingKey(kms);
  std::string private_bytes = key.PrivateBytes();
  StatusOr<std::string> sealed = crypto::AesGcmSeal(sealing, nonce, private_bytes, kid);
  crypto::Wipe(&private_bytes);
  crypto::Wipe(&sealing);
  if (!sealed.ok()) throw std::runtime_error("sealing a signing key failed");
  c.Prepare(
       "INSERT INTO oauth_signing_keys (kid, algorithm, nonce, sealed_key, created_ms) "
       "VALUES (?, ?, ?, ?, ?)")
      .Bind(1, kid)
      .Bind(2, kAlgorithm)
      .BindBlob(3, nonce)
      .BindBlob(4, sealed.value())
      .Bind(5, now_ms)
      .Run();
  return kid;
}

}  // namespace

const PublicJwk* SigningKeySet::Find(std::string_view kid) const {
  for (const PublicJwk& key : published) {
    if (key.kid == kid) return &key;
  }
  return nullptr;
}

SigningKeys::SigningKeys(storage::Database& db, std::shared_ptr<const KmsKey> kms,
                         const Clock* clock, int64_t keep_retired_ms, int64_t reload_ms)
    : db_(db),
      kms_(std::move(kms)),
      clock_(clock),
      keep_retired_ms_(keep_retired_ms),
      reload_ms_(reload_ms) {}

Status SigningKeys::Load() {
  StatusOr<std::shared_ptr<const SigningKeySet>> keys = Read();
  if (!keys.ok()) return keys.status();
  MutexLock lock(&mutex_);
  keys_ = std::move(keys).value();
  loaded_ms_ = clock_->SteadyMillis();
  return Status();
}

std::shared_ptr<const SigningKeySet> SigningKeys::Current() {
  ReloadIfDue(/*unknown_kid=*/false);
  MutexLock lock(&mutex_);
  return keys_;
}

std::shared_ptr<const SigningKeySet> SigningKeys::ForKid(std::string_view kid) {
  std::shared_ptr<const SigningKeySet> keys = Current();
  if (keys->Find(kid) != nullptr) return keys;
  ReloadIfDue(/*unknown_kid=*/true);
  MutexLock lock(&mutex_);
  return keys_;
}

void SigningKeys::ReloadIfDue(bool unknown_kid) {
  const int64_t now = clock_->SteadyMillis();
  {
    MutexLock lock(&mutex_);
    int64_t& last = unknown_kid ? unknown_kid_load_ms_ : loaded_ms_;
    if (now - last < reload_ms_) return;
    // Claimed before reading, so that concurrent requests read once.
    last = now;
    loaded_ms_ = now;
  }
  StatusOr<std::shared_ptr<const SigningKeySet>> keys = Read();
  // Keys that cannot be read now stay as they were: they were good.
  if (!keys.ok()) return;
  MutexLock lock(&mutex_);
  keys_ = std::move(keys).value();
}

StatusOr<std::shared_ptr<const SigningKeySet>> SigningKeys::Read() {
  struct Row {
    std::string kid, nonce, sealed;
    bool retired;
  };
  const int64_t now = clock_->UnixMillis();
  StatusOr<std::vector<Row>> rows = db_.Write<std::vector<Row>>([&](storage::Connection& c) {
    c.Prepare("DELETE FROM oauth_signing_keys WHERE retired_ms IS NOT NULL AND retired_ms <= ?")
        .Bind(1, now - keep_retired_ms_)
        .Run();
    if (c.QueryInt("SELECT COUNT(*) FROM oauth_signing_keys WHERE retired_ms IS NULL")
            .value_or(0) == 0) {
      InsertKey(c, *kms_, now);
    }
    std::vector<Row> out;
    storage::Statement s = c.Prepare(
        "SELECT kid, nonce, sealed_key, retired_ms IS NOT NULL FROM oauth_signing_keys "
        "WHERE algorithm = ? ORDER BY retired_ms IS NOT NULL, created_ms DESC");
    s.Bind(1, kAlgorithm);
    while (s.Step()) {
      out.push_back(
          {std::string(s.Text(0)), std::string(s.Blob(1)), std::string(s.Blob(2)), s.Int(3) != 0});
    }
    return out;
  });
  if (!rows.ok()) return Status(ODMCP_UNAVAILABLE, rows.error());
  auto keys = std::make_shared<SigningKeySet>();
  std::string sealing = SealingKey(*kms_);
  for (const Row& row : rows.value()) {
    StatusOr<std::string> private_bytes =
        crypto::AesGcmOpen(sealing, row.nonce, row.sealed, row.kid);
    if (!private_bytes.ok()) {
      crypto::Wipe(&sealing);
      return Status(ODMCP_DATA_LOSS, "the OAuth signing key \"" + row.kid +
                                         "\" does not open under the KMS key (altered, or made "
                                         "under another key)");
    }
    StatusOr<crypto::SigningKey> key = crypto::SigningKey::FromPrivateBytes(
        crypto::SignatureAlgorithm::kEs256, private_bytes.value());
    crypto::Wipe(&private_bytes.value());
    if (!key.ok()) {
      crypto::Wipe(&sealing);
      return Status(ODMCP_DATA_LOSS, "the OAuth signing key \"" + row.kid + "\" is malformed");
    }
    if (keys->signer_kid.empty() && !row.retired) {
      keys->signer_kid = row.kid;
      keys->signer = key.value();
    }
    keys->published.push_back({row.kid, key.value().PublicKey()});
  }
  crypto::Wipe(&sealing);
  return std::shared_ptr<const SigningKeySet>(std::move(keys));
}

StatusOr<std::string> SigningKeys::Rotate(storage::Database& db, const KmsKey& kms,
                                          const Clock& clock) {
  const int64_t now = clock.UnixMillis();
  StatusOr<std::string> kid = db.Write<std::string>([&](storage::Connection& c) {
    c.Prepare("UPDATE oauth_signing_keys SET retired_ms = ? WHERE retired_ms IS NULL")
        .Bind(1, now)
        .Run();
    return InsertKey(c, kms, now);
  });
  if (!kid.ok()) return Status(ODMCP_UNAVAILABLE, kid.error());
  return kid;
}

}  // namespace odmcp
