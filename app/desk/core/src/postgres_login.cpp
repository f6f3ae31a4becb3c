#include "hubland/desk/postgres_login.hpp"

#include <QRegularExpression>
#include <QUrl>

#include "hubland/error.hpp"

namespace hubland::desk {

namespace {

QString encoded(const QString& part) {
  return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

}  // namespace

QString postgres_url(const PostgresLogin& l) {
  const QString host = l.host.trimmed();
  const QString database = l.database.trimmed();
  if (host.isEmpty())
    throw Error(ErrorKind::BadInput, "PostGIS login: the host is empty (field host)");
  if (database.isEmpty())
    throw Error(ErrorKind::BadInput, "PostGIS login: the database is empty (field database)");
  bool ok = false;
  const int port = l.port.trimmed().toInt(&ok);
  if (!ok || port < 1 || port > 65535)
    throw Error(ErrorKind::BadInput, "PostGIS login: port '" + l.port.toStdString() +
                                         "' is not a number 1..65535 (field port)");
  QString url = QStringLiteral("postgresql://");
  if (!l.login.isEmpty()) {
    url += encoded(l.login);
    if (!l.password.isEmpty()) url += QLatin1Char(':') + encoded(l.password);
    url += QLatin1Char('@');
  }
  // An IPv6 address goes in brackets.
  url += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
  return url + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + encoded(database);
}

QString redact_password(const QString& text) {
  static const QRegularExpression userinfo(
      QStringLiteral(R"((postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@)"));
  static const QRegularExpression parameter(
      QStringLiteral(R"((postgres(?:ql)?://\S*[?&]password=)[^&\s]*)"));
  QString out = text;
  out.replace(userinfo, QStringLiteral("\\1***@"));
  out.replace(parameter, QStringLiteral("\\1***"));
  return out;
}

}  // namespace hubland::desk
