#include "ui/notice.h"

#include "style/theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace kse {
namespace {
constexpr int kShownMs = 10'000;
constexpr qsizetype kMaxLines = 5;
} // namespace

Notice::Notice(QWidget* parent) : QFrame(parent), m_text(new QLabel) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setWordWrap(true);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    // Amber, with a bell (resources/styles/terminal.qss, resources/images/bell.svg).
    auto* bell = new QLabel;
    bell->setPixmap(theme::image(QStringLiteral("bell"), 20, parent));
    bell->setAlignment(Qt::AlignTop);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addWidget(bell);
    layout->addWidget(m_text, 1);
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
