// Copyright 2026 The orderdesk-mcp Authors.
//
// OrderDesk fills a shipment's tracking_url from the carrier and the
// tracking number when the client does not send one (reference section
// 3.8). This reproduces that guess for the carriers clients commonly use.
// Pure functions; thread-safe.

#ifndef ODMCP_SANDBOX_TRACKING_URL_H_
#define ODMCP_SANDBOX_TRACKING_URL_H_

#include <string>
#include <string_view>

namespace odmcp::sandbox {

// The carrier a tracking number's format suggests ("UPS" for "1Z...",
// "USPS" for 20-22 digits, "FedEx" for 12 or 15 digits), or "" when the
// format is not recognised.
std::string GuessCarrier(std::string_view tracking_number);

// The public tracking page for a shipment, or "" when the number is "n/a",
// empty, or neither the carrier nor the number's format is known.
std::string GuessTrackingUrl(std::string_view carrier_code, std::string_view tracking_number);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_TRACKING_URL_H_
