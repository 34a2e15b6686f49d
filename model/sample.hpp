#pragma once
// The synthetic sample data set as data: areas, incidents in both layouts, addresses and the
// planted ground truth (see docs/sample-data.md). Made by hotspots/sample_generator, written
// by io/sample_writer.
#include "model/geometry.hpp"
#include "model/category.hpp"
#include "model/time.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

struct SampleArea {
    std::string code, name, parent_code;
    Wkb wkb;  // British National Grid
    long population = 0;
};

struct SampleIncident {
    // Police export view: exact point and time.
    std::string ref, offence, address_ref, street;
    Category category = Category::unclassified;
    double x = 0, y = 0;
    Seconds from = 0, to = 0;
    bool has_range = false;
    bool knife = false, domestic = false;  // flags police exports carry
    std::string victim_key, caller_key;    // who was the victim (violence, robbery, burglary), who called (ASB)
    // data.police.uk view: month, snapped point, LSOA, outcome.
    std::string crime_id, lsoa_code, lsoa_name, outcome;
    double lon = 0, lat = 0;
};

struct PlantedHotspot {
    std::string id;
    Category category;
    double x, y, sd;
    int count;
    // The planted time signature ("" for none): hours as --hours, weekdays, temporal class.
    std::string hours, weekdays, temporal_class;
};

struct PlantedRepeat {
    std::string address_ref;
    double x, y;
    int count;
};

struct ChainLink {
    int chain, position;
    std::string ref;
    double x, y;
    Seconds from;
};

// A planted change of level: from `first_month` on, `per_month` more incidents of `category`
// a month in one ward (change points, docs/dashboard.md).
struct PlantedShift {
    std::string ward_code;
    Category category;
    int first_month = 0;  // month_number()
    int per_month = 0;
};

struct SampleAddress {
    std::string ref, street;
    double x = 0, y = 0;
};

// A street of the synthetic network (walks): its vertices are street points, in order.
struct SampleRoad {
    std::string name, highway;  // highway: OpenStreetMap's class (residential, primary, footway, motorway)
    std::vector<std::size_t> points;  // indexes into Sample::street_points
};

// A planted hot street (docs/sample-data.md): incidents of one category spread along a road
// of the network, from its first street point to its last.
struct PlantedStreet {
    std::string name;
    Category category;
    int count = 0;
    double length = 0;  // metres along the road
    XY from, to;        // its ends
};

// Repeat victims and callers: each incident of `group` takes an earlier key of its group from
// the last `window_days` with probability `reuse`, else a new key (docs/sample-data.md).
struct PlantedRepeatKeys {
    std::string group, column;
    double reuse = 0;
    int window_days = 0;
};

// A planted risk factor (risk terrain, docs/sample-data.md): extra incidents of `category` in the
// 100 m cells whose centre is within 100 m of each premises, none near the decoys.
struct PlantedRiskFactor {
    Category category = Category::unclassified;
    int incidents = 0;      // planted
    int near_cells = 0;     // cells of 100 m whose centre lies within 100 m of a premises
    double background = 0;  // the category's incidents per cell of the area before the plant
    double relative_risk = 0;  // 1 + incidents / near_cells / background: the expected ratio
};

// A planted space-time cluster (scan, docs/sample-data.md): `count` incidents of `category` at
// addresses within `radius` metres of (x, y), on days `first_day`..`last_day` (both inclusive).
struct PlantedCluster {
    Category category;
    double x = 0, y = 0, radius = 0;
    Seconds first_day = 0, last_day = 0;  // the start of each day
    int count = 0;
};

struct Sample {
    std::vector<SampleArea> wards, boroughs, bcu;
    std::vector<SampleIncident> incidents;  // sorted by time, then ref
    std::vector<PlantedHotspot> hotspots;
    std::vector<PlantedRepeat> repeats;
    std::vector<ChainLink> chains;
    std::vector<PlantedShift> shifts;
    std::vector<PlantedCluster> clusters;
    std::vector<SampleAddress> addresses;  // households and premises (for cocooning lists)
    std::vector<SampleAddress> lights, cameras;  // street lights (candidate sites) and existing cameras
    std::vector<XY> street_points;  // data.police.uk's map points, British National Grid
    std::vector<SampleRoad> roads;  // the street network through them
    std::vector<PlantedStreet> hot_streets;
    std::vector<PlantedRepeatKeys> repeat_keys;
    std::vector<SampleAddress> premises, decoys;  // licensed premises (a planted risk factor) and decoy points
    PlantedRiskFactor risk_factor;
    int first_year = 2023, months = 24;
};

}  // namespace hotspots
