// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * compare.c - two sides, namespace by namespace: the same namespace, a
 * different one (and how the two are related: parent and child, owned by
 * one user namespace, out of each other's reach), or unknown because one
 * side could not be read. Never "same" for what was not read. Then, for
 * each differing namespace, what the two show (deep-*.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

#define CHAIN_MAX 64

__attribute__((format(printf, 2, 3))) static void add_rel(struct type_cmp *tc, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (tc->nrel == ARRAY_SIZE(tc->relations))
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		tc->relations[tc->nrel++] = s;
	va_end(ap);
}

static const char *levels(size_t n)
{
	return n == 1 ? "level" : "levels";
}

/* pid and user namespaces nest: parent, child, siblings, a common
 * ancestor. */
static void rel_hierarchy(struct type_cmp *tc, const struct side *a, const struct side *b)
{
	enum nsinfo_type t = tc->type;
	const char *tn = nsinfo_type_name(t);
	uint64_t ca[CHAIN_MAX], cb[CHAIN_MAX];
	size_t na = nsd_chain(a, b, t, a->ino[t], ca, CHAIN_MAX);
	size_t nb = nsd_chain(a, b, t, b->ino[t], cb, CHAIN_MAX);

	for (size_t i = 1; i < nb; i++)
		if (cb[i] == a->ino[t]) {
			if (i == 1)
				add_rel(tc, "B's is a child of A's");
			else
				add_rel(tc, "B's is %zu levels below A's", i);
			return;
		}
	for (size_t i = 1; i < na; i++)
		if (ca[i] == b->ino[t]) {
			if (i == 1)
				add_rel(tc, "A's is a child of B's");
			else
				add_rel(tc, "A's is %zu levels below B's", i);
			return;
		}
	if (na > 1 && nb > 1 && ca[1] == cb[1]) {
		add_rel(tc, "siblings: both children of %s:[%" PRIu64 "]", tn, ca[1]);
		return;
	}
	for (size_t i = 1; i < na; i++)
		for (size_t j = 1; j < nb; j++)
			if (ca[i] == cb[j]) {
				add_rel(tc, "both below %s:[%" PRIu64 "] (A's %zu %s down, B's %zu)", tn,
					ca[i], i, levels(i), j);
				return;
			}
}

static bool owner_of(const struct side *a, const struct side *b, enum nsinfo_type t,
		     uint64_t ino, uint64_t *owner)
{
	const struct snap_ns *ns = nsd_find_ns(a, b, t, ino);

	if (!ns || !(ns->known & SNAP_NS_OWNER) || !ns->owner)
		return false;
	*owner = ns->owner;
	return true;
}

static void rel_owner(struct type_cmp *tc, const struct side *a, const struct side *b)
{
	enum nsinfo_type t = tc->type;
	uint64_t oa, ob;

	if (!owner_of(a, b, t, a->ino[t], &oa) || !owner_of(a, b, t, b->ino[t], &ob))
		return;
	if (oa == ob)
		add_rel(tc, "both owned by user:[%" PRIu64 "]", oa);
	else
		add_rel(tc, "A's is owned by user:[%" PRIu64 "], B's by user:[%" PRIu64 "]", oa, ob);
}

/*
 * Whether a process of `from` with every capability in its own user
 * namespace could setns() into the other's namespace: the user namespace
 * whose CAP_SYS_ADMIN counts (the owner; a user namespace itself) must be
 * at or below from's (user_namespaces(7)).
 */
static void rel_enter_one(struct type_cmp *tc, const struct side *a, const struct side *b,
			  const struct side *from, const struct side *to)
{
	enum nsinfo_type t = tc->type;
	uint64_t target, chain[CHAIN_MAX];
	const struct snap_ns *top;
	size_t n;

	if (!(from->known & NSINFO_TYPE_BIT(NSINFO_TYPE_USER)))
		return;
	if (t == NSINFO_TYPE_USER)
		target = to->ino[t];
	else if (!owner_of(a, b, t, to->ino[t], &target))
		return;
	n = nsd_chain(a, b, NSINFO_TYPE_USER, target, chain, CHAIN_MAX);
	for (size_t i = 0; i < n; i++)
		if (chain[i] == from->ino[NSINFO_TYPE_USER])
			return;
	/* "not below" only when the chain reached the top of our view */
	top = n ? nsd_find_ns(a, b, NSINFO_TYPE_USER, chain[n - 1]) : NULL;
	if (!top || !(top->known & SNAP_NS_PARENT) || top->parent)
		return;
	if (t == NSINFO_TYPE_USER)
		add_rel(tc, "%c cannot enter %c's: it is not below %c's", from->which, to->which,
			from->which);
	else
		add_rel(tc, "%c's is owned by a user namespace %c cannot enter", to->which,
			from->which);
}

static const char *why_unknown(int err)
{
	switch (err) {
	case -EACCES:
	case -EPERM:
		return "permission denied";
	case -ENODATA:
		return "not read";
	case -ENOENT:
		return "not on this kernel";
	case 0:
		return "unknown";
	}
	return strerror(-err);
}

static int run_deep(const struct nsd *nsd, enum nsinfo_type t, const struct side *s,
		    const struct side *other, struct deep *d)
{
	switch (t) {
	case NSINFO_TYPE_UTS:
		return deep_uts(nsd, s, d);
	case NSINFO_TYPE_USER:
		return deep_user(nsd, s, d);
	case NSINFO_TYPE_MNT:
		return deep_mnt(nsd, s, d);
	case NSINFO_TYPE_NET:
		return deep_net(nsd, s, d);
	case NSINFO_TYPE_CGROUP:
		return deep_cgroup(nsd, s, d);
	case NSINFO_TYPE_TIME:
		return deep_time(nsd, s, d);
	case NSINFO_TYPE_PID:
		return deep_pid(nsd, s, other, d);
	case NSINFO_TYPE_IPC:
		return deep_ipc(nsd, s, d);
	case NSINFO_NTYPES:
		break;
	}
	return -EINVAL;
}

static void deep_one(struct nsd *nsd, struct type_cmp *tc, const struct side *s,
		     const struct side *other, struct deep *d)
{
	int rc = run_deep(nsd, tc->type, s, other, d);

	if (rc == 0)
		rc = facts_finish(&d->facts);
	if (rc == -ENOMEM && !d->why[0])
		snprintf(d->why, sizeof(d->why), "out of memory");
	d->done = rc == 0;
	d->err = rc;
	if (rc < 0 && !d->why[0])
		snprintf(d->why, sizeof(d->why), "%s", strerror(-rc));
}

void compare_sides(struct nsd *nsd, const struct side *a, const struct side *b,
		   struct comparison *c)
{
	memset(c, 0, sizeof(*c));
	c->deep = nsd->deep == 1 || (nsd->deep < 0 && a->live && b->live);
	for (int i = 0; i < NSINFO_NTYPES; i++) {
		enum nsinfo_type t = (enum nsinfo_type)i;
		struct type_cmp *tc = &c->t[i];
		unsigned int bit = NSINFO_TYPE_BIT(t);

		tc->type = t;
		tc->compared = (nsd->types & bit) != 0;
		if (!tc->compared)
			continue;
		/* a kernel without the type (both sides read on it) */
		if (!(a->known & bit) && !(b->known & bit) && a->err[t] == -ENOENT &&
		    b->err[t] == -ENOENT) {
			tc->compared = false;
			continue;
		}
		if (!(a->known & bit) || !(b->known & bit)) {
			const struct side *s = !(a->known & bit) ? a : b;

			tc->status = TS_UNKNOWN;
			snprintf(tc->why, sizeof(tc->why), "cannot read %c's namespace: %s", s->which,
				 why_unknown(s->err[t]));
			if (!(a->known & bit) && !(b->known & bit))
				snprintf(tc->why, sizeof(tc->why), "cannot read either namespace: %s",
					 why_unknown(a->err[t]));
			c->nunknown++;
			nsd->trouble = 1;
			continue;
		}
		if (a->ino[t] == b->ino[t]) {
			tc->status = TS_SAME;
			continue;
		}
		tc->status = TS_DIFFERENT;
		c->ndiff++;
		if (t == NSINFO_TYPE_PID || t == NSINFO_TYPE_USER)
			rel_hierarchy(tc, a, b);
		if (t != NSINFO_TYPE_USER)
			rel_owner(tc, a, b);
		rel_enter_one(tc, a, b, a, b);
		rel_enter_one(tc, a, b, b, a);
		if (!c->deep)
			continue;
		tc->deep_tried = true;
		deep_one(nsd, tc, a, b, &tc->da);
		deep_one(nsd, tc, b, a, &tc->db);
		if (tc->da.done && tc->db.done) {
			if (facts_diff(&tc->da.facts, &tc->db.facts, &tc->deltas, &tc->ndeltas) < 0) {
				tc->db.done = false;
				tc->db.err = -ENOMEM;
				snprintf(tc->db.why, sizeof(tc->db.why), "out of memory");
			}
		}
		/* asked for: what could not be read is trouble; by default a
		 * namespace that could not be looked into is only said so */
		if ((!tc->da.done || !tc->db.done) && nsd->deep == 1)
			nsd->trouble = 1;
	}
}

void comparison_free(struct comparison *c)
{
	for (int i = 0; i < NSINFO_NTYPES; i++) {
		struct type_cmp *tc = &c->t[i];

		for (size_t j = 0; j < tc->nrel; j++)
			free(tc->relations[j]);
		facts_free(&tc->da.facts);
		facts_free(&tc->db.facts);
		free(tc->deltas);
	}
}
