#!/usr/bin/env bash
# The layers depend one way: model <- geo <- hotspots (algorithms), io <- steps <- report <-
# runner <- pack <- cli. Steps know neither the report nor publishing: they declare products
# with their columns' roles, and report/ decides from those.
# Each folder may include only the folders below it; hotspots/ and geo/ never include GDAL.
# Usage: layering.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 1
status=0
check() {  # check FOLDER "ALLOWED FOLDERS"
  local folder=$1 allowed=$2
  while IFS= read -r line; do
    local inc=${line#*#include \"}
    inc=${inc%%/*}
    case " $allowed " in *" $inc "*) ;; *) echo "FAIL: $line (${folder}/ may include only: $allowed)"; status=1 ;; esac
  done < <(grep -Hn '#include "[a-z_]*/' "$folder"/*.hpp "$folder"/*.cpp)
}
check model "model"
check geo "model geo"
check hotspots "model geo hotspots"
check io "model geo io"
check steps "model geo hotspots io steps"
check report "model geo hotspots io steps report"
check runner "model geo hotspots io steps report runner"
check pack "model geo hotspots io steps report runner pack"
check cli "model geo hotspots io steps report runner pack cli"
if grep -ln '#include <gdal\|#include <ogr\|#include <cpl_' model/* geo/* hotspots/* 2> /dev/null; then
  echo "FAIL: GDAL included outside io/"
  status=1
fi
[ $status -eq 0 ] && echo "ok: every include points down the layers"
exit $status
