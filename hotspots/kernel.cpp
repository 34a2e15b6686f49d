#include "hotspots/kernel.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace hotspots {
namespace {

struct KernelInfo {
    Kernel kernel;
    std::string_view name;
};
constexpr std::array<KernelInfo, 6> kernels{{{Kernel::quartic, "quartic"},
                                             {Kernel::triweight, "triweight"},
                                             {Kernel::epanechnikov, "epanechnikov"},
                                             {Kernel::triangular, "triangular"},
                                             {Kernel::uniform, "uniform"},
                                             {Kernel::gaussian, "gaussian"}}};

// The gaussian is cut at 4 standard deviations; the mass beyond is exp(-8).
const double gaussian_kept = 1.0 - std::exp(-8.0);

}  // namespace

std::string_view to_string(Kernel k) {
    for (const auto& i : kernels)
        if (i.kernel == k) return i.name;
    return "?";
}

std::optional<Kernel> kernel_from_name(std::string_view name) {
    for (const auto& i : kernels)
        if (i.name == name) return i.kernel;
    return std::nullopt;
}

std::string kernel_names() {
    std::string s;
    for (const auto& i : kernels) {
        if (!s.empty()) s += '|';
        s += i.name;
    }
    return s;
}

double kernel_profile(Kernel k, double u2) {
    switch (k) {
        case Kernel::quartic: return u2 <= 1 ? (1 - u2) * (1 - u2) : 0;
        case Kernel::triweight: return u2 <= 1 ? (1 - u2) * (1 - u2) * (1 - u2) : 0;
        case Kernel::epanechnikov: return u2 <= 1 ? 1 - u2 : 0;
        case Kernel::triangular: return u2 <= 1 ? 1 - std::sqrt(u2) : 0;
        case Kernel::uniform: return u2 <= 1 ? 1 : 0;
        case Kernel::gaussian: return u2 <= 16 ? std::exp(-0.5 * u2) : 0;
    }
    return 0;
}

double support_factor(Kernel k) { return k == Kernel::gaussian ? 4.0 : 1.0; }

double kernel_norm(Kernel k) {
    using std::numbers::pi;
    // Integral of (1 - r^2)^p over the unit disc is pi / (p + 1); of (1 - r) it is pi / 3;
    // of exp(-r^2 / 2) over the plane it is 2 pi.
    switch (k) {
        case Kernel::quartic: return 3 / pi;
        case Kernel::triweight: return 4 / pi;
        case Kernel::epanechnikov: return 2 / pi;
        case Kernel::triangular: return 3 / pi;
        case Kernel::uniform: return 1 / pi;
        case Kernel::gaussian: return 1 / (2 * pi * gaussian_kept);
    }
    return 0;
}

double kernel_axis_variance(Kernel k) {
    // Half the mean of r^2 under the normalised kernel.
    switch (k) {
        case Kernel::quartic: return 1.0 / 8;
        case Kernel::triweight: return 1.0 / 10;
        case Kernel::epanechnikov: return 1.0 / 6;
        case Kernel::triangular: return 3.0 / 20;
        case Kernel::uniform: return 1.0 / 4;
        case Kernel::gaussian: return 1.0;
    }
    return 1;
}

}  // namespace hotspots
