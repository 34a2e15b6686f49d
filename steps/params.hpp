#pragma once
// Parameters declared once. A step binds each of its options to a typed field with a name, a
// default, help, a unit and a range or choices; the same declaration then serves the command
// line (cli/), a pack file's keys (pack/), `--help` and the option tables of docs/commands.md.
// A value is parsed once, when it is set, into its typed field.
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspots::steps {

// A bad command line, option value or pack file (exit code 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a parameter holds, for the front-ends (how to read it) and the docs.
enum class ParamKind {
    text,     // a word or a structured value ("auto", "top:5%", "band:400")
    number,   // a real number
    integer,  // a whole number
    flag,     // present or absent (true/false in a pack)
    count,    // a flag that may be repeated (-vv)
    list,     // repeatable; each value is parsed on its own
    path,     // a file read by the step (checked before any incident is read)
    output,   // a file written by the step (a pack names its own files)
};
const char* to_string(ParamKind k);

// Where a parameter belongs; decides where a pack file may set it.
enum class ParamGroup {
    input,    // the incident files and their layout: a pack's [inputs]
    filters,  // period, type and area filters: a pack's themes and steps
    areas,    // area layers: a pack's [[areas]]
    step,     // the analysis' own parameters: a pack's [[step]]
    output,   // output files: named by the pack itself
    run,      // threads, messages: the pack command's own options
};
const char* to_string(ParamGroup g);

// Dates and periods: a pack may give them relative to its month ("last 3 months").
enum class Temporal { none, date, period };

// Where a value names a file the step reads: the file's first character and one past its
// last. A pack makes that part relative to the pack file's folder, whatever the option's kind
// (a path, a list of NAME=FILE, a word with from:FILE).
struct FileSpan {
    std::size_t begin = 0, end = std::string::npos;
};
// The file's span in a value, or nullopt when this value names none ("auto", "X,Y").
using FileIn = std::function<std::optional<FileSpan>(const std::string&)>;

struct Param {
    std::string name;                  // --name on the command line, name in a pack
    std::string letter;                // a one-letter form (-o), or ""
    std::vector<std::string> aliases;  // old spellings, accepted and documented
    std::string help;
    std::string default_text;  // parsed when the parameter is not given ("" = no default)
    std::string unit;          // "metres", "days", "%"
    std::string value_name;    // how the value is shown in --help (METRES, FROM..TO)
    std::vector<std::string> choices;  // the accepted words, when there is a fixed list
    std::string range;         // numbers: the accepted range, as shown ("> 0", "0 to 100")
    std::string role;          // outputs: which product goes there ("density", "hotspots")
    std::string extensions;    // outputs: the extensions accepted, as shown (".tif")
    ParamKind kind = ParamKind::text;
    ParamGroup group = ParamGroup::step;
    Temporal temporal = Temporal::none;
    bool required = false;
    bool positional = false;
    bool repeatable = false;  // given more than once, each value is kept (lists)

    // Set when the parameter was given (not from its default), with the values as given.
    bool given = false;
    std::vector<std::string> values;
    // An output a pack named after its role ("density.tif"): its writer names the file itself,
    // so a step checks the name only when a user gave it.
    bool named_by_pack = false;

    // Parses one value into the bound field; throws UsageError with the reason (the caller
    // names the option). Lists are cleared once before their first given value.
    std::function<void(const std::string&)> parse;
    std::function<void()> clear;
    // Set when the value names a file read by the step (every path; other kinds declare it).
    FileIn file_in;

    // Fluent setters used in declarations.
    Param& def(std::string text) { default_text = std::move(text); return *this; }
    Param& in_unit(std::string u) { unit = std::move(u); return *this; }
    Param& shown_as(std::string v) { value_name = std::move(v); return *this; }
    Param& one_of(std::vector<std::string> c) { choices = std::move(c); return *this; }
    Param& alias(std::string a) { aliases.push_back(std::move(a)); return *this; }
    Param& short_form(std::string l) { letter = std::move(l); return *this; }
    Param& needed() { required = true; return *this; }
    Param& in_group(ParamGroup g) { group = g; return *this; }
    Param& dated(Temporal t) { temporal = t; return *this; }
    Param& reads_file(FileIn f) { file_in = std::move(f); return *this; }

    // The option as written on a command line: "--bandwidth".
    std::string flag_text() const { return positional ? name : "--" + name; }
};

// A numeric range, checked when a value is parsed; NaN and infinities never pass.
struct Range {
    double min = -std::numeric_limits<double>::max();
    double max = std::numeric_limits<double>::max();
    bool min_open = false, max_open = false;
    static Range above(double v) { return {v, std::numeric_limits<double>::max(), true, false}; }
    static Range at_least(double v) { return {v, std::numeric_limits<double>::max(), false, false}; }
    static Range between(double lo, double hi) { return {lo, hi, false, false}; }
    bool contains(double v) const;
    std::string text() const;  // "> 0", ">= 1", "0 to 100"
};

// "--cell" given as metres between `low` and `high` ("250", "250m", "0.25km"), for the steps whose
// cells are square only; throws UsageError naming the range.
double parse_cell_metres(const std::string& text, double low, double high);

// --shard "i/N": shard i of N, counted from 0 (as Slurm's and Kubernetes' indexes are), with
// 0 <= i < N; throws UsageError naming --shard and what to give.
struct ShardText {
    int index = 0, count = 0;
};
ShardText parse_shard_text(const std::string& text);

// The parameters of one command or step, in declaration order.
class Params {
public:
    Param& text(const std::string& name, std::string& field, const std::string& help);
    Param& number(const std::string& name, double& field, const std::string& help, Range range);
    template <class Int>
    Param& integer(const std::string& name, Int& field, const std::string& help, Range range) {
        return add_integer(name, help, range, [&field](long long v) { field = static_cast<Int>(v); });
    }
    Param& flag(const std::string& name, bool& field, const std::string& help);
    Param& count(const std::string& name, int& field, const std::string& help);
    Param& list(const std::string& name, std::vector<std::string>& field, const std::string& help);
    // A file read by the step; the path is kept as given.
    Param& path(const std::string& name, std::string& field, const std::string& help);
    // A file written by the step, for the product named `role`.
    Param& output(const std::string& name, std::string& field, const std::string& help, const std::string& role,
                  const std::string& extensions);
    // Any other typed value: `parse` turns the text into it or throws UsageError.
    template <class T, class Parse>
    Param& value(const std::string& name, T& field, const std::string& help, Parse parse) {
        Param& p = add(name, ParamKind::text, help);
        p.parse = [&field, parse](const std::string& text) { field = parse(text); };
        return p;
    }

    // Every group declared after this call is marked with `g` (the input group, say).
    void start_group(ParamGroup g) { m_group = g; }

    std::deque<Param>& all() { return m_params; }
    const std::deque<Param>& all() const { return m_params; }
    // By name or alias; nullptr when there is none.
    Param* find(const std::string& name);
    const Param* find(const std::string& name) const;

    // Parses every default. Called once the declarations are complete, before given values.
    void apply_defaults();
    // Sets a parameter from values as given (one for a single value). Throws UsageError naming
    // the option: "--bandwidth: 'abc' is not a number".
    void set(Param& p, const std::vector<std::string>& values, const std::string& where = "");

private:
    Param& add(const std::string& name, ParamKind kind, const std::string& help);
    Param& add_integer(const std::string& name, const std::string& help, Range range,
                       std::function<void(long long)> store);
    std::deque<Param> m_params;  // a deque: references handed out stay valid
    ParamGroup m_group = ParamGroup::step;
};

// `value` with the file it names (p.file_in) passed through `rebase` (made relative to a pack
// file's folder, say); the rest of the value as it was. Values naming no file are unchanged.
std::string rebase_file(const Param& p, const std::string& value, const std::function<std::string(const std::string&)>& rebase);
// The file spans of common forms: the value up to the first `stop` (PATH[,key=value...]), and
// the rest of the value after `start` up to the next `stop` (NAME=FILE, from:FILE).
FileIn file_before(char stop);
FileIn file_after(const std::string& start, char stop, bool at_front);

// Parsers shared by declarations (each throws UsageError with the reason).
double parse_number(const std::string& text, Range range);
// A distance in metres, > 0 and at most `most` (100 km by default: no city-scale grid or kernel
// needs more), or nullopt for `word` ("auto").
std::optional<double> parse_metres_or(const std::string& text, const std::string& word, double most = 1e5);
bool parse_bool(const std::string& text);

// The candidate closest to `word` (edit distance at most a third of its length, and at most
// 3), or "" when none is close: for "did you mean ...?".
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace hotspots::steps
