// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * refresh - what a live tool pays per refresh: a warm nsinfo_scanner
 * against a cold nsinfo_snapshot_new(), and the memory of a scanner that
 * runs for a long time.
 *
 *   refresh cold N FLAGSET [BUDGET_S]
 *   refresh warm N FLAGSET [BUDGET_S]
 *   refresh rss  N FLAGSET
 *
 * cold: one untimed nsinfo_snapshot_new() + unref (it primes the dentry
 *       cache, as run.sh's warm-up run does), then N timed ones.
 * warm: one scanner; one untimed first refresh, then N timed refreshes.
 * Each timed step is "get a snapshot, drop the caller's reference", so both
 * modes time the same work but for what the scanner keeps between
 * refreshes.  With BUDGET_S, timing stops once the timed steps took more
 * than BUDGET_S seconds of wall time, after at least 3; n= says how many.
 * Output, one line (medians per refresh, in ms):
 *   mode=warm flags=nstop n=21 cpu_ms_median=... user_ms_median=...
 *   sys_ms_median=... wall_ms_median=... wall_ms_min=... wall_ms_max=...
 *   namespaces=... procs=... source=proc|kernel
 * (source: what read the last snapshot, nsinfo_snapshot_source(); the
 * source asked for is env SOURCE=auto|proc|kernel, default proc).
 * CPU time is CLOCK_PROCESS_CPUTIME_ID (every thread of the process, the
 * library's scan threads included); user and sys are getrusage(RUSAGE_SELF)
 * deltas; wall time is CLOCK_MONOTONIC.
 *
 * rss:  one scanner refreshed N times, each snapshot dropped after the
 *       next refresh (as a monitor holding the one it shows).  After
 *       refreshes 1, 10, 100, 500 and N, one line:
 *   mode=rss flags=nstop refreshes=100 maxrss_kib=... rss_kib=...
 *   namespaces=... procs=... namespaces_max=... procs_max=... ns_new=...
 *   ns_gone=... proc_born=... proc_exited=...
 * maxrss_kib is getrusage ru_maxrss, rss_kib the resident field of
 * /proc/self/statm; namespaces and procs are counts of the last snapshot,
 * the _max ones the largest so far (a peak of the population explains a
 * step in maxrss); ns_new ... proc_exited add up nsinfo_scanner_diff()
 * over all refreshes so far, to show that the population did change.
 *
 * FLAGSET: nsls  = FOR_CHILDREN|FDS|MOUNTS|RELATIONS|INFO_LEADERS (plain nsls)
 *          nstop = RELATIONS|INFO_ALL|TASK_STATS|CONTAINERS (a monitor)
 *          links = 0 (the namespace links only)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "nsinfo.h"

#define MIN_TIMED 3

static const struct flagset {
	const char *name;
	unsigned int flags;
} flagsets[] = {
	{ "nsls", NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS |
		  NSINFO_SCAN_MOUNTS | NSINFO_SCAN_RELATIONS |
		  NSINFO_SCAN_INFO_LEADERS },
	{ "nstop", NSINFO_SCAN_RELATIONS | NSINFO_SCAN_INFO_ALL |
		   NSINFO_SCAN_TASK_STATS | NSINFO_SCAN_CONTAINERS },
	{ "links", 0 },
};

#define NFLAGSETS (sizeof(flagsets) / sizeof(flagsets[0]))

struct sample {
	double cpu, user, sys, wall;	/* ms */
};

static void usage(FILE *f)
{
	fputs("usage: refresh cold|warm N FLAGSET [BUDGET_S]\n"
	      "       refresh rss N FLAGSET\n"
	      "FLAGSET: nsls, nstop or links\n", f);
}

static double ts_ms(const struct timespec *t)
{
	return t->tv_sec * 1e3 + t->tv_nsec / 1e6;
}

static double tv_ms(const struct timeval *t)
{
	return t->tv_sec * 1e3 + t->tv_usec / 1e3;
}

struct mark {
	struct timespec cpu, wall;
	struct rusage ru;
};

static void mark(struct mark *m)
{
	clock_gettime(CLOCK_MONOTONIC, &m->wall);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &m->cpu);
	getrusage(RUSAGE_SELF, &m->ru);
}

static struct sample since(const struct mark *a, const struct mark *b)
{
	struct sample s = {
		.cpu = ts_ms(&b->cpu) - ts_ms(&a->cpu),
		.user = tv_ms(&b->ru.ru_utime) - tv_ms(&a->ru.ru_utime),
		.sys = tv_ms(&b->ru.ru_stime) - tv_ms(&a->ru.ru_stime),
		.wall = ts_ms(&b->wall) - ts_ms(&a->wall),
	};
	return s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* sorts v */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || end == s || *end || *s == '-' ? -1 : 0;
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "refresh: %s: %s\n", what, strerror(-err));
	return 1;
}

static int timed(int warm, unsigned long n, double budget_ms,
		 const struct flagset *fs, const struct nsinfo_scan_opts *o)
{
	struct nsinfo_scanner *sc = NULL;
	struct nsinfo_snapshot *snap = NULL;
	double *v[4], spent = 0;
	struct sample *s;
	size_t nns, nprocs, i, done = 0;
	enum nsinfo_source src;
	int err, ret = 1;

	s = calloc(n, sizeof(*s));
	for (i = 0; i < 4; i++)
		v[i] = calloc(n, sizeof(double));
	if (!s || !v[0] || !v[1] || !v[2] || !v[3]) {
		fputs("refresh: out of memory\n", stderr);
		goto out;
	}
	if (warm) {
		err = nsinfo_scanner_new(&sc, o);
		if (err < 0) {
			ret = fail("nsinfo_scanner_new", err);
			goto out;
		}
		err = nsinfo_scanner_refresh(sc, &snap);
	} else {
		err = nsinfo_snapshot_new(&snap, o);
	}
	if (err < 0) {
		ret = fail("first scan", err);
		goto out;
	}
	nns = nsinfo_snapshot_ns_count(snap);
	nprocs = nsinfo_snapshot_proc_count(snap);
	src = nsinfo_snapshot_source(snap, NULL);
	nsinfo_snapshot_unref(snap);

	for (done = 0; done < n; done++) {
		struct mark a, b;

		if (done >= MIN_TIMED && budget_ms > 0 && spent > budget_ms)
			break;
		mark(&a);
		if (warm)
			err = nsinfo_scanner_refresh(sc, &snap);
		else
			err = nsinfo_snapshot_new(&snap, o);
		if (err >= 0) {
			nns = nsinfo_snapshot_ns_count(snap);
			nprocs = nsinfo_snapshot_proc_count(snap);
			src = nsinfo_snapshot_source(snap, NULL);
			nsinfo_snapshot_unref(snap);
		}
		mark(&b);
		if (err < 0) {
			ret = fail(warm ? "nsinfo_scanner_refresh" : "nsinfo_snapshot_new", err);
			goto out;
		}
		s[done] = since(&a, &b);
		spent += s[done].wall;
	}
	for (i = 0; i < done; i++) {
		v[0][i] = s[i].cpu;
		v[1][i] = s[i].user;
		v[2][i] = s[i].sys;
		v[3][i] = s[i].wall;
	}
	printf("mode=%s flags=%s n=%zu cpu_ms_median=%.2f user_ms_median=%.2f sys_ms_median=%.2f wall_ms_median=%.2f",
	       warm ? "warm" : "cold", fs->name, done, median(v[0], done),
	       median(v[1], done), median(v[2], done), median(v[3], done));
	/* median() sorted v[3] */
	printf(" wall_ms_min=%.2f wall_ms_max=%.2f namespaces=%zu procs=%zu source=%s\n",
	       v[3][0], v[3][done - 1], nns, nprocs,
	       nsinfo_source_name(src) ? nsinfo_source_name(src) : "?");
	ret = 0;
out:
	nsinfo_scanner_free(sc);
	for (i = 0; i < 4; i++)
		free(v[i]);
	free(s);
	return ret;
}

static long statm_rss_kib(void)
{
	unsigned long size, resident;
	FILE *f = fopen("/proc/self/statm", "re");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lu %lu", &size, &resident) == 2;
	fclose(f);
	return ok ? (long)(resident * (unsigned long)sysconf(_SC_PAGESIZE) / 1024) : -1;
}

static int rss(unsigned long n, const struct flagset *fs,
	       const struct nsinfo_scan_opts *o)
{
	static const unsigned long points[] = { 1, 10, 100, 500 };
	unsigned long counts[NSINFO_CHANGE_PROC_MOVED + 1] = { 0 };
	struct nsinfo_scanner *sc;
	struct nsinfo_snapshot *shown = NULL, *snap;
	unsigned long r;
	size_t p = 0, i, ns_max = 0, procs_max = 0;
	int err;

	err = nsinfo_scanner_new(&sc, o);
	if (err < 0)
		return fail("nsinfo_scanner_new", err);
	for (r = 1; r <= n; r++) {
		const struct nsinfo_diff *d;
		struct rusage ru;

		err = nsinfo_scanner_refresh(sc, &snap);
		if (err < 0) {
			nsinfo_snapshot_unref(shown);
			nsinfo_scanner_free(sc);
			return fail("nsinfo_scanner_refresh", err);
		}
		/* a monitor drops the frame it showed once it has the next */
		nsinfo_snapshot_unref(shown);
		shown = snap;
		if (nsinfo_snapshot_ns_count(snap) > ns_max)
			ns_max = nsinfo_snapshot_ns_count(snap);
		if (nsinfo_snapshot_proc_count(snap) > procs_max)
			procs_max = nsinfo_snapshot_proc_count(snap);
		d = nsinfo_scanner_diff(sc);
		for (i = 0; d && i < nsinfo_diff_count(d); i++) {
			const struct nsinfo_change *c = nsinfo_diff_change(d, i);

			if (c->kind > 0 && c->kind <= NSINFO_CHANGE_PROC_MOVED)
				counts[c->kind]++;
		}
		while (p < sizeof(points) / sizeof(points[0]) && points[p] < r)
			p++;
		if (r != n && !(p < sizeof(points) / sizeof(points[0]) && points[p] == r))
			continue;
		getrusage(RUSAGE_SELF, &ru);
		printf("mode=rss flags=%s refreshes=%lu maxrss_kib=%ld rss_kib=%ld namespaces=%zu procs=%zu namespaces_max=%zu procs_max=%zu ns_new=%lu ns_gone=%lu proc_born=%lu proc_exited=%lu\n",
		       fs->name, r, ru.ru_maxrss, statm_rss_kib(),
		       nsinfo_snapshot_ns_count(snap), nsinfo_snapshot_proc_count(snap),
		       ns_max, procs_max,
		       counts[NSINFO_CHANGE_NS_NEW], counts[NSINFO_CHANGE_NS_GONE],
		       counts[NSINFO_CHANGE_PROC_BORN], counts[NSINFO_CHANGE_PROC_EXITED]);
		fflush(stdout);
	}
	nsinfo_snapshot_unref(shown);
	nsinfo_scanner_free(sc);
	return 0;
}

int main(int argc, char **argv)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o) };
	const struct flagset *fs = NULL;
	unsigned long n, budget = 0;
	size_t i;
	int mode;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 4 || argc > 5)
		goto bad;
	if (!strcmp(argv[1], "cold"))
		mode = 0;
	else if (!strcmp(argv[1], "warm"))
		mode = 1;
	else if (!strcmp(argv[1], "rss") && argc == 4)
		mode = 2;
	else
		goto bad;
	if (parse_ulong(argv[2], &n) < 0 || n == 0 || n > 1000000)
		goto bad;
	for (i = 0; i < NFLAGSETS; i++)
		if (!strcmp(argv[3], flagsets[i].name))
			fs = &flagsets[i];
	if (!fs)
		goto bad;
	if (argc == 5 && parse_ulong(argv[4], &budget) < 0)
		goto bad;
	o.flags = fs->flags;
	/* SOURCE=auto|proc|kernel (default proc: the tables before issue 11
	 * are the /proc source's) */
	o.source = nsinfo_source_from_name(getenv("SOURCE") ? getenv("SOURCE") : "proc");
	if (o.source < 0)
		goto bad;
	if (mode == 2)
		return rss(n, fs, &o);
	return timed(mode, n, budget * 1e3, fs, &o);
bad:
	usage(stderr);
	return 2;
}
