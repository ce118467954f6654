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
	EXIT_SIGNAL_BASE = 128,	/* + signal, when dying by it is not possible */
};

/*
 * Errors once a setns() may have happened: _exit, not exit. Exit handlers
 * that fork (LeakSanitizer's tracer) would land in the target's pid
 * namespace and hang there; nothing of ours needs flushing by then.
 */
#define DIE(...)  do { warn(__VA_ARGS__); _exit(EXIT_FAIL); } while (0)
#define DIEX(...) do { warnx(__VA_ARGS__); _exit(EXIT_FAIL); } while (0)

/* Where the namespace of one type comes from. */
enum ns_source {
	SRC_TARGET,	/* the target's, /proc/PID/ns/TYPE (or its pidfd) */
	SRC_FILE,	/* a file given: --net=FILE */
	SRC_NSID,	/* a namespace ID given: --net=:NSID (Linux 6.18+) */
	SRC_SOCKET,	/* the net namespace of a socket of the target (-N) */
	SRC_PARENT,	/* the parent of a user namespace (--user-parent) */
};

/* One namespace type of the plan. */
struct nsreq {
	bool wanted;
	enum ns_source src;
	const char *path;	/* SRC_FILE */
	uint64_t nsid;		/* SRC_NSID */
	char desc[96];		/* where it comes from, for messages and
				 * --dry-run: a path, "nsid 3", ... */
	int fd;			/* open namespace file, or -1 */
	uint64_t inode;
	bool skip;		/* a user namespace we are in already */
	bool entered;
};

/* -S / -G: an ID, or "follow" (the target's, as fstat() of /proc/PID
 * says once we are in its user namespace). */
struct idreq {
	bool set;
	bool follow;
	uid_t id;
};

struct plan {
	struct nsreq ns[NSINFO_NTYPES];
	pid_t pid;		/* 0: no target */
	pid_t tgid;		/* the target's process (differs for a thread) */
	bool pin;		/* -t PID:INODE */
	uint64_t pin_inode;
	int pidfd;		/* -1 */
	bool all;
	bool no_fork;
	bool preserve_creds;
	bool groups_dropped;	/* setgroups(0) worked before entering */
	bool keep_caps;
	bool user_parent;
	int sock_fd;		/* -N: a descriptor number in the target, or -1 */
	bool dry_run;
	bool want_env;
	bool join_cgroup;
	bool follow_context;
	struct idreq uid, gid;
	bool root_opt, wd_opt;	/* -r / -w given (with or without DIR) */
	const char *root_dir;	/* NULL: the target's root */
	const char *wd_dir;	/* NULL: the target's cwd */
	const char *wdns_dir;	/* -W: opened after entering, or NULL */
	int root_fd, wd_fd;	/* -1 */
	int proc_fd;		/* /proc/PID (O_PATH) for -S/-G follow, or -1 */
	int cgroup_fd;		/* the target's cgroup.procs (-c), or -1 */
	char *cgroup_path;	/* its path below /sys/fs/cgroup */
	char *exec_context;	/* -Z: the target's SELinux context */
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

/* context.c: what the program takes from the target besides namespaces */
void context_open(struct plan *p);		/* before setns; exits on error */
void context_join_cgroup(struct plan *p);	/* after setns; _exits on error */
void context_follow_ids(struct plan *p);	/* after setns */
void context_keep_caps(void);			/* after the credentials */

/* run.c */
__attribute__((noreturn)) void run_command(struct plan *p);

#endif
