// read_layer reports every problem of a layer at once, warns about shapefile record counts
// that do not agree, and gives ids that no result depends on from the feature ids.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "expect_error.hpp"
#include "facts_fixtures.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/info.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/layers/sink.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;
namespace fs = std::filesystem;

using hubland::test::expect_error;

namespace {

std::string square_wkt(int i) {
  const double x = 106.5 + 0.01 * i, y = 29.5;
  return "\"POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," +
         std::to_string(x + 0.001) + " " + std::to_string(y) + "," + std::to_string(x + 0.001) +
         " " + std::to_string(y + 0.001) + "," + std::to_string(x) + " " + std::to_string(y) +
         "))\"";
}

std::vector<const Problem*> errors(const ImportReport& r) {
  std::vector<const Problem*> out;
  for (const auto& p : r.problems)
    if (p.severity == Severity::Error) out.push_back(&p);
  return out;
}

// Copies the UTF-8 district shapefile (38 records) and sets the .dbf header's record count.
std::string districts_with_dbf_count(const std::string& dir, std::uint32_t count,
                                     std::size_t keep_records) {
  const std::string src = test::data("shp-variants/cq_districts_utf8");
  for (const char* ext : {".shp", ".shx", ".prj", ".cpg"})
    fs::copy_file(src + ext, dir + "/d" + ext);
  std::string dbf = test::read_file(src + ".dbf");
  // Header 193 bytes, records 218 bytes (bytes 8..11 of this file's header).
  dbf.resize(193 + 218 * keep_records);
  for (int b = 0; b < 4; ++b) dbf[4 + b] = static_cast<char>((count >> (8 * b)) & 0xFF);
  std::ofstream(dir + "/d.dbf", std::ios::binary).write(dbf.data(), dbf.size());
  return dir + "/d.shp";
}

}  // namespace

// One CSV with four kinds of blocking problem — no CRS, a missing required field, a point
// among polygons, text that is not UTF-8 (past the 2000 features the encoding check samples)
// — and a text in a number: one error names all five, the report holds each.
TEST(ReaderProblems, EveryProblemOfALayerInOneError) {
  const std::string dir = test::temp_dir();
  {
    std::ofstream csv(dir + "/p.csv", std::ios::binary);
    csv << "WKT,parcel_id,floor_area_m2,enterprise\n";
    for (int i = 1; i <= 2001; ++i) {
      const std::string geom = i == 2 ? "\"POINT(106.5 29.5)\"" : square_wkt(i);
      const std::string area = i == 3 ? "abc" : "100";
      const std::string firm = i == 2001 ? "\xff\xfe" : "firm";
      csv << geom << ",P" << i << "," << area << "," << firm << "\n";
    }
  }
  ImportReport rep;
  Error e = expect_error([&] { read_layer(dir + "/p.csv", Role::Parcels, {}, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Schema);  // the first stop's kind; exit 2 like every input kind
  EXPECT_EQ(e.where().file, dir + "/p.csv");
  EXPECT_EQ(e.where().layer, "p");
  EXPECT_EQ(e.message(),
            "5 problems stop the import of this layer:\n"
            "  field land_use: required field land_use of role parcels is missing (fields: "
            "parcel_id, floor_area_m2, enterprise); name the source field with --map "
            "land_use=FIELD or add an alias\n"
            "  the layer has no CRS (no .prj or CRS in the source): pass --assume-crs "
            "EPSG:<code> if you know it\n"
            "  feature P2: feature has a Point geometry; role parcels needs polygons\n"
            "  feature P3: field floor_area_m2: 'abc' is not a number\n"
            "  feature P2001: field enterprise: value is not valid UTF-8 (bytes ff fe); pass "
            "--encoding with the right code page");
  EXPECT_EQ(rep.stops, 4u);
  const auto errs = errors(rep);
  ASSERT_EQ(errs.size(), 5u);
  EXPECT_EQ(errs[0]->code, "missing-field");
  EXPECT_EQ(errs[0]->field, "land_use");
  EXPECT_EQ(errs[1]->code, "no-crs");
  EXPECT_EQ(errs[2]->code, "wrong-geometry");
  EXPECT_EQ(errs[2]->feature, "P2");
  EXPECT_EQ(errs[3]->code, "text-in-number");
  EXPECT_EQ(errs[4]->code, "bad-encoding");
  EXPECT_EQ(errs[4]->feature, "P2001");
  EXPECT_EQ(errs[4]->field, "enterprise");
  for (const auto* p : errs) EXPECT_EQ(p->file, dir + "/p.csv");
  EXPECT_EQ(rep.counts.read, 2001u);
  EXPECT_EQ(rep.counts.rejected, 3u);  // P2, P3, P2001
}

// A single stop is thrown as it always was: same kind, place and message.
TEST(ReaderProblems, ASingleStopIsThrownUnchanged) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/h.csv") << "WKT,hub_id,hub_type\n\"POINT(106.5 29.5)\",H1,port\n";
  ImportReport rep;
  Error e = expect_error([&] { read_layer(dir + "/h.csv", Role::Hubs, {}, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Crs);
  EXPECT_EQ(e.message(),
            "the layer has no CRS (no .prj or CRS in the source): pass --assume-crs "
            "EPSG:<code> if you know it");
  EXPECT_EQ(rep.stops, 1u);
  ASSERT_EQ(errors(rep).size(), 1u);
  EXPECT_EQ(errors(rep)[0]->code, "no-crs");
}

// 25 points among polygons: the message lists 20 and counts the rest; the report has all 25.
TEST(ReaderProblems, TheMessageListsTwentyTheReportAll) {
  const std::string dir = test::temp_dir();
  {
    std::ofstream csv(dir + "/z.csv");
    csv << "WKT,zone_id\n";
    for (int i = 1; i <= 26; ++i)
      csv << (i == 1 ? square_wkt(i) : "\"POINT(106.5 29.5)\"") << ",Z" << i << "\n";
  }
  ReadOptions o;
  o.assume_crs = "EPSG:4490";
  ImportReport rep;
  Error e = expect_error([&] { read_layer(dir + "/z.csv", Role::Zones, o, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Geometry);
  const std::string& m = e.message();
  EXPECT_EQ(m.rfind("25 problems stop the import of this layer:\n", 0), 0u) << m;
  EXPECT_NE(m.find("\n  feature Z21: feature has a Point geometry"), std::string::npos) << m;
  EXPECT_EQ(m.find("feature Z22:"), std::string::npos) << m;
  EXPECT_EQ(m.substr(m.rfind('\n') + 1), "  ... and 5 more (every one is in the import report)");
  EXPECT_EQ(errors(rep).size(), 25u);
  EXPECT_EQ(errors(rep)[24]->feature, "Z26");
}

// The .dbf header says 37 but 38 records are there: GDAL reads 37, silently. A warning says
// so, in the import report and in info; the .shx (38 shapes) disagrees with the header too.
TEST(ReaderProblems, DbfHeaderCountBelowItsRecordsIsAWarning) {
  const std::string dir = test::temp_dir();
  const std::string p = districts_with_dbf_count(dir, 37, 38);
  ReadOptions o;
  o.field_map = {{"zone_id", "adcode"}};
  ImportReport rep;
  const Layer l = read_layer(p, Role::Zones, o, rep);
  EXPECT_EQ(l.size(), 37u);
  EXPECT_FALSE(rep.has_errors());
  std::vector<std::string> warnings;
  for (const auto& pr : rep.problems)
    if (pr.code == "dbf-count-mismatch") {
      EXPECT_EQ(pr.severity, Severity::Warning);
      EXPECT_EQ(pr.file, p);
      warnings.push_back(pr.message);
    }
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0],
            "the .dbf header says 37 record(s) but the file holds 38; only the first 37 are read");
  EXPECT_EQ(warnings[1],
            "the .dbf header says 37 record(s) but the .shx indexes 38 shape(s): attributes and "
            "shapes may not belong together");

  const SourceInfo info = inspect_source(p);
  ASSERT_EQ(info.layers.size(), 1u);
  std::size_t in_info = 0;
  for (const auto& pr : info.layers[0].problems)
    in_info += pr.code == "dbf-count-mismatch" && pr.severity == Severity::Warning;
  EXPECT_EQ(in_info, 2u);
}

// A .dbf cut after 37 of the 38 records its header counts: a warning, and the failed read of
// the 38th record stops the import (both in the report).
TEST(ReaderProblems, DbfCutShortWarnsAndTheFailedReadStops) {
  const std::string dir = test::temp_dir();
  const std::string p = districts_with_dbf_count(dir, 38, 37);
  ReadOptions o;
  o.field_map = {{"zone_id", "adcode"}};
  ImportReport rep;
  Error e = expect_error([&] { read_layer(p, Role::Zones, o, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Io);
  EXPECT_NE(e.message().find("cannot read feature 38"), std::string::npos) << e.message();
  bool warned = false;
  for (const auto& pr : rep.problems)
    warned = warned || (pr.code == "dbf-count-mismatch" &&
                        pr.message ==
                            "the .dbf header says 38 record(s) but the file holds 37 whole "
                            "one(s): it is cut short (the missing rows read empty or fail)");
  EXPECT_TRUE(warned);
  ASSERT_EQ(errors(rep).size(), 1u);
  EXPECT_EQ(errors(rep)[0]->code, "read-failed");
}

// The same constraints with and without constraint_id: without, the ids are "fid N" (the
// GeoPackage FIDs 1..3), the report says so, and the overlay gives the same areas.
TEST(ReaderProblems, ConstraintsWithoutIdsGetFeatureIdsAndTheSameOverlay) {
  const std::string dir = test::temp_dir();
  const double x = 500000, y = 3300000;
  const std::vector<geo::Wkb> geom{W(box(x, y - 10, x + 60, y + 110)),
                                   W(box(x + 40, y - 10, x + 80, y + 110)),
                                   W(box(x - 100, y - 100, x + 50, y + 200))};
  for (const bool with_ids : {true, false}) {
    VectorSink sink(dir + (with_ids ? "/ids.gpkg" : "/noids.gpkg"), "GPKG");
    Table t;
    if (with_ids) t.add_column("constraint_id", FieldType::Text);
    const std::size_t kind = t.add_column("kind", FieldType::Text);
    const char* kinds[] = {"redline", "redline", "udb"};
    const char* ids[] = {"R1", "R2", "U1"};
    for (std::size_t i = 0; i < 3; ++i) {
      t.add_row();
      t.set(i, kind, std::string(kinds[i]));
      if (with_ids) t.set(i, 0, std::string(ids[i]));
    }
    SinkLayerOptions so;
    so.epsg = 4545;
    so.geometry_kind = GeometryKind::Polygon;
    sink.add_layer("constraints", t, &geom, so);
    sink.commit();
  }
  ReadOptions o;
  o.working_epsg = 4545;
  ImportReport with_rep, without_rep;
  Layer with = read_layer(dir + "/ids.gpkg", Role::Constraints, o, with_rep);
  Layer without = read_layer(dir + "/noids.gpkg", Role::Constraints, o, without_rep);
  EXPECT_EQ(with_rep.id_note, "");
  EXPECT_EQ(without_rep.id_note, "constraint_id absent: ids taken from feature ids (fid N)");
  EXPECT_FALSE(without_rep.has_errors());
  bool said = false;
  for (const auto& p : without_rep.problems)
    said = said || (p.code == "id-from-fid" && p.severity == Severity::Info &&
                    p.field == "constraint_id" && p.message == without_rep.id_note);
  EXPECT_TRUE(said);
  const Table& a = without.attributes;
  ASSERT_EQ(without.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(a.text_at(i, a.index("constraint_id")), "fid " + std::to_string(i + 1));
  EXPECT_EQ(with.attributes.text_at(2, with.attributes.index("constraint_id")), "U1");

  // Parcel P1, the 100 m square at (x, y): R1 ∪ R2 cover x..x+80 over its 100 m height =
  // 8000 m² of redline; U1 covers x..x+50 = half of it.
  for (Layer* c : {&with, &without}) {
    AnalysisInputs in;
    in.working_epsg = 4545;
    in.layers.emplace(Role::Parcels, make_layer(Role::Parcels,
                                                {{"fid", FieldType::Integer},
                                                 {"parcel_id", FieldType::Text},
                                                 {"land_use", FieldType::Text},
                                                 {"area_m2", FieldType::Real}},
                                                {{"1", "P1", "100101", "10000"}},
                                                {W(box(x, y, x + 100, y + 100))}));
    in.layers.emplace(Role::Constraints, *c);
    const Table f = compute_parcel_facts(in, quick()).facts;
    EXPECT_NEAR(real(f, 0, "redline_m2"), 8000.0, 1e-6);
    EXPECT_NEAR(real(f, 0, "udb_share"), 0.5, 1e-9);
  }
}

// A catchments layer without catchment_id reads with "fid N"; a parcels layer without
// parcel_id still stops (results are keyed by it), and its features are not rejected twice.
TEST(ReaderProblems, OnlyIdsNoResultNeedsAreOptional) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/c.csv") << "WKT,hub_type,ring_km\n"
                                << square_wkt(1) << ",port,3\n"
                                << square_wkt(2) << ",port,5\n";
  ReadOptions o;
  o.assume_crs = "EPSG:4490";
  ImportReport rep;
  const Layer c = read_layer(dir + "/c.csv", Role::Catchments, o, rep);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.attributes.text_at(1, c.attributes.index("catchment_id")), "fid 2");
  EXPECT_EQ(rep.id_note, "catchment_id absent: ids taken from feature ids (fid N)");

  std::ofstream(dir + "/p.csv") << "WKT,land_use\n" << square_wkt(1) << ",100101\n";
  ImportReport prep;
  Error e = expect_error([&] { read_layer(dir + "/p.csv", Role::Parcels, o, prep); });
  EXPECT_EQ(e.kind(), ErrorKind::Schema);
  EXPECT_EQ(e.where().field, "parcel_id");
  ASSERT_EQ(errors(prep).size(), 1u);  // no missing-id per feature on top
  EXPECT_EQ(prep.counts.rejected, 0u);
}

// A whole-number field past the 64-bit range (fuzzing found 1e+127 in employees): a problem of
// that feature, not a cast with undefined behaviour; 2^53 still fits.
TEST(ReaderProblems, WholeNumbersPastSixtyFourBitsAreRejected) {
  const std::string dir = test::temp_dir();
  {
    std::ofstream csv(dir + "/p.csv", std::ios::binary);
    csv << "WKT,parcel_id,land_use,employees\n"
        << square_wkt(1) << ",P1,1001,1e127\n"
        << square_wkt(2) << ",P2,1001,9007199254740992\n";
  }
  ImportReport rep;
  ReadOptions options;
  options.assume_crs = "EPSG:4490";
  const Layer layer = read_layer(dir + "/p.csv", Role::Parcels, options, rep);
  EXPECT_EQ(layer.size(), 1u);  // P2 only
  EXPECT_EQ(rep.counts.rejected, 1u);
  const auto errs = errors(rep);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0]->code, "out-of-range");
  EXPECT_EQ(errs[0]->feature, "P1");
  EXPECT_EQ(errs[0]->field, "employees");
  EXPECT_EQ(errs[0]->message, "value 1e+127 is too large for a whole number");
}
