/* km.c -- placeholder until the 'km' command lands; replaced wholesale by its module. */
#include <stdio.h>

#include "commands.h"

int cmd_km(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "prognos km: not available in this build yet\n");
    return 1;
}
