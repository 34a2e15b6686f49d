#include "steps/kde.hpp"
#include "steps/params.hpp"
#include "steps/step.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace hotspots::steps;

TEST_CASE("numbers parse once, inside their declared range; NaN and infinities never pass") {
    Params p;
    double cell = 0;
    auto& param = p.number("cell", cell, "Cell size", Range::above(0)).def("100").in_unit("metres");
    p.apply_defaults();
    CHECK(cell == 100);
    p.set(param, {"12.5"});
    CHECK(cell == 12.5);
    CHECK(param.given);
    for (const char* bad : {"0", "-3", "nan", "inf", "-inf", "1e999", "abc", "", "12m", "1,5"})
        CHECK_THROWS_AS(p.set(param, {bad}), UsageError);
    CHECK(cell == 12.5);  // a refused value leaves the field as it was
    try {
        p.set(param, {"-1"});
    } catch (const UsageError& e) {
        const std::string m = e.what();
        CHECK(m.find("--cell") != std::string::npos);
        CHECK(m.find("> 0") != std::string::npos);
        CHECK(m.find("metres") != std::string::npos);
    }
}

TEST_CASE("integers accept whole numbers only, with their range") {
    Params p;
    int permutations = 0;
    auto& param = p.integer("permutations", permutations, "Permutations", Range::between(1, 99999)).def("999");
    p.apply_defaults();
    CHECK(permutations == 999);
    p.set(param, {"1e3"});
    CHECK(permutations == 1000);
    CHECK_THROWS_AS(p.set(param, {"2.5"}), UsageError);
    CHECK_THROWS_AS(p.set(param, {"0"}), UsageError);
    CHECK_THROWS_AS(p.set(param, {"2000000000"}), UsageError);
    CHECK_THROWS_AS(p.set(param, {"5", "6"}), UsageError);  // a single value given twice
}

TEST_CASE("choices refuse other words and suggest the closest") {
    Params p;
    std::string unit;
    auto& param = p.text("area-unit", unit, "Unit").one_of({"m2", "ha", "km2"}).def("km2");
    p.apply_defaults();
    CHECK(unit == "km2");
    try {
        p.set(param, {"km3"});
        FAIL("km3 accepted");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()).find("did you mean km2?") != std::string::npos);
    }
}

TEST_CASE("lists take every value; a given list replaces its default") {
    Params p;
    std::vector<std::string> types;
    auto& param = p.list("crime-type", types, "Types");
    p.set(param, {"burglary", "robbery"});
    CHECK(types == std::vector<std::string>{"burglary", "robbery"});
    p.set(param, {"drugs"});
    CHECK(types == std::vector<std::string>{"drugs"});
}

TEST_CASE("flags read true and false in the forms a pack file writes") {
    Params p;
    bool cog = false;
    auto& param = p.flag("cog", cog, "COG");
    p.set(param, {"true"});
    CHECK(cog);
    p.set(param, {"false"});
    CHECK_FALSE(cog);
    CHECK_THROWS_AS(p.set(param, {"maybe"}), UsageError);
}

TEST_CASE("old spellings find the renamed parameter") {
    Params p;
    std::string table;
    p.path("harm-weights", table, "Weights").alias("weights");
    REQUIRE(p.find("weights") != nullptr);
    CHECK(p.find("weights")->name == "harm-weights");
    CHECK(p.find("weight") == nullptr);
}

TEST_CASE("closest suggests near words only") {
    CHECK(closest("bandwith", {"bandwidth", "cell", "kernel"}) == "bandwidth");
    CHECK(closest("burgulary", {"burglary", "robbery"}) == "burglary");
    CHECK(closest("zzzz", {"burglary", "robbery"}).empty());
    CHECK(closest("x", {"y", "xy"}) == "y");  // one edit is near for a one-letter word
}

TEST_CASE("every step declares each option once, with a parseable default") {
    for (const auto& name : step_names()) {
        auto step = make_step(name);  // applies every default: a bad one throws
        REQUIRE(step);
        std::vector<std::string> seen;
        for (const auto& p : step->params().all()) {
            std::vector<std::string> names = p.aliases;
            names.push_back(p.name);
            for (const auto& n : names) {
                INFO(name << " declares " << n << " twice");
                CHECK(std::find(seen.begin(), seen.end(), n) == seen.end());
                seen.push_back(n);
            }
        }
    }
}

TEST_CASE("one name has one meaning: options shared by steps have one kind") {
    // The clash of issue 10: --weights was a harm table in kde and binary/row in gistar.
    std::map<std::string, ParamKind> kinds;
    std::map<std::string, std::string> where;
    for (const auto& name : step_names()) {
        auto step = make_step(name);
        for (const auto& p : step->params().all()) {
            if (p.name == "output" || p.name == "top") continue;  // -o's file kind and rows printed differ by design
            auto [it, added] = kinds.emplace(p.name, p.kind);
            if (added) where[p.name] = name;
            INFO("--" << p.name << " in " << name << " and " << where[p.name]);
            CHECK(it->second == p.kind);
        }
    }
    auto kde = make_step("kde");
    auto gistar = make_step("gistar");
    CHECK(kde->params().find("harm-weights")->kind == ParamKind::path);
    CHECK(gistar->params().find("spatial-weights")->kind == ParamKind::text);
    CHECK(gistar->params().find("harm-weights") == nullptr);
}

// Issue 30 #3: a tile grown by its halo may be at most 4 times as wide as the tile (side >=
// 2 halo / 3 cells), the equality allowed.
TEST_CASE("a tile size dwarfed by its halo is refused, saying the smallest tile") {
    CHECK_THROWS_AS(check_tile_halo(200, 20, 10, 31), UsageError);
    CHECK_NOTHROW(check_tile_halo(210, 21, 10, 31));
    CHECK_NOTHROW(check_tile_halo(200, 2, 100, 3));  // 2 = 2 x 3 / 3: the grown tile exactly 4 times as wide
    CHECK_THROWS_AS(check_tile_halo(100, 1, 100, 3), UsageError);
    try {
        check_tile_halo(30, 3, 10, 31);
        FAIL("accepted");
    } catch (const UsageError& e) {
        const std::string m = e.what();
        CHECK(m.find("at least 210 m (21 cells") != std::string::npos);
        CHECK(m.find("did you mean 30 cells (300m) or 30km?") != std::string::npos);
    }
}
