// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-state-json.c - the container runtimes' state files that name a
 * container (rootless podman's are its user's to write): Docker's
 * config.v2.json and containers/storage's containers.json, both looked
 * at as either; and conmon's bundle argument (the first line, then the
 * container ID on the second) as the path of the store.
 */
#include <cjson/cJSON.h>

#include "internal.h"
#include "fuzz.h"

#define AN_ID "3f1c0ffee3f1c0ffee3f1c0ffee3f1c0ffee3f1c0ffee3f1c0ffee3f1c0ffee0"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *id, path[4096];
	cJSON *j = cJSON_ParseWithLength((const char *)data, size);
	const cJSON *c;

	free(container_json_docker_name(j));
	free(container_json_store_name(j, AN_ID));
	/* the ID of every entry, looked up as itself */
	cJSON_ArrayForEach(c, j) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");

		if (cJSON_IsString(cid))
			free(container_json_store_name(j, cid->valuestring));
	}
	cJSON_Delete(j);

	id = strchr(text, '\n');
	if (id)
		*id++ = '\0';
	if (id && *id && container_store_from_bundle(text, id, path, sizeof(path)) &&
	    strlen(path) >= sizeof(path))
		abort();
	free(text);
	return 0;
}
