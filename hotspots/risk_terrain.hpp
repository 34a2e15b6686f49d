#pragma once
// Risk terrain modelling (Caplan and Kennedy; docs/risk.md): each risk factor's points tested as
// proximity (a cell within d metres of one) and density (a cell's count within d above the
// cells' mean + 2 SD) at several distances; a count regression of the cells' incidents on the
// factors, chosen by BIC; relative risks with confidence intervals; each cell's relative risk
// score and the factors behind it.
#include "hotspots/glm.hpp"
#include "model/geometry.hpp"

#include <string>
#include <vector>

namespace hotspots {

// A line or polygon feature of a factor: a line's parts (each a polyline), or a polygon's rings
// (each closed, the first point repeated at the end). A cell is within d of it when its centre
// is within d of a part (or, for a polygon, inside it: the even-odd rule over its rings).
struct RiskShape {
    std::vector<std::vector<XY>> parts;
    bool area = false;
};

// A factor's features: points, and lines or polygons (each one feature). Density counts the
// features within d of a cell's centre.
struct RiskFactor {
    std::string name;
    std::vector<XY> points;  // the layer's places, same CRS as the cells (metres)
    std::vector<RiskShape> shapes;
};

// The count model: negative binomial when theta converges and its BIC is lower (automatic), or
// the one given (a negative binomial whose theta does not converge throws std::runtime_error).
enum class RiskFamily { automatic, poisson, negative_binomial };

struct RiskOptions {
    std::vector<double> distances{100, 200, 400};  // metres
    double confidence = 0.95;
    RiskFamily family = RiskFamily::automatic;
};

// One way of measuring a factor: proximity or density at a distance, as a 0/1 column.
struct Operationalisation {
    std::size_t factor = 0;
    bool density = false;
    double distance = 0;
    std::vector<double> column;  // per cell, 0 or 1
    std::string label() const;   // "stations: within 100 m", "stations: dense within 400 m"
};

struct SelectedFactor {
    Operationalisation op;
    double coef = 0, se = 0;
    double relative_risk = 0, low = 0, high = 0;  // exp(coef), exp(coef -+ z se)
};

// Each factor's best measure alone (step 1 of the selection), and what became of it.
struct RiskCandidate {
    std::string factor;
    bool measurable = false;       // false: the same in every cell at every distance
    Operationalisation op;         // its best measure alone (when measurable)
    double coef = 0, se = 0, bic = 0;  // that measure alone with the intercept (Poisson)
    bool selected = false;
    std::string note;              // why it was left out ("" when selected)
};

struct RiskModel {
    bool negative_binomial = false;
    double theta = 0, bic = 0, intercept = 0;
    std::vector<SelectedFactor> factors;  // the model's, in the order of the factors given
    std::vector<double> score;            // per cell: the product of the relative risks of its factors
    std::vector<std::vector<std::size_t>> drivers;  // per cell: indexes into `factors` present there
    std::vector<std::string> dropped;     // factors left out, with why
    std::vector<RiskCandidate> candidates;  // one per factor, in the order given
    std::vector<double> se_intercept_and_factors;  // the final fit's SEs, intercept first
    double log_likelihood = 0;
};

// Two-sided normal p-value of a coefficient over its standard error.
double wald_p(double coef, double se);
// The relative risk's interval exp(coef -+ z se), z the normal quantile of (1 + confidence) / 2.
std::pair<double, double> relative_risk_interval(double coef, double se, double confidence);

// How many of the factor's features lie within each distance of each cell's centre:
// result[d][cell], the distances as given. Features are looked up through a bucket index of the
// cells, so the cost is about (vertices + cells near them) per factor, not cells x vertices.
std::vector<std::vector<double>> features_within(const RiskFactor& f, const std::vector<XY>& cells,
                                                 const std::vector<double>& distances);

// Every operationalisation of a factor over the cell centres.
std::vector<Operationalisation> operationalise(const RiskFactor& f, std::size_t index, const std::vector<XY>& cells,
                                               const std::vector<double>& distances);

// The model. The selection (docs/risk.md): (1) each factor's operationalisation with the lowest
// BIC alone (with the intercept; those constant over the cells cannot be told apart and are
// skipped); (2) backward elimination by BIC from the model of all those, removing the factor
// whose removal lowers the BIC most until none does; (3) a factor whose relative risk is below 1
// is dropped too (risk terrain maps risk, not protection) and the model refitted. Negative
// binomial when theta converges and its BIC is lower than Poisson's.
RiskModel fit_risk_terrain(const std::vector<XY>& cells, const std::vector<double>& counts,
                           const std::vector<RiskFactor>& factors, const RiskOptions& options);

}  // namespace hotspots
