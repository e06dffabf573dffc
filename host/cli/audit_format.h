// The output formats of `orderdesk-mcp audit`: an aligned table for people,
// JSON lines and CSV (RFC 4180) for programs. Text is printed or appended as
// it is given; only the table replaces control characters, which the other
// formats escape.
#ifndef ODMCP_HOST_CLI_AUDIT_FORMAT_H_
#define ODMCP_HOST_CLI_AUDIT_FORMAT_H_

#include <string>
#include <vector>

#include "host/services/audit/audit_query.h"

namespace odmcp {

// Prints `rows` to standard output under a header line: id, time, tenant,
// tool, store, outcome, duration in ms, correlation id.
void PrintTable(const std::vector<AuditRow>& rows);

// Appends one JSON object and a newline, with the call's arguments.
void AppendJsonLine(const AuditRow& row, std::string& out);

// The CSV header row, CRLF-terminated, naming AppendCsvLine's fields.
extern const char* const kCsvHeader;

// Appends one CSV record, CRLF-terminated.
void AppendCsvLine(const AuditRow& row, std::string& out);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_AUDIT_FORMAT_H_
