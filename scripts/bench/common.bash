# common.bash -- what the benchmarks of the commands and of plans (commands.sh, plan.sh) share:
# the checks of what they need, the Release build, the data generator, the machine line, and
# the median of a column. Sourced from the work tree's top after `work` is set.

# bench_setup TARGET...: check /usr/bin/time and R, build TARGETs (Release) and gen_data, print
# the machine and R versions; sets pg to the command.
bench_setup() {
    mkdir -p "$work"
    command -v /usr/bin/time >/dev/null || { echo "bench: install the 'time' package"; exit 2; }
    Rscript -e 'library(data.table); library(survival)' >/dev/null 2>&1 ||
        { echo "bench: needs Rscript with survival and data.table"; exit 2; }
    cmake -S . -B build/bench-build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DPG_BENCH=ON \
        >/dev/null
    cmake --build build/bench-build -j2 --target "$@" >/dev/null
    cc -O2 -o "$work/gen_data" scripts/bench/gen_data.c -lgsl -lgslcblas -lm
    pg=build/bench-build/prognos
    [ -x "$pg" ] || { echo "bench: $pg not built"; exit 2; }
    echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
        sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
    echo "R: $(Rscript -e 'cat(R.version.string, "survival", format(packageVersion("survival")),
        "data.table", format(packageVersion("data.table")), "getDTthreads()", data.table::getDTthreads())' 2>/dev/null)"
}

# bench_data N: the N-row benchmark file (generated once, fixed seed), read into the page cache
# so both sides read it from memory; prints its path.
bench_data() {
    local file="$work/data_$1.csv"
    [ -s "$file" ] || "$work/gen_data" "$1" 20261121 > "$file"
    cat "$file" > /dev/null
    echo "$file"
}

# median FILE COLUMN: the median of a space-separated column
median() {
    cut -d' ' -f"$2" "$1" | sort -g |
        awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
