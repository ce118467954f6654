// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stdio-column.c - the STDIN, STDOUT and STDERR cells: what a process's
 * fd 0, 1 or 2 is and who is at the other end ("pipe->conmon[4242]"), and
 * for -J an object whose "kind" says which keys follow (see nsls(1),
 * STANDARD STREAMS). Paths and command names are another user's text:
 * the output layer escapes them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include <cjson/cJSON.h>

#include "columns.h"

static const char *const kind_names[] = {
	[NSINFO_STDIO_CLOSED] = "closed",
	[NSINFO_STDIO_NULL] = "null",
	[NSINFO_STDIO_TTY] = "tty",
	[NSINFO_STDIO_PIPE] = "pipe",
	[NSINFO_STDIO_SOCKET] = "socket",
	[NSINFO_STDIO_FILE] = "file",
	[NSINFO_STDIO_FIFO] = "fifo",
	[NSINFO_STDIO_DEVICE] = "device",
	[NSINFO_STDIO_OTHER] = "other",
};

static const char *kind_name(enum nsinfo_stdio_kind k)
{
	return (size_t)k < sizeof(kind_names) / sizeof(kind_names[0]) && kind_names[k]
		       ? kind_names[k] : "other";
}

/* Why the peers are not known, for JSON. */
static const char *peer_why(int err)
{
	switch (err) {
	case -ENOENT:
		return "not found (a socket of another network namespace, or not a unix socket; "
		       "a terminal no session controls)";
	case -EACCES:
	case -EPERM:
		return "not found among the processes we could read (permission denied)";
	default:
		return strerror(-err);
	}
}

#define add_u64 col_json_add_uint

/* The object of one stream; NULL on ENOMEM. */
static cJSON *stream_json(const struct nsinfo_stdio *s)
{
	static const char *const modes[] = { [O_RDONLY] = "r", [O_WRONLY] = "w", [O_RDWR] = "rw" };
	cJSON *o = cJSON_CreateObject(), *peers;
	bool ok;

	if (!o)
		return NULL;
	ok = cJSON_AddStringToObject(o, "kind", kind_name(s->kind)) != NULL;
	if (ok && s->kind != NSINFO_STDIO_CLOSED && s->kind != NSINFO_STDIO_NULL && s->inode)
		ok = add_u64(o, "ino", s->inode);
	if (ok && s->name)
		ok = cJSON_AddStringToObject(o, s->kind == NSINFO_STDIO_TTY ? "tty" :
					     s->kind == NSINFO_STDIO_OTHER ? "link" : "path",
					     s->name) != NULL;
	if (ok && s->access >= 0 && s->access <= O_RDWR)
		ok = cJSON_AddStringToObject(o, "access", modes[s->access]) != NULL;
	if (ok && s->kind == NSINFO_STDIO_TTY) {
		char dev[32];

		snprintf(dev, sizeof(dev), "%u:%u", major(s->rdev), minor(s->rdev));
		ok = cJSON_AddStringToObject(o, "rdev", dev) != NULL;
		if (ok && s->session)
			ok = add_u64(o, "session", (unsigned long long)s->session);
		if (ok && s->foreground)
			ok = add_u64(o, "foreground", (unsigned long long)s->foreground);
	}
	if (ok && s->kind == NSINFO_STDIO_SOCKET && s->peer_inode)
		ok = add_u64(o, "peer_ino", s->peer_inode);
	if (ok && (s->kind == NSINFO_STDIO_PIPE || s->kind == NSINFO_STDIO_SOCKET ||
		   s->kind == NSINFO_STDIO_TTY)) {
		peers = cJSON_AddArrayToObject(o, "peers");
		ok = peers != NULL;
		for (size_t i = 0; ok && i < s->npeers; i++) {
			cJSON *p = cJSON_CreateObject();

			ok = p && cJSON_AddItemToArray(peers, p) &&
			     add_u64(p, "pid", (unsigned long long)s->peers[i].pid) &&
			     (s->peers[i].comm ? cJSON_AddStringToObject(p, "command", s->peers[i].comm)
					       : cJSON_AddNullToObject(p, "command"));
		}
		if (ok && s->peer_err)
			ok = cJSON_AddStringToObject(o, "peers_error", peer_why(s->peer_err)) != NULL;
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The cell text: "KIND[:PATH][->COMM[PID][+N]]". */
static int stream_text(const struct columns_ctx *ctx, const struct nsinfo_stdio *s,
		       struct out_row *row, size_t pos)
{
	const char *arrow = ctx->utf8 ? "\u2192" : "->";
	char peer[64] = "";
	const char *what;

	if (s->npeers)
		snprintf(peer, sizeof(peer), "%s%s[%d]", arrow,
			 s->peers[0].comm ? s->peers[0].comm : "", (int)s->peers[0].pid);
	if (s->npeers > 1)
		snprintf(peer + strlen(peer), sizeof(peer) - strlen(peer), "+%zu", s->npeers - 1);
	/* the other end may be with a process we could not read */
	if (!s->npeers && s->peer_err == -EACCES)
		snprintf(peer, sizeof(peer), "%s?", arrow);
	switch (s->kind) {
	case NSINFO_STDIO_TTY:
		return out_setf(row, pos, "%s%s", s->name ? s->name : "tty", peer);
	case NSINFO_STDIO_FILE:
	case NSINFO_STDIO_FIFO:
	case NSINFO_STDIO_DEVICE:
		what = s->kind == NSINFO_STDIO_FILE ? "file" :
		       s->kind == NSINFO_STDIO_FIFO ? "fifo" : "dev";
		return out_setf(row, pos, "%s:%s", what, s->name ? s->name : "?");
	case NSINFO_STDIO_OTHER:
		return out_set(row, pos, s->name ? s->name : "other");
	default:
		return out_setf(row, pos, "%s%s", kind_name(s->kind), peer);
	}
}

int col_set_stdio(const struct columns_ctx *ctx, struct out_row *row, size_t pos, int fd,
		  const struct nsinfo_proc *p)
{
	struct nsinfo_stdio s = { .size = sizeof(s) };
	cJSON *o;
	int rc;

	if (!p)
		return 0;
	rc = nsinfo_proc_stdio(p, fd, &s);
	if (rc == -EACCES) {
		/* never a made-up answer: "-", and why in JSON */
		rc = out_set(row, pos, "-");
		out_mark(row, pos, OUT_MARK_DENIED);
		o = cJSON_CreateObject();
		if (rc || !o || !cJSON_AddStringToObject(o, "kind", "unknown") ||
		    !cJSON_AddStringToObject(o, "error", "permission denied")) {
			cJSON_Delete(o);
			return -ENOMEM;
		}
		return out_set_json(row, pos, o);
	}
	if (rc < 0)
		return 0;	/* not read: the process went meanwhile */
	rc = stream_text(ctx, &s, row, pos);
	if (rc)
		return rc;
	return out_set_json(row, pos, stream_json(&s));
}
