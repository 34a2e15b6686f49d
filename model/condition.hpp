#pragma once
// Attribute conditions (--where): FIELD=A[,B...], FIELD!=A[,B...] or FIELD~PATTERN, on the text
// of a column of the incident source. Matching ignores case and surrounding spaces, so the
// flags police exports carry (Y/y/Yes) match as analysts write them.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace hotspots {

struct Condition {
    enum class Op { equal, not_equal, match };
    std::string text;   // as given, for metadata and messages
    std::string field;  // the column name (matched case-insensitively)
    Op op = Op::equal;
    std::vector<std::string> values;  // lower case, trimmed (equal, not_equal)
    // match: searched anywhere in the value, ignoring case, by RE2, whose time is linear in the
    // value's length whatever the pattern ((a+)+$ made std::regex run without end on 31 a's).
    std::shared_ptr<const re2::RE2> pattern;

    bool holds(std::string_view value) const;
};

// Parses "FIELD=A,B", "FIELD!=A", "FIELD~PATTERN". Throws std::invalid_argument saying what
// is wrong (no operator, no field, a bad regular expression).
Condition parse_condition(const std::string& text);

// `s` without leading and trailing white space.
std::string_view trim_blanks(std::string_view s);

// The most conditions one reading can test (one bit each on an incident).
inline constexpr std::size_t max_conditions = 32;

}  // namespace hotspots
