/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer: compact, or pretty with 4-space indents. */
#ifndef CMAP_JSON_H
#define CMAP_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH 16

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool first[JSON_DEPTH];
};

void json_start(struct json *j, FILE *f, bool pretty);
void json_end(struct json *j);	/* ends the line */
/* key is NULL for array members and the top level. */
void json_open_obj(struct json *j, const char *key);
void json_close_obj(struct json *j);
void json_open_arr(struct json *j, const char *key);
void json_close_arr(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);

#endif
