/* SPDX-License-Identifier: GPL-2.0 */
/* Connect a session's fds 0, 1, 2 to the host's stdin, stdout, stderr. */
#ifndef CHANNEL_H
#define CHANNEL_H

/* What the host's stdin is, as the guest can tell through hostfs. */
enum host_file {
	HOST_TERMINAL,
	HOST_PIPE, /* or a socket */
	HOST_PATH, /* a file with a name, opened again through hostfs */
	HOST_NOTHING, /* closed, or a name hostfs can't reach */
};

int channel_open_stdio(enum host_file *stdin_kind, char *err, int errlen);

#endif
