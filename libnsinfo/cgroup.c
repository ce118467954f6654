// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup.c - which container a process is in, from its cgroup paths.
 * Pure: works on the lines of /proc/PID/cgroup, no I/O.
 *
 * Each runtime names the cgroup of a container in its own way; we know
 * these and nothing else (unknown stays unknown, never guessed):
 *   docker      .../docker-<ID>.scope (systemd driver), /docker/<ID>
 *   podman      .../libpod-<ID>.scope, /libpod_parent/libpod-<ID>
 *   containerd  .../cri-containerd-<ID>.scope
 *   cri-o       .../crio-<ID>.scope
 *   kubernetes  /kubepods/<qos>/pod<UID>/<ID> (cgroupfs driver; which CRI
 *               runs it the path does not say)
 *   lxc         /lxc.payload.<NAME>, /lxc/<NAME>
 *   systemd-nspawn  /machine.slice/machine-<NAME>.scope, or, run as a
 *               unit (--keep-unit), .../systemd-nspawn@<NAME>.service/payload
 *               (its sibling .../supervisor is nspawn itself)
 * A pod UID is taken from kubepods-...-pod<UID>.slice or pod<UID>. The
 * runtimes' monitors (conmon: libpod-conmon-, crio-conmon-; lxc.monitor.)
 * are not containers.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ID_LEN 64

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* "<prefix><64 hex><suffix>" exactly; the ID is copied out. */
static bool match_id(const char *comp, size_t len, const char *prefix,
		     const char *suffix, char *id)
{
	size_t p = strlen(prefix), s = strlen(suffix);

	if (len != p + ID_LEN + s || strncmp(comp, prefix, p) != 0 ||
	    strncmp(comp + p + ID_LEN, suffix, s) != 0 || !is_hex(comp + p, ID_LEN))
		return false;
	memcpy(id, comp + p, ID_LEN);
	id[ID_LEN] = '\0';
	return true;
}

/* systemd unit names escape '-' and other bytes as \xNN. */
static void unescape_unit(const char *s, size_t n, char *out, size_t outlen)
{
	size_t w = 0;

	for (size_t i = 0; i < n && w + 1 < outlen; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3])) {
			char hex[3] = { s[i + 2], s[i + 3], 0 };

			out[w++] = (char)strtol(hex, NULL, 16);
			i += 3;
		} else {
			out[w++] = s[i];
		}
	}
	out[w] = '\0';
}

/* A pod UID from one path component, dashes restored; false if none. */
static bool pod_uid(const char *comp, size_t len, char *out, size_t outlen)
{
	const char *p;
	size_t n;

	/* pod<UID> (cgroupfs), kubepods-burstable-pod<UID_underscored>.slice */
	if (len > 3 && !strncmp(comp, "pod", 3))
		p = comp;
	else if (!(p = memmem(comp, len, "-pod", 4)))
		return false;
	else
		p++;
	p += 3;
	n = len - (size_t)(p - comp);
	if (n > 6 && strncmp(p + n - 6, ".slice", 6) == 0)
		n -= 6;
	if (n < 32 || n + 1 > outlen)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i] == '_' ? '-' : p[i];

		/* (what was copied so far is no UID either) */
		if (!isxdigit((unsigned char)c) && c != '-') {
			out[0] = '\0';
			return false;
		}
		out[i] = c;
	}
	out[n] = '\0';
	return true;
}

/* Whether component k (of n) names a container; fills c. */
static bool match_component(const char *const *comps, const size_t *lens, size_t n, size_t k,
			    bool kube, struct cgroup_container *c)
{
	const char *s = comps[k];
	size_t len = lens[k];

	if (match_id(s, len, "docker-", ".scope", c->id) ||
	    (k > 0 && lens[k - 1] == 6 && !strncmp(comps[k - 1], "docker", 6) &&
	     match_id(s, len, "", "", c->id))) {
		strcpy(c->runtime, "docker");
		return true;
	}
	if (match_id(s, len, "libpod-", ".scope", c->id) || match_id(s, len, "libpod-", "", c->id)) {
		strcpy(c->runtime, "podman");
		return true;
	}
	if (match_id(s, len, "cri-containerd-", ".scope", c->id)) {
		strcpy(c->runtime, "containerd");
		return true;
	}
	if (match_id(s, len, "crio-", ".scope", c->id)) {
		strcpy(c->runtime, "cri-o");
		return true;
	}
	if (kube && k > 0 && c->pod[0] && match_id(s, len, "", "", c->id)) {
		strcpy(c->runtime, "kubernetes");
		return true;
	}
	if (len > 12 && !strncmp(s, "lxc.payload.", 12)) {
		strcpy(c->runtime, "lxc");
		snprintf(c->name, sizeof(c->name), "%.*s", (int)(len - 12), s + 12);
		return true;
	}
	if (k > 0 && lens[k - 1] == 3 && !strncmp(comps[k - 1], "lxc", 3) &&
	    strncmp(s, "lxc.monitor", 11) != 0) {
		strcpy(c->runtime, "lxc");
		snprintf(c->name, sizeof(c->name), "%.*s", (int)len, s);
		return true;
	}
	if (len > 23 && !strncmp(s, "systemd-nspawn@", 15) && !strncmp(s + len - 8, ".service", 8) &&
	    k + 1 < n && lens[k + 1] == 7 && !strncmp(comps[k + 1], "payload", 7)) {
		strcpy(c->runtime, "systemd-nspawn");
		unescape_unit(s + 15, len - 23, c->name, sizeof(c->name));
		return true;
	}
	if (len > 14 && !strncmp(s, "machine-", 8) && !strncmp(s + len - 6, ".scope", 6)) {
		char name[256];

		unescape_unit(s + 8, len - 14, name, sizeof(name));
		/* machined also registers libvirt's VMs */
		if (!strncmp(name, "qemu-", 5))
			return false;
		strcpy(c->runtime, "systemd-nspawn");
		snprintf(c->name, sizeof(c->name), "%s", name);
		return true;
	}
	return false;
}

/* One cgroup path: the deepest component that names a container wins. */
static bool parse_path(const char *path, struct cgroup_container *c)
{
	const char *comps[64];
	size_t lens[64], n = 0;
	bool kube = false;

	for (const char *p = path; *p && n < 64;) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (!len)
			break;
		comps[n] = p;
		lens[n++] = len;
		p += len;
	}
	for (size_t i = 0; i < n; i++) {
		if (lens[i] >= 8 && strncmp(comps[i], "kubepods", 8) == 0)
			kube = true;
		if (kube && !c->pod[0])
			pod_uid(comps[i], lens[i], c->pod, sizeof(c->pod));
	}
	for (size_t k = n; k-- > 0;) {
		size_t end;

		if (!match_component(comps, lens, n, k, kube, c))
			continue;
		/* the container's own cgroup: whose directory it is says
		 * who made the claim (containers_read()) */
		end = (size_t)(comps[k] + lens[k] - path);
		if (end < sizeof(c->path))
			snprintf(c->path, sizeof(c->path), "%.*s", (int)end, path);
		return true;
	}
	return false;
}

int cgroup_parse_container(char *const *lines, struct cgroup_container *c)
{
	memset(c, 0, sizeof(*c));
	for (char *const *l = lines; l && *l; l++) {
		struct cgroup_line cl;

		if (cgroup_split_line(*l, strlen(*l), &cl) < 0)
			continue;
		if (parse_path(cl.path, c)) {
			if (cl.ctrl_len < sizeof(c->controllers))
				snprintf(c->controllers, sizeof(c->controllers), "%.*s",
					 (int)cl.ctrl_len, cl.ctrl);
			return 0;
		}
		c->pod[0] = '\0';
	}
	return -ENOENT;
}

int cgroup_text_container(char *text, struct cgroup_container *c)
{
	char *lines[64];
	size_t n = 0;

	for (char *l = text; l && *l && n + 1 < ARRAY_SIZE(lines);) {
		char *nl = strchr(l, '\n');

		lines[n++] = l;
		if (nl)
			*nl++ = '\0';
		l = nl;
	}
	lines[n] = NULL;
	return cgroup_parse_container(lines, c);
}
