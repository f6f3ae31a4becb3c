// Report runtime (QtRuntime, language), RankRun look-ups and the criteria chart (report.hpp).
// The reports themselves: report_project.cpp, report_zone.cpp, report_district.cpp; their
// shared HTML and PDF pieces: report_html.cpp, report_tables.cpp.
#include "hubland/report/report.hpp"

#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <algorithm>

#include "hubland/error.hpp"
#include "report_html.hpp"

namespace hubland::report {

namespace {

// One static argv for the QGuiApplication QtRuntime makes (Qt keeps a reference to argc/argv).
int g_argc = 1;
char g_arg0[] = "hubland";
char* g_argv[] = {g_arg0, nullptr};

}  // namespace

using detail::kFontFamily;
using detail::num;
using detail::Tr;

Language language_from_string(const std::string& s) {
  if (s == "zh" || s == "zh_CN" || s == "zh-CN") return Language::Zh;
  if (s == "en") return Language::En;
  throw Error(ErrorKind::BadInput, "language '" + s + "' is not zh | en");
}

QtRuntime::QtRuntime() {
  if (QCoreApplication::instance()) return;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  m_app = std::make_unique<QGuiApplication>(g_argc, g_argv);
}
QtRuntime::~QtRuntime() = default;

std::optional<std::size_t> RankRun::row_of(const std::string& project_id) const {
  for (std::size_t r = 0; r < ranking.projects.size(); ++r)
    if (ranking.projects[r].project_id == project_id) return r;
  return std::nullopt;
}

std::optional<RankRun::Robustness> RankRun::robustness(std::size_t row) const {
  const auto& rows = ranking.model.rows;
  const auto it = std::find(rows.begin(), rows.end(), row);
  if (it == rows.end()) return std::nullopt;
  const auto k = static_cast<std::size_t>(it - rows.begin());
  if (k >= sensitivity.rank_p05.size()) return std::nullopt;
  return Robustness{sensitivity.rank_p05[k], sensitivity.rank_p95[k], sensitivity.funded_share[k]};
}

QImage render_criteria_chart(const RankRun& run, std::size_t row, Language language) {
  const Tr tr{language};
  const auto& p = run.ranking.projects.at(row);
  const auto& crit = run.config.criteria;
  const int label_w = 260, bar_w = 420, value_w = 120, row_h = 30, top = 34;
  QImage img(label_w + bar_w + value_w + 20, top + row_h * static_cast<int>(crit.size()) + 16,
             QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  QPainter g(&img);
  g.setRenderHint(QPainter::Antialiasing);
  QFont font(QString::fromUtf8(kFontFamily));
  font.setPixelSize(14);
  g.setFont(font);
  g.setPen(Qt::black);
  g.drawText(QRect(10, 4, img.width() - 20, 24), Qt::AlignLeft | Qt::AlignVCenter,
             tr("各项指标贡献（浅色：权重上限，深色：实际贡献）",
                "Contribution per criterion (light: weight, dark: contribution)"));
  double max_w = 0;
  for (const auto& c : p.criteria) max_w = std::max(max_w, c.weight);
  if (max_w <= 0) max_w = 1;
  for (std::size_t i = 0; i < crit.size() && i < p.criteria.size(); ++i) {
    const int y = top + static_cast<int>(i) * row_h;
    const auto& cs = p.criteria[i];
    g.setPen(Qt::black);
    g.drawText(QRect(10, y, label_w - 16, row_h), Qt::AlignRight | Qt::AlignVCenter,
               tr.pick(crit[i].title.zh, crit[i].title.en));
    const double full = bar_w * cs.weight / max_w;
    // Benchmark scores may exceed 1 (up to the cap): the bar may pass the weight mark.
    const double done = bar_w * std::min(cs.contribution, cs.weight * 2.0) / max_w;
    g.setPen(Qt::NoPen);
    g.setBrush(QColor(200, 215, 235));
    g.drawRect(QRectF(label_w, y + 6, full, row_h - 12));
    g.setBrush(QColor(40, 90, 170));
    g.drawRect(QRectF(label_w, y + 6, std::min(done, double(bar_w)), row_h - 12));
    g.setPen(Qt::black);
    g.drawText(QRect(label_w + bar_w + 6, y, value_w, row_h), Qt::AlignLeft | Qt::AlignVCenter,
               num(cs.contribution, 4));
  }
  return img;
}

}  // namespace hubland::report
