# Kaplan-Meier figure -- written by prognos 0.1.0; render with: gnuplot THIS_FILE
# Data are inline (datablocks $name << EOD). To write elsewhere with the same terminal:
#   gnuplot -e "outfile='other'" THIS_FILE
reset
set encoding utf8
set terminal svg size 576,384 enhanced font 'Arial,10' fontscale 1.333333 linewidth 1.333333 background rgb 'white'
PS = 1.333333
if (!exists('outfile')) outfile = 'aml.svg'
set output outfile
set border 3 lw 0.8
set tics out nomirror scale 0.6
set style fill solid noborder
unset grid
set clip two

# curve 1: 'x=Maintained'
$km_1 << EOD
0 0
9 0
9 9.090909091
13 9.090909091
13 18.18181818
18 18.18181818
18 28.40909091
23 28.40909091
23 38.63636364
31 38.63636364
31 50.90909091
34 50.90909091
34 63.18181818
48 63.18181818
48 81.59090909
161 81.59090909
EOD
$band_1 << EOD
0 0
9 0
9 24.58661549
13 24.58661549
13 38.07510126
18 38.07510126
18 51.15737126
23 51.15737126
23 62.31329405
31 62.31329405
31 74.51400488
34 74.51400488
34 84.51228821
48 84.51228821
48 96.40821015
161 96.40821015
161 5.647423053
48 5.647423053
48 12.47393219
34 12.47393219
34 5.44150448
31 5.44150448
31 0.08423997715
23 0.08423997715
23 0
18 0
18 0
13 0
13 0
9 0
9 0
0 0

EOD
$censor_1 << EOD
13 18.18181818
28 38.63636364
45 63.18181818
161 81.59090909
EOD

# curve 2: 'x=Nonmaintained'
$km_2 << EOD
0 0
5 0
5 16.66666667
8 16.66666667
8 33.33333333
12 33.33333333
12 41.66666667
23 41.66666667
23 51.38888889
27 51.38888889
27 61.11111111
30 61.11111111
30 70.83333333
33 70.83333333
33 80.55555556
43 80.55555556
43 90.27777778
45 90.27777778
45 100
EOD
$band_2 << EOD
0 0
5 0
5 35.2963013
8 35.2963013
8 55.31539188
12 55.31539188
12 63.83862948
23 63.83862948
23 73.24817511
27 73.24817511
27 81.46034739
30 81.46034739
30 88.51688498
33 88.51688498
33 94.30784474
43 94.30784474
43 98.47434728
45 98.47434728
45 38.04513709
43 38.04513709
43 33.57763401
33 33.57763401
33 25.91779815
30 25.91779815
30 18.42642843
27 18.42642843
27 11.66807747
23 11.66807747
23 5.900198783
12 5.900198783
12 0.5374639741
8 0.5374639741
8 0
5 0
5 0
0 0

EOD
$censor_2 << EOD
16 41.66666667
EOD

# layout (screen fractions): both panels share the left and right margins, so the
# table's columns sit exactly under the x ticks
L = 0.126921; R = 0.964722
set multiplot
set lmargin at screen L; set rmargin at screen R
set tmargin at screen 0.911458; set bmargin at screen 0.142361
set xrange [-3.5:178.5]
set yrange [-2:102]
set xtics (0, 25, 50, 75, 100, 125, 150, 175)
set ytics 0, 25, 100
set format y '%g%%'
set format x '%g'
set xlabel 'Time' noenhanced
set ylabel 'Cumulative incidence' noenhanced
set key at screen 0.009259, screen 0.961806 left top horizontal maxcols 2 Left reverse samplen 4 spacing 1.0 width 1 noenhanced
plot \
  $band_1 using 1:2 with filledcurves closed fc rgb '#000000' fs transparent solid 0.12 noborder notitle, \
  $band_2 using 1:2 with filledcurves closed fc rgb '#000000' fs transparent solid 0.12 noborder notitle, \
  $km_1 using 1:2 with lines lw 1.5 lc rgb '#000000' dt 1 title 'Maintained (n = 11)', \
  $km_2 using 1:2 with lines lw 1.5 lc rgb '#000000' dt (8,4) title 'Nonmaintained (n = 12)', \
  $censor_1 using 1:2 with points pt 1 ps 0.9*PS lw 1 lc rgb '#000000' notitle, \
  $censor_2 using 1:2 with points pt 1 ps 0.9*PS lw 1 lc rgb '#000000' notitle, \
  NaN notitle
unset multiplot
unset output
