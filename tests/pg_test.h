/* pg_test.h -- helpers for the Check suites. */
#ifndef PG_TEST_H
#define PG_TEST_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "prognos.h"

/* Directory of test data (tests/data), set by CMake. */
#ifndef PG_TEST_DATA
#define PG_TEST_DATA "tests/data"
#endif

/* Relative comparison |got - want| <= tol * max(1, |want|)... no: relative to |want| when
 * |want| > 1e-300, absolute tol otherwise. NaN == NaN counts as "both NA". Prints %.17g. */
#define pg_ck_rel(got, want, tol)                                                              \
    do {                                                                                       \
        double pg_g_ = (got), pg_w_ = (want), pg_t_ = (tol);                                   \
        if (isnan(pg_w_) || isnan(pg_g_)) {                                                    \
            ck_assert_msg(isnan(pg_w_) && isnan(pg_g_), "%s = %.17g, want %.17g (NA)", #got,   \
                          pg_g_, pg_w_);                                                       \
        } else if (isinf(pg_w_) || isinf(pg_g_)) {                                             \
            ck_assert_msg(pg_g_ == pg_w_, "%s = %.17g, want %.17g", #got, pg_g_, pg_w_);       \
        } else {                                                                               \
            double pg_s_ = fabs(pg_w_) > 1e-300 ? fabs(pg_w_) : 1.0;                           \
            ck_assert_msg(fabs(pg_g_ - pg_w_) <= pg_t_ * pg_s_,                                \
                          "%s = %.17g, want %.17g (rel. diff %.3g > %.3g)", #got, pg_g_,       \
                          pg_w_, fabs(pg_g_ - pg_w_) / pg_s_, pg_t_);                          \
        }                                                                                      \
    } while (0)

/* Absolute comparison, with the same NA rule. */
#define pg_ck_abs(got, want, tol)                                                              \
    do {                                                                                       \
        double pg_g_ = (got), pg_w_ = (want);                                                  \
        if (isnan(pg_w_) || isnan(pg_g_))                                                      \
            ck_assert_msg(isnan(pg_w_) && isnan(pg_g_), "%s = %.17g, want %.17g (NA)", #got,   \
                          pg_g_, pg_w_);                                                       \
        else                                                                                   \
            ck_assert_msg(fabs(pg_g_ - pg_w_) <= (tol), "%s = %.17g, want %.17g", #got, pg_g_, \
                          pg_w_);                                                              \
    } while (0)

/* Run one suite; returns the process exit status. */
static inline int pg_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
