// libFuzzer target: a pack file's text, parsed and checked (TOML, keys, periods, steps'
// options). Any error must be a message (std::runtime_error), never a crash.
#include "pack/pack_file.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace hotspots;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The pack reader takes a path (relative paths in it are resolved from its folder).
    static const std::string path = "/tmp/hotspots-fuzz-pack-" + std::to_string(getpid()) + ".toml";
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
    try {
        (void)pack::read_pack(path, "");
    } catch (const std::runtime_error&) {
    }
    return 0;
}
