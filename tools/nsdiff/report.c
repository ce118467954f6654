// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * report.c - what nsdiff prints: like diff -u (a "---"/"+++" header, then
 * "-" and "+" lines grouped under "@@ TYPE @@"), --brief (a line per type
 * that differs), or JSON. Every line is built whole and then escaped by
 * the output layer's rule (out_escape(): control bytes, bytes not valid
 * in the locale, "\x" become \xNN), so a hostname, a mount point or an
 * interface name of someone else's can never write to the terminal.
 * Everything is put together in memory and written at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "nsdiff.h"
#include "output.h"
#include "schema.h"

enum paint { P_NONE, P_HEAD, P_DEL, P_ADD, P_HUNK, P_WARN };

static const char *const colors[] = {
	[P_NONE] = NULL, [P_HEAD] = "\033[1m", [P_DEL] = "\033[31m",
	[P_ADD] = "\033[32m", [P_HUNK] = "\033[36m", [P_WARN] = "\033[33m",
};

struct pr {
	FILE *f;
	bool color;
	bool nomem;
};

__attribute__((format(printf, 3, 4))) static void line(struct pr *p, enum paint paint,
						       const char *fmt, ...)
{
	va_list ap;
	char *raw, *esc;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&raw, fmt, ap);
	va_end(ap);
	if (n < 0) {
		p->nomem = true;
		return;
	}
	esc = out_escape(raw, OUT_TABLE, 0);
	free(raw);
	if (!esc) {
		p->nomem = true;
		return;
	}
	if (p->color && colors[paint])
		fprintf(p->f, "%s%s\033[0m\n", colors[paint], esc);
	else
		fprintf(p->f, "%s\n", esc);
	free(esc);
}

/* Write what was put together; 0 or -errno. */
static int flush_out(char *buf, size_t len)
{
	int rc = 0;

	if (len && fwrite(buf, 1, len, stdout) != len)
		rc = -errno;
	free(buf);
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	return rc;
}

static const char *kind_name(enum side_kind k)
{
	static const char *const names[] = {
		[SIDE_PID] = "pid", [SIDE_CONTAINER] = "container", [SIDE_NETNS] = "netns",
		[SIDE_HOST] = "host", [SIDE_SNAPSHOT] = "snapshot", [SIDE_NOW] = "now",
	};

	return names[k];
}

/* ---- JSON helpers ---- */

static bool jadd(cJSON *o, const char *key, cJSON *v)
{
	return v && cJSON_AddItemToObject(o, key, v);
}

static cJSON *jstr(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *side_json(const struct side *s)
{
	cJSON *o = cJSON_CreateObject();
	bool ok = o != NULL;

	ok = ok && jadd(o, "arg", jstr(s->arg));
	ok = ok && jadd(o, "kind", jstr(kind_name(s->kind)));
	ok = ok && jadd(o, "label", jstr(s->label));
	ok = ok && jadd(o, "file", jstr(s->file));
	ok = ok && jadd(o, "live", cJSON_CreateBool(s->live));
	if (ok && s->pid)
		ok = jadd(o, "pid", out_json_int(s->pid));
	if (ok && s->proc)
		ok = jadd(o, "command", jstr(s->proc->comm));
	if (ok && s->netns)
		ok = jadd(o, "netns", jstr(s->netns));
	if (ok && s->ct_name) {
		ok = jadd(o, "container", jstr(s->ct_name));
		ok = ok && jadd(o, "runtime", jstr(s->ct_runtime));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int print_json(cJSON *root)
{
	char *text = root ? cJSON_Print(root) : NULL;
	int rc;

	cJSON_Delete(root);
	if (!text)
		return -ENOMEM;
	rc = fputs(text, stdout) < 0 || fputc('\n', stdout) < 0 ? -errno : 0;
	free(text);
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	return rc;
}

/* ---- two sides ---- */

static const char *status_word(enum type_status s)
{
	return s == TS_SAME ? "same" : s == TS_DIFFERENT ? "different" : "unknown";
}

static cJSON *fact_side(const struct fact *f)
{
	return f ? cJSON_CreateString(f->value) : cJSON_CreateNull();
}

static cJSON *deep_json(const struct type_cmp *tc)
{
	cJSON *o = cJSON_CreateObject(), *diffs;
	bool ok = o != NULL;

	ok = ok && jadd(o, "compared", cJSON_CreateBool(tc->da.done && tc->db.done));
	ok = ok && jadd(o, "a_error", tc->da.done ? cJSON_CreateNull() : jstr(tc->da.why));
	ok = ok && jadd(o, "b_error", tc->db.done ? cJSON_CreateNull() : jstr(tc->db.why));
	diffs = ok ? cJSON_AddArrayToObject(o, "differences") : NULL;
	ok = diffs != NULL;
	for (size_t i = 0; ok && i < tc->ndeltas; i++) {
		const struct delta *d = &tc->deltas[i];
		const struct fact *f = d->a ? d->a : d->b;
		cJSON *x = cJSON_CreateObject();

		ok = x && cJSON_AddItemToArray(diffs, x);
		ok = ok && jadd(x, "what", jstr(f->kind));
		ok = ok && jadd(x, "name", jstr(f->name));
		ok = ok && jadd(x, "a", fact_side(d->a));
		ok = ok && jadd(x, "b", fact_side(d->b));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int sides_json(const struct side *a, const struct side *b, const struct comparison *c)
{
	cJSON *root = cJSON_CreateObject(), *types, *rel;
	bool ok = root != NULL;

	ok = ok && jadd(root, SCHEMA_KEY, jstr(SCHEMA_NSDIFF));
	ok = ok && jadd(root, "a", side_json(a));
	ok = ok && jadd(root, "b", side_json(b));
	ok = ok && jadd(root, "deep", cJSON_CreateBool(c->deep));
	ok = ok && jadd(root, "same", cJSON_CreateBool(!c->ndiff && !c->nunknown));
	types = ok ? cJSON_AddArrayToObject(root, "types") : NULL;
	ok = types != NULL;
	for (int t = 0; ok && t < NSINFO_NTYPES; t++) {
		const struct type_cmp *tc = &c->t[t];
		unsigned int bit = NSINFO_TYPE_BIT(t);
		cJSON *o;

		if (!tc->compared)
			continue;
		o = cJSON_CreateObject();
		ok = o && cJSON_AddItemToArray(types, o);
		ok = ok && jadd(o, "type", jstr(nsinfo_type_name(tc->type)));
		ok = ok && jadd(o, "status", jstr(status_word(tc->status)));
		ok = ok && jadd(o, "a", a->known & bit ? out_json_uint(a->ino[t]) : cJSON_CreateNull());
		ok = ok && jadd(o, "b", b->known & bit ? out_json_uint(b->ino[t]) : cJSON_CreateNull());
		if (ok && tc->status == TS_UNKNOWN)
			ok = jadd(o, "why", jstr(tc->why));
		if (!ok || tc->status != TS_DIFFERENT)
			continue;
		rel = cJSON_AddArrayToObject(o, "relations");
		ok = rel != NULL;
		for (size_t i = 0; ok && i < tc->nrel; i++)
			ok = cJSON_AddItemToArray(rel, cJSON_CreateString(tc->relations[i]));
		if (ok && tc->deep_tried)
			ok = jadd(o, "deep", deep_json(tc));
	}
	if (!ok) {
		cJSON_Delete(root);
		return -ENOMEM;
	}
	return print_json(root);
}

static void fact_line(struct pr *p, enum paint paint, char op, const struct fact *f)
{
	line(p, paint, "%c%s%s%s%s%s", op, f->kind, *f->name ? " " : "", f->name,
	     *f->value ? ": " : "", f->value);
}

static void hunk(struct pr *p, const struct type_cmp *tc)
{
	char rel[1024] = "";
	size_t n = 0;

	for (size_t i = 0; i < tc->nrel && n < sizeof(rel); i++)
		n += (size_t)snprintf(rel + n, sizeof(rel) - n, "%s%s", i ? "; " : "",
				      tc->relations[i]);
	line(p, P_HUNK, "@@ %s%s%s @@", nsinfo_type_name(tc->type), rel[0] ? ": " : "", rel);
	if (!tc->deep_tried)
		return;
	if (!tc->da.done)
		line(p, P_WARN, "! not compared: %s", tc->da.why);
	if (!tc->db.done)
		line(p, P_WARN, "! not compared: %s", tc->db.why);
	if (!tc->da.done || !tc->db.done)
		return;
	if (!tc->ndeltas)
		line(p, P_NONE, " (what they show is the same)");
	for (size_t i = 0; i < tc->ndeltas; i++) {
		const struct delta *d = &tc->deltas[i];

		if (d->a)
			fact_line(p, P_DEL, '-', d->a);
		if (d->b)
			fact_line(p, P_ADD, '+', d->b);
	}
	if (tc->da.facts.truncated || tc->db.facts.truncated)
		line(p, P_WARN, "! more than %d facts: the rest not compared", FACTS_MAX);
}

int report_sides(const struct nsd *nsd, const struct side *a, const struct side *b,
		 const struct comparison *c)
{
	struct pr p = { .color = nsd->color };
	char *buf = NULL;
	size_t len = 0;

	if (nsd->json)
		return sides_json(a, b, c);
	/* the same everywhere: nothing at all, as diff */
	if (!c->ndiff && !c->nunknown)
		return 0;
	p.f = open_memstream(&buf, &len);
	if (!p.f)
		return -ENOMEM;
	if (nsd->brief) {
		for (int t = 0; t < NSINFO_NTYPES; t++) {
			const struct type_cmp *tc = &c->t[t];

			if (tc->compared && tc->status == TS_DIFFERENT)
				line(&p, P_NONE, "%s differs", nsinfo_type_name(tc->type));
			else if (tc->compared && tc->status == TS_UNKNOWN)
				line(&p, P_WARN, "%s unknown: %s", nsinfo_type_name(tc->type), tc->why);
		}
	} else {
		line(&p, P_HEAD, "--- A: %s", a->label);
		line(&p, P_HEAD, "+++ B: %s", b->label);
		for (int t = 0; t < NSINFO_NTYPES; t++) {
			const struct type_cmp *tc = &c->t[t];
			const char *tn = nsinfo_type_name(tc->type);

			if (!tc->compared)
				continue;
			if (tc->status == TS_SAME)
				line(&p, P_NONE, " %-7s same       %" PRIu64, tn, a->ino[t]);
			else if (tc->status == TS_DIFFERENT)
				line(&p, P_NONE, " %-7s different  %" PRIu64 " %" PRIu64, tn, a->ino[t],
				     b->ino[t]);
			else
				line(&p, P_WARN, " %-7s unknown    %s", tn, tc->why);
		}
		for (int t = 0; t < NSINFO_NTYPES; t++)
			if (c->t[t].compared && c->t[t].status == TS_DIFFERENT)
				hunk(&p, &c->t[t]);
	}
	if (fclose(p.f) != 0 || p.nomem) {
		free(buf);
		return -ENOMEM;
	}
	return flush_out(buf, len);
}

/* ---- two snapshots ---- */

static const char *change_name(enum nsinfo_change_kind k)
{
	switch (k) {
	case NSINFO_CHANGE_NS_NEW:
		return "ns_new";
	case NSINFO_CHANGE_NS_GONE:
		return "ns_gone";
	case NSINFO_CHANGE_HOLDER_GAINED:
		return "holder_gained";
	case NSINFO_CHANGE_HOLDER_LOST:
		return "holder_lost";
	case NSINFO_CHANGE_PROC_BORN:
		return "proc_born";
	case NSINFO_CHANGE_PROC_EXITED:
		return "proc_exited";
	case NSINFO_CHANGE_PROC_MOVED:
		return "proc_moved";
	}
	return "?";
}

/* Which side a change's namespace, holder and process are from. */
static const struct snapfile *side_of(const struct change *c, const struct side *a,
				      const struct side *b)
{
	return c->kind == NSINFO_CHANGE_NS_GONE || c->kind == NSINFO_CHANGE_HOLDER_LOST ? a->sf
												: b->sf;
}

static const char *comm_of(const struct snapfile *sf, pid_t pid)
{
	const struct snap_proc *p = snapfile_find_proc(sf, pid);

	return p && p->comm ? p->comm : NULL;
}

/* "fd 3 of PID 4242 (nsenter)", "mount /run/netns/blue" */
static void holder_text(const struct change *c, const struct snapfile *sf, char *buf, size_t len)
{
	const struct snap_holder *h = c->holder;
	const char *comm = comm_of(sf, h->pid);

	if (h->kind == NSINFO_HOLDER_MOUNT)
		snprintf(buf, len, "mount %s (mnt:[%" PRIu64 "])", h->path ? h->path : "?", h->mntns);
	else
		snprintf(buf, len, "%s %d of PID %d%s%s%s", snapfile_holder_kind_name(h->kind), h->fd,
			 (int)h->pid, comm ? " (" : "", comm ? comm : "", comm ? ")" : "");
}

/* " (PID 4242 sleep)", " (blue)", " (hidden)" */
static void ns_note(const struct snapfile *sf, const struct snap_ns *ns, char *buf, size_t len)
{
	const struct snap_proc *p = ns ? snapdiff_leader(sf, ns) : NULL;

	buf[0] = '\0';
	if (!ns)
		return;
	if (ns->name)
		snprintf(buf, len, " (%s)", ns->name);
	else if (p)
		snprintf(buf, len, " (PID %d%s%s)", (int)p->pid, p->comm ? " " : "",
			 p->comm ? p->comm : "");
	else if (ns->holds == NSINFO_HOLD_ANCESTOR)
		snprintf(buf, len, " (hidden)");
}

static int snapshots_json(const struct side *a, const struct side *b, const struct snapdiff *d)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	bool ok = root != NULL;

	ok = ok && jadd(root, SCHEMA_KEY, jstr(SCHEMA_NSDIFF));
	ok = ok && jadd(root, "a", side_json(a));
	ok = ok && jadd(root, "b", side_json(b));
	ok = ok && jadd(root, "same", cJSON_CreateBool(d->n == 0));
	arr = ok ? cJSON_AddArrayToObject(root, "changes") : NULL;
	ok = arr != NULL;
	for (size_t i = 0; ok && i < d->n; i++) {
		const struct change *c = &d->v[i];
		const struct snapfile *sf = side_of(c, a, b);
		cJSON *o = cJSON_CreateObject();

		ok = o && cJSON_AddItemToArray(arr, o);
		ok = ok && jadd(o, "change", jstr(change_name(c->kind)));
		ok = ok && jadd(o, "type", jstr(nsinfo_type_name(c->type)));
		ok = ok && jadd(o, "ns", out_json_uint(c->inode));
		if (ok && c->kind == NSINFO_CHANGE_PROC_MOVED) {
			ok = jadd(o, "from", out_json_uint(c->old_inode));
			ok = ok && jadd(o, "pid", out_json_int(c->pid));
			ok = ok && jadd(o, "command", jstr(c->proc ? c->proc->comm : NULL));
		}
		if (ok && c->holder) {
			cJSON *h = cJSON_CreateObject();

			ok = jadd(o, "holder", h);
			ok = ok && jadd(h, "kind", jstr(snapfile_holder_kind_name(c->holder->kind)));
			ok = ok && jadd(h, "pid", out_json_int(c->holder->pid));
			if (ok && c->holder->kind == NSINFO_HOLDER_MOUNT) {
				ok = jadd(h, "mntns", out_json_uint(c->holder->mntns));
				ok = ok && jadd(h, "path", jstr(c->holder->path));
			} else if (ok) {
				ok = jadd(h, "fd", out_json_int(c->holder->fd));
				ok = ok && jadd(h, "command", jstr(comm_of(sf, c->holder->pid)));
			}
		}
		if (ok && c->ns && (c->kind == NSINFO_CHANGE_NS_NEW || c->kind == NSINFO_CHANGE_NS_GONE)) {
			const struct snap_proc *p = snapdiff_leader(sf, c->ns);

			ok = jadd(o, "name", jstr(c->ns->name));
			ok = ok && jadd(o, "pid", p ? out_json_int(p->pid) : cJSON_CreateNull());
		}
	}
	arr = ok ? cJSON_AddArrayToObject(root, "born") : NULL;
	ok = arr != NULL;
	for (size_t i = 0; ok && i < d->born; i++)
		ok = cJSON_AddItemToArray(arr, out_json_int(d->born_pids[i]));
	arr = ok ? cJSON_AddArrayToObject(root, "exited") : NULL;
	ok = arr != NULL;
	for (size_t i = 0; ok && i < d->exited; i++)
		ok = cJSON_AddItemToArray(arr, out_json_int(d->exited_pids[i]));
	if (!ok) {
		cJSON_Delete(root);
		return -ENOMEM;
	}
	return print_json(root);
}

int report_snapshots(const struct nsd *nsd, const struct side *a, const struct side *b,
		     const struct snapdiff *d)
{
	struct pr p = { .color = nsd->color };
	char *buf = NULL, note[600];
	size_t len = 0;

	if (nsd->json)
		return snapshots_json(a, b, d);
	if (!d->n)
		return 0;
	p.f = open_memstream(&buf, &len);
	if (!p.f)
		return -ENOMEM;
	if (!nsd->brief) {
		line(&p, P_HEAD, "--- A: %s", a->label);
		line(&p, P_HEAD, "+++ B: %s", b->label);
	}
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		bool any = false;

		for (size_t i = 0; i < d->n; i++) {
			const struct change *c = &d->v[i];
			const struct snapfile *sf = side_of(c, a, b);
			const char *comm;

			if (c->type != (enum nsinfo_type)t)
				continue;
			if (!any) {
				any = true;
				if (nsd->brief) {
					line(&p, P_NONE, "%s differs", nsinfo_type_name(c->type));
					break;
				}
				line(&p, P_HUNK, "@@ %s @@", nsinfo_type_name(c->type));
			}
			switch (c->kind) {
			case NSINFO_CHANGE_NS_NEW:
			case NSINFO_CHANGE_NS_GONE:
				ns_note(sf, c->ns, note, sizeof(note));
				line(&p, c->kind == NSINFO_CHANGE_NS_NEW ? P_ADD : P_DEL, "%cns %" PRIu64 "%s",
				     c->kind == NSINFO_CHANGE_NS_NEW ? '+' : '-', c->inode, note);
				break;
			case NSINFO_CHANGE_HOLDER_GAINED:
			case NSINFO_CHANGE_HOLDER_LOST:
				holder_text(c, sf, note, sizeof(note));
				line(&p, c->kind == NSINFO_CHANGE_HOLDER_GAINED ? P_ADD : P_DEL,
				     "%cholder %" PRIu64 ": %s",
				     c->kind == NSINFO_CHANGE_HOLDER_GAINED ? '+' : '-', c->inode, note);
				break;
			case NSINFO_CHANGE_PROC_MOVED:
				comm = c->proc && c->proc->comm ? c->proc->comm : NULL;
				line(&p, P_DEL, "-PID %d%s%s%s in %" PRIu64, (int)c->pid, comm ? " (" : "",
				     comm ? comm : "", comm ? ")" : "", c->old_inode);
				line(&p, P_ADD, "+PID %d%s%s%s in %" PRIu64, (int)c->pid, comm ? " (" : "",
				     comm ? comm : "", comm ? ")" : "", c->inode);
				break;
			default:
				break;
			}
		}
	}
	if (fclose(p.f) != 0 || p.nomem) {
		free(buf);
		return -ENOMEM;
	}
	return flush_out(buf, len);
}
