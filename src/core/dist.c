/* dist.c -- the distribution functions the estimators share (GSL underneath). */
#include "internal.h"

#include <gsl/gsl_cdf.h>

double pg_z_two_sided(double level)
{
    return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
}

double pg_chisq_p(double stat, double df)
{
    if (!(df > 0)) return 1.0;
    if (!(stat > 0)) return 1.0;
    return gsl_cdf_chisq_Q(stat, df);
}
