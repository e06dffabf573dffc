#include "host/auth/server/pages.h"

namespace odmcp {
namespace {

constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
    "color:#1b1b1b}h1{font-size:1.4rem}.box{border:1px solid #ccc;border-radius:8px;"
    "padding:1rem 1.25rem}.problem{color:#a40000}label{display:block;margin:.75rem 0 .25rem}"
    "input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}"
    "button{padding:.5rem 1.25rem;margin:.75rem .5rem 0 0}.host{font-family:monospace}";

std::string Page(std::string_view title, std::string_view body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"same-origin\"><title>";
  out += EscapeHtml(title);
  out += " - orderdesk-mcp</title><style>";
  out += kStyle;
  out += "</style></head><body><h1>";
  out += EscapeHtml(title);
  out += "</h1>";
  out += body;
  out += "</body></html>\n";
  return out;
}

std::string ClientBox(const ClientView& client) {
  std::string out = "<div class=\"box\"><p><strong>" + EscapeHtml(client.name) +
                    "</strong> asks to use this server's tools for you.</p>"
                    "<p>After you allow it, your browser is sent to <span class=\"host\">" +
                    EscapeHtml(client.redirect_host) + "</span>";
  if (client.redirect_host == "localhost" || client.redirect_host == "127.0.0.1" ||
      client.redirect_host == "::1") {
    out += " (a program on this computer: allow it only if you just started it)";
  }
  out += ".</p><p>It asks for:</p><ul>";
  for (const std::string& line : client.scope_lines) out += "<li>" + EscapeHtml(line) + "</li>";
  out += "</ul></div>";
  return out;
}

std::string Hidden(std::string_view request_id) {
  return "<input type=\"hidden\" name=\"request\" value=\"" + EscapeHtml(request_id) + "\">";
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string SignInPage(std::string_view request_id, const ClientView& client,
                       std::string_view problem) {
  std::string body = ClientBox(client);
  if (!problem.empty())
    body += "<p class=\"problem\" role=\"alert\">" + EscapeHtml(problem) + "</p>";
  body += "<form method=\"post\" action=\"/authorize\">" + Hidden(request_id) +
          "<label for=\"master_key\">Your tenant's master key</label>"
          "<input type=\"password\" id=\"master_key\" name=\"master_key\" autocomplete=\"off\" "
          "required autofocus>"
          "<button type=\"submit\">Sign in</button></form>";
  return Page("Sign in to orderdesk-mcp", body);
}

std::string ConsentPage(std::string_view request_id, const ClientView& client,
                        std::string_view tenant_name) {
  std::string body = "<p>Signed in as tenant <strong>" + EscapeHtml(tenant_name) +
                     "</strong>.</p>" + ClientBox(client) +
                     "<form method=\"post\" action=\"/authorize\">" + Hidden(request_id) +
                     "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
                     "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                     "</form>";
  return Page("Allow " + client.name + "?", body);
}

std::string ErrorPage(std::string_view title, std::string_view detail) {
  return Page(title, "<p class=\"problem\">" + EscapeHtml(detail) +
                         "</p><p>Nothing was sent to the application. Start the connection again "
                         "from it, or tell whoever made it.</p>");
}

}  // namespace odmcp
