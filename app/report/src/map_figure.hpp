#pragma once
// A report's map figure (map_figure.cpp): the map with scale bar and north arrow, and its legend
// below the map, sized so that every text prints at 8 pt or more.

#include <QImage>
#include <QString>
#include <vector>

#include "hubland/map/map_renderer.hpp"

namespace hubland::report::detail {

/// Width of a report page's text (A4, 20 mm side margins): maps and charts span it.
inline constexpr double kTextWidthMm = 170;
/// The same in the HTML's pixels (96 per inch): the `width` of a full-width <img>.
inline constexpr int kTextWidthPx = 642;

/// A paragraph holding the image `name` at the full text width.
inline QString figure_html(const QString& name) {
  return QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>")
      .arg(name.toHtmlEscaped())
      .arg(kTextWidthPx);
}

/// `layers` drawn for `view` (the image's top view.size_px, so view.to_screen finds a point),
/// then below it the legend, one box per layer packed into columns. Scale bar, north arrow and
/// legend are scaled up from the map renderer's pixel sizes so that their smallest text is at
/// least 8 pt when the figure prints `print_width_mm` wide.
QImage map_figure(const map::MapView& view, const std::vector<const map::MapLayer*>& layers,
                  double print_width_mm = kTextWidthMm);

}  // namespace hubland::report::detail
