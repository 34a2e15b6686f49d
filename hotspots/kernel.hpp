#pragma once
// Kernel shapes for density estimation. Each kernel is a profile of u = d / h, scaled so that
// K(0) = 1 ("raw", as QGIS's heatmap), and a constant that turns it into a probability
// density over the plane: density(d) = norm(kernel) / h^2 * K(d / h).
#include <optional>
#include <string>
#include <string_view>

namespace hotspots {

enum class Kernel { quartic, triweight, epanechnikov, triangular, uniform, gaussian };

std::string_view to_string(Kernel k);
std::optional<Kernel> kernel_from_name(std::string_view name);
std::string kernel_names();  // "quartic|triweight|..." for help texts

// The raw profile, as a function of u^2 = (d / h)^2. Zero beyond the support.
double kernel_profile(Kernel k, double u2);

// Distance, in bandwidths, beyond which the kernel is zero: 1, or 4 for the gaussian (whose
// bandwidth is its standard deviation; it is cut at 4 h and rescaled to still integrate to 1).
double support_factor(Kernel k);

// The constant c with integral over the plane of c / h^2 * K(d / h) = 1.
double kernel_norm(Kernel k);

// Variance of one coordinate under the normalised kernel, in units of h^2; used to turn a
// Gaussian-reference bandwidth (standard deviation) into an equivalent bandwidth.
double kernel_axis_variance(Kernel k);

}  // namespace hotspots
