#pragma once
// A pack file (TOML, docs/pack.md): the monthly TTCG pack as data. Read and checked whole
// before anything else happens: every key is known (unknown ones get their line and a
// suggestion), every value parses, every step's options are its declared parameters.
#include "report/publish.hpp"
#include "steps/input.hpp"
#include "steps/step.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hotspots::pack {

// One key as written: its values as text (one, or several for an array) and its line.
struct Setting {
    std::string key;
    std::vector<std::string> values;
    int line = 0;
    bool array = false;
};

struct PackInput {
    std::string name;
    std::vector<std::string> files;  // relative to the pack file's folder, resolved
    std::vector<Setting> options;    // the input options (schema, crs, date, ...)
    int line = 0;
};

struct PackTheme {
    std::string name, title, input;
    std::vector<std::string> crime_types;
    std::vector<std::string> where;  // attribute conditions, as --where
    std::string within, harm_weights;
    int line = 0;
};

struct PackStep {
    std::string run, name;
    std::vector<std::string> themes;  // resolved: every theme when the file names none
    std::vector<Setting> options;     // the step's own keys, paths resolved, dates relative
    int line = 0;
    // The step made once per theme (in the order of `themes`) with its keys set: the values
    // were checked as they were set, and are not parsed again.
    std::vector<std::shared_ptr<steps::Step>> made;
};

struct PackFile {
    std::string path;    // as given
    std::string folder;  // relative paths in the file are relative to this
    std::string title;
    int month = -1;             // month number of the pack month; -1: none
    std::string period = "month";  // the default period of steps
    std::string work_crs = "EPSG:27700";
    bool geojson = false;       // also write vector layers as GeoJSON files
    bool shared_scale = true;   // density maps of one theme share one colour scale
    report::PublishParams publish;  // publish = true and its keys (docs/publish.md)
    bool publish_command = false;  // hotspots pack --publish (set before reading)
    int publish_line = 0;          // the first of the publish keys
    std::vector<PackInput> inputs;
    std::vector<std::string> areas;  // --areas specs
    std::vector<int> area_lines;     // their lines
    std::vector<PackTheme> themes;
    std::vector<PackStep> steps;
    // Context layers (context = [...], relative to the pack file, then pack --context): drawn
    // beneath every theme's map in the report and in the QGIS project's Context group.
    std::vector<std::string> context;
    std::vector<int> context_lines;  // each one's line; 0 for --context
};

// Reads and checks the whole file. `month` (from --month) overrides the file's. Throws
// steps::UsageError "FILE line N: ..." for anything wrong in it, io::IoError when it cannot
// be read.
PackFile read_pack(const std::string& path, const std::string& month, bool publish = false);

// "FILE line N: " for messages about a key.
std::string where(const PackFile& pack, int line);

// The top-level, [inputs], [[areas]], [[theme]] and the pack-only [[step]] keys as a
// markdown table, and as a JSON schema (with [[step]] filled in by pack/docs).
std::string pack_keys_markdown();
nlohmann::json pack_file_schema();
// The keys a [[step]] of these parameters accepts, as JSON schema properties.
nlohmann::json step_key_schema(const steps::Params& params);

// Whether a step's parameter may be set in a [[step]] table (its own and filter options;
// inputs, areas, outputs and run options belong elsewhere), and if not, where it belongs.
bool step_key_allowed(const steps::Param& p, std::string& belongs);

}  // namespace hotspots::pack
