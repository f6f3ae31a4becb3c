#include "hubland/desk/language.hpp"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace hubland::desk {

std::optional<QString> ui_language(const QString& code) {
  // The language subtag decides: zh_Hans, zh-CN, zh_TW all read Chinese (the translation is
  // simplified Chinese, closer to any Chinese reader than English).
  static const QRegularExpression separator(QStringLiteral("[-_.@]"));
  const QString lang = code.trimmed().section(separator, 0, 0).toLower();
  if (lang == QLatin1String("zh")) return QStringLiteral("zh_CN");
  if (lang == QLatin1String("en") || lang == QLatin1String("c")) return QStringLiteral("en");
  return std::nullopt;
}

QString system_ui_language() {
  for (const QString& name : QLocale::system().uiLanguages())
    if (auto code = ui_language(name)) return *code;
  return QStringLiteral("en");
}

Language language_of(const QString& ui_code) {
  return ui_code == QLatin1String("zh_CN") ? Language::Chinese : Language::English;
}

UiTranslator::UiTranslator() = default;

UiTranslator::~UiTranslator() {
  if (m_translator) QCoreApplication::removeTranslator(m_translator.get());
}

bool UiTranslator::install(const QString& ui_code) {
  auto next = std::make_unique<QTranslator>();
  const bool loaded = next->load(QStringLiteral(":/i18n/hubland_%1.qm").arg(ui_code));
  if (m_translator) QCoreApplication::removeTranslator(m_translator.get());
  m_translator.reset();
  if (loaded) {
    QCoreApplication::installTranslator(next.get());
    m_translator = std::move(next);
  }
  m_code = ui_code;
  return loaded;
}

}  // namespace hubland::desk
