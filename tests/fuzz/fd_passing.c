// SPDX-License-Identifier: GPL-2.0
/* One fd over a unix socket (SCM_RIGHTS), without blocking either way. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"

union fd_control {
	struct cmsghdr hdr;
	char buf[CMSG_SPACE(sizeof(int))];
};

int send_fd(int sock, int fd)
{
	char byte = 'n';
	struct iovec iov = { &byte, 1 };
	union fd_control u = { 0 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* The fd received (close-on-exec), or -1 with errno set. */
int recv_fd(int sock)
{
	char byte;
	struct iovec iov = { &byte, 1 };
	union fd_control u;
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS) {
		errno = ENOMSG;
		return -1;
	}
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}
