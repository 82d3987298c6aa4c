# forest plot of a Cox model -- written by prognos 0.1.0; render with: gnuplot THIS_FILE
# Data are inline (datablocks $name << EOD). To write elsewhere with the same terminal:
#   gnuplot -e "outfile='other'" THIS_FILE
reset
set encoding utf8
set terminal pngcairo size 1568,553 enhanced font 'Helvetica,8' fontscale 3.125 linewidth 4.16667 background rgb 'white'
# 5.22556 x 1.84444 in at 300 dpi
PS = 4.16667   # point-size unit
if (!exists('outfile')) outfile = 'forest.png'
set output outfile
set border 3 lw 0.8
set tics out nomirror scale 0.6
set style fill solid noborder
unset grid
set clip two

# rows: row, hazard ratio, lower, upper (levels with a ratio)
$hr << EOD
1 1.010853148 0.9925709796 1.029472056
2 0.5793604135 0.4166323581 0.8056467103
5 1.506890137 1.019009309 2.228358332
6 2.467740636 1.578188082 3.858693342
7 7.06069422 0.9383483574 53.12888596
EOD
$ref << EOD
4 1
EOD

set lmargin at screen 0.282330; set rmargin at screen 0.682330
set tmargin at screen 0.951807; set bmargin at screen 0.228916
set logscale x
set xrange [0.3622890071:61.09821885]
set yrange [7.5:-0.5]
set border 1 lw 0.8
unset ytics
set xtics (0.5, 1, 2, 5, 10, 20, 50)
set format x '%g'
set xlabel 'Hazard ratio'
unset key
set bars 0.4
set arrow from 1, 0.5 to 1, 7.5 nohead back lw 0.8 lc rgb '#555555'
set label '{/:Bold Variable}' at screen 0.008505, first 0 left
set label '{/:Bold n}' at screen 0.164491, first 0 right
set label '{/:Bold Events}' at screen 0.261067, first 0 right
set label '{/:Bold HR (95% CI)}' at screen 0.703593, first 0 left
set label '{/:Bold p}' at screen 0.991495, first 0 right
set arrow from screen 0.008505, first 0.5 to screen 0.991495, first 0.5 nohead lw 0.5 lc rgb '#888888'
set label 'age' at screen 0.008505, first 1 left noenhanced
set label '227' at screen 0.164491, first 1 right
set label '164' at screen 0.261067, first 1 right
set label '1.01 (0.99–1.03)' at screen 0.703593, first 1 left
set label '0.25' at screen 0.991495, first 1 right
set label 'sex' at screen 0.008505, first 2 left noenhanced
set label '227' at screen 0.164491, first 2 right
set label '164' at screen 0.261067, first 2 right
set label '0.58 (0.42–0.81)' at screen 0.703593, first 2 left
set label '0.001' at screen 0.991495, first 2 right
set label 'ph.ecog' at screen 0.008505, first 3 left noenhanced
set label '0' at screen 0.029768, first 4 left noenhanced
set label '63' at screen 0.164491, first 4 right
set label '37' at screen 0.261067, first 4 right
set label 'reference' at screen 0.703593, first 4 left
set label '1' at screen 0.029768, first 5 left noenhanced
set label '113' at screen 0.164491, first 5 right
set label '82' at screen 0.261067, first 5 right
set label '1.51 (1.02–2.23)' at screen 0.703593, first 5 left
set label '0.040' at screen 0.991495, first 5 right
set label '2' at screen 0.029768, first 6 left noenhanced
set label '50' at screen 0.164491, first 6 right
set label '44' at screen 0.261067, first 6 right
set label '2.47 (1.58–3.86)' at screen 0.703593, first 6 left
set label '< 0.001' at screen 0.991495, first 6 right
set label '3' at screen 0.029768, first 7 left noenhanced
set label '1' at screen 0.164491, first 7 right
set label '1' at screen 0.261067, first 7 right
set label '7.06 (0.94–53.13)' at screen 0.703593, first 7 left
set label '0.058' at screen 0.991495, first 7 right
plot $hr using 2:1:3:4 with xerrorbars pt 5 ps 0.6*PS lw 1 lc rgb '#0072B2', \
     $ref using 2:1 with points pt 4 ps 0.6*PS lw 1 lc rgb '#555555', \
     NaN notitle
unset output
