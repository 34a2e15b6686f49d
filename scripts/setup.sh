#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages) and builds hotspots in ./build (Release).
# With arguments, builds only those targets (scripts/run-sample.sh builds the program alone,
# not the tests and benchmarks). --tests also installs what the tests use (locales, for the
# German-locale test; chromium, to load the reports in a real browser; clang and its libFuzzer
# runtime, to build the fuzz targets; python3-scipy, for the attacker of --publish in
# tests/cli/publish_attack.py; R with spdep, dbscan and MASS, the reference implementations the
# statistics are checked against; poppler-utils, to turn the printed report into page images;
# slurm-wlm and munge, for the single-node Slurm of tests/cli/test_slurm.sh; python3-yaml, to
# check the Kubernetes manifests in deploy/);
# --packages-only installs and stops; EXTRA_PACKAGES adds packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config gdal-bin libgdal-dev libsqlite3-dev libgeos-dev libproj-dev libboost-dev catch2 libglpk-dev
          libcli11-dev nlohmann-json3-dev libfmt-dev libtomlplusplus-dev libssl-dev libjs-leaflet libjs-chart.js libre2-dev)
read -r -a extra <<<"${EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")
only_packages=0
targets=()
for a in "$@"; do
  case $a in
    --tests) packages+=(locales chromium clang libclang-rt-14-dev python3-scipy
                         r-base-core r-cran-spdep r-cran-dbscan r-cran-mass poppler-utils
                         slurm-wlm munge python3-yaml) ;;
    --packages-only) only_packages=1 ;;
    *) targets+=(--target "$a") ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

((only_packages)) && exit 0
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHOTSPOTS_UNITY=ON >/dev/null
cmake --build build -j"$(nproc)" "${targets[@]}"
