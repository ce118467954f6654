// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-pid.c - what a pid namespace shows: how deep it is nested below
 * ours, and the PID the other side's process has in it, when it is in it
 * or below (a parent pid namespace sees its children's processes, never
 * the other way). From the NSpid lines the scan read and the parents.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "nsdiff.h"

#define CHAIN_MAX 64

int deep_pid(const struct nsd *nsd, const struct side *s, const struct side *other,
	     struct deep *d)
{
	const struct snap_proc *p = s->proc, *o = other->proc;
	uint64_t chain[CHAIN_MAX];
	size_t level, n;
	bool seen = false;

	(void)nsd;
	if (!p || !p->nnspid || !o) {
		snprintf(d->why, sizeof(d->why), "%c's NSpid was not read", s->which);
		return -ENODATA;
	}
	level = p->nnspid - 1;
	facts_addf(&d->facts, "level", "", "%zu", level);
	/* the other's pid namespace is ours or below it: it sees that one */
	n = nsd_chain(s, other, NSINFO_TYPE_PID, other->ino[NSINFO_TYPE_PID], chain, CHAIN_MAX);
	for (size_t i = 0; i < n && !seen; i++)
		seen = chain[i] == s->ino[NSINFO_TYPE_PID];
	if (seen && level < o->nnspid)
		facts_addf(&d->facts, "sees the other", "", "as PID %d", (int)o->nspid[level]);
	else
		facts_add(&d->facts, "sees the other", "", "not at all");
	return d->facts.nomem ? -ENOMEM : 0;
}
