#pragma once
// Work split over threads with results that do not depend on the thread count.
//
// run_parallel(n, options, worker) starts `threads` worker threads; each calls worker(queue, w)
// once and pulls half-open index ranges [begin, end) from the queue until it is empty. Workers
// write results into slots indexed by item, so the outcome is the same for any thread count.
// Each worker owns its per-thread state (GEOS context, geometries, trees) on its own stack,
// so nothing GEOS crosses threads. The calling thread reports progress (done, total) every
// ~100 ms and at the end, and watches the cancel flag.
// Failure: the first exception a worker throws (the one for the lowest range when several do)
// stops the others and is rethrown on the calling thread; a cancel throws Error(Cancelled).

#include <atomic>
#include <cstddef>
#include <functional>

namespace hubland::geo {

/// 0 -> hardware concurrency (at least 1).
int resolve_threads(int requested) noexcept;

struct ParallelOptions {
  int threads = 0;
  std::size_t chunk = 256;  ///< items per range
  std::function<void(std::size_t done, std::size_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

class WorkQueue {
 public:
  /// Next range; false when the work is done, cancelled or failed.
  bool next(std::size_t& begin, std::size_t& end);
  /// Report `count` items finished (for progress).
  void finished(std::size_t count) noexcept { m_done.fetch_add(count, std::memory_order_relaxed); }

 private:
  friend void run_parallel(std::size_t, const ParallelOptions&,
                           const std::function<void(WorkQueue&, int)>&);
  std::size_t m_total = 0;
  std::size_t m_chunk = 256;
  std::atomic<std::size_t> m_next{0};
  std::atomic<std::size_t> m_done{0};
  std::atomic<bool> m_stop{false};
  const std::atomic<bool>* m_cancel = nullptr;
};

void run_parallel(std::size_t n, const ParallelOptions& options,
                  const std::function<void(WorkQueue&, int worker)>& worker);

/// fn(i, worker) for every i in [0, n), one item per range, on `threads` threads (0: hardware
/// concurrency): for a few large items, e.g. one slice of a table per thread. Failure as for
/// run_parallel; fn writes its result into slot i.
void parallel_for_each(std::size_t n, int threads,
                       const std::function<void(std::size_t i, int worker)>& fn);

/// Writes a zero into every 4 KiB page of the raw storage [data, data + bytes) from `threads`
/// threads (0: hardware concurrency), so that the kernel's zeroing of fresh pages — slow on
/// this project's VMs, where freed memory goes back to the host — is shared by the cores
/// rather than paid by whichever thread first constructs objects there. The storage must hold
/// no objects yet (e.g. a vector's capacity past its size, before a resize).
void touch_pages(void* data, std::size_t bytes, int threads);

/// `v` resized to `n` default-constructed elements, the new storage's pages first touched on
/// every core (touch_pages): for result vectors of a million elements.
template <typename Vector>
void resize_touched(Vector& v, std::size_t n, int threads) {
  if (n > v.capacity()) {
    v.reserve(n);
    touch_pages(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(*v.data()), threads);
  }
  v.resize(n);
}

}  // namespace hubland::geo
