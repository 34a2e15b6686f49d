#pragma once
// A pack's context layers (context = [...], pack --context; docs/pack.md): checked with the
// rest of the pack before an incident is read, then cut into the folder's context/ for the
// report and the QGIS project's Context group.
#include "io/qgis_project.hpp"
#include "model/grid.hpp"
#include "pack/pack_file.hpp"
#include "report/manifest.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"

#include <string>
#include <vector>

namespace hotspots::pack {

// Every context file exists, opens, has a CRS and (when there are area layers) reaches the
// areas' extent widened by a quarter, io/context_layer's rule, as the report's. Throws
// steps::UsageError (exit 2) naming the key's line, or --context, and the file.
void check_context(const PackFile& pack, const steps::AreaLayers& areas);

// The context layers cut to `extent` (the pack's, in its working CRS) into `temp`/context/,
// their group added at the end of `groups` (the bottom of the project), their entries to the
// manifest's context. `stamp` dates the GeoPackages. Throws io::IoError naming the file.
void write_context(const PackFile& pack, const Box& extent, const std::string& temp, const std::string& stamp,
                   std::vector<io::ProjectGroup>& groups, report::Manifest& m, steps::Log& log);

}  // namespace hotspots::pack
