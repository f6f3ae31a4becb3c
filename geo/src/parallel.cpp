#include "hubland/geo/parallel.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "hubland/error.hpp"

namespace hubland::geo {

int resolve_threads(int requested) noexcept {
  if (requested > 0) return requested;
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc);
}

namespace {
/// The first index of the range this thread last took: which range a worker's failure came
/// from (each pool thread is a new thread, so a nested run's workers keep their own).
thread_local std::size_t t_range_begin = std::numeric_limits<std::size_t>::max();
}  // namespace

bool WorkQueue::next(std::size_t& begin, std::size_t& end) {
  if (m_stop.load(std::memory_order_relaxed)) return false;
  if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
    m_stop = true;
    return false;
  }
  begin = m_next.fetch_add(m_chunk, std::memory_order_relaxed);
  if (begin >= m_total) return false;
  t_range_begin = begin;
  end = std::min(m_total, begin + m_chunk);
  return true;
}

void run_parallel(std::size_t n, const ParallelOptions& options,
                  const std::function<void(WorkQueue&, int)>& worker) {
  WorkQueue queue;
  queue.m_total = n;
  queue.m_chunk = options.chunk == 0 ? 1 : options.chunk;
  queue.m_cancel = options.cancel;
  const int threads = resolve_threads(options.threads);

  std::mutex mutex;
  std::condition_variable cv;
  int running = threads;
  std::exception_ptr error;
  std::size_t error_at = std::numeric_limits<std::size_t>::max();

  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int w = 0; w < threads; ++w) {
    pool.emplace_back([&, w] {
      t_range_begin = std::numeric_limits<std::size_t>::max();
      try {
        worker(queue, w);
      } catch (...) {
        // Keep the failure of the earliest range, so that the message does not depend on
        // timing: ranges are taken in order and a range taken is worked to its end or its
        // failure, so every range before a failing one has run.
        const std::size_t at = t_range_begin;
        std::lock_guard lock(mutex);
        if (!error || at < error_at) error = std::current_exception(), error_at = at;
        queue.m_stop = true;
      }
      std::lock_guard lock(mutex);
      --running;
      cv.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    while (running > 0) {
      cv.wait_for(lock, std::chrono::milliseconds(100));
      if (options.progress && running > 0) {
        const std::size_t done = queue.m_done.load();
        lock.unlock();
        options.progress(done, n);
        lock.lock();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (options.cancel && options.cancel->load() && queue.m_done.load() < n)
    throw Error(ErrorKind::Cancelled, "cancelled");
  if (options.progress) options.progress(n, n);
}

void parallel_for_each(std::size_t n, int threads,
                       const std::function<void(std::size_t i, int worker)>& fn) {
  ParallelOptions options;
  options.threads = threads;
  options.chunk = 1;
  run_parallel(n, options, [&](WorkQueue& queue, int worker) {
    std::size_t begin = 0, end = 0;
    while (queue.next(begin, end)) {
      for (std::size_t i = begin; i < end; ++i) fn(i, worker);
      queue.finished(end - begin);
    }
  });
}

void touch_pages(void* data, std::size_t bytes, int threads) {
  constexpr std::size_t kPage = 4096;
  constexpr std::size_t kSlice = std::size_t{16} << 20;  // 16 MiB a job
  if (bytes < 2 * kSlice) threads = 1;
  auto* const first = static_cast<unsigned char*>(data);
  const std::size_t slices = (bytes + kSlice - 1) / kSlice;
  auto touch = [&](std::size_t i, int) {
    const std::size_t end = std::min(bytes, (i + 1) * kSlice);
    for (std::size_t at = i * kSlice; at < end; at += kPage)
      static_cast<volatile unsigned char*>(first)[at] = 0;
  };
  if (threads == 1) {
    for (std::size_t i = 0; i < slices; ++i) touch(i, 0);
    return;
  }
  parallel_for_each(slices, threads, touch);
}

}  // namespace hubland::geo
