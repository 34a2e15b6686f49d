#include "hotspots/glm.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace hotspots {

namespace {

// Cholesky of a symmetric positive definite p x p matrix in place (lower triangle); false when
// it is not positive definite (relative to its diagonal).
bool cholesky(std::vector<double>& a, std::size_t p) {
    for (std::size_t j = 0; j < p; ++j) {
        double d = a[j * p + j];
        for (std::size_t k = 0; k < j; ++k) d -= a[j * p + k] * a[j * p + k];
        if (!(d > 1e-12 * std::max(1.0, std::abs(a[j * p + j])))) return false;
        a[j * p + j] = std::sqrt(d);
        for (std::size_t i = j + 1; i < p; ++i) {
            double s = a[i * p + j];
            for (std::size_t k = 0; k < j; ++k) s -= a[i * p + k] * a[j * p + k];
            a[i * p + j] = s / a[j * p + j];
        }
    }
    return true;
}

std::vector<double> solve(const std::vector<double>& l, std::size_t p, std::vector<double> b) {
    for (std::size_t i = 0; i < p; ++i) {
        for (std::size_t k = 0; k < i; ++k) b[i] -= l[i * p + k] * b[k];
        b[i] /= l[i * p + i];
    }
    for (std::size_t i = p; i-- > 0;) {
        for (std::size_t k = i + 1; k < p; ++k) b[i] -= l[k * p + i] * b[k];
        b[i] /= l[i * p + i];
    }
    return b;
}

// theta = 0 stands for Poisson.
double log_likelihood(const std::vector<double>& y, const std::vector<double>& mu, double theta) {
    double ll = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (theta > 0)
            ll += std::lgamma(theta + y[i]) - std::lgamma(theta) - std::lgamma(y[i] + 1) + theta * std::log(theta) +
                  (y[i] > 0 ? y[i] * std::log(mu[i]) : 0) - (theta + y[i]) * std::log(theta + mu[i]);
        else
            ll += (y[i] > 0 ? y[i] * std::log(mu[i]) : 0) - mu[i] - std::lgamma(y[i] + 1);
    }
    return ll;
}

double deviance(const std::vector<double>& y, const std::vector<double>& mu, double theta) {
    double d = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double ylog = y[i] > 0 ? y[i] * std::log(y[i] / mu[i]) : 0;
        d += theta > 0 ? 2 * (ylog - (y[i] + theta) * std::log((y[i] + theta) / (mu[i] + theta))) : 2 * (ylog - (y[i] - mu[i]));
    }
    return d;
}

void check_shape(const Design& d, const std::vector<double>& y) {
    if (d.rows != y.size() || d.x.size() != d.rows * d.cols || d.cols == 0)
        throw std::invalid_argument("regression: the design is not one row per count");
    if (d.rows <= d.cols) throw std::invalid_argument("regression: fewer cells than coefficients");
    for (std::size_t i = 0; i < y.size(); ++i)
        if (!std::isfinite(y[i]) || y[i] < 0)
            throw std::invalid_argument("regression: count " + std::to_string(i + 1) + " is not a non-negative number");
}

// IRLS with a log link; theta = 0 for Poisson. Starts from `mu` (filled when empty).
GlmFit irls(const Design& d, const std::vector<double>& y, double theta, std::vector<double> mu, const GlmOptions& o) {
    const std::size_t n = d.rows, p = d.cols;
    if (mu.empty()) {
        mu.resize(n);
        for (std::size_t i = 0; i < n; ++i) mu[i] = y[i] + 0.1;  // R's poisson()$initialize (glm.nb's too)
    }
    GlmFit fit;
    double dev_old = deviance(y, mu, theta);
    std::vector<double> l;
    for (int it = 1; it <= o.max_iterations; ++it) {
        std::vector<double> xtwx(p * p, 0), xtwz(p, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const double w = theta > 0 ? mu[i] / (1 + mu[i] / theta) : mu[i];
            const double z = std::log(mu[i]) + (y[i] - mu[i]) / mu[i];
            for (std::size_t a = 0; a < p; ++a) {
                const double xa = d.at(i, a) * w;
                xtwz[a] += xa * z;
                for (std::size_t b = 0; b <= a; ++b) xtwx[a * p + b] += xa * d.at(i, b);
            }
        }
        for (std::size_t a = 0; a < p; ++a)
            for (std::size_t b = 0; b < a; ++b) xtwx[b * p + a] = xtwx[a * p + b];
        l = xtwx;
        if (!cholesky(l, p))
            throw std::runtime_error("regression: the factors are collinear (a factor constant over the cells, or "
                                     "the same as others)");
        fit.coef = solve(l, p, xtwz);
        for (std::size_t i = 0; i < n; ++i) {
            double eta = 0;
            for (std::size_t a = 0; a < p; ++a) eta += d.at(i, a) * fit.coef[a];
            mu[i] = std::exp(eta);
        }
        const double dev = deviance(y, mu, theta);
        fit.iterations = it;
        if (!std::isfinite(dev)) throw std::runtime_error("regression: the fit diverged");
        if (std::abs(dev - dev_old) / (std::abs(dev) + 0.1) < o.epsilon) {
            fit.converged = true;
            break;
        }
        dev_old = dev;
    }
    if (!fit.converged) throw std::runtime_error("regression: the fit did not converge");
    // Standard errors from (X'WX)^-1 at the fitted means.
    std::vector<double> xtwx(p * p, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const double w = theta > 0 ? mu[i] / (1 + mu[i] / theta) : mu[i];
        for (std::size_t a = 0; a < p; ++a)
            for (std::size_t b = 0; b <= a; ++b) xtwx[a * p + b] += d.at(i, a) * w * d.at(i, b);
    }
    for (std::size_t a = 0; a < p; ++a)
        for (std::size_t b = 0; b < a; ++b) xtwx[b * p + a] = xtwx[a * p + b];
    if (!cholesky(xtwx, p)) throw std::runtime_error("regression: the factors are collinear");
    fit.se.resize(p);
    for (std::size_t a = 0; a < p; ++a) {
        std::vector<double> e(p, 0);
        e[a] = 1;
        fit.se[a] = std::sqrt(solve(xtwx, p, e)[a]);
    }
    fit.theta = theta;
    fit.deviance = deviance(y, mu, theta);
    fit.log_likelihood = log_likelihood(y, mu, theta);
    fit.bic = -2 * fit.log_likelihood + double(p + (theta > 0 ? 1 : 0)) * std::log(double(n));
    fit.mu = std::move(mu);
    return fit;
}

}  // namespace

GlmFit fit_poisson(const Design& design, const std::vector<double>& y, const GlmOptions& options) {
    check_shape(design, y);
    return irls(design, y, 0, {}, options);
}

std::pair<double, double> theta_ml(const std::vector<double>& y, const std::vector<double>& mu, int max_iterations) {
    using boost::math::digamma;
    using boost::math::trigamma;
    const double n = double(y.size());
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += (y[i] / mu[i] - 1) * (y[i] / mu[i] - 1);
    double t = n / s;  // the moment start MASS uses
    // Tighter than theta.ml's eps^(1/4) on the step: the alternation compares theta between fits,
    // and a theta known to 1e-4 would keep it from settling when theta is small.
    const double eps = 1e-10;
    for (int it = 0; it < max_iterations; ++it) {
        t = std::abs(t);
        if (!(t > 0) || !std::isfinite(t)) break;
        double score = 0, info = 0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            score += digamma(t + y[i]) - digamma(t) + std::log(t) + 1 - std::log(t + mu[i]) - (y[i] + t) / (mu[i] + t);
            info += -trigamma(t + y[i]) + trigamma(t) - 1 / t + 2 / (mu[i] + t) - (y[i] + t) / ((mu[i] + t) * (mu[i] + t));
        }
        const double step = score / info;
        t += step;
        // The standard error from the information before the last step, as theta.ml gives it.
        if (std::abs(step) <= eps * std::max(1.0, t) && t > 0 && info > 0) return {t, std::sqrt(1 / info)};
    }
    throw std::runtime_error("regression: theta did not converge (no overdispersion? the Poisson fit fits)");
}

GlmFit fit_negative_binomial(const Design& design, const std::vector<double>& y, const GlmOptions& options) {
    check_shape(design, y);
    GlmFit fit = irls(design, y, 0, {}, options);
    double theta = theta_ml(y, fit.mu).first;
    double ll_old = log_likelihood(y, fit.mu, theta), delta = 1;
    for (int a = 0; a < options.max_alternations; ++a) {
        fit = irls(design, y, theta, fit.mu, options);
        const double theta_old = theta;
        const auto [t, se] = theta_ml(y, fit.mu);
        theta = t;
        fit.theta_se = se;
        delta = theta_old - theta;
        const double ll = log_likelihood(y, fit.mu, theta);
        const bool settled = std::abs(ll_old - ll) / std::abs(ll) + std::abs(delta) / theta < options.alternation_epsilon;
        ll_old = ll;
        if (settled) {
            fit = irls(design, y, theta, fit.mu, options);
            fit.theta_se = theta_ml(y, fit.mu).second;
            return fit;
        }
    }
    throw std::runtime_error("regression: the negative binomial fit did not settle (theta and the means alternate)");
}

}  // namespace hotspots
