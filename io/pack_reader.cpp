#include "io/pack_reader.hpp"

#include "io/gdal_util.hpp"
#include "io/palette.hpp"
#include "io/source_check.hpp"
#include "io/table_writer.hpp"
#include "io/text.hpp"
#include "io/text_file.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_utils.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

namespace hotspots::io {
namespace fs = std::filesystem;
namespace {

// Yellow, orange, red, dark red: a sequential ramp for density.
std::array<unsigned char, 4> colour(double v) {
    // The density ramp of every map (io/palette).
    static const auto stops = [] {
        std::array<std::array<double, 3>, 5> out{};
        for (std::size_t k = 0; k < 5; ++k)
            for (std::size_t i = 0; i < 3; ++i)
                out[k][i] = static_cast<double>(std::strtol(palette::density[k].substr(1 + 2 * i, 2).c_str(), nullptr, 16));
        return out;
    }();
    v = std::clamp(v, 0.0, 1.0) * 4;
    const int k = std::min(3, static_cast<int>(v));
    const double f = v - k;
    std::array<unsigned char, 4> c{};
    const auto at = static_cast<std::size_t>(k);
    for (std::size_t i = 0; i < 3; ++i) c[i] = static_cast<unsigned char>(std::lround(stops[at][i] + f * (stops[at + 1][i] - stops[at][i])));
    // The lowest values fade out, so that the surface shows where crime concentrates rather
    // than a haze over every street with an incident.
    c[3] = static_cast<unsigned char>(std::lround(210 * std::clamp((v / 4 - 0.01) / 0.07, 0.0, 1.0)));
    return c;
}

}  // namespace

nlohmann::json read_manifest(const std::string& folder) {
    const std::string path = (fs::path(folder) / "manifest.json").string();
    if (!fs::exists(path)) throw IoError(folder + ": no manifest.json; give the folder a pack wrote (hotspots pack ... -o FOLDER)");
    try {
        return nlohmann::json::parse(read_text(path));
    } catch (const nlohmann::json::exception& e) {
        throw IoError(path + ": not a pack manifest (" + e.what() + ")");
    }
}

std::string pack_member(const std::string& folder, const std::string& relative, const std::string& field) {
    const std::string manifest = (fs::path(folder) / "manifest.json").string();
    const auto refuse = [&](const std::string& why) {
        return IoError(fmt::format("{}: {} \"{}\" {}; hotspots report reads only the files a pack wrote inside its folder: "
                                   "make the pack again (hotspots pack ... -o FOLDER), or correct {} in the manifest",
                                   manifest, field, relative, why, field));
    };
    if (relative.empty()) throw refuse("is empty");
    if (lower_case(relative).starts_with("/vsi")) throw refuse("is a GDAL virtual path, which may read the network or an archive");
    if (relative.find("://") != std::string::npos) throw refuse("is a URL");
    if (relative.front() == '/') throw refuse("is an absolute path");
    for (char c : relative)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) throw refuse("holds a control character");
    if (relative.find(':') != std::string::npos) throw refuse("holds ':' (a GDAL connection string, URL or drive)");
    if (relative.find('\\') != std::string::npos) throw refuse("holds '\\' (not a plain path)");
    for (std::size_t from = 0; from <= relative.size();) {
        const auto to = std::min(relative.find('/', from), relative.size());
        const std::string part = relative.substr(from, to - from);
        if (part == "..") throw refuse("climbs out of the folder (..)");
        if (part.empty() || part == ".") throw refuse("is not a plain path (an empty or '.' part)");
        from = to + 1;
    }
    const fs::path full = fs::path(folder) / relative;
    std::error_code ec;
    const fs::path root = fs::canonical(folder, ec);
    if (ec) throw IoError(folder + ": cannot read (" + ec.message() + ")");
    const fs::path real = fs::weakly_canonical(full, ec);
    if (ec) throw refuse("cannot be resolved (" + ec.message() + ")");
    const auto rel = real.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..") throw refuse("leads out of the folder through a symbolic link (to " + real.string() + ")");
    if (fs::exists(real, ec) && !fs::is_regular_file(real, ec)) throw refuse("is not a regular file");
    return full.string();
}

std::string layer_geojson(const std::string& gpkg, const std::string& layer) {
    // Opened as its extension says only (a .gpkg holding a VRT does not lead elsewhere), and
    // a local file unless --allow-remote (open_vector).
    auto src = open_vector(gpkg);
    const std::string name_of = layer.empty() ? OGR_L_GetName(pick_layer(src.get(), gpkg, "")) : layer;
    return layer_as_geojson(src.get(), name_of, {}, gpkg);
}

DensityImage density_image(const std::string& tif, double top, int max_side) {
    ensure_gdal();
    if (is_remote_path(tif) && !remote_sources_allowed())
        throw IoError(tif + ": is not a local file; hotspots reads local files only (or give --allow-remote)");
    // A GeoTIFF only: a .tif holding a VRT does not lead elsewhere.
    const char* const drivers[] = {"GTiff", nullptr};
    DatasetPtr src(GDALOpenEx(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    if (!src) throw IoError(tif + ": cannot open (" + last_gdal_error() + ")");
    const int w = GDALGetRasterXSize(src.get()), h = GDALGetRasterYSize(src.get());
    const double scale = std::min(1.0, static_cast<double>(max_side) / std::max(w, h));
    // Band numbers are classes: never averaged into values between them.
    const bool bands = std::string(GDALGetDescription(GDALGetRasterBand(src.get(), 1))).starts_with("density band");
    StringList args({"-t_srs", "EPSG:4326", "-r", scale < 1 && !bands ? "average" : "near", "-of", "MEM", "-dstnodata", "-9999", "-ts",
               std::to_string(std::max(1, static_cast<int>(w * scale))), "0"});
    GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(args.get(), nullptr);
    GDALDatasetH s = src.get();
    int error = 0;
    DatasetPtr warped(GDALWarp("", nullptr, 1, &s, opts, &error));
    GDALWarpAppOptionsFree(opts);
    if (!warped || error) throw IoError(tif + ": cannot reproject to WGS84 (" + last_gdal_error() + ")");
    const int ww = GDALGetRasterXSize(warped.get()), wh = GDALGetRasterYSize(warped.get());
    std::vector<float> v(static_cast<std::size_t>(ww) * static_cast<std::size_t>(wh));
    GDALRasterBandH band = GDALGetRasterBand(warped.get(), 1);
    if (GDALRasterIO(band, GF_Read, 0, 0, ww, wh, v.data(), ww, wh, GDT_Float32, 0, 0) != CE_None)
        throw IoError(tif + ": cannot read (" + last_gdal_error() + ")");
    DensityImage img;
    img.bands = bands;
    if (!(top > 0) || bands)
        for (float x : v)
            if (std::isfinite(x) && x > img.top) img.top = x;
    if (top > 0 && !bands) img.top = top;  // bands are coloured by their number: 1 to the highest
    std::vector<unsigned char> rgba(v.size() * 4, 0);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i]) || v[i] <= 0 || v[i] == -9999.0f || !(img.top > 0)) continue;
        const auto c = colour(v[i] / img.top);
        std::copy(c.begin(), c.end(), rgba.begin() + static_cast<std::ptrdiff_t>(4 * i));
    }
    DatasetPtr mem(GDALCreate(GDALGetDriverByName("MEM"), "", ww, wh, 4, GDT_Byte, nullptr));
    for (int b = 0; b < 4; ++b) {
        std::vector<unsigned char> plane(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) plane[i] = rgba[4 * i + static_cast<std::size_t>(b)];
        if (GDALRasterIO(GDALGetRasterBand(mem.get(), b + 1), GF_Write, 0, 0, ww, wh, plane.data(), ww, wh, GDT_Byte, 0, 0) != CE_None)
            throw IoError(tif + ": cannot colour (" + last_gdal_error() + ")");
    }
    img.png_base64 = png_base64(mem.get(), tif);
    double gt[6];
    GDALGetGeoTransform(warped.get(), gt);
    img.west = gt[0];
    img.north = gt[3];
    img.east = gt[0] + gt[1] * ww;
    img.south = gt[3] + gt[5] * wh;
    return img;
}

std::vector<std::vector<std::string>> read_rows(const std::string& path, const std::string& layer_name) {
    auto ds = open_vector(path);
    OGRLayerH layer = pick_layer(ds.get(), path, layer_name);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::vector<std::string>> rows(1);
    const int n = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < n; ++i) rows[0].emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    // Our CSV files write text a spreadsheet would run with a leading ' (append_csv_field):
    // read back as the name it was, as the same table's layer holds it.
    const bool csv = lower_case(path).ends_with(".csv");
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto& row = rows.emplace_back();
        for (int i = 0; i < n; ++i) {
            std::string v = OGR_F_GetFieldAsString(static_cast<OGRFeatureH>(fp.get()), i);
            if (csv && v.size() > 1 && v[0] == '\'' && formula_like(std::string_view(v).substr(1))) v.erase(0, 1);
            row.push_back(std::move(v));
        }
    }
    return rows;
}

std::vector<std::vector<unsigned char>> read_geometries(const std::string& path, const std::string& layer_name) {
    auto ds = open_vector(path);
    OGRLayerH layer = pick_layer(ds.get(), path, layer_name);
    std::vector<std::vector<unsigned char>> out;
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto& wkb = out.emplace_back();
        OGRGeometryH g = OGR_F_GetGeometryRef(static_cast<OGRFeatureH>(fp.get()));
        if (!g) continue;
        wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
        if (OGR_G_ExportToIsoWkb(g, wkbNDR, wkb.data()) != OGRERR_NONE)
            throw IoError(fmt::format("{}: layer {}: feature {}: cannot read its geometry", path, layer_name, out.size()));
    }
    return out;
}

}  // namespace hotspots::io
