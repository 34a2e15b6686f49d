#pragma once
// Numbers inside well-known binary (WKB) and GeoPackage geometry blobs, in either byte order.
// Shared by the Arrow batch reader and the SQLite GeoPackage reader, which parse points in place.

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace hotspots::io::wkb {

inline double read_double(const unsigned char* p, bool little) {
    unsigned char b[8];
    std::memcpy(b, p, 8);
    if (!little) std::reverse(b, b + 8);
    double d;
    std::memcpy(&d, b, 8);
    return d;
}

inline std::uint32_t read_u32(const unsigned char* p, bool little) {
    return little ? std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24
                  : std::uint32_t(p[3]) | std::uint32_t(p[2]) << 8 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[0]) << 24;
}

}  // namespace hotspots::io::wkb
