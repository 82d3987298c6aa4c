/* describe.c -- placeholder until the 'describe' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_describe(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos describe: not available in this build yet\n");
    return 1;
}
