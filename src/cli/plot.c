/* plot.c -- placeholder until the 'plot' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_plot(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos plot: not available in this build yet\n");
    return 1;
}
