#include "ui/about_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <librdkafka/rdkafkacpp.h>

#include "ui/product_banner.h"

namespace kse {

AboutDialog::AboutDialog(const Session& session, QWidget* parent)
    : QDialog(parent), m_banner(new ProductBanner), m_details(new QLabel) {
    setWindowTitle(tr("About KSE"));
    setMinimumWidth(440);
    const auto escaped = [](const QString& text) { return text.toHtmlEscaped(); };
    const QString rows[][2] = {
        {tr("Signed in as"), escaped(session.username)},
        {tr("Platform API"), escaped(session.api)},
        {tr("Kafka"), session.brokers.isEmpty() ? tr("not connected yet") : escaped(session.brokers)},
        {tr("Qt"), tr("%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR))},
        {tr("librdkafka"), QString::fromStdString(RdKafka::version_str())},
    };
    QString html = QStringLiteral("<p>%1</p><table>")
                       .arg(tr("A trading terminal: live prices from Kafka, orders, portfolio and the exchange's "
                               "health."));
    for (const auto& [label, value] : rows)
        html += QStringLiteral("<tr><td style='padding-right:12px'>%1</td><td>%2</td></tr>").arg(label, value);
    m_details->setText(html + QStringLiteral("</table>"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_details);
    layout->addWidget(buttons);
}

QString AboutDialog::details() const { return QTextDocumentFragment::fromHtml(m_details->text()).toPlainText(); }

} // namespace kse
