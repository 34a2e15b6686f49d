#pragma once
// Kulldorff's space-time permutation scan statistic (Kulldorff, Heffernan, Hartman, Assunção
// and Mostashari 2005, PLoS Medicine 2(3) e59), as SaTScan computes it. See docs/scan.md.
#include <cstdint>
#include <functional>
#include <vector>

namespace hotspots {

struct ScanEvent {
    double x = 0, y = 0;  // metres
    std::int64_t time = 0;  // days or months: whole units
};

struct ScanOptions {
    double max_share = 0.5;      // a circle holds at most this share of all events (SaTScan: 50%)
    double max_radius = 1000;    // metres
    std::int64_t max_length = 30;  // time units a cylinder may span
    std::size_t min_events = 2;  // a cluster holds at least this many events
    int permutations = 999;
    std::uint64_t seed = 1;
    std::size_t max_clusters = 10;  // the most likely and non-overlapping secondary ones
    unsigned threads = 1;
    // Called once the circles are made, with an estimate of the cylinders a permutation
    // evaluates (sum over every circle of m^2 x min(1, max_length / span), m its events): for a
    // caller that warns of a long run.
    std::function<void(double)> on_work;
};

struct ScanCluster {
    double x = 0, y = 0, radius = 0;  // the circle: a centre event's place, out to its farthest member place
    std::int64_t start = 0, end = 0;  // time units, inclusive
    std::size_t places = 0;           // distinct places in the circle
    std::size_t observed = 0;
    double expected = 0, llr = 0, p = 1;
    std::vector<std::uint32_t> members;  // event indexes in the cylinder
};

struct ScanResult {
    std::vector<ScanCluster> clusters;  // the most likely first, then by LLR
    std::vector<double> null_max;       // the largest LLR of each permutation
    std::size_t centres = 0, events = 0;
};

// The log-likelihood ratio of a cylinder with c observed of C events and expected mu
// (Poisson approximation of the hypergeometric): c ln(c/mu) + (C-c) ln((C-c)/(C-mu)) when
// c > mu, else 0.
double scan_llr(double c, double mu, double C);

// Centres are the distinct places of the events; a circle grows from each to the next place
// while it holds at most max_share of the events and lies within max_radius. The expected
// count of a cylinder is (events in its circle at any time) x (events in its time window
// anywhere) / (all events). Monte Carlo: the events' times are permuted (each permutation
// seeded from seed and its number, so the result does not depend on threads); p = (1 + number
// of permutations whose largest LLR >= the cluster's) / (permutations + 1). Secondary
// clusters are each centre's best cylinder, taken by LLR when they overlap no cluster taken
// (in space and in time). Throws std::invalid_argument for bad options.
ScanResult space_time_scan(const std::vector<ScanEvent>& events, const ScanOptions& o);

}  // namespace hotspots
