#include "hubland/desk/job.hpp"

#include "hubland/error.hpp"

namespace hubland::desk {

void JobContext::progress(std::size_t done, std::size_t total) {
  const int percent =
      total ? static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)) : 0;
  if (percent == m_last) return;
  m_last = percent;
  if (m_report) m_report(percent);
}

void JobContext::check_cancel() const {
  if (cancelled()) throw Error(ErrorKind::Cancelled, "cancelled");
}

Job::Job(QString title, Work work, QObject* parent)
    : QObject(parent), m_title(std::move(title)), m_work(std::move(work)) {
  m_context = std::make_unique<JobContext>([this](int p) { emit progress(p); });
}

Job::~Job() {
  if (m_thread) {
    m_context->request_cancel();
    m_thread->wait();
  }
}

void Job::start() {
  if (m_thread) return;
  m_thread = QThread::create([this] {
    bool ok = true;
    QString message;
    try {
      m_work(*m_context);
      if (m_context->cancelled()) throw Error(ErrorKind::Cancelled, "cancelled");
    } catch (const Error& e) {
      ok = false;
      message =
          e.kind() == ErrorKind::Cancelled ? tr("Cancelled") : QString::fromStdString(e.what());
    } catch (const std::exception& e) {
      ok = false;
      message = QString::fromStdString(e.what());
    }
    // Queued to the job's thread (the one that created it): receivers run on the UI thread.
    QMetaObject::invokeMethod(
        this, [this, ok, message] { emit finished(ok, message); }, Qt::QueuedConnection);
  });
  m_thread->setParent(this);
  m_thread->start();
}

void Job::cancel() {
  m_context->request_cancel();
}

bool Job::running() const {
  return m_thread && m_thread->isRunning();
}

bool Job::wait(unsigned long timeout_ms) {
  return !m_thread || m_thread->wait(timeout_ms);
}

}  // namespace hubland::desk
