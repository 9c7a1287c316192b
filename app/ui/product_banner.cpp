#include "ui/product_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QVBoxLayout>

#include "style/terminal_style.h"
#include "ui/product_identity.h"

namespace kse {

ProductBanner::ProductBanner(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(product::name()))
    , m_subtitle(new QLabel(tr("%1 · version %2").arg(product::longName(), product::version()))) {
    auto* icon = new QLabel;
    const qreal scale = devicePixelRatioF();
    QPixmap pixmap = QPixmap::fromImage(product::iconImage(static_cast<int>(48 * scale)));
    pixmap.setDevicePixelRatio(scale);
    icon->setPixmap(pixmap);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    m_title->setFont(font);
    style::mute(*m_subtitle);
    auto* words = new QVBoxLayout;
    words->setSpacing(2);
    words->addStretch();
    words->addWidget(m_title);
    words->addWidget(m_subtitle);
    words->addStretch();
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 8);
    layout->addWidget(icon);
    layout->addSpacing(8);
    layout->addLayout(words, 1);
}

QString ProductBanner::title() const { return m_title->text(); }
QString ProductBanner::subtitle() const { return m_subtitle->text(); }

} // namespace kse
