// The HTML pages of the built-in authorization server: sign-in, consent,
// and the error page shown when a request cannot be sent back to its client
// (an unknown client or redirect URI must never be redirected to).
//
// Every page is self-contained (inline style, no script, no external
// resource) and every value in it is escaped. The forms post to
// /authorize with the pending request's id as a hidden field "request":
// the id is random and known only to the page, so it also stops another
// site from submitting the form for the user (CSRF).
#ifndef ODMCP_HOST_AUTH_SERVER_PAGES_H_
#define ODMCP_HOST_AUTH_SERVER_PAGES_H_

#include <string>
#include <string_view>
#include <vector>

namespace odmcp {

// `text` with &, <, >, " and ' as character references.
std::string EscapeHtml(std::string_view text);

struct ClientView {
  std::string name;                      // as the client registered it
  std::string redirect_host;             // where the code will be sent
  std::vector<std::string> scope_lines;  // what each granted scope allows, in words
};

// The master-key form. `problem`: why the last try failed, or "".
std::string SignInPage(std::string_view request_id, const ClientView& client,
                       std::string_view problem);

// Allow / Deny, naming the client, its redirect host, the tenant and scopes.
std::string ConsentPage(std::string_view request_id, const ClientView& client,
                        std::string_view tenant_name);

// A request that cannot go back to its client: what is wrong, for the user
// to pass on to whoever made the client.
std::string ErrorPage(std::string_view title, std::string_view detail);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_SERVER_PAGES_H_
