#pragma once
// Internal: owners of raw PROJ handles and PROJ's error text, shared by crs.cpp and
// ellipsoid.cpp. PROJ objects are not thread-safe: a context and what it made stay on one thread.

#include <proj.h>

#include <string>

namespace hubland::geo::detail {

/// Owns a PJ_CONTEXT (created on construction).
struct CtxGuard {
  PJ_CONTEXT* ctx = proj_context_create();
  CtxGuard() = default;
  CtxGuard(const CtxGuard&) = delete;
  CtxGuard& operator=(const CtxGuard&) = delete;
  ~CtxGuard() { proj_context_destroy(ctx); }
};

/// Owns a PJ made in `ctx` (null allowed); must die before its context.
struct PjGuard {
  PJ_CONTEXT* ctx;
  PJ* pj;
  PjGuard(PJ_CONTEXT* c, PJ* p) : ctx(c), pj(p) {}
  PjGuard(const PjGuard&) = delete;
  PjGuard& operator=(const PjGuard&) = delete;
  ~PjGuard() {
    if (pj) proj_destroy(pj);
  }
};

/// PROJ's text for the context's last error ("unknown PROJ error" when it has none).
inline std::string proj_reason(PJ_CONTEXT* ctx) {
  int err = proj_context_errno(ctx);
  const char* s = err ? proj_context_errno_string(ctx, err) : nullptr;
  return s ? s : "unknown PROJ error";
}

}  // namespace hubland::geo::detail
