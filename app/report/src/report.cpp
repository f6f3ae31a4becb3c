// HTML + PDF justification reports (report.hpp).
#include "hubland/report/report.hpp"

#include <QBuffer>
#include <QFont>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "hubland/error.hpp"
#include "hubland/layers/sink.hpp"

namespace fs = std::filesystem;

namespace hubland::report {

namespace {

constexpr const char* kFontFamily = "Noto Sans CJK SC";
// The HTML file's font rule; the PDF path drops it and uses the document's font families.
constexpr const char* kCssFont = "font-family:'DejaVu Sans','Noto Sans CJK SC',sans-serif;";

// One static argv for the QGuiApplication QtRuntime makes (Qt keeps a reference to argc/argv).
int g_argc = 1;
char g_arg0[] = "hubland";
char* g_argv[] = {g_arg0, nullptr};

struct Tr {
  Language lang;
  QString operator()(const char* zh, const char* en) const {
    return QString::fromUtf8(lang == Language::Zh ? zh : en);
  }
  QString pick(const std::string& zh, const std::string& en) const {
    return QString::fromStdString(lang == Language::Zh ? (zh.empty() ? en : zh)
                                                       : (en.empty() ? zh : en));
  }
};

QString esc(const QString& s) {
  return s.toHtmlEscaped();
}
QString esc(const std::string& s) {
  return QString::fromStdString(s).toHtmlEscaped();
}

QString num(double v, int decimals = 2) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  QString s = QString::number(v, 'f', decimals);
  if (s.contains('.')) {
    while (s.endsWith('0')) s.chop(1);
    if (s.endsWith('.')) s.chop(1);
  }
  return s;
}

QString cell(const layers::Table& t, std::size_t row, const char* column) {
  const auto c = t.find(column);
  if (!c || t.null_at(row, *c)) return QStringLiteral("–");
  const layers::Value v = t.get(row, *c);
  if (const auto* d = std::get_if<double>(&v)) return num(*d);
  return QString::fromStdString(layers::as_text(v));
}

QString status_text(rules::AllocationStatus s, const Tr& tr) {
  switch (s) {
    case rules::AllocationStatus::Funded:
      return tr("获得指标", "funded");
    case rules::AllocationStatus::Waitlisted:
      return tr("候补", "waitlisted");
    case rules::AllocationStatus::Ineligible:
      return tr("不符合条件", "ineligible");
  }
  return {};
}

QString outcome_text(rules::Outcome o, const Tr& tr) {
  switch (o) {
    case rules::Outcome::Pass:
      return tr("通过", "pass");
    case rules::Outcome::Fail:
      return tr("不通过", "fail");
    case rules::Outcome::Flag:
      return tr("标记", "flag");
    case rules::Outcome::NotApplicable:
      return tr("不适用", "n/a");
    case rules::Outcome::Condition:
      return tr("附条件", "condition");
  }
  return {};
}

QByteArray png_bytes(const QImage& image) {
  QByteArray bytes;
  QBuffer buf(&bytes);
  buf.open(QIODevice::WriteOnly);
  if (!image.save(&buf, "PNG")) throw Error(ErrorKind::Internal, "cannot encode a PNG image");
  return bytes;
}

void write_bytes(const std::string& path, const QByteArray& bytes) {
  layers::write_file_atomic(path,
                            std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

/// Render the HTML into a PDF (A4) and write it atomically; returns the page count.
int write_pdf(const std::string& path, const QString& html, const QString& title,
              const std::vector<std::pair<QString, QImage>>& images) {
  QByteArray bytes;
  {
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buf);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setResolution(150);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("hubland"));
    QTextDocument doc;
    // Latin text and digits from DejaVu Sans, Chinese from Noto Sans CJK SC: Qt's PDF text map
    // loses digits the CJK font substitutes next to Latin letters ("P1" would read "P ").
    QFont font;
    font.setFamilies({QStringLiteral("DejaVu Sans"), QString::fromUtf8(kFontFamily)});
    font.setPointSizeF(9);
    doc.setDefaultFont(font);
    for (const auto& [name, image] : images)
      doc.addResource(QTextDocument::ImageResource, QUrl(name), QVariant(image));
    QString body = html;
    body.replace(QString::fromUtf8(kCssFont), QString());
    doc.setHtml(body);
    doc.print(&writer);
  }
  // Count page objects ("/Type /Page", not "/Type /Pages") of the PDF Qt wrote.
  const std::string pdf(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  static const std::regex page_re("/Type\\s*/Page(?![s])");
  const int pages = static_cast<int>(
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page_re), std::sregex_iterator()));
  layers::write_file_atomic(path, pdf);
  return pages;
}

QString page_head(const QString& title) {
  return QStringLiteral(
             "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
             "<style>body{%2font-size:10pt;}"
             "h1{font-size:15pt;} h2{font-size:12pt;margin-top:14px;}"
             "table{border-collapse:collapse;} td,th{border:1px solid #999;padding:3px;}"
             "th{background:#e8e8f0;} .fail{color:#b00000;font-weight:bold;}"
             ".pass{color:#006000;} .small{font-size:8pt;color:#444;}</style></head><body>")
      .arg(esc(title), QString::fromUtf8(kCssFont));
}

QString stamp_html(const RankRun& run, const Tr& tr) {
  const Stamp& s = run.stamp;
  QString h =
      QStringLiteral(
          "<h2>%1</h2><table class=\"small\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">")
          .arg(tr("可复现信息", "Reproducibility stamp"));
  auto row = [&](const QString& k, const QString& v) {
    h += QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>").arg(k, v);
  };
  // Hashes and run ids in a monospace face: a proportional face sets "ff" as one ligature glyph,
  // and the PDF's text would then no longer contain the id a reader searches for.
  auto code = [](const std::string& text) {
    return QStringLiteral("<span style=\"font-family:'DejaVu Sans Mono',monospace\">%1</span>")
        .arg(esc(text));
  };
  row(tr("规则集", "Ruleset"),
      esc(s.ruleset_id) + " (" + esc(fs::path(s.ruleset_file).filename().string()) + ")");
  row(tr("规则集 SHA-256", "Ruleset SHA-256"), code(s.ruleset_sha256));
  for (const auto& [source, sha] : s.inputs)
    row(tr("输入", "Input") + " " +
            esc(fs::path(source.substr(0, source.find('|'))).filename().string() +
                (source.find('|') == std::string::npos ? "" : source.substr(source.find('|')))),
        code(sha));
  row(tr("软件版本", "Tool version"), esc("hubland " + s.tool_version));
  row(tr("运行编号", "Run id"), code(s.run_id));
  const auto& sc = run.config.sensitivity;
  row(tr("方法与参数", "Method and parameters"),
      QStringLiteral("%1; %2 %3 %4; %5 ±%6 %, %7 %8, seed %9")
          .arg(QString::fromUtf8(rules::to_string(run.config.method)), tr("年度指标", "quota"),
               num(run.policy.quota_mu), tr("亩", "mu"), tr("权重扰动", "weights"),
               num(sc.perturbation * 100), QString::number(run.sensitivity.draws),
               tr("次抽样", "draws"), QString::number(run.sensitivity.seed)));
  return h + "</table>";
}

}  // namespace

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

ReportFiles write_project_report(const RankRun& run, const std::string& project_id,
                                 Language language, const std::string& out_dir) {
  const auto row_opt = run.row_of(project_id);
  if (!row_opt) throw Error(ErrorKind::BadInput, "no project '" + project_id + "' in the ranking");
  const std::size_t row = *row_opt;
  const Tr tr{language};
  const auto& p = run.ranking.projects[row];
  const auto& alloc = run.allocations.at(row);
  const auto& facts = run.facts;
  fs::create_directories(out_dir);
  ReportFiles files;
  const std::string stem = (fs::path(out_dir) / project_id).string();
  files.html = stem + ".html";
  files.pdf = stem + ".pdf";
  files.map_png = stem + "-map.png";
  const QString map_name = QString::fromStdString(project_id + "-map.png");
  const QString chart_name = QString::fromStdString(project_id + "-criteria.png");
  std::vector<std::pair<QString, QImage>> images;

  const QString name = cell(facts, row, "project_name");
  const QString title = tr("项目用地指标论证报告", "Land quota justification") + " — " + name +
                        " (" + esc(project_id) + ")";
  QString h = page_head(title);
  h += "<h1>" + esc(title) + "</h1>";

  // Summary.
  const std::size_t n_ranked = run.ranking.order.size();
  const auto rob = run.robustness(row);
  h += "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">";
  auto kv = [&](const QString& k, const QString& v) {
    h += "<tr><th align=\"left\">" + k + "</th><td>" + v + "</td></tr>";
  };
  kv(tr("项目名称", "Project"), esc(name));
  kv(tr("项目编号", "Project id"), esc(project_id));
  kv(tr("企业", "Enterprise"), esc(cell(facts, row, "enterprise")));
  kv(tr("行业代码", "Industry (GB/T 4754)"), esc(cell(facts, row, "industry")));
  kv(tr("所在园区", "Zone"),
     esc(cell(facts, row, "zone_name")) + " (" + esc(cell(facts, row, "zone_id")) + ")");
  kv(tr("申请用地（亩）", "Requested land (mu)"),
     esc(cell(facts, row, run.config.request_column.c_str())));
  kv(tr("投资（万元）", "Investment (10k yuan)"), esc(cell(facts, row, "investment_10k_yuan")));
  kv(tr("结论", "Outcome"), "<b>" + status_text(alloc.status, tr) + "</b>");
  if (p.eligible) {
    kv(tr("排名", "Rank"), QStringLiteral("<b>%1</b> / %2").arg(p.rank).arg(n_ranked));
    kv(tr("综合得分", "Score"),
       num(p.score, 4) + " (" + QString::fromUtf8(rules::to_string(run.config.method)) + ")");
    if (rob) {
      kv(tr("排名区间（5%–95%）", "Rank interval (5th–95th percentile)"),
         QStringLiteral("%1 – %2").arg(rob->rank_p05).arg(rob->rank_p95));
      kv(tr("获得指标的抽样比例", "Share of draws funded"), num(rob->funded_share * 100, 1) + " %");
    }
  }
  kv(tr("安排用地（亩）", "Allocated (mu)"), num(alloc.quota_charged_mu));
  kv(tr("理由", "Reason"), esc(tr.pick(alloc.reason_zh, alloc.reason_en)));
  h += "</table>";

  // Map.
  if (row < run.scene.sites.size() && !run.scene.sites[row].empty()) {
    const RenderedMap m = render_site_map(run.scene, {row}, QSize(1200, 900), 4000, language);
    write_bytes(files.map_png, png_bytes(m.image));
    images.emplace_back(map_name, m.image);
    h += "<h2>" + tr("区位图", "Site map") + "</h2><p><img src=\"" + esc(map_name) +
         "\" width=\"380\"></p><p class=\"small\">" +
         tr("项目用地（品红）、所在园区、枢纽及其辐射圈、生态红线与永久基本农田、低效用地。",
            "Project site (magenta), its zone, hubs and catchment rings, redline and farmland "
            "constraints, low-efficiency parcels.") +
         "</p>";
  } else {
    files.map_png.clear();
  }

  // Eligibility.
  h += "<h2>" + tr("准入条件", "Eligibility rules") + "</h2>";
  // Fixed column widths: the rule id column must not wrap "EL-REDLINE" at its hyphen.
  h += "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\"><tr>"
       "<th width=\"17%\">" +
       tr("规则", "Rule") + "</th><th width=\"14%\">" + tr("名称", "Title") +
       "</th><th width=\"10%\">" + tr("结果", "Outcome") + "</th><th>" + tr("实际值", "Actual") +
       "</th><th>" + tr("标准", "Threshold") + "</th><th width=\"22%\">" + tr("说明", "Reason") +
       "</th><th>" + tr("依据条款", "Clause") + "</th></tr>";
  std::vector<const rules::Finding*> mine;
  for (const auto& f : run.eligibility)
    if (f.subject_id == project_id) mine.push_back(&f);
  auto order_of = [&](const std::string& id) {
    const auto it = std::find(run.rule_order.begin(), run.rule_order.end(), id);
    return it - run.rule_order.begin();
  };
  std::stable_sort(mine.begin(), mine.end(),
                   [&](auto* a, auto* b) { return order_of(a->rule_id) < order_of(b->rule_id); });
  for (const auto* f : mine) {
    const auto info = run.rules.find(f->rule_id);
    const QString rule_title =
        info == run.rules.end() ? QString() : tr.pick(info->second.title.zh, info->second.title.en);
    const QString clause =
        esc(!f->clause.empty() ? f->clause
                               : (info == run.rules.end() ? std::string() : info->second.clause));
    const bool failed = f->outcome == rules::Outcome::Fail;
    h += "<tr><td nowrap>" + esc(f->rule_id) + "</td><td>" + esc(rule_title) + "</td><td class=\"" +
         (failed ? "fail" : "pass") + "\">" + outcome_text(f->outcome, tr) + "</td><td>" +
         esc(f->actual) + "</td><td>" + esc(f->threshold) + "</td><td>" +
         esc(tr.pick(f->reason_zh, f->reason_en)) + "</td><td>" + clause + "</td></tr>";
  }
  if (mine.empty())
    h += "<tr><td colspan=\"7\">" +
         tr("规则集未设准入条件", "The ruleset sets no eligibility rules") + "</td></tr>";
  h += "</table>";

  // Criteria.
  if (p.eligible) {
    h += "<h2>" + tr("评分指标", "Criteria") + "</h2>";
    h += "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\"><tr><th "
         "width=\"30%\">" +
         tr("指标", "Criterion") + "</th><th>" + tr("原始值", "Raw value") + "</th><th>" +
         tr("方向", "Direction") + "</th><th>" + tr("标准化", "Normalisation") + "</th><th>" +
         tr("标准化得分", "Normalised") + "</th><th width=\"9%\">" + tr("权重", "Weight") +
         "</th><th>" + tr("贡献", "Contribution") + "</th></tr>";
    for (std::size_t c = 0; c < run.config.criteria.size() && c < p.criteria.size(); ++c) {
      const auto& def = run.config.criteria[c];
      const auto& cs = p.criteria[c];
      const QString dir = def.direction == rules::Direction::Benefit ? tr("效益型", "benefit")
                                                                     : tr("成本型", "cost");
      QString norm = QString::fromUtf8(rules::to_string(def.normalisation));
      if (def.normalisation == rules::Normalisation::Benchmark) norm += " " + num(def.benchmark, 4);
      h +=
          "<tr><td>" + esc(def.id) + " " + esc(tr.pick(def.title.zh, def.title.en)) +
          (def.unit.empty() ? QString() : " <span class=\"small\">(" + esc(def.unit) + ")</span>") +
          "</td><td>" + (cs.raw ? num(*cs.raw, 4) : tr("缺失", "missing")) + "</td><td>" + dir +
          "</td><td>" + norm + "</td><td>" + num(cs.normalised, 4) + "</td><td>" +
          num(cs.weight, 4) + "</td><td>" + num(cs.contribution, 4) + "</td></tr>";
    }
    h += "</table>";
    const QImage chart = render_criteria_chart(run, row, language);
    files.chart_png = stem + "-criteria.png";
    write_bytes(files.chart_png, png_bytes(chart));
    images.emplace_back(chart_name, chart);
    h += "<p><img src=\"" + esc(chart_name) + "\" width=\"560\"></p>";
    if (run.config.method == rules::RankMethod::Topsis)
      h += "<p class=\"small\">" +
           tr("TOPSIS 得分为与正负理想解的相对贴近度；贡献列为加权标准化得分，供参考。",
              "The TOPSIS score is the relative closeness to the ideal; contributions show the "
              "weighted normalised scores for reference.") +
           "</p>";
  }

  // Allocation.
  h += "<h2>" + tr("指标分配", "Allocation") + "</h2><p>" + tr("年度指标", "Annual quota") + " " +
       num(run.policy.quota_mu) + " " + tr("亩", "mu") + "; " +
       tr("按排名顺序分配，放不下时", "funded in rank order; a project that does not fit is") +
       " " +
       (run.policy.on_no_fit == rules::OnNoFit::Skip
            ? tr("跳过并列入候补", "skipped (waitlisted)")
            : tr("按剩余指标部分安排", "funded partially")) +
       ". " + status_text(alloc.status, tr) + ": " + num(alloc.quota_charged_mu) + " " +
       tr("亩", "mu") + " — " + esc(tr.pick(alloc.reason_zh, alloc.reason_en)) + "</p>";
  h += stamp_html(run, tr);
  h += "</body></html>";

  layers::write_file_atomic(files.html, h.toStdString());
  files.pdf_pages = write_pdf(files.pdf, h, title, images);
  return files;
}

ReportFiles write_zone_report(const RankRun& run, const std::string& zone_id, Language language,
                              const std::string& out_dir) {
  const Tr tr{language};
  const auto& facts = run.facts;
  const auto zcol = facts.find("zone_id");
  const auto zname_col = facts.find("zone_name");
  std::vector<std::size_t> rows;
  QString zone_name;
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    const bool by_id =
        zcol && !facts.null_at(r, *zcol) && layers::as_text(facts.get(r, *zcol)) == zone_id;
    const bool by_name = zname_col && !facts.null_at(r, *zname_col) &&
                         layers::as_text(facts.get(r, *zname_col)) == zone_id;
    if (!by_id && !by_name) continue;
    rows.push_back(r);
    if (zname_col && !facts.null_at(r, *zname_col))
      zone_name = QString::fromStdString(layers::as_text(facts.get(r, *zname_col)));
  }
  if (rows.empty()) throw Error(ErrorKind::BadInput, "no project lies in zone '" + zone_id + "'");
  const std::string zid = zcol ? layers::as_text(facts.get(rows.front(), *zcol)) : zone_id;
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    const int ra = run.ranking.projects[a].rank, rb = run.ranking.projects[b].rank;
    if ((ra == 0) != (rb == 0)) return rb == 0;
    return ra != rb ? ra < rb
                    : run.ranking.projects[a].project_id < run.ranking.projects[b].project_id;
  });
  fs::create_directories(out_dir);
  ReportFiles files;
  const std::string stem = (fs::path(out_dir) / ("zone-" + zid)).string();
  files.html = stem + ".html";
  files.pdf = stem + ".pdf";
  files.map_png = stem + "-map.png";
  const QString map_name = QString::fromStdString("zone-" + zid + "-map.png");
  std::vector<std::pair<QString, QImage>> images;

  const QString title = tr("园区用地指标分配说明", "Zone quota allocation report") + " — " +
                        (zone_name.isEmpty() ? QString() : zone_name + " ") + "(" + esc(zid) + ")";
  QString h = page_head(title) + "<h1>" + esc(title) + "</h1>";
  double requested = 0, allocated = 0;
  int funded = 0, waitlisted = 0, ineligible = 0;
  const auto req_col = facts.find(run.config.request_column);
  for (std::size_t r : rows) {
    if (req_col) requested += layers::as_number(facts.get(r, *req_col)).value_or(0.0);
    allocated += run.allocations[r].quota_charged_mu;
    switch (run.allocations[r].status) {
      case rules::AllocationStatus::Funded:
        ++funded;
        break;
      case rules::AllocationStatus::Waitlisted:
        ++waitlisted;
        break;
      case rules::AllocationStatus::Ineligible:
        ++ineligible;
        break;
    }
  }
  h += "<p>" + tr("项目数", "Projects") + " " + QString::number(rows.size()) + ": " +
       tr("获得指标", "funded") + " " + QString::number(funded) + ", " + tr("候补", "waitlisted") +
       " " + QString::number(waitlisted) + ", " + tr("不符合条件", "ineligible") + " " +
       QString::number(ineligible) + ". " + tr("申请", "Requested") + " " + num(requested) + " " +
       tr("亩", "mu") + ", " + tr("安排", "allocated") + " " + num(allocated) + " " +
       tr("亩", "mu");
  if (auto cap = run.policy.zone_caps_mu.find(zid); cap != run.policy.zone_caps_mu.end())
    h += ", " + tr("园区上限", "zone cap") + " " + num(cap->second) + " " + tr("亩", "mu");
  h += "; " + tr("全市年度指标", "annual quota") + " " + num(run.policy.quota_mu) + " " +
       tr("亩", "mu") + ".</p>";

  std::vector<std::size_t> with_site;
  for (std::size_t r : rows)
    if (r < run.scene.sites.size() && !run.scene.sites[r].empty()) with_site.push_back(r);
  if (!with_site.empty()) {
    const RenderedMap m = render_site_map(run.scene, with_site, QSize(1200, 900), 3000, language,
                                          tr("本园区项目", "Projects of this zone"));
    write_bytes(files.map_png, png_bytes(m.image));
    images.emplace_back(map_name, m.image);
    h += "<p><img src=\"" + esc(map_name) + "\" width=\"380\"></p>";
  } else {
    files.map_png.clear();
  }
  h += "<h2>" + tr("项目排名与分配", "Projects, ranks and allocation") + "</h2>";
  h += "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\"><tr><th>" +
       tr("排名", "Rank") + "</th><th>" + tr("项目", "Project") + "</th><th>" +
       tr("申请（亩）", "Request (mu)") + "</th><th>" + tr("得分", "Score") + "</th><th>" +
       tr("排名区间", "Rank interval") + "</th><th>" + tr("获得比例", "Funded share") +
       "</th><th>" + tr("结论", "Outcome") + "</th><th>" + tr("安排（亩）", "Allocated (mu)") +
       "</th><th>" + tr("理由", "Reason") + "</th></tr>";
  for (std::size_t r : rows) {
    const auto& p = run.ranking.projects[r];
    const auto& a = run.allocations[r];
    const auto rob = run.robustness(r);
    h += "<tr><td>" + (p.rank ? QString::number(p.rank) : QStringLiteral("–")) + "</td><td>" +
         esc(p.project_id) + " " + esc(cell(facts, r, "project_name")) + "</td><td>" +
         esc(cell(facts, r, run.config.request_column.c_str())) + "</td><td>" +
         (p.eligible ? num(p.score, 4) : QStringLiteral("–")) + "</td><td>" +
         (rob ? QStringLiteral("%1 – %2").arg(rob->rank_p05).arg(rob->rank_p95)
              : QStringLiteral("–")) +
         "</td><td>" + (rob ? num(rob->funded_share * 100, 1) + " %" : QStringLiteral("–")) +
         "</td><td>" + status_text(a.status, tr) + "</td><td>" + num(a.quota_charged_mu) + "</td><td>" +
         esc(tr.pick(a.reason_zh, a.reason_en)) + "</td></tr>";
  }
  h += "</table>";
  h += stamp_html(run, tr);
  h += "</body></html>";
  layers::write_file_atomic(files.html, h.toStdString());
  files.pdf_pages = write_pdf(files.pdf, h, title, images);
  return files;
}

}  // namespace hubland::report
