// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seam between sources and the snapshot: a source of this test's own
 * (no /proc at all) hands records to the sink, with relations by value,
 * as a kernel-side iterator will, and the snapshot, its accessors and the
 * scanner's diff come out as from the /proc walk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "internal.h"
#include "unit.h"

/* Which population the source hands out: 0 first, 1 after PID 101 moved
 * to net 1004 and PID 100 exited. */
static int epoch;

static const struct ns_relations user_top = {
	.known = KNOWN_PARENT | KNOWN_OWNER | KNOWN_DEPTH, .depth = 0, .netnsid = -1,
};
static const struct ns_relations user_child = {
	.parent = 2000, .owner = 2000, .owner_uid = 1000, .depth = 1, .netnsid = -1,
	.known = KNOWN_PARENT | KNOWN_OWNER | KNOWN_OWNER_UID | KNOWN_DEPTH,
};
static const struct ns_relations net_rel = {
	.owner = 2001, .nsid = 77, .netnsid = -1,
	.known = KNOWN_PARENT | KNOWN_OWNER | KNOWN_NSID,
};

static struct task_rec task(pid_t pid, pid_t tid, uint64_t net)
{
	struct task_rec t = { .pid = pid, .tid = tid, .state = TASK_READ };

	t.ns[NSINFO_TYPE_NET] = NS_REF(NSINFO_TYPE_NET, net);
	t.ns[NSINFO_TYPE_NET].rel = &net_rel;
	t.ns[NSINFO_TYPE_USER] = NS_REF(NSINFO_TYPE_USER, 2001);
	t.ns[NSINFO_TYPE_USER].rel = &user_child;
	/* a type whose relations this source does not know */
	t.ns[NSINFO_TYPE_UTS] = NS_REF(NSINFO_TYPE_UTS, 3001);
	return t;
}

static int walk(struct scan_ctx *ctx)
{
	struct nsinfo_holder h = { .kind = NSINFO_HOLDER_FD, .pid = 101, .fd = 5 };
	struct ns_ref top = NS_REF(NSINFO_TYPE_USER, 2000), held = NS_REF(NSINFO_TYPE_NET, 1003);
	struct task_rec t;
	struct nsinfo_proc *p;
	int rc = 0;

	top.rel = &user_top;
	held.rel = &net_rel;
	if (!sink_ancestor(ctx, &top))
		return -ENOMEM;
	if (epoch == 0) {
		t = task(100, 100, 1001);
		p = sink_process(ctx, &t, &rc);
		if (rc || !p || (rc = sink_thread(ctx, p, &t)))
			return rc ? rc : -EINVAL;
	}
	t = task(101, 101, epoch ? 1004 : 1001);
	p = sink_process(ctx, &t, &rc);
	if (rc || !p || (rc = sink_thread(ctx, p, &t)))
		return rc ? rc : -EINVAL;
	/* its thread 102 sits in another net namespace */
	t = task(101, 102, 1002);
	if ((rc = sink_thread(ctx, p, &t)))
		return rc;
	/* a denied process, and one that went while we read it */
	t = (struct task_rec){ .pid = 200, .tid = 200, .state = TASK_DENIED };
	sink_process(ctx, &t, &rc);
	t = (struct task_rec){ .pid = 201, .tid = 201, .state = TASK_GONE };
	if (rc || sink_process(ctx, &t, &rc) || rc)
		return rc ? rc : -EINVAL;
	return sink_holder(ctx, &held, NSINFO_HOLD_FD, &h);
}

static const struct scan_source source_test = { .name = "test", .walk = walk };

int main(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o),
		.flags = NSINFO_SCAN_RELATIONS | NSINFO_SCAN_TASKS | NSINFO_SCAN_FDS };
	struct nsinfo_scanner *sc = NULL;
	struct nsinfo_snapshot *a = NULL, *b = NULL;
	const struct nsinfo_ns *net, *user, *uts, *split, *held;
	const struct nsinfo_proc *p;
	const struct nsinfo_diff *d;
	uint64_t v;
	uid_t uid;
	int moved = 0, exited = 0;

	TEST_BEGIN("sink-records-to-snapshot");
	CHECK(nsinfo_scanner_new(&sc, &o) == 0);
	if (sc)
		scanner_set_source(sc, &source_test);
	CHECK(sc && nsinfo_scanner_refresh(sc, &a) == 0);
	CHECK(a && nsinfo_snapshot_proc_count(a) == 3);	/* 100, 101, 200 */
	CHECK(a && nsinfo_snapshot_seen_count(a) == 3 && nsinfo_snapshot_denied_count(a) == 1);
	net = a ? nsinfo_snapshot_find_ns(a, NSINFO_TYPE_NET, 1001) : NULL;
	CHECK(net && nsinfo_ns_proc_count(net) == 2 && nsinfo_ns_thread_count(net) == 2);
	CHECK(net && nsinfo_ns_owner(net, &v) == 0 && v == 2001);
	CHECK(net && nsinfo_ns_id(net, &v) == 0 && v == 77);
	user = a ? nsinfo_snapshot_find_ns(a, NSINFO_TYPE_USER, 2001) : NULL;
	CHECK(user && nsinfo_ns_parent(user, &v) == 0 && v == 2000);
	CHECK(user && nsinfo_ns_owner_uid(user, &uid) == 0 && uid == 1000);
	CHECK(a && nsinfo_snapshot_find_ns(a, NSINFO_TYPE_USER, 2000) &&
	      nsinfo_ns_holders(nsinfo_snapshot_find_ns(a, NSINFO_TYPE_USER, 2000)) ==
		      NSINFO_HOLD_ANCESTOR);
	uts = a ? nsinfo_snapshot_find_ns(a, NSINFO_TYPE_UTS, 3001) : NULL;
	CHECK(uts && nsinfo_ns_owner(uts, &v) == -ENODATA);	/* nothing to read it from */
	split = a ? nsinfo_snapshot_find_ns(a, NSINFO_TYPE_NET, 1002) : NULL;
	CHECK(split && nsinfo_ns_holders(split) == NSINFO_HOLD_THREAD && !nsinfo_ns_proc_count(split));
	p = a ? nsinfo_snapshot_find_proc(a, 101) : NULL;
	CHECK(p && nsinfo_proc_thread_count(p) == 2 && nsinfo_proc_split_count(p) == 1 &&
	      nsinfo_proc_split_tid(p, 0) == 102 &&
	      nsinfo_proc_split_ns(p, 0, NSINFO_TYPE_NET) == split);
	held = a ? nsinfo_snapshot_find_ns(a, NSINFO_TYPE_NET, 1003) : NULL;
	CHECK(held && nsinfo_ns_holders(held) == NSINFO_HOLD_FD && nsinfo_ns_holder_count(held) == 1 &&
	      nsinfo_ns_holder(held, 0)->pid == 101 && nsinfo_ns_holder(held, 0)->fd == 5);
	CHECK(a && nsinfo_snapshot_find_proc(a, 201) == NULL);
	TEST_END();

	TEST_BEGIN("sink-diff-through-scanner");
	epoch = 1;
	CHECK(sc && nsinfo_scanner_refresh(sc, &b) == 0);
	d = sc ? nsinfo_scanner_diff(sc) : NULL;
	CHECK(d != NULL);
	for (size_t i = 0; d && i < nsinfo_diff_count(d); i++) {
		const struct nsinfo_change *c = nsinfo_diff_change(d, i);

		moved += c->kind == NSINFO_CHANGE_PROC_MOVED && c->pid == 101 &&
			 c->old_inode == 1001 && c->inode == 1004;
		exited += c->kind == NSINFO_CHANGE_PROC_EXITED && c->pid == 100;
	}
	CHECK(moved == 1 && exited == 1);
	/* the relations kept from the last snapshot are those given */
	net = b ? nsinfo_snapshot_find_ns(b, NSINFO_TYPE_NET, 1004) : NULL;
	CHECK(net && nsinfo_ns_owner(net, &v) == 0 && v == 2001);
	TEST_END();

	nsinfo_snapshot_unref(a);
	nsinfo_snapshot_unref(b);
	nsinfo_scanner_free(sc);
	UNIT_EXIT();
}
