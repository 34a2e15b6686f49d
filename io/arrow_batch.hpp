#pragma once
// Reading a GDAL layer through its Arrow C stream (OGR_L_GetArrowStream): columns arrive in
// batches of tens of thousands of rows instead of one feature object at a time.
#include <ogr_api.h>
#include <ogr_recordbatch.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace hotspots::io {

// One column of the current batch. text() renders any supported type as the text our row
// parser reads (numbers, ISO dates and date-times), point() decodes a WKB point.
class ArrowColumn {
public:
    ArrowColumn() = default;
    ArrowColumn(const ArrowSchema* schema, const ArrowArray* array);
    bool present() const noexcept { return m_array != nullptr; }
    // Empty for nulls and absent columns. The view may point into `buffer`.
    std::string_view text(std::int64_t row, std::string& buffer) const;
    // False for null or non-point geometry; a multipoint of one point counts as that point.
    bool point(std::int64_t row, double& x, double& y) const;

private:
    enum class Kind { other, utf8, large_utf8, binary, large_binary, int16, int32, int64, float32, float64,
                      boolean, date32, timestamp };
    bool is_null(std::int64_t row) const;
    const ArrowArray* m_array = nullptr;
    Kind m_kind = Kind::other;
    std::int64_t m_per_second = 1;  // timestamp unit
};

// Batches are fetched on a second thread, one or two ahead, so GDAL's reading overlaps
// the caller's parsing of the current batch.
class ArrowBatchReader {
public:
    // Starts the stream; throws IoError (naming `path`) when the driver cannot provide one.
    ArrowBatchReader(OGRLayerH layer, const std::string& path, std::vector<std::string> options);
    ~ArrowBatchReader();
    ArrowBatchReader(const ArrowBatchReader&) = delete;
    ArrowBatchReader& operator=(const ArrowBatchReader&) = delete;

    // Moves to the next batch; false at the end. Throws IoError on a stream error.
    bool next();
    std::int64_t length() const noexcept { return m_batch.length; }
    // The named column of the current batch (absent when there is no such column).
    ArrowColumn column(const std::string& name) const;

private:
    void release_batch();
    void fetch();  // the prefetching thread
    std::string m_path;
    ArrowArrayStream m_stream{};
    ArrowSchema m_schema{};
    ArrowArray m_batch{};
    bool m_has_batch = false;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<ArrowArray> m_ready;  // fetched, not yet taken
    bool m_done = false, m_stop = false;
    std::string m_error;
    std::thread m_fetcher;
};

}  // namespace hotspots::io
