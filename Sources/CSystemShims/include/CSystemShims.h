#ifndef CAREWIRE_CSYSTEMSHIMS_H
#define CAREWIRE_CSYSTEMSHIMS_H
// Linux APIs that Glibc's Swift module map leaves out. No feature macros here:
// _GNU_SOURCE in a module header conflicts with SwiftGlibc (see shims.c).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>

int cw_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
/// The thread id of the caller (gettid), for owner-thread assertions and logs.
int cw_gettid(void);
/// Resident set size of this process in bytes, from /proc/self/statm (0 if unknown).
long cw_rss_bytes(void);
/// User + system CPU time of this process in microseconds.
long long cw_cpu_micros(void);
void cw_heap_bytes(long long *in_use, long long *held);
/// Sets the calling thread's name (at most 15 bytes are kept).
void cw_set_thread_name(const char *name);

static inline uint32_t cw_epollin(void) { return EPOLLIN; }
static inline uint32_t cw_epollout(void) { return EPOLLOUT; }
static inline uint32_t cw_epollerr(void) { return EPOLLERR; }
static inline uint32_t cw_epollhup(void) { return EPOLLHUP; }
static inline uint32_t cw_epollrdhup(void) { return EPOLLRDHUP; }
#endif
