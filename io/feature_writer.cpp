#include "io/feature_writer.hpp"

#include "geo/cells.hpp"
#include "geo/crs.hpp"
#include "geo/geos.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"
#include "io/gpkg_writer.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hotspots::io {
namespace {

using Ring = std::vector<geo::XY>;

double signed_area(const Ring& r) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    return a / 2;
}

void append_value(std::string& s, const FieldValue& v) {
    if (std::holds_alternative<std::monostate>(v)) s += "null";
    else if (const auto* i = std::get_if<std::int64_t>(&v)) s += std::to_string(*i);
    else if (const auto* d = std::get_if<double>(&v)) {
        if (!std::isfinite(*d)) {
            s += "null";
            return;
        }
        // Always with a decimal point, so readers type the field as real, not integer.
        std::string n = fmt::format("{}", *d);
        if (n.find_first_of(".e") == std::string::npos) n += ".0";
        s += n;
    }
    else s += nlohmann::json(std::get<std::string>(v)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_ring(std::string& s, Ring ring, bool exterior, const geo::Transformer& t) {
    std::vector<double> xs, ys;
    for (const auto& p : ring) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    t.transform(xs.data(), ys.data(), xs.size());
    for (std::size_t i = 0; i < ring.size(); ++i) ring[i] = {xs[i], ys[i]};
    // RFC 7946 right-hand rule: exteriors counter-clockwise, holes clockwise.
    if ((signed_area(ring) > 0) != exterior) std::reverse(ring.begin(), ring.end());
    s += '[';
    for (std::size_t i = 0; i < ring.size(); ++i) s += fmt::format("{}[{:.6f},{:.6f}]", i ? "," : "", ring[i].x, ring[i].y);
    s += ']';
}

// `multi`: every polygon written as a MultiPolygon, so a layer has one geometry type.
std::string geometry_json(const geo::Wkb& wkb, const geo::Transformer& t, bool multi) {
    geo::GeosContext ctx;
    auto g = geo::from_wkb(ctx, wkb.data(), wkb.size());
    if (GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_POINT) {
        double x = 0, y = 0;
        GEOSGeomGetX_r(ctx.get(), g.get(), &x);
        GEOSGeomGetY_r(ctx.get(), g.get(), &y);
        t.transform(&x, &y, 1);
        return fmt::format("{{\"type\":\"Point\",\"coordinates\":[{:.6f},{:.6f}]}}", x, y);
    }
    if (GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_LINESTRING) {
        std::string s = "{\"type\":\"LineString\",\"coordinates\":[";
        auto pts = geo::line_points(wkb);
        for (std::size_t i = 0; i < pts.size(); ++i) {
            t.transform(&pts[i].x, &pts[i].y, 1);
            s += fmt::format("{}[{:.6f},{:.6f}]", i ? "," : "", pts[i].x, pts[i].y);
        }
        return s + "]}";
    }
    if (GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_MULTILINESTRING) {
        std::string s = "{\"type\":\"MultiLineString\",\"coordinates\":[";
        const int parts = GEOSGetNumGeometries_r(ctx.get(), g.get());
        for (int k = 0; k < parts; ++k) {
            auto part = geo::to_wkb(ctx, GEOSGetGeometryN_r(ctx.get(), g.get(), k));
            auto pts = geo::line_points(part);
            s += k ? ",[" : "[";
            for (std::size_t i = 0; i < pts.size(); ++i) {
                t.transform(&pts[i].x, &pts[i].y, 1);
                s += fmt::format("{}[{:.6f},{:.6f}]", i ? "," : "", pts[i].x, pts[i].y);
            }
            s += ']';
        }
        return s + "]}";
    }
    const auto polygons = geo::polygon_rings(wkb);
    multi = multi || polygons.size() != 1;
    std::string s = multi ? "{\"type\":\"MultiPolygon\",\"coordinates\":[" : "{\"type\":\"Polygon\",\"coordinates\":";
    for (std::size_t p = 0; p < polygons.size(); ++p) {
        s += p ? ",[" : "[";
        for (std::size_t r = 0; r < polygons[p].size(); ++r) {
            if (r) s += ',';
            append_ring(s, polygons[p][r], r == 0, t);
        }
        s += ']';
    }
    s += multi ? "]}" : "}";
    return s;
}

void write_geojson(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs) {
    AtomicOutput file(path, inputs);
    geo::Transformer t(table.crs, "EPSG:4326");
    bool multi = false;  // one multipolygon makes every polygon of the layer one
    for (const auto& w : table.geometries) multi = multi || geo::polygon_rings(w).size() > 1;
    std::string s = "{\"type\":\"FeatureCollection\",\"name\":" + nlohmann::json(table.layer).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                    ",\"metadata\":" + table.metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ",\n\"features\":[\n";
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        s += i ? ",\n" : "";
        s += "{\"type\":\"Feature\",\"geometry\":" + geometry_json(table.geometries[i], t, multi) + ",\"properties\":{";
        for (std::size_t k = 0; k < table.fields.size(); ++k) {
            if (k) s += ',';
            s += nlohmann::json(table.fields[k].name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ':';
            append_value(s, table.rows[i][k]);
        }
        s += "}}";
    }
    s += "\n]}\n";
    std::FILE* f = std::fopen(file.temp_path().c_str(), "wb");
    if (!f) throw IoError(path + ": cannot write");
    const bool ok = std::fwrite(s.data(), 1, s.size(), f) == s.size();
    if (std::fclose(f) != 0 || !ok) throw IoError(path + ": write failed (disk full?)");
    file.commit();
}

void add_fields(OGRLayerH layer, const FeatureTable& table, const std::string& path) {
    for (const auto& fdef : table.fields)
        add_field(layer, fdef.name,
                  fdef.type == FieldType::integer ? OFTInteger64 : fdef.type == FieldType::real ? OFTReal : OFTString, path);
}

// `finite_only`: NaN and infinities become nulls.
void set_fields(OGRFeatureH feat, const std::vector<FieldValue>& row, bool finite_only) {
    for (std::size_t k = 0; k < row.size(); ++k) {
        const auto& v = row[k];
        const int idx = static_cast<int>(k);
        if (const auto* n = std::get_if<std::int64_t>(&v)) OGR_F_SetFieldInteger64(feat, idx, *n);
        else if (const auto* d = std::get_if<double>(&v); d && (!finite_only || std::isfinite(*d))) OGR_F_SetFieldDouble(feat, idx, *d);
        else if (const auto* s = std::get_if<std::string>(&v)) OGR_F_SetFieldString(feat, idx, s->c_str());
        else OGR_F_SetFieldNull(feat, idx);
    }
}

OGRwkbGeometryType layer_type(const FeatureTable& table) {
    geo::GeosContext ctx;
    for (const auto& w : table.geometries) {
        auto g = geo::from_wkb(ctx, w.data(), w.size());
        if (GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_POINT) return wkbPoint;
        // Lines: one multi-line makes every line of the layer one (hot streets).
        if (GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_LINESTRING || GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_MULTILINESTRING) {
            for (const auto& other : table.geometries) {
                auto o = geo::from_wkb(ctx, other.data(), other.size());
                if (GEOSGeomTypeId_r(ctx.get(), o.get()) == GEOS_MULTILINESTRING) return wkbMultiLineString;
            }
            return wkbLineString;
        }
        return wkbMultiPolygon;
    }
    return wkbMultiPolygon;
}

}  // namespace

void add_gpkg_layer(GDALDatasetH ds, const std::string& path, const FeatureTable& table) {
    const auto type = layer_type(table);
    OGRLayerH layer = add_layer(ds, path, table.layer, table.crs, type);
    add_fields(layer, table, path);
    const std::string meta = table.metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    GDALSetMetadataItem(layer, "hotspots", meta.c_str(), nullptr);
    GDALDatasetStartTransaction(ds, FALSE);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        FeaturePtr fp(OGR_F_Create(defn));
        auto* feat = static_cast<OGRFeatureH>(fp.get());
        set_fields(feat, table.rows[i], false);
        OGRGeometryH g = nullptr;
        const auto& w = table.geometries[i];
        if (OGR_G_CreateFromWkb(w.data(), nullptr, &g, static_cast<int>(w.size())) != OGRERR_NONE)
            throw IoError(path + ": bad geometry for feature " + std::to_string(i + 1));
        if (type == wkbMultiPolygon) g = OGR_G_ForceToMultiPolygon(g);
        if (type == wkbMultiLineString) g = OGR_G_ForceToMultiLineString(g);
        OGR_F_SetGeometryDirectly(feat, g);
        write_feature(layer, feat, path);
    }
    commit(ds, path);
}

namespace {

// The attributes only (the table's own fields say where: x, y, codes), metadata beside it.
void write_attributes_csv(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs) {
    std::vector<std::string> header;
    for (const auto& f : table.fields) header.push_back(f.name);
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : table.rows) {
        std::vector<std::string> row;
        for (const auto& v : r) {
            if (const auto* i = std::get_if<std::int64_t>(&v)) row.push_back(std::to_string(*i));
            else if (const auto* d = std::get_if<double>(&v)) row.push_back(std::isfinite(*d) ? fmt::format("{}", *d) : "");
            else if (const auto* s = std::get_if<std::string>(&v)) row.push_back(*s);
            else row.emplace_back();
        }
        rows.push_back(std::move(row));
    }
    write_table(path, header, rows, table.metadata, inputs);
}

// The attributes as a spreadsheet (GDAL's XLSX driver): analysts finish tables in Excel.
// The metadata goes beside it (PATH.meta.json), as for CSV.
void write_xlsx(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs) {
    {
        AtomicOutput file(path, inputs);
        CPLErrorReset();
        auto ds = create_dataset("XLSX", file.temp_path(), path);
        OGRLayerH layer = add_layer(ds.get(), path, table.layer, "", wkbNone);
        add_fields(layer, table, path);
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        for (const auto& row : table.rows) {
            FeaturePtr fp(OGR_F_Create(defn));
            auto* feat = static_cast<OGRFeatureH>(fp.get());
            set_fields(feat, row, true);  // a spreadsheet cell cannot hold NaN: left empty
            write_feature(layer, feat, path);
        }
        close_checked(std::move(ds), path);
        file.commit();
    }
    write_text(path + ".meta.json", table.metadata.dump(2, ' ', false, nlohmann::json::error_handler_t::replace), inputs);
}

}  // namespace

void check_feature_path(const std::string& path) {
    const std::string d = driver_for(path);
    if (d != "GeoJSON" && d != "GPKG" && d != "CSV" && d != "XLSX")
        throw IoError(path + ": write these as .geojson, .gpkg, .csv or .xlsx");
}

void write_features(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs,
                    const std::string& style) {
    check_feature_path(path);
    const std::string driver = driver_for(path);
    if (driver == "GPKG") write_gpkg_features(path, table, inputs, style);
    else if (driver == "GeoJSON") write_geojson(path, table, inputs);
    else if (driver == "XLSX") write_xlsx(path, table, inputs);
    else write_attributes_csv(path, table, inputs);
}

}  // namespace hotspots::io
