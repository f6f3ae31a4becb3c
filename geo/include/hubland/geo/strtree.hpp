#pragma once
// StrTree — RAII over GEOS's STRtree (GEOSSTRtree_*_r) on this thread's GEOS context.
//
// Contract: items are indices (std::size_t) inserted with the envelope of a geometry; the tree
// is built on the first query, after which insert() throws Error(Internal). query() returns the
// items whose envelope intersects the query geometry's envelope, sorted ascending, so callers
// see candidates in a canonical order whatever order GEOS visits them in.
// Threads: a tree belongs to the thread that made it (its GEOS context); build one per thread.

#include <cstddef>
#include <vector>

#include "hubland/geo/geos.hpp"

typedef struct GEOSSTRtree_t GEOSSTRtree;

namespace hubland::geo {

class StrTree {
 public:
  explicit StrTree(std::size_t node_capacity = 10);
  ~StrTree();
  StrTree(const StrTree&) = delete;
  StrTree& operator=(const StrTree&) = delete;

  /// Index `item` under the envelope of `g` (only the envelope is kept).
  void insert(const GEOSGeometry* g, std::size_t item);
  /// Index `item` under `env` (not empty).
  void insert(const Envelope& env, std::size_t item);
  /// Items whose envelope intersects the envelope of `g`, ascending; `out` is cleared first.
  void query(const GEOSGeometry* g, std::vector<std::size_t>& out);
  std::size_t size() const noexcept { return m_size; }

 private:
  GEOSContextHandle_t m_ctx = nullptr;
  GEOSSTRtree* m_tree = nullptr;
  std::size_t m_size = 0;
  bool m_built = false;
};

}  // namespace hubland::geo
