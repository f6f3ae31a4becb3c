// The bundled sample's enterprises (sample-data/README.md "Enterprises of the parcels"): valid
// credit codes, 1–4 neighbouring industrial or logistics parcels per code sharing name, scale
// and operating date, some 规下 and some new, logistics figures on logistics land.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

const std::string kGpkg =
    std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
constexpr const char* kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

struct Parcel {
  std::string id, land_use, credit, enterprise, scale, operating;
  bool throughput = false;
  std::unique_ptr<OGRGeometry> geom;
};

std::vector<Parcel> parcels() {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  std::vector<Parcel> out;
  if (!ds) return out;
  OGRLayer* l = ds->GetLayerByName("parcels");
  for (auto& f : *l) {
    Parcel p;
    p.id = f->GetFieldAsString("parcel_id");
    p.land_use = f->GetFieldAsString("land_use");
    p.credit = f->GetFieldAsString("credit_code");
    p.enterprise = f->GetFieldAsString("enterprise");
    p.scale = f->GetFieldAsString("scale");
    p.operating = f->GetFieldAsString("operating_since");
    p.throughput = f->IsFieldSetAndNotNull(f->GetFieldIndex("throughput_t"));
    p.geom.reset(f->GetGeometryRef()->clone());
    out.push_back(std::move(p));
  }
  return out;
}

// GB 32100: check character = 31 − (Σ value × 3^i mod 31) mod 31, over the first 17.
bool check_character_ok(const std::string& code) {
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i)
    sum += static_cast<int>(std::string(kAlphabet).find(code[static_cast<std::size_t>(i)])) *
           kWeights[i];
  return code[17] == kAlphabet[(31 - sum % 31) % 31];
}

TEST(SampleEnterprises, CreditCodesGroupNeighbouringParcelsOfOneEnterprise) {
  const auto all = parcels();
  ASSERT_FALSE(all.empty()) << kGpkg;
  std::map<std::string, std::vector<const Parcel*>> by_code;
  std::size_t small = 0, recent = 0, without_code = 0;
  for (const Parcel& p : all) {
    const bool eligible = p.land_use.rfind("1001", 0) == 0 || p.land_use.rfind("1101", 0) == 0;
    if (!eligible) {
      EXPECT_TRUE(p.credit.empty()) << p.id;
      continue;
    }
    EXPECT_EQ(p.throughput, p.land_use.rfind("1101", 0) == 0) << p.id;
    EXPECT_TRUE(p.scale == "规上" || p.scale == "规下") << p.id;
    EXPECT_EQ(p.operating.size(), 10u) << p.id;
    small += p.scale == "规下";
    recent += p.operating > "2023-06-30";  // < 3 years by the analysis date
    if (p.credit.empty()) {
      ++without_code;
      continue;
    }
    ASSERT_EQ(p.credit.size(), 18u) << p.id;
    EXPECT_EQ(p.credit.find_first_not_of(kAlphabet), std::string::npos) << p.id;
    EXPECT_TRUE(check_character_ok(p.credit)) << p.id << " " << p.credit;
    by_code[p.credit].push_back(&p);
  }
  std::map<std::size_t, std::size_t> sizes;
  for (const auto& [code, ps] : by_code) {
    ++sizes[ps.size()];
    ASSERT_LE(ps.size(), 4u) << code;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const Parcel* p = ps[i];
      EXPECT_EQ(p->enterprise, ps.front()->enterprise) << code;
      EXPECT_EQ(p->scale, ps.front()->scale) << code;
      EXPECT_EQ(p->operating, ps.front()->operating) << code;
      // Neighbours: each within 150 m of the enterprise's previous parcel (cells are ~90 m).
      if (i > 0) {
        EXPECT_LT(p->geom->Distance(ps[i - 1]->geom.get()), 150.0) << code << " " << p->id;
      }
    }
  }
  EXPECT_GT(sizes[2], 100u);
  EXPECT_GT(sizes[3], 100u);
  EXPECT_GT(sizes[4], 50u);
  EXPECT_GT(small, 1000u);
  EXPECT_GT(recent, 500u);
  EXPECT_GT(without_code, 500u);
}

}  // namespace
