#include "model/condition.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace hotspots {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool same_lower(std::string_view value, const std::string& lower_want) {
    return value.size() == lower_want.size() &&
           std::equal(value.begin(), value.end(), lower_want.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool Condition::holds(std::string_view value) const {
    value = trim_blanks(value);
    // A pattern sees a value's first 1,000 characters (a stray quote can put a whole file in a
    // field); RE2's time is linear in them.
    if (op == Op::match)
        return RE2::PartialMatch(re2::StringPiece(value.data(), std::min<std::size_t>(value.size(), 1000)), *pattern);
    const bool any = std::any_of(values.begin(), values.end(), [&](const std::string& v) { return same_lower(value, v); });
    return op == Op::equal ? any : !any;
}

Condition parse_condition(const std::string& text) {
    Condition c;
    c.text = text;
    const auto at = text.find_first_of("=~!");
    if (at == std::string::npos)
        throw std::invalid_argument("'" + text + "': give FIELD=VALUE[,VALUE], FIELD!=VALUE or FIELD~PATTERN");
    std::size_t value_at = at + 1;
    if (text[at] == '!') {
        if (at + 1 >= text.size() || text[at + 1] != '=')
            throw std::invalid_argument("'" + text + "': give FIELD!=VALUE (not equal) or FIELD~PATTERN");
        c.op = Condition::Op::not_equal;
        value_at = at + 2;
    } else if (text[at] == '~') {
        c.op = Condition::Op::match;
    }
    c.field = std::string(trim_blanks(std::string_view(text).substr(0, at)));
    if (c.field.empty()) throw std::invalid_argument("'" + text + "': no column name before the " + std::string(1, text[at]));
    const std::string value = text.substr(value_at);
    if (c.op == Condition::Op::match) {
        if (value.empty()) throw std::invalid_argument("'" + text + "': no pattern after ~");
        if (value.size() > 200) throw std::invalid_argument("'" + text.substr(0, 40) + "...': a pattern of at most 200 characters");
        RE2::Options options;
        options.set_case_sensitive(false);
        options.set_log_errors(false);
        auto pattern = std::make_shared<const RE2>(value, options);
        if (!pattern->ok())
            throw std::invalid_argument("'" + text + "': '" + value + "' is not a regular expression (" + pattern->error() +
                                        "; the syntax is RE2's: docs/time.md)");
        c.pattern = std::move(pattern);
        return c;
    }
    // Comma-separated values; "FIELD=" alone means an empty value.
    std::size_t start = 0;
    while (true) {
        const auto comma = value.find(',', start);
        c.values.push_back(lower(trim_blanks(std::string_view(value).substr(start, comma == std::string::npos ? std::string::npos : comma - start))));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return c;
}

}  // namespace hotspots
