#include "io/table_writer.hpp"
#include "io/c_file.hpp"
#include "io/text.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace hotspots::io {

bool plain_number(std::string_view v) {
    std::size_t i = 0;
    if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
        return i - from;
    };
    std::size_t mantissa = digits();
    if (i < v.size() && v[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) return false;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
        if (digits() == 0) return false;
    }
    return i == v.size();
}

bool formula_like(std::string_view v) {
    if (v.empty()) return false;
    switch (v.front()) {
    case '=': case '@': case '\t': case '\r': return true;
    // A number keeps its sign: -3 and -0.5 are numbers to a spreadsheet, not formulas.
    case '+': case '-': return !plain_number(v);
    default: return false;
    }
}

namespace {

// One pass over the text (find_first_of searches the four characters for every character).
bool needs_quotes(std::string_view value) {
    for (char c : value)
        if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
    return false;
}

}  // namespace

void append_csv_field(std::string& line, std::string_view value) {
    // A spreadsheet opening the file would run "=HYPERLINK(...)" or "@SUM(...)" from a street or
    // area name: a leading apostrophe makes it text (the usual practice, OWASP's "CSV injection").
    const bool neutralised = formula_like(value), quoted = needs_quotes(value);
    if (!neutralised && !quoted) {
        line += value;
        return;
    }
    if (!quoted) {
        line += '\'';
        line += value;
        return;
    }
    line += '"';
    if (neutralised) line += '\'';
    for (char c : value) {
        if (c == '"') line += '"';
        line += c;
    }
    line += '"';
}

namespace {

// Writes lines to the temporary file of an AtomicOutput and commits on success.
class CsvFile {
public:
    CsvFile(const std::string& path, const std::vector<std::string>& inputs) : m_out(path, inputs) {
        m_file.reset(std::fopen(m_out.temp_path().c_str(), "wb"));
        if (!m_file) throw IoError(path + ": cannot write");
    }
    void line(const std::string& text) {
        if (std::fwrite(text.data(), 1, text.size(), m_file.get()) != text.size() || std::fputc('\n', m_file.get()) == EOF)
            throw IoError(m_out.path() + ": write failed (disk full?)");
    }
    void commit() {
        if (std::fclose(m_file.release()) != 0) throw IoError(m_out.path() + ": write failed (disk full?)");
        m_out.commit();
    }

private:
    AtomicOutput m_out;
    std::unique_ptr<std::FILE, FileCloser> m_file;
};

}  // namespace

void write_rejects(const std::string& path, const IncidentSet& set, const std::vector<Reject>& rejects,
                   const std::vector<std::string>& inputs) {
    CsvFile out(path, inputs);
    out.line("source_file,row,reason,detail");
    std::string line;
    for (const auto& r : rejects) {
        line.clear();
        append_csv_field(line, set.sources[r.source].path);
        line += fmt::format(",{},{},", r.row, to_string(r.reason));
        append_csv_field(line, utf8_safe(r.detail));  // every output is UTF-8, whatever the input held
        out.line(line);
    }
    out.commit();
}

void write_table(const std::string& path, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata,
                 const std::vector<std::string>& inputs) {
    auto line_of = [](const std::vector<std::string>& fields) {
        std::string line;
        for (std::size_t k = 0; k < fields.size(); ++k) {
            if (k) line += ',';
            append_csv_field(line, fields[k]);
        }
        return line;
    };
    CsvFile out(path, inputs);
    out.line(line_of(header));
    for (const auto& r : rows) out.line(line_of(r));
    if (metadata.is_null()) {
        out.commit();
        return;
    }
    CsvFile meta(path + ".meta.json", inputs);
    meta.line(metadata.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    out.commit();
    meta.commit();
}

void write_csv_lines(const std::string& path, const std::vector<std::string>& header, const std::string& lines,
                     const nlohmann::json& metadata, const std::vector<std::string>& inputs) {
    std::string text;
    for (std::size_t h = 0; h < header.size(); ++h) {
        if (h) text += ',';
        append_csv_field(text, header[h]);
    }
    write_text(path, text + "\n" + lines, inputs);
    if (!metadata.is_null())
        write_text(path + ".meta.json", metadata.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", inputs);
}

void write_text(const std::string& path, const std::string& text, const std::vector<std::string>& inputs) {
    CsvFile out(path, inputs);
    out.line(text.substr(0, text.empty() || text.back() != '\n' ? text.size() : text.size() - 1));
    out.commit();
}

}  // namespace hotspots::io
