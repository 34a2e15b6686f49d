#include "io/raster_writer.hpp"

#include "model/parallel.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <cpl_string.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace hotspots::io {
namespace {

void fill(GDALDatasetH ds, const RasterOutput& out, const std::string& path) {
    const Grid& g = *out.grid;
    double transform[6] = {g.xmin, g.cell, 0, g.ymax, 0, -g.cell};
    GDALSetGeoTransform(ds, transform);
    // A ready spatial reference: setting one from WKT would parse it again (milliseconds).
    const auto srs = out.srs ? out.srs : make_srs(out.crs);
    if (srs) GDALSetSpatialRef(ds, static_cast<OGRSpatialReferenceH>(srs.get()));
    GDALSetMetadataItem(ds, "hotspots", out.metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str(), nullptr);
    const std::size_t count = std::max<std::size_t>(out.bands.size(), 1);
    for (std::size_t b = 0; b < count; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(ds, static_cast<int>(b + 1));
        GDALSetRasterNoDataValue(band, raster_nodata);
        GDALSetDescription(band, out.bands.empty() ? out.description.c_str() : out.bands[b].c_str());
        // Converted to Float32 a row of tiles (256 rows) at a time, in one reused buffer.
        const std::size_t rows_per_block = 256;
        std::vector<float> buffer;
        for (std::size_t r0 = 0; r0 < g.rows; r0 += rows_per_block) {
            const std::size_t n = std::min(rows_per_block, g.rows - r0);
            buffer.resize(n * g.cols);
            const double* src = out.values->data() + b * g.cells() + r0 * g.cols;
            parallel_chunks(buffer.size(), out.threads, [&](std::size_t i0, std::size_t i1, unsigned) {
                for (std::size_t i = i0; i < i1; ++i)
                    buffer[i] = std::isnan(src[i]) ? static_cast<float>(raster_nodata) : static_cast<float>(src[i]);
            });
            if (GDALRasterIO(band, GF_Write, 0, static_cast<int>(r0), static_cast<int>(g.cols), static_cast<int>(n),
                             buffer.data(), static_cast<int>(g.cols), static_cast<int>(n), GDT_Float32, 0, 0) != CE_None)
                throw IoError(path + ": write failed (" + last_gdal_error() + ")");
        }
    }
}

}  // namespace

std::shared_ptr<void> make_srs(const std::string& crs) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    if (OSRSetFromUserInput(srs, crs.c_str()) != OGRERR_NONE) {
        OSRRelease(srs);
        return nullptr;
    }
    return std::shared_ptr<void>(srs, [](void* p) { OSRRelease(static_cast<OGRSpatialReferenceH>(p)); });
}

void check_raster_path(const std::string& path) {
    const std::string ext = lower_case(std::filesystem::path(path).extension().string());
    if (ext != ".tif" && ext != ".tiff") throw IoError(path + ": the density raster is written as GeoTIFF; name it .tif");
}

void write_geotiff(const std::string& path, const RasterOutput& out, const std::vector<std::string>& inputs) {
    check_raster_path(path);
    AtomicOutput file(path, inputs);
    write_geotiff_in_place(file.temp_path(), out, path);
    file.commit();
}

void write_geotiff_in_place(const std::string& target, const RasterOutput& out, const std::string& path) {
    ensure_gdal();
    const Grid& g = *out.grid;
    if (g.cols > 2147483647u || g.rows > 2147483647u) throw IoError(path + ": grid too large for GeoTIFF");
    const std::string threads = out.threads ? std::to_string(out.threads) : "ALL_CPUS";
    const int band_count = static_cast<int>(std::max<std::size_t>(out.bands.size(), 1));
    StringList opts;
    // GDAL's errors are captured quietly (ensure_gdal): a failed write (a full disk) shows only
    // as the last error, after the flush and the close; nothing is committed unless both passed.
    CPLErrorReset();
    if (!out.cog) {
        for (const char* o : {"COMPRESS=DEFLATE", "ZLEVEL=1", "PREDICTOR=3", "TILED=YES", "BIGTIFF=IF_SAFER"}) opts.add(o);
        opts.add("NUM_THREADS=" + threads);
        DatasetPtr ds(GDALCreate(GDALGetDriverByName("GTiff"), target.c_str(), static_cast<int>(g.cols),
                                 static_cast<int>(g.rows), band_count, GDT_Float32, opts.get()));
        if (!ds) throw IoError(path + ": cannot create (" + last_gdal_error() + ")");
        fill(ds.get(), out, path);
        GDALFlushCache(ds.get());
        GDALClose(ds.release());
    } else {
        // The COG driver only copies: build the raster in memory, then copy it out.
        DatasetPtr mem(GDALCreate(GDALGetDriverByName("MEM"), "", static_cast<int>(g.cols), static_cast<int>(g.rows), band_count,
                                  GDT_Float32, nullptr));
        if (!mem) throw IoError(path + ": cannot create in memory (" + last_gdal_error() + ")");
        fill(mem.get(), out, path);
        for (const char* o : {"COMPRESS=DEFLATE", "LEVEL=1", "PREDICTOR=YES", "BIGTIFF=IF_SAFER", "OVERVIEW_RESAMPLING=AVERAGE"}) opts.add(o);
        opts.add("NUM_THREADS=" + threads);
        // A tile is one block when it fits in one: the driver's 512 x 512 block would make a
        // small tile (25 x 25 cells) deflate 400 times its cells, padding included.
        const std::size_t side = std::max<std::size_t>(g.cols, g.rows);
        opts.add("BLOCKSIZE=" + std::to_string(std::min<std::size_t>(512, (side + 15) / 16 * 16)));
        DatasetPtr ds(GDALCreateCopy(GDALGetDriverByName("COG"), target.c_str(), mem.get(), FALSE, opts.get(),
                                     nullptr, nullptr));
        if (!ds) throw IoError(path + ": cannot write a Cloud Optimized GeoTIFF (" + last_gdal_error() + ")");
        GDALClose(ds.release());
    }
    if (CPLGetLastErrorType() >= CE_Failure) throw IoError(path + ": write failed (" + last_gdal_error() + ")");
}

}  // namespace hotspots::io
