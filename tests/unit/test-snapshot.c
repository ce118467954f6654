// SPDX-License-Identifier: LGPL-2.1-or-later
/* The library API: scans of the live /proc and of a fixture tree. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

static uint64_t self_inode(const char *type)
{
	char path[64], buf[64];
	ssize_t n;
	uint64_t ino = 0;
	int t;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	n = readlink(path, buf, sizeof(buf));
	if (n > 0)
		nsinfo_parse_ns_link(buf, (size_t)n, &t, &ino);
	return ino;
}

static struct nsinfo_snapshot *scan(const char *root, unsigned int types, unsigned int flags)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .proc_root = root,
				      .types = types, .flags = flags };
	struct nsinfo_snapshot *snap = NULL;
	int rc = nsinfo_snapshot_new(&snap, &o);

	CHECK(rc == 0);
	return rc == 0 ? snap : NULL;
}

static void test_live(void)
{
	struct nsinfo_snapshot *snap;
	const struct nsinfo_proc *self;

	TEST_BEGIN("snapshot-live-self");
	snap = scan(NULL, 0, 0);
	if (!snap) {
		TEST_END();
		return;
	}
	self = nsinfo_snapshot_find_proc(snap, getpid());
	CHECK(self != NULL);
	for (int t = 0; self && t < NSINFO_NTYPES; t++) {
		const struct nsinfo_ns *ns = nsinfo_proc_ns(self, (enum nsinfo_type)t);

		CHECK(ns && nsinfo_ns_inode(ns) == self_inode(nsinfo_type_name((enum nsinfo_type)t)));
		CHECK(ns && nsinfo_ns_type(ns) == (enum nsinfo_type)t);
		CHECK(ns && nsinfo_snapshot_find_ns(snap, t, nsinfo_ns_inode(ns)) == ns);
		CHECK(ns && nsinfo_snapshot_find_ns(snap, -1, nsinfo_ns_inode(ns)) == ns);
	}
	CHECK(nsinfo_snapshot_seen_count(snap) == nsinfo_snapshot_proc_count(snap));
	CHECK(nsinfo_snapshot_find_proc(snap, 0) == NULL && errno == ENOENT);
	/* a pidfd of ourselves with our start time; none with another */
	{
		struct nsinfo_snapshot *info = scan(NULL, 0, NSINFO_SCAN_INFO_ALL);
		const struct nsinfo_proc *me = info ? nsinfo_snapshot_find_proc(info, getpid()) : NULL;
		unsigned long long start = 0;
		int fd = -1;

		CHECK(me && nsinfo_proc_start_ticks(me, &start) == 0);
		CHECK((fd = nsinfo_pidfd_open(snap, getpid(), start)) >= 0);
		if (fd >= 0)
			close(fd);
		CHECK(nsinfo_pidfd_open(snap, getpid(), start + 1) == -ESRCH);
		CHECK(nsinfo_pidfd_open(snap, 0, start) == -EINVAL);
		CHECK(nsinfo_pidfd_open(NULL, getpid(), start) == -EINVAL);
		nsinfo_snapshot_unref(info);
	}
	TEST_END();

	TEST_BEGIN("snapshot-sorted-and-leaders");
	for (size_t i = 1; i < nsinfo_snapshot_proc_count(snap); i++)
		CHECK(nsinfo_proc_pid(nsinfo_snapshot_proc(snap, i - 1)) <
		      nsinfo_proc_pid(nsinfo_snapshot_proc(snap, i)));
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap); i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		const struct nsinfo_proc *lead;
		unsigned int how;
		pid_t tid;

		if (i)
			CHECK(nsinfo_ns_inode(nsinfo_snapshot_ns(snap, i - 1)) <= nsinfo_ns_inode(ns));
		for (size_t j = 1; j < nsinfo_ns_proc_count(ns); j++)
			CHECK(nsinfo_proc_pid(nsinfo_ns_proc(ns, j - 1)) <
			      nsinfo_proc_pid(nsinfo_ns_proc(ns, j)));
		if (nsinfo_ns_proc_count(ns)) {
			CHECK(nsinfo_ns_leader(ns, &lead, &tid, &how) == 0);
			CHECK(lead == nsinfo_ns_proc(ns, 0) && tid == nsinfo_proc_pid(lead));
			CHECK(how == NSINFO_HOLD_PROCESS);
			CHECK(nsinfo_ns_holders(ns) & NSINFO_HOLD_PROCESS);
		}
		/* no task info asked, so none read */
		CHECK(nsinfo_ns_proc_count(ns) == 0 ||
		      !(nsinfo_proc_flags(nsinfo_ns_proc(ns, 0)) & NSINFO_PROC_HAS_INFO));
	}
	CHECK(nsinfo_snapshot_ns(snap, nsinfo_snapshot_ns_count(snap)) == NULL);
	TEST_END();

	TEST_BEGIN("snapshot-ref-unref");
	CHECK(nsinfo_snapshot_ref(snap) == snap);
	nsinfo_snapshot_unref(snap);	/* one left */
	CHECK(nsinfo_snapshot_proc_count(snap) > 0);
	nsinfo_snapshot_unref(snap);
	nsinfo_snapshot_unref(NULL);
	TEST_END();
}

static void test_types_and_info(void)
{
	unsigned int net = NSINFO_TYPE_BIT(NSINFO_TYPE_NET);
	struct nsinfo_snapshot *snap;
	const struct nsinfo_proc *self;

	TEST_BEGIN("snapshot-one-type");
	snap = scan("/proc", net, NSINFO_SCAN_INFO_LEADERS);
	for (size_t i = 0; snap && i < nsinfo_snapshot_ns_count(snap); i++)
		CHECK(nsinfo_ns_type(nsinfo_snapshot_ns(snap, i)) == NSINFO_TYPE_NET);
	self = snap ? nsinfo_snapshot_find_proc(snap, getpid()) : NULL;
	CHECK(self && nsinfo_proc_ns(self, NSINFO_TYPE_NET) != NULL);
	CHECK(self && nsinfo_proc_ns(self, NSINFO_TYPE_MNT) == NULL);
	TEST_END();

	TEST_BEGIN("snapshot-info-leaders");
	for (size_t i = 0; snap && i < nsinfo_snapshot_ns_count(snap); i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		const struct nsinfo_proc *lead;

		if (nsinfo_ns_leader(ns, &lead, NULL, NULL) == 0 &&
		    !(nsinfo_proc_flags(lead) & NSINFO_PROC_DENIED)) {
			uid_t uid;

			CHECK(nsinfo_proc_flags(lead) & NSINFO_PROC_HAS_INFO);
			CHECK(nsinfo_proc_comm(lead) && nsinfo_proc_cmdline(lead));
			CHECK(nsinfo_proc_uid(lead, &uid) == 0);
		}
	}
	nsinfo_snapshot_unref(snap);
	snap = scan("/proc/", net, NSINFO_SCAN_INFO_ALL);
	self = snap ? nsinfo_snapshot_find_proc(snap, getpid()) : NULL;
	CHECK(self && nsinfo_proc_comm(self) && strcmp(nsinfo_proc_comm(self), "test-snapshot") == 0);
	CHECK(self && nsinfo_proc_cmdline(self) && strstr(nsinfo_proc_cmdline(self), "test-snapshot"));
	CHECK(self && nsinfo_proc_state(self) == 'R');
	nsinfo_snapshot_unref(snap);
	TEST_END();
}

static void test_relations(void)
{
	struct nsinfo_snapshot *snap;
	const struct nsinfo_proc *self;

	TEST_BEGIN("snapshot-relations");
	snap = scan(NULL, 0, NSINFO_SCAN_RELATIONS);
	self = snap ? nsinfo_snapshot_find_proc(snap, getpid()) : NULL;
	for (int t = 0; self && t < NSINFO_NTYPES; t++) {
		const struct nsinfo_ns *ns = nsinfo_proc_ns(self, (enum nsinfo_type)t);
		uint64_t owner = 1, parent = 1, id = 0;

		CHECK(nsinfo_ns_owner(ns, &owner) == 0);
		CHECK(nsinfo_ns_parent(ns, &parent) == 0);
		if (t == NSINFO_TYPE_USER)
			continue;
		/* every other namespace is owned by a user namespace we see */
		CHECK(owner == self_inode("user"));
		CHECK(parent == 0 || t == NSINFO_TYPE_PID);
		CHECK(nsinfo_ns_id(ns, &id) == 0 || (nsinfo_ns_unknown(ns) & NSINFO_NS_NO_NSID));
	}
	nsinfo_snapshot_unref(snap);
	TEST_END();

	TEST_BEGIN("snapshot-no-relations-asked");
	snap = scan(NULL, 0, 0);
	self = snap ? nsinfo_snapshot_find_proc(snap, getpid()) : NULL;
	if (self) {
		const struct nsinfo_ns *ns = nsinfo_proc_ns(self, NSINFO_TYPE_NET);
		uint64_t v;

		CHECK(nsinfo_ns_owner(ns, &v) == -ENODATA);
		CHECK(nsinfo_ns_unknown(ns) & NSINFO_NS_NO_RELATIONS);
	}
	nsinfo_snapshot_unref(snap);
	TEST_END();
}

static void test_errors(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o) };
	struct nsinfo_snapshot *snap = (void *)1;

	TEST_BEGIN("snapshot-bad-options");
	CHECK(nsinfo_snapshot_new(NULL, &o) == -EINVAL);
	o.size = 1;
	CHECK(nsinfo_snapshot_new(&snap, &o) == -EINVAL && snap == NULL);
	o.size = sizeof(o);
	o.types = 1u << NSINFO_NTYPES;
	CHECK(nsinfo_snapshot_new(&snap, &o) == -EINVAL);
	o.types = 0;
	o.proc_root = "/nonexistent-proc";
	CHECK(nsinfo_snapshot_new(&snap, &o) == -ENOENT);
	o.proc_root = "/etc/passwd";
	CHECK(nsinfo_snapshot_new(&snap, &o) == -ENOTDIR);
	TEST_END();
}

/* A fixture proc tree: what the live kernel cannot be made to show. */
static void test_fixture(void)
{
	char root[] = "/tmp/nsinfo-fixture-XXXXXX";
	char cmd[1024];
	struct nsinfo_snapshot *snap;
	const struct nsinfo_ns *net;

	TEST_BEGIN("snapshot-fixture");
	CHECK(mkdtemp(root) != NULL);
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; mkdir -p 10/ns 20/ns 30 40/ns 0123/ns self/ns 50/ns;"
		 "ln -s 'net:[1001]' 10/ns/net; ln -s 'mnt:[1002]' 10/ns/mnt;"
		 "ln -s 'net:[1001]' 20/ns/net; ln -s 'mnt:[1003]' 20/ns/mnt;"
		 "ln -s 'garbage' 40/ns/net; ln -s 'net:[1009]' 0123/ns/net;"
		 "ln -s 'net:[1009]' self/ns/net; ln -s 'mnt:[1001]' 50/ns/net",
		 root);
	CHECK(system(cmd) == 0);
	snap = scan(root, 0, NSINFO_SCAN_RELATIONS | NSINFO_SCAN_INFO_ALL);
	CHECK(snap && nsinfo_snapshot_proc_count(snap) == 2);	/* 10, 20 */
	CHECK(snap && nsinfo_snapshot_ns_count(snap) == 3);	/* 1001 1002 1003 */
	net = snap ? nsinfo_snapshot_find_ns(snap, NSINFO_TYPE_NET, 1001) : NULL;
	CHECK(net && nsinfo_ns_proc_count(net) == 2);
	CHECK(net && nsinfo_proc_pid(nsinfo_ns_proc(net, 0)) == 10);
	/* no task info and no relations outside /proc: unknown, not wrong */
	CHECK(net && nsinfo_proc_comm(nsinfo_ns_proc(net, 0)) == NULL);
	CHECK(snap && nsinfo_snapshot_find_ns(snap, NSINFO_TYPE_NET, 1009) == NULL);
	CHECK(snap && nsinfo_snapshot_denied_count(snap) == 0);
	CHECK(snap && strcmp(nsinfo_snapshot_proc_root(snap), root) == 0);
	/* no process behind a fixture's PIDs: no pidfd */
	CHECK(snap && nsinfo_pidfd_open(snap, 10, 0) == -EOPNOTSUPP);
	nsinfo_snapshot_unref(snap);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK(system(cmd) == 0);
	TEST_END();
}

int main(void)
{
	test_live();
	test_types_and_info();
	test_relations();
	test_errors();
	test_fixture();
	UNIT_EXIT();
}
