#pragma once
// Large buffers (a million incidents, a density grid) are written once, front to back. Asking
// the kernel for 2 MB pages for them, before they are first touched, turns some 20,000 page
// faults of a million-point run into a few dozen. Only a hint: where transparent huge pages
// are off or not offered, nothing changes.
#include <cstddef>

namespace hotspots {

// Advises huge pages for the whole 2 MB-aligned part of [p, p + bytes); buffers under 8 MB
// are left alone.
void prefer_huge_pages(const void* p, std::size_t bytes);

}  // namespace hotspots
