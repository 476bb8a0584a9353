// SPDX-License-Identifier: GPL-2.0
/*
 * cmapctl check [-p] [-v] FILE...: parse and lint, no kernel access.
 * Exit status: 0 clean, 1 warnings only, 2 errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lint.h"
#include "parse.h"
#include "render.h"
#include "validate.h"

struct check_opts {
	bool print, verbose;
	int nfiles;
	char **files;
};

static bool check_args(int argc, char **argv, struct check_opts *o)
{
	int i;

	o->files = xcalloc((size_t)argc, sizeof(*o->files));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-p"))
			o->print = true;
		else if (!strcmp(argv[i], "-v"))
			o->verbose = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return false;
		else
			o->files[o->nfiles++] = argv[i];
	}
	return o->nfiles > 0;
}

static void print_configs(struct cm_config **c, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (n > 1)
			printf("! %s\n", c[i]->file);
		render_config(stdout, c[i], true);
	}
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = { 0 };
	struct cm_config **c;
	bool unreadable = false;
	int i;

	if (!check_args(argc, argv, &o)) {
		free(o.files);
		usage_error("check: expected [-p] [-v] FILE...");
		return 2;
	}
	c = xcalloc((size_t)o.nfiles, sizeof(*c));
	for (i = 0; i < o.nfiles; i++) {
		c[i] = xmalloc(sizeof(**c));
		model_init(c[i], o.files[i]);
		unreadable |= parse_file(c[i], o.verbose) < 0;
		o.files[i] = (char *)c[i]->file;
		validate(c[i]);
	}
	lint(c, (size_t)o.nfiles);
	diag_flush((const char *const *)o.files, (unsigned int)o.nfiles);
	if (o.print)
		print_configs(c, o.nfiles);
	for (i = 0; i < o.nfiles; i++) {
		model_free(c[i]);
		free(c[i]);
	}
	free(c);
	free(o.files);
	if (unreadable || diag_count(SEV_ERROR))
		return 2;
	return diag_count(SEV_WARNING) ? 1 : 0;
}
