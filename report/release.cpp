// The release: each step's products held with the incidents they count, then protected as a
// whole and written (commit); the audit's summary.
#include "report/release_detail.hpp"

#include "io/atomic_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotspots::report {
namespace {

using detail::Held;

// A release-wide id for an incident: its input, source file and row.
std::uint64_t global_id(std::size_t input, const Incident& i) {
    return (static_cast<std::uint64_t>(input) << 56) | (static_cast<std::uint64_t>(i.source & 0xffffff) << 32) | i.row;
}

// What an incident is, for its record key: the same in every release that holds it.
std::string identity(const IncidentSet& set, const Incident& i) {
    return fmt::format("{}|{:.1f}|{:.1f}|{}|{}|{}", set.id(i), i.x, i.y, i.from, i.to, set.text(i.crime_type));
}

}  // namespace

Release::Release(const PublishParams& o, Log& log) : m(std::make_unique<Impl>(o, log)) {
    if (o.method == "cell-key") m->secret = publish_secret(o, log);
}

Release::~Release() = default;

Writer& Release::step(std::unique_ptr<Writer> inner, const steps::StepInfo& info, const steps::Ingested& data,
                      std::size_t input, const std::string& label, Log& log) {
    auto& w = step(*inner, info, data, input, label, log);
    m->steps.back()->owned = std::move(inner);
    return w;
}

Writer& Release::step(Writer& inner, const steps::StepInfo& info, const steps::Ingested& data, std::size_t input,
                      const std::string& label, Log& log) {
    auto s = std::make_unique<Impl::StepHeld>();
    s->label = label;
    s->input = input;
    s->info = info;
    s->inner = &inner;
    s->log = &log;
    s->ids.reserve(data.set.incidents.size());
    for (const auto& i : data.set.incidents) {
        s->ids.push_back(global_id(input, i));
        s->xy.emplace_back(i.x, i.y);
        if (!m->secret.empty()) m->keys.emplace(s->ids.back(), record_key(m->secret, identity(data.set, i)));
    }
    // The step's count of incidents is a count of the release too (the manifest and the
    // metadata publish it).
    DisclosureCell total;
    total.members = s->ids;
    std::sort(total.members.begin(), total.members.end());
    total.members.erase(std::unique(total.members.begin(), total.members.end()), total.members.end());
    total.value = static_cast<double>(data.set.incidents.size());
    total.opaque = total.members.size() != data.set.incidents.size();
    total.group = m->steps.size();
    s->total = m->cells.size();
    m->cells.push_back(std::move(total));
    m->cell_at.push_back({static_cast<std::size_t>(-1), m->steps.size(), 0});
    s->writer = std::make_unique<StepWriter>(*m, m->steps.size());
    m->steps.push_back(std::move(s));
    return *m->steps.back()->writer;
}

void Release::commit() {
    m->protect();
    for (auto& h : m->held) m->apply(h);
    const auto statement = publish_statement(m->o, m->audit.to_json());
    io::CommitTogether together;
    for (auto& h : m->held) {
        auto& inner = *m->steps[h.step]->inner;
        if (h.kind == Held::Kind::raster) {
            h.raster.grid = &h.grid;
            h.raster.values = &h.values;
            h.raster.metadata["published"] = statement;
            inner.raster(h.role, h.raster, h.style);
        } else if (h.kind == Held::Kind::features) {
            h.table.metadata["published"] = statement;
            inner.features(h.role, h.table, h.style);
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const auto& r : h.table.rows) {
                std::vector<std::string> line;
                for (const auto& v : r) line.push_back(std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string());
                rows.push_back(std::move(line));
            }
            h.table.metadata["published"] = statement;
            inner.table(h.role, h.header, rows, h.table.metadata);
        }
    }
    together.commit();
    m->committed = true;
    m->log.note(fmt::format("--publish: {} counts protected by {}{}", m->audit.counts, m->audit.method,
                            m->audit.method == "suppression"
                                ? fmt::format(" ({} hidden below {}, {} more so that none can be worked out)", m->audit.primary,
                                              m->o.suppress_below, m->audit.secondary)
                                : fmt::format(" ({} changed)", m->audit.perturbed)));
}

nlohmann::json Release::step_incidents(const std::string& label) const {
    for (const auto& s : m->steps)
        if (s->label == label) {
            const std::string& v = m->published[s->total];
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            return end && *end == '\0' && !v.empty() ? nlohmann::json(n) : nlohmann::json(v);
        }
    return nullptr;
}

const ReleaseAudit& Release::audit() const { return m->audit; }

nlohmann::json ReleaseAudit::to_json() const {
    nlohmann::json j = {{"method", method}, {"counts", counts}};
    if (method == "suppression") {
        j["hidden_below_threshold"] = primary;
        j["hidden_secondary"] = secondary;
        j["protection"] = protection;
        if (withheld) j["withheld_unplaced"] = withheld;
        double narrowest = std::numeric_limits<double>::infinity();
        for (const auto& h : hidden)
            if (h.marker.starts_with("<")) narrowest = std::min(narrowest, std::floor(h.high) - std::ceil(std::max(1.0, h.low)) + 1);
        if (std::isfinite(narrowest)) j["fewest_values_open"] = narrowest;
    } else {
        j["changed"] = perturbed;
    }
    if (withheld_short) {
        j["withheld_short_segments"] = withheld_short;
        j["min_street_length_m"] = min_street_length;
    }
    return j;
}

}  // namespace hotspots::report
