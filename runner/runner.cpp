#include "runner/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace hotspots::runner {

using steps::UsageError;

void declare_front(steps::Params& p, FrontParams& o) {
    report::declare_publish(p, o.publish);
    report::declare_report(p, o.report);
    p.start_group(steps::ParamGroup::run);
    p.flag("check", o.check, "Only check: the options, the area and side files, the inputs' names and where the outputs "
                             "go; read no incident and write nothing (e.g. before queuing scheduler tasks)");
}

void StepRun::check(steps::Context& ctx, const steps::AreaLayers& areas) {
    m_step.check(ctx, areas);
    if (m_step.reads_incidents() && m_step.wants_incidents())
        steps::check_filters(m_step.filters(), areas, m_step.weighs_incidents());
}

void StepRun::run(steps::Ingested data, steps::Context& ctx, const std::string& label) {
    const auto start = std::chrono::steady_clock::now();
    m_data = std::move(data);
    try {
        m_result = m_step.run(m_data, ctx);
    } catch (const UsageError& e) {
        if (label.empty()) throw;
        throw UsageError(label + e.what());
    } catch (const std::exception& e) {
        if (label.empty()) throw;
        throw std::runtime_error(label + e.what());
    }
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void StepRun::skip(steps::Ingested data, std::string reason) {
    m_data = std::move(data);
    m_result.reset();
    m_skipped = std::move(reason);
}

void StepRun::write(steps::Writer& writer) {
    const auto start = std::chrono::steady_clock::now();
    m_step.write(*m_result, writer);
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string StepRun::summary() const { return m_result ? m_step.report(*m_result) : std::string(); }

report::StepEntry StepRun::entry(const std::string& name, const std::string& theme) const {
    report::StepEntry e;
    e.name = name;
    e.run = m_step.info().name;
    e.theme = theme;
    e.parameters = steps::params_json(m_step.params());
    e.incidents = m_data.set.incidents.size();
    const auto& f = m_data.filtered;
    e.filtered_out = report::FilteredOut{f.before_from, f.after_to, f.other_type, f.outside_within};
    e.seconds = std::round(m_seconds * 1000) / 1000;
    if (m_result) {
        if (auto h = m_step.headline(*m_result); !h.empty()) e.headline = std::move(h);
        if (auto p = m_step.period(*m_result); !p.empty()) e.period = std::move(p);
    }
    if (!m_skipped.empty()) {
        e.skipped = m_skipped;
        e.incidents = 0;  // it used none (its selection is kept for what the filters dropped)
    }
    return e;
}

void StepRun::release() {
    m_result.reset();
    m_data = {};
}

steps::Ingested& SharedReading::read(const steps::InputParams& input, const std::vector<std::string>& files,
                                     const steps::Needs& needs, const steps::AreaLayers& areas,
                                     const report::PublishParams& publish, steps::Context& ctx) {
    m_base = steps::read_incidents(input, files, needs, ctx);
    steps::map_areas(m_base, areas, ctx);
    removed = report::remove_sensitive(m_base, publish, ctx);
    return m_base;
}

steps::Ingested SharedReading::select(const steps::Ingested& base, const steps::FilterParams& filters,
                                      const std::string& harm_weights, steps::Context& ctx, steps::Log& log) {
    steps::Ingested in = steps::select_period_type(base, filters);
    steps::filter_within(in, filters);
    if (!harm_weights.empty()) steps::apply_harm_weights(in.set, ctx.weights(harm_weights, "harm-weights"), harm_weights);
    steps::log_filtered(in, log);
    return in;
}

}  // namespace hotspots::runner
