#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include "CSystemShims.h"

int cw_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int cw_gettid(void) { return (int)gettid(); }

long cw_rss_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    long pages = 0, resident = 0;
    int n = fscanf(f, "%ld %ld", &pages, &resident);
    fclose(f);
    return n == 2 ? resident * sysconf(_SC_PAGESIZE) : 0;
}

// Bytes malloc has handed out and not taken back, and bytes it holds from the kernel (heap
// and mmapped): RSS growth with flat in-use bytes is fragmentation or a cache, not a leak.
void cw_heap_bytes(long long *in_use, long long *held) {
    struct mallinfo2 info = mallinfo2();
    *in_use = (long long)(info.uordblks + info.hblkhd);
    *held = (long long)(info.arena + info.hblkhd);
}

long long cw_cpu_micros(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL
         + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

void cw_set_thread_name(const char *name) {
    char buf[16];
    snprintf(buf, sizeof buf, "%s", name);
    pthread_setname_np(pthread_self(), buf);
}
