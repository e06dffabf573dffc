// Everything the edge acceptance tests use to load a server and observe it:
// include this one header.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_LOAD_CLIENT_H_
#define ODMCP_TESTS_EDGE_SUPPORT_LOAD_CLIENT_H_

#include "tests/edge/support/client_sockets.h"    // LoopbackSources, OpenResult
#include "tests/edge/support/connection_swarm.h"  // ConnectionSwarm
#include "tests/edge/support/fd_limit.h"          // RaiseFdLimit
#include "tests/edge/support/latency.h"           // MeasureSequential
#include "tests/edge/support/process_sample.h"    // SampleProcess, CpuCoresUsed
#include "tests/edge/support/trickler.h"          // Trickler

#endif  // ODMCP_TESTS_EDGE_SUPPORT_LOAD_CLIENT_H_
