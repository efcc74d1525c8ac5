#!/bin/sh
# An embedder's view of `cmake --install` (cmake/packaging.cmake): only installed files.
#
#   install_check.sh install BUILD PREFIX VERSION [tlm]
#       installs BUILD into PREFIX (emptied first) and checks the layout: binaries,
#       headers, libraries with SONAME libNAME.so.0, pkg-config and CMake package files
#       that name no path of the source or build tree, the profiles, `gicsim --version`.
#   install_check.sh pkg-config PREFIX WORK VERSION
#       builds consumer/consumer.c with `pkg-config gicsim-traces` (shared libraries),
#       runs it, and checks that it loaded libgicsim from PREFIX.
#   install_check.sh find-package PREFIX WORK VERSION [tlm]
#       configures consumer/CMakeLists.txt with CMAKE_PREFIX_PATH=PREFIX, builds and runs
#       the C program linked with gicsim::traces and with gicsim::traces_static, or (tlm)
#       the SystemC testbench linked with gicsim::tlm.
#
# Environment: CC, CXX (the build's compilers), GICSIM_CONSUMER_FLAGS (compile and link
# flags for the programs: the sanitizers when the libraries were built with them).
# Each step's output goes to a log in WORK (or beside PREFIX); on failure its tail is
# printed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mode=$1
shift
CC=${CC:-cc}
CXX=${CXX:-c++}
FLAGS=${GICSIM_CONSUMER_FLAGS:-}

fail() {
    echo "install_check: $*" >&2
    exit 1
}
# step LOG COMMAND...: runs COMMAND with its output in LOG; on failure, the tail.
step() {
    log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "install_check: failed: $*" >&2
        echo "---- last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

case $mode in
install)
    build=$1 prefix=$2 version=$3 tlm=${4:-}
    rm -rf "$prefix"
    mkdir -p "$prefix"
    step "$prefix.log" cmake --install "$build" --prefix "$prefix"
    for f in bin/gicsim include/gicsim/gicsim.h include/gicsim/mem.h \
        include/gicsim/sysreg.h include/gicsim/trace.h include/gicsim/traces.h \
        lib/libgicsim.a lib/libgicsim-traces.a lib/pkgconfig/gicsim.pc \
        lib/pkgconfig/gicsim-traces.pc lib/cmake/gicsim/gicsimConfig.cmake \
        lib/cmake/gicsim/gicsimConfigVersion.cmake lib/cmake/gicsim/gicsimTargets.cmake \
        share/gicsim/profiles/gic600.yaml share/gicsim/profiles/ideal.yaml; do
        [ -f "$prefix/$f" ] || fail "not installed: $f"
    done
    libs="gicsim gicsim-traces"
    if [ "$tlm" = tlm ]; then
        libs="$libs gicsim-tlm"
        for f in bin/gicsim-tlm include/gicsim/tlm/gic_module.h include/gicsim/tlm/extensions.h \
            lib/libgicsim-tlm.a lib/pkgconfig/gicsim-tlm.pc lib/cmake/gicsim/gicsimTlmTargets.cmake; do
            [ -f "$prefix/$f" ] || fail "not installed: $f"
        done
    fi
    for l in $libs; do
        so=$prefix/lib/lib$l.so
        [ -f "$so.$version" ] && [ -L "$so.0" ] && [ -L "$so" ] ||
            fail "lib$l.so.$version with links lib$l.so.0 and lib$l.so not installed"
        soname=$(readelf -d "$so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
        [ "$soname" = "lib$l.so.0" ] || fail "lib$l.so: SONAME '$soname', not lib$l.so.0"
    done
    # Nothing installed may point back into the trees it came from.
    src=$(cd "$here/../.." && pwd)
    bld=$(cd "$build" && pwd)
    if grep -rl -e "$src" -e "$bld" "$prefix/lib/pkgconfig" "$prefix/lib/cmake" "$prefix/include"; then
        fail "the files above name the source or build tree"
    fi
    for l in $libs; do
        readelf -d "$prefix/lib/lib$l.so" | grep -E 'R(UN)?PATH' | grep -e "$src" -e "$bld" &&
            fail "lib$l.so keeps a run path into the build tree"
    done
    out=$("$prefix/bin/gicsim" --version) || fail "gicsim --version failed"
    echo "$out" | grep -Eq "^gicsim $version \(git [0-9a-f]{12}(-dirty)?|^gicsim $version \(git unknown\)" ||
        fail "gicsim --version printed '$out'"
    echo "installed into $prefix: $out"
    ;;
pkg-config)
    prefix=$1 work=$2 version=$3
    rm -rf "$work"
    mkdir -p "$work"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    v=$(pkg-config --modversion gicsim-traces) || fail "pkg-config finds no gicsim-traces"
    [ "$v" = "$version" ] || fail "pkg-config says gicsim-traces $v, not $version"
    profiles=$(pkg-config --variable=profilesdir gicsim)
    [ -f "$profiles/gic600.yaml" ] || fail "pkg-config profilesdir '$profiles' has no gic600.yaml"
    cflags=$(pkg-config --cflags gicsim-traces) && libs=$(pkg-config --libs gicsim-traces) ||
        fail "pkg-config --cflags/--libs gicsim-traces"
    libdir=$(pkg-config --variable=libdir gicsim)
    # shellcheck disable=SC2086 # flag lists
    step "$work/build.log" $CC -std=c11 -Wall -Wextra -Werror -pedantic $FLAGS $cflags \
        "$here/consumer/consumer.c" -o "$work/consumer" $libs -Wl,-rpath,"$libdir"
    step "$work/run.log" "$work/consumer" "$version" "$work/out"
    cat "$work/run.log"
    loaded=$(ldd "$work/consumer" | grep 'libgicsim\.so')
    case $loaded in
    *"=> $(cd "$libdir" && pwd -P)/libgicsim.so.0 "* | *"=> $libdir/libgicsim.so.0 "*) ;;
    *) fail "consumer does not load libgicsim.so.0 from $libdir: $loaded" ;;
    esac
    echo "built with: $CC $cflags consumer.c $libs"
    ;;
find-package)
    prefix=$1 work=$2 version=$3 tlm=${4:-}
    rm -rf "$work"
    mkdir -p "$work"
    with_tlm=OFF
    [ "$tlm" = tlm ] && with_tlm=ON
    step "$work/configure.log" cmake -S "$here/consumer" -B "$work/build" \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
        -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DWITH_TLM=$with_tlm \
        -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS"
    found=$(sed -n 's/^gicsim_DIR:PATH=//p' "$work/build/CMakeCache.txt")
    [ "$(cd "$found" && pwd -P)" = "$(cd "$prefix/lib/cmake/gicsim" && pwd -P)" ] ||
        fail "find_package(gicsim) found $found, not the one in $prefix"
    step "$work/build.log" cmake --build "$work/build"
    if [ "$tlm" = tlm ]; then
        step "$work/run.log" "$work/build/consumer_tlm" "$version" "$work/tlm"
        cat "$work/run.log"
        ldd "$work/build/consumer_tlm" | grep -q "libgicsim-tlm\.so\.0 => .*$prefix" ||
            ldd "$work/build/consumer_tlm" | grep -q "libgicsim-tlm\.so\.0 => $(cd "$prefix" && pwd -P)" ||
            fail "consumer_tlm does not load libgicsim-tlm.so.0 from $prefix"
    else
        step "$work/run.log" "$work/build/consumer" "$version" "$work/shared"
        cat "$work/run.log"
        step "$work/run_static.log" "$work/build/consumer_static" "$version" "$work/static"
        cat "$work/run_static.log"
        readelf -d "$work/build/consumer_static" | grep -q 'NEEDED.*libgicsim' &&
            fail "consumer_static needs a libgicsim shared library"
        readelf -d "$work/build/consumer" | grep -q 'NEEDED.*libgicsim-traces\.so\.0' ||
            fail "consumer does not link libgicsim-traces.so.0"
    fi
    echo "built with find_package(gicsim) from $found"
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
