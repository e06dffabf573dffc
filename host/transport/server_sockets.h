// What cpp-httplib does not expose about a server's sockets, reached through
// /proc/self/fd by the local port they share. Linux only.
#ifndef ODMCP_HOST_TRANSPORT_SERVER_SOCKETS_H_
#define ODMCP_HOST_TRANSPORT_SERVER_SOCKETS_H_

namespace odmcp {

// Raises the accept queue of the socket listening on `port` to the system's
// maximum. cpp-httplib 0.11 listens with a backlog of 5: a burst of new
// connections overflows it, and the kernel then drops or resets some of
// them (SYN cookies cannot carry a request split over two packets).
// Listening again on a listening socket only changes its backlog.
void WidenListenBacklog(int port);

// Shuts down every connection accepted on `port`. cpp-httplib keeps no list
// of them, and a thread serving an idle keep-alive connection waits out the
// keep-alive timeout before Server::stop() can finish; this wakes them at
// once.
void ShutDownAcceptedConnections(int port);

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_SERVER_SOCKETS_H_
