#include "feature_prefetch.hpp"

#include "source.hpp"

namespace hubland::layers::detail {

namespace {
constexpr std::size_t kBatch = 512;  // features handed over at once: one lock per batch

// One batch of GDAL's features; false at the end of the layer or a failed read.
bool read_batch(OGRLayer* layer, std::vector<std::unique_ptr<OGRFeature>>& batch,
                std::string& failure) {
  // GDAL's errors are per thread: the worker collects its own, as the reader's loop did.
  CplCapture capture;
  batch.reserve(kBatch);
  while (batch.size() < kBatch) {
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    failure = capture.take_failure();
    if (!failure.empty() || !f) return false;
    batch.push_back(std::move(f));
  }
  return true;
}

// The worker's job: the layer from its start (reset here, before the worker runs), a batch
// at a time.
ReadAhead<std::vector<std::unique_ptr<OGRFeature>>>::Fill from_the_start(OGRLayer* layer) {
  layer->ResetReading();
  return [layer](auto& batch, std::string& failure) { return read_batch(layer, batch, failure); };
}

}  // namespace

FeaturePrefetch::FeaturePrefetch(OGRLayer* layer) : m_ahead(from_the_start(layer)) {}

std::unique_ptr<OGRFeature> FeaturePrefetch::next() {
  if (!m_current || m_next == m_current->size()) {
    m_current = m_ahead.next();
    m_next = 0;
    if (!m_current) return nullptr;
  }
  return std::move((*m_current)[m_next++]);
}

}  // namespace hubland::layers::detail
