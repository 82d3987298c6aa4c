# Kaplan-Meier figure -- written by prognos 0.1.0; render with: gnuplot THIS_FILE
# Data are inline (datablocks $name << EOD). To write elsewhere with the same terminal:
#   gnuplot -e "outfile='other'" THIS_FILE
reset
set encoding utf8
set terminal pdfcairo size 3.3465in,3.3865in enhanced color font 'Helvetica,8' fontscale 0.75 linewidth 2 background rgb 'white'
PS = 1
if (!exists('outfile')) outfile = 'aml.pdf'
set output outfile
set border 3 lw 0.8
set tics out nomirror scale 0.6
set style fill solid noborder
unset grid
set clip two

# curve 1: 'x=Maintained'
$km_1 << EOD
0 1
9 1
9 0.9090909091
13 0.9090909091
13 0.8181818182
18 0.8181818182
18 0.7159090909
23 0.7159090909
23 0.6136363636
31 0.6136363636
31 0.4909090909
34 0.4909090909
34 0.3681818182
48 0.3681818182
48 0.1840909091
161 0.1840909091
EOD
$band_1 << EOD
0 1
9 1
9 1
13 1
13 1
18 1
18 1
23 1
23 0.9991576002
31 0.9991576002
31 0.9455849552
34 0.9455849552
34 0.8752606781
48 0.8752606781
48 0.9435257695
161 0.9435257695
161 0.03591789849
48 0.03591789849
48 0.1548771179
34 0.1548771179
34 0.2548599512
31 0.2548599512
31 0.3768670595
23 0.3768670595
23 0.4884262874
18 0.4884262874
18 0.6192489874
13 0.6192489874
13 0.7541338451
9 0.7541338451
9 1
0 1

EOD
$censor_1 << EOD
13 0.8181818182
28 0.6136363636
45 0.3681818182
161 0.1840909091
EOD

# curve 2: 'x=Nonmaintained'
$km_2 << EOD
0 1
5 1
5 0.8333333333
8 0.8333333333
8 0.6666666667
12 0.6666666667
12 0.5833333333
23 0.5833333333
23 0.4861111111
27 0.4861111111
27 0.3888888889
30 0.3888888889
30 0.2916666667
33 0.2916666667
33 0.1944444444
43 0.1944444444
43 0.09722222222
45 0.09722222222
45 0
EOD
$band_2 << EOD
0 1
5 1
5 1
8 1
8 0.9946253603
12 0.9946253603
12 0.9409980122
23 0.9409980122
23 0.8833192253
27 0.8833192253
27 0.8157357157
30 0.8157357157
30 0.7408220185
33 0.7408220185
33 0.6642236599
43 0.6642236599
43 0.6195486291
45 0.6195486291
45 0.01525652717
43 0.01525652717
43 0.05692155257
33 0.05692155257
33 0.1148311502
30 0.1148311502
30 0.1853965261
27 0.1853965261
27 0.2675182489
23 0.2675182489
23 0.3616137052
12 0.3616137052
12 0.4468460812
8 0.4468460812
8 0.647036987
5 0.647036987
5 1
0 1

EOD
$censor_2 << EOD
16 0.5833333333
EOD

# tables under the plot: x tick, row, count (summary(fit, times = ticks))
$risk_1 << EOD
0 2 11
25 2 6
50 2 1
75 2 1
100 2 1
125 2 1
150 2 1
175 2 0
EOD
$risk_2 << EOD
0 3 12
25 3 5
50 3 0
75 3 0
100 3 0
125 3 0
150 3 0
175 3 0
EOD
$events_1 << EOD
0 5 0
25 5 4
50 5 7
75 5 7
100 5 7
125 5 7
150 5 7
175 5 7
EOD
$events_2 << EOD
0 6 0
25 6 6
50 6 11
75 6 11
100 6 11
125 6 11
150 6 11
175 6 11
EOD

# layout (screen fractions): both panels share the left and right margins, so the
# table's columns sit exactly under the x ticks
L = 0.310577; R = 0.949399
set multiplot
set lmargin at screen L; set rmargin at screen R
set tmargin at screen 0.781816; set bmargin at screen 0.390434
set xrange [-3.5:178.5]
set yrange [-0.02:1.02]
set xtics (0, 25, 50, 75, 100, 125, 150, 175)
set ytics 0, 0.25, 1
set format y '%.2f'
set format x '%g'
set xlabel 'Time (weeks)' noenhanced
set ylabel 'Survival probability' noenhanced
set label 'AML: maintenance chemotherapy' at screen 0.5, screen 0.957348 center font ',9' noenhanced
set key at screen 0.013281, screen 0.904852 left top horizontal maxcols 1 Left reverse samplen 2 spacing 1.0 width 1 noenhanced
set arrow from 31, -0.02 to 31, 0.5 nohead back dt 2 lw 0.8 lc rgb '#555555'
set arrow from 23, -0.02 to 23, 0.5 nohead back dt 2 lw 0.8 lc rgb '#555555'
set arrow from -3.5, 0.5 to 31, 0.5 nohead back dt 2 lw 0.8 lc rgb '#555555'
plot \
  $band_1 using 1:2 with filledcurves closed fc rgb '#0072B2' fs transparent solid 0.2 noborder notitle, \
  $band_2 using 1:2 with filledcurves closed fc rgb '#D55E00' fs transparent solid 0.2 noborder notitle, \
  $km_1 using 1:2 with lines lw 1.5 lc rgb '#0072B2' dt 1 title 'Maintained (n = 11)', \
  $km_2 using 1:2 with lines lw 1.5 lc rgb '#D55E00' dt 1 title 'Nonmaintained (n = 12)', \
  $censor_1 using 1:2 with points pt 1 ps 0.9*PS lw 1 lc rgb '#0072B2' notitle, \
  $censor_2 using 1:2 with points pt 1 ps 0.9*PS lw 1 lc rgb '#D55E00' notitle, \
  keyentry with lines lt nodraw title 'Log-rank p = 0.065', \
  NaN notitle

# the tables: same x range and margins, one text row per line
unset arrow; unset label; unset key; unset xlabel; unset ylabel
unset border; unset xtics; unset ytics
set tmargin at screen 0.269039; set bmargin at screen 0.013124
set yrange [6.5:0.5]
set label 'Number at risk' at screen 0.013281, first 1 left noenhanced
set label 'Maintained' at screen 0.013281, first 2 left tc rgb '#0072B2' noenhanced
set label 'Nonmaintained' at screen 0.013281, first 3 left tc rgb '#D55E00' noenhanced
set label 'Cumulative number of events' at screen 0.013281, first 4 left noenhanced
set label 'Maintained' at screen 0.013281, first 5 left tc rgb '#0072B2' noenhanced
set label 'Nonmaintained' at screen 0.013281, first 6 left tc rgb '#D55E00' noenhanced
plot \
  $risk_1 using 1:2:(sprintf('%d', int($3))) with labels tc rgb '#0072B2' notitle, \
  $risk_2 using 1:2:(sprintf('%d', int($3))) with labels tc rgb '#D55E00' notitle, \
  $events_1 using 1:2:(sprintf('%d', int($3))) with labels tc rgb '#0072B2' notitle, \
  $events_2 using 1:2:(sprintf('%d', int($3))) with labels tc rgb '#D55E00' notitle, \
  NaN notitle
unset multiplot
unset output
