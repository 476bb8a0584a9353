/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands; argv[0] is the command's name. Return: exit status. */
#ifndef CMAP_COMMANDS_H
#define CMAP_COMMANDS_H

int cmd_load(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_flush(int argc, char **argv);
int cmd_charon(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* Prints the usage text to stderr and returns status 1 (2 for check). */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
