// SPDX-License-Identifier: GPL-2.0
/*
 * What run= names, resolved to a path inside the guest:
 *   run=NAME or run=NAME.lua   a built-in scenario, /scripts/NAME.lua, or
 *                              failing that a file NAME in the host's cwd
 *                              (a note on stderr when both exist);
 *   run=/abs/path              a host file, through hostfs (/host);
 *   run=rel/path               a host file relative to the host's cwd (the
 *                              cwd of the ./linux process, read through
 *                              hostfs from the host's /proc).
 * An ELF is executed, and so is a script for another interpreter ("#!"
 * not naming lua); anything else runs as a Lua script.  An ELF that asks
 * for an interpreter (a dynamically linked program) and such a script run
 * with the host's / as their root (host_view.c), where their loader,
 * libraries and interpreter are.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host_view.h"
#include "target.h"

#define SCENARIO_DIR "/scripts"

static void list_scenarios(FILE *out)
{
	struct dirent *entry;
	DIR *dir = opendir(SCENARIO_DIR);

	if (!dir)
		return;
	fputs("built-in scenarios:", out);
	while ((entry = readdir(dir))) {
		size_t len = strlen(entry->d_name);

		if (len > 4 && !strcmp(entry->d_name + len - 4, ".lua"))
			fprintf(out, " %.*s", (int)(len - 4), entry->d_name);
	}
	fputs("\n", out);
	closedir(dir);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t len = strlen(s), n = strlen(suffix);

	return len >= n && !strcmp(s + len - n, suffix);
}

/* A name that can only mean a file in /scripts: no '/', no leading '.'. */
static bool is_scenario_name(const char *run)
{
	return run[0] && run[0] != '.' && !strchr(run, '/');
}

static void host_path(const char *run, char *path, size_t size)
{
	char cwd[PATH_MAX];

	if (run[0] == '/') {
		snprintf(path, size, "/host%s", run);
		return;
	}
	if (host_cwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), "/");
	snprintf(path, size, "/host%s/%s", strcmp(cwd, "/") ? cwd : "", run);
}

/*
 * A script for another interpreter than Lua ("#!/bin/sh"): the host's
 * program, which the kernel runs with its interpreter.
 */
static bool is_foreign_script(int fd)
{
	char line[256];
	ssize_t len = pread(fd, line, sizeof(line) - 1, 0);

	if (len < 2 || line[0] != '#' || line[1] != '!')
		return false;
	line[len] = '\0';
	line[strcspn(line, "\n")] = '\0';
	return !strstr(line, "lua");
}

/*
 * What the file is: an ELF is executed, with the host's root when it
 * asks for an interpreter (a whole ELF64 header with a PT_INTERP program
 * header: the guest runs x86-64 programs); so is a script for another
 * interpreter than Lua; anything else runs as Lua.
 */
static void read_kind(int fd, struct target *t)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	ssize_t len;
	int i;

	len = pread(fd, &eh, sizeof(eh), 0);
	t->is_program = len >= SELFMAG && !memcmp(eh.e_ident, ELFMAG, SELFMAG);
	t->wants_host_root = false;
	if (!t->is_program) {
		t->is_program = t->wants_host_root = is_foreign_script(fd);
		return;
	}
	if (len != sizeof(eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize < sizeof(Elf64_Phdr))
		return;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  eh.e_phoff + (off_t)i * eh.e_phentsize) != sizeof(ph))
			return;
		if (ph.p_type == PT_INTERP)
			t->wants_host_root = true;
	}
}

int target_resolve(const char *run, struct target *t)
{
	char shadowed[sizeof(t->path)];
	int fd;

	if (!run[0]) {
		fprintf(stderr,
			"console: run= wants a scenario name or a host path\n");
		return -1;
	}
	if (is_scenario_name(run)) {
		snprintf(t->path, sizeof(t->path), SCENARIO_DIR "/%s%s", run,
			 has_suffix(run, ".lua") ? "" : ".lua");
		host_path(run, shadowed, sizeof(shadowed));
		if (access(t->path, R_OK))
			snprintf(t->path, sizeof(t->path), "%s", shadowed);
		else if (!access(shadowed, F_OK))
			fprintf(stderr,
				"console: run=%s is the built-in scenario; for the host's ./%s, say run=./%s or ./linux %s\n",
				run, run, run, run);
	} else {
		host_path(run, t->path, sizeof(t->path));
	}
	fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "console: run=%s: %s: %s\n", run, t->path,
			strerror(errno));
		if (is_scenario_name(run))
			list_scenarios(stderr);
		return -1;
	}
	read_kind(fd, t);
	close(fd);
	return 0;
}
