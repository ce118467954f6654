// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Mount holders across the refreshes of a kernel-source scanner, which
 * keeps each mount namespace's table while the kernel's mount event for
 * it stays the same (libnsinfo/mountcache.c): a child in a mount
 * namespace of its own bind-mounts its uts namespace file, mounts a
 * second one, unmounts the first, moves the second; after each step a
 * refresh must show exactly the mount points the kernel has, the same as
 * a cold snapshot taken at that moment, and a refresh with nothing
 * changed the same as the one before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

static char dir[] = "/tmp/nsinfo-mount-refresh-XXXXXX";
static int cmd[2], ack[2];

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* The child: a mount and a uts namespace of its own; one letter a step
 * (a: bind its uts file on a, b: on b, A: unmount a, m: move b to c),
 * one byte back ('0' done, '1' failed). */
static void child(void)
{
	char a[64], b[64], c[64], op;

	path_of(a, sizeof(a), "a");
	path_of(b, sizeof(b), "b");
	path_of(c, sizeof(c), "c");
	/* the parent's ends: its close of cmd must be our end of file */
	close(cmd[1]);
	close(ack[0]);
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		_exit(1);
	if (write(ack[1], "0", 1) != 1)
		_exit(1);
	while (read(cmd[0], &op, 1) == 1) {
		int rc = -1;

		switch (op) {
		case 'a': rc = mount("/proc/self/ns/uts", a, NULL, MS_BIND, NULL); break;
		case 'b': rc = mount("/proc/self/ns/uts", b, NULL, MS_BIND, NULL); break;
		case 'A': rc = umount2(a, 0); break;
		case 'm': rc = mount(b, c, NULL, MS_MOVE, NULL); break;
		}
		if (write(ack[1], rc == 0 ? "0" : "1", 1) != 1)
			_exit(1);
	}
	_exit(0);
}

static int step(char op)
{
	char r = '1';

	if (write(cmd[1], &op, 1) != 1 || read(ack[0], &r, 1) != 1)
		return -1;
	return r == '0' ? 0 : -1;
}

/* The mount points that hold uts namespace uts in the child's mount
 * namespace mnt, in the snapshot's order, as "a b" (names below dir). */
static void mounts_of(const struct nsinfo_snapshot *s, uint64_t uts, uint64_t mnt, char *out,
		      size_t len)
{
	const struct nsinfo_ns *ns = nsinfo_snapshot_find_ns(s, NSINFO_TYPE_UTS, uts);
	size_t off = 0;

	out[0] = '\0';
	if (!ns) {
		snprintf(out, len, "(no uts namespace %llu)", (unsigned long long)uts);
		return;
	}
	for (size_t i = 0; i < nsinfo_ns_holder_count(ns); i++) {
		const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i);
		const char *p;

		if (h->kind != NSINFO_HOLDER_MOUNT || h->mntns != mnt || !h->path)
			continue;
		p = strncmp(h->path, dir, strlen(dir)) ? h->path : h->path + strlen(dir) + 1;
		off += (size_t)snprintf(out + off, off < len ? len - off : 0, "%s%s",
					off ? " " : "", p);
	}
}

static uint64_t ns_of(pid_t pid, const char *type)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

int main(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .source = NSINFO_SOURCE_KERNEL,
		.types = NSINFO_TYPE_BIT(NSINFO_TYPE_UTS) | NSINFO_TYPE_BIT(NSINFO_TYPE_MNT),
		.flags = NSINFO_SCAN_MOUNTS | NSINFO_SCAN_RELATIONS };
	struct nsinfo_scanner *sc = NULL;
	const char *names[] = { "a", "b", "c" };
	/* each step and the mount points it leaves */
	const struct {
		char op;
		const char *want;
	} steps[] = { { 'a', "a" }, { 0, "a" }, { 'b', "a b" }, { 0, "a b" },
		      { 'A', "b" }, { 'm', "c" }, { 0, "c" } };
	uint64_t uts = 0, mnt = 0;
	char why[160] = "";
	pid_t pid;
	int rc;

	if (geteuid() != 0) {
		printf("SKIP mount-refresh: needs root (mount namespaces, BPF)\n");
		return 0;
	}
	if (nsinfo_source_probe(&o, why, sizeof(why)) < 0) {
		printf("SKIP mount-refresh: the kernel source cannot be used here: %s\n", why);
		return 0;
	}

	TEST_BEGIN("mount-refresh-setup");
	CHECK(mkdtemp(dir) != NULL);
	for (size_t i = 0; i < 3; i++) {
		char p[64];
		int fd;

		path_of(p, sizeof(p), names[i]);
		fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
	}
	CHECK(pipe2(cmd, O_CLOEXEC) == 0 && pipe2(ack, O_CLOEXEC) == 0);
	pid = fork();
	if (pid == 0)
		child();
	CHECK(pid > 0);
	close(cmd[0]);
	close(ack[1]);
	{
		char r = '1';

		CHECK(read(ack[0], &r, 1) == 1 && r == '0');
	}
	uts = ns_of(pid, "uts");
	mnt = ns_of(pid, "mnt");
	CHECK(uts && uts != ns_of(getpid(), "uts"));
	CHECK(mnt && mnt != ns_of(getpid(), "mnt"));
	rc = nsinfo_scanner_new(&sc, &o);
	CHECKF(rc == 0, "nsinfo_scanner_new: %s", strerror(-rc));
	TEST_END();

	for (size_t i = 0; sc && i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct nsinfo_snapshot *warm = NULL, *cold = NULL;
		char name[64], got[256], fresh[256];

		snprintf(name, sizeof(name), "mount-refresh-step-%zu-%c", i,
			 steps[i].op ? steps[i].op : '=');
		TEST_BEGIN(name);
		if (steps[i].op)
			CHECKF(step(steps[i].op) == 0, "step %c failed in the child", steps[i].op);
		CHECK(nsinfo_scanner_refresh(sc, &warm) == 0);
		CHECK(nsinfo_snapshot_new(&cold, &o) == 0);
		if (warm && cold) {
			CHECK(nsinfo_snapshot_source(warm, NULL) == NSINFO_SOURCE_KERNEL);
			mounts_of(warm, uts, mnt, got, sizeof(got));
			mounts_of(cold, uts, mnt, fresh, sizeof(fresh));
			CHECK_STR(got, steps[i].want);
			CHECK_STR(fresh, steps[i].want);
		}
		nsinfo_snapshot_unref(warm);
		nsinfo_snapshot_unref(cold);
		TEST_END();
	}

	nsinfo_scanner_free(sc);
	close(cmd[1]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	for (size_t i = 0; i < 3; i++) {
		char p[64];

		path_of(p, sizeof(p), names[i]);
		unlink(p);
	}
	rmdir(dir);
	UNIT_EXIT();
}
