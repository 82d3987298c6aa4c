# Kaplan-Meier figure -- written by prognos 0.1.0; render with: gnuplot THIS_FILE
# Data are inline (datablocks $name << EOD). To write elsewhere with the same terminal:
#   gnuplot -e "outfile='other'" THIS_FILE
reset
set encoding utf8
set terminal epscairo size 3.3465in,2.2969in enhanced color font 'Helvetica,8' fontscale 0.75 linewidth 4 background rgb 'white'
PS = 1
if (!exists('outfile')) outfile = 'aml.eps'
set output outfile
set border 3 lw 0.8
set tics out nomirror scale 0.6
set style fill solid noborder
unset grid
set clip two

# curve 1: 'x=Maintained'
$km_1 << EOD
0 -0
9 -0
9 0.0953101798
13 0.0953101798
13 0.2006706955
18 0.2006706955
18 0.3342020881
23 0.3342020881
23 0.4883527679
31 0.4883527679
31 0.7114963192
34 0.7114963192
34 0.9991783917
48 0.9991783917
48 1.692325572
161 1.692325572
EOD

# curve 2: 'x=Nonmaintained'
$km_2 << EOD
0 -0
5 -0
5 0.1823215568
8 0.1823215568
8 0.4054651081
12 0.4054651081
12 0.5389965007
23 0.5389965007
23 0.7213180575
27 0.7213180575
27 0.9444616088
30 0.9444616088
30 1.232143681
33 1.232143681
33 1.637608789
43 1.637608789
43 2.33075597
EOD

# layout (screen fractions): both panels share the left and right margins, so the
# table's columns sit exactly under the x ticks
L = 0.110100; R = 0.949399
set multiplot
set lmargin at screen L; set rmargin at screen R
set tmargin at screen 0.956464; set bmargin at screen 0.198332
set xrange [-3.5:178.5]
set yrange [-0.06:3.06]
set xtics (0, 25, 50, 75, 100, 125, 150, 175)
set ytics 0, 1, 3
set format y '%g'
set format x '%g'
set xlabel 'Time' noenhanced
set ylabel 'Cumulative hazard' noenhanced
set key inside top left Left reverse samplen 2 spacing 1.0 noenhanced
plot \
  $km_1 using 1:2 with lines lw 1.5 lc rgb '#0072B2' dt 1 title 'Maintained (n = 11)', \
  $km_2 using 1:2 with lines lw 1.5 lc rgb '#D55E00' dt 1 title 'Nonmaintained (n = 12)', \
  NaN notitle
unset multiplot
unset output
