// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one way libnsinfo opens what another user can name (untrusted.c),
 * on a tree of planted symlinks, a FIFO, "..", foreign owners and
 * writable directories: once with openat2(), and once more in a child
 * where a seccomp filter makes openat2() fail with ENOSYS, as on a kernel
 * before 5.6, so the O_NOFOLLOW walk that stands in for it is tested too.
 * A FIFO must never be opened for reading: alarm() turns a hang into a
 * failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

static char dir[] = "/tmp/nsinfo-untrusted-XXXXXX";

static bool make_tree(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; mkdir -p a/b own wr st; echo hello >a/b/file;"
		 "ln -s a link; ln -s b/file a/flink; mkfifo a/fifo;"
		 "echo mine >own/f; chown -R 65534:65534 own;"
		 "echo w >wr/f; chmod 777 wr; echo s >st/f; chmod 1777 st",
		 dir);
	return system(cmd) == 0;
}

static int open_dir(void)
{
	return open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* 0 when fd >= 0 (closed), else the error */
static int result(int fd)
{
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

static void suite(const char *flavour)
{
	char name[64], *buf = NULL;
	struct stat st;
	size_t n = 0;
	int d = open_dir(), fd;

	alarm(20);
	snprintf(name, sizeof(name), "untrusted-%s-paths", flavour);
	TEST_BEGIN(name);
	CHECK(d >= 0);
	CHECK(result(untrusted_open(d, "a/b", O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH)) == 0);
	/* a symlink on the way, or at the end, is not followed */
	CHECK(result(untrusted_open(d, "link/b", O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH)) < 0);
	CHECK(result(untrusted_open(d, "a/flink", O_PATH, UNTRUSTED_BENEATH)) < 0);
	/* nothing above where the walk was put */
	CHECK(result(untrusted_open(d, "../tmp", O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH)) < 0);
	CHECK(result(untrusted_open(d, "a/../../tmp", O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH)) < 0);
	CHECK(result(untrusted_open(d, "/a", O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH)) < 0);
	/* in a root, "/" is that root */
	CHECK(result(untrusted_open(d, "/a/b", O_PATH | O_DIRECTORY, UNTRUSTED_IN_ROOT)) == 0);
	/* reading only through the file call */
	CHECK(untrusted_open(d, "a/b/file", O_RDONLY, UNTRUSTED_BENEATH) == -EINVAL);
	TEST_END();

	snprintf(name, sizeof(name), "untrusted-%s-files", flavour);
	TEST_BEGIN(name);
	CHECK(untrusted_read_file(d, "a/b/file", UNTRUSTED_BENEATH, 0, 100, &buf, &n, &st) == 0);
	CHECK(buf && n == 6 && !strcmp(buf, "hello\n"));
	free(buf);
	CHECK(untrusted_read_file(d, "a/b/file", UNTRUSTED_BENEATH, 0, 3, &buf, &n, &st) == -EFBIG);
	CHECK(untrusted_read_file(d, "a/flink", UNTRUSTED_BENEATH, 0, 100, &buf, &n, &st) < 0);
	/* a FIFO: refused, never opened (no writer: a read open would hang) */
	CHECK(untrusted_read_file(d, "a/fifo", UNTRUSTED_BENEATH, 0, 100, &buf, &n, &st) == -EINVAL);
	CHECK(untrusted_read_file(d, "link/b/file", UNTRUSTED_BENEATH, 0, 100, &buf, &n, &st) < 0);
	TEST_END();

	snprintf(name, sizeof(name), "untrusted-%s-owned", flavour);
	TEST_BEGIN(name);
	/* another user's file is not root's word; it is its owner's */
	CHECK(untrusted_read_file(d, "own/f", UNTRUSTED_OWNED, 0, 100, &buf, &n, &st) == -EPERM);
	CHECK(untrusted_read_file(d, "own/f", UNTRUSTED_OWNED, 65534, 100, &buf, &n, &st) == 0 &&
	      st.st_uid == 65534);
	free(buf);
	/* a directory anyone may write to: not read; a sticky one is */
	CHECK(untrusted_read_file(d, "wr/f", UNTRUSTED_OWNED, 0, 100, &buf, &n, &st) == -EPERM);
	CHECK(untrusted_read_file(d, "st/f", UNTRUSTED_OWNED, 0, 100, &buf, &n, &st) == 0);
	free(buf);
	CHECK(untrusted_read_file(d, "/a/b/file", UNTRUSTED_OWNED, 0, 100, &buf, &n, &st) == 0);
	free(buf);
	CHECK(untrusted_read_file(d, "link/b/file", UNTRUSTED_OWNED, 0, 100, &buf, &n, &st) < 0);
	CHECK(untrusted_read_file(d, "a/../a/b/file", UNTRUSTED_OWNED, 0, 100, &buf, &n, &st) < 0);
	TEST_END();

	snprintf(name, sizeof(name), "untrusted-%s-nsfs", flavour);
	TEST_BEGIN(name);
	fd = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
	CHECK(fd >= 0);
	/* the right type, and another: refused */
	CHECK(result(untrusted_nsfs_at(fd, "net", NSINFO_TYPE_NET, 0)) == 0);
	CHECK(untrusted_nsfs_at(fd, "net", NSINFO_TYPE_UTS, 0) == -ENOTTY);
	CHECK(untrusted_nsfs_at(fd, "net", NSINFO_TYPE_NET, 1) == -ESTALE);
	if (fd >= 0)
		close(fd);
	/* a FIFO where a namespace was named: refused without opening */
	fd = untrusted_open(d, "a/fifo", O_PATH, UNTRUSTED_BENEATH);
	CHECK(fd >= 0 && untrusted_nsfs(fd, -1, 0, true) == -ENOTTY);
	if (fd >= 0)
		close(fd);
	CHECK(nsinfo_nsfs_open(d, "a/fifo") == -ENOTTY);
	CHECK(result(nsinfo_nsfs_open(AT_FDCWD, "/proc/self/ns/uts")) == 0);
	TEST_END();
	alarm(0);
	if (d >= 0)
		close(d);
}

/* openat2() answers ENOSYS from here on: the fallback walk runs. */
static bool no_openat2(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	struct open_how oh = { .flags = O_PATH };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return false;
	return syscall(SYS_openat2, AT_FDCWD, "/", &oh, sizeof(oh)) < 0 && errno == ENOSYS;
}

int main(void)
{
	pid_t pid;
	int st;

	TEST_BEGIN("untrusted-setup");
	CHECK(geteuid() == 0);	/* chown to another user */
	CHECK(mkdtemp(dir) != NULL && make_tree());
	TEST_END();
	if (unit_failed_total)
		UNIT_EXIT();
	suite("openat2");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		TEST_BEGIN("untrusted-fallback-seccomp");
		CHECK(no_openat2());
		TEST_END();
		if (!unit_failed_total)
			suite("fallback");
		fflush(stdout);
		_exit(unit_failed_total ? 1 : 0);
	}
	TEST_BEGIN("untrusted-fallback-exit");
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	TEST_END();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("FAIL untrusted-cleanup: %s\n", cmd);
	}
	if (pid <= 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		unit_failed_total++;
	UNIT_EXIT();
}
