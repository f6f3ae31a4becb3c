// hubland-desk — the HubLand desktop app.
//
//   hubland-desk [--open ANALYSIS.toml] [--lang zh_CN|en]
//   hubland-desk --open ANALYSIS.toml --screenshot FILE.png [--select ID] [--filter TEXT]
//                [--size WIDTHxHEIGHT]       opens, renders, saves the window and exits
//   --run screening,conversion,ranking   stages to run after opening (default: screening)
//   --zones                              (a workspace with evaluation years) show the Zones
//                                        view with its first zone selected
// Exit codes: 0 ok, 2 bad input (unreadable analysis, unknown --select id, bad filter, --zones
// without a zone evaluation), 1 other.

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <cstdio>

#include "main_window.hpp"

int main(int argc, char** argv) {
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
  const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("UI language: zh_CN or en"),
                                QStringLiteral("LANG"));
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
  cli.addOptions({open, shot, select, filter, lang, size, run, zones});
  cli.process(app);

  // Language: --lang, else the saved setting, else the system locale.
  QString code = cli.value(lang);
  if (code.isEmpty()) code = QSettings().value(QStringLiteral("language")).toString();
  if (code.isEmpty())
    code = QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN")
                                                            : QStringLiteral("en");
  QTranslator translator;
  if (translator.load(QStringLiteral(":/i18n/hubland_%1.qm").arg(code)))
    QApplication::installTranslator(&translator);
  const auto language = code.startsWith(QLatin1String("zh")) ? hubland::desk::Language::Chinese
                                                             : hubland::desk::Language::English;

  hubland::desk::MainWindow window(language);
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
  window.wait_idle(60000);
  if (!window.grab().save(cli.value(shot))) {
    std::fprintf(stderr, "hubland-desk: cannot write %s\n", qPrintable(cli.value(shot)));
    return 1;
  }
  std::printf("%s\n", qPrintable(cli.value(shot)));
  return 0;
}
