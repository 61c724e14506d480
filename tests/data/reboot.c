/*
 * A host program run inside the guest that ends the machine itself, as an
 * init of its own would: "reboot power-off [N]" (N written to
 * /proc/exitcode first) or "reboot restart" (RB_AUTOBOOT).
 */
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <termios.h>
#include <unistd.h>

static int write_exitcode(const char *status)
{
	FILE *f = fopen("/proc/exitcode", "w");

	if (!f || fputs(status, f) < 0 || fclose(f)) {
		perror("/proc/exitcode");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int how;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: reboot power-off [STATUS] | restart\n");
		return 2;
	}
	how = !strcmp(argv[1], "restart") ? RB_AUTOBOOT : RB_POWER_OFF;
	if (argc == 3 && write_exitcode(argv[2]))
		return 2;
	/* The line must reach the host before the machine goes. */
	printf("reboot: %s\n", argv[1]);
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	reboot(how);
	perror("reboot");
	return 1;
}
