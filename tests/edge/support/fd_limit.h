// Edge tests open thousands of sockets in one process; the default soft limit
// on open files (often 1024) would stop them long before the server does.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_FD_LIMIT_H_
#define ODMCP_TESTS_EDGE_SUPPORT_FD_LIMIT_H_

#include <cstddef>
#include <string>

namespace odmcp::testing::edge {

// Makes the soft RLIMIT_NOFILE at least `wanted` (it never lowers it). Returns
// true when the soft limit is now >= `wanted`. Returns false, leaving the
// limits unchanged, when the hard limit is below `wanted` (only root can raise
// it) or setrlimit fails; then `*why` (if not null) says which and by how much.
bool RaiseFdLimit(size_t wanted, std::string* why);

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_FD_LIMIT_H_
