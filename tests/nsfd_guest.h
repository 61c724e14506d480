/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the C programs run inside ./linux share: the RFC's two calls, raw
 * (libc has no wrapper; as iproute2's include/namespace.h wraps setns()),
 * and the uid they drop to.  Build against the patched tree's uapi headers.
 */
#ifndef NSFD_GUEST_H
#define NSFD_GUEST_H

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef __NR_nsfd
#error "__NR_nsfd: build against the patched tree's headers (build/uapi)"
#endif

/*
 * An unprivileged uid: the kernel's default overflowuid
 * (DEFAULT_OVERFLOWUID in include/linux/highuid.h), "nobody", which owns
 * nothing in the guest.
 */
#define UNPRIVILEGED_UID 65534

static inline int nsfd(pid_t pid, unsigned long nstype)
{
	return syscall(__NR_nsfd, pid, nstype);
}

static inline int nsfd_setns(unsigned long nstype, int fd)
{
	return syscall(__NR_nsfd_setns, nstype, fd);
}

#endif
