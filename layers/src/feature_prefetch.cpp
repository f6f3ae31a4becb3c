#include "feature_prefetch.hpp"

#include "source.hpp"

namespace hubland::layers::detail {

namespace {
constexpr std::size_t kBatch = 512;   // features handed over at once: one lock per batch
constexpr std::size_t kBatches = 16;  // batches read ahead at most (bounded memory)
}  // namespace

FeaturePrefetch::FeaturePrefetch(OGRLayer* layer) {
  layer->ResetReading();
  m_worker = std::thread([this, layer] { run(layer); });
}

FeaturePrefetch::~FeaturePrefetch() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_room.notify_all();
  m_worker.join();
}

void FeaturePrefetch::run(OGRLayer* layer) {
  // An exception must not leave a thread (std::terminate): it ends the layer as a failed read.
  try {
    read_all(layer);
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(m_mutex);
      m_worker_failure = e.what();
      m_done = true;
    }
    m_ready.notify_one();
  }
}

void FeaturePrefetch::read_all(OGRLayer* layer) {
  // GDAL's errors are per thread: this thread collects its own, as the reader's loop did.
  CplCapture capture;
  std::string failure;
  bool end = false;
  while (!end) {
    Batch batch;
    batch.reserve(kBatch);
    while (batch.size() < kBatch) {
      std::unique_ptr<OGRFeature> f;
      try {
        f.reset(layer->GetNextFeature());
      } catch (const std::exception& e) {  // bad_alloc from a driver: a failed read
        failure = e.what();
      }
      if (failure.empty()) failure = capture.take_failure();
      if (!failure.empty() || !f) {
        end = true;
        break;
      }
      batch.push_back(std::move(f));
    }
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [&] { return m_stop || m_queue.size() < kBatches; });
    if (m_stop) return;
    if (!batch.empty()) m_queue.push_back(std::move(batch));
    if (end) {
      m_worker_failure = std::move(failure);
      m_done = true;
    }
    lock.unlock();
    m_ready.notify_one();
  }
}

std::unique_ptr<OGRFeature> FeaturePrefetch::next() {
  if (m_next == m_current.size()) {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return !m_queue.empty() || m_done; });
    if (m_queue.empty()) return nullptr;
    m_current = std::move(m_queue.front());
    m_queue.pop_front();
    m_next = 0;
    lock.unlock();
    m_room.notify_one();
  }
  return std::move(m_current[m_next++]);
}

}  // namespace hubland::layers::detail
