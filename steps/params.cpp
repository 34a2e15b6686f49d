#include "steps/params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hotspots::steps {

const char* to_string(ParamKind k) {
    switch (k) {
    case ParamKind::text: return "text";
    case ParamKind::number: return "number";
    case ParamKind::integer: return "integer";
    case ParamKind::flag: return "flag";
    case ParamKind::count: return "count";
    case ParamKind::list: return "list";
    case ParamKind::path: return "path";
    case ParamKind::output: return "output";
    }
    return "text";
}

const char* to_string(ParamGroup g) {
    switch (g) {
    case ParamGroup::input: return "input";
    case ParamGroup::filters: return "filters";
    case ParamGroup::areas: return "areas";
    case ParamGroup::step: return "step";
    case ParamGroup::output: return "output";
    case ParamGroup::run: return "run";
    }
    return "step";
}

bool Range::contains(double v) const {
    if (!std::isfinite(v)) return false;
    if (min_open ? !(v > min) : !(v >= min)) return false;
    if (max_open ? !(v < max) : !(v <= max)) return false;
    return true;
}

std::string Range::text() const {
    constexpr double big = std::numeric_limits<double>::max();
    const bool low = min > -big, high = max < big;
    if (low && high && !min_open && !max_open) return fmt::format("{:g} to {:g}", min, max);
    std::string s;
    if (low) s = fmt::format("{} {:g}", min_open ? ">" : ">=", min);
    if (high) s += fmt::format("{}{} {:g}", s.empty() ? "" : " and ", max_open ? "<" : "<=", max);
    return s.empty() ? "a finite number" : s;
}

double parse_number(const std::string& text, Range range) {
    double v = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (begin != end && *begin == '+') ++begin;
    const auto [p, ec] = std::from_chars(begin, end, v);
    if (ec == std::errc::result_out_of_range) throw UsageError(fmt::format("{} is too large (must be {})", text, range.text()));
    if (ec != std::errc() || p != end || text.empty()) throw UsageError(fmt::format("'{}' is not a number", text));
    if (!std::isfinite(v)) throw UsageError(fmt::format("'{}' is not a finite number (must be {})", text, range.text()));
    if (!range.contains(v)) throw UsageError(fmt::format("{} is out of range (must be {})", text, range.text()));
    return v;
}

// The range with the parameter's unit, for messages: "> 0 metres".
static std::string with_unit(const Range& r, const Param& p) { return r.text() + (p.unit.empty() ? "" : " " + p.unit); }

std::optional<double> parse_metres_or(const std::string& text, const std::string& word, double most) {
    if (text == word) return std::nullopt;
    try {
        return parse_number(text, Range{0, most, true, false});
    } catch (const UsageError&) {
        throw UsageError(fmt::format("'{}': give a distance in metres (> 0 and <= {:g}) or {}", text, most, word));
    }
}

bool parse_bool(const std::string& text) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
    if (text == "false" || text == "0" || text == "no" || text == "off") return false;
    throw UsageError(fmt::format("'{}' is not true or false", text));
}

Param& Params::add(const std::string& name, ParamKind kind, const std::string& help) {
    Param& p = m_params.emplace_back();
    p.name = name;
    p.kind = kind;
    p.help = help;
    p.group = m_group;
    return p;
}

Param& Params::text(const std::string& name, std::string& field, const std::string& help) {
    Param& p = add(name, ParamKind::text, help);
    p.parse = [&field, &p](const std::string& v) {
        if (!p.choices.empty() && std::find(p.choices.begin(), p.choices.end(), v) == p.choices.end()) {
            const std::string near = closest(v, p.choices);
            std::string list;
            for (const auto& c : p.choices) list += (list.empty() ? "" : ", ") + c;
            throw UsageError(fmt::format("'{}' is not one of {}{}", v, list, near.empty() ? "" : "; did you mean " + near + "?"));
        }
        field = v;
    };
    return p;
}

Param& Params::number(const std::string& name, double& field, const std::string& help, Range range) {
    Param& p = add(name, ParamKind::number, help);
    p.range = range.text();
    p.parse = [&field, range, &p](const std::string& v) {
        try {
            field = parse_number(v, range);
        } catch (const UsageError& e) {
            // Say the unit with the range: "(must be > 0 metres)".
            std::string m = e.what();
            const auto at = m.rfind(range.text() + ")");
            if (at != std::string::npos) m.replace(at, range.text().size(), with_unit(range, p));
            throw UsageError(m);
        }
    };
    return p;
}

Param& Params::add_integer(const std::string& name, const std::string& help, Range range,
                           std::function<void(long long)> store) {
    Param& p = add(name, ParamKind::integer, help);
    p.range = range.text();
    p.parse = [store, range, &p](const std::string& v) {
        long long n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || end != v.data() + v.size() || v.empty()) {
            // "1e3" or "2.0": say it must be whole, not just "not a number".
            double d = 0;
            const auto [e2, ec2] = std::from_chars(v.data(), v.data() + v.size(), d);
            if (ec2 == std::errc() && e2 == v.data() + v.size() && std::isfinite(d) && d == std::floor(d) &&
                std::fabs(d) < 9e15) {
                n = static_cast<long long>(d);
            } else {
                throw UsageError(fmt::format("'{}' is not a whole number", v));
            }
        }
        if (!range.contains(static_cast<double>(n)))
            throw UsageError(fmt::format("{} is out of range (must be {})", v, with_unit(range, p)));
        store(n);
    };
    return p;
}

Param& Params::flag(const std::string& name, bool& field, const std::string& help) {
    Param& p = add(name, ParamKind::flag, help);
    p.parse = [&field](const std::string& v) { field = parse_bool(v); };
    return p;
}

Param& Params::count(const std::string& name, int& field, const std::string& help) {
    Param& p = add(name, ParamKind::count, help);
    p.parse = [&field](const std::string& v) {
        field = v == "true" ? field + 1 : static_cast<int>(parse_number(v, Range::between(0, 9)));
    };
    return p;
}

Param& Params::list(const std::string& name, std::vector<std::string>& field, const std::string& help) {
    Param& p = add(name, ParamKind::list, help);
    p.repeatable = true;
    p.parse = [&field](const std::string& v) {
        if (v.empty()) throw UsageError("an empty value");
        field.push_back(v);
    };
    p.clear = [&field] { field.clear(); };
    return p;
}

Param& Params::path(const std::string& name, std::string& field, const std::string& help) {
    Param& p = add(name, ParamKind::path, help);
    p.file_in = file_before(',');
    p.parse = [&field](const std::string& v) {
        if (v.empty()) throw UsageError("an empty file name");
        field = v;
    };
    return p;
}

Param& Params::output(const std::string& name, std::string& field, const std::string& help, const std::string& role,
                      const std::string& extensions) {
    Param& p = add(name, ParamKind::output, help);
    p.role = role;
    p.extensions = extensions;
    p.group = ParamGroup::output;
    p.parse = [&field](const std::string& v) {
        if (v.empty()) throw UsageError("an empty file name");
        field = v;
    };
    return p;
}

Param* Params::find(const std::string& name) {
    for (auto& p : m_params)
        if (p.name == name || std::find(p.aliases.begin(), p.aliases.end(), name) != p.aliases.end()) return &p;
    return nullptr;
}

const Param* Params::find(const std::string& name) const { return const_cast<Params*>(this)->find(name); }

void Params::apply_defaults() {
    for (auto& p : m_params) {
        if (p.default_text.empty()) continue;
        try {
            p.parse(p.default_text);
        } catch (const UsageError& e) {
            // A declaration error, not the user's: say so loudly.
            throw std::logic_error(fmt::format("default of {}: {}", p.flag_text(), e.what()));
        }
    }
}

void Params::set(Param& p, const std::vector<std::string>& values, const std::string& where) {
    const std::string name = where.empty() ? p.flag_text() : where;
    if (!p.repeatable && p.kind != ParamKind::count && values.size() > 1) {
        // A mistyped short option ("-0" for -o) is a number to the parser, so it and what
        // follows it became this option's values: say so, rather than "given 3 times" alone.
        std::string hint;
        for (std::size_t k = 1; k < values.size() && hint.empty(); ++k)
            if (values[k].size() == 2 && values[k][0] == '-')
                hint = fmt::format("; '{}' was read as a value of {}: {}", values[k], name,
                                   values[k] == "-0" || values[k] == "-O" ? "did you mean -o (--output)?"
                                                                          : "is it a mistyped option?");
        throw UsageError(fmt::format("{}: given {} times ({}){}; give it once", name, values.size(),
                                     fmt::join(values, ", "), hint));
    }
    if (p.clear) p.clear();
    p.values.clear();
    for (const auto& v : values) {
        try {
            p.parse(v);
        } catch (const UsageError& e) {
            // A parser that names the option itself (--shard 3/3: ...) is not named twice.
            const std::string what = e.what();
            std::string msg = what.starts_with(name + " ") || what.starts_with(name + ":") ? what : fmt::format("{}: {}", name, what);
            if (!p.unit.empty() && msg.find(p.unit) == std::string::npos) msg += " (" + p.unit + ")";
            throw UsageError(msg);
        }
        p.values.push_back(v);
    }
    p.given = true;
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            cur[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                  std::tolower(static_cast<unsigned char>(b[j - 1]));
                cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
            }
            std::swap(prev, cur);
        }
        return prev[b.size()];
    };
    std::string best;
    std::size_t best_d = std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3)) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

double parse_cell_metres(const std::string& text, double low, double high) {
    const auto m = parse_metres_or(text, "");
    if (!m || *m < low || *m > high) throw UsageError(fmt::format("--cell '{}': give {:g} to {:g} metres", text, low, high));
    return *m;
}

ShardText parse_shard_text(const std::string& text) {
    const auto bad = [&](const std::string& why) {
        return UsageError(fmt::format("--shard {}: {}; give i/N, shard i of N counted from 0 (0/4 to 3/4)", text, why));
    };
    const auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) throw bad("not i/N");
    const auto number = [&](const std::string& s) {
        if (s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) throw bad("'" + s + "' is not a whole number");
        return std::stoi(s);
    };
    ShardText s{number(text.substr(0, slash)), number(text.substr(slash + 1))};
    if (s.count < 1) throw bad("N must be at least 1");
    if (s.index >= s.count) throw bad(fmt::format("i must be below N (shards are counted from 0 to {})", s.count - 1));
    return s;
}

std::string rebase_file(const Param& p, const std::string& value, const std::function<std::string(const std::string&)>& rebase) {
    if (!p.file_in) return value;
    const auto span = p.file_in(value);
    if (!span || span->begin >= value.size()) return value;
    const std::size_t end = std::min(span->end, value.size());
    if (end <= span->begin) return value;
    return value.substr(0, span->begin) + rebase(value.substr(span->begin, end - span->begin)) + value.substr(end);
}

FileIn file_before(char stop) {
    return [stop](const std::string& v) -> std::optional<FileSpan> { return FileSpan{0, v.find(stop)}; };
}

FileIn file_after(const std::string& start, char stop, bool at_front) {
    return [start, stop, at_front](const std::string& v) -> std::optional<FileSpan> {
        const auto at = v.find(start);
        if (at == std::string::npos || (at_front && at != 0)) return std::nullopt;
        const auto begin = at + start.size();
        return FileSpan{begin, v.find(stop, begin)};
    };
}

}  // namespace hotspots::steps
