/* zph.c -- placeholder until the 'zph' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_zph(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos zph: not available in this build yet\n");
    return 1;
}
