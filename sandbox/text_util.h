// Copyright 2026 The orderdesk-mcp Authors.
//
// Small text helpers shared by the sandbox: ASCII case folding (OrderDesk's
// MySQL comparisons ignore case), strict number parsing for query
// parameters, and exact decimal formatting of money. All functions are pure
// and thread-safe.

#ifndef ODMCP_SANDBOX_TEXT_UTIL_H_
#define ODMCP_SANDBOX_TEXT_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/model.h"

namespace odmcp::sandbox {

std::string AsciiLower(std::string_view text);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// True when `needle_lower` (already lower-case) occurs in `haystack`,
// ignoring ASCII case.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle_lower);

// Three-way comparison ignoring ASCII case: negative, zero or positive.
int CompareIgnoreCase(std::string_view a, std::string_view b);

// Splits on ',' and trims spaces; empty pieces are dropped.
std::vector<std::string_view> SplitCommaList(std::string_view text);

// Parses a whole string as a base-10 signed integer (optional leading '-',
// no spaces, no '+', no fraction). False on anything else or on overflow.
bool ParseInt64(std::string_view text, int64_t* out);

// Parses a decimal number such as "12", "-3.5" or "1e2".
bool ParseDouble(std::string_view text, double* out);

// Rounds a decimal amount to whole cents.
Cents ToCents(double amount);

// The exact shortest decimal text of a cents amount: 1000 -> "10",
// 1050 -> "10.5", 2199 -> "21.99", -170 -> "-1.7".
std::string FormatCentsShort(Cents cents);

// Always two decimals: 170 -> "1.70".
std::string FormatCentsFixed(Cents cents);

// Shortest round-trip text of a double: 0.8 -> "0.8", 2.0 -> "2".
std::string FormatDecimal(double value);

// The longest UTF-8 prefix of `text` that fits in `max_bytes` without
// splitting a multi-byte sequence.
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

// `text` with every byte that is not part of a valid UTF-8 sequence
// replaced by '?', so client input echoed in a message keeps replies valid.
std::string SanitizeUtf8(std::string_view text);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_TEXT_UTIL_H_
