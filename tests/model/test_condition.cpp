#include "model/condition.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>

using namespace hotspots;

TEST_CASE("conditions: equal to one of the values, ignoring case and spaces") {
    const auto c = parse_condition("knife_enabled=Y,Yes");
    CHECK(c.field == "knife_enabled");
    CHECK(c.op == Condition::Op::equal);
    CHECK(c.holds("Y"));
    CHECK(c.holds(" yes "));
    CHECK_FALSE(c.holds("N"));
    CHECK_FALSE(c.holds(""));
    CHECK_FALSE(c.holds("Yess"));
}

TEST_CASE("conditions: not equal, empty values, patterns") {
    const auto n = parse_condition("domestic!=Y");
    CHECK(n.op == Condition::Op::not_equal);
    CHECK(n.holds("N"));
    CHECK(n.holds(""));
    CHECK_FALSE(n.holds("y"));
    const auto empty = parse_condition("flag=");
    CHECK(empty.holds(""));
    CHECK(empty.holds("  "));
    CHECK_FALSE(empty.holds("x"));
    const auto m = parse_condition("strand~rac|relig");
    CHECK(m.op == Condition::Op::match);
    CHECK(m.holds("Racial"));
    CHECK(m.holds("faith: RELIGIOUS"));
    CHECK_FALSE(m.holds("Disability"));
    const auto anchored = parse_condition("offence~^burglary");
    CHECK(anchored.holds("Burglary - residential"));
    CHECK_FALSE(anchored.holds("Aggravated burglary"));
}

TEST_CASE("conditions: what cannot be parsed says why") {
    CHECK_THROWS_AS(parse_condition("knife"), std::invalid_argument);
    CHECK_THROWS_AS(parse_condition("=Y"), std::invalid_argument);
    CHECK_THROWS_AS(parse_condition("a!b"), std::invalid_argument);
    CHECK_THROWS_AS(parse_condition("a~("), std::invalid_argument);
    CHECK_THROWS_AS(parse_condition("a~"), std::invalid_argument);
    CHECK_THROWS_AS(parse_condition("a~" + std::string(201, 'x')), std::invalid_argument);
}

TEST_CASE("conditions: a pattern on a huge value neither crashes nor reads past 1,000 characters") {
    const auto c = parse_condition("f~(a|b)*c");
    const std::string huge = std::string(2'000'000, 'a') + "c";
    CHECK_FALSE(c.holds(huge));  // the c is beyond the first 1,000 characters
    CHECK(c.holds(std::string(500, 'b') + "c"));
}

TEST_CASE("conditions: a pattern that backtracks without end in std::regex takes linear time (issue 26 #10)") {
    // (a+)+$ against 31 a's and a b: std::regex tried 2^31 ways of splitting the a's.
    const auto c = parse_condition("street~(a+)+$");
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(c.holds(std::string(31, 'a') + "b"));
    CHECK_FALSE(c.holds(std::string(999, 'a') + "b"));
    CHECK(c.holds(std::string(40, 'a')));
    const auto nested = parse_condition("street~^(([a-z])+.)+[A-Z]([a-z])+$");
    CHECK_FALSE(nested.holds(std::string(60, 'a') + "!"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    // The documented syntax: case ignored, classes, alternation, anchors.
    CHECK(parse_condition("f~\\d{2}-\\w+").holds("Flat 12-Rowan"));
    CHECK(parse_condition("f~^(burglary|robbery)").holds("ROBBERY of personal property"));
    CHECK_THROWS_WITH(parse_condition("f~(a"), Catch::Contains("is not a regular expression"));
}
