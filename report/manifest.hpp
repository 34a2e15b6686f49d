#pragma once
// How a set of outputs was made: the manifest a pack writes as manifest.json, and the one a
// single command makes for its --report. Written by the runner and the pack, read by the
// report. Fields a front-end does not have are left out of the JSON (std::optional, or empty).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotspots::report {

struct PackEntry {
    std::string file, sha256, title, month, period, work_crs;
};

struct SourceEntry {  // one incident file of an input
    std::string path, sha256, schema, crs;
    std::uint64_t rows = 0, loaded = 0, rejected = 0;
};

struct InputEntry {
    std::string name;
    std::optional<std::vector<SourceEntry>> files;
    std::uint64_t rows = 0, loaded = 0, rejected = 0;
    std::string rejects_file;
    std::optional<std::uint64_t> removed_in_sensitive_sites;
    // Published in place of the three counts (and each file's) when they would give a hidden
    // step count back (an input holding only its incidents): "x" (the rows may be more than
    // the threshold: other types, other themes' incidents).
    std::string counts_marker;
};

struct AreaEntry {
    std::string label;
    // A pack's layers (copied into its GeoPackage as areas_LABEL).
    std::optional<std::string> spec, code_field, name_field, crs;
    std::optional<std::size_t> features;
    // A command's layers, read from the file given.
    std::optional<std::string> file, layer;
};

struct ThemeEntry {
    std::string name, title;
    std::optional<std::string> input, within, harm_weights;
    std::vector<std::string> crime_types;
};

// A pack's context layer (context = [...]): the file it names, as the other inputs, and the cut
// of it the pack keeps in its folder for the report and the QGIS project (docs/pack.md).
struct ContextEntry {
    std::string file;    // relative to the pack file
    std::string kind;    // "vector" or "raster"
    std::uintmax_t bytes = 0;
    std::string sha256;  // of the file named
    std::string copy;    // relative to the folder: context/NAME.gpkg or .tif
};

struct FilteredOut {
    std::uint64_t before_from = 0, after_to = 0, other_type = 0, outside_within = 0;
};

struct StepEntry {
    std::string name, run, theme;
    std::optional<int> line;  // in the pack file
    nlohmann::json parameters = nlohmann::json::object();
    nlohmann::json incidents;  // a number, or "<N" when publishing hides it
    std::optional<FilteredOut> filtered_out;
    std::optional<double> seconds;
    std::vector<std::string> warnings;
    // Why the step did not run (no incidents in its periods); absent when it ran.
    std::optional<std::string> skipped;
    // The step's result in words, for the report (steps::Step::headline), and the months its
    // products describe when not the filters' (steps::Step::period).
    std::optional<std::string> headline, period;
};

struct OutputEntry {
    std::string file;  // relative to the folder
    // A product: its theme, step and role (a pack's own files have none).
    std::optional<std::string> layer, theme, step, role;
    std::optional<std::size_t> rows;
    std::optional<std::uintmax_t> bytes;
    std::optional<std::string> sha256;
};

struct Seconds {
    double checks = 0, reading = 0, steps = 0, writing = 0, total = 0;
};

struct Manifest {
    std::string generator;
    nlohmann::json versions = nlohmann::json::object();
    std::optional<PackEntry> pack;
    std::optional<std::string> period;  // a command's: "from 2024-01 to 2024-12", "of the data ..."
    std::vector<InputEntry> inputs;
    std::vector<AreaEntry> areas;
    std::vector<ContextEntry> context;  // absent from the JSON when there is none
    std::vector<ThemeEntry> themes;
    std::vector<StepEntry> steps;
    std::vector<OutputEntry> outputs;
    std::optional<nlohmann::json> published;  // the publishing statement
    std::optional<Seconds> seconds;
};

nlohmann::json to_json(const Manifest& m);
// Throws std::runtime_error naming the first field that is not what a manifest holds.
Manifest manifest_from_json(const nlohmann::json& j);

}  // namespace hotspots::report
