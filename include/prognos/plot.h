/* prognos/plot.h -- survival figures through gnuplot (placeholder until the plot module lands). */
#ifndef PROGNOS_PLOT_H
#define PROGNOS_PLOT_H
#endif
