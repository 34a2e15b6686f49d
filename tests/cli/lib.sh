# Shared start of the command-line tests: sourced with the binary and the source folder as
# $1 and $2. Gives $bin, $src, a temporary folder $tmp (removed on exit) and fail().
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
