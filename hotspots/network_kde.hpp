#pragma once
// Kernel density along a street network: lixels (short pieces of the segments) with the
// density at their middles, the bandwidth a walking distance. Three kernels: the simple one
// (a one-dimensional kernel of the shortest network distance) and Okabe and Sugihara's
// equal-split discontinuous and continuous kernels. See docs/streets.md.
#include "hotspots/kernel.hpp"
#include "hotspots/street_segments.hpp"

#include <cstdint>
#include <string_view>
#include <optional>
#include <vector>

namespace hotspots {

enum class NetworkKernel { simple, discontinuous, continuous };
std::optional<NetworkKernel> network_kernel_from_name(std::string_view name);  // simple, discontinuous, continuous

// A piece of a segment, from `from` to `to` metres along it.
struct Lixel {
    std::uint32_t segment = 0;
    double from = 0, to = 0;
};
// Each segment cut into the fewest equal pieces no longer than `length` metres, in segment
// order. Throws std::invalid_argument when length <= 0.
std::vector<Lixel> make_lixels(const std::vector<Segment>& segments, double length);

// The one-dimensional form of a kernel: norm / h * K(d / h), integrating to 1 over the line.
double line_kernel(Kernel k, double d, double h);

// An incident on the network: its segment, metres along it, and its weight.
struct NetworkEvent {
    std::uint32_t segment = 0;
    double along = 0;
    double weight = 1;
};

struct NetworkKdeOptions {
    Kernel kernel = Kernel::quartic;
    NetworkKernel split = NetworkKernel::continuous;
    double bandwidth = 300;  // metres along the network
    // The equal-split kernels follow every walk shorter than the bandwidth; past this many
    // steps for one event the network is too fine for the bandwidth (std::runtime_error).
    std::size_t max_steps = 2000000;
};

// The density (events per metre) at each lixel's middle. Events are taken in order, so the
// result does not depend on threads. Throws std::invalid_argument for a bandwidth <= 0 or an
// event off its segment.
std::vector<double> network_kde(const StreetSegments& s, const std::vector<Lixel>& lixels,
                                const std::vector<NetworkEvent>& events, const NetworkKdeOptions& o);

}  // namespace hotspots
