#pragma once
// The options every incident-reading command shares, declared once, and the pipeline they
// drive: read -> rejects -> filter by period and type -> map to areas -> filter --within.
#include "cli/progress.hpp"
#include "hotspots/filter.hpp"
#include "hotspots/mapping.hpp"
#include "io/area_reader.hpp"
#include "io/incident_reader.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::cli {

struct IngestOptions {
    std::vector<std::string> inputs;
    std::string schema = "auto";
    io::ColumnOptions columns;
    std::string crs, work_crs = "EPSG:27700", layer;
    std::string rejects;
    double max_reject_rate = 5.0;  // percent
    std::string from, to;
    std::vector<std::string> crime_types;
    std::string within;
    std::vector<std::string> areas;
    std::string code_field, name_field;  // defaults for --areas layers without code=/name=
    unsigned threads = 0;
    // Set by commands that never use these columns, so they are not read.
    bool need_ids = true, need_location = true, need_lsoa = true, need_type = true;
    bool quiet = false;
    int verbose = 0;
};

// Declares the options on `app`. With `with_areas` the --areas option is offered
// (required when `areas_required`).
void add_ingest_options(CLI::App& app, IngestOptions& o, bool areas_required);

struct Ingested {
    io::ReadResult read;
    std::vector<std::string> inputs;  // expanded file list
    std::vector<io::AreaLayerData> area_sources;
    std::vector<AreaLayer> layers;
    std::vector<std::vector<std::int32_t>> assignment;  // [layer][incident]
    FilterCounts filtered;
    std::uint64_t rows = 0, loaded = 0, rejected = 0;
};

// Validates the options (throws UsageError), then runs the pipeline, reporting as it goes.
// Throws when the reject rate passes --max-reject-rate (after writing --rejects).
Ingested ingest(const IngestOptions& o, Reporter& report);

// "read N rows: L loaded, R rejected (reason: count, ...)"
std::string rows_line(const Ingested& in);

// Parameters, inputs with row counts, period and version, for every output.
nlohmann::json metadata(const std::string& command, const IngestOptions& o, const Ingested& in,
                        const nlohmann::json& extra_parameters);

// The period covered by the incidents, as "first .. last" dates (empty set: "").
std::string period_text(const IncidentSet& set);

}  // namespace hotspots::cli
