#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <algorithm>
#include <cstddef>
#include <vector>

namespace kse {

// A table of value rows (one `Row` per line) with fixed column titles: what the desktop's tables
// share. A model says how a row is shown (data()) and how its rows change, through the edits
// below, which emit the signals views need to keep their selection and scroll position.
template <typename Row> class RowTableModel : public QAbstractTableModel {
public:
    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_titles.size());
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_titles.size())
            return {};
        return m_titles.at(section);
    }

    const std::vector<Row>& rows() const { return m_rows; }

protected:
    RowTableModel(QStringList titles, QObject* parent) : QAbstractTableModel(parent), m_titles(std::move(titles)) {}

    // The row of a valid index of this model, or nullptr.
    const Row* rowAt(const QModelIndex& index) const {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return nullptr;
        return &m_rows[static_cast<std::size_t>(index.row())];
    }

    // Newest first, as the API lists them: rows already shown (same key) change in place when
    // they differ, new ones go on top ordered by `newer`, and beyond `maxRows` the oldest leave
    // at the bottom.
    template <typename KeyOf, typename Newer>
    void mergeNewestFirst(const std::vector<Row>& incoming, KeyOf keyOf, Newer newer, std::size_t maxRows) {
        QHash<decltype(keyOf(incoming.front())), std::size_t> known;
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            known.insert(keyOf(m_rows[i]), i);
        std::vector<Row> fresh;
        for (const Row& row : incoming) {
            const auto it = known.constFind(keyOf(row));
            if (it == known.constEnd()) {
                fresh.push_back(row);
            } else if (!(m_rows[*it] == row)) {
                m_rows[*it] = row;
                changed(static_cast<int>(*it), static_cast<int>(*it));
            }
        }
        if (!fresh.empty()) {
            std::stable_sort(fresh.begin(), fresh.end(), newer);
            beginInsertRows({}, 0, static_cast<int>(fresh.size()) - 1);
            m_rows.insert(m_rows.begin(), fresh.begin(), fresh.end());
            endInsertRows();
        }
        if (m_rows.size() > maxRows) {
            beginRemoveRows({}, static_cast<int>(maxRows), static_cast<int>(m_rows.size()) - 1);
            m_rows.resize(maxRows);
            endRemoveRows();
        }
    }

    // All rows at once: in place when only values changed, a reset when rows came or went.
    void replaceAll(std::vector<Row> rows) {
        if (rows.size() == m_rows.size()) {
            if (rows == m_rows)
                return;
            m_rows = std::move(rows);
            if (!m_rows.empty())
                changed(0, static_cast<int>(m_rows.size()) - 1);
            return;
        }
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }

    // A new row at the bottom; its index.
    int append(Row row) {
        const int at = static_cast<int>(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.push_back(std::move(row));
        endInsertRows();
        return at;
    }

    // For edits in place; call changed() for the rows edited.
    Row& mutableRow(int row) { return m_rows[static_cast<std::size_t>(row)]; }
    void changed(int first, int last) { Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1)); }

private:
    QStringList m_titles;
    std::vector<Row> m_rows;
};

} // namespace kse
