// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * snapfile: the saved snapshot format (tools/common/snapfile.c) written
 * and read back unchanged, and what is not such a file refused with the
 * one line nsdiff prints: other versions, not JSON, fields of the wrong
 * type or out of range, duplicates, what is not a regular file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapfile.h"
#include "unit.h"

static char dir[] = "/tmp/test-snapfile.XXXXXX";

static const char *path_of(const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* Write text to NAME, read it back: the return code, why in *why. */
static int read_text(const char *name, const char *text, char *why, size_t len,
		     struct snapfile **out)
{
	FILE *f = fopen(path_of(name), "w");

	*out = NULL;
	if (!f)
		return -errno;
	fputs(text, f);
	fclose(f);
	return snapfile_read(path_of(name), out, why, len);
}

static struct snapfile *sample(void)
{
	struct snapfile *sf = calloc(1, sizeof(*sf));

	sf->version = SNAPFILE_VERSION;
	sf->tool = strdup("test 1");
	sf->saved = 1700000000;
	sf->boot_id = strdup("b00t");
	sf->self = 42;
	sf->host = 1;
	sf->nns = 2;
	sf->ns = calloc(2, sizeof(*sf->ns));
	sf->ns[0] = (struct snap_ns){ .type = NSINFO_TYPE_USER, .inode = 4026531837,
				      .known = SNAP_NS_PARENT | SNAP_NS_DEPTH, .holds = NSINFO_HOLD_PROCESS };
	sf->ns[1] = (struct snap_ns){ .type = NSINFO_TYPE_NET, .inode = 4026532200,
				      .known = SNAP_NS_OWNER, .owner = 4026531837,
				      .holds = NSINFO_HOLD_MOUNT | NSINFO_HOLD_FD, .name = strdup("bl\"ue\n") };
	sf->ns[1].nholders = 2;
	sf->ns[1].holders = calloc(2, sizeof(*sf->ns[1].holders));
	sf->ns[1].holders[0] = (struct snap_holder){ .kind = NSINFO_HOLDER_FD, .pid = 7, .fd = 3 };
	sf->ns[1].holders[1] = (struct snap_holder){ .kind = NSINFO_HOLDER_MOUNT, .pid = 1,
						     .mntns = 4026531841, .path = strdup("/run/netns/bl\"ue\n") };
	sf->nprocs = 1;
	sf->procs = calloc(1, sizeof(*sf->procs));
	sf->procs[0] = (struct snap_proc){ .pid = 7, .has_start = true, .start = 123, .comm = strdup("sl eep"),
					   .ns_known = NSINFO_TYPE_BIT(NSINFO_TYPE_NET),
					   .time_for_children = 4026531834 };
	sf->procs[0].ns[NSINFO_TYPE_NET] = 4026532200;
	sf->procs[0].nnspid = 2;
	sf->procs[0].nspid = calloc(2, sizeof(pid_t));
	sf->procs[0].nspid[0] = 7;
	sf->procs[0].nspid[1] = 1;
	return sf;
}

int main(void)
{
	struct snapfile *sf, *back;
	const char *why_w;
	char why[256];
	int rc;

	if (!mkdtemp(dir)) {
		printf("FAIL setup: mkdtemp\n");
		return 1;
	}

	TEST_BEGIN("snapfile-round-trip");
	sf = sample();
	/* the file's first key names its schema, of the version it has */
	{
		char *text = snapfile_to_json(sf);

		CHECK(text && !strncmp(text, "{\n\t\"schema\":\t\"urn:nsinfo:snapshot:1\",\n\t\"format\"", 45));
		free(text);
	}
	CHECK(snapfile_write(sf, path_of("s.json"), &why_w) == 0);
	rc = snapfile_read(path_of("s.json"), &back, why, sizeof(why));
	CHECK(rc == 0);
	if (rc == 0) {
		const struct snap_ns *ns = snapfile_find_ns(back, NSINFO_TYPE_NET, 4026532200);
		const struct snap_proc *p = snapfile_find_proc(back, 7);

		CHECK(back->nns == 2 && back->nprocs == 1 && back->host == 1 && back->self == 42);
		CHECK_STR(back->boot_id, "b00t");
		CHECK(ns && ns->owner == 4026531837 && (ns->known & SNAP_NS_OWNER) &&
		      !(ns->known & SNAP_NS_PARENT));
		CHECK(ns && ns->holds == (NSINFO_HOLD_MOUNT | NSINFO_HOLD_FD) && ns->nholders == 2);
		CHECK_STR(ns ? ns->name : NULL, "bl\"ue\n");
		CHECK(ns && ns->holders[1].kind == NSINFO_HOLDER_MOUNT && ns->holders[1].mntns == 4026531841);
		CHECK_STR(ns ? ns->holders[1].path : NULL, "/run/netns/bl\"ue\n");
		CHECK(p && p->has_start && p->start == 123 && p->ns[NSINFO_TYPE_NET] == 4026532200);
		CHECK(p && p->ns_known == NSINFO_TYPE_BIT(NSINFO_TYPE_NET) && p->time_for_children == 4026531834);
		CHECK(p && p->nnspid == 2 && p->nspid[1] == 1);
		CHECK_STR(p ? p->comm : NULL, "sl eep");
		CHECK(snapfile_find_ns(back, NSINFO_TYPE_USER, 4026532200) == NULL);
		snapfile_free(back);
	}
	/* written beside it and renamed: no temporary left, mode 0644 */
	{
		struct stat st;
		char cmd[300];

		CHECK(stat(path_of("s.json"), &st) == 0 && (st.st_mode & 0777) == 0644);
		snprintf(cmd, sizeof(cmd), "test $(ls -a %s | wc -l) = 3", dir);
		CHECK(system(cmd) == 0);
	}
	/* a symlink planted at the name is replaced, never followed */
	CHECK(symlink(path_of("target"), path_of("planted.json")) == 0);
	CHECK(snapfile_write(sf, path_of("planted.json"), &why_w) == 0);
	{
		struct stat st;

		CHECK(lstat(path_of("planted.json"), &st) == 0 && S_ISREG(st.st_mode));
		CHECK(access(path_of("target"), F_OK) < 0);
	}
	snapfile_free(sf);
	TEST_END();

	TEST_BEGIN("snapfile-refused");
	static const struct {
		const char *text;
		int rc;
		const char *why;
	} bad[] = {
		{ "", -EPROTO, "not an nsinfo snapshot (not JSON)" },
		{ "[1, 2]", -EPROTO, "not an nsinfo snapshot (no \"format\": \"nsinfo-snapshot\")" },
		{ "{\"format\": \"other\", \"version\": 1}", -EPROTO,
		  "not an nsinfo snapshot (no \"format\": \"nsinfo-snapshot\")" },
		{ "{\"format\": \"nsinfo-snapshot\"}", -EPROTO, "snapshot has no format version" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 2, \"namespaces\": []}", -EPROTONOSUPPORT,
		  "snapshot format version 2 is not supported (this build reads version 1)" },
		/* "schema" says the version again: the same one, or refused */
		{ "{\"schema\": \"urn:nsinfo:snapshot:2\", \"format\": \"nsinfo-snapshot\", \"version\": 1}",
		  -EPROTONOSUPPORT,
		  "snapshot \"schema\" is not urn:nsinfo:snapshot:1 (what format version 1 is)" },
		{ "{\"schema\": 1, \"format\": \"nsinfo-snapshot\", \"version\": 1}", -EPROTONOSUPPORT,
		  "snapshot \"schema\" is not urn:nsinfo:snapshot:1 (what format version 1 is)" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1.5}", -EPROTO,
		  "snapshot has no format version" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1}", -EINVAL,
		  "\"namespaces\" is not an array" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [], \"processes\": {}}",
		  -EINVAL, "\"processes\" is not an array" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [{\"ns\": -1, \"type\": \"net\"}], \"processes\": []}",
		  -EINVAL, "\"ns\" is out of range" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [{\"ns\": 1e300, \"type\": \"net\"}], \"processes\": []}",
		  -EINVAL, "\"ns\" is out of range" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [{\"ns\": 5, \"type\": \"nett\"}], \"processes\": []}",
		  -EINVAL, "unknown namespace type in \"type\"" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [{\"ns\": 5, \"type\": \"net\"}, {\"ns\": 5, \"type\": \"net\"}], \"processes\": []}",
		  -EINVAL, "namespace net:[5] is listed twice" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [], \"processes\": [{\"pid\": 9999999}]}",
		  -EINVAL, "\"pid\" is out of range" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [], \"processes\": [{\"pid\": 3}, {\"pid\": 3}]}",
		  -EINVAL, "PID 3 is listed twice" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [], \"processes\": [{\"pid\": 3, \"nspid\": [3, 0]}]}",
		  -EINVAL, "\"nspid\" holds what is not a PID" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [{\"ns\": 5, \"type\": \"net\", \"holders\": [{\"kind\": \"door\", \"pid\": 1}]}], \"processes\": []}",
		  -EINVAL, "unknown holder kind" },
		{ "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [], \"processes\": [{\"pid\": 3, \"command\": 7}]}",
		  -EINVAL, "\"command\" is not a string" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = read_text("bad.json", bad[i].text, why, sizeof(why), &back);
		CHECKF(rc == bad[i].rc && !strcmp(why, bad[i].why), "#%zu gave %d '%s', want %d '%s'",
		       i, rc, why,
		       bad[i].rc, bad[i].why);
		snapfile_free(back);
	}
	/* a FIFO is never opened (the read would block), nor a directory */
	CHECK(mkfifo(path_of("fifo.json"), 0600) == 0);
	CHECK(snapfile_read(path_of("fifo.json"), &back, why, sizeof(why)) == -EINVAL);
	CHECK_STR(why, "not a regular file");
	CHECK(snapfile_read(dir, &back, why, sizeof(why)) == -EISDIR);
	CHECK(snapfile_read(path_of("none.json"), &back, why, sizeof(why)) == -ENOENT);
	CHECK_STR(why, "No such file or directory");
	/* a NUL inside is no JSON text */
	{
		int fd = open(path_of("nul.json"), O_WRONLY | O_CREAT | O_TRUNC, 0600);

		CHECK(fd >= 0 && write(fd, "{\"format\"\0}", 11) == 11);
		close(fd);
		CHECK(snapfile_read(path_of("nul.json"), &back, why, sizeof(why)) == -EPROTO);
	}
	TEST_END();

	TEST_BEGIN("snapfile-minimal");
	rc = read_text("min.json",
		       "{\"format\": \"nsinfo-snapshot\", \"version\": 1, \"namespaces\": [], \"processes\": []}",
		       why, sizeof(why), &back);
	CHECK(rc == 0 && back && back->nns == 0 && back->host == 1 && !back->boot_id);
	CHECK(back && snapfile_find_proc(back, 1) == NULL && snapfile_find_ns(back, 0, 1) == NULL);
	snapfile_free(back);
	/* as written since files carry their schema; a file saved before
	 * (above) has none and reads the same */
	rc = read_text("min.json",
		       "{\"schema\": \"" SCHEMA_SNAPSHOT "\", \"format\": \"nsinfo-snapshot\", "
		       "\"version\": 1, \"namespaces\": [], \"processes\": []}",
		       why, sizeof(why), &back);
	CHECK(rc == 0 && back && back->nns == 0);
	snapfile_free(back);
	TEST_END();

	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("FAIL cleanup: %s\n", cmd);
	}
	UNIT_EXIT();
}
