// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/tracking_url.h"

#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string GuessCarrier(std::string_view tracking_number) {
  if (tracking_number.size() == 18 && EqualsIgnoreCase(tracking_number.substr(0, 2), "1Z")) {
    return "UPS";
  }
  if (AllDigits(tracking_number)) {
    if (tracking_number.size() >= 20 && tracking_number.size() <= 22) return "USPS";
    if (tracking_number.size() == 12 || tracking_number.size() == 15) return "FedEx";
  }
  return "";
}

std::string GuessTrackingUrl(std::string_view carrier_code, std::string_view tracking_number) {
  if (tracking_number.empty() || EqualsIgnoreCase(tracking_number, "n/a")) return "";
  const std::string carrier =
      AsciiLower(carrier_code.empty() ? GuessCarrier(tracking_number) : std::string(carrier_code));
  const std::string number(tracking_number);
  if (carrier == "ups") return "https://www.ups.com/track?tracknum=" + number;
  if (carrier == "usps") return "https://tools.usps.com/go/TrackConfirmAction?tLabels=" + number;
  if (carrier == "fedex") return "https://www.fedex.com/fedextrack/?trknbr=" + number;
  if (carrier == "dhl") return "https://www.dhl.com/en/express/tracking.html?AWB=" + number;
  return "";
}

}  // namespace odmcp::sandbox
