// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup-columns.c - the cgroup cells every view makes: a process's
 * cgroup paths (CGROUP), its cgroup namespace root (CGNSROOT), and the
 * limits and usage of its (or its container's) cgroup.
 *
 * A value that could not be read is "-" and null in JSON with the reason
 * beside it (out_set_unknown()), never a zero. No limit is "max" in the
 * table and null in JSON with no reason: a JSON value is always a number
 * or null, whatever the row.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "columns.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Why a value is missing, as a reader can act on it. */
static const char *reason(int err)
{
	switch (err) {
	case -ENODATA:
		return "not read (no cgroup paths)";
	case -ENODEV:
		return "hierarchy not mounted here";
	case -ENOENT:
		return "no such file (controller not enabled, or no PSI)";
	case -EACCES:
	case -EPERM:
		return "permission denied";
	case -EXDEV:
		return "path refused: leaves the hierarchy";
	case -EBADMSG:
		return "cgroup file refused: a name with a newline";
	case -ESRCH:
		return "no process left to ask";
	case -ERANGE:
		return "process outside its namespace's root";
	case -EINVAL:
		return "unexpected file contents";
	default:
		return strerror(-err);
	}
}

static int unknown(struct out_row *row, size_t pos, const char *file, int err)
{
	char why[160];

	snprintf(why, sizeof(why), "%s: %s", file, reason(err));
	return out_set_unknown(row, pos, why);
}

/* top's way: 512M, 1.5G, 900K */
void col_format_bytes(char *buf, size_t len, unsigned long long v)
{
	static const char unit[] = "BKMGTPE";
	double d = (double)v;
	size_t u = 0;

	while (d >= 1024 && u + 1 < sizeof(unit) - 1) {
		d /= 1024;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%lluB", v);
	else if (d < 10 && d != (double)(unsigned long long)d)
		snprintf(buf, len, "%.1f%c", d, unit[u]);
	else
		snprintf(buf, len, "%.0f%c", d, unit[u]);
}

/* The value: 0 and *v, or the cell set to "-" with why; 1 when it is so. */
static int get(const struct nsinfo_proc *p, const struct nsinfo_container *ct,
	       enum nsinfo_cgroup_value what, uint64_t *v, int *err)
{
	*err = ct ? nsinfo_container_cgroup_value(ct, what, v)
		  : p ? nsinfo_proc_cgroup_value(p, what, v) : -ENODATA;
	if (*err == -ENODATA && p && nsinfo_proc_cgroup_error(p) < 0)
		*err = nsinfo_proc_cgroup_error(p);
	return *err;
}

/* A value of the cgroup: "max" (JSON null) for no limit; a size as top
 * prints it (bytes), else the count; JSON: the number. */
static int set_value(struct out_row *row, size_t pos, const struct nsinfo_proc *p,
		     const struct nsinfo_container *ct, enum nsinfo_cgroup_value what,
		     const char *file, bool bytes)
{
	char buf[32];
	uint64_t v;
	int err;

	if (get(p, ct, what, &v, &err))
		return unknown(row, pos, file, err);
	if (v == NSINFO_CGROUP_UNLIMITED) {
		if (out_set(row, pos, "max") < 0)
			return -ENOMEM;
		return out_set_json(row, pos, cJSON_CreateNull());
	}
	if (!bytes)
		return col_set_u64(row, pos, v);
	col_format_bytes(buf, sizeof(buf), v);
	if (out_set(row, pos, buf) < 0)
		return -ENOMEM;
	return out_set_json(row, pos, out_json_uint(v));
}

/* MEM: marked when at 90% of the limit or more */
static int set_mem(struct out_row *row, size_t pos, const struct nsinfo_proc *p,
		   const struct nsinfo_container *ct)
{
	uint64_t cur, max;
	int err, rc = set_value(row, pos, p, ct, NSINFO_CGROUP_MEMORY_CURRENT, "memory.current", true);

	if (!rc && !get(p, ct, NSINFO_CGROUP_MEMORY_CURRENT, &cur, &err) &&
	    !get(p, ct, NSINFO_CGROUP_MEMORY_MAX, &max, &err) && max != NSINFO_CGROUP_UNLIMITED &&
	    max && (double)cur >= 0.9 * (double)max)
		out_mark(row, pos, OUT_MARK_ALERT);
	return rc;
}

/* "50%", "1 CPU", "1.5 CPUs"; JSON: CPUs as a number (0.5) */
static int set_cpumax(struct out_row *row, size_t pos, const struct nsinfo_proc *p,
		      const struct nsinfo_container *ct)
{
	uint64_t quota, period;
	double cpus;
	int err;

	if (get(p, ct, NSINFO_CGROUP_CPU_QUOTA, &quota, &err) ||
	    get(p, ct, NSINFO_CGROUP_CPU_PERIOD, &period, &err))
		return unknown(row, pos, "cpu.max", err);
	if (quota == NSINFO_CGROUP_UNLIMITED) {
		if (out_set(row, pos, "max") < 0)
			return -ENOMEM;
		return out_set_json(row, pos, cJSON_CreateNull());
	}
	cpus = (double)quota / (double)period;
	if (cpus < 1 ? out_setf(row, pos, "%.0f%%", cpus * 100) < 0
		     : out_setf(row, pos, "%g CPU%s", cpus, cpus == 1 ? "" : "s") < 0)
		return -ENOMEM;
	return out_set_json(row, pos, cJSON_CreateNumber(cpus));
}

/* CPU time used by the cgroup: seconds, one decimal; JSON microseconds */
static int set_cpu_usage(struct out_row *row, size_t pos, const struct nsinfo_proc *p,
			 const struct nsinfo_container *ct)
{
	uint64_t us;
	int err;

	if (get(p, ct, NSINFO_CGROUP_CPU_USAGE, &us, &err))
		return unknown(row, pos, "cpu.stat", err);
	if (out_setf(row, pos, "%.1fs", (double)us / 1e6) < 0)
		return -ENOMEM;
	return out_set_json(row, pos, out_json_uint(us));
}

/* some avg10 of cpu/memory/io: "0.12/1.50/0.00"; JSON:
 * {"cpu":{"some":0.12,"full":0},"memory":{...},"io":{...}} */
static int set_psi(struct out_row *row, size_t pos, const struct nsinfo_proc *p,
		   const struct nsinfo_container *ct)
{
	static const struct {
		const char *key, *file;
		enum nsinfo_cgroup_value some;
	} res[] = {
		{ "cpu", "cpu.pressure", NSINFO_CGROUP_PSI_CPU_SOME },
		{ "memory", "memory.pressure", NSINFO_CGROUP_PSI_MEMORY_SOME },
		{ "io", "io.pressure", NSINFO_CGROUP_PSI_IO_SOME },
	};
	char text[64] = "";
	size_t n = 0;
	cJSON *obj = cJSON_CreateObject();
	int err;

	if (!obj)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(res); i++) {
		uint64_t some, full;
		cJSON *o;

		if (get(p, ct, res[i].some, &some, &err)) {
			cJSON_Delete(obj);
			return unknown(row, pos, res[i].file, err);
		}
		o = cJSON_AddObjectToObject(obj, res[i].key);
		if (!o || !cJSON_AddNumberToObject(o, "some", (double)some / 100) ||
		    !(get(p, ct, res[i].some + 1, &full, &err)
			      ? cJSON_AddNullToObject(o, "full")
			      : cJSON_AddNumberToObject(o, "full", (double)full / 100))) {
			cJSON_Delete(obj);
			return -ENOMEM;
		}
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%llu.%02llu", i ? "/" : "",
				      (unsigned long long)some / 100,
				      (unsigned long long)some % 100);
	}
	if (out_set(row, pos, text) < 0) {
		cJSON_Delete(obj);
		return -ENOMEM;
	}
	return out_set_json(row, pos, obj);
}

/*
 * A list of paths, one per hierarchy: the unified one as it is, then each
 * v1 hierarchy whose path differs from it as "controllers:path" (a hybrid
 * host keeps most in step). JSON: every hierarchy,
 * [{"controllers":"","path":"/..."}, {"controllers":"memory",...}].
 * root: the cgroup namespace's roots instead of the process's paths.
 */
static int set_paths(struct out_row *row, size_t pos, const struct nsinfo_proc *p, bool root,
		     const struct nsinfo_ns *cgns)
{
	const char *v2 = NULL;
	size_t n = nsinfo_proc_cgroup_count(p);
	cJSON *arr;
	int err = 0;

	if (!n)
		return unknown(row, pos, "/proc/PID/cgroup", p ? nsinfo_proc_cgroup_error(p) : -ENODATA);
	if (root && !cgns)
		return unknown(row, pos, "cgroup namespace", -ENODATA);
	arr = cJSON_CreateArray();
	if (!arr)
		return -ENOMEM;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const char *ctrl, *path;
			cJSON *o;

			nsinfo_proc_cgroup(p, i, &ctrl, &path);
			if (!*ctrl != !pass)
				continue;
			if (root && (err = nsinfo_ns_cgroup_root(cgns, ctrl, &path)) < 0)
				continue;
			o = cJSON_CreateObject();
			if (!o || !cJSON_AddItemToArray(arr, o) ||
			    !cJSON_AddStringToObject(o, "controllers", ctrl) ||
			    !cJSON_AddStringToObject(o, "path", path)) {
				cJSON_Delete(arr);
				return -ENOMEM;
			}
			if (!*ctrl)
				v2 = path;
			if (!*ctrl ? out_add_item(row, pos, path) < 0
				   : (!v2 || strcmp(v2, path)) && out_add_itemf(row, pos, "%s:%s", ctrl, path) < 0) {
				cJSON_Delete(arr);
				return -ENOMEM;
			}
		}
	}
	if (!cJSON_GetArraySize(arr)) {
		cJSON_Delete(arr);
		return unknown(row, pos, "cgroup namespace", err ? err : -ENODATA);
	}
	return out_set_json(row, pos, arr);
}

int col_set_cgroup(struct out_row *row, size_t pos, enum col_cg what, const struct nsinfo_proc *p,
		   const struct nsinfo_container *ct)
{
	/* "denied" as every column says it, but null in JSON (a number or
	 * an array column never holds a word), the why beside it */
	if (p && (nsinfo_proc_flags(p) & NSINFO_PROC_DENIED)) {
		if (col_set_denied(row, pos) < 0)
			return -ENOMEM;
		return out_set_unknown(row, pos, "/proc/PID: permission denied");
	}
	switch (what) {
	case COL_CG_PATH:
		return set_paths(row, pos, p, false, NULL);
	case COL_CG_NSROOT:
		return set_paths(row, pos, p, true, p ? nsinfo_proc_ns(p, NSINFO_TYPE_CGROUP) : NULL);
	case COL_CG_MEM:
		return set_mem(row, pos, p, ct);
	case COL_CG_MEMMAX:
		return set_value(row, pos, p, ct, NSINFO_CGROUP_MEMORY_MAX, "memory.max", true);
	case COL_CG_CPUMAX:
		return set_cpumax(row, pos, p, ct);
	case COL_CG_CPU:
		return set_cpu_usage(row, pos, p, ct);
	case COL_CG_PIDS:
		return set_value(row, pos, p, ct, NSINFO_CGROUP_PIDS_CURRENT, "pids.current", false);
	case COL_CG_PIDSMAX:
		return set_value(row, pos, p, ct, NSINFO_CGROUP_PIDS_MAX, "pids.max", false);
	case COL_CG_PSI:
		return set_psi(row, pos, p, ct);
	case COL_CG_N:
		break;
	}
	return 0;
}
