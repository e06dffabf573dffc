// Copyright 2026 The orderdesk-mcp Authors.
//
// The orderdesk-sandbox command line: parsing into SandboxOptions and the
// --help text. Pure functions; thread-safe.

#ifndef ODMCP_SANDBOX_COMMAND_LINE_H_
#define ODMCP_SANDBOX_COMMAND_LINE_H_

#include <string>

#include "sandbox/sandbox_options.h"

namespace odmcp::sandbox {

// Parses argv[1..argc). Sets *show_help for --help/-h (other options are
// then not checked). Returns false and sets *error, naming the option and
// what it expects, on any bad option.
bool ParseCommandLine(int argc, const char* const* argv, SandboxOptions* options, bool* show_help,
                      std::string* error);

// The --help text: every option, its default and an example.
std::string UsageText();

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_COMMAND_LINE_H_
