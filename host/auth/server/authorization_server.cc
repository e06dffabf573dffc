#include "host/auth/server/authorization_server.h"

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>
#include <tuple>

#include "host/auth/jwt.h"
#include "host/auth/resource_metadata.h"
#include "host/auth/server/pages.h"
#include "host/common/base64.h"
#include "host/common/http_text.h"
#include "host/common/json.h"
#include "host/common/url_form.h"
#include "host/crypto/secure_bytes.h"
#include "host/crypto/sha256.h"
#include "host/services/audit/audit_log.h"

namespace odmcp {

using Form = std::vector<std::pair<std::string, std::string>>;

struct AuthorizationServer::Pending {
  OAuthClient client;
  std::string redirect_uri;
  std::string state;  // absent and empty are the same to clients
  bool has_state = false;
  std::string code_challenge;
  std::string scope;
  std::string resource;
  int64_t expires_ms = 0;
  std::shared_ptr<const Tenant> tenant;  // set once signed in
};

struct AuthorizationServer::Caller {
  std::optional<OAuthClient> client;
  std::optional<OAuthResponse> refusal;
};

namespace {

constexpr std::string_view kAuthorizePath = "/authorize";
constexpr std::string_view kTokenPath = "/token";
constexpr std::string_view kRegisterPath = "/register";
constexpr std::string_view kRevokePath = "/revoke";
constexpr std::string_view kJwksPath = "/jwks";
constexpr std::string_view kMetadataPath = "/.well-known/oauth-authorization-server";
// The per-address allowances' families (AuthorizationServer::per_address_).
constexpr std::string_view kRegisterFamily = "register";
constexpr std::string_view kSignInFamily = "sign-in";

std::optional<std::string> Field(const Form& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// RFC 6749 section 3.1: a parameter sent twice is an error, not a choice.
std::optional<std::string> Repeated(const Form& form) {
  std::set<std::string_view> seen;
  for (const auto& [key, value] : form) {
    if (!seen.insert(key).second) return key;
  }
  return std::nullopt;
}

OAuthResponse JsonAnswer(int status, std::string body) {
  OAuthResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  // RFC 6749 section 5.1: token responses, and errors beside them.
  response.headers = {{"Cache-Control", "no-store"}, {"Pragma", "no-cache"}};
  return response;
}

OAuthResponse ErrorAnswer(const OAuthError& error) {
  OAuthResponse response =
      JsonAnswer(error.status, "{\"error\":" + QuoteJson(error.error) +
                                   ",\"error_description\":" + QuoteJson(error.description) + "}");
  return response;
}

OAuthResponse HtmlAnswer(int status, std::string body) {
  OAuthResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  response.headers = {
      {"Cache-Control", "no-store"},
      // The pages run no script and load nothing; no site may frame them
      // to trick a click onto Allow.
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"},
      {"X-Frame-Options", "DENY"},
      // No referrer leaves for the client's site (the page's URL names the
      // pending sign-in); the form's own POST keeps its Origin, which a
      // no-referrer policy would make "null" and the Origin check refuse.
      {"Referrer-Policy", "same-origin"},
  };
  return response;
}

OAuthResponse Redirect(std::string location) {
  OAuthResponse response;
  response.status = 302;
  response.headers = {{"Location", std::move(location)}, {"Cache-Control", "no-store"}};
  return response;
}

OAuthResponse MethodNotAllowed(std::string_view allowed) {
  OAuthResponse response =
      ErrorAnswer({405, "invalid_request", "this endpoint takes " + std::string(allowed)});
  response.headers.emplace_back("Allow", std::string(allowed));
  return response;
}

// `uri` with the query parameters of an authorization response appended.
std::string WithParameters(std::string_view uri, const Form& parameters) {
  std::string out(uri);
  char separator = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : parameters) {
    out += separator;
    out += UrlEncode(name) + "=" + UrlEncode(value);
    separator = '&';
  }
  return out;
}

// The tool scopes of `requested` (tool_grant.h), sorted and deduplicated;
// other scopes ("openid", "offline_access") are not this server's to give
// and are left out (RFC 6749 section 3.3 lets the server narrow).
std::string ToolScopesOf(std::string_view requested) {
  static const std::regex kToolScope("[a-z0-9][a-z0-9_.-]{0,63}:(read|write)");
  std::set<std::string> scopes;
  while (!requested.empty()) {
    const size_t space = requested.find(' ');
    const std::string token(requested.substr(0, space));
    requested = space == std::string_view::npos ? std::string_view() : requested.substr(space + 1);
    if (std::regex_match(token, kToolScope)) scopes.insert(token);
  }
  std::string out;
  for (const std::string& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

// Whether every scope of `narrower` is granted by `wider`, with the
// hierarchy of tool_grant.h: a write scope holds the read scope of its
// reach, and the tools:* scopes hold those of every plugin.
bool ScopeWithin(std::string_view narrower, std::string_view wider) {
  const std::string all = " " + std::string(wider) + " ";
  auto has = [&](const std::string& scope) {
    return all.find(" " + scope + " ") != std::string::npos;
  };
  while (!narrower.empty()) {
    const size_t space = narrower.find(' ');
    const std::string token(narrower.substr(0, space));
    narrower = space == std::string_view::npos ? std::string_view() : narrower.substr(space + 1);
    if (token.empty() || has(token)) continue;
    const size_t colon = token.find(':');
    const std::string reach = token.substr(0, colon);
    const bool read = token.substr(colon + 1) == "read";
    const bool held =
        (read && has(reach + ":write")) || has("tools:write") || (read && has("tools:read"));
    if (!held) return false;
  }
  return true;
}

std::vector<std::string> ScopeLines(std::string_view scope) {
  std::vector<std::string> lines;
  std::string_view rest = scope;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    const std::string token(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    const size_t colon = token.find(':');
    const std::string reach = token.substr(0, colon);
    const bool write = token.substr(colon + 1) == "write";
    if (reach == "tools") {
      lines.push_back(write ? "every tool, including those that change your orders, stores and "
                              "products (tools:write)"
                            : "the tools that only read: look up your stores, orders and "
                              "products (tools:read)");
    } else {
      lines.push_back((write ? "every tool of the " : "the read-only tools of the ") + reach +
                      " plugin (" + token + ")");
    }
  }
  return lines;
}

// A PKCE code challenge or verifier (RFC 7636 section 4.1): 43 to 128
// characters of [A-Za-z0-9-._~].
bool IsPkceValue(std::string_view value) {
  if (value.size() < 43 || value.size() > 128) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
  });
}

std::string BuildMetadata(const std::string& issuer, bool metadata_documents) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  auto strings = [&](std::string_view key, std::initializer_list<std::string_view> values) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.StartArray();
    for (std::string_view v : values) WriteString(w, v);
    w.EndArray();
  };
  w.StartObject();
  WriteKeyString(w, "issuer", issuer);
  WriteKeyString(w, "authorization_endpoint", issuer + std::string(kAuthorizePath));
  WriteKeyString(w, "token_endpoint", issuer + std::string(kTokenPath));
  WriteKeyString(w, "registration_endpoint", issuer + std::string(kRegisterPath));
  WriteKeyString(w, "revocation_endpoint", issuer + std::string(kRevokePath));
  WriteKeyString(w, "jwks_uri", issuer + std::string(kJwksPath));
  strings("response_types_supported", {"code"});
  strings("response_modes_supported", {"query"});
  strings("grant_types_supported", {"authorization_code", "refresh_token"});
  strings("code_challenge_methods_supported", {"S256"});
  strings("token_endpoint_auth_methods_supported",
          {"none", "client_secret_post", "client_secret_basic"});
  strings("revocation_endpoint_auth_methods_supported",
          {"none", "client_secret_post", "client_secret_basic"});
  w.Key("scopes_supported");
  w.StartArray();
  for (std::string_view scope : kToolScopes) WriteString(w, scope);
  w.EndArray();
  w.Key("authorization_response_iss_parameter_supported");
  w.Bool(true);
  w.Key("client_id_metadata_document_supported");
  w.Bool(metadata_documents);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string IssuerOf(std::string_view resource) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (resource.substr(0, scheme.size()) == scheme) {
      const size_t end = resource.find_first_of("/?#", scheme.size());
      if (end == scheme.size()) return "";
      return std::string(resource.substr(0, end));
    }
  }
  return "";
}

AuthorizationServer::AuthorizationServer(const IssuedTokenOptions& options, GrantStore& grants,
                                         MetadataDocuments* documents, IssuedTokens& tokens,
                                         SigningKeys& keys, MasterKeyAuthenticator& master_keys,
                                         AuditLog* audit, const Clock* clock)
    : options_(options),
      metadata_(BuildMetadata(options.issuer, documents != nullptr)),
      grants_(grants),
      documents_(documents),
      tokens_(tokens),
      keys_(keys),
      master_keys_(master_keys),
      audit_(audit),
      clock_(clock),
      per_address_(RateLimiterOptions{[clock] { return clock->UnixMillis(); }, {}}) {
  // Constant, valid numbers: a failure here is a programming error.
  for (const auto& [family, capacity, per_second] :
       {std::tuple{kRegisterFamily, kRegistrationsPerHour, kRegistrationsPerHour / 3600.0},
        std::tuple{kSignInFamily, kSignInsPer10Minutes, kSignInsPer10Minutes / 600.0}}) {
    StatusOr<bool> declared = per_address_.Declare(std::string(family), capacity, per_second);
    if (!declared.ok()) throw std::logic_error(declared.error());
  }
}

std::optional<OAuthResponse> AuthorizationServer::OverLimit(std::string_view family,
                                                            const std::string& address, bool html) {
  std::optional<RateLimiter::Decision> decision = per_address_.TryAcquire(family, address, 1);
  if (!decision || decision->allowed) return std::nullopt;
  const std::string wait = std::to_string((decision->retry_after_ms + 999) / 1000);
  const std::string why = family == kRegisterFamily
                              ? "this address registered too many clients lately"
                              : "this address started too many sign-ins lately";
  OAuthResponse response =
      html ? HtmlAnswer(429, ErrorPage("Too many requests", why + "; try again in " + wait + " s."))
           : ErrorAnswer({429, "temporarily_unavailable", why + "; try again in " + wait + " s"});
  response.headers.emplace_back("Retry-After", wait);
  Audit(family == kRegisterFamily ? "register" : "authorize", 0, "refused", "", "rate limited",
        address);
  return response;
}

bool AuthorizationServer::Serves(std::string_view path) {
  return path == kAuthorizePath || path == kTokenPath || path == kRegisterPath ||
         path == kRevokePath || path == kJwksPath || path == kMetadataPath;
}

OAuthResponse AuthorizationServer::Handle(const OAuthRequest& request) {
  const std::string_view path = request.path;
  const std::string_view method = request.method;
  if (request.body.size() > kMaxBodyBytes) {
    return ErrorAnswer({413, "invalid_request",
                        "the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes"});
  }
  if (path == kMetadataPath || path == kJwksPath) {
    if (method != "GET") return MethodNotAllowed("GET");
    OAuthResponse response;
    response.content_type = "application/json";
    response.body = path == kMetadataPath ? metadata_ : JwksJson(keys_.Current()->published);
    // Public documents: any web page may read them.
    response.headers = {{"Access-Control-Allow-Origin", "*"},
                        {"Cache-Control", "public, max-age=300"}};
    return response;
  }
  if (path == kAuthorizePath) {
    if (method == "GET") return StartAuthorization(request);
    if (method == "POST") return ContinueAuthorization(request);
    return MethodNotAllowed("GET, POST");
  }
  if (method != "POST") return MethodNotAllowed("POST");
  if (path == kRegisterPath) return Register(request);
  const std::string_view type =
      TrimOws(request.content_type.substr(0, request.content_type.find(';')));
  if (!EqualsIgnoringCase(type, "application/x-www-form-urlencoded")) {
    return ErrorAnswer({400, "invalid_request",
                        "the body must be application/x-www-form-urlencoded (RFC 6749 section "
                        "3.2)"});
  }
  if (path == kTokenPath) return Token(request);
  return Revoke(request);
}

OAuthResponse AuthorizationServer::StartAuthorization(const OAuthRequest& request) {
  std::optional<Form> form = ParseUrlForm(request.query);
  if (!form) {
    return HtmlAnswer(400, ErrorPage("Bad sign-in request",
                                     "The request's query is not valid percent-encoding."));
  }
  if (std::optional<std::string> twice = Repeated(*form)) {
    return HtmlAnswer(
        400, ErrorPage("Bad sign-in request",
                       "The parameter \"" + twice->substr(0, 64) + "\" is given more than once."));
  }
  // Until the client and its redirect URI are known good, nothing may be
  // sent to the redirect URI (RFC 6749 section 4.1.2.1).
  const std::string client_id = Field(*form, "client_id").value_or("");
  if (client_id.empty()) {
    return HtmlAnswer(400, ErrorPage("Bad sign-in request",
                                     "The request names no client (client_id is missing)."));
  }
  StatusOr<std::optional<OAuthClient>> found = FindClient(grants_, documents_, client_id);
  if (!found.ok()) {
    if (found.status().code() == ODMCP_INVALID_ARGUMENT) {
      Audit("authorize", 0, "refused", client_id.substr(0, 256), found.error(),
            request.client_address);
      return HtmlAnswer(400, ErrorPage("The application cannot be identified", found.error()));
    }
    return HtmlAnswer(503, ErrorPage("Try again shortly",
                                     "The server cannot read its clients now: " + found.error()));
  }
  if (!found.value()) {
    Audit("authorize", 0, "refused", client_id.substr(0, 64), "unknown client",
          request.client_address);
    return HtmlAnswer(400, ErrorPage("Unknown application",
                                     "The application's client_id is not registered with this "
                                     "server. Register it again (restart its connection)."));
  }
  const OAuthClient& client = *found.value();
  std::string redirect_uri = Field(*form, "redirect_uri").value_or("");
  if (redirect_uri.empty()) {
    if (client.redirect_uris.size() != 1) {
      return HtmlAnswer(400, ErrorPage("Bad sign-in request",
                                       "The application registered several redirect URIs, so "
                                       "the request must name one (redirect_uri)."));
    }
    redirect_uri = client.redirect_uris[0];
  } else if (!RedirectUriAllowed(client, redirect_uri)) {
    Audit("authorize", 0, "refused", client_id, "redirect_uri not registered",
          request.client_address);
    return HtmlAnswer(400, ErrorPage("Unregistered redirect",
                                     "The redirect URI the request names is not one the "
                                     "application registered, so it is not sent there."));
  }

  auto pending = std::make_shared<Pending>();
  pending->client = client;
  pending->redirect_uri = redirect_uri;
  std::optional<std::string> state = Field(*form, "state");
  pending->has_state = state.has_value();
  pending->state = state.value_or("");
  auto back = [&](std::string_view error, std::string description) {
    Form parameters = {{"error", std::string(error)},
                       {"error_description", std::move(description)}};
    if (pending->has_state) parameters.emplace_back("state", pending->state);
    parameters.emplace_back("iss", options_.issuer);
    Audit("authorize", 0, "refused", client_id, error, request.client_address);
    return Redirect(WithParameters(redirect_uri, parameters));
  };
  if (Field(*form, "response_type") != "code") {
    return back("unsupported_response_type", "response_type must be \"code\"");
  }
  const std::string challenge = Field(*form, "code_challenge").value_or("");
  if (challenge.empty() || Field(*form, "code_challenge_method") != "S256") {
    return back("invalid_request",
                "PKCE is required: send code_challenge with code_challenge_method=S256");
  }
  if (!IsPkceValue(challenge)) {
    return back("invalid_request", "code_challenge must be 43 to 128 characters of base64url");
  }
  pending->code_challenge = challenge;
  const std::optional<std::string> resource = Field(*form, "resource");
  if (resource && *resource != options_.resource) {
    return back("invalid_target",
                "this server issues tokens for resource " + options_.resource + " only");
  }
  pending->resource = options_.resource;
  const std::optional<std::string> scope = Field(*form, "scope");
  pending->scope = scope ? ToolScopesOf(*scope) : "tools:write";
  if (pending->scope.empty()) {
    return back("invalid_scope",
                "none of the scopes asked for is this server's: ask for tools:read, "
                "tools:write, <plugin>:read or <plugin>:write");
  }
  pending->expires_ms = clock_->UnixMillis() + kPendingMs;
  if (std::optional<OAuthResponse> refused =
          OverLimit(kSignInFamily, request.client_address, /*html=*/true)) {
    return std::move(*refused);
  }
  std::optional<std::string> id = AddPending(pending);
  if (!id) {
    return HtmlAnswer(
        503, ErrorPage("Try again shortly", "Too many sign-ins are under way on this server."));
  }
  const ClientView view{client.name, RedirectHost(redirect_uri), ScopeLines(pending->scope)};
  return HtmlAnswer(200, SignInPage(*id, view, ""));
}

OAuthResponse AuthorizationServer::ContinueAuthorization(const OAuthRequest& request) {
  std::optional<Form> form = ParseUrlForm(request.body);
  const std::string id = form ? Field(*form, "request").value_or("") : "";
  std::shared_ptr<Pending> pending = FindPending(id);
  if (!pending) {
    return HtmlAnswer(400, ErrorPage("This sign-in has expired",
                                     "The sign-in page was open too long, or was already used."));
  }
  const ClientView view{pending->client.name, RedirectHost(pending->redirect_uri),
                        ScopeLines(pending->scope)};
  const std::string& address = request.client_address;
  if (std::optional<std::string> master_key = Field(*form, "master_key")) {
    AuthResult auth = master_keys_.Authenticate("Bearer " + *master_key, std::nullopt, address);
    crypto::Wipe(&*master_key);
    if (auth.refusal) {
      Audit("sign_in", 0, "refused", pending->client.client_id, "wrong master key", address);
      const int status = auth.refusal->status;
      const std::string problem =
          status == 401 ? "That master key opens no tenant. Check it and try again."
                        : "Too many tries from this address, or the server is busy: wait a "
                          "minute and try again.";
      OAuthResponse response = HtmlAnswer(status, SignInPage(id, view, problem));
      for (const auto& header : auth.refusal->headers) {
        if (header.first == "Retry-After") response.headers.push_back(header);
      }
      return response;
    }
    {
      MutexLock lock(&mutex_);
      pending->tenant = auth.tenant;
    }
    Audit("sign_in", auth.tenant->id, "ok", pending->client.client_id, "", address);
    OAuthResponse response = HtmlAnswer(200, ConsentPage(id, view, auth.tenant->name));
    response.tenant_id = auth.tenant->id;
    return response;
  }
  std::shared_ptr<const Tenant> tenant;
  {
    MutexLock lock(&mutex_);
    tenant = pending->tenant;
  }
  const std::optional<std::string> decision = Field(*form, "decision");
  if (!tenant || (decision != "allow" && decision != "deny")) {
    return HtmlAnswer(400, SignInPage(id, view, "Sign in with your master key first."));
  }
  // Of two submissions of the same page, one decides.
  if (!DropPending(id)) {
    return HtmlAnswer(
        400, ErrorPage("This sign-in has expired", "The consent page was already answered."));
  }
  Form parameters;
  if (decision == "deny") {
    Audit("consent", tenant->id, "denied", pending->client.client_id, pending->scope, address);
    parameters = {{"error", "access_denied"},
                  {"error_description", "the user denied the application access"}};
  } else {
    StatusOr<std::string> code = grants_.IssueCode(
        NewGrant{tenant->id, pending->client.client_id, pending->scope, pending->resource},
        pending->redirect_uri, pending->code_challenge, tenant->vault_key);
    if (!code.ok()) {
      return HtmlAnswer(503, ErrorPage("Try again shortly",
                                       "The server could not record the grant: " + code.error()));
    }
    Audit("consent", tenant->id, "ok", pending->client.client_id, pending->scope, address);
    parameters = {{"code", code.value()}};
  }
  if (pending->has_state) parameters.emplace_back("state", pending->state);
  parameters.emplace_back("iss", options_.issuer);
  OAuthResponse response = Redirect(WithParameters(pending->redirect_uri, parameters));
  response.tenant_id = tenant->id;
  return response;
}

OAuthResponse AuthorizationServer::Register(const OAuthRequest& request) {
  const std::string_view type =
      TrimOws(request.content_type.substr(0, request.content_type.find(';')));
  if (!EqualsIgnoringCase(type, "application/json")) {
    return ErrorAnswer({400, "invalid_client_metadata",
                        "the client metadata must be sent as application/json (RFC 7591 "
                        "section 3.1)"});
  }
  if (std::optional<OAuthResponse> refused =
          OverLimit(kRegisterFamily, request.client_address, /*html=*/false)) {
    return std::move(*refused);
  }
  Registration registration = RegisterClient(grants_, request.body, clock_->UnixMillis() / 1000);
  if (registration.error) {
    Audit("register", 0, "refused", "", registration.error->error, request.client_address);
    return ErrorAnswer(*registration.error);
  }
  rapidjson::Document doc;
  ParseJson(registration.response_json, doc);
  Audit("register", 0, "ok", AsView(doc["client_id"]), "", request.client_address);
  return JsonAnswer(201, std::move(registration.response_json));
}

AuthorizationServer::Caller AuthorizationServer::AuthenticateClient(const OAuthRequest& request,
                                                                    const Form& form) {
  std::string client_id;
  std::optional<std::string> secret;
  const bool basic = request.authorization.size() > 6 &&
                     EqualsIgnoringCase(request.authorization.substr(0, 6), "basic ");
  auto refuse = [&](std::string why) {
    OAuthResponse response = ErrorAnswer({401, "invalid_client", std::move(why)});
    if (basic) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"orderdesk-mcp\"");
    return Caller{std::nullopt, std::move(response)};
  };
  if (basic) {
    std::optional<std::string> decoded = Base64Decode(TrimOws(request.authorization.substr(6)));
    const size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return refuse("the Basic credentials are malformed");
    // RFC 6749 section 2.3.1 form-encodes both; clients that do not send
    // them as they are, which decoding leaves alone.
    client_id =
        UrlFormValue("v=" + decoded->substr(0, colon), "v").value_or(decoded->substr(0, colon));
    secret =
        UrlFormValue("v=" + decoded->substr(colon + 1), "v").value_or(decoded->substr(colon + 1));
    crypto::Wipe(&*decoded);
  } else {
    client_id = Field(form, "client_id").value_or("");
    secret = Field(form, "client_secret");
  }
  if (client_id.empty()) return refuse("the request names no client (client_id)");
  StatusOr<std::optional<OAuthClient>> found = FindClient(grants_, documents_, client_id);
  if (!found.ok()) {
    if (found.status().code() == ODMCP_INVALID_ARGUMENT) return refuse(found.error());
    return Caller{std::nullopt, ErrorAnswer({503, "temporarily_unavailable", found.error()})};
  }
  if (!found.value()) return refuse("the client is not registered with this server");
  const OAuthClient& client = *found.value();
  if (!client.secret_hash.empty()) {
    if (!secret || !crypto::ConstantTimeEquals(crypto::Sha256(*secret), client.secret_hash)) {
      if (secret) crypto::Wipe(&*secret);
      return refuse("the client secret is missing or wrong");
    }
  }
  if (secret) crypto::Wipe(&*secret);
  return Caller{client, std::nullopt};
}

OAuthResponse AuthorizationServer::Token(const OAuthRequest& request) {
  std::optional<Form> form = ParseUrlForm(request.body);
  if (!form) return ErrorAnswer({400, "invalid_request", "the body is not valid form encoding"});
  if (std::optional<std::string> twice = Repeated(*form)) {
    return ErrorAnswer({400, "invalid_request",
                        "the parameter \"" + twice->substr(0, 64) + "\" is given more than once"});
  }
  Caller caller = AuthenticateClient(request, *form);
  if (caller.refusal) {
    Audit("token", 0, "refused", Field(*form, "client_id").value_or("").substr(0, 64),
          "invalid_client", request.client_address);
    return std::move(*caller.refusal);
  }
  const std::string grant_type = Field(*form, "grant_type").value_or("");
  if (grant_type == "authorization_code") {
    return CodeGrant(*caller.client, *form, request.client_address);
  }
  if (grant_type == "refresh_token") {
    return RefreshGrant(*caller.client, *form, request.client_address);
  }
  return ErrorAnswer(
      {400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"});
}

template <class Refuse>
OAuthResponse AuthorizationServer::RedeemRefusal(const Status& status, const Refuse& refuse) {
  switch (status.code()) {
    case ODMCP_PERMISSION_DENIED:
      // A reuse revoked its grant: the tokens this process remembers as
      // verified must be checked again.
      tokens_.Forget();
      return refuse(0, "invalid_grant", status.message());
    case ODMCP_INVALID_ARGUMENT:
      return refuse(0, "invalid_grant", status.message());
    default:
      return ErrorAnswer({503, "temporarily_unavailable", status.message()});
  }
}

OAuthResponse AuthorizationServer::CodeGrant(const OAuthClient& client, const Form& form,
                                             const std::string& address) {
  const std::string code = Field(form, "code").value_or("");
  const std::string verifier = Field(form, "code_verifier").value_or("");
  if (code.empty() || verifier.empty()) {
    return ErrorAnswer({400, "invalid_request", "code and code_verifier are required"});
  }
  auto refuse = [&](int64_t tenant_id, std::string error, std::string why) {
    Audit("token", tenant_id, "refused", client.client_id, why, address);
    return ErrorAnswer({400, std::move(error), std::move(why)});
  };
  StatusOr<Redeemed> redeemed = grants_.RedeemCode(code);
  if (!redeemed.ok()) return RedeemRefusal(redeemed.status(), refuse);
  const Redeemed& r = redeemed.value();
  const int64_t tenant = r.grant.tenant_id;
  if (r.grant.client_id != client.client_id) {
    return refuse(tenant, "invalid_grant", "the code was issued to another client");
  }
  if (const std::optional<std::string> uri = Field(form, "redirect_uri");
      uri && *uri != r.redirect_uri) {
    return refuse(tenant, "invalid_grant",
                  "redirect_uri differs from the one of the authorization request");
  }
  if (!IsPkceValue(verifier) ||
      !crypto::ConstantTimeEquals(Base64UrlEncode(crypto::Sha256(verifier)), r.code_challenge)) {
    return refuse(tenant, "invalid_grant",
                  "the code_verifier does not match the code_challenge (PKCE S256)");
  }
  if (const std::optional<std::string> resource = Field(form, "resource");
      resource && *resource != r.grant.resource) {
    return refuse(tenant, "invalid_target", "the code was issued for resource " + r.grant.resource);
  }
  Audit("token", tenant, "ok", client.client_id, r.grant.scope, address);
  return Tokens(r.grant, r.vault_key);
}

OAuthResponse AuthorizationServer::RefreshGrant(const OAuthClient& client, const Form& form,
                                                const std::string& address) {
  const std::string token = Field(form, "refresh_token").value_or("");
  if (token.empty()) return ErrorAnswer({400, "invalid_request", "refresh_token is required"});
  auto refuse = [&](int64_t tenant_id, std::string error, std::string why) {
    Audit("refresh", tenant_id, "refused", client.client_id, why, address);
    return ErrorAnswer({400, std::move(error), std::move(why)});
  };
  // A request the token cannot serve is refused before the token is used
  // up, so that the client keeps it.
  StatusOr<std::optional<int64_t>> grant_id = grants_.GrantOfRefreshToken(token);
  if (!grant_id.ok()) return ErrorAnswer({503, "temporarily_unavailable", grant_id.error()});
  std::string narrowed;
  if (grant_id.value()) {
    StatusOr<std::optional<GrantRecord>> found = grants_.FindGrant(*grant_id.value());
    if (!found.ok()) return ErrorAnswer({503, "temporarily_unavailable", found.error()});
    if (const std::optional<GrantRecord>& grant = found.value()) {
      if (grant->client_id != client.client_id) {
        return refuse(grant->tenant_id, "invalid_grant",
                      "the refresh token was issued to another client");
      }
      if (const std::optional<std::string> resource = Field(form, "resource");
          resource && *resource != grant->resource) {
        return refuse(grant->tenant_id, "invalid_target",
                      "the refresh token was issued for resource " + grant->resource);
      }
      if (const std::optional<std::string> scope = Field(form, "scope")) {
        // RFC 6749 section 6: a refresh may narrow the scope, never widen it.
        narrowed = ToolScopesOf(*scope);
        if (!narrowed.empty() && !ScopeWithin(narrowed, grant->scope)) {
          return refuse(grant->tenant_id, "invalid_scope",
                        "a refresh may ask for at most the scope granted: " + grant->scope);
        }
      }
    }
  }
  StatusOr<Redeemed> redeemed = grants_.RedeemRefreshToken(token);
  if (!redeemed.ok()) return RedeemRefusal(redeemed.status(), refuse);
  Redeemed& r = redeemed.value();
  GrantRecord grant = r.grant;
  if (!narrowed.empty()) grant.scope = narrowed;
  Audit("refresh", grant.tenant_id, "ok", client.client_id, grant.scope, address);
  return Tokens(grant, r.vault_key);
}

OAuthResponse AuthorizationServer::Tokens(const GrantRecord& grant, std::string_view vault_key) {
  StatusOr<std::string> refresh = grants_.IssueRefreshToken(grant.id, vault_key);
  if (!refresh.ok()) return ErrorAnswer({503, "temporarily_unavailable", refresh.error()});
  std::string access = tokens_.Issue(grant, vault_key);
  OAuthResponse response = JsonAnswer(
      200, "{\"access_token\":" + QuoteJson(access) + ",\"token_type\":\"Bearer\",\"expires_in\":" +
               std::to_string(options_.ttl_s) + ",\"refresh_token\":" + QuoteJson(refresh.value()) +
               ",\"scope\":" + QuoteJson(grant.scope) + "}");
  response.tenant_id = grant.tenant_id;
  crypto::Wipe(&access);
  crypto::Wipe(&refresh.value());
  return response;
}

OAuthResponse AuthorizationServer::Revoke(const OAuthRequest& request) {
  std::optional<Form> form = ParseUrlForm(request.body);
  if (!form) return ErrorAnswer({400, "invalid_request", "the body is not valid form encoding"});
  Caller caller = AuthenticateClient(request, *form);
  if (caller.refusal) return std::move(*caller.refusal);
  const std::string token = Field(*form, "token").value_or("");
  if (token.empty()) return ErrorAnswer({400, "invalid_request", "token is required"});
  // RFC 7009 section 2.2: an unknown or invalid token is answered 200 too;
  // the hint only says where to look first, and both places are looked in.
  std::optional<int64_t> grant_id;
  StatusOr<std::optional<int64_t>> of_refresh = grants_.GrantOfRefreshToken(token);
  if (!of_refresh.ok()) return ErrorAnswer({503, "temporarily_unavailable", of_refresh.error()});
  grant_id = of_refresh.value();
  if (!grant_id) grant_id = tokens_.GrantOf(token);
  OAuthResponse ok = JsonAnswer(200, "{}");
  if (!grant_id) return ok;
  StatusOr<std::optional<GrantRecord>> grant = grants_.FindGrant(*grant_id);
  if (!grant.ok()) return ErrorAnswer({503, "temporarily_unavailable", grant.error()});
  if (!grant.value()) return ok;
  if (grant.value()->client_id != caller.client->client_id) {
    return ErrorAnswer({400, "unauthorized_client",
                        "the token was issued to another client, which alone may revoke it"});
  }
  StatusOr<bool> revoked = grants_.Revoke(*grant_id);
  if (!revoked.ok()) return ErrorAnswer({503, "temporarily_unavailable", revoked.error()});
  tokens_.Forget();
  Audit("revoke", grant.value()->tenant_id, "ok", caller.client->client_id, grant.value()->scope,
        request.client_address);
  ok.tenant_id = grant.value()->tenant_id;
  return ok;
}

std::optional<std::string> AuthorizationServer::AddPending(std::shared_ptr<Pending> pending) {
  std::string id = Base64UrlEncode(crypto::RandomBytes(24));
  const int64_t now = clock_->UnixMillis();
  MutexLock lock(&mutex_);
  if (pending_.size() >= kMaxPending) {
    for (auto it = pending_.begin(); it != pending_.end();) {
      it = it->second->expires_ms <= now ? pending_.erase(it) : std::next(it);
    }
    if (pending_.size() >= kMaxPending) return std::nullopt;
  }
  pending_.emplace(id, std::move(pending));
  return id;
}

std::shared_ptr<AuthorizationServer::Pending> AuthorizationServer::FindPending(
    std::string_view id) {
  MutexLock lock(&mutex_);
  auto it = pending_.find(id);
  if (it == pending_.end()) return nullptr;
  if (it->second->expires_ms <= clock_->UnixMillis()) {
    pending_.erase(it);
    return nullptr;
  }
  return it->second;
}

bool AuthorizationServer::DropPending(std::string_view id) {
  MutexLock lock(&mutex_);
  auto it = pending_.find(id);
  if (it == pending_.end()) return false;
  pending_.erase(it);
  return true;
}

void AuthorizationServer::Audit(std::string_view event, int64_t tenant_id, std::string_view outcome,
                                std::string_view client_id, std::string_view detail,
                                const std::string& address) {
  if (audit_ == nullptr) return;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "client_id", client_id);
  if (!detail.empty()) WriteKeyString(w, outcome == "ok" ? "scope" : "reason", detail);
  WriteKeyString(w, "address", address);
  w.EndObject();
  AuditRecord record;
  record.time_ms = clock_->UnixMillis();
  record.tenant_id = tenant_id;
  record.tool = "oauth." + std::string(event);
  record.outcome = std::string(outcome);
  record.arguments_json = std::string(buffer.GetString(), buffer.GetSize());
  audit_->Record(std::move(record));
}

}  // namespace odmcp
