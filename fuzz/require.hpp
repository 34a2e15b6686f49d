#pragma once
// A broken invariant stops the fuzz target, so libFuzzer saves the input that broke it.
#include <cstdio>
#include <cstdlib>

namespace hotspots::fuzz {

inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

}  // namespace hotspots::fuzz
