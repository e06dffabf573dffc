// The root function table (odmcp_host_api) given to every plugin's init.
#ifndef ODMCP_HOST_PLUGINS_HOST_API_H_
#define ODMCP_HOST_PLUGINS_HOST_API_H_

#include <odmcp/plugin.h>

namespace odmcp {

// Static storage; valid for the life of the process.
const odmcp_host_api* HostApi();

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_HOST_API_H_
