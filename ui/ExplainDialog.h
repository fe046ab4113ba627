// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

namespace pelab {

// Help -> "What am I looking at?": the seed's model, what each view shows, and why the
// notebook's zero target teaches the embedding nothing while the position signal shapes it.
class ExplainDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExplainDialog(QWidget *parent = nullptr);

    static QString explanationHtml();
    // The family's views, one paragraph each (their summaries, as the views show them).
    static QString familyHtml();
};

} // namespace pelab
