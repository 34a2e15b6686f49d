#pragma once
// Helpers for building inputs by hand.
#include "geo/area_index.hpp"
#include "geo/geos.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace hotspots::test {

inline std::vector<unsigned char> wkb_from_wkt(const std::string& wkt) {
    geo::GeosContext ctx;
    GEOSWKTReader* r = GEOSWKTReader_create_r(ctx.get());
    geo::GeomPtr g = geo::own(ctx, GEOSWKTReader_read_r(ctx.get(), r, wkt.c_str()));
    GEOSWKTReader_destroy_r(ctx.get(), r);
    if (!g) throw std::runtime_error("bad WKT in test: " + wkt);
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(ctx.get());
    std::size_t n = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(ctx.get(), w, g.get(), &n);
    GEOSWKBWriter_destroy_r(ctx.get(), w);
    std::vector<unsigned char> out(buf, buf + n);
    GEOSFree_r(ctx.get(), buf);
    return out;
}

inline geo::AreaInput area(const std::string& code, const std::string& wkt) {
    return {code, "name of " + code, wkb_from_wkt(wkt), "test feature " + code};
}

// A fresh folder under the system temp folder, removed at the end of the scope.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        m_path = std::filesystem::temp_directory_path() /
                 ("hotspots-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(file(name), std::ios::binary) << text;
        return file(name);
    }

private:
    std::filesystem::path m_path;
};

}  // namespace hotspots::test
