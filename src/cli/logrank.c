/* logrank.c -- placeholder until the 'logrank' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_logrank(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos logrank: not available in this build yet\n");
    return 1;
}
