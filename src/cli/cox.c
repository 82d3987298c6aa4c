/* cox.c -- placeholder until the 'cox' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_cox(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos cox: not available in this build yet\n");
    return 1;
}
