/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsenter-lite.h - the plan nsenter-lite builds from its command line and
 * then carries out: which namespaces, from where, and what to run.
 */
#ifndef NSENTER_LITE_H
#define NSENTER_LITE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinfo.h"

/* Exit codes besides the command's own (nsenter-lite(1), EXIT STATUS). */
enum {
	EXIT_FAIL = 1,		/* our own error: usage, target, setns, ... */
	EXIT_CANNOT_EXEC = 126,	/* the command is not executable */
	EXIT_NOT_FOUND = 127,	/* the command was not found */
	EXIT_SIGNAL_BASE = 128,	/* + signal that killed the command */
};

/*
 * Errors once a setns() may have happened: _exit, not exit. Exit handlers
 * that fork (LeakSanitizer's tracer) would land in the target's pid
 * namespace and hang there; nothing of ours needs flushing by then.
 */
#define DIE(...)  do { warn(__VA_ARGS__); _exit(EXIT_FAIL); } while (0)
#define DIEX(...) do { warnx(__VA_ARGS__); _exit(EXIT_FAIL); } while (0)

/* One namespace type of the plan. */
struct nsreq {
	bool wanted;
	const char *path;	/* a file given for it; NULL: the target's */
	char proc_path[64];	/* /proc/PID/ns/TYPE when from the target */
	int fd;			/* open namespace file, or -1 */
	uint64_t inode;
	bool skip;		/* a user namespace we are in already */
	bool entered;
};

struct plan {
	struct nsreq ns[NSINFO_NTYPES];
	pid_t pid;		/* 0: no target */
	bool pin;		/* -t PID:INODE */
	uint64_t pin_inode;
	int pidfd;		/* -1 */
	bool all;
	bool no_fork;
	bool preserve_creds;
	bool dry_run;
	bool want_env;
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	bool root_opt, wd_opt;	/* -r / -w given (with or without DIR) */
	const char *root_dir;	/* NULL: the target's root */
	const char *wd_dir;	/* NULL: the target's cwd */
	int root_fd, wd_fd;	/* -1 */
	char **envp;		/* -e: the target's environment */
	char *env_buf;		/* what envp points into */
	char **argv;		/* the command; NULL: $SHELL or /bin/sh */
	const char *container;	/* --container's argument, once found */
	const char *container_source;	/* what found it: "kernel", "proc" */
};

/* enter.c */
int plan_open(struct plan *p);			/* exits on error */
int plan_print(const struct plan *p);		/* --dry-run; 0 ok, 1 would fail */
void plan_enter(struct plan *p);		/* exits on error */

/* run.c */
__attribute__((noreturn)) void run_command(struct plan *p);

#endif
