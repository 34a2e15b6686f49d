#include "io/incident_merge.hpp"

#include <stdexcept>
#include <utility>

namespace hotspots::io::detail {
namespace {

// Appends a later part of a file to the result: its rows follow the earlier parts', and it
// counts under the same source.
void append_part(ReadResult& result, FileOutput&& part, std::uint32_t source) {
    auto& s = result.set.sources[source];
    const auto before = s.rows;
    const auto& p = part.set.sources.front();
    s.rows += p.rows;
    s.loaded += p.loaded;
    s.rejected += p.rejected;
    s.recoded += p.recoded;
    s.outside += p.outside;
    result.details[source].plain_csv = result.details[source].plain_csv && part.detail.plain_csv;
    for (auto& inc : part.set.incidents) inc.row += static_cast<std::uint32_t>(before);
    for (auto& r : part.rejects) {
        r.source = source;
        r.row += before;
        result.rejects.push_back(std::move(r));
    }
    part.set.sources.clear();
    const std::size_t first = result.set.incidents.size();
    result.set.append(std::move(part.set));
    for (std::size_t i = first; i < result.set.incidents.size(); ++i) result.set.incidents[i].source = source;
}

}  // namespace

Merger::Merger(const std::vector<std::size_t>& task_files, std::vector<FileOutput>& outputs, std::size_t conditions,
               const std::string& work_crs)
    : m_files(task_files), m_outputs(outputs), m_done(outputs.size(), 0) {
    m_result.set.crs = work_crs;
    m_result.condition_values.assign(conditions, {});
}

void Merger::size_for(std::size_t incidents, std::optional<std::size_t> id_chars, std::size_t ids) {
    m_incidents = incidents;
    m_id_chars = id_chars;
    m_ids = ids;
}

void Merger::ready(std::size_t i) {
    {
        std::lock_guard lock(m_state);
        m_done[i] = 1;
    }
    for (;;) {
        std::unique_lock merging(m_merging, std::try_to_lock);
        if (!merging.owns_lock()) return;
        for (std::size_t k; (k = next()) < m_done.size(); ) {
            merge(k);
            std::lock_guard lock(m_state);
            ++m_merged;
        }
        merging.unlock();
        if (next() == m_done.size()) return;
    }
}

void Merger::finish() {
    const std::lock_guard merging(m_merging);
    for (std::size_t k; (k = next()) < m_done.size();) {
        merge(k);
        const std::lock_guard lock(m_state);
        ++m_merged;
    }
}

ReadResult Merger::take() {
    if (m_merged != m_done.size()) throw std::logic_error("read_incidents: a file's rows were not merged");
    return std::move(m_result);
}

std::size_t Merger::next() {
    std::lock_guard lock(m_state);
    return m_merged < m_done.size() && m_done[m_merged] ? m_merged : m_done.size();
}

void Merger::merge(std::size_t i) {
    auto& result = m_result;
    auto& out = m_outputs[i];
    for (std::size_t k = 0; k < out.condition_values.size(); ++k)
        for (const auto& [value, n] : out.condition_values[k]) {
            auto& seen = result.condition_values[k];
            if (auto it = seen.find(value); it != seen.end()) it->second += n;
            else if (seen.size() < max_values_seen) seen.emplace(value, n);
        }
    if (i > 0 && m_files[i] == m_files[i - 1]) {
        const auto source = static_cast<std::uint32_t>(result.set.sources.size() - 1);
        if (!out.lonlat.empty()) {
            // The part's rows follow the earlier parts' (append_part numbers them so).
            auto& kept = lonlat[source];
            kept.resize(result.set.sources[source].rows);
            kept.insert(kept.end(), out.lonlat.begin(), out.lonlat.end());
        }
        append_part(result, std::move(out), source);
    } else if (i == 0) {
        lonlat.push_back(std::move(out.lonlat));
        result.set.append(std::move(out.set));  // the first file's set is taken whole
        result.set.incidents.reserve(m_incidents);
        auto& taken = result.set.ids();  // the first file's: room for the others'
        // (Not the files' sizes: many large files' worth of address space at once can be
        // refused.)
        const std::size_t chars =
            m_id_chars ? *m_id_chars
            : taken.size() > 1
                ? static_cast<std::size_t>(static_cast<double>(taken.chars()) / static_cast<double>(taken.size() - 1) *
                                           static_cast<double>(m_ids) * 1.05)
                : 0;
        if (chars > taken.chars() && m_ids > taken.size()) taken.reserve(chars - taken.chars(), m_ids - taken.size());
        result.details.push_back(std::move(out.detail));
        for (auto& r : out.rejects) result.rejects.push_back(std::move(r));
    } else {
        lonlat.push_back(std::move(out.lonlat));
        const auto offset = static_cast<std::uint32_t>(result.set.sources.size());
        for (auto& r : out.rejects) {
            r.source = offset;
            result.rejects.push_back(std::move(r));
        }
        result.details.push_back(std::move(out.detail));
        result.set.append(std::move(out.set));
    }
    out = FileOutput{};  // its lists are in the result now: freed while other files are read
}

}  // namespace hotspots::io::detail
