// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * facts.c - what a namespace shows, as (kind, name, value) facts: sorted,
 * each key once, compared as two sorted lists (one merge walk), and
 * carried over a pipe one line a fact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

static char *cut_dup(const char *s)
{
	size_t n = strnlen(s ? s : "", FACT_TEXT_MAX);

	return strndup(s ? s : "", n);
}

int facts_add(struct facts *f, const char *kind, const char *name, const char *value)
{
	struct fact *x;

	if (f->n >= FACTS_MAX) {
		f->truncated = true;
		return 0;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		struct fact *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			goto nomem;
		f->v = v;
		f->cap = cap;
	}
	x = &f->v[f->n];
	x->kind = cut_dup(kind);
	x->name = cut_dup(name);
	x->value = cut_dup(value);
	if (!x->kind || !x->name || !x->value) {
		free(x->kind);
		free(x->name);
		free(x->value);
		goto nomem;
	}
	f->n++;
	return 0;
nomem:
	f->nomem = true;
	return -ENOMEM;
}

int facts_addf(struct facts *f, const char *kind, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n, rc;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		f->nomem = true;
		return -ENOMEM;
	}
	rc = facts_add(f, kind, name, s);
	free(s);
	return rc;
}

void facts_free(struct facts *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].kind);
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
	*f = (struct facts){ 0 };
}

static int cmp_key(const struct fact *a, const struct fact *b)
{
	int r = strcmp(a->kind, b->kind);

	return r ? r : strcmp(a->name, b->name);
}

/* qsort is not stable; the index breaks ties so that the first of two
 * facts with one key (the lower of two stacked mounts) stays first. */
struct idx_fact {
	struct fact f;
	size_t idx;
};

static int cmp_idx(const void *x, const void *y)
{
	const struct idx_fact *a = x, *b = y;
	int r = cmp_key(&a->f, &b->f);

	if (r)
		return r;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static int sort_facts(struct facts *f)
{
	struct idx_fact *v = malloc(f->n * sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < f->n; i++)
		v[i] = (struct idx_fact){ f->v[i], i };
	qsort(v, f->n, sizeof(*v), cmp_idx);
	for (size_t i = 0; i < f->n; i++)
		f->v[i] = v[i].f;
	free(v);
	return 0;
}

int facts_finish(struct facts *f)
{
	size_t first = 0, run = 1;
	bool renamed = false;

	if (f->nomem)
		return -ENOMEM;
	if (f->n < 2)
		return 0;
	if (sort_facts(f) < 0)
		return -ENOMEM;
	/* "name", "name #2", ...: compared in the order they came */
	for (size_t i = 1; i < f->n; i++) {
		char *name;

		if (cmp_key(&f->v[first], &f->v[i])) {
			first = i;
			run = 1;
			continue;
		}
		if (asprintf(&name, "%s #%zu", f->v[i].name, ++run) < 0)
			return -ENOMEM;
		free(f->v[i].name);
		f->v[i].name = name;
		renamed = true;
	}
	/* "a #2" sorts after "a b": in order again for the merge walk */
	return renamed ? sort_facts(f) : 0;
}

/* ---- over the pipe ---- */

struct wbuf {
	char *p;
	size_t len, cap;
};

static int wb_put(struct wbuf *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		char *p;

		while (w->len + n + 1 > cap)
			cap *= 2;
		p = realloc(w->p, cap);
		if (!p)
			return -ENOMEM;
		w->p = p;
		w->cap = cap;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
	w->p[w->len] = '\0';
	return 0;
}

static int wb_field(struct wbuf *w, const char *s)
{
	char esc[5];

	/* an empty field is "-", so a field that is "-" is escaped */
	if (!*s)
		return wb_put(w, "-", 1);
	if (!strcmp(s, "-"))
		return wb_put(w, "\\x2d", 4);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x21 || c > 0x7e || c == '\\') {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			if (wb_put(w, esc, 4) < 0)
				return -ENOMEM;
		} else if (wb_put(w, s, 1) < 0) {
			return -ENOMEM;
		}
	}
	return 0;
}

int facts_encode(const struct facts *f, char **buf, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };

	for (size_t i = 0; i < f->n; i++) {
		const struct fact *x = &f->v[i];

		if (wb_put(&w, "F ", 2) < 0 || wb_field(&w, x->kind) < 0 || wb_put(&w, " ", 1) < 0 ||
		    wb_field(&w, x->name) < 0 || wb_put(&w, " ", 1) < 0 ||
		    wb_field(&w, x->value) < 0 || wb_put(&w, "\n", 1) < 0) {
			free(w.p);
			*buf = NULL;
			*len = 0;
			return -ENOMEM;
		}
	}
	if (f->truncated && wb_put(&w, "T\n", 2) < 0) {
		free(w.p);
		*buf = NULL;
		*len = 0;
		return -ENOMEM;
	}
	*buf = w.p;
	*len = w.len;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One field of [s, end) into a malloc'd text; NULL on a bad escape. */
static char *unfield(const char *s, const char *end, bool *nomem)
{
	char *out, *w;

	if (end - s == 1 && *s == '-')
		return strdup("");
	out = malloc((size_t)(end - s) + 1);
	if (!out) {
		*nomem = true;
		return NULL;
	}
	for (w = out; s < end; s++) {
		int h, l;

		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		if (end - s < 4 || s[1] != 'x' || (h = hexval(s[2])) < 0 || (l = hexval(s[3])) < 0 ||
		    (h == 0 && l == 0)) {
			free(out);
			return NULL;
		}
		*w++ = (char)(h * 16 + l);
		s += 3;
	}
	*w = '\0';
	return out;
}

int facts_decode(struct facts *f, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *fs[3], *fe[3], *q;
		char *txt[3] = { NULL, NULL, NULL };
		bool nomem = false;
		int rc = 0;

		if (!nl)
			return -EPROTO;
		if (nl - p == 1 && *p == 'T') {
			f->truncated = true;
			p = nl + 1;
			continue;
		}
		if (nl - p < 2 || p[0] != 'F' || p[1] != ' ')
			return -EPROTO;
		q = p + 2;
		for (int i = 0; i < 3; i++) {
			fs[i] = q;
			while (q < nl && *q != ' ')
				q++;
			fe[i] = q;
			if (fe[i] == fs[i] || (i < 2 && q == nl))
				return -EPROTO;
			if (i < 2)
				q++;
		}
		if (q != nl)
			return -EPROTO;
		for (int i = 0; i < 3 && rc == 0; i++)
			if (!(txt[i] = unfield(fs[i], fe[i], &nomem)))
				rc = nomem ? -ENOMEM : -EPROTO;
		if (rc == 0)
			rc = facts_add(f, txt[0], txt[1], txt[2]);
		for (int i = 0; i < 3; i++)
			free(txt[i]);
		if (rc < 0)
			return rc;
		p = nl + 1;
	}
	return 0;
}

/* ---- the diff ---- */

int facts_diff(const struct facts *a, const struct facts *b, struct delta **out, size_t *n)
{
	size_t i = 0, j = 0, k = 0, cap = a->n + b->n;
	struct delta *v = calloc(cap ? cap : 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	while (i < a->n || j < b->n) {
		int r = i == a->n ? 1 : j == b->n ? -1 : cmp_key(&a->v[i], &b->v[j]);

		if (r < 0) {
			v[k++] = (struct delta){ DELTA_ONLY_A, &a->v[i++], NULL };
		} else if (r > 0) {
			v[k++] = (struct delta){ DELTA_ONLY_B, NULL, &b->v[j++] };
		} else {
			if (strcmp(a->v[i].value, b->v[j].value))
				v[k++] = (struct delta){ DELTA_CHANGED, &a->v[i], &b->v[j] };
			i++;
			j++;
		}
	}
	*out = v;
	*n = k;
	return 0;
}
