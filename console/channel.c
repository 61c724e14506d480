// SPDX-License-Identifier: GPL-2.0
/*
 * UML gives the guest three ways out (uml-config/base.config):
 *   /dev/tty0   the kernel console: no input, output to the host's stderr;
 *   /dev/tty1   the host's stdin and stdout, through a line discipline;
 *   /dev/ttyS0  no input, output to the host's stdout.
 * A terminal on the host's stdin gets tty1 as the controlling tty (line
 * editing, ^C).  Anything else writes through ttyS0, and reads a regular
 * file through hostfs, under the name the host's /proc gives the UML
 * process's fd 0 (UML cannot poll a regular file).  A pipe can't be read
 * yet: UML registers the host fd edge-triggered when tty1 opens, so bytes
 * already in the pipe never arrive, and at the pipe's EOF it hangs tty1 up
 * and drops its output side (arch/um/drivers/chan_kern.c,
 * chan_interrupt()); tty1 and ttyS0 can't both be open either, since UML
 * refuses a second line on one host fd.  A piped stdin reads as empty;
 * the session refuses to take a chunk from it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "channel.h"

/* What the host's fd is, from the link the host's /proc has for it. */
static enum host_file host_file_kind(int fd, char *path, size_t size)
{
	char link[64];
	ssize_t len;

	snprintf(link, sizeof(link), "/host/proc/self/fd/%d", fd);
	len = readlink(link, path, size - 1);
	if (len < 0)
		return HOST_NOTHING;
	path[len] = '\0';
	if (!strncmp(path, "pipe:", 5) || !strncmp(path, "socket:", 7))
		return HOST_PIPE;
	if (!strncmp(path, "/dev/pts/", 9) || !strncmp(path, "/dev/tty", 8) ||
	    !strcmp(path, "/dev/console"))
		return HOST_TERMINAL;
	if (path[0] == '/' && !strstr(path, " (deleted)"))
		return HOST_PATH;
	return HOST_NOTHING;
}

/* Output post-processing (\n to \r\n) only where a terminal shows it. */
static int set_output_processing(int fd, bool on)
{
	struct termios t;

	if (tcgetattr(fd, &t))
		return -1;
	if (on)
		t.c_oflag |= OPOST | ONLCR;
	else
		t.c_oflag &= ~OPOST;
	return tcsetattr(fd, TCSANOW, &t);
}

static int move_fd(int from, int to)
{
	if (from < 0)
		return -1;
	if (from != to) {
		if (dup2(from, to) < 0)
			return -1;
		close(from);
	}
	return 0;
}

/* A named file again through hostfs; anything else reads as empty. */
static int open_input(enum host_file kind, const char *path)
{
	char host_path[4200];
	int fd = -1;

	if (kind == HOST_PATH) {
		snprintf(host_path, sizeof(host_path), "/host%s", path);
		fd = open(host_path, O_RDONLY);
	}
	return fd >= 0 ? fd : open("/dev/null", O_RDONLY);
}

int channel_open_stdio(enum host_file *stdin_kind, char *err, int errlen)
{
	char in_path[4096], path[4096];
	enum host_file in = host_file_kind(0, in_path, sizeof(in_path));
	int fd;

	*stdin_kind = in;
	if (in == HOST_TERMINAL) {
		fd = open("/dev/tty1", O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) || move_fd(fd, 0) ||
		    dup2(0, 1) < 0)
			goto fail;
	} else {
		if (move_fd(open_input(in, in_path), 0))
			goto fail;
		fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
		if (move_fd(fd, 1) ||
		    set_output_processing(1, host_file_kind(1, path,
							    sizeof(path)) ==
						     HOST_TERMINAL))
			goto fail;
	}
	fd = open("/dev/tty0", O_WRONLY | O_NOCTTY);
	if (move_fd(fd, 2) ||
	    set_output_processing(2, host_file_kind(2, path, sizeof(path)) ==
					     HOST_TERMINAL))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "console: connecting stdio to the host: %s",
		 strerror(errno));
	return -1;
}

/* Output on a UML line may still sit in the tty when a process exits. */
void channel_drain_stdout(void)
{
	fflush(NULL);
	tcdrain(STDOUT_FILENO);
	tcdrain(STDERR_FILENO);
}
