// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * run.c - run the command. A fork is what puts it into the target's pid
 * and time namespaces (setns() changes them for children only); the parent
 * stays to pass on signals and to exit as the command did.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

__attribute__((noreturn)) static void exec_command(const struct plan *p)
{
	char *shell_argv[2] = { NULL, NULL };
	char *const *argv = p->argv;
	int e;

	if (!argv || !argv[0]) {
		const char *sh = getenv("SHELL");

		shell_argv[0] = (char *)(sh && *sh ? sh : "/bin/sh");
		argv = shell_argv;
	}
	if (p->envp)
		execvpe(argv[0], argv, p->envp);
	else
		execvp(argv[0], argv);
	e = errno;
	/* our $SHELL need not exist in the target's mount namespace (a
	 * busybox container has no /bin/bash): the default falls back */
	if (argv == shell_argv && e == ENOENT && strcmp(argv[0], "/bin/sh") != 0) {
		shell_argv[0] = (char *)"/bin/sh";
		if (p->envp)
			execve("/bin/sh", shell_argv, p->envp);
		else
			execv("/bin/sh", shell_argv);
		e = errno;
	}
	warnx("failed to execute %s: %s", argv[0], strerror(e));
	_exit(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
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
				_exit(EXIT_SIGNAL_BASE + WTERMSIG(st));
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
	sigset_t set, old;
	pid_t child;

	fflush(NULL);
	if (p->no_fork)
		exec_command(p);

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
		exec_command(p);
	}
	supervise(child, &set);
}
