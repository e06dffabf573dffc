// The HTTP transport's and the Streamable HTTP handler's options, from the
// configuration: one mapping, used by `serve` and by the HTTP fuzz target,
// so that an option added here reaches both.
#ifndef ODMCP_HOST_CLI_HTTP_OPTIONS_H_
#define ODMCP_HOST_CLI_HTTP_OPTIONS_H_

#include "host/config/config.h"
#include "host/protocol/streamable_http.h"
#include "host/transport/http_server.h"

namespace odmcp {

// Requires a configuration the loader accepted (its entries are not checked
// again).
HttpServerOptions HttpServerOptionsFrom(const Config& config);
StreamableHttpOptions StreamableHttpOptionsFrom(const Config& config);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_HTTP_OPTIONS_H_
