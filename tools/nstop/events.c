// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * events.c - the event log: namespaces and containers that appeared or
 * vanished, processes that entered another namespace (setns, unshare),
 * each with the wall-clock time of the refresh that saw it. Namespaces
 * and moves come from the scanner's diff; containers from comparing the
 * two snapshots' lists. A ring of NSTOP_MAX_EVENTS, newest kept.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "nstop.h"

const struct out_column event_columns[EV_NCOLS] = {
	[EV_COL_TIME]	   = { "TIME", 8, 0, OUT_JSON_STRING, "when the refresh saw it (local time; JSON: UTC)", 0 },
	[EV_COL_EVENT]	   = { "EVENT", 0, 0, OUT_JSON_STRING,
			       "ns-new, ns-gone, container-new, container-gone, proc-moved", 0 },
	[EV_COL_TYPE]	   = { "TYPE", 5, 0, OUT_JSON_STRING, "namespace type", 0 },
	[EV_COL_NS]	   = { "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "the namespace (proc-moved: the one entered)", 0 },
	[EV_COL_FROM]	   = { "FROM", 10, OUT_RIGHT, OUT_JSON_NUMBER, "proc-moved: the namespace it left", 0 },
	[EV_COL_PID]	   = { "PID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "the process (ns-new: the lowest PID in it)", 0 },
	[EV_COL_CONTAINER] = { "CONTAINER", 0, 0, OUT_JSON_STRING, "its container", 0 },
	[EV_COL_COMMAND]   = { "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "command line of the process", 0 },
};

const char *event_name(enum nstop_event_kind kind)
{
	switch (kind) {
	case EV_NS_NEW:
		return "ns-new";
	case EV_NS_GONE:
		return "ns-gone";
	case EV_CONTAINER_NEW:
		return "container-new";
	case EV_CONTAINER_GONE:
		return "container-gone";
	case EV_PROC_MOVED:
		return "proc-moved";
	}
	return "?";
}

static void event_clear(struct nstop_event *e)
{
	free(e->command);
	free(e->container);
	free(e->runtime);
	*e = (struct nstop_event){ .kind = 0 };
}

const struct nstop_event *events_get(const struct nstop_model *m, size_t i)
{
	/* newest first */
	return &m->events[(m->evhead + m->nevents - 1 - i) % NSTOP_MAX_EVENTS];
}

static struct nstop_event *event_add(struct nstop_model *m, enum nstop_event_kind kind,
				     const struct timespec *now)
{
	struct nstop_event *e;

	if (m->nevents == NSTOP_MAX_EVENTS) {
		e = &m->events[m->evhead];
		event_clear(e);
		m->evhead = (m->evhead + 1) % NSTOP_MAX_EVENTS;
		m->nevents--;
	}
	e = &m->events[(m->evhead + m->nevents) % NSTOP_MAX_EVENTS];
	*e = (struct nstop_event){ .when = *now, .kind = kind };
	m->nevents++;
	m->events_total++;
	m->frame_events++;
	return e;
}

static const char *container_label(const struct nsinfo_container *c, char *buf, size_t len)
{
	const char *id = nsinfo_container_id(c);

	if (nsinfo_container_name(c))
		return nsinfo_container_name(c);
	snprintf(buf, len, "%.12s", id ? id : "");
	return buf;
}

/* The process facts an event shows. */
static int event_proc(struct nstop_event *e, const struct nsinfo_proc *p)
{
	const struct nsinfo_container *c = p ? nsinfo_proc_container(p) : NULL;
	char buf[16];

	if (!p)
		return 0;
	e->pid = nsinfo_proc_pid(p);
	if (nsinfo_proc_cmdline(p) && !(e->command = strdup(nsinfo_proc_cmdline(p))))
		return -ENOMEM;
	if (c && (!(e->container = strdup(container_label(c, buf, sizeof(buf)))) ||
		  !(e->runtime = strdup(nsinfo_container_runtime(c)))))
		return -ENOMEM;
	return 0;
}

static int ns_events(struct nstop_model *m, const struct timespec *now)
{
	const struct nsinfo_diff *d = nsinfo_scanner_diff(m->scanner);

	if (!d)
		return 0;
	for (size_t i = 0; i < nsinfo_diff_count(d); i++) {
		const struct nsinfo_change *c = nsinfo_diff_change(d, i);
		const struct nsinfo_proc *lead = NULL;
		struct nstop_event *e;
		unsigned int how;
		pid_t tid;

		switch (c->kind) {
		case NSINFO_CHANGE_NS_NEW:
			m->created++;
			m->created_last++;
			e = event_add(m, EV_NS_NEW, now);
			if (c->ns)
				nsinfo_ns_leader(c->ns, &lead, &tid, &how);
			break;
		case NSINFO_CHANGE_NS_GONE:
			m->destroyed++;
			m->destroyed_last++;
			e = event_add(m, EV_NS_GONE, now);
			break;
		case NSINFO_CHANGE_PROC_MOVED:
			e = event_add(m, EV_PROC_MOVED, now);
			lead = c->proc;
			e->old_inode = c->old_inode;
			break;
		default:
			continue;
		}
		e->type = c->type;
		e->inode = c->inode;
		if (event_proc(e, lead) < 0)
			return -ENOMEM;
	}
	return 0;
}

static bool has_container(const struct nsinfo_snapshot *snap, const char *key)
{
	char buf[4096];

	for (size_t i = 0; i < nsinfo_snapshot_container_count(snap); i++) {
		container_key(nsinfo_snapshot_container(snap, i), buf, sizeof(buf));
		if (!strcmp(buf, key))
			return true;
	}
	return false;
}

/* Containers in a and not in b. */
static int container_events(struct nstop_model *m, const struct nsinfo_snapshot *a,
			    const struct nsinfo_snapshot *b, enum nstop_event_kind kind,
			    const struct timespec *now)
{
	char key[4096], buf[16];

	for (size_t i = 0; i < nsinfo_snapshot_container_count(a); i++) {
		const struct nsinfo_container *c = nsinfo_snapshot_container(a, i);
		struct nstop_event *e;

		container_key(c, key, sizeof(key));
		if (has_container(b, key))
			continue;
		e = event_add(m, kind, now);
		e->type = NSINFO_TYPE_CGROUP;
		if (nsinfo_container_proc_count(c) &&
		    event_proc(e, nsinfo_container_proc(c, 0)) < 0)
			return -ENOMEM;
		free(e->container);
		free(e->runtime);
		e->container = strdup(container_label(c, buf, sizeof(buf)));
		e->runtime = strdup(nsinfo_container_runtime(c));
		if (!e->container || !e->runtime)
			return -ENOMEM;
	}
	return 0;
}

int events_collect(struct nstop_model *m)
{
	struct timespec now;
	int rc;

	m->frame_events = 0;
	m->created_last = m->destroyed_last = 0;
	if (!m->prev)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	rc = ns_events(m, &now);
	if (!rc)
		rc = container_events(m, m->snap, m->prev, EV_CONTAINER_NEW, &now);
	if (!rc)
		rc = container_events(m, m->prev, m->snap, EV_CONTAINER_GONE, &now);
	/* more than the ring holds: the newest of them */
	if (m->frame_events > m->nevents)
		m->frame_events = m->nevents;
	return rc;
}

void events_free(struct nstop_model *m)
{
	for (size_t i = 0; i < NSTOP_MAX_EVENTS; i++)
		event_clear(&m->events[i]);
	m->nevents = m->evhead = 0;
}

int event_fill(struct out_row *row, size_t pos, enum event_col col, const struct nstop_event *e)
{
	struct tm tm;
	char buf[64];
	bool ns = e->kind == EV_NS_NEW || e->kind == EV_NS_GONE || e->kind == EV_PROC_MOVED;

	switch (col) {
	case EV_COL_TIME:
		localtime_r(&e->when.tv_sec, &tm);
		strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
		if (out_set(row, pos, buf) < 0)
			return -ENOMEM;
		gmtime_r(&e->when.tv_sec, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		return out_set_json(row, pos, cJSON_CreateString(buf));
	case EV_COL_EVENT:
		return out_set(row, pos, event_name(e->kind));
	case EV_COL_TYPE:
		return ns ? out_set(row, pos, nsinfo_type_name(e->type)) : 0;
	case EV_COL_NS:
		return ns ? out_setf(row, pos, "%llu", (unsigned long long)e->inode) : 0;
	case EV_COL_FROM:
		return e->kind == EV_PROC_MOVED ? out_setf(row, pos, "%llu", (unsigned long long)e->old_inode) : 0;
	case EV_COL_PID:
		return e->pid ? out_setf(row, pos, "%d", (int)e->pid) : 0;
	case EV_COL_CONTAINER:
		return out_set(row, pos, e->container);
	case EV_COL_COMMAND:
		return out_set(row, pos, e->command);
	case EV_NCOLS:
		break;
	}
	return 0;
}
