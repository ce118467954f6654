// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * header.c - the figures above the rows, as top prints its summary:
 * time, uptime and load (sysinfo(2): no file to read), tasks, what could
 * not be read and why, namespaces by type, containers, and the
 * namespaces created and destroyed since start and in the last refresh.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "nstop.h"

void header_read(const struct nstop_model *m, struct nstop_header *h)
{
	const struct nsinfo_snapshot *snap = m->snap;
	struct sysinfo si;

	*h = (struct nstop_header){ .source = m->source, .source_why = m->source_why };
	clock_gettime(CLOCK_REALTIME, &h->now);
	if (sysinfo(&si) == 0) {
		h->uptime = (double)si.uptime;
		for (int i = 0; i < 3; i++)
			h->load[i] = (double)si.loads[i] / (double)(1 << SI_LOAD_SHIFT);
	}
	h->created = m->created;
	h->destroyed = m->destroyed;
	h->created_last = m->created_last;
	h->destroyed_last = m->destroyed_last;
	if (!snap)
		return;
	h->procs = nsinfo_snapshot_proc_count(snap);
	for (size_t i = 0; i < h->procs; i++)
		h->threads += nsinfo_proc_thread_count(nsinfo_snapshot_proc(snap, i));
	h->unreadable = nsinfo_snapshot_denied_count(snap);
	h->hidden_known = nsinfo_snapshot_hidden_count(snap, &h->hidden, &h->hidden_why) == 0;
	h->ns_total = nsinfo_snapshot_ns_count(snap);
	for (size_t i = 0; i < h->ns_total; i++)
		h->ns_by_type[nsinfo_ns_type(nsinfo_snapshot_ns(snap, i))]++;
	h->containers = nsinfo_snapshot_container_count(snap);
}

/* "up 3 days,  2:04" as top and uptime(1) write it. */
static void uptime_text(char *buf, size_t len, double up)
{
	unsigned long s = (unsigned long)up, d = s / 86400, hh = s / 3600 % 24, mm = s / 60 % 60;
	size_t n = 0;

	if (d)
		n = (size_t)snprintf(buf, len, "%lu day%s, ", d, d == 1 ? "" : "s");
	if (n >= len)
		return;
	if (hh)
		snprintf(buf + n, len - n, "%2lu:%02lu", hh, mm);
	else
		snprintf(buf + n, len - n, "%lu min", mm);
}

bool header_line(const struct nstop_header *h, int line, char *buf, size_t len)
{
	char up[64], when[16], extra[96] = "";
	struct tm tm;
	size_t n;

	switch (line) {
	case 0:
		localtime_r(&h->now.tv_sec, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		uptime_text(up, sizeof(up), h->uptime);
		snprintf(buf, len, "nstop - %s up %s,  load average: %.2f, %.2f, %.2f", when, up,
			 h->load[0], h->load[1], h->load[2]);
		return true;
	case 1:
		if (h->hidden_known && h->hidden)
			snprintf(extra, sizeof(extra), ", ~%zu hidden (hidepid=%s)", h->hidden,
				 h->hidden_why ? h->hidden_why : "?");
		/* auto that chose /proc says why: "source: proc (kernel: needs
		 * CAP_BPF and CAP_PERFMON)" */
		snprintf(buf, len, "Tasks: %zu total, %zu threads, %zu unreadable%s%s; source: %s%s%s%s",
			 h->procs, h->threads, h->unreadable, h->unreadable ? " (permission denied)" : "",
			 extra, h->source ? h->source : "?", h->source_why ? " (kernel: " : "",
			 h->source_why ? h->source_why : "", h->source_why ? ")" : "");
		return true;
	case 2:
		n = (size_t)snprintf(buf, len, "Namespaces: %zu total:", h->ns_total);
		for (int t = 0; t < NSINFO_NTYPES && n < len; t++)
			n += (size_t)snprintf(buf + n, len - n, "%s %s %zu", t ? "," : "",
					      nsinfo_type_name((enum nsinfo_type)t), h->ns_by_type[t]);
		return true;
	case 3:
		snprintf(buf, len,
			 "Containers: %zu; namespaces created %llu, destroyed %llu since start, +%zu -%zu in the last refresh",
			 h->containers, h->created, h->destroyed, h->created_last, h->destroyed_last);
		return true;
	default:
		return false;
	}
}
