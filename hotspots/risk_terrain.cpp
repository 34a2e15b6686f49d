#include "hotspots/risk_terrain.hpp"

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {

std::string Operationalisation::label() const {
    return density ? fmt::format("dense within {:g} m", distance) : fmt::format("within {:g} m", distance);
}

std::vector<Operationalisation> operationalise(const RiskFactor& f, std::size_t index, const std::vector<XY>& cells,
                                               const std::vector<double>& distances) {
    std::vector<Operationalisation> out;
    const auto within = features_within(f, cells, distances);
    for (std::size_t k = 0; k < distances.size(); ++k) {
        const double d = distances[k];
        const std::vector<double>& near = within[k];
        Operationalisation prox{index, false, d, std::vector<double>(cells.size())};
        for (std::size_t c = 0; c < cells.size(); ++c) prox.column[c] = near[c] > 0 ? 1 : 0;
        out.push_back(std::move(prox));
        // Density: the count within d (a uniform kernel) above the cells' mean + 2 SD, the RTM
        // convention for "significantly dense".
        double mean = 0, sq = 0;
        for (double v : near) mean += v;
        mean /= double(cells.size());
        for (double v : near) sq += (v - mean) * (v - mean);
        const double cut = mean + 2 * std::sqrt(sq / double(cells.size()));
        Operationalisation dense{index, true, d, std::vector<double>(cells.size())};
        for (std::size_t c = 0; c < cells.size(); ++c) dense.column[c] = near[c] > cut ? 1 : 0;
        out.push_back(std::move(dense));
    }
    return out;
}

double wald_p(double coef, double se) {
    if (!(se > 0)) return 1;
    return 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(coef / se)));
}

std::pair<double, double> relative_risk_interval(double coef, double se, double confidence) {
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2);
    return {std::exp(coef - z * se), std::exp(coef + z * se)};
}

namespace {

Design design_of(const std::vector<const Operationalisation*>& ops, std::size_t cells) {
    Design d;
    d.rows = cells;
    d.cols = ops.size() + 1;
    d.x.reserve(d.rows * d.cols);
    for (std::size_t c = 0; c < cells; ++c) {
        d.x.push_back(1);
        for (const auto* o : ops) d.x.push_back(o->column[c]);
    }
    return d;
}

bool constant(const std::vector<double>& v) {
    for (double x : v)
        if (x != v.front()) return false;
    return true;
}

// The family decided once, on the full model: negative binomial when theta converges and its
// BIC is lower. Throws what the fits throw.
struct Fitter {
    const std::vector<double>& y;
    bool nb = false;
    GlmFit operator()(const std::vector<const Operationalisation*>& ops) const {
        const Design d = design_of(ops, y.size());
        return nb ? fit_negative_binomial(d, y) : fit_poisson(d, y);
    }
};

}  // namespace

RiskModel fit_risk_terrain(const std::vector<XY>& cells, const std::vector<double>& counts,
                           const std::vector<RiskFactor>& factors, const RiskOptions& options) {
    if (cells.size() != counts.size()) throw std::invalid_argument("risk terrain: not one count per cell");
    if (!(options.confidence > 0 && options.confidence < 1)) throw std::invalid_argument("risk terrain: confidence outside (0, 1)");
    RiskModel model;
    Fitter fit{counts, false};
    // (1) Each factor's best measure alone, by BIC (Poisson: the family is chosen on the full model).
    std::vector<std::vector<Operationalisation>> all;
    std::vector<const Operationalisation*> chosen;
    for (std::size_t f = 0; f < factors.size(); ++f) {
        all.push_back(operationalise(factors[f], f, cells, options.distances));
    }
    for (std::size_t f = 0; f < factors.size(); ++f) {
        const Operationalisation* best = nullptr;
        RiskCandidate cand;
        cand.factor = factors[f].name;
        double best_bic = std::numeric_limits<double>::infinity();
        for (const auto& o : all[f]) {
            if (constant(o.column)) continue;
            GlmFit alone;
            try {
                alone = fit({&o});
            } catch (const std::runtime_error&) {
                continue;  // all but a cell or two the same: nothing to tell apart
            }
            if (alone.bic < best_bic) {
                best_bic = alone.bic, best = &o;
                cand.coef = alone.coef[1], cand.se = alone.se[1], cand.bic = alone.bic;
            }
        }
        if (best) {
            cand.measurable = true;
            cand.op = *best;
            // A measure that repeats the earlier ones (the same cells, or a sum of theirs) makes X'WX
            // singular for every model holding both: left out, said why.
            auto with = chosen;
            with.push_back(best);
            try {
                fit(with);
                chosen.push_back(best);
            } catch (const std::runtime_error&) {
                cand.note = "its measure is collinear with the earlier factors' (the same cells)";
                model.dropped.push_back(factors[f].name + ": " + cand.note);
            }
        } else {
            cand.note = "the same in every cell at every distance";
            model.dropped.push_back(factors[f].name + ": " + cand.note);
        }
        model.candidates.push_back(std::move(cand));
    }
    if (options.family == RiskFamily::negative_binomial) {
        fit.nb = true;
    } else if (options.family == RiskFamily::automatic) {
        try {
            const Design d = design_of(chosen, counts.size());
            fit.nb = fit_negative_binomial(d, counts).bic < fit_poisson(d, counts).bic;
        } catch (const std::runtime_error&) {
            fit.nb = false;  // no overdispersion: Poisson
        }
    }
    // (2) Backward elimination by BIC; (3) protective factors out.
    GlmFit current = fit(chosen);
    for (bool changed = true; changed && !chosen.empty();) {
        changed = false;
        std::size_t drop = chosen.size();
        double best = current.bic;
        for (std::size_t k = 0; k < chosen.size(); ++k) {
            auto without = chosen;
            without.erase(without.begin() + std::ptrdiff_t(k));
            const double bic = fit(without).bic;
            if (bic < best) best = bic, drop = k;
        }
        if (drop < chosen.size()) {
            model.candidates[chosen[drop]->factor].note = "removing it lowers the BIC";
            model.dropped.push_back(factors[chosen[drop]->factor].name + ": removing it lowers the BIC");
            chosen.erase(chosen.begin() + std::ptrdiff_t(drop));
            current = fit(chosen);
            changed = true;
            continue;
        }
        for (std::size_t k = 0; k < chosen.size(); ++k)
            if (current.coef[k + 1] < 0) {
                model.candidates[chosen[k]->factor].note = "lower risk near it (relative risk below 1)";
                model.dropped.push_back(factors[chosen[k]->factor].name + ": lower risk near it (relative risk below 1)");
                chosen.erase(chosen.begin() + std::ptrdiff_t(k));
                current = fit(chosen);
                changed = true;
                break;
            }
    }
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + options.confidence / 2);
    model.negative_binomial = fit.nb;
    model.theta = current.theta;
    model.bic = current.bic;
    model.intercept = current.coef[0];
    model.se_intercept_and_factors = current.se;
    model.log_likelihood = current.log_likelihood;
    for (std::size_t k = 0; k < chosen.size(); ++k) {
        model.candidates[chosen[k]->factor].selected = true;
        const double b = current.coef[k + 1], se = current.se[k + 1];
        model.factors.push_back({*chosen[k], b, se, std::exp(b), std::exp(b - z * se), std::exp(b + z * se)});
    }
    model.score.assign(cells.size(), 1);
    model.drivers.assign(cells.size(), {});
    for (std::size_t c = 0; c < cells.size(); ++c)
        for (std::size_t k = 0; k < model.factors.size(); ++k)
            if (model.factors[k].op.column[c] > 0) {
                model.score[c] *= model.factors[k].relative_risk;
                model.drivers[c].push_back(k);
            }
    return model;
}

}  // namespace hotspots
