/* prognos.h -- umbrella header of libprognos. */
#ifndef PROGNOS_H
#define PROGNOS_H

#include "prognos/common.h"
#include "prognos/format.h"
#include "prognos/date.h"
#include "prognos/dataset.h"
#include "prognos/frame.h"
#include "prognos/km.h"
#include "prognos/logrank.h"
#include "prognos/cif.h"
#include "prognos/crr.h"
#include "prognos/cox.h"
#include "prognos/zph.h"
#include "prognos/plot.h"
#include "prognos/simulate.h"
#include "prognos/ftable.h"
#include "prognos/labels.h"
#include "prognos/lang.h"
#include "prognos/reconstruct.h"
#include "prognos/meta.h"
#include "prognos/survreg.h"
#include "prognos/sha256.h"
#include "prognos/plan_report.h"
#include "prognos/render.h"
#include "prognos/split.h"
#include "prognos/tmerge.h"
#include "prognos/plan.h"

#endif
