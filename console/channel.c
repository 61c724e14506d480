// SPDX-License-Identifier: GPL-2.0
/*
 * UML gives the guest three ways out (uml-config/base.config):
 *   /dev/tty0   the kernel console: no input, output to the host's stderr;
 *   /dev/tty1   the host's stdin and stdout, through a line discipline;
 *   /dev/ttyS0  no input, output to the host's stdout.
 * A terminal on the host's stdin gets tty1 as the controlling tty (line
 * editing, ^C).  A pipe comes through tty1 too, relayed into a guest pipe
 * (open_piped_stdin()).  Anything else writes through ttyS0, and reads a
 * regular file through hostfs, under the name the host's /proc gives the
 * UML process's fd 0 (UML cannot poll a regular file).  tty1 and ttyS0
 * never both open: UML refuses a second line on one host fd.
 *
 * UML makes a host terminal raw only where it reads it (the kernel's
 * arch/um series, patch "fd channel: only an input channel makes a host
 * terminal raw"), so a line adds \r to \n only where it writes to the
 * terminal on the host's stdin; a file, a pipe or a terminal UML does not
 * read gets exactly the bytes printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "channel.h"
#include "hostfs.h"

/* Bigger than glibc's 4 KiB: fewer guest system calls. */
#define STDOUT_BUFFER (64 * 1024)

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

/* Output post-processing (\n to \r\n) only where a raw terminal shows it. */
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

/* Does the host's fd write to the terminal UML reads, and keeps raw? */
static bool writes_to_raw_terminal(int host_fd, enum host_file in,
				   const char *in_path)
{
	char path[PATH_MAX];

	return in == HOST_TERMINAL &&
	       host_file_kind(host_fd, path, sizeof(path)) == HOST_TERMINAL &&
	       !strcmp(path, in_path);
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

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Copy tty1 into the pipe until the host pipe's end (EIO) or a reader's. */
static noreturn void relay(int tty, int pipe_in)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(tty, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || write_all(pipe_in, buf, n))
			_exit(0);
	}
}

/*
 * A pipe on the host's stdin.  UML reads what is already in it once the
 * opener has set the termios (raw here: no echo, no line editing, the
 * bytes as they are), and at its end tty1 reads EIO, not 0, while its
 * output goes on (arch/um series, "line: deliver input pending at
 * open...").  A relay turns that into a guest pipe with a real end of
 * file, so fd 0 is a pipe in the guest as on the host; tty1 is stdout.
 * The relay is the session's grandchild, reaped by PID 1, so that
 * proc.wait() never meets it.
 */
static int open_piped_stdin(void)
{
	struct termios t;
	int tty, p[2], status;
	pid_t pid;

	tty = open("/dev/tty1", O_RDWR | O_NOCTTY);
	if (tty < 0)
		return -1;
	if (tcgetattr(tty, &t))
		goto err_tty;
	cfmakeraw(&t);
	if (tcsetattr(tty, TCSANOW, &t) || pipe(p))
		goto err_tty;
	pid = fork();
	if (pid < 0)
		goto err_pipe;
	if (pid == 0) {
		close(p[0]);
		pid = fork();
		if (pid == 0)
			relay(tty, p[1]);
		_exit(pid < 0);
	}
	if (waitpid(pid, &status, 0) < 0 || status) {
		errno = ECHILD;
		goto err_pipe;
	}
	close(p[1]);
	return move_fd(p[0], 0) || move_fd(tty, 1) ? -1 : 0;
err_pipe:
	close(p[0]);
	close(p[1]);
err_tty:
	close(tty);
	return -1;
}

/* A named file again through hostfs; anything else reads as empty. */
static int open_input(enum host_file kind, const char *path)
{
	char host_path[HOSTFS_PATH_MAX];
	int fd = -1;

	if (kind == HOST_PATH) {
		snprintf(host_path, sizeof(host_path), "/host%s", path);
		fd = open(host_path, O_RDONLY);
	}
	return fd >= 0 ? fd : open("/dev/null", O_RDONLY);
}

int channel_open_stdio(enum host_file *stdin_kind, char *err, int errlen)
{
	char in_path[PATH_MAX], out_path[PATH_MAX];
	enum host_file in = host_file_kind(0, in_path, sizeof(in_path));
	int fd;

	*stdin_kind = in;
	if (in == HOST_TERMINAL) {
		fd = open("/dev/tty1", O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) || move_fd(fd, 0) ||
		    dup2(0, 1) < 0)
			goto fail;
	} else if (in == HOST_PIPE) {
		if (open_piped_stdin())
			goto fail;
	} else {
		if (move_fd(open_input(in, in_path), 0))
			goto fail;
		fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
		if (move_fd(fd, 1))
			goto fail;
	}
	/*
	 * The guest's stdout is always a tty, which glibc buffers by lines;
	 * buffer in blocks where the host's stdout is no terminal, as a host
	 * program's is (each write costs a guest system call).
	 */
	if (host_file_kind(1, out_path, sizeof(out_path)) != HOST_TERMINAL &&
	    setvbuf(stdout, NULL, _IOFBF, STDOUT_BUFFER))
		goto fail;
	fd = open("/dev/tty0", O_WRONLY | O_NOCTTY);
	if (move_fd(fd, 2) ||
	    set_output_processing(1, writes_to_raw_terminal(1, in, in_path)) ||
	    set_output_processing(2, writes_to_raw_terminal(2, in, in_path)))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "console: connecting stdio to the host: %s",
		 strerror(errno));
	return -1;
}
