// SPDX-License-Identifier: GPL-2.0
/* cmapctl: Cisco IOS style crypto maps for Linux, the command line tool. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

#define CMAPCTL_VERSION "0.1"

static const char usage_text[] =
"Usage: cmapctl [ COMMAND ]\n"
"COMMAND := { load [ -n ] [ --interface IOSNAME=LINUXNAME ]... [ IKE ] FILE\n"
"           | check [ -p ] [ -v ] FILE...\n"
"           | show [ -j ] [ -p ] [ -f FILE ] [ OBJECT ]\n"
"           | clear crypto { isakmp [ CONN-ID ] | sa [ peer A.B.C.D | map NAME ]\n"
"                          | sa counters }\n"
"           | monitor [ -j ] [ --count N ] [ --timeout SECONDS ]\n"
"           | charon { status [ -j ] | start [ --ike-backend B ] | stop\n"
"                    | config [ -o DIR ] [ IKE ] FILE }\n"
"           | flush\n"
"           | help\n"
"           | --version }\n"
"OBJECT := { crypto map | crypto dynamic-map | crypto ipsec transform-set\n"
"          | crypto isakmp sa [ detail ] | crypto ipsec sa [ peer A.B.C.D | map NAME ]\n"
"          | crypto engine connections active | crypto ipsec stats\n"
"          | access-lists | running-config }\n"
"IKE := [ --ike-backend { cryptomap | xfrm | none } ] [ --ike-version { 1 | 2 } ]\n"
"FILE := { PATH | - }\n"
"Without a COMMAND: show crypto map. Keywords of show may be abbreviated\n"
"(show run, sh cry map). See cmapctl(8).\n";

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("cmapctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fputs(usage_text, stderr);
	return 1;
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs(usage_text, stdout);
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("cmapctl %s (netlink family \"cryptomap\" version %d)\n",
	       CMAPCTL_VERSION, 1);
	return 0;
}

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
} ambiguous, commands[] = {
	{ "load", cmd_load },
	{ "check", cmd_check },
	{ "show", cmd_show },
	{ "flush", cmd_flush },
	{ "clear", cmd_clear },
	{ "monitor", cmd_monitor },
	{ "charon", cmd_charon },
	{ "help", cmd_help },
	{ "--help", cmd_help },
	{ "-h", cmd_help },
	{ "--version", cmd_version },
	{ "-V", cmd_version },
};

/* The command named exactly, or by a prefix of one name only ("sh"). */
static const struct command *find_command(const char *word)
{
	const struct command *found = NULL;
	size_t i, n = strlen(word);

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(word, commands[i].name))
			return &commands[i];
		if (word[0] != '-' && !strncmp(word, commands[i].name, n))
			found = found ? &ambiguous : &commands[i];
	}
	return found == &ambiguous ? NULL : found;
}

/*
 * "cmapctl -j show ..." as "cmapctl show -j ...", as ip(8) takes -j: -j and
 * -p before the command go to it, after its name.
 */
static bool global_opts(int argc, char **argv)
{
	char *cmd;
	int n = 0;

	while (1 + n < argc && (!strcmp(argv[1 + n], "-j") ||
				!strcmp(argv[1 + n], "-p")))
		n++;
	if (!n || 1 + n >= argc)
		return n && 1 + n >= argc;	/* options alone: show them */
	cmd = argv[1 + n];
	memmove(&argv[2], &argv[1], (size_t)n * sizeof(*argv));
	argv[1] = cmd;
	return false;
}

int main(int argc, char **argv)
{
	static char *show_default[] = { "show", NULL };
	const struct command *cmd;

	if (argc < 2)
		return cmd_show(1, show_default);
	if (global_opts(argc, argv)) {
		argv[0] = show_default[0];
		return cmd_show(argc, argv);
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return usage_error("unknown command '%s'", argv[1]);
	return cmd->fn(argc - 1, argv + 1);
}
