/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * metrics.h - a snapshot as Prometheus metrics: the text exposition
 * format (version 0.0.4) that node_exporter's textfile collector reads,
 * for `nsls --metrics` and `nstop -b --metrics`. One place for the metric
 * names, their HELP and TYPE lines and the label escaping; the families
 * are listed in nsls(1), METRICS.
 *
 * Cardinality is bounded by what the host has, not by what runs on it:
 * per type and holder kind, per runtime, and per container (a host runs
 * tens to hundreds). Series per namespace only when asked
 * (per_namespace), as a host may have thousands.
 */
#ifndef NSINFO_METRICS_H
#define NSINFO_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "nsinfo.h"

/* What the metrics need a scan to read besides where it looks for
 * namespaces (nsls --sources): containers, and each process's threads.
 * nstop, which has no --sources, looks where nsls does by default. */
#define METRICS_SCAN_FLAGS (NSINFO_SCAN_CONTAINERS | NSINFO_SCAN_TASK_STATS)
#define METRICS_HOLDER_FLAGS (NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS | \
			      NSINFO_SCAN_MOUNTS | NSINFO_SCAN_RELATIONS)

struct metrics_opts {
	double scan_seconds;		/* wall time of the scan; < 0: not known */
	bool per_namespace;		/* series per namespace (--metrics-namespaces) */
	/* a monitor's counters since it started (nstop); counted: false
	 * leaves the families out */
	bool counted;
	unsigned long long created, destroyed;
};

/* The exposition text of snap, malloc'd, in *text (*len bytes, ending in
 * a newline). 0 or -ENOMEM. */
int metrics_render(const struct nsinfo_snapshot *snap, const struct metrics_opts *opts,
		   char **text, size_t *len);

/*
 * The whole of `nsls --metrics`: one scan with opts (METRICS_SCAN_FLAGS
 * added), timed, rendered and written to path (NULL or "-": stdout;
 * else atomically, atomic-file.h). Returns the exit code; errors are
 * said on stderr, and what could not be read too (cli_say_denied).
 */
int metrics_command(const struct nsinfo_scan_opts *opts, const struct metrics_opts *mopts,
		    const char *path);

#endif
