// hubland-desk — the HubLand desktop app.
//
//   hubland-desk [--open ANALYSIS.toml] [--lang zh|zh_CN|en]
//   hubland-desk --open ANALYSIS.toml --screenshot FILE.png [--select ID] [--filter TEXT]
//                [--size WIDTHxHEIGHT]       opens, renders, saves the window and exits
//   --run screening,conversion,ranking   stages to run after opening (default: screening)
//   --zones                              (a workspace with evaluation years) show the Zones
//                                        view with its first zone selected
//   --switch-lang CODE                   with --screenshot: switch the language at run time
//                                        (as View > Language does) before saving
//   --print-ui                           with --screenshot: print what the window shows
//                                        (title, menus, table headers, map/legend rectangles)
// Exit codes: 0 ok, 2 bad input (unreadable analysis, unknown --select id, bad filter, --zones
// without a zone evaluation), 1 other.

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <cstdio>

#include "hubland/desk/language.hpp"
#include "hubland/rules/evaluator.hpp"  // configure_sqlite(): before GDAL starts SQLite
#include "main_window.hpp"

int main(int argc, char** argv) {
  hubland::rules::configure_sqlite();
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("HubLand"));
  QApplication::setApplicationName(QStringLiteral("hubland-desk"));

  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("HubLand desktop: land planning on a map"));
  cli.addHelpOption();
  const QCommandLineOption open({QStringLiteral("o"), QStringLiteral("open")},
                                QStringLiteral("Analysis file to open"),
                                QStringLiteral("ANALYSIS.toml"));
  const QCommandLineOption shot(QStringLiteral("screenshot"),
                                QStringLiteral("Save the window to FILE.png and exit"),
                                QStringLiteral("FILE.png"));
  const QCommandLineOption select(QStringLiteral("select"),
                                  QStringLiteral("Select the feature with this id"),
                                  QStringLiteral("ID"));
  const QCommandLineOption filter(QStringLiteral("filter"),
                                  QStringLiteral("Filter the attribute table"),
                                  QStringLiteral("TEXT"));
  const QCommandLineOption lang(
      QStringLiteral("lang"),
      QStringLiteral("UI language: zh (also zh_CN, zh-CN, zh_Hans) or en; default: the system's"),
      QStringLiteral("LANG"));
  const QCommandLineOption switch_lang(
      QStringLiteral("switch-lang"),
      QStringLiteral("With --screenshot: switch to this language at run time before saving"),
      QStringLiteral("LANG"));
  const QCommandLineOption print_ui(
      QStringLiteral("print-ui"),
      QStringLiteral("With --screenshot: print the window's title, menus, table headers and "
                     "the map and legend rectangles"));
  const QCommandLineOption size(QStringLiteral("size"),
                                QStringLiteral("Window size for --screenshot"),
                                QStringLiteral("WxH"), QStringLiteral("1400x900"));
  const QCommandLineOption run(
      QStringLiteral("run"),
      QStringLiteral("Stages to run after opening: screening,conversion,ranking "
                     "(default: screening; 'none' for none)"),
      QStringLiteral("STAGES"), QStringLiteral("screening"));
  const QCommandLineOption zones(
      QStringLiteral("zones"),
      QStringLiteral("Show the Zones view (zone evaluation of the opened workspace)"));
  cli.addOptions({open, shot, select, filter, lang, size, run, zones, switch_lang, print_ui});
  cli.process(app);

  // Language: --lang, else the saved View > Language choice, else the system locale.
  auto language_or_english = [](const QString& given, const char* what) {
    if (auto code = hubland::desk::ui_language(given)) return *code;
    std::fprintf(stderr,
                 "hubland-desk: unknown language '%s' (%s); known: zh (zh_CN, zh-CN, zh_Hans), "
                 "en; using English\n",
                 qPrintable(given), what);
    return QStringLiteral("en");
  };
  QString code;
  const QString saved = QSettings().value(QStringLiteral("language")).toString();
  if (cli.isSet(lang))
    code = language_or_english(cli.value(lang), "--lang");
  else if (!saved.isEmpty())
    code = language_or_english(saved, "saved setting");
  else
    code = hubland::desk::system_ui_language();

  hubland::desk::MainWindow window(code);
  const bool screenshot = cli.isSet(shot);
  if (screenshot) {
    qputenv("HUBLAND_DESK_NO_DIALOGS", "1");
    const QStringList wh = cli.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
  }
  window.show();
  if (cli.isSet(open)) {
    window.open_analysis(cli.value(open));
    QList<hubland::desk::Stage> stages;
    for (const QString& s : cli.value(run).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
      if (s == QLatin1String("screening"))
        stages << hubland::desk::Stage::Screening;
      else if (s == QLatin1String("conversion"))
        stages << hubland::desk::Stage::Conversion;
      else if (s == QLatin1String("ranking"))
        stages << hubland::desk::Stage::Ranking;
      else if (s != QLatin1String("none")) {
        std::fprintf(stderr, "hubland-desk: unknown stage '%s'\n", qPrintable(s));
        return 2;
      }
    }
    window.queue_stages(stages);
  }
  if (!screenshot) return app.exec();

  // Screenshot mode: open, apply, render, grab, exit.
  if (!cli.isSet(open)) {
    std::fprintf(stderr, "hubland-desk: --screenshot needs --open\n");
    return 2;
  }
  if (!window.wait_idle(300000) || !window.last_error().isEmpty()) {
    std::fprintf(stderr, "hubland-desk: %s\n", qPrintable(window.last_error()));
    return 2;
  }
  if (cli.isSet(filter)) {
    const QString err = window.apply_filter(cli.value(filter));
    if (!err.isEmpty()) {
      std::fprintf(stderr, "hubland-desk: filter: %s\n", qPrintable(err));
      return 2;
    }
  }
  if (cli.isSet(select) && !window.select_id(cli.value(select))) {
    std::fprintf(stderr, "hubland-desk: no feature with id %s\n", qPrintable(cli.value(select)));
    return 2;
  }
  if (cli.isSet(zones) && !window.show_zones()) {
    std::fprintf(stderr, "hubland-desk: %s has no zone evaluation (no `hubland run` with as_of)\n",
                 qPrintable(cli.value(open)));
    return 2;
  }
  if (cli.isSet(switch_lang)) {
    window.set_language(language_or_english(cli.value(switch_lang), "--switch-lang"));
    window.wait_idle(60000);
  }
  window.wait_idle(60000);
  if (cli.isSet(print_ui))
    for (const QString& line : window.describe_ui()) std::printf("%s\n", qPrintable(line));
  if (!window.grab().save(cli.value(shot))) {
    std::fprintf(stderr, "hubland-desk: cannot write %s\n", qPrintable(cli.value(shot)));
    return 1;
  }
  std::printf("%s\n", qPrintable(cli.value(shot)));
  return 0;
}
