/* gen_csv.c -- write a synthetic case-series CSV for scripts/bench_csv.sh: N rows of 10 columns,
 * 6 numeric (integers, decimals with 1, 2 and 6 places, 0/1) and 4 categorical, about 3% missing
 * in two columns. Deterministic (xorshift). Usage: gen_csv N > file.csv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t s = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    static const char *site[] = {"trunk", "lower limb", "upper limb", "head and neck", "scalp",
                                 "back", "thigh", "forearm", "abdomen", "buttock"};
    static const char *necrosis[] = {"none", "<50%", ">=50%"};
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("id,age,size_cm,months,status,marker,grade,sex,site,necrosis\n");
    for (long i = 1; i <= n; i++) {
        uint64_t r = next(), q = next();
        int age = 20 + (int)(r % 70);
        double size = (double)(5 + (r >> 8) % 250) / 10;
        double months = (double)((r >> 16) % 18000) / 100;
        int status = (int)((r >> 32) & 1);
        double marker = (double)(q % 100000000) / 1e6;
        printf("%ld,%d,", i, age);
        if ((q >> 40) % 32 == 0) printf("NA,");
        else printf("%.1f,", size);
        printf("%.2f,%d,", months, status);
        if ((q >> 45) % 32 == 0) printf(",");
        else printf("%.6f,", marker);
        printf("G%d,%s,\"%s\",%s\n", 1 + (int)((r >> 40) % 3), (r >> 44) & 1 ? "F" : "M",
               site[(r >> 48) % 10], necrosis[(q >> 50) % 3]);
    }
    return ferror(stdout) ? 1 : 0;
}
