// SPDX-License-Identifier: MIT
// Small multiples: several runs' heatmaps on one colour scale, so a colour means the same value
// in every panel.
#include "CoreTestSupport.h"
#include "HeadlessRun.h"
#include "figures/AttentionFigure.h"
#include "figures/LineChart.h"
#include "figures/SmallMultiples.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

#include <cmath>

using namespace pelab;

class TestSmallMultiples : public QObject {
    Q_OBJECT
private slots:
    void everyPanelSharesTheRangeOfAllRuns()
    {
        TrainingConfig a = test::configFromFlags(test::smallShiftFlags());
        TrainingConfig b = a;
        b.peInitStd = 3; // a wider table
        b.qkGain = 4;    // sharper attention
        const HeadlessResult ra = runHeadless(a), rb = runHeadless(b);
        ComparisonData data;
        data.runs = {{"a", seriesColor(0), &ra.record}, {"b", seriesColor(1), &rb.record}};

        double low = INFINITY, high = -INFINITY;
        for (const RunRecord *r : {&ra.record, &rb.record})
            for (const double v : r->embedding.values) {
                low = std::min(low, v);
                high = std::max(high, v);
            }
        const auto tables = sharedScaleData(FigureKind::Embeddings, data);
        QCOMPARE(tables.size(), std::size_t(2));
        for (const FigureData &panel : tables) {
            QCOMPARE(panel.table.low, low);
            QCOMPARE(panel.table.high, high);
            QVERIFY(!panel.caption);
        }

        double top = 0;
        for (const RunRecord *r : {&ra.record, &rb.record}) {
            const auto maps = pickedAttention(*r, 0);
            QVERIFY(maps);
            for (std::size_t i = 0;
                 i < std::size_t(maps->layers * maps->heads * maps->length * maps->length); ++i)
                top = std::max(top, maps->values[i]);
        }
        const auto attention = sharedScaleData(FigureKind::Attention, data);
        QCOMPARE(attention[0].colourHigh, top);
        QCOMPARE(attention[1].colourHigh, top);

        double gradLow = INFINITY, gradHigh = -INFINITY;
        for (const RunRecord *r : {&ra.record, &rb.record})
            for (const double n : r->gradNorms)
                if (n > 0) {
                    gradLow = std::min(gradLow, std::log10(n));
                    gradHigh = std::max(gradHigh, std::log10(n));
                }
        const auto gradients = sharedScaleData(FigureKind::Gradients, data);
        QCOMPARE(gradients[1].colourLow, gradLow);
        QCOMPARE(gradients[1].colourHigh, gradHigh);

        QCOMPARE(smallMultipleKindsFor(data).size(), std::size_t(4));
        // Drawn: each run's name in its colour above its panel.
        QImage image(1200, 700, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            HoverMap hovers;
            drawSmallMultiples(FigureKind::Embeddings, painter, QRectF(0, 0, 1200, 700), data,
                               FigureStyle::standard(), &hovers);
            QVERIFY(!hovers.isEmpty());
        }
        int blue = 0, orange = 0;
        for (int y = 0; y < 120; ++y)
            for (int x = 0; x < 1200; ++x) {
                const QColor c = image.pixelColor(x, y);
                blue += c == seriesColor(0);
                orange += c == seriesColor(1);
            }
        QVERIFY2(blue > 5 && orange > 5, qPrintable(QStringLiteral("%1 %2").arg(blue).arg(orange)));
    }

    void runsWithoutATableOrAttentionOfferNoSuchPanels()
    {
        TrainingConfig seed; // the notebook: a table, no attention
        seed.epochs = 1;
        const HeadlessResult r = runHeadless(seed);
        ComparisonData data;
        data.runs = {{"seed", seriesColor(0), &r.record}};
        QCOMPARE(smallMultipleKindsFor(data),
                 std::vector<FigureKind>({FigureKind::Embeddings, FigureKind::Similarity}));
    }
};

QTEST_MAIN(TestSmallMultiples)
#include "tst_smallmultiples.moc"
