#pragma once
// dashboard: the board's added columns: the financial year to date (dashboard_periods.cpp),
// the group ranks and targets (dashboard_compare.cpp).
#include "io/feature_writer.hpp"
#include "steps/dashboard.hpp"

namespace hotspots::steps {

// The columns, after the board's own; nothing without --financial-year.
void add_fytd_fields(const DashboardResult& r, io::FeatureTable& t);
// Reported area k's and theme th's values for those columns.
void add_fytd_values(const DashboardResult& r, std::size_t k, std::size_t th, std::vector<io::FieldValue>& row);
// The names of the count columns and the months each counts.
std::vector<std::pair<std::string, std::pair<int, int>>> fytd_count_columns(const DashboardResult& r);

// The group ranks' and targets' columns and values; nothing without --compare-with, --targets.
void add_compare_fields(const DashboardResult& r, io::FeatureTable& t);
void add_compare_values(const DashboardResult& r, std::size_t k, std::size_t th, std::vector<io::FieldValue>& row);

}  // namespace hotspots::steps
