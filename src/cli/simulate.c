/* simulate.c -- placeholder until the 'simulate' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_simulate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos simulate: not available in this build yet\n");
    return 1;
}
