#include "host/services/tenants/vault.h"

#include <rapidjson/document.h>

#include <stdexcept>

#include "host/common/clock.h"
#include "host/common/json.h"
#include "host/crypto/aes_gcm.h"
#include "host/crypto/secure_bytes.h"
#include "host/services/redaction.h"

namespace odmcp {
namespace {

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxPublicBytes = 64 * 1024;
constexpr size_t kMaxSecretBytes = 16 * 1024;
constexpr size_t kNonceBytes = 12;

std::string AdditionalData(int64_t tenant_id, int64_t entry_id, std::string_view name) {
  std::string aad = "orderdesk-mcp vault v1";
  aad.push_back('\0');
  aad += std::to_string(tenant_id);
  aad.push_back('\0');
  aad += std::to_string(entry_id);
  aad.push_back('\0');
  aad.append(name);
  return aad;
}

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

std::string OpenFailure(std::string_view name) {
  return "vault entry " + Quoted(name) +
         " failed authentication: it was altered, copied from another row, or written under "
         "another KMS key; register the credential again";
}

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string CheckName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return "a vault entry name is 1 to " + std::to_string(kMaxNameBytes) + " bytes";
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "a vault entry name has no control characters";
    }
  }
  return {};
}

std::string Seal(const std::string& key, int64_t tenant_id, int64_t entry_id,
                 std::string_view name, std::string_view plaintext, std::string* nonce) {
  *nonce = crypto::RandomBytes(kNonceBytes);
  StatusOr<std::string> sealed =
      crypto::AesGcmSeal(key, *nonce, plaintext, AdditionalData(tenant_id, entry_id, name));
  if (!sealed.ok()) throw std::runtime_error("sealing vault entry " + Quoted(name) + " failed");
  return std::move(sealed).value();
}

}  // namespace

std::string CheckSecretHeaders(std::string_view secret_headers_json) {
  if (secret_headers_json.size() > kMaxSecretBytes) {
    return "secret headers are at most " + std::to_string(kMaxSecretBytes) + " bytes";
  }
  JsonDocument doc;
  if (ParseJson(secret_headers_json, doc) || !doc.IsObject()) {
    return "secret headers must be a JSON object of header names to string values";
  }
  for (const auto& member : doc.GetObject()) {
    std::string_view header = AsView(member.name);
    if (header.empty()) return "a secret header has an empty name";
    for (char c : header) {
      if (!IsTokenChar(c)) return "secret header name " + Quoted(header) + " is not an HTTP token";
    }
    if (!member.value.IsString()) {
      return "secret header " + Quoted(header) + " must have a string value";
    }
    for (char c : AsView(member.value)) {
      const auto byte = static_cast<unsigned char>(c);
      if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
        return "secret header " + Quoted(header) + " has a control character in its value";
      }
    }
  }
  return {};
}

Status Vault::Put(const Tenant& tenant, std::string_view name, std::string_view public_json,
                  std::string_view secret_headers_json) {
  if (std::string problem = CheckName(name); !problem.empty()) {
    return {ODMCP_INVALID_ARGUMENT, problem};
  }
  JsonDocument pub;
  if (public_json.size() > kMaxPublicBytes || ParseJson(public_json, pub) || !pub.IsObject()) {
    return {ODMCP_INVALID_ARGUMENT, "the public part of vault entry " + Quoted(name) +
                                        " must be a JSON object of at most 64 KiB"};
  }
  if (std::string problem = CheckSecretHeaders(secret_headers_json); !problem.empty()) {
    return {ODMCP_INVALID_ARGUMENT, problem};
  }
  const int64_t now = UnixMillis();
  StatusOr<bool> written = db_.Write<bool>([&](storage::Connection& c) {
    storage::Statement find = c.Prepare(
        "SELECT id FROM vault_entries WHERE tenant_id = ? AND name = ?");
    find.Bind(1, tenant.id).Bind(2, name);
    int64_t id;
    if (find.Step()) {
      id = find.Int(0);
    } else {
      storage::Statement insert = c.Prepare(
          "INSERT INTO vault_entries (tenant_id, name, public_json, nonce, sealed, created_ms, "
          "updated_ms) VALUES (?, ?, '{}', x'', x'', ?, ?)");
      insert.Bind(1, tenant.id).Bind(2, name).Bind(3, now).Bind(4, now).Run();
      id = c.LastInsertRowId();
    }
    std::string nonce;
    std::string sealed = Seal(tenant.vault_key, tenant.id, id, name, secret_headers_json, &nonce);
    storage::Statement update = c.Prepare(
        "UPDATE vault_entries SET public_json = ?, nonce = ?, sealed = ?, updated_ms = ? "
        "WHERE id = ?");
    update.Bind(1, public_json).BindBlob(2, nonce).BindBlob(3, sealed).Bind(4, now).Bind(5, id);
    update.Run();
    return true;
  });
  if (!written.ok()) return {ODMCP_UNAVAILABLE, written.error()};
  return {};
}

Status Vault::GetPublic(const Tenant& tenant, std::string_view name, std::string* public_json) {
  StatusOr<bool> found = db_.Read<bool>([&](storage::Connection& c) {
    storage::Statement s =
        c.Prepare("SELECT public_json FROM vault_entries WHERE tenant_id = ? AND name = ?");
    s.Bind(1, tenant.id).Bind(2, name);
    if (!s.Step()) return false;
    *public_json = std::string(s.Text(0));
    return true;
  });
  if (!found.ok()) return {ODMCP_UNAVAILABLE, found.error()};
  if (!found.value()) return {ODMCP_NOT_FOUND, "no vault entry " + Quoted(name)};
  return {};
}

Status Vault::List(const Tenant& tenant, std::string_view prefix, std::vector<VaultEntry>* out) {
  StatusOr<bool> listed = db_.Read<bool>([&](storage::Connection& c) {
    // A byte comparison: LIKE would fold case and treat % and _ as
    // wildcards, and substr() on TEXT counts characters, not bytes.
    storage::Statement s = c.Prepare(
        "SELECT name, public_json FROM vault_entries WHERE tenant_id = ? "
        "AND substr(CAST(name AS BLOB), 1, ?) = CAST(? AS BLOB) ORDER BY name");
    s.Bind(1, tenant.id).Bind(2, static_cast<int64_t>(prefix.size())).Bind(3, prefix);
    while (s.Step()) out->push_back({std::string(s.Text(0)), std::string(s.Text(1))});
    return true;
  });
  if (!listed.ok()) return {ODMCP_UNAVAILABLE, listed.error()};
  return {};
}

Status Vault::Erase(const Tenant& tenant, std::string_view name) {
  StatusOr<int64_t> erased = db_.Write<int64_t>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare("DELETE FROM vault_entries WHERE tenant_id = ? AND name = ?");
    s.Bind(1, tenant.id).Bind(2, name).Run();
    return c.Changes();
  });
  if (!erased.ok()) return {ODMCP_UNAVAILABLE, erased.error()};
  if (erased.value() == 0) return {ODMCP_NOT_FOUND, "no vault entry " + Quoted(name)};
  return {};
}

Status Vault::OpenSecret(const Tenant& tenant, std::string_view name, std::string* secret_json) {
  struct Row {
    bool found = false;
    int64_t id = 0;
    std::string nonce, sealed;
  };
  StatusOr<Row> row = db_.Read<Row>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare(
        "SELECT id, nonce, sealed FROM vault_entries WHERE tenant_id = ? AND name = ?");
    s.Bind(1, tenant.id).Bind(2, name);
    Row r;
    if (s.Step()) {
      r.found = true;
      r.id = s.Int(0);
      r.nonce = std::string(s.Blob(1));
      r.sealed = std::string(s.Blob(2));
    }
    return r;
  });
  if (!row.ok()) return {ODMCP_UNAVAILABLE, row.error()};
  if (!row.value().found) return {ODMCP_NOT_FOUND, "no vault entry " + Quoted(name)};
  StatusOr<std::string> opened =
      crypto::AesGcmOpen(tenant.vault_key, row.value().nonce, row.value().sealed,
                         AdditionalData(tenant.id, row.value().id, name));
  if (!opened.ok()) return {ODMCP_DATA_LOSS, OpenFailure(name)};
  *secret_json = std::move(opened).value();
  return {};
}

Status Vault::RegisterSecrets(const Tenant& tenant) {
  struct Sealed {
    int64_t id = 0;
    std::string name, nonce, sealed;
  };
  StatusOr<std::vector<Sealed>> rows = db_.Read<std::vector<Sealed>>([&](storage::Connection& c) {
    storage::Statement s =
        c.Prepare("SELECT id, name, nonce, sealed FROM vault_entries WHERE tenant_id = ?");
    s.Bind(1, tenant.id);
    std::vector<Sealed> out;
    while (s.Step()) {
      out.push_back({s.Int(0), std::string(s.Text(1)), std::string(s.Blob(2)), std::string(s.Blob(3))});
    }
    return out;
  });
  if (!rows.ok()) return {ODMCP_UNAVAILABLE, rows.error()};
  for (const Sealed& row : rows.value()) {
    StatusOr<std::string> opened = crypto::AesGcmOpen(tenant.vault_key, row.nonce, row.sealed,
                                                      AdditionalData(tenant.id, row.id, row.name));
    if (!opened.ok()) continue;
    std::string secret_json = std::move(opened).value();
    JsonDocument headers;
    if (!ParseJson(secret_json, headers) && headers.IsObject()) {
      for (const auto& member : headers.GetObject()) {
        if (member.value.IsString()) SecretRegistry::Process().Add(AsView(member.value));
      }
    }
    crypto::Wipe(&secret_json);
  }
  return {};
}

void Vault::Reseal(storage::Connection& connection, int64_t tenant_id, const std::string& old_key,
                   const std::string& new_key) {
  struct Sealed {
    int64_t id;
    std::string name, nonce, sealed;
  };
  std::vector<Sealed> rows;
  storage::Statement select =
      connection.Prepare("SELECT id, name, nonce, sealed FROM vault_entries WHERE tenant_id = ?");
  select.Bind(1, tenant_id);
  while (select.Step()) {
    rows.push_back({select.Int(0), std::string(select.Text(1)), std::string(select.Blob(2)),
                    std::string(select.Blob(3))});
  }
  storage::Statement update =
      connection.Prepare("UPDATE vault_entries SET nonce = ?, sealed = ? WHERE id = ?");
  for (const Sealed& row : rows) {
    StatusOr<std::string> plain = crypto::AesGcmOpen(old_key, row.nonce, row.sealed,
                                                     AdditionalData(tenant_id, row.id, row.name));
    if (!plain.ok()) throw std::runtime_error(OpenFailure(row.name));
    std::string secret = std::move(plain).value();
    std::string nonce;
    std::string sealed = Seal(new_key, tenant_id, row.id, row.name, secret, &nonce);
    crypto::Wipe(&secret);
    update.Reset();
    update.BindBlob(1, nonce).BindBlob(2, sealed).Bind(3, row.id).Run();
  }
}

}  // namespace odmcp
