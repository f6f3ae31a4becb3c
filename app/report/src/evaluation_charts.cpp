// The figures of the zone evaluation report (evaluation_report.hpp): indicator trend charts
// drawn with QPainter, and the zone's land-status map through the shared map renderer.
#include <QFont>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <map>

#include "hubland/error.hpp"
#include "hubland/layers/vocabulary.hpp"
#include "hubland/map/styles.hpp"
#include "hubland/report/evaluation_report.hpp"
#include "map_figure.hpp"
#include "report_html.hpp"

namespace hubland::report {

using namespace detail;

namespace {

// Panel layout of the small multiples, in pixels of a 1000-px-wide image (the report shows it
// about half as wide, so 22-px text prints at ~8 pt).
constexpr int kColumns = 2;
constexpr int kPanelW = 500, kPanelH = 260;
constexpr int kLeft = 90, kRight = 24, kTop = 50, kBottom = 40;

const rules::ZoneEvaluation* row_of(const rules::WorkspaceEvaluation& ev, const std::string& zone,
                                    int year) {
  for (const auto& r : ev.rows)
    if (r.zone_id == zone && r.year == year) return &r;
  return nullptr;
}

QFont font_px(int px, bool bold = false) {
  QFont f(QString::fromUtf8(kFontFamily));
  f.setPixelSize(px);
  f.setBold(bold);
  return f;
}

/// One panel: its title, the value line over the years, the benchmark dashed. Returns the
/// pixel of each year's value (nullopt: none).
std::vector<std::optional<QPointF>> draw_panel(QPainter& p, const QRect& panel,
                                               const rules::EvaluationIndicator& ind,
                                               const std::vector<int>& years,
                                               const std::vector<std::optional<double>>& values,
                                               const Tr& tr) {
  // Title left, benchmark right (in the title row: inside the plot it would meet the values).
  p.setFont(font_px(18));
  p.setPen(QColor(100, 100, 100));
  const QString bench = tr("基准", "benchmark") + " " + num(ind.benchmark) + " ┄";
  const QRect title_row(panel.left() + 10, panel.top() + 6, panel.width() - 20, 38);
  p.drawText(title_row, Qt::AlignRight | Qt::AlignVCenter, bench);
  const int bench_w = QFontMetrics(p.font()).horizontalAdvance(bench) + 12;
  p.setPen(QColor(40, 40, 40));
  p.setFont(font_px(22, true));
  const QString unit = ind.unit.empty() ? QString() : " (" + QString::fromStdString(ind.unit) + ")";
  const QString title =
      QString::fromStdString(ind.id) + " " + tr.pick(ind.title_zh, ind.title_en) + unit;
  p.drawText(title_row.adjusted(0, 0, -bench_w, 0), Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetrics(p.font()).elidedText(title, Qt::ElideRight, title_row.width() - bench_w));
  const QRectF plot(panel.left() + kLeft, panel.top() + kTop, panel.width() - kLeft - kRight,
                    panel.height() - kTop - kBottom);
  p.setPen(QPen(QColor(170, 170, 170), 1));
  p.drawRect(plot);

  // Value range: the values and the benchmark, 10 % air; a flat range gets ±1 (or ±10 %).
  double lo = ind.benchmark, hi = ind.benchmark;
  for (const auto& v : values)
    if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
  if (hi - lo < 1e-12) {
    const double pad = std::fabs(hi) > 1e-12 ? std::fabs(hi) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
  const double air = (hi - lo) * 0.1;
  lo -= air;
  hi += air;
  auto y_of = [&](double v) { return plot.bottom() - (v - lo) / (hi - lo) * plot.height(); };
  auto x_of = [&](std::size_t i) {
    return years.size() < 2 ? plot.center().x()
                            : plot.left() + 40 + i * (plot.width() - 80) / (years.size() - 1);
  };

  p.setFont(font_px(18));
  p.setPen(QColor(80, 80, 80));
  for (double v : {lo + air, hi - air})
    p.drawText(QRectF(panel.left(), y_of(v) - 12, kLeft - 8, 24), Qt::AlignRight | Qt::AlignVCenter,
               num(v));
  for (std::size_t i = 0; i < years.size(); ++i)
    p.drawText(QRectF(x_of(i) - 50, plot.bottom() + 4, 100, 30), Qt::AlignCenter,
               QString::number(years[i]));

  const double by = y_of(ind.benchmark);
  p.setPen(QPen(QColor(120, 120, 120), 2, Qt::DashLine));
  p.drawLine(QPointF(plot.left(), by), QPointF(plot.right(), by));

  std::vector<std::optional<QPointF>> points(years.size());
  for (std::size_t i = 0; i < years.size(); ++i)
    if (values[i]) points[i] = QPointF(x_of(i), y_of(*values[i]));
  // A missing year breaks the line: only neighbours with values are joined.
  p.setPen(QPen(trend_line_colour(), 4, Qt::SolidLine, Qt::RoundCap));
  for (std::size_t i = 1; i < points.size(); ++i)
    if (points[i - 1] && points[i]) p.drawLine(*points[i - 1], *points[i]);
  p.setBrush(trend_line_colour());
  p.setFont(font_px(20, true));
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i]) {
      p.setPen(QColor(176, 0, 0));
      p.drawText(QRectF(x_of(i) - 60, plot.top() + 4, 120, 26), Qt::AlignCenter,
                 tr("无数值", "no value"));
      continue;
    }
    p.setPen(Qt::NoPen);
    p.drawEllipse(*points[i], 7, 7);
    p.setPen(QColor(20, 20, 20));
    // Label above the point, or below it when the point is near the top.
    const double ly = points[i]->y() - 34 < plot.top() ? points[i]->y() + 8 : points[i]->y() - 34;
    p.drawText(QRectF(points[i]->x() - 80, ly, 160, 26), Qt::AlignCenter, num(*values[i]));
  }
  p.setBrush(Qt::NoBrush);
  return points;
}

}  // namespace

QColor trend_line_colour() {
  return QColor(30, 90, 180);
}

TrendChart render_indicator_trends(const rules::WorkspaceEvaluation& ev, const std::string& zone_id,
                                   Language language) {
  const Tr tr{language};
  const auto& indicators = ev.ruleset.evaluation.indicators;
  const int n = static_cast<int>(indicators.size());
  const int rows = std::max(1, (n + kColumns - 1) / kColumns);
  TrendChart out;
  out.image = QImage(kColumns * kPanelW, rows * kPanelH, QImage::Format_ARGB32_Premultiplied);
  out.image.fill(Qt::white);
  QPainter p(&out.image);
  p.setRenderHint(QPainter::Antialiasing);
  p.setRenderHint(QPainter::TextAntialiasing);
  for (int i = 0; i < n; ++i) {
    std::vector<std::optional<double>> values;
    for (int y : ev.years) {
      const auto* r = row_of(ev, zone_id, y);
      values.push_back(r && std::size_t(i) < r->values.size() ? r->values[i] : std::nullopt);
    }
    const QRect panel((i % kColumns) * kPanelW, (i / kColumns) * kPanelH, kPanelW, kPanelH);
    out.points.push_back(draw_panel(p, panel, indicators[i], ev.years, values, tr));
  }
  return out;
}

RenderedMap render_land_status_map(const EvaluationReportData& data, const std::string& zone_id,
                                   QSize size_px, Language language) {
  const Tr tr{language};
  const rules::WorkspaceEvaluation& ev = data.evaluation;
  // The zone's polygons (the zones layer of the newest run, one feature per polygon).
  std::vector<geo::Wkb> zone_wkb;
  std::vector<QString> zone_labels;
  if (ev.zone_layer)
    for (std::size_t z = 0; z < ev.zones.size() && z < ev.zone_layer->geometry.size(); ++z)
      if (ev.zones[z].zone_id == zone_id && !ev.zone_layer->geometry[z].empty()) {
        zone_wkb.push_back(ev.zone_layer->geometry[z]);
        zone_labels.push_back(QString::fromStdString(ev.zones[z].zone_name));
      }
  // The zone's parcels: those whose newest facts give this zone_id; status from the grades.
  std::vector<geo::Wkb> parcel_wkb;
  std::vector<std::string> status;
  if (data.parcels && !ev.facts.empty()) {
    std::map<std::string, std::string> zone_of, status_of;
    const layers::Table& facts = ev.facts.back();
    for (std::size_t r = 0; r < facts.row_count(); ++r)
      zone_of[text(facts, r, "parcel_id")] = text(facts, r, "zone_id");
    if (!ev.grades.empty())
      for (std::size_t r = 0; r < ev.grades.back().row_count(); ++r)
        status_of[text(ev.grades.back(), r, "parcel_id")] =
            text(ev.grades.back(), r, "land_status");
    const layers::Layer& parcels = *data.parcels;
    for (std::size_t r = 0; r < parcels.size() && r < parcels.geometry.size(); ++r) {
      const std::string id = text(parcels.attributes, r, "parcel_id");
      const auto z = zone_of.find(id);
      if (z == zone_of.end() || z->second != zone_id || parcels.geometry[r].empty()) continue;
      parcel_wkb.push_back(parcels.geometry[r]);
      const auto s = status_of.find(id);
      status.push_back(s == status_of.end() ? std::string() : s->second);
    }
  }
  if (zone_wkb.empty() && parcel_wkb.empty())
    throw Error(ErrorKind::BadInput,
                "zone '" + zone_id + "' has neither a polygon nor a parcel with geometry to map");

  map::MapLayer parcels_layer(QStringLiteral("parcels"), parcel_wkb);
  map::Style style = map::land_status_style();
  // A report does not mix languages: the shared style labels classes "<key> <English>".
  style.title = tr("地块土地状态", "Parcels by land status");
  for (std::size_t i = 0; i < style.classes.size() && i < layers::kLandStatusInfo.size(); ++i)
    style.classes[i].label =
        tr(layers::kLandStatusInfo[i].key, layers::kLandStatusInfo[i].label_en);
  style.fallback_label = tr("未筛查", "Not screened");
  parcels_layer.set_style(std::move(style), status);

  map::MapLayer zone_layer(QStringLiteral("zone"), zone_wkb);
  map::Style zs = map::zone_style();
  zs.title = tr("园区", "Zone");
  zs.fallback_label = tr("园区边界", "Zone boundary");
  zone_layer.set_style(std::move(zs), {});
  zone_layer.set_labels(std::move(zone_labels));

  map::Bounds extent = parcels_layer.extent();
  extent.expand(zone_layer.extent());
  RenderedMap out;
  out.view = map::MapView::fit(extent, size_px, 0.06);
  std::vector<const map::MapLayer*> layers;
  if (!parcel_wkb.empty()) layers.push_back(&parcels_layer);
  if (!zone_wkb.empty()) layers.push_back(&zone_layer);
  out.image = detail::map_figure(out.view, layers);
  return out;
}

}  // namespace hubland::report
