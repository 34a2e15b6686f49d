#include "hotspots/displacement.hpp"

#include <cmath>

namespace hotspots {

Displacement weighted_displacement(const DisplacementCounts& c) {
    Displacement d;
    const double nan = std::nan("");
    if (c.control_before == 0 || c.control_after == 0) {
        d.success = d.buffer = d.wdq = nan;
        d.reading = "the control area has no incident in a period: no measure";
        return d;
    }
    const double ca = static_cast<double>(c.control_after), cb = static_cast<double>(c.control_before);
    d.success = static_cast<double>(c.target_after) / ca - static_cast<double>(c.target_before) / cb;
    d.buffer = static_cast<double>(c.buffer_after) / ca - static_cast<double>(c.buffer_before) / cb;
    // The quotient means something only when the target fell relative to the control.
    d.wdq = d.success < 0 ? d.buffer / d.success : nan;
    if (!(d.success < 0)) d.reading = "no reduction in the target relative to the control: displacement does not arise";
    else if (d.wdq > 1) d.reading = "diffusion of benefit larger than the reduction in the target";
    else if (d.wdq > 0) d.reading = "diffusion of benefit: the buffer fell too";
    else if (d.wdq == 0) d.reading = "no change in the buffer relative to the control";
    else if (d.wdq > -1) d.reading = "some displacement into the buffer, less than the reduction in the target";
    else d.reading = "displacement at least as large as the reduction: no net benefit";
    return d;
}

}  // namespace hotspots
