"""Writes GeoPackages of incidents with the cases a reader of GeoPackage points must get right
(tests/cli/test_gpkg_read.sh): NULL geometry, an empty point, a polygon row, a big-endian WKB
point, a point with Z, a multipoint of one point, points outside the CRS's area, date-times
with and without a time zone, NULL attributes, non-ASCII text, every numeric field type.
Usage: make_gpkg_edges.py FOLDER  (writes edges.gpkg, odd_date.gpkg, view.gpkg, multi.gpkg)
Run with /usr/bin/python3 (osgeo)."""
import os
import shutil
import sqlite3
import struct
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
folder = sys.argv[1]


def layer(path, name="incidents", geom=ogr.wkbPoint):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(27700)
    lyr = ds.CreateLayer(name, srs, geom)
    for fname, ftype, sub in [("crime_ref", ogr.OFTString, None), ("offence", ogr.OFTString, None),
                              ("committed_from", ogr.OFTDateTime, None), ("date_closed", ogr.OFTDate, None),
                              ("street", ogr.OFTString, None), ("count64", ogr.OFTInteger64, None),
                              ("count32", ogr.OFTInteger, None), ("small", ogr.OFTInteger, ogr.OFSTInt16),
                              ("flag", ogr.OFTInteger, ogr.OFSTBoolean), ("w32", ogr.OFTReal, ogr.OFSTFloat32),
                              ("w64", ogr.OFTReal, None)]:
        fd = ogr.FieldDefn(fname, ftype)
        if sub is not None:
            fd.SetSubType(sub)
        lyr.CreateField(fd)
    return ds, lyr


def add(lyr, wkt, **values):
    f = ogr.Feature(lyr.GetLayerDefn())
    if wkt is not None:
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    for k, v in values.items():
        f.SetField(k, v)
    lyr.CreateFeature(f)


def gp_blob(wkb, flags=0x01):
    """A GeoPackage geometry blob: magic, version 0, flags, SRS id 27700, no envelope."""
    return b"GP" + bytes([0, flags]) + struct.pack("<i" if flags & 1 else ">i", 27700) + wkb


def connect(path):
    """SQLite with the functions of the GeoPackage's R-tree triggers (GDAL gives them to SQLite)."""
    db = sqlite3.connect(path)

    def envelope(blob, k):
        header = 8 + [0, 32, 48, 48, 64][(blob[3] >> 1) & 7] if blob else 0
        g = ogr.CreateGeometryFromWkb(bytes(blob[header:])) if blob else None
        return None if g is None or g.IsEmpty() else g.GetEnvelope()[k]

    db.create_function("ST_IsEmpty", 1, lambda b: 1 if envelope(b, 0) is None else 0)
    for name, k in [("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)]:
        db.create_function(name, 1, lambda b, k=k: envelope(b, k))
    return db


# The main file: every row below is either loaded or rejected for a reason both readers agree on.
path = os.path.join(folder, "edges.gpkg")
ds, lyr = layer(path)
common = dict(date_closed="2024-12-31", street="High Street", count64=2**40 + 3, count32=-7, small=12,
              flag=1, w32=2.0 / 3, w64=1.0 / 3)
add(lyr, "POINT (448000.125 305000.5)", crime_ref="A1", offence="Burglary - residential",
    committed_from="2024-01-05T12:34:56Z", **common)
add(lyr, "POINT (448001 305001)", crime_ref="A2", offence="Vehicle crime", committed_from="2024-01-05T12:34:56",
    **common)
add(lyr, "POINT (448002 305002)", crime_ref="A3", offence="Violence and sexual offences",
    committed_from="2024-01-05T12:34:56+01:00", **common)
add(lyr, "POINT (448003 305003)", crime_ref="A4", offence="Robbery", committed_from="2024-01-05T23:59:59.789Z",
    **common)
add(lyr, None, crime_ref="A5", offence="Robbery", committed_from="2024-01-05T10:00:00Z", **common)
add(lyr, "POINT EMPTY", crime_ref="A6", offence="Robbery", committed_from="2024-01-05T10:00:00Z", **common)
add(lyr, "POLYGON ((448000 305000,448010 305000,448010 305010,448000 305000))", crime_ref="A7",
    offence="Robbery", committed_from="2024-01-05T10:00:00Z", **common)
add(lyr, "POINT (448008 305008)", crime_ref="A8", offence="Shoplifting", committed_from="2024-02-01T08:00:00Z",
    **common)  # made big-endian below
add(lyr, "POINT (448009.000000001 305009.333333333)", crime_ref=None, offence=None,
    committed_from="2024-02-02T08:00:00Z")  # NULL attributes
add(lyr, "POINT (448010 305010)", crime_ref="É10", offence="Anti-social behaviour – café, naïve ñ ß 東京",
    committed_from="2024-02-03T08:00:00Z", **dict(common, street="Rue de l’Église"))
add(lyr, "POINT (5000000 5000000)", crime_ref="A11", offence="Robbery", committed_from="2024-02-04T08:00:00Z",
    **common)  # outside the CRS's area
add(lyr, "POINT (1.5 52.5)", crime_ref="A12", offence="Robbery", committed_from="2024-02-04T08:00:00Z", **common)
add(lyr, "POINT (448013 305013)", crime_ref="A13", offence="Robbery", committed_from="2024-02-04T08:00:00Z",
    **dict(common, date_closed="2024-01-01"))  # dates reversed
add(lyr, "POINT (448014 305014)", crime_ref="A14", offence="Drugs", committed_from="2024-02-04T08:00:00Z",
    **common)  # given a Z below
add(lyr, "POINT (448015 305015)", crime_ref="A15", offence="Drugs", committed_from="2024-02-04T08:00:00Z",
    **common)  # made a multipoint of one point below
add(lyr, "POINT (448016 305016)", crime_ref="A16", offence="Drugs", committed_from="1969-12-31T23:59:59.5Z",
    street="Low Road", count64=-(2**62), count32=2**31 - 1, small=-32768, flag=0, w32=3.4e38, w64=-1e-300)
add(lyr, "POINT (0 0)", crime_ref="A17", offence="Drugs", committed_from="2024-02-04T08:00:00Z", **common)
add(lyr, "POINT (448018 305018)", crime_ref="  A18  ", offence="", committed_from="2024-02-29T00:00:00-05:30",
    **common)
add(lyr, "POINT (448019 305019)", crime_ref="A19", offence="Robbery", committed_from="2024-03-01T09:00:00Z", **common)
add(lyr, "POINT (448020 305020)", crime_ref="A20", offence="Robbery", committed_from="2024-03-01T09:00:00Z", **common)
add(lyr, "POINT (448021 305021)", crime_ref="A21", offence="Robbery", committed_from="2024-03-01T09:00:00Z", **common)
ds = None
db = connect(path)
be = b"\x00" + struct.pack(">Idd", 1, 448008.0, 305008.0)
db.execute("UPDATE incidents SET geom = ? WHERE crime_ref = 'A8'", (gp_blob(be, 0x00),))
z = b"\x01" + struct.pack("<Iddd", 1001, 448014.0, 305014.0, 5.0)
db.execute("UPDATE incidents SET geom = ? WHERE crime_ref = 'A14'", (gp_blob(z),))
mp = b"\x01" + struct.pack("<II", 4, 1) + b"\x01" + struct.pack("<Idd", 1, 448015.0, 305015.0)
db.execute("UPDATE incidents SET geom = ? WHERE crime_ref = 'A15'", (gp_blob(mp),))
# Date-times as other writers store them: without a time zone, with an offset, with milliseconds.
db.execute("UPDATE incidents SET committed_from = '2024-03-01T09:00:00' WHERE crime_ref = 'A19'")
# Envelopes: 32 bytes (x, y) after a little-endian header; 48 bytes (x, y, z) after a
# big-endian header, with a big-endian WKB point.
env = struct.pack("<dddd", 448020.0, 448020.0, 305020.0, 305020.0)
pt = b"\x01" + struct.pack("<Idd", 1, 448020.0, 305020.0)
db.execute("UPDATE incidents SET geom = ? WHERE crime_ref = 'A20'",
           (b"GP" + bytes([0, 0x03]) + struct.pack("<i", 27700) + env + pt,))
env = struct.pack(">dddddd", 448021.0, 448021.0, 305021.0, 305021.0, 0.0, 0.0)
pt = b"\x00" + struct.pack(">Idd", 1, 448021.0, 305021.0)
db.execute("UPDATE incidents SET geom = ? WHERE crime_ref = 'A21'",
           (b"GP" + bytes([0, 0x04]) + struct.pack(">i", 27700) + env + pt,))
db.commit()
db.close()

# A date-time the fast reader does not parse: it must hand the whole file to GDAL.
path = os.path.join(folder, "odd_date.gpkg")
ds, lyr = layer(path)
add(lyr, "POINT (448000 305000)", crime_ref="B1", offence="Robbery", committed_from="2024-01-05T10:00:00Z", **common)
add(lyr, "POINT (448001 305001)", crime_ref="B2", offence="Robbery", committed_from="2024-01-05T10:00:00Z", **common)
ds = None
db = connect(path)
db.execute("UPDATE incidents SET committed_from = '2024/01/05 10:00' WHERE crime_ref = 'B2'")
db.commit()
db.close()

# A multipoint layer: GDAL's path only.
path = os.path.join(folder, "multi.gpkg")
ds, lyr = layer(path, geom=ogr.wkbMultiPoint)
add(lyr, "MULTIPOINT ((448000 305000))", crime_ref="C1", offence="Robbery", committed_from="2024-01-05T10:00:00Z",
    **common)
add(lyr, "MULTIPOINT ((448000 305000),(448001 305001))", crime_ref="C2", offence="Robbery",
    committed_from="2024-01-05T10:00:00Z", **common)
ds = None

# A view of the edge file's table registered as a layer: GDAL's path only.
path = os.path.join(folder, "view.gpkg")
if os.path.exists(path):
    os.remove(path)
shutil.copy(os.path.join(folder, "edges.gpkg"), path)
db = connect(path)
db.execute("CREATE VIEW recent AS SELECT * FROM incidents WHERE committed_from >= '2024-02'")
db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
           "VALUES ('recent', 'features', 'recent', 27700)")
db.execute("INSERT INTO gpkg_geometry_columns VALUES ('recent', 'geom', 'POINT', 27700, 0, 0)")
db.commit()
db.close()
