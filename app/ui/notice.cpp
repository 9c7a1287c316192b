#include "ui/notice.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace kse {
namespace {
constexpr int kShownMs = 10'000;
constexpr qsizetype kMaxLines = 5;
} // namespace

Notice::Notice(QWidget* parent) : QFrame(parent), m_text(new QLabel) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("kse--Notice { background: #ff8f00; border-radius: 4px; } QLabel { color: black; }"));
    m_text->setWordWrap(true);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addWidget(m_text);
    m_timer.setSingleShot(true);
    m_timer.setInterval(kShownMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_lines.clear();
        hide();
    });
    parent->installEventFilter(this); // follows the window's size
    hide();
}

void Notice::post(const QString& text) {
    m_lines << text;
    while (m_lines.size() > kMaxLines)
        m_lines.removeFirst();
    m_text->setText(m_lines.join(QLatin1Char('\n')));
    place();
    show();
    raise();
    m_timer.start();
}

QString Notice::text() const { return isVisible() ? m_text->text() : QString(); }

void Notice::mousePressEvent(QMouseEvent*) {
    m_timer.stop();
    m_lines.clear();
    hide();
}

bool Notice::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parent() && event->type() == QEvent::Resize && isVisible())
        place();
    return QFrame::eventFilter(watched, event);
}

void Notice::place() {
    const QWidget* window = parentWidget();
    setFixedWidth(std::min(420, window->width() - 40));
    adjustSize();
    move(window->width() - width() - 20, 48);
}

} // namespace kse
