// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * batch.c - frames without a terminal: text as top -b writes it (the
 * header, a blank line, the table as nsls prints it, never cut), or one
 * JSON object a line per frame (JSON lines) for scripts and log
 * pipelines; or Prometheus metrics (--metrics), to stdout or rewriting
 * a file each frame. Each frame is written whole, then flushed.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "atomic-file.h"
#include "metrics.h"
#include "nstop.h"
#include "schema.h"

static const char *view_key(enum nstop_view v)
{
	switch (v) {
	case NV_CONTAINERS:
		return "containers";
	case NV_SETS:
		return "sets";
	default:
		return "namespaces";
	}
}

/* The model's rows (not the vanished ones) become its table's rows. */
static int select_rows(struct nstop_model *m)
{
	struct out_row **order = malloc((m->nrows ? m->nrows : 1) * sizeof(*order));
	size_t n = 0;
	int rc;

	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].orow)
			order[n++] = m->rows[i].orow;
	rc = out_select_rows(m->out, order, n);
	free(order);
	return rc;
}

/* This frame's events as a table, after the rows. */
static int text_events(const struct nstop_model *m, FILE *f)
{
	static const int ids[] = { EV_COL_TIME, EV_COL_EVENT, EV_COL_TYPE, EV_COL_NS, EV_COL_FROM,
				   EV_COL_PID, EV_COL_CONTAINER, EV_COL_COMMAND };
	const size_t n = sizeof(ids) / sizeof(ids[0]);
	struct out_opts opts = m->out_opts;
	struct out *tab;
	int rc = 0;

	if (!m->frame_events)
		return 0;
	tab = out_new(event_columns, ids, n, &opts);
	if (!tab)
		return -ENOMEM;
	/* oldest first, as a log reads */
	for (size_t i = m->frame_events; i-- > 0 && !rc;) {
		struct out_row *row = out_row(tab, NULL);

		if (!row) {
			rc = -ENOMEM;
			break;
		}
		for (size_t c = 0; c < n && !rc; c++)
			rc = event_fill(row, c, (enum event_col)ids[c], events_get(m, i));
	}
	if (!rc && fputs("\nEvents:\n", f) < 0)
		rc = -errno;
	if (!rc)
		rc = out_print(tab, f);
	out_free(tab);
	return rc;
}

static int text_frame(struct nstop_model *m, FILE *f)
{
	struct nstop_header h;
	char line[1024];
	int rc;

	header_read(m, &h);
	for (int i = 0; header_line(&h, i, line, sizeof(line)); i++)
		fprintf(f, "%s\n", line);
	fputc('\n', f);
	rc = select_rows(m);
	if (!rc)
		rc = out_print(m->out, f);
	if (!rc)
		rc = text_events(m, f);
	if (!rc && fputc('\n', f) == EOF)
		rc = -EIO;
	return rc;
}

static cJSON *iso_time(const struct timespec *ts)
{
	char buf[32];
	struct tm tm;

	gmtime_r(&ts->tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return cJSON_CreateString(buf);
}

/* The header's figures as members of obj; false on ENOMEM. */
static bool json_header(cJSON *obj, const struct nstop_header *h, const struct nstop_model *m)
{
	cJSON *load, *tasks, *ns, *c, *d;

	cJSON_AddItemToObject(obj, "time", iso_time(&h->now));
	cJSON_AddNumberToObject(obj, "uptime", h->uptime);
	load = cJSON_AddArrayToObject(obj, "load");
	for (int i = 0; load && i < 3; i++)
		cJSON_AddItemToArray(load, cJSON_CreateNumber((double)(long)(h->load[i] * 100 + 0.5) / 100));
	tasks = cJSON_AddObjectToObject(obj, "tasks");
	if (tasks) {
		cJSON_AddItemToObject(tasks, "processes", out_json_uint(h->procs));
		cJSON_AddItemToObject(tasks, "threads", out_json_uint(h->threads));
		cJSON_AddItemToObject(tasks, "unreadable", out_json_uint(h->unreadable));
		cJSON_AddItemToObject(tasks, "hidden", h->hidden_known ? out_json_uint(h->hidden)
								       : cJSON_CreateNull());
	}
	ns = cJSON_AddObjectToObject(obj, "namespaces");
	if (ns) {
		cJSON_AddItemToObject(ns, "total", out_json_uint(h->ns_total));
		for (int t = 0; t < NSINFO_NTYPES; t++)
			cJSON_AddItemToObject(ns, nsinfo_type_name((enum nsinfo_type)t),
					      out_json_uint(h->ns_by_type[t]));
	}
	cJSON_AddItemToObject(obj, "containers", out_json_uint(h->containers));
	c = cJSON_AddObjectToObject(obj, "created");
	d = cJSON_AddObjectToObject(obj, "destroyed");
	if (c && d) {
		cJSON_AddItemToObject(c, "since_start", out_json_uint(h->created));
		cJSON_AddItemToObject(c, "last", out_json_uint(h->created_last));
		cJSON_AddItemToObject(d, "since_start", out_json_uint(h->destroyed));
		cJSON_AddItemToObject(d, "last", out_json_uint(h->destroyed_last));
	}
	cJSON_AddStringToObject(obj, "source", h->source);
	/* as nsls -J: only when auto chose /proc */
	if (h->source_why)
		cJSON_AddStringToObject(obj, "source_why", h->source_why);
	cJSON_AddStringToObject(obj, "group", view_key(m->view));
	return load && tasks && ns && c && d;
}

static cJSON *json_events(const struct nstop_model *m)
{
	static const int ids[] = { EV_COL_TIME, EV_COL_EVENT, EV_COL_TYPE, EV_COL_NS, EV_COL_FROM,
				   EV_COL_PID, EV_COL_CONTAINER, EV_COL_COMMAND };
	const size_t n = sizeof(ids) / sizeof(ids[0]);
	struct out_opts opts = { .format = OUT_JSON };
	cJSON *arr = cJSON_CreateArray();
	struct out *tab = out_new(event_columns, ids, n, &opts);

	for (size_t i = m->frame_events; arr && tab && i-- > 0;) {
		const struct nstop_event *e = events_get(m, i);
		struct out_row *row = out_row(tab, NULL);
		cJSON *obj;

		for (size_t c = 0; row && c < n; c++)
			if (event_fill(row, c, (enum event_col)ids[c], e) < 0)
				row = NULL;
		obj = row ? out_row_json(tab, row) : NULL;
		if (obj && e->runtime)
			cJSON_AddStringToObject(obj, "runtime", e->runtime);
		if (!obj || !cJSON_AddItemToArray(arr, obj)) {
			cJSON_Delete(obj);
			cJSON_Delete(arr);
			arr = NULL;
		}
	}
	out_free(tab);
	if (!tab) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

static int json_frame(struct nstop_model *m, FILE *f)
{
	cJSON *obj = cJSON_CreateObject(), *rows, *ev;
	struct nstop_header h;
	char *text = NULL;
	int rc = -ENOMEM;

	header_read(m, &h);
	if (!obj || !cJSON_AddStringToObject(obj, SCHEMA_KEY, SCHEMA_NSTOP_FRAME) ||
	    !json_header(obj, &h, m))
		goto done;
	rows = cJSON_AddArrayToObject(obj, "rows");
	for (size_t i = 0; rows && i < m->nrows; i++) {
		cJSON *r;

		if (!m->rows[i].orow)
			continue;
		r = out_row_json(m->out, m->rows[i].orow);
		if (!r || !cJSON_AddItemToArray(rows, r)) {
			cJSON_Delete(r);
			goto done;
		}
	}
	ev = json_events(m);
	if (!rows || !ev || !cJSON_AddItemToObject(obj, "events", ev)) {
		cJSON_Delete(ev);
		goto done;
	}
	text = cJSON_PrintUnformatted(obj);
	if (!text)
		goto done;
	errno = 0;
	rc = fputs(text, f) < 0 || fputc('\n', f) == EOF ? (errno ? -errno : -EIO) : 0;
done:
	free(text);
	cJSON_Delete(obj);
	return rc;
}

int batch_frame(struct nstop_model *m, FILE *f, bool json)
{
	int rc = json ? json_frame(m, f) : text_frame(m, f);

	if (!rc && fflush(f) == EOF)
		rc = errno ? -errno : -EIO;
	return rc;
}

int batch_metrics(struct nstop_model *m, double scan_seconds, bool per_namespace,
		  const char *path)
{
	struct metrics_opts o = { .scan_seconds = scan_seconds, .per_namespace = per_namespace,
				  .counted = true, .created = m->created,
				  .destroyed = m->destroyed };
	const char *why;
	char *text = NULL;
	size_t len = 0;
	int rc = metrics_render(m->snap, &o, &text, &len);

	if (rc < 0)
		errx(EXIT_TROUBLE, "out of memory");
	if (path) {
		rc = atomic_write_file(path, text, len, &why);
		if (rc < 0)
			warnx("%s: %s: %s", path, why, strerror(-rc));
		free(text);
		return rc;
	} else {
		/* a blank line between frames, as between top -b's */
		errno = 0;
		if (fwrite(text, 1, len, stdout) != len || fputc('\n', stdout) == EOF ||
		    fflush(stdout) == EOF)
			cli_write_failed(errno ? -errno : -EIO);
	}
	free(text);
	return 0;
}
