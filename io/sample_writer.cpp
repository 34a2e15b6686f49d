#include "io/sample_writer.hpp"

#include "geo/crs.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"

#include <cpl_vsi.h>
#include <fmt/format.h>
#include <ogr_srs_api.h>

#include <filesystem>
#include <fstream>

namespace hotspots::io {
namespace fs = std::filesystem;
namespace {

void write_file(const std::string& path, const std::string& text) {
    AtomicOutput out(path, {});
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        f << text;
        if (!f) throw IoError(path + ": write failed");
    }
    out.commit();
}

// Writes through GDAL's gzip writer, which stores no time stamp, so the bytes depend on
// the content alone.
void write_gzip(const std::string& path, const std::string& text) {
    AtomicOutput out(path, {});
    VSILFILE* f = VSIFOpenL(("/vsigzip/" + out.temp_path()).c_str(), "wb");
    if (!f) throw IoError(path + ": cannot write");
    const bool ok = VSIFWriteL(text.data(), 1, text.size(), f) == text.size();
    if (VSIFCloseL(f) != 0 || !ok) throw IoError(path + ": write failed");
    out.commit();
}

void write_areas(const std::string& path, const std::vector<SampleArea>& areas, const char* parent_field) {
    ensure_gdal();
    AtomicOutput out(path, {});
    {
        const char* lco[] = {"COORDINATE_PRECISION=2", "WRITE_BBOX=NO", "RFC7946=NO", nullptr};
        DatasetPtr ds(GDALCreate(GDALGetDriverByName("GeoJSON"), out.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw IoError(path + ": cannot create");
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, 27700);
        const std::string layer_name = fs::path(path).stem().string();
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), layer_name.c_str(), srs, wkbUnknown, const_cast<char**>(lco));
        OSRRelease(srs);
        const char* fields[] = {"code", "name", parent_field, "population"};
        for (const char* f : fields) {
            if (!f) continue;
            OGRFieldDefnH fd = OGR_Fld_Create(f, std::string(f) == "population" ? OFTInteger64 : OFTString);
            OGR_L_CreateField(layer, fd, TRUE);
            OGR_Fld_Destroy(fd);
        }
        for (const auto& a : areas) {
            FeaturePtr fp(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            auto* f = static_cast<OGRFeatureH>(fp.get());
            OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "code"), a.code.c_str());
            OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "name"), a.name.c_str());
            if (parent_field) OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, parent_field), a.parent_code.c_str());
            OGR_F_SetFieldInteger64(f, OGR_F_GetFieldIndex(f, "population"), a.population);
            OGRGeometryH g = nullptr;
            OGR_G_CreateFromWkb(a.wkb.data(), nullptr, &g, static_cast<int>(a.wkb.size()));
            OGR_F_SetGeometryDirectly(f, g);
            if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE) throw IoError(path + ": cannot write " + a.code);
        }
    }
    out.commit();
}

std::string police_export(const Sample& s) {
    std::string out = "crime_ref,offence,committed_from,committed_to,easting,northing,address_ref,street,knife_enabled,domestic,victim_key,caller_key\n";
    for (const auto& i : s.incidents) {
        out += fmt::format("{},", i.ref);
        append_csv_field(out, i.offence);
        out += fmt::format(",{},{},{:.0f},{:.0f},{},", format_datetime(i.from).substr(0, 16),
                           i.has_range ? format_datetime(i.to).substr(0, 16) : "", i.x, i.y, i.address_ref);
        append_csv_field(out, i.street);
        out += i.knife ? ",Y" : ",N";
        out += i.domestic ? ",Y," : ",N,";
        out += i.victim_key + "," + i.caller_key + "\n";
    }
    return out;
}

// The sample's street network as GeoJSON (British National Grid, like the areas).
void write_roads(const std::string& path, const Sample& s) {
    ensure_gdal();
    AtomicOutput out(path, {});
    {
        const char* lco[] = {"COORDINATE_PRECISION=0", "WRITE_BBOX=NO", "RFC7946=NO", nullptr};
        DatasetPtr ds(GDALCreate(GDALGetDriverByName("GeoJSON"), out.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw IoError(path + ": cannot create");
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, 27700);
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "streets", srs, wkbLineString, const_cast<char**>(lco));
        OSRRelease(srs);
        for (const char* f : {"name", "highway"}) {
            OGRFieldDefnH fd = OGR_Fld_Create(f, OFTString);
            OGR_L_CreateField(layer, fd, TRUE);
            OGR_Fld_Destroy(fd);
        }
        for (const auto& r : s.roads) {
            FeaturePtr fp(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            auto* f = static_cast<OGRFeatureH>(fp.get());
            if (!r.name.empty()) OGR_F_SetFieldString(f, 0, r.name.c_str());
            OGR_F_SetFieldString(f, 1, r.highway.c_str());
            OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
            for (auto p : r.points) OGR_G_AddPoint_2D(g, s.street_points[p].x, s.street_points[p].y);
            OGR_F_SetGeometryDirectly(f, g);
            if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE) throw IoError(path + ": write failed");
        }
    }
    out.commit();
}

// The same network as OpenStreetMap XML (what an extract from OpenStreetMap looks like), to
// exercise GDAL's OSM driver: the street points are the nodes, each street a way.
std::string roads_osm(const Sample& s) {
    std::vector<double> lon, lat;
    for (const auto& p : s.street_points) {
        lon.push_back(p.x);
        lat.push_back(p.y);
    }
    geo::Transformer("EPSG:27700", "EPSG:4326").transform(lon.data(), lat.data(), lon.size());
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"hotspots sample\">\n";
    for (std::size_t i = 0; i < lon.size(); ++i)
        text += fmt::format(" <node id=\"{}\" version=\"1\" lat=\"{:.7f}\" lon=\"{:.7f}\"/>\n", i + 1, lat[i], lon[i]);
    for (std::size_t w = 0; w < s.roads.size(); ++w) {
        text += fmt::format(" <way id=\"{}\" version=\"1\">\n", w + 1);
        for (auto p : s.roads[w].points) text += fmt::format("  <nd ref=\"{}\"/>\n", p + 1);
        text += fmt::format("  <tag k=\"highway\" v=\"{}\"/>\n", s.roads[w].highway);
        if (!s.roads[w].name.empty()) text += fmt::format("  <tag k=\"name\" v=\"{}\"/>\n", s.roads[w].name);
        text += " </way>\n";
    }
    return text + "</osm>\n";
}

}  // namespace

std::vector<std::string> write_sample(const Sample& s, const std::string& folder, std::uint64_t seed) {
    std::vector<std::string> files;
    fs::create_directories(fs::path(folder) / "areas");
    fs::create_directories(fs::path(folder) / "police_uk");
    fs::create_directories(fs::path(folder) / "truth");
    auto path = [&](const std::string& rel) {
        files.push_back((fs::path(folder) / rel).string());
        return files.back();
    };
    write_areas(path("areas/wards.geojson"), s.wards, "borough_code");
    write_areas(path("areas/boroughs.geojson"), s.boroughs, "bcu_code");
    write_areas(path("areas/bcu.geojson"), s.bcu, nullptr);
    write_file(path("police_export.csv"), police_export(s));

    // data.police.uk layout: one file per month, as published.
    const std::string header =
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome "
        "category,Context\n";
    for (int m = 0; m < s.months; ++m) {
        const int year = s.first_year + m / 12, month = m % 12 + 1;
        const std::string ym = fmt::format("{:04d}-{:02d}", year, month);
        std::string text = header;
        for (const auto& i : s.incidents) {
            if (format_month(i.from) != ym) continue;
            text += fmt::format("{},{},Sample Police,Sample Police,{:.6f},{:.6f},On or near ", i.crime_id, ym, i.lon, i.lat);
            append_csv_field(text, i.street);
            text += fmt::format(",{},{},{},", i.lsoa_code, i.lsoa_name, label(i.category));
            append_csv_field(text, i.outcome);
            text += ",\n";
        }
        write_gzip(path(fmt::format("police_uk/{}-sample-street.csv.gz", ym)), text);
    }

    std::string addr = "address_ref,street,easting,northing\n";
    for (const auto& a : s.addresses) {
        addr += a.ref + ",";
        append_csv_field(addr, a.street);
        addr += fmt::format(",{:.0f},{:.0f}\n", a.x, a.y);
    }
    write_file(path("addresses.csv"), addr);
    for (const auto& [file, list, id] : {std::tuple{"street_lights.csv", &s.lights, "light_id"},
                                         std::tuple{"cameras.csv", &s.cameras, "camera_id"},
                                         std::tuple{"licensed_premises.csv", &s.premises, "premises_id"},
                                         std::tuple{"decoy_points.csv", &s.decoys, "decoy_id"}}) {
        // Premises and decoys carry a name where lights and cameras carry their street.
        const bool named = list == &s.premises || list == &s.decoys;
        std::string text = std::string(id) + (named ? ",name" : ",street") + ",easting,northing\n";
        for (const auto& a : *list) {
            text += a.ref + ",";
            append_csv_field(text, a.street);
            text += fmt::format(",{:.0f},{:.0f}\n", a.x, a.y);
        }
        write_file(path(file), text);
    }

    write_roads(path("streets.geojson"), s);
    write_file(path("streets.osm"), roads_osm(s));

    std::string pop = "code,name,borough_code,population\n";
    for (const auto& w : s.wards) pop += fmt::format("{},{},{},{}\n", w.code, w.name, w.parent_code, w.population);
    write_file(path("ward_population.csv"), pop);

    std::string hot = "id,category,x,y,sd_m,incidents,hours,weekdays,temporal_class\n";
    for (const auto& h : s.hotspots)
        hot += fmt::format("{},{},{:.0f},{:.0f},{:.0f},{},{},\"{}\",{}\n", h.id, slug(h.category), h.x, h.y, h.sd, h.count,
                           h.hours, h.weekdays, h.temporal_class);
    write_file(path("truth/hotspots.csv"), hot);
    std::string rep = "address_ref,x,y,incidents\n";
    for (const auto& r : s.repeats) rep += fmt::format("{},{:.0f},{:.0f},{}\n", r.address_ref, r.x, r.y, r.count);
    write_file(path("truth/repeat_locations.csv"), rep);
    std::string ch = "chain,position,crime_ref,x,y,committed_from\n";
    for (const auto& c : s.chains)
        ch += fmt::format("{},{},{},{:.0f},{:.0f},{}\n", c.chain, c.position, c.ref, c.x, c.y, format_datetime(c.from).substr(0, 16));
    write_file(path("truth/near_repeat_chains.csv"), ch);
    std::string hs = "street,category,incidents,length_m,from_x,from_y,to_x,to_y\n";
    for (const auto& h : s.hot_streets)
        hs += fmt::format("{},{},{},{:.0f},{:.0f},{:.0f},{:.0f},{:.0f}\n", h.name, slug(h.category), h.count, h.length, h.from.x,
                          h.from.y, h.to.x, h.to.y);
    write_file(path("truth/hot_streets.csv"), hs);

    std::string shifts = "ward_code,category,first_month,extra_per_month\n";
    for (const auto& x : s.shifts)
        shifts += fmt::format("{},{},{},{}\n", x.ward_code, slug(x.category), format_month_number(x.first_month), x.per_month);
    write_file(path("truth/level_shift.csv"), shifts);
    const auto& rf = s.risk_factor;
    write_file(path("truth/risk_factor.csv"),
               fmt::format("factor,category,distance_m,cell_m,incidents,near_cells,background_per_cell,relative_risk,decoy\n"
                           "licensed_premises,{},100,100,{},{},{:.6f},{:.6f},decoy_points\n",
                           slug(rf.category), rf.incidents, rf.near_cells, rf.background, rf.relative_risk));
    std::string st = "category,incidents,centre_x,centre_y,radius_m,first_day,last_day\n";
    for (const auto& c : s.clusters)
        st += fmt::format("{},{},{:.0f},{:.0f},{:.0f},{},{}\n", slug(c.category), c.count, c.x, c.y, c.radius,
                          format_date(c.first_day), format_date(c.last_day));
    write_file(path("truth/space_time_cluster.csv"), st);
    std::string keys = "group,column,reuse,window_days\n";
    for (const auto& k : s.repeat_keys) keys += fmt::format("{},{},{},{}\n", k.group, k.column, k.reuse, k.window_days);
    write_file(path("truth/repeat_keys.csv"), keys);
    write_file(path("README.md"), "Synthetic sample data made by `hotspots sample` (seed in truth/seed.txt). Every place, name\nand code is fictional. See docs/sample-data.md for what is planted where.\n");
    write_file(path("truth/seed.txt"), fmt::format("{}\n", seed));
    return files;
}

}  // namespace hotspots::io
