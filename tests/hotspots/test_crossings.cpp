#include "hotspots/crossings.hpp"
#include "hotspots/network.hpp"
#include "hotspots/walk_route.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

namespace {

// n streets each way, `block` metres apart, each drawn as ONE line from end to end (as a
// council's centrelines are): they share vertices only at the four corners.
std::vector<NetworkLine> whole_street_grid(int n, double block) {
    std::vector<NetworkLine> lines;
    const double far = (n - 1) * block;
    for (int k = 0; k < n; ++k) {
        lines.push_back({{{0, k * block}, {far, k * block}}, "Row " + std::to_string(k)});
        lines.push_back({{{k * block, 0}, {k * block, far}}, "Column " + std::to_string(k)});
    }
    return lines;
}

}  // namespace

TEST_CASE("node crossings: a 9 x 9 grid of whole-street lines falls into 15 pieces, noded it is one", "[walk]") {
    auto lines = whole_street_grid(9, 100);
    // Today: the border (four lines meeting at the corners) and 14 inner streets each alone.
    const auto apart = build_network(lines, 1);
    CHECK(apart.piece_edges.size() == 15);
    const auto count = node_crossings(lines, 1);
    // 81 meeting points, less the 4 corners that are shared vertices already.
    CHECK(count.joined == 77);
    CHECK(count.skipped == 0);
    const auto net = build_network(lines, 1);
    CHECK(net.piece_edges.size() == 1);
    CHECK(net.nodes.size() == 81);
    CHECK(net.edges.size() == 2 * 9 * 8);
    double total = 0;
    for (const auto& e : net.edges) total += e.length;
    CHECK(total == Approx(2 * 9 * 800));  // noding adds no length
}

TEST_CASE("node crossings: ten stops on the grid, eight unreachable without the option, all reachable with it", "[walk]") {
    const std::vector<WalkStop> stops = [] {
        std::vector<WalkStop> s;
        for (int k = 0; k < 10; ++k) {
            WalkStop st;
            st.centre = {150.0 + 50 * (k % 5), 150.0 + 100 * (k / 5) + 1};  // on inner rows 2 and 3
            st.prize = 1;
            s.push_back(st);
        }
        return s;
    }();
    auto lines = whole_street_grid(9, 100);
    std::vector<std::string> warnings;
    const WalkMessages msg{[](const std::string&) {}, [&](const std::string& m) { warnings.push_back(m); },
                           [](const std::string&) {}};
    WalkSettings s;
    s.network = &lines;
    s.budget = 20000;
    s.visits = 10;
    s.start = {0, 0};
    // Unnoded: every stop is on an inner row, apart from the start's border: none reachable.
    CHECK_THROWS_WITH(plan_walk(stops, s, msg), Catch::Contains("--node-crossings"));
    // Two stops moved onto the border: those two reachable, eight not, and the warning names the remedy.
    auto some = stops;
    some[0].centre = {150, 1};
    some[1].centre = {250, 1};
    warnings.clear();
    const auto part = plan_walk(some, s, msg);
    CHECK(part.stops.size() == 2);
    REQUIRE(!warnings.empty());
    CHECK(warnings.back().find("8 of the 10 stops") != std::string::npos);
    CHECK(warnings.back().find("--node-crossings") != std::string::npos);
    node_crossings(lines, s.snap);
    s.crossings_noded = true;
    const auto all = plan_walk(stops, s, msg);
    CHECK(all.stops.size() == 10);
}

TEST_CASE("node crossings: a bridge, a tunnel or another layer stays apart; the same layer joins", "[walk]") {
    NetworkLine road{{{0, 0}, {200, 0}}, "Road"};
    NetworkLine over{{{100, -100}, {100, 100}}, "Viaduct"};
    over.bridge_or_tunnel = true;
    std::vector<NetworkLine> lines = {road, over};
    auto c = node_crossings(lines, 1);
    CHECK(c.joined == 0);
    CHECK(c.skipped == 1);
    CHECK(build_network(lines, 1).piece_edges.size() == 2);
    // Not tagged a bridge but on layer 1 over a road on layer 0 (written "" or "0").
    over.bridge_or_tunnel = false;
    over.layer = "1";
    lines = {road, over};
    CHECK(node_crossings(lines, 1).skipped == 1);
    CHECK(build_network(lines, 1).piece_edges.size() == 2);
    over.layer = "0";
    lines = {road, over};
    c = node_crossings(lines, 1);
    CHECK(c.joined == 1);
    const auto net = build_network(lines, 1);
    CHECK(net.piece_edges.size() == 1);
    CHECK(net.edges.size() == 4);
}

TEST_CASE("node crossings: a T-junction drawn short of the road joins within the snap, a crossing at a vertex of one line once", "[walk]") {
    // The side street stops 0.4 m short of the road; the road has a vertex where a lane crosses.
    std::vector<NetworkLine> lines = {{{{0, 0}, {100, 0}, {200, 0}}, "Road"},
                                      {{{50, 0.4}, {50, 80}}, "Side"},
                                      {{{100, -30}, {100, 30}}, "Lane"}};
    auto c = node_crossings(lines, 0.5);
    CHECK(c.joined == 2);
    CHECK(lines[2].points.size() == 3);  // the lane gets the road's vertex
    CHECK(lines[2].points[1].x == 100);
    CHECK(lines[2].points[1].y == 0);
    CHECK(lines[0].points.size() == 4);  // the road gets the side street's foot
    auto net = build_network(lines, 0.5);
    CHECK(net.piece_edges.size() == 1);
    // A looser end, 2 m short, is beyond the snap: left apart.
    lines = {{{{0, 0}, {200, 0}}, "Road"}, {{{50, 2}, {50, 80}}, "Side"}};
    CHECK(node_crossings(lines, 0.5).joined == 0);
    CHECK(build_network(lines, 0.5).piece_edges.size() == 2);
}
