// FeaturePrefetch (layers/src/feature_prefetch.hpp): the reader's features come from a worker
// thread; they must arrive all, once, in source order, and the worker must stop when the
// reader leaves early.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "../../layers/src/feature_prefetch.hpp"

using hubland::layers::detail::FeaturePrefetch;

namespace {

// 10,000 features: more than the worker reads ahead (16 batches of 512), so it has to wait
// for the reader, and the early-leave test finds it waiting.
constexpr int kFeatures = 10000;

GDALDatasetUniquePtr memory_layer() {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("Memory");
  GDALDatasetUniquePtr ds(drv->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* l = ds->CreateLayer("parcels", nullptr, wkbNone, nullptr);
  OGRFieldDefn id("parcel_id", OFTString);
  l->CreateField(&id);
  for (int i = 0; i < kFeatures; ++i) {
    OGRFeature f(l->GetLayerDefn());
    f.SetField(0, ("P" + std::to_string(i)).c_str());
    EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  return ds;
}

}  // namespace

TEST(FeaturePrefetch, EveryFeatureOnceInSourceOrder) {
  GDALDatasetUniquePtr ds = memory_layer();
  OGRLayer* l = ds->GetLayer(0);
  std::unique_ptr<OGRFeature>(l->GetNextFeature());  // a read under way: the prefetch restarts
  FeaturePrefetch features(l);
  int n = 0;
  while (std::unique_ptr<OGRFeature> f = features.next()) {
    ASSERT_EQ(std::string(f->GetFieldAsString(0)), "P" + std::to_string(n));
    ++n;
  }
  EXPECT_EQ(n, kFeatures);
  EXPECT_EQ(features.failure(), "");
  EXPECT_EQ(features.next(), nullptr);  // the end stays the end
}

TEST(FeaturePrefetch, LeavingEarlyStopsTheWorker) {
  GDALDatasetUniquePtr ds = memory_layer();
  {
    FeaturePrefetch features(ds->GetLayer(0));
    ASSERT_NE(features.next(), nullptr);
    // The worker fills its queue and waits; the destructor must wake and join it (a hang
    // here is the failure).
  }
  // The layer is the caller's again: it reads from the start.
  OGRLayer* l = ds->GetLayer(0);
  l->ResetReading();
  std::unique_ptr<OGRFeature> first(l->GetNextFeature());
  ASSERT_NE(first, nullptr);
  EXPECT_STREQ(first->GetFieldAsString(0), "P0");
}
