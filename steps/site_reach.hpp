#pragma once
// site's reach layer (--reach): what each existing and chosen site covers along the streets
// or in view, as a feature table for QGIS and the report. See docs/site.md.
#include "hotspots/site_reach.hpp"
#include "io/feature_writer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::steps {

// One row per site that reaches anything: `rank` (0: an existing site, no rank), `site`,
// `status` (existing or chosen) and `length_m` (lines) or `area_m2` (the corridor seen).
struct ReachRow {
    std::int64_t rank = 0;
    std::string site, status;
    const SiteReach* reach = nullptr;
};
io::FeatureTable reach_table(const std::vector<ReachRow>& rows, bool lines, const std::string& crs);

}  // namespace hotspots::steps
