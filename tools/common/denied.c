// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * denied.c - what a scan could not read, said on standard error after the
 * output (cli.h, cli_say_denied()): the processes by PID, command and why
 * when they are few, a count when they are many.
 *
 * Why is told from /proc/PID/status, which stays readable when the
 * namespace links are not: the kernel lets a caller read another process's
 * links (a ptrace read check, ptrace(2)) only when the target's permitted
 * capabilities are a subset of the caller's effective ones, and, without
 * CAP_SYS_PTRACE, when the caller's UID is all of the target's UIDs. What
 * neither explains (a security module, a non-dumpable process in another
 * user namespace) is "permission denied", the errno the library recorded.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsinfo.h"
#include "cli.h"
#include "output.h"

/* Up to this many processes are named, one a line; more are counted. */
#define NAMED_MAX 3
#define CAP_SYS_PTRACE_BIT 19

void cli_parse_status(const char *text, struct cli_status *st)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t len = strcspn(l, "\n");

		if (!strncmp(l, "Name:\t", 6)) {
			size_t n = len - 6 < sizeof(st->name) - 1 ? len - 6 : sizeof(st->name) - 1;

			memcpy(st->name, l + 6, n);
			st->name[n] = '\0';
			st->have |= 1;
		} else if (sscanf(l, "CapPrm:\t%" SCNx64, &st->cap_prm) == 1) {
			st->have |= 2;
		} else if (sscanf(l, "CapEff:\t%" SCNx64, &st->cap_eff) == 1) {
			st->have |= 4;
		} else if (sscanf(l, "Uid:\t%lu\t%lu\t%lu\t%lu", &st->uid[0], &st->uid[1],
				  &st->uid[2], &st->uid[3]) == 4) {
			st->have |= 8;
		}
	}
}

/* Read ROOT/PID/status, through the
 * library's reader of procfs files (a fixture root is not one: nothing is
 * read from it). 0 or -1. */
static int read_status(const char *root, const char *name, struct cli_status *st)
{
	char path[64], *buf = NULL;
	int rootfd, rc;

	memset(st, 0, sizeof(*st));
	if (snprintf(path, sizeof(path), "%s/status", name) >= (int)sizeof(path))
		return -1;
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -1;
	rc = nsinfo_proc_read_file(rootfd, path, 64u << 10, &buf, NULL);
	close(rootfd);
	if (rc < 0)
		return -1;
	cli_parse_status(buf, st);
	free(buf);
	return 0;
}

/* Why we may not read the links of a process with status st. */
static const char *why_denied(const struct cli_status *st, const struct cli_status *self)
{
	if ((st->have & 2) && (self->have & 4) && (st->cap_prm & ~self->cap_eff))
		return "it holds capabilities we lack";
	if ((st->have & 8) && (self->have & 12) == 12 &&
	    !(self->cap_eff & (1ull << CAP_SYS_PTRACE_BIT)))
		for (int i = 0; i < 4; i++)
			if (st->uid[i] != self->uid[0])
				return "it runs as another user";
	return "permission denied";
}

/* One line for a denied process: "PID 1 (init) could not be read: WHY". */
static void say_one(const struct nsinfo_snapshot *snap, const struct nsinfo_proc *p,
		    const struct cli_status *self, bool self_ok)
{
	const char *root = nsinfo_snapshot_proc_root(snap);
	const char *comm = nsinfo_proc_comm(p);
	const char *why = "permission denied";
	char pid[16], *esc;
	struct cli_status st;

	snprintf(pid, sizeof(pid), "%d", (int)nsinfo_proc_pid(p));
	if (read_status(root, pid, &st) == 0) {
		if (!comm && (st.have & 1))
			comm = st.name;
		/* our capabilities say something of the proc root only when
		 * it is our own procfs */
		if (self_ok)
			why = why_denied(&st, self);
	}
	/* a command name is anyone's text: escaped as every cell is */
	esc = comm ? out_escape(comm, OUT_TABLE, 0) : NULL;
	if (esc)
		warnx("PID %s (%s) could not be read: %s", pid, esc, why);
	else
		warnx("PID %s could not be read: %s", pid, why);
	free(esc);
}

void cli_say_denied(const struct nsinfo_snapshot *snap)
{
	size_t denied = nsinfo_snapshot_denied_count(snap);
	size_t tasks = nsinfo_snapshot_denied_task_count(snap);
	const struct nsinfo_proc *few[NAMED_MAX];
	size_t hidden, nfew = 0, flagged = 0;
	const char *why;

	for (size_t i = 0; denied && i < nsinfo_snapshot_proc_count(snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		if (!(nsinfo_proc_flags(p) & NSINFO_PROC_DENIED))
			continue;
		if (nfew < NAMED_MAX)
			few[nfew++] = p;
		flagged++;
	}
	/* a few, all of them in the list: by name; else a count */
	if (denied && flagged == denied && denied <= NAMED_MAX) {
		const char *root = nsinfo_snapshot_proc_root(snap);
		struct cli_status self;
		char me[16];
		bool self_ok;

		/* our own PID, not "self": the reader follows no symlink */
		snprintf(me, sizeof(me), "%d", (int)getpid());
		self_ok = read_status("/proc", me, &self) == 0 && root &&
			       (!strcmp(root, "/proc") || !strcmp(root, "/proc/"));

		for (size_t i = 0; i < nfew; i++)
			say_one(snap, few[i], &self, self_ok);
	} else if (denied) {
		warnx("%zu of %zu processes could not be read: permission denied",
		      denied, nsinfo_snapshot_seen_count(snap));
	}
	if (tasks)
		warnx("%zu threads could not be read: permission denied", tasks);
	if (nsinfo_snapshot_hidden_count(snap, &hidden, &why) == 0 && hidden)
		warnx("about %zu tasks are hidden from you: %s is mounted with hidepid=%s",
		      hidden, nsinfo_snapshot_proc_root(snap), why);
}
