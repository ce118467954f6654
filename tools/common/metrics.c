// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * metrics.c - a snapshot as Prometheus metrics (metrics.h).
 *
 * Label values come from other users (container names and IDs from their
 * cgroups and state files, ip netns names): they are escaped as the
 * exposition format asks (backslash, double quote, newline), and bytes
 * that are not printable UTF-8 are written as \xNN, the way every other
 * output of ours shows them, so that no value can end a line, close its
 * quotes or carry a terminal sequence. Two containers may claim the same
 * runtime, name and ID (anyone with a delegated cgroup can name it after
 * any container): their series are merged, never printed twice, since a
 * collector drops a whole file that repeats a series.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomic-file.h"
#include "cli.h"
#include "columns.h"
#include "metrics.h"

/* ---- labels ---- */

/* Length of the UTF-8 character at s (1-4), or 0 when the bytes are not
 * one, or it is a control character (C1) or a surrogate. */
static size_t utf8_char(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return s[0] >= 0x20 && s[0] != 0x7f;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return n;
}

/* A label value, quoted and escaped. */
static void put_value(FILE *f, const char *value)
{
	const unsigned char *s = (const unsigned char *)value;

	fputc('"', f);
	while (*s) {
		size_t n = utf8_char(s);

		if (*s == '\\' && s[1] == 'x')
			fputs("\\\\x5c", f);	/* every \x we print is an escape */
		else if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '"')
			fputs("\\\"", f);
		else if (!n)
			fprintf(f, "\\\\x%02x", *s);
		else
			fwrite(s, 1, n, f);
		s += n ? n : 1;
	}
	fputc('"', f);
}

/* ---- families ---- */

static void family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{k1="v1",...} value; labels as NULL-ended key, value pairs (a NULL
 * value leaves its label out). */
static void sample(FILE *f, const char *name, const char *const *labels, double value)
{
	bool first = true;

	fputs(name, f);
	for (size_t i = 0; labels && labels[i]; i += 2) {
		if (!labels[i + 1])
			continue;
		fputs(first ? "{" : ",", f);
		fprintf(f, "%s=", labels[i]);
		put_value(f, labels[i + 1]);
		first = false;
	}
	if (!first)
		fputc('}', f);
	/* counts as integers; a duration with 6 significant digits, more
	 * than a scan's precision (the range first: converting a double
	 * outside it is undefined) */
	if (value >= 0 && value < 1e15 && value == (double)(unsigned long long)value)
		fprintf(f, " %llu\n", (unsigned long long)value);
	else
		fprintf(f, " %.6g\n", value);
}

static bool has_process(unsigned int holders)
{
	return holders & (NSINFO_HOLD_PROCESS | NSINFO_HOLD_THREAD);
}

/*
 * What holds a namespace no process is in, one kind each so that the
 * series add up to the namespaces: the strongest first (a bind mount
 * outlives every process, an fd lives as long as its process, a pending
 * pid_for_children until the next fork, an ancestor as long as what is
 * below it).
 */
static const struct {
	unsigned int bit;
	const char *name;
	unsigned int types;	/* the types that can be held so */
} holder_kinds[] = {
	{ NSINFO_HOLD_MOUNT, "mount", ~0u },
	{ NSINFO_HOLD_FD, "fd", ~0u },
	{ NSINFO_HOLD_SOCKET, "socket", NSINFO_TYPE_BIT(NSINFO_TYPE_NET) },
	{ NSINFO_HOLD_FOR_CHILDREN, "for_children",
	  NSINFO_TYPE_BIT(NSINFO_TYPE_PID) | NSINFO_TYPE_BIT(NSINFO_TYPE_TIME) },
	{ NSINFO_HOLD_ANCESTOR, "ancestor", NSINFO_TYPE_BIT(NSINFO_TYPE_PID) | NSINFO_TYPE_BIT(NSINFO_TYPE_USER) },
};
#define NKINDS (sizeof(holder_kinds) / sizeof(holder_kinds[0]))

static int holder_kind(unsigned int holders)
{
	for (size_t k = 0; k < NKINDS; k++)
		if (holders & holder_kinds[k].bit)
			return (int)k;
	return -1;
}

static void namespaces(FILE *f, const struct nsinfo_snapshot *snap, const struct metrics_opts *o)
{
	size_t by_type[NSINFO_NTYPES] = { 0 }, idle[NSINFO_NTYPES][NKINDS] = { { 0 } };
	size_t n = nsinfo_snapshot_ns_count(snap);
	char ino[24];

	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		enum nsinfo_type t = nsinfo_ns_type(ns);
		unsigned int h = nsinfo_ns_holders(ns);
		int k = holder_kind(h);

		by_type[t]++;
		if (!has_process(h) && k >= 0)
			idle[t][k]++;
	}
	family(f, "nsinfo_namespaces", "gauge", "Namespaces on the host, by type.");
	for (int t = 0; t < NSINFO_NTYPES; t++)
		sample(f, "nsinfo_namespaces",
		       (const char *[]){ "type", nsinfo_type_name((enum nsinfo_type)t), NULL },
		       (double)by_type[t]);
	family(f, "nsinfo_namespaces_without_processes", "gauge",
	       "Namespaces no process is in, by type and by what holds them "
	       "(mount, fd, socket, for_children, ancestor); a leak shows here.");
	for (int t = 0; t < NSINFO_NTYPES; t++)
		for (size_t k = 0; k < NKINDS; k++)
			if (holder_kinds[k].types & NSINFO_TYPE_BIT(t))
				sample(f, "nsinfo_namespaces_without_processes",
				       (const char *[]){ "type", nsinfo_type_name((enum nsinfo_type)t),
							 "holder", holder_kinds[k].name, NULL },
				       (double)idle[t][k]);
	if (!o->per_namespace)
		return;
	family(f, "nsinfo_namespace_processes", "gauge",
	       "Processes in each namespace (ns: its inode; name: its ip netns name or bind mount).");
	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);

		snprintf(ino, sizeof(ino), "%" PRIu64, nsinfo_ns_inode(ns));
		sample(f, "nsinfo_namespace_processes",
		       (const char *[]){ "type", nsinfo_type_name(nsinfo_ns_type(ns)), "ns", ino,
					 "name", nsinfo_ns_name(ns), NULL },
		       (double)nsinfo_ns_proc_count(ns));
	}
}

static void tasks(FILE *f, const struct nsinfo_snapshot *snap)
{
	size_t procs = nsinfo_snapshot_proc_count(snap), threads = 0, hidden = 0;
	const char *why = NULL;

	for (size_t i = 0; i < procs; i++)
		threads += nsinfo_proc_thread_count(nsinfo_snapshot_proc(snap, i));
	family(f, "nsinfo_processes", "gauge", "Processes on the host, as the scan saw them.");
	sample(f, "nsinfo_processes", NULL, (double)procs);
	family(f, "nsinfo_threads", "gauge", "Threads of those processes, leaders included.");
	sample(f, "nsinfo_threads", NULL, (double)threads);
	family(f, "nsinfo_processes_unreadable", "gauge",
	       "Processes whose namespaces could not be read (permission denied).");
	sample(f, "nsinfo_processes_unreadable", NULL, (double)nsinfo_snapshot_denied_count(snap));
	/* only where the proc mount hides tasks (hidepid), as nsls says it */
	if (nsinfo_snapshot_hidden_count(snap, &hidden, &why) == 0) {
		family(f, "nsinfo_tasks_hidden", "gauge",
		       "Tasks the proc mount hides from the scan (hidepid), about.");
		sample(f, "nsinfo_tasks_hidden", (const char *[]){ "hidepid", why, NULL },
		       (double)hidden);
	}
}

/* ---- containers ---- */

#define SHORT_ID 12	/* digits of an ID in the labels, as docker ps shows it */

struct ct_row {
	const char *runtime, *name, *id;
	char owner[16];
	size_t procs, threads;
	unsigned int shared, known;	/* namespace types, as bits */
};

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_ct(const void *x, const void *y)
{
	const struct ct_row *a = x, *b = y;
	int c = cmp_str(a->runtime, b->runtime);

	if (!c)
		c = cmp_str(a->name, b->name);
	/* the label is the ID's first 12 digits: two IDs that share them
	 * would print one series twice */
	if (!c)
		c = strncmp(a->id ? a->id : "", b->id ? b->id : "", SHORT_ID);
	if (!c)
		c = strcmp(a->owner, b->owner);
	return c;
}

static int containers(FILE *f, const struct nsinfo_snapshot *snap)
{
	size_t n = nsinfo_snapshot_container_count(snap), m = 0;
	struct ct_row *rows = calloc(n ? n : 1, sizeof(*rows));
	struct columns_ctx ctx;
	char shortid[SHORT_ID + 1];

	if (!rows)
		return -ENOMEM;
	columns_ctx_init(&ctx, snap);
	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_container *c = nsinfo_snapshot_container(snap, i);
		struct ct_row *r = &rows[m++];
		uid_t uid;

		r->runtime = nsinfo_container_runtime(c);
		r->name = nsinfo_container_name(c);
		r->id = nsinfo_container_id(c);
		if (nsinfo_container_owner(c, &uid) == 0)
			snprintf(r->owner, sizeof(r->owner), "%u", (unsigned int)uid);
		r->procs = nsinfo_container_proc_count(c);
		for (size_t p = 0; p < r->procs; p++)
			r->threads += nsinfo_proc_thread_count(nsinfo_container_proc(c, p));
		r->shared = col_host_types(&ctx, r->procs ? nsinfo_container_proc(c, 0) : NULL,
					   &r->known);
	}
	qsort(rows, m, sizeof(*rows), cmp_ct);
	/* every container found, before claims of one label set merge */
	family(f, "nsinfo_containers", "gauge", "Containers, by runtime.");
	for (size_t i = 0; i < m;) {
		size_t j = i;

		while (j < m && !cmp_str(rows[j].runtime, rows[i].runtime))
			j++;
		sample(f, "nsinfo_containers", (const char *[]){ "runtime", rows[i].runtime, NULL },
		       (double)(j - i));
		i = j;
	}
	/* one series per label set: a second claim of the same labels adds
	 * its processes to the first (whose host types stand) */
	size_t w = 0;

	for (size_t i = 0; i < m; i++) {
		if (w && !cmp_ct(&rows[w - 1], &rows[i])) {
			rows[w - 1].procs += rows[i].procs;
			rows[w - 1].threads += rows[i].threads;
			continue;
		}
		rows[w++] = rows[i];
	}
	m = w;

	static const char *const fam[][2] = {
		{ "nsinfo_container_processes", "Processes in each container." },
		{ "nsinfo_container_threads", "Threads in each container, leaders included." },
		{ "nsinfo_container_host_namespace",
		  "1 when the container's init shares the host's namespace of the type, else 0." },
	};
	for (size_t k = 0; k < 3; k++) {
		family(f, fam[k][0], "gauge", fam[k][1]);
		for (size_t i = 0; i < m; i++) {
			struct ct_row *r = &rows[i];
			const char *id = NULL;

			if (r->id) {
				snprintf(shortid, sizeof(shortid), "%s", r->id);
				id = shortid;
			}
			if (k < 2) {
				sample(f, fam[k][0],
				       (const char *[]){ "runtime", r->runtime, "container",
							 r->name ? r->name : id, "id", id, "owner",
							 r->owner[0] ? r->owner : NULL, NULL },
				       (double)(k == 0 ? r->procs : r->threads));
				continue;
			}
			for (int t = 0; t < NSINFO_NTYPES; t++)
				if (r->known & NSINFO_TYPE_BIT(t))
					sample(f, fam[k][0],
					       (const char *[]){ "runtime", r->runtime, "container",
								 r->name ? r->name : id, "id", id,
								 "owner", r->owner[0] ? r->owner : NULL,
								 "type", nsinfo_type_name((enum nsinfo_type)t),
								 NULL },
					       (r->shared & NSINFO_TYPE_BIT(t)) ? 1 : 0);
		}
	}
	free(rows);
	return 0;
}

/* ---- the whole ---- */

static void scan(FILE *f, const struct nsinfo_snapshot *snap, const struct metrics_opts *o)
{
	struct timespec now;

	family(f, "nsinfo_scan_info", "gauge",
	       "The nsinfo version and the source that read the namespaces (proc or kernel).");
	sample(f, "nsinfo_scan_info",
	       (const char *[]){ "version", NSINFO_VERSION, "source",
				 nsinfo_source_name(nsinfo_snapshot_source(snap, NULL)), NULL },
	       1);
	if (o->scan_seconds >= 0) {
		family(f, "nsinfo_scan_duration_seconds", "gauge", "Wall time the scan took.");
		sample(f, "nsinfo_scan_duration_seconds", NULL, o->scan_seconds);
	}
	clock_gettime(CLOCK_REALTIME, &now);
	family(f, "nsinfo_scan_timestamp_seconds", "gauge", "When the scan was made, Unix time.");
	sample(f, "nsinfo_scan_timestamp_seconds", NULL, (double)now.tv_sec);
}

int metrics_render(const struct nsinfo_snapshot *snap, const struct metrics_opts *o,
		   char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);
	int rc;

	if (!f)
		return -ENOMEM;
	scan(f, snap, o);
	namespaces(f, snap, o);
	if (o->counted) {
		family(f, "nsinfo_namespaces_created_total", "counter",
		       "Namespaces that appeared since the monitor started.");
		sample(f, "nsinfo_namespaces_created_total", NULL, (double)o->created);
		family(f, "nsinfo_namespaces_destroyed_total", "counter",
		       "Namespaces that vanished since the monitor started.");
		sample(f, "nsinfo_namespaces_destroyed_total", NULL, (double)o->destroyed);
	}
	tasks(f, snap);
	rc = containers(f, snap);
	/* a memstream fails only for memory */
	bool failed = ferror(f);

	if (fclose(f) != 0 || failed)
		rc = rc ? rc : -ENOMEM;
	if (rc < 0) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int metrics_command(const struct nsinfo_scan_opts *opts, const struct metrics_opts *mopts,
		    const char *path)
{
	struct nsinfo_scan_opts o = *opts;
	struct metrics_opts mo = *mopts;
	struct nsinfo_snapshot *snap = NULL;
	struct timespec t0;
	const char *why;
	char *text = NULL;
	size_t len = 0;
	int rc;

	o.flags |= METRICS_SCAN_FLAGS;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = nsinfo_snapshot_new(&snap, &o);
	if (rc < 0)
		cli_scan_failed(rc, &o);
	mo.scan_seconds = seconds_since(&t0);
	rc = metrics_render(snap, &mo, &text, &len);
	if (rc < 0) {
		nsinfo_snapshot_unref(snap);
		warnx("out of memory");
		return EXIT_TROUBLE;
	}
	if (!path || !strcmp(path, "-")) {
		errno = 0;
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
			cli_write_failed(errno ? -errno : -EIO);
	} else if ((rc = atomic_write_file(path, text, len, &why)) < 0) {
		warnx("%s: %s: %s", path, why, strerror(-rc));
		free(text);
		nsinfo_snapshot_unref(snap);
		return EXIT_TROUBLE;
	}
	free(text);
	cli_say_denied(snap);
	nsinfo_snapshot_unref(snap);
	return EXIT_OK;
}
