/*
 * A host program run inside the guest: opens the line named by argv[1]
 * (a UML line whose input is a host fd, e.g. con2=fd:3,fd:4), prints how
 * its termios starts, waits past UML's first read of the input pending
 * at open, then prints every byte it reads, escaped, until the input ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const struct timespec past_first_read = { .tv_nsec = 600000000 };
	struct termios t;
	unsigned char buf[256];
	ssize_t n, i;
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_RDONLY | O_NOCTTY);
	if (fd < 0 || tcgetattr(fd, &t)) {
		perror(argv[1]);
		return 1;
	}
	printf("ICANON %d ECHO %d ISIG %d ICRNL %d\n", !!(t.c_lflag & ICANON),
	       !!(t.c_lflag & ECHO), !!(t.c_lflag & ISIG),
	       !!(t.c_iflag & ICRNL));
	nanosleep(&past_first_read, NULL);
	printf("read:");
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			printf(" %02x", buf[i]);
	printf("\nend: %s\n", n ? strerrorname_np(errno) : "0");
	return 0;
}
