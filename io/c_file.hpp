#pragma once
// A C stream that closes itself: the readers' and writers' std::FILE handles.
#include <cstdio>
#include <memory>

namespace hotspots::io {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept {
        if (f) std::fclose(f);
    }
};

}  // namespace hotspots::io
