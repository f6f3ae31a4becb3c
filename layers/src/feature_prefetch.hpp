#pragma once
// Private to hubland_layers: a layer's features read on a worker thread, ahead of the reader
// (reader_features.cpp). GDAL's own part of a read — SQLite steps, shapefile records, building
// each OGRFeature — overlaps HubLand's per-feature checks: on a million-parcel GeoPackage the
// two are about 2 s each (docs/performance.md, "Reading ahead").

#include <ogrsf_frmts.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "read_ahead.hpp"

namespace hubland::layers::detail {

/// Reads `layer` from its start on one worker thread, in source order, in batches. The layer
/// and its dataset must not be used by anyone else while this object lives. The destructor
/// stops the worker and waits for it (also when the consumer leaves early by an exception).
class FeaturePrefetch {
 public:
  explicit FeaturePrefetch(OGRLayer* layer);

  /// The next feature; nullptr at the end of the layer or at a failed read, after which
  /// failure() holds GDAL's message. A failed read ends the layer: what follows it is not
  /// read (nothing after it can be trusted), and the feature GDAL returned with the error is
  /// dropped, as the loop on GetNextFeature did.
  std::unique_ptr<OGRFeature> next();
  /// GDAL's message for the read that ended the layer; "" when it ended normally. Valid once
  /// next() has returned nullptr.
  const std::string& failure() const noexcept { return m_ahead.failure(); }

 private:
  using Batch = std::vector<std::unique_ptr<OGRFeature>>;
  ReadAhead<Batch> m_ahead;
  Batch* m_current = nullptr;
  std::size_t m_next = 0;
};

}  // namespace hubland::layers::detail
