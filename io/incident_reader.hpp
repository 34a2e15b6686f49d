#pragma once
// Reading incidents from any GDAL vector source (see docs/input-formats.md).
#include "geo/transformer_pool.hpp"
#include "model/condition.hpp"
#include "model/incident.hpp"
#include "io/input_lonlat.hpp"
#include "io/row_parser.hpp"
#include "io/schema.hpp"
#include "io/text.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotspots::io {

struct ReadOptions {
    SchemaKind schema = SchemaKind::automatic;
    ColumnOptions columns;
    std::string crs;                     // source CRS override ("" = from the source)
    std::string work_crs = "EPSG:27700"; // CRS of the incidents' x, y
    std::string layer;                   // "" = first layer
    unsigned threads = 0;                // 0 = all cores
    // Columns a command has no use for are not read at all (GDAL skips them too).
    bool want_ids = true, want_location = true, want_lsoa = true;
    bool want_type = true;  // without it every incident has crime type "" (unclassified)
    // Keep WGS84 longitude and latitude columns' values as read (ReadResult::lonlat), for an
    // output's lon/lat columns.
    bool want_lonlat = false;
    Encoding encoding = Encoding::automatic;  // of text values (see io/text.hpp)
    // --where conditions: bit k of Incident::flags says whether conditions[k] holds.
    std::vector<Condition> conditions;
    // A plain CSV file larger than this is read in parts, one per thread.
    std::uint64_t split_csv_above = std::uint64_t{32} << 20;
    // Plain CSV files are read without GDAL (io/plain_csv.hpp); false reads all through GDAL.
    bool plain_csv = true;
    // Only incidents inside this box (working CRS, edges included) can matter to the command:
    // a row outside it is checked as every row is (so it is rejected for the same reasons),
    // then left out at once, counted in SourceSummary::outside (and in loaded). Checked before
    // the row's text values are pooled when the source is in the working CRS; after the
    // transformation otherwise. Not for a CSV file whose quotes GDAL misreads (csv_check.hpp):
    // its rows are numbered again after reading, so it is read whole.
    std::optional<Box> extent;
    // Transformers set up ahead (may be null: each reading thread sets up its own).
    geo::TransformerPool* transformers = nullptr;
    // Called now and then from reading threads (serialised): rows so far, files done, files.
    std::function<void(std::uint64_t rows, std::size_t files_done, std::size_t files)> progress;
};

struct SourceDetail {
    std::string schema_notes;  // what was guessed about the columns
    std::string transform;     // the PROJ operation used
    bool plain_csv = false;    // every part read as plain CSV, not through GDAL (io/plain_csv.hpp)
};

struct ReadResult {
    IncidentSet set;  // incidents in file order, then row order
    std::vector<Reject> rejects;
    std::vector<SourceDetail> details;  // one per set.sources
    InputLonLat lonlat;                 // with want_lonlat; else empty
    // Per condition, the values its column holds among the loaded rows and how often (at most
    // `max_values_seen` values each), to say what a condition that matches nothing meant.
    std::vector<std::map<std::string, std::uint64_t>> condition_values;
};
inline constexpr std::size_t max_values_seen = 40;

// Reads every file (in parallel, one file per thread at a time). Throws IoError or
// SchemaError naming the file when a file cannot be opened or understood; rows that cannot
// be loaded become rejects.
ReadResult read_incidents(const std::vector<std::string>& paths, const ReadOptions& options);

}  // namespace hotspots::io
