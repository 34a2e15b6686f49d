#include "hotspots/network_kde.hpp"

#include <cmath>
#include <functional>
#include <queue>
#include <stdexcept>
#include <string>

namespace hotspots {
namespace {

// The integral over the line of K(u), by Simpson's rule (the profiles are smooth polynomials
// on their support, so 4,000 intervals are exact to rounding for all but the cut gaussian).
double line_norm(Kernel k) {
    const double s = support_factor(k);
    const int n = 4000;
    const double step = 2 * s / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i) {
        const double u = -s + i * step;
        const double w = i == 0 || i == n ? 1 : i % 2 ? 4 : 2;
        sum += w * kernel_profile(k, u * u);
    }
    return 1 / (sum * step / 3);
}

struct End {
    std::uint32_t segment;
    bool at_a;
};

class Spread {
public:
    Spread(const StreetSegments& s, const std::vector<Lixel>& lixels, const NetworkKdeOptions& o, std::vector<double>& out)
        : m_s(s), m_lixels(lixels), m_o(o), m_out(out), m_norm(line_norm(o.kernel)),
          m_reach(o.bandwidth * support_factor(o.kernel)), m_ends(s.degree.size()), m_of(s.segments.size()) {
        for (std::uint32_t k = 0; k < s.segments.size(); ++k) {
            m_ends[s.segments[k].a].push_back({k, true});
            m_ends[s.segments[k].b].push_back({k, false});
        }
        for (std::uint32_t l = 0; l < lixels.size(); ++l) m_of[lixels[l].segment].push_back(l);
    }

    void event(const NetworkEvent& e) {
        const auto& seg = m_s.segments.at(e.segment);
        if (!(e.along >= -1e-9 && e.along <= seg.length + 1e-9)) throw std::invalid_argument("an event lies off its segment");
        m_steps = 0;
        for (auto l : m_of[e.segment]) m_out[l] += e.weight * kernel(std::abs(middle(l) - e.along));
        if (m_o.split == NetworkKernel::simple) return simple(e);
        walk(seg.a, e.along, e.weight, {e.segment, true});
        walk(seg.b, seg.length - e.along, e.weight, {e.segment, false});
    }

private:
    double middle(std::uint32_t l) const { return (m_lixels[l].from + m_lixels[l].to) / 2; }
    double kernel(double d) const { return d >= m_reach ? 0 : m_norm / m_o.bandwidth * kernel_profile(m_o.kernel, (d / m_o.bandwidth) * (d / m_o.bandwidth)); }

    // Adds factor * k(d0 + distance from the end) along a segment entered at an end.
    void along(End from, double d0, double factor) {
        const double len = m_s.segments[from.segment].length;
        for (auto l : m_of[from.segment]) m_out[l] += factor * kernel(d0 + (from.at_a ? middle(l) : len - middle(l)));
    }

    // Okabe and Sugihara's equal split: arriving at a node of degree n at walking distance d0
    // through end `came`, the kernel goes on along each other branch times 1 / (n - 1)
    // (discontinuous), or times 2 / n with (2 - n) / n sent back along `came` (continuous).
    void walk(std::uint32_t node, double d0, double factor, End came) {
        if (d0 >= m_reach || factor == 0) return;
        if (++m_steps > m_o.max_steps)
            throw std::runtime_error("network density: more than " + std::to_string(m_o.max_steps) +
                                     " kernel walks from one incident; the network is too fine for the bandwidth "
                                     "(use a smaller bandwidth or the simple kernel)");
        const auto& ends = m_ends[node];
        const double n = static_cast<double>(ends.size());
        for (const End& e : ends) {
            const bool back = e.segment == came.segment && e.at_a == came.at_a;
            double f = 0;
            if (m_o.split == NetworkKernel::discontinuous) f = back ? 0 : factor / (n - 1);
            else f = back ? factor * (2 - n) / n : factor * 2 / n;
            if (f == 0) continue;
            along(e, d0, f);
            const auto& seg = m_s.segments[e.segment];
            walk(e.at_a ? seg.b : seg.a, d0 + seg.length, f, {e.segment, !e.at_a});
        }
    }

    // The shortest walking distance to each node (Dijkstra within reach), then each lixel's.
    void simple(const NetworkEvent& e) {
        const auto& own = m_s.segments[e.segment];
        std::vector<double> dist(m_s.degree.size(), INFINITY);
        using Item = std::pair<double, std::uint32_t>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
        auto reach = [&](std::uint32_t n, double d) {
            if (d < dist[n] && d < m_reach) {
                dist[n] = d;
                queue.emplace(d, n);
            }
        };
        reach(own.a, e.along);
        reach(own.b, own.length - e.along);
        std::vector<std::uint32_t> touched;
        while (!queue.empty()) {
            const auto [d, n] = queue.top();
            queue.pop();
            if (d > dist[n]) continue;
            for (const End& x : m_ends[n]) {
                const auto& seg = m_s.segments[x.segment];
                touched.push_back(x.segment);
                reach(x.at_a ? seg.b : seg.a, d + seg.length);
            }
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (auto k : touched) {
            const auto& seg = m_s.segments[k];
            for (auto l : m_of[k]) {
                double d = std::min(dist[seg.a] + middle(l), dist[seg.b] + seg.length - middle(l));
                // On the event's own segment the direct distance was counted already.
                if (k == e.segment) {
                    if (d >= std::abs(middle(l) - e.along)) continue;
                    m_out[l] -= e.weight * kernel(std::abs(middle(l) - e.along));
                }
                m_out[l] += e.weight * kernel(d);
            }
        }
    }

    const StreetSegments& m_s;
    const std::vector<Lixel>& m_lixels;
    const NetworkKdeOptions& m_o;
    std::vector<double>& m_out;
    double m_norm, m_reach;
    std::vector<std::vector<End>> m_ends;
    std::vector<std::vector<std::uint32_t>> m_of;  // each segment's lixels
    std::size_t m_steps = 0;
};

}  // namespace

std::optional<NetworkKernel> network_kernel_from_name(std::string_view name) {
    if (name == "simple") return NetworkKernel::simple;
    if (name == "discontinuous") return NetworkKernel::discontinuous;
    if (name == "continuous") return NetworkKernel::continuous;
    return std::nullopt;
}

std::vector<Lixel> make_lixels(const std::vector<Segment>& segments, double length) {
    if (!(length > 0)) throw std::invalid_argument("the lixel length must be > 0 metres");
    std::vector<Lixel> out;
    for (std::uint32_t k = 0; k < segments.size(); ++k) {
        const double len = segments[k].length;
        const auto pieces = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(len / length - 1e-9)));
        for (std::size_t i = 0; i < pieces; ++i)
            out.push_back({k, len * static_cast<double>(i) / static_cast<double>(pieces),
                           len * static_cast<double>(i + 1) / static_cast<double>(pieces)});
    }
    return out;
}

double line_kernel(Kernel k, double d, double h) {
    const double u = d / h;
    if (std::abs(u) >= support_factor(k)) return 0;
    return line_norm(k) / h * kernel_profile(k, u * u);
}

std::vector<double> network_kde(const StreetSegments& s, const std::vector<Lixel>& lixels,
                                const std::vector<NetworkEvent>& events, const NetworkKdeOptions& o) {
    if (!(o.bandwidth > 0)) throw std::invalid_argument("the bandwidth must be > 0 metres");
    std::vector<double> out(lixels.size(), 0.0);
    Spread spread(s, lixels, o, out);
    for (const auto& e : events) spread.event(e);
    return out;
}

}  // namespace hotspots
