// SPDX-License-Identifier: GPL-2.0
/*
 * One fd over a unix socket (SCM_RIGHTS), without blocking either way; and
 * a namespace no task is in, passed that way by the helper that made it.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

/*
 * A namespace of @type that no task is in, by its nsfd: a helper makes it
 * (a PID namespace's first child names it), passes the fd and exits.
 */
int lone_namespace(const struct ns_type *type)
{
	int sv[2], fd = -1, status;
	pid_t helper;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	helper = fork();
	if (helper == 0) {
		pid_t inner;

		if (unshare(type->clone_flag))
			_exit(1);
		inner = type->clone_flag == CLONE_NEWPID ? fork() : 0;
		if (inner == 0)
			_exit(send_fd(sv[0], nsfd(0, type->nstype)) ? 1 : 0);
		_exit(waitpid(inner, &status, 0) == inner && status == 0 ? 0 :
									   1);
	}
	if (helper > 0 && waitpid(helper, &status, 0) == helper && status == 0)
		fd = recv_fd(sv[1]);
	close(sv[0]);
	close(sv[1]);
	return fd;
}
