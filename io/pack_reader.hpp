#pragma once
// Reading a pack's output folder back for its report: the manifest, map layers as GeoJSON
// (WGS84, RFC 7946), density rasters as coloured PNG images in WGS84, and CSV tables.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::io {

// FOLDER/manifest.json; throws IoError when there is none (not a pack's folder).
nlohmann::json read_manifest(const std::string& folder);

// FOLDER/RELATIVE, for a path a manifest gives of a file of the pack: a plain relative path
// (names joined by '/': nothing absolute, no '..' or '.', no GDAL virtual path, URL or
// connection string, no ':' or '\\') to a regular file, or to nothing yet, whose real path,
// symbolic links followed, lies inside the folder's. Throws IoError naming `field` (the
// manifest's, as "outputs[3].file") otherwise: a manifest is data from outside, and `hotspots
// report` reads only what a pack wrote into its folder.
std::string pack_member(const std::string& folder, const std::string& relative, const std::string& field);

// A layer of a vector file ("" for its first) as a GeoJSON FeatureCollection in WGS84 (6
// decimals), attributes kept; throws IoError naming the file and layer.
std::string layer_geojson(const std::string& gpkg, const std::string& layer);

// A density raster reprojected to WGS84 and coloured (transparent at 0 and nodata, yellow to
// dark red up to `top`, or the raster's maximum when `top` <= 0), at most `max_side` pixels a
// side: a PNG as base64, and its bounds in degrees.
struct DensityImage {
    std::string png_base64;
    double west = 0, south = 0, east = 0, north = 0, top = 0;
    bool bands = false;  // a published surface: band numbers (docs/publish.md), not densities
};
DensityImage density_image(const std::string& tif, double top, int max_side = 1600);

// A table's rows as text, the header first: a CSV file, or the attributes of a layer of a
// vector file (`layer` "" for its only or first layer); throws IoError naming the file. A CSV
// value that append_csv_field neutralised ('=...) is read back without its '.
std::vector<std::vector<std::string>> read_rows(const std::string& path, const std::string& layer = "");

// The geometries of a layer as WKB in the layer's own CRS, in the order read_rows gives its
// rows (an empty WKB for a feature without one); throws IoError naming the file.
std::vector<std::vector<unsigned char>> read_geometries(const std::string& path, const std::string& layer = "");

}  // namespace hotspots::io
