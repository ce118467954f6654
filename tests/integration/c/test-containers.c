// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Containers through the public API: real processes in real cgroups named
 * the way the runtimes name them, and the runtimes' state files from
 * tests/fixtures laid out below a temporary state root (.state_root) where
 * a host keeps them:
 *
 *   STATE/var/lib/docker      -> tests/fixtures/docker
 *   STATE/var/lib/containers  -> tests/fixtures/podman
 *
 * The fixture trees are not in that layout themselves (docker/containers/ID
 * and podman/storage/...), hence the links. Children of this test are
 * moved into cgroups below one new directory of one writable hierarchy:
 *
 *   T/docker/<ID of the Docker fixture "/web">    two processes
 *   T/docker/<another ID with the same 8 first digits, no state file>
 *   T/libpod-<ID of the podman fixture "db">
 *   T/lxc.payload.unit-box
 *   T/machine.slice/machine-my\x2dbox.scope
 *
 * and the snapshot must group, name, sort and find them. It needs root (to
 * write cgroup.procs) and a cgroup hierarchy it may make directories in;
 * otherwise it prints one SKIP line. Every process and directory it makes
 * is removed before it exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nsinfo.h"
#include "unit.h"

#define DOCKER_ID "c659aec19359977bd069edb50f387cb1e536f1485d77f6f5d536b6e88c2fffa1"
#define DOCKER_ID2 "c659aec1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define PODMAN_ID "94104077b3f8df3ece80f686071a973f0e525bf4ca54fd4cc144c5f793476fb0"

enum { C_WEB, C_WEB2, C_NONAME, C_DB, C_LXC, C_NSPAWN, NCHILD };

/* The cgroup (below T) of each child. */
static const char *const cg_of[NCHILD] = {
	[C_WEB] = "docker/" DOCKER_ID,
	[C_WEB2] = "docker/" DOCKER_ID,
	[C_NONAME] = "docker/" DOCKER_ID2,
	[C_DB] = "libpod-" PODMAN_ID,
	[C_LXC] = "lxc.payload.unit-box",
	[C_NSPAWN] = "machine.slice/machine-my\\x2dbox.scope",
};
/* Directories below T, parents first (removed in reverse). */
static const char *const dirs[] = {
	"docker", "docker/" DOCKER_ID, "docker/" DOCKER_ID2, "libpod-" PODMAN_ID,
	"lxc.payload.unit-box", "machine.slice", "machine.slice/machine-my\\x2dbox.scope",
};
#define NDIRS (sizeof(dirs) / sizeof(dirs[0]))

static char top[PATH_MAX];	/* T, "" until made */
static char state[] = "/tmp/nsinfo-state-XXXXXX";
static bool state_made;
static pid_t kids[NCHILD];

static int write_pid(const char *dir, pid_t pid)
{
	char path[PATH_MAX * 2], buf[32];
	int fd, n, rc = 0;

	snprintf(path, sizeof(path), "%s/%s/cgroup.procs", top, dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	if (write(fd, buf, (size_t)n) != n)
		rc = -errno;
	close(fd);
	return rc;
}

/* A hierarchy we may make a cgroup in: T is made there. */
static bool make_top(void)
{
	static const char *const hiers[] = {
		"/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup",
	};
	char path[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(hiers) / sizeof(hiers[0]); i++) {
		snprintf(top, sizeof(top), "%s/nsinfo-unit-%d", hiers[i], (int)getpid());
		if (mkdir(top, 0755) < 0)
			continue;
		/* a cgroup, not a directory of the tmpfs that holds them */
		snprintf(path, sizeof(path), "%s/cgroup.procs", top);
		if (access(path, W_OK) == 0)
			return true;
		rmdir(top);
	}
	top[0] = '\0';
	return false;
}

static void cleanup(void)
{
	char path[PATH_MAX * 2], cmd[sizeof(state) + 16];

	for (int i = 0; i < NCHILD; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
			kids[i] = 0;
		}
	if (top[0]) {
		/* a cgroup empties a moment after its last process is reaped */
		for (int tries = 0; tries < 100; tries++) {
			for (size_t i = NDIRS; i-- > 0;) {
				snprintf(path, sizeof(path), "%s/%s", top, dirs[i]);
				rmdir(path);
			}
			if (rmdir(top) == 0 || errno == ENOENT)
				break;
			nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
		}
		if (access(top, F_OK) == 0)
			printf("FAIL containers-cleanup: %s is left behind\n", top);
	}
	if (state_made) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", state);
		if (system(cmd) != 0)
			printf("FAIL containers-cleanup: %s\n", cmd);
	}
}

/* The state root: copies of the fixture trees where a host has them
 * (copies, not links: state files behind a symlink are not read). */
static bool make_state(void)
{
	char cwd[PATH_MAX], cmd[3 * PATH_MAX + 256];

	if (!getcwd(cwd, sizeof(cwd)) || !mkdtemp(state))
		return false;
	state_made = true;
	snprintf(cmd, sizeof(cmd), "set -e; umask 022; mkdir -p %s/var/lib;"
		 "cp -r %s/tests/fixtures/docker %s/var/lib/docker;"
		 "cp -r %s/tests/fixtures/podman %s/var/lib/containers;"
		 "chmod -R go-w %s/var", state, cwd, state, cwd, state, state);
	return system(cmd) == 0;
}

/* Children that wait to be killed, each in its cgroup. */
static int start_kids(void)
{
	char path[PATH_MAX * 2];
	int rc;

	for (size_t i = 0; i < NDIRS; i++) {
		snprintf(path, sizeof(path), "%s/%s", top, dirs[i]);
		if (mkdir(path, 0755) < 0)
			return -errno;
	}
	for (int i = 0; i < NCHILD; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			return -errno;
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
		rc = write_pid(cg_of[i], kids[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static struct nsinfo_snapshot *scan(const char *state_root, unsigned int flags)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = flags,
				      .types = NSINFO_TYPE_BIT(NSINFO_TYPE_PID),
				      .state_root = state_root };
	struct nsinfo_snapshot *snap = NULL;

	CHECK(nsinfo_snapshot_new(&snap, &o) == 0);
	return snap;
}

static const struct nsinfo_container *container_of(const struct nsinfo_snapshot *snap, pid_t pid)
{
	const struct nsinfo_proc *p = nsinfo_snapshot_find_proc(snap, pid);

	return p ? nsinfo_proc_container(p) : NULL;
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

static void test_identity(const struct nsinfo_snapshot *snap)
{
	const struct nsinfo_container *c;

	TEST_BEGIN("containers-docker-name-from-state");
	c = container_of(snap, kids[C_WEB]);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(nsinfo_container_runtime(c), "docker");
		CHECK_STR(nsinfo_container_id(c), DOCKER_ID);
		CHECK_STR(nsinfo_container_name(c), "web");	/* "Name": "/web" */
		CHECK(nsinfo_container_pod(c) == NULL);
	}
	TEST_END();

	TEST_BEGIN("containers-docker-two-processes");
	CHECK(c && container_of(snap, kids[C_WEB2]) == c);
	if (c) {
		pid_t lo = kids[C_WEB] < kids[C_WEB2] ? kids[C_WEB] : kids[C_WEB2];
		pid_t hi = kids[C_WEB] ^ kids[C_WEB2] ^ lo;

		CHECK(nsinfo_container_proc_count(c) == 2);
		CHECK(nsinfo_container_proc(c, 0) && nsinfo_proc_pid(nsinfo_container_proc(c, 0)) == lo);
		CHECK(nsinfo_container_proc(c, 1) && nsinfo_proc_pid(nsinfo_container_proc(c, 1)) == hi);
		CHECK(nsinfo_container_proc(c, 2) == NULL && errno == EINVAL);
	}
	TEST_END();

	TEST_BEGIN("containers-docker-without-state");
	c = container_of(snap, kids[C_NONAME]);
	CHECK(c != NULL && c != container_of(snap, kids[C_WEB]));
	if (c) {
		CHECK_STR(nsinfo_container_runtime(c), "docker");
		CHECK_STR(nsinfo_container_id(c), DOCKER_ID2);
		CHECK(nsinfo_container_name(c) == NULL);
		CHECK(nsinfo_container_proc_count(c) == 1);
	}
	TEST_END();

	TEST_BEGIN("containers-podman-name-from-store");
	c = container_of(snap, kids[C_DB]);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(nsinfo_container_runtime(c), "podman");
		CHECK_STR(nsinfo_container_id(c), PODMAN_ID);
		CHECK_STR(nsinfo_container_name(c), "db");
	}
	TEST_END();

	TEST_BEGIN("containers-lxc-name-from-cgroup");
	c = container_of(snap, kids[C_LXC]);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(nsinfo_container_runtime(c), "lxc");
		CHECK(nsinfo_container_id(c) == NULL);
		CHECK_STR(nsinfo_container_name(c), "unit-box");
	}
	TEST_END();

	TEST_BEGIN("containers-nspawn-name-unescaped");
	c = container_of(snap, kids[C_NSPAWN]);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(nsinfo_container_runtime(c), "systemd-nspawn");
		CHECK(nsinfo_container_id(c) == NULL);
		CHECK_STR(nsinfo_container_name(c), "my-box");
	}
	TEST_END();

	TEST_BEGIN("containers-self-outside");
	CHECK(container_of(snap, getpid()) == NULL);
	TEST_END();
}

static void test_find(const struct nsinfo_snapshot *snap)
{
	const struct nsinfo_container *c = NULL, *web = container_of(snap, kids[C_WEB]);
	const struct nsinfo_container *noname = container_of(snap, kids[C_NONAME]);

	TEST_BEGIN("containers-find");
	CHECK(nsinfo_snapshot_find_container(snap, "web", &c) == 0 && c == web);
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, DOCKER_ID, &c) == 0 && c == web);
	c = NULL;
	/* 12 digits, as docker ps shows them: the other ID shares only 8 */
	CHECK(nsinfo_snapshot_find_container(snap, "c659aec19359", &c) == 0 && c == web);
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, "c659aec1aa", &c) == 0 && c == noname);
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, DOCKER_ID2, &c) == 0 && c == noname);
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, "db", &c) == 0 &&
	      c == container_of(snap, kids[C_DB]));
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, "94104077", &c) == 0 &&
	      c == container_of(snap, kids[C_DB]));
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, "unit-box", &c) == 0 &&
	      c == container_of(snap, kids[C_LXC]));
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, "my-box", &c) == 0 &&
	      c == container_of(snap, kids[C_NSPAWN]));
	TEST_END();

	TEST_BEGIN("containers-find-refusals");
	c = NULL;
	CHECK(nsinfo_snapshot_find_container(snap, "c659aec1", &c) == -ENOTUNIQ && c == NULL);
	CHECK(nsinfo_snapshot_find_container(snap, "nsinfo-no-such-container", &c) == -ENOENT);
	/* a name is not a prefix: "we" is neither a name nor an ID's start */
	CHECK(nsinfo_snapshot_find_container(snap, "we", &c) == -ENOENT);
	/* nor an ID's middle */
	CHECK(nsinfo_snapshot_find_container(snap, "9359977b", &c) == -ENOENT);
	CHECK(nsinfo_snapshot_find_container(snap, "", &c) == -EINVAL);
	CHECK(nsinfo_snapshot_find_container(snap, NULL, &c) == -EINVAL);
	CHECK(nsinfo_snapshot_find_container(snap, "web", NULL) == -EINVAL);
	CHECK(nsinfo_snapshot_find_container(NULL, "web", &c) == -EINVAL);
	TEST_END();
}

static const char *key(const struct nsinfo_container *c)
{
	return nsinfo_container_name(c) ? nsinfo_container_name(c) : str(nsinfo_container_id(c));
}

static void test_list(const struct nsinfo_snapshot *snap)
{
	size_t n = nsinfo_snapshot_container_count(snap), ours = 0;

	TEST_BEGIN("containers-list-sorted");
	/* by runtime, then name (else ID) */
	for (size_t i = 1; i < n; i++) {
		const struct nsinfo_container *a = nsinfo_snapshot_container(snap, i - 1);
		const struct nsinfo_container *b = nsinfo_snapshot_container(snap, i);
		int r = strcmp(nsinfo_container_runtime(a), nsinfo_container_runtime(b));

		CHECKF(r < 0 || (r == 0 && strcmp(key(a), key(b)) <= 0), "%s %s listed before %s %s",
		       nsinfo_container_runtime(a), key(a), nsinfo_container_runtime(b), key(b));
	}
	/* each of ours once, and each of its processes points back at it */
	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_container *c = nsinfo_snapshot_container(snap, i);

		for (int k = 0; k < NCHILD; k++)
			if (container_of(snap, kids[k]) == c && k != C_WEB2) {
				ours++;
				break;
			}
		for (size_t j = 0; j < nsinfo_container_proc_count(c); j++)
			CHECK(nsinfo_proc_container(nsinfo_container_proc(c, j)) == c);
	}
	CHECK(ours == NCHILD - 1);
	CHECK(nsinfo_snapshot_container(snap, n) == NULL && errno == EINVAL);
	TEST_END();
}

/* Without the state files the names that only they know are unknown; the
 * ones in the cgroup path stay. Without the flag there are no containers. */
static void test_without(void)
{
	struct nsinfo_snapshot *snap;
	const struct nsinfo_container *c;

	TEST_BEGIN("containers-state-root-elsewhere");
	snap = scan("/nonexistent-nsinfo-state", NSINFO_SCAN_CONTAINERS);
	if (snap) {
		c = container_of(snap, kids[C_WEB]);
		CHECK(c && nsinfo_container_name(c) == NULL);
		CHECK(c && !strcmp(str(nsinfo_container_id(c)), DOCKER_ID));
		c = container_of(snap, kids[C_DB]);
		CHECK(c && nsinfo_container_name(c) == NULL);
		c = container_of(snap, kids[C_LXC]);
		CHECK(c && !strcmp(str(nsinfo_container_name(c)), "unit-box"));
		/* the 12-digit prefix still finds it */
		c = NULL;
		CHECK(nsinfo_snapshot_find_container(snap, "c659aec19359", &c) == 0 &&
		      c == container_of(snap, kids[C_WEB]));
	}
	nsinfo_snapshot_unref(snap);
	TEST_END();

	TEST_BEGIN("containers-not-asked");
	snap = scan(state, 0);
	if (snap) {
		CHECK(nsinfo_snapshot_container_count(snap) == 0);
		CHECK(container_of(snap, kids[C_WEB]) == NULL);
		CHECK(nsinfo_snapshot_find_proc(snap, kids[C_WEB]) != NULL);
	}
	nsinfo_snapshot_unref(snap);
	TEST_END();
}

int main(void)
{
	struct nsinfo_snapshot *snap;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* no buffered lines twice after fork */
	if (geteuid() != 0) {
		printf("SKIP containers-public-api: needs root to put processes in cgroups\n");
		return 0;
	}
	if (!make_top()) {
		printf("SKIP containers-public-api: no cgroup hierarchy to make a cgroup in "
		       "(/sys/fs/cgroup/pids, /sys/fs/cgroup/unified, /sys/fs/cgroup)\n");
		return 0;
	}
	TEST_BEGIN("containers-setup");
	CHECK(make_state());
	rc = start_kids();
	if (rc == -EACCES || rc == -EPERM || rc == -EROFS) {
		cleanup();
		printf("SKIP containers-public-api: cannot move a process into %s: %s\n", top,
		       strerror(-rc));
		return 0;
	}
	CHECK(rc == 0);
	TEST_END();
	if (unit_failed_total) {
		cleanup();
		UNIT_EXIT();
	}

	TEST_BEGIN("containers-scan");
	snap = scan(state, NSINFO_SCAN_CONTAINERS);
	TEST_END();
	if (snap && container_of(snap, getpid())) {
		/* inside a container already: its paths may win over ours */
		printf("SKIP containers-public-api: this test runs in a container (%s)\n",
		       nsinfo_container_runtime(container_of(snap, getpid())));
	} else if (snap) {
		test_identity(snap);
		test_find(snap);
		test_list(snap);
		test_without();
	}
	nsinfo_snapshot_unref(snap);
	cleanup();
	UNIT_EXIT();
}
