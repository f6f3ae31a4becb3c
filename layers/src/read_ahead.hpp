#pragma once
// Private to hubland_layers: one worker thread that reads a source ahead of its consumer, in
// batches, in source order, with bounded memory. The readers' two sources use it: GDAL's
// features (feature_prefetch.hpp) and a GeoPackage's rows read with SQLite (gpkg_rows.hpp).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace hubland::layers::detail {

/// Runs `fill` on a worker thread until the source ends. `fill(batch, failure)` fills one
/// empty batch and returns false at the end of the source; a failed read sets `failure` (GDAL's
/// or SQLite's message) and returns false, the batch holding what came before it; an exception
/// is a failed read with its what(). The destructor stops the worker and waits for it (also
/// when the consumer leaves early by an exception).
template <typename Batch>
class ReadAhead {
 public:
  using Fill = std::function<bool(Batch&, std::string&)>;
  explicit ReadAhead(Fill fill, std::size_t max_batches = 16)
      : m_fill(std::move(fill)), m_max_batches(max_batches) {
    m_worker = std::thread([this] { run(); });
  }
  ~ReadAhead() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_room.notify_all();
    m_worker.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  /// The next non-empty batch, valid until the next call; nullptr at the end of the source or
  /// at a failed read (then failure() says which).
  Batch* next() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return !m_queue.empty() || m_done; });
    if (m_queue.empty()) return nullptr;
    m_current = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_room.notify_one();
    return &m_current;
  }
  /// The message of the read that ended the source; "" when it ended normally. Valid once
  /// next() has returned nullptr (the worker wrote it, under the lock, before it said so).
  const std::string& failure() const noexcept { return m_failure; }

 private:
  void run() {
    bool more = true;
    while (more) {
      Batch batch;
      std::string failure;
      // An exception must not leave a thread (std::terminate): it ends the source as a failed
      // read.
      try {
        more = m_fill(batch, failure);
      } catch (const std::exception& e) {
        failure = e.what();
      }
      if (!failure.empty()) more = false;
      std::unique_lock lock(m_mutex);
      m_room.wait(lock, [&] { return m_stop || m_queue.size() < m_max_batches; });
      if (m_stop) return;
      if (!batch.empty()) m_queue.push_back(std::move(batch));
      if (!more) {
        m_failure = std::move(failure);
        m_done = true;
      }
      lock.unlock();
      m_ready.notify_one();
    }
  }

  Fill m_fill;
  std::size_t m_max_batches;
  std::mutex m_mutex;
  std::condition_variable m_ready;  ///< a batch or the end is there (consumer waits)
  std::condition_variable m_room;   ///< the queue has room or the consumer left (worker waits)
  std::deque<Batch> m_queue;
  bool m_done = false;  ///< the worker has queued its last batch
  bool m_stop = false;  ///< the consumer has left
  std::string m_failure;
  Batch m_current;
  std::thread m_worker;
};

}  // namespace hubland::layers::detail
