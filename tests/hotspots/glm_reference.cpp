// Fits a cell table with hotspots' Poisson and negative binomial regressions and prints each
// coefficient and standard error, for tests/hotspots/glm_r.sh to compare with R. Input: CSV with
// a header, the count first, then the factors (the intercept is added here).
#include "hotspots/glm.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: glm_reference TABLE.csv\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    std::string line;
    std::getline(in, line);
    hotspots::Design d;
    std::vector<double> y;
    while (std::getline(in, line)) {
        std::stringstream s(line);
        std::string field;
        std::vector<double> row;
        while (std::getline(s, field, ',')) row.push_back(std::stod(field));
        y.push_back(row[0]);
        d.cols = row.size();
        d.x.push_back(1);
        d.x.insert(d.x.end(), row.begin() + 1, row.end());
        ++d.rows;
    }
    const auto p = hotspots::fit_poisson(d, y);
    for (std::size_t c = 0; c < d.cols; ++c) std::printf("poisson,%zu,%.12g,%.12g\n", c, p.coef[c], p.se[c]);
    hotspots::GlmFit nb;
    try {
        nb = hotspots::fit_negative_binomial(d, y);
    } catch (const std::runtime_error& e) {
        std::printf("negbin_refused,0,0,0\n");
        std::printf("loglik,0,%.12g,0\n", p.log_likelihood);
        return 0;
    }
    for (std::size_t c = 0; c < d.cols; ++c) std::printf("negbin,%zu,%.12g,%.12g\n", c, nb.coef[c], nb.se[c]);
    std::printf("theta,0,%.12g,%.12g\n", nb.theta, nb.theta_se);
    std::printf("loglik,0,%.12g,%.12g\n", p.log_likelihood, nb.log_likelihood);
    return 0;
}
