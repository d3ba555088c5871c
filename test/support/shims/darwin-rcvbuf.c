/*
 * LD_PRELOAD shim: setsockopt(SO_RCVBUF) as macOS answers it. Darwin refuses a receive buffer
 * above kern.ipc.maxsockbuf's share (7,456,540 bytes with the default 8 MiB maxsockbuf) with
 * ENOBUFS instead of capping it as Linux does. Built by the test with Debian's gcc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>

#define DARWIN_MAX_RCVBUF 7456540

int setsockopt(int fd, int level, int name, const void *value, socklen_t length) {
  static int (*real)(int, int, int, const void *, socklen_t);
  if (!real) real = (int (*)(int, int, int, const void *, socklen_t))dlsym(RTLD_NEXT, "setsockopt");
  if (level == SOL_SOCKET && name == SO_RCVBUF && length >= sizeof(int) && *(const int *)value > DARWIN_MAX_RCVBUF) {
    errno = ENOBUFS;
    return -1;
  }
  return real(fd, level, name, value, length);
}
