#pragma once
// Fuzzy kappa (Hagen 2003; Hagen-Zanker 2009): the agreement of two categorical rasters that
// gives partial credit to a category found nearby in the other map, the credit halving with
// each halving distance, against the agreement expected of two maps with the same categories
// and the same spatial autocorrelation but no relation to each other. See docs/compare.md.
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace hotspots {

struct FuzzyKappa {
    std::size_t cells = 0;  // compared
    double similarity = 0;  // P: the mean of the cells' two-way similarity
    double expected = 0;    // E: the similarity expected of unrelated maps (Hagen-Zanker 2009)
    double kappa = 0;       // (P - E) / (1 - E); 1 when E = 1
};

struct FuzzyKappaParams {
    std::size_t rows = 0, cols = 0;
    double cell = 1;     // metres between cell centres
    double halving = 1;  // metres at which a category's credit is 1/2: m(d) = 2^(-d / halving)
    double radius = 4;   // metres beyond which the credit is 0 (neighbourhood of each cell)
    unsigned threads = 1;
};

// `a` and `b` hold each cell's category, 0..K-1, row-major (rows x cols); a cell where either is
// negative is outside the comparison (neither compared nor a neighbour). With mu_A,i(c) = the
// largest m(d_ij) over cells j of category c in A within the radius (0 for none), each cell's
// similarity is S_i = min(mu_A,i(B_i), mu_B,i(A_i)) and P = mean S_i. E = sum over categories a,
// b of p_A(a) p_B(b) E[min(X, Y)], X drawn from mu_B,j(a) over the cells j with B_j = b, Y from
// mu_A,j(b) over the cells j with A_j = a, independently. Distances to the nearest cell of each
// category come from an exact Euclidean distance transform: O(cells x categories) whatever the
// radius. Throws std::invalid_argument for sizes that do not match, or a halving distance or
// cell not above 0.
FuzzyKappa fuzzy_kappa(const std::vector<int>& a, const std::vector<int>& b, const FuzzyKappaParams& p);

}  // namespace hotspots
