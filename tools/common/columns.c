// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * columns.c - the cells both views make (a process's task info and
 * container), and what a selection of columns needs the scan to read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "columns.h"

void columns_ctx_init(struct columns_ctx *ctx, const struct nsinfo_snapshot *snap)
{
	const struct nsinfo_proc *init = nsinfo_snapshot_find_proc(snap, 1);
	const struct nsinfo_proc *self = nsinfo_snapshot_find_proc(snap, getpid());
	struct timespec ts;

	*ctx = (struct columns_ctx){ .snap = snap, .proc_root = nsinfo_snapshot_proc_root(snap) };
	ctx->memo = &ctx->memo_store;
	if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
		ctx->uptime = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	ctx->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	ctx->hz = sysconf(_SC_CLK_TCK);
	if (ctx->hz <= 0)
		ctx->hz = 100;
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		ctx->host[t] = init ? nsinfo_proc_ns(init, (enum nsinfo_type)t) : NULL;
		if (!ctx->host[t] && self)
			ctx->host[t] = nsinfo_proc_ns(self, (enum nsinfo_type)t);
	}
}

unsigned int columns_scan_flags(const struct out_column *cols, const int *ids, size_t n)
{
	unsigned int flags = 0;

	for (size_t i = 0; i < n; i++)
		flags |= cols[ids[i]].needs;
	return flags;
}

/* Decimal text: an OUT_JSON_NUMBER column turns it into an exact JSON
 * number (output.c), wider than a double holds. */
char *col_format_u64(char buf[COL_U64_BUF], unsigned long long v)
{
	char *p = buf + COL_U64_BUF;

	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

int col_set_u64(struct out_row *row, size_t pos, unsigned long long v)
{
	char buf[COL_U64_BUF];

	return out_set(row, pos, col_format_u64(buf, v));
}

int col_set_denied(struct out_row *row, size_t pos)
{
	out_mark(row, pos, OUT_MARK_DENIED);
	return out_set(row, pos, "denied");
}

int col_set_task(struct out_row *row, size_t pos, enum col_task what,
		 const struct nsinfo_proc *p)
{
	pid_t ppid;
	uid_t uid;
	char st[2] = { 0, 0 };

	if (!p || !(nsinfo_proc_flags(p) & NSINFO_PROC_HAS_INFO))
		return 0;
	switch (what) {
	case COL_TASK_PPID:
		return nsinfo_proc_ppid(p, &ppid) ? 0 : out_setf(row, pos, "%d", (int)ppid);
	case COL_TASK_UID:
		return nsinfo_proc_uid(p, &uid) ? 0 : out_setf(row, pos, "%u", (unsigned int)uid);
	case COL_TASK_USER:
		return out_set(row, pos, nsinfo_proc_user(p));
	case COL_TASK_STATE:
		st[0] = nsinfo_proc_state(p);
		return out_set(row, pos, st[0] ? st : NULL);
	case COL_TASK_COMMAND:
		return out_set(row, pos, nsinfo_proc_cmdline(p));
	}
	return 0;
}

/* The name, else the ID as docker ps shortens it. Unknown stays empty. */
int col_set_container(struct out_row *row, size_t pos, bool runtime,
		      const struct nsinfo_proc *p)
{
	const struct nsinfo_container *c = p ? nsinfo_proc_container(p) : NULL;
	const char *id;

	if (!c)
		return 0;
	if (runtime)
		return out_set(row, pos, nsinfo_container_runtime(c));
	if (nsinfo_container_name(c))
		return out_set(row, pos, nsinfo_container_name(c));
	id = nsinfo_container_id(c);
	return id ? out_setf(row, pos, "%.12s", id) : 0;
}

int col_set_nspid(struct out_row *row, size_t pos, const struct nsinfo_proc *p)
{
	size_t k = nsinfo_proc_nspid_count(p), len = 0;
	char text[33 * 12];	/* 32 levels of 11 characters and a comma */
	cJSON *arr;

	if (!k)
		return 0;
	arr = cJSON_CreateArray();
	if (!arr)
		return -ENOMEM;
	text[0] = '\0';
	for (size_t i = 0; i < k && len < sizeof(text); i++) {
		cJSON *num = out_json_int(nsinfo_proc_nspid(p, i));

		if (!num || !cJSON_AddItemToArray(arr, num)) {
			cJSON_Delete(num);
			cJSON_Delete(arr);
			return -ENOMEM;
		}
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%d", i ? "," : "",
					(int)nsinfo_proc_nspid(p, i));
	}
	if (out_set(row, pos, text) < 0) {
		cJSON_Delete(arr);
		return -ENOMEM;
	}
	return out_set_json(row, pos, arr);
}

void col_stats_init(struct col_stats *st)
{
	*st = (struct col_stats){ .start_ticks = ULLONG_MAX };
}

void col_stats_add(struct col_stats *st, const struct columns_ctx *ctx,
		   const struct nsinfo_proc *p)
{
	unsigned long long ticks, start;
	unsigned long kib;
	double pct;

	st->threads += nsinfo_proc_thread_count(p);
	if (!(nsinfo_proc_flags(p) & NSINFO_PROC_HAS_STATS))
		return;
	st->known++;
	if (nsinfo_proc_rss_kib(p, &kib) == 0)
		st->rss_kib += kib;
	if (nsinfo_proc_start_ticks(p, &start) == 0 && start < st->start_ticks)
		st->start_ticks = start;
	if (nsinfo_proc_cpu_percent(p, &pct) == 0) {
		st->cpu += pct;
	} else if (nsinfo_proc_cpu_ticks(p, &ticks) == 0 &&
		   nsinfo_proc_start_ticks(p, &start) == 0) {
		/* no refresh before: its life's average, as ps shows it */
		double life = ctx->uptime - (double)start / (double)ctx->hz;

		if (life > 0)
			st->cpu += 100.0 * (double)ticks / (double)ctx->hz / life;
	}
}

const struct col_stats *col_stats_of(const struct columns_ctx *ctx, const struct nsinfo_ns *ns,
				     const struct col_group *g, struct col_stats *scratch)
{
	struct col_stats_memo *m = ctx->memo;
	const struct nsinfo_proc *first = g && g->nprocs ? g->procs[0] : NULL;
	const void *of = g ? (const void *)g->ct : (const void *)ns;
	size_t n = g ? g->nprocs : 0;
	struct col_stats *st = m ? &m->st : scratch;

	/* a group is told by its first process: containers and sets do not
	 * share processes */
	if (m && m->valid && m->group == (g != NULL) && m->of == of && m->first == first &&
	    m->n == n)
		return st;
	col_stats_init(st);
	if (g)
		for (size_t i = 0; i < g->nprocs; i++)
			col_stats_add(st, ctx, g->procs[i]);
	else
		for (size_t i = 0; i < nsinfo_ns_proc_count(ns); i++)
			col_stats_add(st, ctx, nsinfo_ns_proc(ns, i));
	if (m)
		*m = (struct col_stats_memo){ .of = of, .first = first, .n = n,
					      .group = g != NULL, .valid = true, .st = *st };
	return st;
}

/* v < 100 as two digits at p; the end */
static char *put2(char *p, unsigned long long v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* [D-]HH:MM:SS or MM:SS, as ps's ELAPSED; by hand, not snprintf(): a
 * monitor writes thousands a frame */
void col_format_age(char *buf, size_t len, unsigned long long secs)
{
	unsigned long long d = secs / 86400, h = secs / 3600 % 24;
	char tmp[COL_U64_BUF + 16], days[COL_U64_BUF], *p = tmp;
	size_t n;

	if (d) {
		p = stpcpy(p, col_format_u64(days, d));
		*p++ = '-';
	}
	if (d || h) {
		p = put2(p, h);
		*p++ = ':';
	}
	p = put2(p, secs / 60 % 60);
	*p++ = ':';
	p = put2(p, secs % 60);
	if (!len)
		return;
	n = (size_t)(p - tmp) < len ? (size_t)(p - tmp) : len - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
}

/* v to one decimal, rounded half up, as the JSON value of the same cell
 * is (col_set_stat()); by hand for the same reason */
char *col_format_tenths(char buf[COL_U64_BUF + 2], double v)
{
	unsigned long long t;
	char *p;

	if (!(v >= 0 && v < 1e17)) {	/* NaN, negative, huge: printf's way */
		snprintf(buf, COL_U64_BUF + 2, v >= 1e17 ? "%.3g" : "%.1f", v);
		return buf;
	}
	t = (unsigned long long)(v * 10 + 0.5);
	p = buf + COL_U64_BUF + 2;
	*--p = '\0';
	*--p = (char)('0' + t % 10);
	*--p = '.';
	t /= 10;
	do
		*--p = (char)('0' + t % 10);
	while (t /= 10);
	return p;
}

long long col_parse_age(const char *text)
{
	unsigned long long d = 0, f[3] = { 0, 0, 0 };
	const char *p = text;
	char *end;
	int n = 0;

	if (!text || !*text)
		return -1;
	if (strchr(p, '-')) {
		d = strtoull(p, &end, 10);
		if (*end != '-')
			return -1;
		p = end + 1;
	}
	while (n < 3) {
		f[n++] = strtoull(p, &end, 10);
		if (end == p)
			return -1;
		if (*end != ':')
			break;
		p = end + 1;
	}
	if (*end)
		return -1;
	if (n == 2)
		return (long long)(d * 86400 + f[0] * 60 + f[1]);
	if (n == 3)
		return (long long)(d * 86400 + f[0] * 3600 + f[1] * 60 + f[2]);
	return -1;
}

int col_set_stat(struct out_row *row, size_t pos, const struct columns_ctx *ctx,
		 enum col_stat what, const struct col_stats *st)
{
	char age[32], pct[COL_U64_BUF + 2];
	double secs;

	if (!st->known)
		return 0;
	switch (what) {
	case COL_STAT_CPU:
		if (out_set(row, pos, col_format_tenths(pct, st->cpu)) < 0)
			return -ENOMEM;
		if (!out_row_wants_json(row))
			return 0;
		return out_set_json(row, pos, cJSON_CreateNumber((double)(long long)(st->cpu * 10 + 0.5) / 10));
	case COL_STAT_RSS:
		return col_set_u64(row, pos, st->rss_kib);
	case COL_STAT_AGE:
		if (st->start_ticks == ULLONG_MAX)
			return 0;
		secs = ctx->uptime - (double)st->start_ticks / (double)ctx->hz;
		if (secs < 0)
			secs = 0;
		col_format_age(age, sizeof(age), (unsigned long long)secs);
		if (out_set(row, pos, age) < 0)
			return -ENOMEM;
		/* JSON: seconds, a number scripts can compare */
		if (!out_row_wants_json(row))
			return 0;
		return out_set_json(row, pos, out_json_uint((unsigned long long)secs));
	}
	return 0;
}

bool col_json_add_uint(cJSON *o, const char *key, unsigned long long v)
{
	cJSON *n = out_json_uint(v);

	if (!n || !cJSON_AddItemToObject(o, key, n)) {
		cJSON_Delete(n);
		return false;
	}
	return true;
}
