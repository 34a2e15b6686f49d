#include "model/condition.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

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
}
