// hotspots: crime and anti-social-behaviour hotspot analysis.
// Exit codes (docs/commands.md): 0 success, 1 processing error (the data or a file), 2 bad
// command line or pack file. One catch, in cli::run; everything below throws.
#include "cli/app.hpp"
#include "io/cleanup.hpp"

#include <malloc.h>

int main(int argc, char** argv) {
    using namespace hotspots;
    // Before any thread starts: an interrupt removes the temporary outputs, then exits.
    io::remove_temporaries_on_signal();
    // A run is one pass through large buffers that come and go (GDAL's batches and blocks,
    // our sort and band buffers). Kept in the heap and reused, instead of mapped fresh from
    // the kernel and zeroed page by page each time: a sixth fewer page faults in a
    // million-point kde. (32 MB is the largest threshold glibc accepts.)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return cli::run(argc, argv);
}
