#include "hubland/geo/strtree.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cstdint>

namespace hubland::geo {

StrTree::StrTree(std::size_t node_capacity) : m_ctx(GeosContext::local().handle()) {
  m_tree = GEOSSTRtree_create_r(m_ctx, node_capacity < 2 ? 2 : node_capacity);
  if (!m_tree) throw Error(ErrorKind::Internal, "GEOS could not create an STRtree");
}

StrTree::~StrTree() {
  if (m_tree) GEOSSTRtree_destroy_r(m_ctx, m_tree);
}

void StrTree::insert(const GEOSGeometry* g, std::size_t item) {
  if (m_built) throw Error(ErrorKind::Internal, "STRtree insert after the first query");
  // Items are stored as item+1 so that item 0 is not a null pointer.
  GEOSSTRtree_insert_r(m_ctx, m_tree, g,
                       reinterpret_cast<void*>(static_cast<std::uintptr_t>(item) + 1));
  ++m_size;
}

void StrTree::insert(const Envelope& env, std::size_t item) {
  if (env.empty) throw Error(ErrorKind::Internal, "STRtree insert of an empty envelope");
  GeomPtr box = adopt(GEOSGeom_createRectangle_r(m_ctx, env.min_x, env.min_y, env.max_x, env.max_y),
                      "envelope rectangle");
  insert(box.get(), item);  // GEOS keeps the box's envelope, not the box
}

void StrTree::query(const GEOSGeometry* g, std::vector<std::size_t>& out) {
  out.clear();
  m_built = true;
  if (m_size == 0) return;
  GEOSSTRtree_query_r(
      m_ctx, m_tree, g,
      [](void* item, void* userdata) {
        static_cast<std::vector<std::size_t>*>(userdata)->push_back(
            static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(item)) - 1);
      },
      &out);
  std::sort(out.begin(), out.end());
}

}  // namespace hubland::geo
