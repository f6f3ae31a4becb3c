// The bundled Chongqing sample's land layers: water and airfields are masked out (no parcel or
// project site on a 1101 河流水面 or 1007 机场用地 图斑), the survey 图斑 do not overlap, and the
// projects show the quota cases sample-data/README.md lists.

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

const std::string kGpkg =
    std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";

/// Area of the polygonal part (an intersection may be a line or point where shapes touch).
double area(const OGRGeometry& g) {
  const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
  if (OGR_GT_IsSurface(t) || OGR_GT_IsSubClassOf(t, wkbMultiSurface))
    return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
  double a = 0;
  if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection))
    for (const OGRGeometry* part : *g.toGeometryCollection()) a += area(*part);
  return a;
}

struct Feature {
  std::string id;
  std::unique_ptr<OGRGeometry> geom;
};

class SampleLand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GDALAllRegister();
    ds_.reset(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  }
  static void TearDownTestSuite() { ds_.reset(); }

  static OGRLayer* layer(const char* name) {
    OGRLayer* l = ds_ ? ds_->GetLayerByName(name) : nullptr;
    if (l) {
      l->SetSpatialFilter(nullptr);
      l->ResetReading();
    }
    return l;
  }

  /// Features of a layer, optionally filtered by an attribute query.
  static std::vector<Feature> features(const char* name, const char* id_field,
                                       const char* where = nullptr) {
    std::vector<Feature> out;
    OGRLayer* l = layer(name);
    if (!l) return out;
    l->SetAttributeFilter(where);
    l->ResetReading();
    for (auto& f : *l)
      if (f->GetGeometryRef())
        out.push_back({f->GetFieldAsString(id_field),
                       std::unique_ptr<OGRGeometry>(f->GetGeometryRef()->clone())});
    l->SetAttributeFilter(nullptr);
    return out;
  }

  /// Overlap area of geometry g with the features of layer `name` (its attribute filter kept).
  static double overlap(const char* name, const OGRGeometry& g) {
    OGRLayer* l = layer(name);
    l->SetSpatialFilter(const_cast<OGRGeometry*>(&g));
    double a = 0;
    for (auto& f : *l) {
      std::unique_ptr<OGRGeometry> x(g.Intersection(f->GetGeometryRef()));
      if (x) a += area(*x);
    }
    l->SetSpatialFilter(nullptr);
    return a;
  }

  static std::unique_ptr<GDALDataset> ds_;
};

std::unique_ptr<GDALDataset> SampleLand::ds_;

TEST_F(SampleLand, HasTheLandLayers) {
  ASSERT_TRUE(ds_) << kGpkg;
  for (const char* name : {"land_survey", "land_supply", "parks", "projects", "parcels"}) {
    OGRLayer* l = layer(name);
    ASSERT_NE(l, nullptr) << name;
    EXPECT_GT(l->GetFeatureCount(), 0) << name;
  }
  // The 三调 names and the aliases of the supply layer are what the sample writes.
  OGRFeatureDefn* s = layer("land_survey")->GetLayerDefn();
  for (const char* f : {"BSM", "DLBM", "DLMC", "TBMJ", "TBDLMJ"})
    EXPECT_GE(s->GetFieldIndex(f), 0) << f;
  OGRFeatureDefn* g = layer("land_supply")->GetLayerDefn();
  for (const char* f : {"GDBH", "供地状态", "批准文号", "disposed_date", "disposed_from"})
    EXPECT_GE(g->GetFieldIndex(f), 0) << f;
}

TEST_F(SampleLand, NoParcelOrProjectOnWaterOrAirfield) {
  ASSERT_TRUE(ds_) << kGpkg;
  const auto masks = features("land_survey", "BSM", "DLBM IN ('1101', '1007')");
  OGRLayer* s = layer("land_survey");
  for (const char* code : {"DLBM = '1101'", "DLBM = '1007'"}) {
    s->SetAttributeFilter(code);
    EXPECT_GT(s->GetFeatureCount(), 0) << code;
  }
  s->SetAttributeFilter(nullptr);
  for (const char* name : {"parcels", "projects"}) {
    OGRLayer* l = layer(name);
    l->SetAttributeFilter(nullptr);
    const char* id = name[1] == 'a' ? "parcel_id" : "project_id";
    for (const auto& m : masks) {
      l->SetSpatialFilter(m.geom.get());
      for (auto& f : *l) {
        std::unique_ptr<OGRGeometry> x(m.geom->Intersection(f->GetGeometryRef()));
        const double a = x ? area(*x) : 0;
        EXPECT_LE(a, 1.0) << name << " " << f->GetFieldAsString(id) << " overlaps 图斑 " << m.id
                          << " by " << a << " m²";
      }
      l->SetSpatialFilter(nullptr);
    }
  }
}

TEST_F(SampleLand, SurveyPatchesDoNotOverlap) {
  ASSERT_TRUE(ds_) << kGpkg;
  const auto patches = features("land_survey", "BSM");
  ASSERT_GT(patches.size(), 1000u);
  double total = 0, overlaps = 0;
  for (const auto& p : patches) total += area(*p.geom);
  for (const auto& p : patches) overlaps += overlap("land_survey", *p.geom) - area(*p.geom);
  EXPECT_LT(overlaps, 1.0) << "of " << total << " m²";
  // TBMJ is the patch area, TBDLMJ at most TBMJ, and 5–10 % less for 耕地.
  OGRLayer* l = layer("land_survey");
  l->SetAttributeFilter(nullptr);
  for (auto& f : *l) {
    const double tbmj = f->GetFieldAsDouble("TBMJ"), tbdlmj = f->GetFieldAsDouble("TBDLMJ");
    EXPECT_NEAR(tbmj, area(*f->GetGeometryRef()), 0.05) << f->GetFieldAsString("BSM");
    const bool cultivated = std::string(f->GetFieldAsString("DLBM")).rfind("01", 0) == 0;
    EXPECT_LE(tbdlmj, cultivated ? tbmj * 0.951 : tbmj) << f->GetFieldAsString("BSM");
    EXPECT_GE(tbdlmj, cultivated ? tbmj * 0.899 : tbmj) << f->GetFieldAsString("BSM");
  }
}

TEST_F(SampleLand, ParcelsAndProjectsAreSurveyed) {
  ASSERT_TRUE(ds_) << kGpkg;
  for (const auto& p : features("projects", "project_id")) {
    const double a = area(*p.geom);
    EXPECT_NEAR(overlap("land_survey", *p.geom), a, 1.0) << p.id;
  }
}

TEST_F(SampleLand, ProjectsShowTheQuotaCases) {
  ASSERT_TRUE(ds_) << kGpkg;
  std::map<std::string, std::unique_ptr<OGRGeometry>> site;
  for (auto& p : features("projects", "project_id")) site[p.id] = std::move(p.geom);
  auto share = [&](const char* id, const char* name, const char* where) {
    OGRLayer* l = layer(name);
    if (where) l->SetAttributeFilter(where);
    const double a = overlap(name, *site.at(id));
    l->SetAttributeFilter(nullptr);
    return a / area(*site.at(id));
  };
  const char* farm = "DLBM LIKE '01%' OR DLBM LIKE '02%' OR DLBM LIKE '03%'";
  // (a) wholly on construction land; (b) half new; whole new.
  EXPECT_NEAR(share("P001", "land_survey", farm), 0.0, 1e-6);
  EXPECT_NEAR(share("P003", "land_survey", "DLBM = '0103'"), 0.5, 0.05);
  EXPECT_NEAR(share("P003", "land_survey", "DLBM = '0601'"), 0.5, 0.05);
  EXPECT_NEAR(share("P007", "land_survey", farm), 1.0, 1e-6);
  // (c) largely 批而未供.
  EXPECT_GT(share("P015", "land_supply", "\"供地状态\" = '批而未供'"), 0.7);
  // (d) outside every park; the others inside.
  EXPECT_NEAR(share("P066", "parks", nullptr), 0.0, 1e-6);
  EXPECT_NEAR(share("P001", "parks", nullptr), 1.0, 1e-6);
  // (g) about 10 % inside the hub zone.
  const double hub = share("P076", "zones", "hub_zone = 1");
  EXPECT_GT(hub, 0.05);
  EXPECT_LT(hub, 0.2);
  // (e), (f): the attributes.
  std::map<std::string, std::map<std::string, double>> v;
  std::map<std::string, std::string> industry;
  OGRLayer* projects = layer("projects");
  projects->SetAttributeFilter(nullptr);
  for (auto& f : *projects) {
    const std::string id = f->GetFieldAsString("project_id");
    industry[id] = f->GetFieldAsString("industry");
    const double mu = f->GetFieldAsDouble("land_mu");
    EXPECT_NEAR(mu, area(*f->GetGeometryRef()) * 0.0015, 0.01) << id;
    v[id] = {{"far", f->GetFieldAsDouble("planned_far")},
             {"cover", f->GetFieldAsDouble("planned_coverage")},
             {"office", f->GetFieldAsDouble("planned_office_share")},
             {"invest", f->GetFieldAsDouble("investment_10k_yuan") / mu},
             {"output", f->GetFieldAsDouble("output_10k_yuan") / mu},
             {"tax", f->GetFieldAsDouble("tax_10k_yuan") / mu}};
    EXPECT_EQ(industry[id].size(), 4u) << id;
  }
  EXPECT_EQ(industry.at("P030"), "3011");
  const std::map<std::string, std::string> fails = {{"P040", "far"},    {"P042", "cover"},
                                                    {"P044", "office"}, {"P050", "invest"},
                                                    {"P052", "output"}, {"P054", "tax"}};
  for (const auto& [id, m] : v) {
    const auto f = fails.find(id);
    auto fail = [&](const char* k) { return f != fails.end() && f->second == k; };
    EXPECT_EQ(m.at("far") < 1.0, fail("far")) << id;
    EXPECT_EQ(m.at("cover") < 0.40, fail("cover")) << id;
    EXPECT_EQ(m.at("office") > 0.07, fail("office")) << id;
    EXPECT_EQ(m.at("invest") < 150, fail("invest")) << id;
    EXPECT_EQ(m.at("output") < 158, fail("output")) << id;
    EXPECT_EQ(m.at("tax") < 5.87, fail("tax")) << id;
  }
}

}  // namespace
