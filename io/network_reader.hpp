#pragma once
// Reading a street network for walks: any GDAL line layer (an OpenStreetMap extract through
// GDAL's OSM driver, OS Open Roads, a council's own), in the working CRS, with the lines a
// pedestrian cannot use left out by their class (motorways). See docs/walk.md.
#include "model/street.hpp"

#include <map>
#include <string>
#include <vector>

namespace hotspots::io {

struct NetworkOptions {
    std::string layer;         // "" : OpenStreetMap's "lines", else the first layer
    std::string class_field;   // "" : the first of highway, class, road_classification, roadclassification, road_class, fclass
    std::vector<std::string> exclude;  // class values left out (any case)
    std::string name_field;    // "" : the first of name, name1, name_1, roadname, road_name, street
    std::string crs;           // when the file has none
};

struct NetworkData {
    std::vector<NetworkLine> lines;
    std::string layer, class_field, name_field, crs;
    std::size_t features = 0;
    std::size_t excluded = 0;   // by class
    std::size_t no_class = 0;   // a class field, but no value: not a road (OSM rivers, walls)
    std::size_t no_foot = 0;    // OpenStreetMap foot=no, or access=no/private without foot=yes
    std::size_t not_lines = 0;  // no line geometry, or not transformable
    std::map<std::string, std::size_t> classes;  // the lines kept, by class
};

// Throws IoError naming the file (no line layer, a class or name field that is not there,
// no line left).
NetworkData read_network(const std::string& path, const NetworkOptions& options, const std::string& work_crs);

// The classes left out when none are given: roads closed to people on foot.
std::vector<std::string> default_excluded_classes();

}  // namespace hotspots::io
