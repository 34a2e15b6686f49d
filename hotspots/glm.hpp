#pragma once
// Count regressions for risk terrain (docs/risk.md): Poisson and negative binomial (NB2: variance
// mu + mu^2 / theta) with a log link, fitted by iteratively reweighted least squares; theta by
// maximum likelihood alternating with the fit, as R's MASS::glm.nb does (Venables and Ripley,
// Modern Applied Statistics with S, 4th ed., 7.4).
#include <cstddef>
#include <vector>

namespace hotspots {

// A design: `rows` x `cols`, row-major. The caller adds the intercept's column of ones.
struct Design {
    std::size_t rows = 0, cols = 0;
    std::vector<double> x;
    double at(std::size_t r, std::size_t c) const { return x[r * cols + c]; }
};

struct GlmOptions {
    double epsilon = 1e-12;  // IRLS stops when |dev - dev_old| / (|dev| + 0.1) < epsilon (R's rule)
    int max_iterations = 100;
    int max_alternations = 50;  // negative binomial: fits and theta updates
    double alternation_epsilon = 1e-10;  // ... until the log-likelihood's and theta's relative changes sum below this
};

struct GlmFit {
    std::vector<double> coef, se;  // per column; se from the inverse of X'WX (dispersion 1)
    double theta = 0;              // negative binomial only (0 for Poisson)
    double theta_se = 0;
    double log_likelihood = 0;     // the full one, with its log y! terms
    double deviance = 0;
    double bic = 0;                // -2 log L + (cols, + 1 for theta) ln rows
    std::vector<double> mu;        // fitted means
    bool converged = false;
    int iterations = 0;
};

// Poisson regression of the counts `y` (non-negative) on `design`. Throws std::invalid_argument on
// a bad shape or count, std::runtime_error when X'WX is singular (a column that is constant or a
// copy of others) or the fit does not converge.
GlmFit fit_poisson(const Design& design, const std::vector<double>& y, const GlmOptions& options = {});

// Negative binomial (NB2) regression, theta estimated; MASS::glm.nb's algorithm: a Poisson fit,
// theta by Newton-Raphson on its score given the means, then in turn the IRLS fit with theta
// fixed and theta again, until the log-likelihood and theta settle. Throws as fit_poisson, and
// std::runtime_error when theta does not converge (no overdispersion: theta runs to infinity;
// use the Poisson fit).
GlmFit fit_negative_binomial(const Design& design, const std::vector<double>& y, const GlmOptions& options = {});

// theta's maximum-likelihood estimate given the means (MASS::theta.ml), and its standard error.
std::pair<double, double> theta_ml(const std::vector<double>& y, const std::vector<double>& mu, int max_iterations = 50);

}  // namespace hotspots
