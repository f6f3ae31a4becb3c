#pragma once
// PDF text that is the text: Qt writes each font's ToUnicode CMap from the font's own cmap, and
// Noto Sans CJK maps the glyph of 目 also to the Kangxi radical ⽬ (U+2F6C), so copied or
// searched text came out as radicals. This rewrites such destinations in the ToUnicode CMaps
// to the unified ideograph they stand for (their NFKC form), in place and at the same length,
// so the PDF's cross-reference offsets stay valid.

#include <string>

namespace hubland::report::detail {

/// Rewrites every ToUnicode destination in U+2E80–U+2FDF (CJK radicals) of `pdf` to its NFKC
/// ideograph when that is one BMP character; source codes and everything else are untouched.
/// Returns the number of entries rewritten.
int canonicalise_cjk_to_unicode(std::string& pdf);

}  // namespace hubland::report::detail
