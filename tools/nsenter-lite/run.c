// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * run.c - run the command. As nsenter does, in our own process (execve in
 * place) unless a pid namespace was entered: setns(CLONE_NEWPID) changes
 * it for children only, so then a child runs the command, and the parent
 * stays to pass on signals and to end as the command did: with its exit
 * status, or killed by the same signal. (A time namespace needs no fork:
 * setns(CLONE_NEWTIME) moves the caller itself.) -F never forks.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsenter-lite.h"

/*
 * The parent passes on every signal that may be sent to make the command
 * do something: INT, TERM, HUP, QUIT, USR1, USR2, WINCH, CONT, ALRM, URG,
 * PWR, VTALRM, PROF, XCPU, XFSZ, PIPE, ABRT, TSTP and the real-time ones.
 * One we did not take would kill us by its default action and leave the
 * command running unsupervised (or be lost, for WINCH and URG). Not these:
 *  - SIGCHLD: it is ours, the child changed state;
 *  - SIGKILL, SIGSTOP: they cannot be caught; a stop is mirrored instead
 *    (the child stops, we stop; we are continued, so is it);
 *  - SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS: the kernel sends
 *    them for a fault of our own, and our own handlers (the sanitizers')
 *    must see it; a blocked fault kills us anyway;
 *  - SIGTTIN, SIGTTOU: the terminal stops us for our own read or write in
 *    the background; the command gets its own.
 * SIGTSTP goes on like the rest, so the child stops and the mirroring
 * stops us with it. PIPE and XFSZ are for a write, and we write nothing
 * after the fork but a last message (blocked, that write fails instead).
 * Signals 32 and 33 are glibc's own (SIGRTMIN is 34) and not ours to take.
 */
static const int not_forwarded[] = {
	SIGCHLD, SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS,
	SIGTTIN, SIGTTOU,
};

static void forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		bool skip = sig >= 32 && sig < SIGRTMIN;

		for (size_t i = 0; i < sizeof(not_forwarded) / sizeof(not_forwarded[0]); i++)
			skip |= sig == not_forwarded[i];
		if (!skip)
			sigaddset(set, sig);
	}
}

/*
 * The credentials, in the process that runs the program (the parent of a
 * fork keeps ours, as nsenter's does), as nsenter sets them: -S and -G
 * always; after entering a user namespace (unless
 * --preserve-credentials) the IDs of -S and -G or 0 there, since we start
 * as an unmapped ID. The supplementary groups go when a GID is set; a
 * failure counts only when the first try, before entering, failed too.
 */
static void set_credentials(struct plan *p)
{
	bool in_user = p->ns[NSINFO_TYPE_USER].entered;
	bool force = in_user && !p->preserve_creds;
	bool set_gid = p->gid.set || force, set_uid = p->uid.set || force;
	gid_t gid = p->gid.set ? (gid_t)p->gid.id : 0;
	uid_t uid = p->uid.set ? p->uid.id : 0;

	if (set_gid && setgroups(0, NULL) < 0 && !p->groups_dropped)
		DIE("setgroups failed");
	if (set_gid && setgid(gid) < 0)
		DIE("setgid failed");
	if (set_uid && setuid(uid) < 0)
		DIE("setuid failed");
	if (p->keep_caps && in_user)
		context_keep_caps();
}

/*
 * No program: the shell, as a login shell ("-sh" as its argv[0]) as
 * nsenter runs it: $SHELL, else /bin/sh. Unlike nsenter, an empty $SHELL,
 * or one that is not there once the mount namespace is entered (a busybox
 * container has no /bin/bash), falls back to /bin/sh.
 */
__attribute__((noreturn)) static void exec_command(const struct plan *p)
{
	char *shell_argv[2] = { NULL, NULL };
	char *const *argv = p->argv;
	char login[256];
	const char *file;
	int e;

	if (!argv || !argv[0]) {
		const char *sh = getenv("SHELL");
		char *copy;

		file = sh && *sh ? sh : "/bin/sh";
		copy = strdup(file);
		snprintf(login, sizeof(login), "-%s", copy ? basename(copy) : "sh");
		free(copy);
		shell_argv[0] = login;
		argv = shell_argv;
	} else {
		file = argv[0];
	}
	if (argv == shell_argv) {
		/* a path, as $SHELL is: not looked up in PATH */
		if (p->envp)
			execve(file, argv, p->envp);
		else
			execv(file, argv);
	} else if (p->envp) {
		execvpe(file, argv, p->envp);
	} else {
		execvp(file, argv);
	}
	e = errno;
	if (argv == shell_argv && e == ENOENT && strcmp(file, "/bin/sh") != 0) {
		file = "/bin/sh";
		shell_argv[0] = (char *)"-sh";
		if (p->envp)
			execve(file, shell_argv, p->envp);
		else
			execv(file, shell_argv);
		e = errno;
	}
	warnx("failed to execute %s: %s", file, strerror(e));
	_exit(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

/*
 * The child was killed by sig: end the same way, so that the shell that
 * started us sees what it would have seen without us (bash stops a script
 * on SIGINT, prints "Segmentation fault", $? is 128+N). Our own core dump
 * must not come with it: the child's (if any) is the one that tells
 * something, and ours would land in our working directory, which may be
 * the target's, or in the system's crash reporter. RLIMIT_CORE 0 stops a
 * core file; not being dumpable stops the dump itself, also to a
 * core_pattern pipe, which ignores the limit. The handler (a sanitizer's)
 * goes back to the default, and the signal is unblocked, only now.
 */
__attribute__((noreturn)) static void die_like(int sig)
{
	struct rlimit none = { 0, 0 };
	sigset_t set;

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(sig, SIG_DFL);
	raise(sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* a signal whose default is to be ignored or to stop (the child
	 * cannot have died of one; a tracer may say so): the old way */
	_exit(EXIT_SIGNAL_BASE + sig);
}

/* The parent: wait for the child, pass signals on, mirror stops. */
__attribute__((noreturn)) static void supervise(pid_t child, const sigset_t *set)
{
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(set, &si), st;
		pid_t w;

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			DIE("sigwaitinfo failed");
		}
		if (sig != SIGCHLD) {
			/* a sigqueue(3) value goes along with its signal */
			if (si.si_code == SI_QUEUE)
				sigqueue(child, sig, si.si_value);
			else
				kill(child, sig);
			continue;
		}
		while ((w = waitpid(child, &st, WNOHANG | WUNTRACED)) > 0) {
			/* _exit: nothing is left to flush, and exit handlers
			 * that fork (LeakSanitizer's tracer) would land in the
			 * target's pid namespace */
			if (WIFEXITED(st))
				_exit(WEXITSTATUS(st));
			if (WIFSIGNALED(st))
				die_like(WTERMSIG(st));
			if (WIFSTOPPED(st)) {
				/* ^Z: stop with it, and wake it when we are */
				raise(SIGSTOP);
				kill(child, SIGCONT);
			}
		}
		if (w < 0 && errno != EINTR)
			DIE("waitpid failed");
	}
}

void run_command(struct plan *p)
{
	const struct nsreq *pid_ns = &p->ns[NSINFO_TYPE_PID];
	sigset_t set, old;
	pid_t child;

	/* as nsenter, before the fork: both processes are in the cgroup */
	context_join_cgroup(p);
	context_follow_ids(p);
	fflush(NULL);
	if (p->no_fork || !pid_ns->entered) {
		set_credentials(p);
		exec_command(p);
	}

	forwarded_set(&set);
	sigaddset(&set, SIGCHLD);
	/* blocked before the fork, so nothing is lost between fork and wait */
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		DIE("sigprocmask failed");
	child = fork();
	if (child < 0)
		DIE("fork failed");
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		set_credentials(p);
		exec_command(p);
	}
	supervise(child, &set);
}
