#pragma once
// Private to hubland_layers: a layer's features read on a worker thread, ahead of the reader
// (reader_features.cpp). GDAL's own part of a read — SQLite steps, shapefile records, building
// each OGRFeature — overlaps HubLand's per-feature checks: on a million-parcel GeoPackage the
// two are about 2 s each (docs/performance.md, "Reading ahead").

#include <ogrsf_frmts.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hubland::layers::detail {

/// Reads `layer` from its start on one worker thread, in source order, in batches. The layer
/// and its dataset must not be used by anyone else while this object lives. The destructor
/// stops the worker and waits for it (also when the consumer leaves early by an exception).
class FeaturePrefetch {
 public:
  explicit FeaturePrefetch(OGRLayer* layer);
  ~FeaturePrefetch();
  FeaturePrefetch(const FeaturePrefetch&) = delete;
  FeaturePrefetch& operator=(const FeaturePrefetch&) = delete;

  /// The next feature; nullptr at the end of the layer or at a failed read, after which
  /// failure() holds GDAL's message. A failed read ends the layer: what follows it is not
  /// read (nothing after it can be trusted), and the feature GDAL returned with the error is
  /// dropped, as the loop on GetNextFeature did.
  std::unique_ptr<OGRFeature> next();
  /// GDAL's message for the read that ended the layer; "" when it ended normally. Valid once
  /// next() has returned nullptr (the worker wrote it, under the lock, before it said so).
  const std::string& failure() const noexcept { return m_worker_failure; }

 private:
  using Batch = std::vector<std::unique_ptr<OGRFeature>>;
  void run(OGRLayer* layer);       ///< the worker: read_all, an exception as a failed read
  void read_all(OGRLayer* layer);  ///< batches into the queue until the end or a failed read

  std::mutex m_mutex;
  std::condition_variable m_ready;  ///< a batch or the end is there (consumer waits)
  std::condition_variable m_room;   ///< the queue has room or the consumer left (worker waits)
  std::deque<Batch> m_queue;
  bool m_done = false;  ///< the worker has queued its last batch
  bool m_stop = false;  ///< the consumer has left
  std::string m_worker_failure;
  Batch m_current;
  std::size_t m_next = 0;
  std::thread m_worker;
};

}  // namespace hubland::layers::detail
