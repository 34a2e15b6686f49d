#include "hotspots/eb.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace hotspots {
namespace {

void check_inputs(const std::vector<double>& cases, const std::vector<double>& population) {
    if (cases.size() != population.size()) throw std::invalid_argument("cases and populations differ in number");
    if (cases.empty()) throw std::invalid_argument("no areas to smooth");
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (!(population[i] > 0))
            throw std::invalid_argument("area " + std::to_string(i + 1) + " has a population of 0 or less (or none)");
        if (!(cases[i] >= 0)) throw std::invalid_argument("area " + std::to_string(i + 1) + " has a negative count");
    }
}

// The shrinkage of a rate r towards the prior mean b with prior variance a (Marshall 1991):
// the weight a / (a + b / x) is the share of the rate's variance that is real variation.
double shrink(double r, double b, double a, double x) {
    if (!(b > 0)) return b;  // a prior mean of 0 holds only areas with no cases
    return b + a * (r - b) / (a + b / x);
}

}  // namespace

EbRates eb_global(const std::vector<double>& cases, const std::vector<double>& population) {
    check_inputs(cases, population);
    const std::size_t m = cases.size();
    EbRates out;
    double nsum = 0, xsum = 0;
    for (std::size_t i = 0; i < m; ++i) {
        nsum += cases[i];
        xsum += population[i];
        out.raw.push_back(cases[i] / population[i]);
    }
    const double b = nsum / xsum;
    double s2 = 0;
    for (std::size_t i = 0; i < m; ++i) s2 += population[i] * (out.raw[i] - b) * (out.raw[i] - b) / xsum;
    const double a = std::max(0.0, s2 - b / (xsum / static_cast<double>(m)));
    for (std::size_t i = 0; i < m; ++i) out.smoothed.push_back(shrink(out.raw[i], b, a, population[i]));
    out.prior_mean.assign(m, b);
    out.prior_variance.assign(m, a);
    return out;
}

EbRates eb_local(const std::vector<double>& cases, const std::vector<double>& population, const Neighbours& w,
                 EbLocalSpread spread) {
    check_inputs(cases, population);
    const std::size_t m = cases.size();
    if (w.size() != m) throw std::invalid_argument("the neighbours and the areas differ in number");
    EbRates out;
    for (std::size_t i = 0; i < m; ++i) out.raw.push_back(cases[i] / population[i]);
    // Each area's neighbourhood (itself first, once) and its pooled rate.
    std::vector<std::vector<std::uint32_t>> around(m);
    std::vector<double> pooled(m), nbar(m), xsum(m);
    for (std::size_t i = 0; i < m; ++i) {
        around[i].assign({static_cast<std::uint32_t>(i)});
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
            if (w.index[k] != i) around[i].push_back(w.index[k]);
        double r = 0;
        for (auto j : around[i]) {
            r += cases[j];
            xsum[i] += population[j];
        }
        pooled[i] = r / xsum[i];
        nbar[i] = xsum[i] / static_cast<double>(around[i].size());
    }
    for (std::size_t i = 0; i < m; ++i) {
        const double mi = pooled[i];
        double c = 0;
        for (auto j : around[i]) {
            const double centre = spread == EbLocalSpread::marshall ? mi : pooled[j];
            c += population[j] * (out.raw[j] - centre) * (out.raw[j] - centre);
        }
        const double a = std::max(0.0, c / xsum[i] - mi / nbar[i]);
        out.smoothed.push_back(shrink(out.raw[i], mi, a, population[i]));
        out.prior_mean.push_back(mi);
        out.prior_variance.push_back(a);
    }
    return out;
}

double eb_moran(const std::vector<double>& cases, const std::vector<double>& population, const Neighbours& w) {
    const EbRates eb = eb_global(cases, population);
    const std::size_t m = cases.size();
    if (w.size() != m) throw std::invalid_argument("the neighbours and the areas differ in number");
    const double b = eb.prior_mean[0], a = eb.prior_variance[0];
    std::vector<double> z(m);
    double mean = 0;
    for (std::size_t i = 0; i < m; ++i) {
        z[i] = (eb.raw[i] - b) / std::sqrt(a + b / population[i]);
        mean += z[i] / static_cast<double>(m);
    }
    double cross = 0, s0 = 0, ss = 0;
    for (std::size_t i = 0; i < m; ++i) {
        ss += (z[i] - mean) * (z[i] - mean);
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
            if (w.index[k] == i) continue;
            cross += w.weight[k] * (z[i] - mean) * (z[w.index[k]] - mean);
            s0 += w.weight[k];
        }
    }
    if (!(s0 > 0) || !(ss > 0)) throw std::invalid_argument("EB Moran's I needs neighbours and rates that differ");
    return static_cast<double>(m) / s0 * cross / ss;
}

}  // namespace hotspots
