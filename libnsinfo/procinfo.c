// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * procinfo.c - task info (command, user, ppid, ...) from libproc2, asked
 * only for the processes a caller will show: with NSINFO_SCAN_INFO_LEADERS
 * the lowest PID of each namespace, a few dozen processes instead of all.
 *
 * libproc2 reads /proc itself and has no proc-root option, so a snapshot
 * of another proc root (a fixture tree) has no task info.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libproc2/pids.h>

#include "internal.h"

static enum pids_item items[] = {
	PIDS_ID_PID, PIDS_ID_PPID, PIDS_CMD, PIDS_CMDLINE, PIDS_CMDLINE_V,
	PIDS_ID_EUID, PIDS_ID_EUSER, PIDS_STATE, PIDS_TICS_BEGAN,
};
enum { I_PID, I_PPID, I_CMD, I_CMDLINE, I_CMDLINE_V, I_EUID, I_EUSER, I_STATE, I_BEGAN };
_Static_assert(ARRAY_SIZE(items) == I_BEGAN + 1, "items[] and its enum agree");

/* Private to this file: never visible after the scan. */
#define PROC_PICKED (1u << 31)

/* libproc2 takes at most a few hundred PIDs per select. */
#define SELECT_CHUNK 128

void procinfo_free(struct nsinfo_proc *proc)
{
	free(proc->comm);
	free(proc->cmdline);
	free(proc->user);
	proc->comm = proc->cmdline = proc->user = NULL;
}

/*
 * An empty /proc/PID/cmdline (kernel threads, zombies) reaches us as
 * libproc2's placeholders: argv {"-"} and the string "[comm]". A process
 * whose real argv is "-" has the string "-", so both together are sure.
 */
static bool cmdline_empty(char **argv, const char *joined, const char *comm)
{
	size_t n = strlen(comm);

	if (!argv || !argv[0])
		return true;
	return strcmp(argv[0], "-") == 0 && !argv[1] && joined[0] == '[' &&
	       strncmp(joined + 1, comm, n) == 0 && strcmp(joined + 1 + n, "]") == 0;
}

/* argv joined by spaces, or the command name when argv is empty, as lsns
 * prints COMMAND. */
static char *join_cmdline(char **argv, const char *joined, const char *comm)
{
	size_t len = 0;
	char *s, *w;

	if (cmdline_empty(argv, joined, comm))
		return strdup(comm);
	for (char **a = argv; *a; a++)
		len += strlen(*a) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	w = s;
	for (char **a = argv; *a; a++) {
		size_t n = strlen(*a);

		memcpy(w, *a, n);
		w += n;
		*w++ = ' ';
	}
	w[-1] = '\0';
	return s;
}

static int fill(struct nsinfo_snapshot *snap, struct pids_stack *st)
{
	pid_t pid = PIDS_VAL(I_PID, s_int, st, NULL);
	struct nsinfo_proc *p;

	p = (struct nsinfo_proc *)nsinfo_snapshot_find_proc(snap, pid);
	if (!p || (p->flags & NSINFO_PROC_HAS_INFO))
		return 0;
	p->comm = strdup(PIDS_VAL(I_CMD, str, st, NULL));
	if (p->comm)
		p->cmdline = join_cmdline(PIDS_VAL(I_CMDLINE_V, strv, st, NULL),
					  PIDS_VAL(I_CMDLINE, str, st, NULL), p->comm);
	p->user = strdup(PIDS_VAL(I_EUSER, str, st, NULL));
	if (!p->comm || !p->cmdline || !p->user) {
		procinfo_free(p);
		return -ENOMEM;
	}
	p->uid = PIDS_VAL(I_EUID, u_int, st, NULL);
	p->ppid = PIDS_VAL(I_PPID, s_int, st, NULL);
	p->state = PIDS_VAL(I_STATE, s_ch, st, NULL);
	p->start_ticks = PIDS_VAL(I_BEGAN, ull_int, st, NULL);
	p->flags |= NSINFO_PROC_HAS_INFO;
	return 0;
}

static bool default_root(const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	return n == 5 && strncmp(root, "/proc", 5) == 0;
}

/* Mark the processes whose info is wanted; returns how many. */
static size_t pick(struct nsinfo_snapshot *snap, unsigned int *pids)
{
	size_t n = 0;

	if (snap->flags & NSINFO_SCAN_INFO_ALL) {
		for (size_t i = 0; i < snap->nprocs; i++)
			pids[n++] = (unsigned int)snap->procs[i].pid;
		return n;
	}
	/* leaders repeat across types (one process often leads all eight):
	 * a private flag bit keeps each once */
	for (size_t i = 0; i < snap->nns; i++) {
		const struct nsinfo_proc *cp;
		struct nsinfo_proc *p;

		if (nsinfo_ns_leader(snap->ns[i], &cp, NULL, NULL) < 0)
			continue;
		p = (struct nsinfo_proc *)cp;
		if (p->flags & PROC_PICKED)
			continue;
		p->flags |= PROC_PICKED;
		pids[n++] = (unsigned int)p->pid;
	}
	for (size_t i = 0; i < snap->nprocs; i++)
		snap->procs[i].flags &= ~PROC_PICKED;
	return n;
}

int procinfo_read(struct nsinfo_snapshot *snap)
{
	struct pids_info *info = NULL;
	unsigned int *pids;
	size_t n;
	int rc = 0;

	if (!default_root(snap->proc_root) || !snap->nprocs)
		return 0;
	pids = malloc((snap->nprocs > snap->nns ? snap->nprocs : snap->nns) * sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	n = pick(snap, pids);
	if (procps_pids_new(&info, items, (int)ARRAY_SIZE(items)) < 0) {
		free(pids);
		return 0;	/* no task info; columns show it as unknown */
	}
	for (size_t off = 0; off < n && !rc; off += SELECT_CHUNK) {
		int k = (int)(n - off < SELECT_CHUNK ? n - off : SELECT_CHUNK);
		struct pids_fetch *f;

		f = procps_pids_select(info, pids + off, k, PIDS_SELECT_PID);
		if (!f)
			continue;	/* all of them exited */
		for (int i = 0; i < f->counts->total && !rc; i++)
			rc = fill(snap, f->stacks[i]);
	}
	procps_pids_unref(&info);
	free(pids);
	return rc;
}
