# Shared start of the command-line tests: sourced with the binary and the source folder as
# $1 and $2. Gives $bin, $src, a temporary folder $tmp (removed on exit) and fail().
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# gpkg_style FILE: the QGIS style a GeoPackage output keeps inside it (layer_styles; no .qml
# is written beside a GeoPackage). Into a file, then grep: grep -q on the pipe would end
# ogrinfo early, and pipefail would call that a failure.
gpkg_style() { ogrinfo -ro -q "$1" -sql "SELECT styleQML FROM layer_styles WHERE useAsDefault" 2> /dev/null; }
# sample_inputs [LINE...]: a pack's [inputs] (the sample's export, British National Grid),
# each LINE added to it (e.g. 'date = "committed_from"'), and the sample's wards as areas
# "ward"; the pack's top-level keys go before it, more [[areas]] may follow it.
sample_inputs() {
  cat << TOML
[inputs]
files = ["$src/sample_data/police_export.csv"]
crs = "EPSG:27700"
TOML
  [ $# -eq 0 ] || printf '%s\n' "$@"
  cat << TOML
[[areas]]
path = "$src/sample_data/areas/wards.geojson"
as = "ward"
TOML
}
# board_pack FILE: a pack of the sample's export and wards for December 2024 with one
# dashboard step over the last 24 months; the step's own lines come on standard input.
board_pack() {
  { echo 'month = "2024-12"'; sample_inputs; cat << TOML
[[theme]]
name = "board"
[[step]]
run = "dashboard"
period = "last 24 months"
TOML
    cat; } > "$1"
}
