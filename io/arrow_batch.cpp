#include "io/arrow_batch.hpp"
#include "io/text.hpp"

#include "model/time.hpp"
#include "io/gdal_util.hpp"
#include "io/wkb.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace hotspots::io {
namespace {

template <typename T>
T value_at(const ArrowArray* a, int buffer, std::int64_t i) {
    T v;
    std::memcpy(&v, static_cast<const char*>(a->buffers[buffer]) + (a->offset + i) * static_cast<std::int64_t>(sizeof(T)),
                sizeof(T));
    return v;
}

// Offsets and data of a (large) string or binary array.
std::string_view bytes_at(const ArrowArray* a, std::int64_t i, bool large) {
    std::int64_t begin = 0, end = 0;
    if (large) {
        begin = value_at<std::int64_t>(a, 1, i);
        end = value_at<std::int64_t>(a, 1, i + 1);
    } else {
        begin = value_at<std::int32_t>(a, 1, i);
        end = value_at<std::int32_t>(a, 1, i + 1);
    }
    return {static_cast<const char*>(a->buffers[2]) + begin, static_cast<std::size_t>(end - begin)};
}

std::string_view time_text(Seconds t, bool with_time, std::string& buffer) {
    buffer = with_time ? format_datetime(t) : format_date(t);
    return buffer;
}

using wkb::read_double;
using wkb::read_u32;

// A WKB point (2D, Z, M or ZM in ISO or EWKB-style flags); false otherwise or when empty.
bool wkb_point(std::string_view w, double& x, double& y, int depth = 0) {
    if (w.size() < 5) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(w.data());
    const bool little = p[0] == 1;
    const std::uint32_t type = read_u32(p + 1, little) & 0x0FFFFFFF;
    const std::uint32_t base = type % 1000;
    if (base == 1) {
        if (w.size() < 21) return false;
        x = read_double(p + 5, little);
        y = read_double(p + 13, little);
        return x == x && y == y;  // POINT EMPTY is NaN, NaN
    }
    if (base == 4 && depth == 0 && w.size() >= 9 && read_u32(p + 5, little) == 1) return wkb_point(w.substr(9), x, y, 1);
    return false;
}

}  // namespace

ArrowColumn::ArrowColumn(const ArrowSchema* schema, const ArrowArray* array) : m_array(array) {
    // The format string is looked at once per batch, not once per value.
    const std::string f = schema->format;
    if (f == "u") m_kind = Kind::utf8;
    else if (f == "U") m_kind = Kind::large_utf8;
    else if (f == "z") m_kind = Kind::binary;
    else if (f == "Z") m_kind = Kind::large_binary;
    else if (f == "s") m_kind = Kind::int16;
    else if (f == "i") m_kind = Kind::int32;
    else if (f == "l") m_kind = Kind::int64;
    else if (f == "f") m_kind = Kind::float32;
    else if (f == "g") m_kind = Kind::float64;
    else if (f == "b") m_kind = Kind::boolean;
    else if (f == "tdD") m_kind = Kind::date32;
    else if (f.rfind("ts", 0) == 0 && f.size() >= 3) {
        m_kind = Kind::timestamp;
        m_per_second = f[2] == 's' ? 1 : f[2] == 'm' ? 1000 : f[2] == 'u' ? 1000000 : 1000000000;
    }
}

bool ArrowColumn::is_null(std::int64_t row) const {
    if (m_array->null_count == 0 || !m_array->buffers[0]) return false;
    const std::int64_t bit = m_array->offset + row;
    return (static_cast<const std::uint8_t*>(m_array->buffers[0])[bit / 8] & (1u << (bit % 8))) == 0;
}

std::string_view ArrowColumn::text(std::int64_t row, std::string& buffer) const {
    if (!m_array || is_null(row)) return {};
    switch (m_kind) {
        case Kind::utf8:
        case Kind::binary: return bytes_at(m_array, row, false);
        case Kind::large_utf8:
        case Kind::large_binary: return bytes_at(m_array, row, true);
        case Kind::int16: return number_text(value_at<std::int16_t>(m_array, 1, row), buffer);
        case Kind::int32: return number_text(value_at<std::int32_t>(m_array, 1, row), buffer);
        case Kind::int64: return number_text(value_at<std::int64_t>(m_array, 1, row), buffer);
        case Kind::float32: return number_text(value_at<float>(m_array, 1, row), buffer);
        case Kind::float64: return number_text(value_at<double>(m_array, 1, row), buffer);
        case Kind::boolean: {
            const std::int64_t bit = m_array->offset + row;
            return (static_cast<const std::uint8_t*>(m_array->buffers[1])[bit / 8] >> (bit % 8)) & 1 ? "1" : "0";
        }
        case Kind::date32: return time_text(Seconds{value_at<std::int32_t>(m_array, 1, row)} * 86400, false, buffer);
        case Kind::timestamp: {
            const std::int64_t v = value_at<std::int64_t>(m_array, 1, row);
            // Floor division, so times before 1970 land in the right second.
            const std::int64_t s = v >= 0 ? v / m_per_second : -((-v + m_per_second - 1) / m_per_second);
            return time_text(s, true, buffer);
        }
        case Kind::other: break;
    }
    return {};  // types an incident table does not use
}

bool ArrowColumn::point(std::int64_t row, double& x, double& y) const {
    if (!m_array || is_null(row)) return false;
    if (m_kind != Kind::binary && m_kind != Kind::large_binary) return false;
    return wkb_point(bytes_at(m_array, row, m_kind == Kind::large_binary), x, y);
}

ArrowBatchReader::ArrowBatchReader(OGRLayerH layer, const std::string& path, std::vector<std::string> options)
    : m_path(path) {
    char** opts = nullptr;
    for (const auto& o : options) opts = CSLAddString(opts, o.c_str());
    const bool ok = OGR_L_GetArrowStream(layer, &m_stream, opts);
    CSLDestroy(opts);
    if (!ok) throw IoError(path + ": cannot read as an Arrow stream (" + last_gdal_error() + ")");
    if (m_stream.get_schema(&m_stream, &m_schema) != 0) {
        m_stream.release(&m_stream);
        throw IoError(path + ": cannot read the Arrow schema");
    }
    m_fetcher = std::thread([this] { fetch(); });
}

void ArrowBatchReader::fetch() {
    constexpr std::size_t ahead = 2;
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stop || m_ready.size() < ahead; });
            if (m_stop) break;
        }
        ArrowArray batch{};
        const int rc = m_stream.get_next(&m_stream, &batch);
        std::lock_guard lock(m_mutex);
        if (rc != 0) {
            const char* e = m_stream.get_last_error(&m_stream);
            m_error = m_path + ": read error (" + std::string(e ? e : "unknown") + ")";
        }
        if (rc != 0 || !batch.release) {
            m_done = true;
            m_changed.notify_all();
            break;
        }
        m_ready.push_back(batch);
        m_changed.notify_all();
    }
}

ArrowBatchReader::~ArrowBatchReader() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_fetcher.joinable()) m_fetcher.join();
    for (auto& b : m_ready)
        if (b.release) b.release(&b);
    release_batch();
    if (m_schema.release) m_schema.release(&m_schema);
    if (m_stream.release) m_stream.release(&m_stream);
}

void ArrowBatchReader::release_batch() {
    if (m_has_batch && m_batch.release) m_batch.release(&m_batch);
    m_has_batch = false;
}

bool ArrowBatchReader::next() {
    release_batch();
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_ready.empty() || m_done; });
    if (m_ready.empty()) {
        if (!m_error.empty()) throw IoError(m_error);
        return false;
    }
    m_batch = m_ready.front();
    m_ready.pop_front();
    m_has_batch = true;
    m_changed.notify_all();
    return true;
}

ArrowColumn ArrowBatchReader::column(const std::string& name) const {
    if (!m_has_batch) return {};
    for (std::int64_t i = 0; i < m_schema.n_children; ++i)
        if (name == m_schema.children[i]->name) return ArrowColumn(m_schema.children[i], m_batch.children[i]);
    return {};
}

}  // namespace hotspots::io
