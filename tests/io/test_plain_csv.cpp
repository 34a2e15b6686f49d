// Plain CSV files are read without GDAL (io/plain_csv.hpp): the same incidents, rejects and
// counts as GDAL's CSV driver gives, and anything unusual is left to GDAL.
#include "io/incident_reader.hpp"
#include "io/plain_csv.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <random>

using namespace hotspots;
using namespace hotspots::io;
using hotspots::test::TempDir;

namespace {

const std::string header =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome "
    "category,Context";

// A police.uk file with rows rejected for several reasons, empty ids and fields, values with
// spaces and a Latin-1 byte; `eol` ends each line.
std::string police_rows(const std::string& eol, int n) {
    std::string text = header + eol;
    for (int i = 1; i <= n; ++i) {
        const std::string lon = i % 41 == 0 ? "" : fmt::format("{:.6f}", -0.30 + (i * 37 % 1000) * 1e-4);
        const std::string lat = i % 59 == 0 ? "51.x" : fmt::format("{:.6f}", 51.55 + (i * 53 % 1000) * 1e-4);
        const std::string month = i % 67 == 0 ? "2019-13" : fmt::format("2019-{:02d}", 1 + i % 12);
        const std::string place = i % 13 == 0 ? "On or near Caf\xE9 Street" : i % 5 == 0 ? " On or near  Park Road " : "On or near High Street";
        text += fmt::format("{},{},Met,Met,{},{},{},E0100{},Barnet 0{},{},,{}", i % 3 ? fmt::format("id{}", i) : "", month,
                            lon, lat, place, 1000 + i % 17, i % 17, i % 4 ? "Burglary" : "Anti-social behaviour",
                            i % 7 == 0 ? "note" : "");
        if (i < n || eol.size() != 1) text += eol;  // the last row of a "\n" file has no line end
    }
    return text;
}

std::string semicolons(std::string text) {
    std::replace(text.begin(), text.end(), ',', ';');
    return text;
}

void same(const ReadResult& a, const ReadResult& b) {
    REQUIRE(a.set.sources.size() == b.set.sources.size());
    for (std::size_t s = 0; s < a.set.sources.size(); ++s) {
        CHECK(a.set.sources[s].rows == b.set.sources[s].rows);
        CHECK(a.set.sources[s].loaded == b.set.sources[s].loaded);
        CHECK(a.set.sources[s].rejected == b.set.sources[s].rejected);
        CHECK(a.set.sources[s].recoded == b.set.sources[s].recoded);
        CHECK(a.set.sources[s].schema == b.set.sources[s].schema);
    }
    REQUIRE(a.set.incidents.size() == b.set.incidents.size());
    for (std::size_t i = 0; i < a.set.incidents.size(); ++i) {
        const auto &p = a.set.incidents[i], &q = b.set.incidents[i];
        INFO("incident " << i);
        REQUIRE(p.row == q.row);
        REQUIRE(p.source == q.source);
        REQUIRE(p.x == q.x);
        REQUIRE(p.y == q.y);
        REQUIRE(p.from == q.from);
        REQUIRE(p.to == q.to);
        REQUIRE(p.flags == q.flags);
        REQUIRE(p.category == q.category);
        REQUIRE(a.set.id(p) == b.set.id(q));
        REQUIRE(a.set.text(p.crime_type) == b.set.text(q.crime_type));
        REQUIRE(a.set.text(p.location) == b.set.text(q.location));
        REQUIRE(a.set.text(p.lsoa_code) == b.set.text(q.lsoa_code));
        REQUIRE(a.set.text(p.lsoa_name) == b.set.text(q.lsoa_name));
    }
    REQUIRE(a.rejects.size() == b.rejects.size());
    for (std::size_t i = 0; i < a.rejects.size(); ++i) {
        CHECK(a.rejects[i].source == b.rejects[i].source);
        CHECK(a.rejects[i].row == b.rejects[i].row);
        CHECK(a.rejects[i].reason == b.rejects[i].reason);
        CHECK(a.rejects[i].detail == b.rejects[i].detail);
    }
    CHECK(a.condition_values == b.condition_values);
}

ReadResult read(const std::vector<std::string>& paths, bool plain, unsigned threads = 1, std::uint64_t split = 32 << 20) {
    ReadOptions o;
    o.plain_csv = plain;
    o.threads = threads;
    o.split_csv_above = split;
    o.conditions = {parse_condition("Context=note")};
    return read_incidents(paths, o);
}

}  // namespace

TEST_CASE("a plain police.uk file read without GDAL gives what GDAL gives", "[reader][plain_csv]") {
    TempDir dir;
    for (const std::string eol : {"\n", "\r\n"}) {
        INFO("line end " << (eol.size() == 2 ? "CRLF" : "LF"));
        const auto path = dir.write(eol.size() == 2 ? "crlf.csv" : "lf.csv", police_rows(eol, 2000));
        const auto gdal = read({path}, false), plain = read({path}, true);
        CHECK_FALSE(gdal.details[0].plain_csv);
        CHECK(plain.details[0].plain_csv);
        same(gdal, plain);
        CHECK(plain.rejects.size() > 60);         // the planted missing, bad and impossible values
        CHECK(plain.set.sources[0].recoded > 0);  // the Latin-1 street
    }
}

TEST_CASE("a plain file read in parts without GDAL gives what GDAL gives whole", "[reader][plain_csv]") {
    TempDir dir;
    std::vector<std::string> paths = {dir.write("a.csv", police_rows("\n", 3000)), dir.write("b.csv", police_rows("\r\n", 1500))};
    const auto gdal = read(paths, false);
    for (unsigned threads : {2u, 3u}) {
        INFO(threads << " threads");
        const auto parts = read(paths, true, threads, 1000);
        CHECK(parts.details[0].plain_csv);
        CHECK(parts.details[1].plain_csv);
        same(gdal, parts);
    }
}

TEST_CASE("files with anything GDAL interprets are left to GDAL", "[reader][plain_csv]") {
    TempDir dir;
    const std::string row = "x1,2019-01,Met,Met,-0.2,51.6,On or near A,E01000250,Barnet 001C,Burglary,,";
    const std::pair<const char*, std::string> cases[] = {
        {"a quoted field", header + "\n" + row + "\n" + "x2,2019-01,Met,Met,-0.2,51.6,\"On or near B, C\",E,N,Burglary,,\n"},
        {"a blank line", header + "\n" + row + "\n\n" + row + "\n"},
        {"a short row", header + "\n" + row + "\nx3,2019-01,Met,Met,-0.2,51.6\n"},
        {"a long row", header + "\n" + row + ",extra\n"},
        {"a byte-order mark", "\xEF\xBB\xBF" + header + "\n" + row + "\n"},
        {"a lone carriage return", header + "\n" + row + "\r" + row + "\n"},
        {"a NUL line", header + "\n" + row + "\n" + std::string(1, '\0') + row + "\n" + row + "\n"},
        {"semicolons", semicolons(header + "\n" + row + "\n")},
    };
    for (const auto& [what, text] : cases) {
        INFO(what);
        const auto path = dir.write("odd.csv", text);
        const auto gdal = read({path}, false), plain = read({path}, true);
        CHECK_FALSE(plain.details[0].plain_csv);
        same(gdal, plain);
    }
}

TEST_CASE("plain CSV: the header and the records as split here", "[plain_csv]") {
    TempDir dir;
    const auto path = dir.write("h.csv", "a,b,,d\r\n1,,3,\n,x y ,z,4");
    const auto h = plain_csv_header(path);
    REQUIRE(h);
    CHECK(h->names == std::vector<std::string>{"a", "b", "", "d"});
    CHECK(h->records == 8);
    auto csv = PlainCsv::load(path, h->records, 23, 4);
    REQUIRE(csv);
    std::vector<std::string_view> f;
    REQUIRE(csv->next(f));
    CHECK(f == std::vector<std::string_view>{"1", "", "3", ""});
    REQUIRE(csv->next(f));
    CHECK(f == std::vector<std::string_view>{"", "x y ", "z", "4"});
    CHECK_FALSE(csv->next(f));
    CHECK_FALSE(PlainCsv::load(path, h->records, 23, 3));  // rows of another width
    CHECK_FALSE(plain_csv_header(dir.write("one.csv", "a\n1\n")));
    CHECK_FALSE(plain_csv_header(dir.write("q.csv", "\"a\",b\n1,2\n")));
}

TEST_CASE("plain CSV: a buffer reused from a longer file holds only the new records", "[plain_csv]") {
    TempDir dir;
    const auto longer = dir.write("long.csv", "a,b\n" + std::string(5000, 'x') + ",1\nlast,2\n");
    const auto shorter = dir.write("short.csv", "a,b\n3,4\n5,6\n");
    auto first = PlainCsv::load(longer, 4, 5000 + 4 + 3 + 7, 2);
    REQUIRE(first);
    std::vector<std::string_view> f;
    while (first->next(f)) {
    }
    std::string buffer = first->release();
    CHECK(buffer.capacity() >= 5000);
    auto second = PlainCsv::load(shorter, 4, 12, 2, std::move(buffer));
    REQUIRE(second);
    REQUIRE(second->next(f));
    CHECK(f == std::vector<std::string_view>{"3", "4"});
    REQUIRE(second->next(f));
    CHECK(f == std::vector<std::string_view>{"5", "6"});
    CHECK_FALSE(second->next(f));  // nothing of the longer file's bytes after them
    // Then longer again, into the shorter file's buffer: every byte is the file's.
    auto third = PlainCsv::load(longer, 4, 5000 + 4 + 3 + 7, 2, second->release());
    REQUIRE(third);
    const std::string xs(5000, 'x');
    REQUIRE(third->next(f));
    CHECK(f == std::vector<std::string_view>{xs, "1"});
    REQUIRE(third->next(f));
    CHECK(f == std::vector<std::string_view>{"last", "2"});
}

namespace {

// The rules of io/plain_csv.hpp a byte at a time: the records of `text` split at commas, or
// nullopt when it is not plain.
std::optional<std::vector<std::vector<std::string>>> split_slowly(const std::string& text, std::size_t fields) {
    std::vector<std::vector<std::string>> records;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t eol = text.find('\n', at);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(at, eol - at);
        at = eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.size() > plain_csv_max_line) return std::nullopt;
        std::vector<std::string> record(1);
        for (char c : line) {
            if (c == '"' || c == '\0' || c == '\r') return std::nullopt;
            if (c == ',') record.emplace_back();
            else record.back() += c;
        }
        if (record.size() != fields) return std::nullopt;
        records.push_back(std::move(record));
    }
    return records;
}

}  // namespace

TEST_CASE("plain CSV: random text split as a byte-at-a-time reading splits it", "[plain_csv]") {
    TempDir dir;
    std::mt19937 random(20261207);
    // Mostly plain rows of uneven lengths (fields end on every side of the 16-byte blocks the
    // splitter looks at), with now and then a byte that makes the text not plain.
    const std::string plain_bytes = "abcdefgh ,,,";
    const std::string odd_bytes = std::string("\"\r\n,\0", 5);
    struct Case {
        std::size_t fields, begin;
        std::string text;
    };
    std::vector<Case> cases;
    std::string all;  // every case's text, end to end in one file, each loaded from its bytes
    for (int round = 0; round < 3000; ++round) {
        const std::size_t fields = 2 + random() % 4;
        const bool crlf = random() % 3 == 0;
        std::string text;
        const std::size_t lines = random() % 6;
        for (std::size_t l = 0; l < lines; ++l) {
            for (std::size_t f = 0; f < fields; ++f) {
                if (f) text += ',';
                const std::size_t len = random() % (round % 2 ? 40 : 6);
                for (std::size_t k = 0; k < len; ++k) text += "abcdefgh XYZ0123"[random() % 16];
            }
            if (random() % 40 == 0) text.insert(random() % (text.size() + 1), 1, odd_bytes[random() % odd_bytes.size()]);
            if (random() % 60 == 0) text += plain_bytes[random() % plain_bytes.size()];
            if (l + 1 < lines || random() % 2) text += crlf ? "\r\n" : "\n";
        }
        cases.push_back({fields, all.size(), text});
        all += text;
    }
    const auto path = dir.write("r.csv", all);
    int plain = 0, not_plain = 0;
    for (std::size_t round = 0; round < cases.size(); ++round) {
        const auto& [fields, begin, text] = cases[round];
        INFO("round " << round << ", " << fields << " fields: " << text);
        const auto expected = split_slowly(text, fields);
        auto csv = PlainCsv::load(path, begin, begin + text.size(), fields);
        REQUIRE(csv.has_value() == expected.has_value());
        if (!csv) {
            ++not_plain;
            continue;
        }
        ++plain;
        std::vector<std::string_view> got;
        for (const auto& record : *expected) {
            REQUIRE(csv->next(got));
            REQUIRE(std::vector<std::string>(got.begin(), got.end()) == record);
        }
        CHECK_FALSE(csv->next(got));
    }
    // Both kinds were tried, many times.
    CHECK(plain > 1000);
    CHECK(not_plain > 100);
}
