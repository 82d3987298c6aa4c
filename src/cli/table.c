/* table.c -- placeholder until the 'table' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_table(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos table: not available in this build yet\n");
    return 1;
}
