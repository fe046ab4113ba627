// SPDX-License-Identifier: MIT
#include "EmbeddingHeatmap.h"
#include "EmbeddingProfileView.h"
#include "FigureView.h"
#include "SimilarityView.h"
#include "figures/LineChart.h"

#include <QApplication>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::Matrix)

namespace {
Matrix sine(int length)
{
    Matrix m{length, 1, {}};
    for (int t = 0; t < length; ++t)
        m.values.push_back(float(std::sin(2 * std::numbers::pi * t / length)));
    return m;
}

Matrix ramp(int rows, int cols, float offset = 0)
{
    Matrix m{rows, cols, {}};
    for (int i = 0; i < rows * cols; ++i)
        m.values.push_back(offset + 0.1f * float(i) - 0.4f);
    return m;
}

RunStart runStart(const Matrix &initial, TaskKind task = TaskKind::Zeros)
{
    RunStart start;
    start.config.task = task;
    start.config.seqLen = initial.rows;
    start.initialEmbedding = initial;
    start.targetSignal = sine(initial.rows);
    return start;
}

// The centre of the heatmap cell for (position, dimension), found by scanning the widget.
std::optional<QPoint> cellCentre(const EmbeddingHeatmap &view, int position, int dimension)
{
    for (int y = 0; y < view.height(); y += 2)
        for (int x = 0; x < view.width(); x += 2)
            if (view.toolTipAt({x, y}).startsWith(
                    QStringLiteral("position %1, dimension %2\n").arg(position).arg(dimension)))
                return QPoint(x, y);
    return std::nullopt;
}
} // namespace

class TestEmbeddingViews : public QObject {
    Q_OBJECT

private slots:
    void heatmapShowsEachNewEmbedding()
    {
        EmbeddingHeatmap view;
        view.reset(runStart(ramp(10, 1)));
        QCOMPARE(view.displayed(), ramp(10, 1));
        QCOMPARE(view.updateCount(), quint64(0));

        view.setEmbedding(ramp(10, 1, 0.5f));
        QCOMPARE(view.displayed(), ramp(10, 1, 0.5f));
        QCOMPARE(view.embedding(), ramp(10, 1, 0.5f));
        QCOMPARE(view.updateCount(), quint64(1));
        view.setEmbedding(ramp(10, 1, 0.5f)); // the same picture again
        QCOMPARE(view.updateCount(), quint64(1));
        view.setEmbedding(ramp(10, 1, 0.25f));
        QCOMPARE(view.updateCount(), quint64(2));
    }

    void changeModeShowsCurrentMinusInitial()
    {
        const Matrix initial = ramp(6, 3);
        Matrix current = initial;
        for (std::size_t i = 0; i < current.values.size(); ++i)
            current.values[i] = float(std::cos(double(i))) * 2;
        EmbeddingHeatmap view;
        view.reset(runStart(initial));
        view.setEmbedding(current);
        QSignalSpy modeSpy(&view, &EmbeddingHeatmap::modeChanged);
        auto *combo = view.findChild<QComboBox *>(QStringLiteral("heatmapModeCombo"));
        QVERIFY(combo);
        combo->setCurrentIndex(combo->findData(int(EmbeddingHeatmap::Mode::ChangeSinceInit)));
        QCOMPARE(view.mode(), EmbeddingHeatmap::Mode::ChangeSinceInit);
        QCOMPARE(modeSpy.count(), 1);

        const Matrix shown = view.displayed();
        QCOMPARE(shown.rows, 6);
        QCOMPARE(shown.cols, 3);
        for (std::size_t i = 0; i < shown.values.size(); ++i)
            QCOMPARE(shown.values[i], current.values[i] - initial.values[i]);
        // Change is drawn on a scale symmetric about 0 that holds every change.
        const auto [lo, hi] = view.colorRange();
        QCOMPARE(lo, -hi);
        for (float change : shown.values)
            QVERIFY(std::abs(change) <= hi);

        view.setMode(EmbeddingHeatmap::Mode::Values);
        QCOMPARE(combo->currentData().toInt(), int(EmbeddingHeatmap::Mode::Values));
        QCOMPARE(view.displayed(), current);
    }

    void valueRangeOnlyWidensDuringARun()
    {
        EmbeddingHeatmap view;
        view.reset(runStart(Matrix{3, 1, {-1, 0, 2}}));
        QCOMPARE(view.colorRange(), std::make_pair(-1.0, 2.0));
        view.setEmbedding(Matrix{3, 1, {-0.5f, 0, 0.5f}}); // shrinks: the scale stays
        QCOMPARE(view.colorRange(), std::make_pair(-1.0, 2.0));
        view.setEmbedding(Matrix{3, 1, {-3, 0, 0.5f}});
        QCOMPARE(view.colorRange(), std::make_pair(-3.0, 2.0));
        QVERIFY(view.rangeNote().contains(QStringLiteral("only widens")));
        view.reset(runStart(Matrix{3, 1, {0, 0.5f, 1}})); // a new run starts afresh
        QCOMPARE(view.colorRange(), std::make_pair(0.0, 1.0));
    }

    void hoverShowsPositionAndValue_data()
    {
        QTest::addColumn<EmbeddingHeatmap::Mode>("mode");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("values") << EmbeddingHeatmap::Mode::Values
                                << QStringList{"position 7, dimension 2", "value 3.5"};
        QTest::newRow("change") << EmbeddingHeatmap::Mode::ChangeSinceInit
                                << QStringList{"position 7, dimension 2", "value 3.5",
                                               "initial 1.25", "change 2.25"};
    }
    void hoverShowsPositionAndValue()
    {
        QFETCH(EmbeddingHeatmap::Mode, mode);
        QFETCH(QStringList, expected);
        Matrix initial{10, 4, std::vector<float>(40, 0.0f)};
        initial.values[7 * 4 + 2] = 1.25f;
        Matrix current = initial;
        current.values[7 * 4 + 2] = 3.5f;
        EmbeddingHeatmap view;
        view.resize(600, 360);
        view.reset(runStart(initial));
        view.setEmbedding(current);
        view.setMode(mode);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const std::optional<QPoint> centre = cellCentre(view, 7, 2);
        QVERIFY(centre);
        QTest::mouseMove(&view, QPoint(1, 1)); // a move to where the pointer is is dropped
        QTest::mouseMove(&view, *centre);
        QTRY_VERIFY(!view.hoverText().isEmpty());
        for (const QString &line : expected)
            QVERIFY2(view.hoverText().contains(line), qPrintable(view.hoverText()));
        QTRY_COMPARE(QToolTip::text(), view.hoverText());
        QVERIFY(view.toolTipAt({1, 1}).isEmpty()); // off the grid
    }

    void wideTableZoomsAndPans()
    {
        // A 512-wide table: the wheel zooms into the dimensions around the mouse, a drag
        // pans, a double-click shows it all; hovers and the exported data follow.
        EmbeddingHeatmap view;
        view.resize(700, 460);
        view.reset(runStart(ramp(64, 512)));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        FigureView *figure = view.figureView();
        QTRY_VERIFY(figure->renderCount() > 0);
        QPoint centre;
        for (int y = 0; y < figure->height() && centre.isNull(); y += 2)
            for (int x = 0; x < figure->width() && centre.isNull(); x += 2)
                if (figure->plotAt(QPointF(x, y)))
                    centre = figure->plotAt(QPointF(x, y))->center().toPoint();
        QVERIFY(!centre.isNull());
        QWheelEvent wheel(centre, figure->mapToGlobal(centre), QPoint(), QPoint(0, 120 * 8),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(figure, &wheel);
        TableWindow w = view.window();
        QVERIFY2(w.dimensions < 512 && w.dimensions >= 4,
                 qPrintable(QString::number(w.dimensions)));
        QCOMPARE(w.positions, 64);
        // The dimension under the mouse (about 256) stays in view.
        QVERIFY(w.firstDimension <= 256 && w.firstDimension + w.dimensions > 256);
        QCOMPARE(figure->figureData().table.dimensions, w.dimensions);
        figure->repaint();
        const QString hover = figure->hoverTextAt(centre);
        QVERIFY2(hover.contains(QStringLiteral("dimension 25")), qPrintable(hover));
        auto *showAll = view.findChild<QPushButton *>(QStringLiteral("heatmapShowAllButton"));
        QVERIFY(showAll && showAll->isVisible());
        // Dragging up by the plot's height moves a whole window's worth of dimensions down.
        const int first = w.firstDimension;
        const QRectF plot = *figure->plotAt(centre);
        // (Sent events, not QTest's: its mouse state would outlive this window.)
        const auto send = [&](QEvent::Type type, QPointF at, Qt::MouseButton button,
                              Qt::MouseButtons buttons) {
            QMouseEvent event(type, at, figure->mapToGlobal(at), button, buttons, Qt::NoModifier);
            QApplication::sendEvent(figure, &event);
        };
        send(QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        send(QEvent::MouseMove, QPointF(centre.x(), centre.y() - plot.height() / 4), Qt::NoButton,
             Qt::LeftButton);
        send(QEvent::MouseButtonRelease, centre, Qt::LeftButton, Qt::NoButton);
        QVERIFY2(view.window().firstDimension > first,
                 qPrintable(QString::number(view.window().firstDimension)));
        send(QEvent::MouseButtonDblClick, centre, Qt::LeftButton, Qt::LeftButton);
        QVERIFY(view.window().isWhole(64, 512));
        QVERIFY(!showAll->isVisible());
        // Shift zooms the positions instead.
        view.zoom(Qt::Horizontal, 0.25, 10);
        QCOMPARE(view.window().positions, 16);
        QCOMPARE(view.window().dimensions, 512);
    }

    void heatmapRepaintsFromCacheUntilDataChanges()
    {
        EmbeddingHeatmap view;
        view.resize(500, 300);
        view.reset(runStart(ramp(64, 16)));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(view.renderCount() > 0);
        const int renders = view.renderCount();
        view.repaint();
        view.repaint();
        QCOMPARE(view.renderCount(), renders);
        view.setEmbedding(ramp(64, 16, 1));
        view.repaint();
        QCOMPARE(view.renderCount(), renders + 1);
    }

    void noCaptionBeforeARun()
    {
        // Before a run the views have no settings to name: no caption of the default config.
        EmbeddingHeatmap heatmap;
        EmbeddingProfileView profile;
        SimilarityView similarity;
        for (FigureView *view :
             {heatmap.figureView(), profile.figureView(), similarity.figureView()})
            QVERIFY(figureCaption(view->figureData()).isEmpty());
        heatmap.reset(runStart(ramp(10, 1)));
        QVERIFY(figureCaption(heatmap.figureView()->figureData()).contains("seed"));
    }

    void clearEmptiesEveryView()
    {
        EmbeddingHeatmap heatmap;
        EmbeddingProfileView profile;
        SimilarityView similarity;
        const RunStart start = runStart(ramp(5, 4), TaskKind::PositionSignal);
        heatmap.reset(start);
        profile.reset(start);
        similarity.reset(start);
        heatmap.setEmbedding(ramp(5, 4, 1));
        QVERIFY(similarity.isMeaningful());

        heatmap.clear();
        profile.clear();
        similarity.clear();
        QVERIFY(heatmap.embedding().isEmpty());
        QVERIFY(heatmap.displayed().isEmpty());
        QCOMPARE(heatmap.updateCount(), quint64(0));
        QVERIFY(std::isnan(profile.targetCorrelation()));
        QVERIFY(profile.caption().isEmpty());
        QVERIFY(!similarity.isMeaningful());
        QVERIFY(similarity.similarity().isEmpty());
    }

    void similarityNeedsWidthAboveOne_data()
    {
        QTest::addColumn<Matrix>("embedding");
        QTest::addColumn<bool>("meaningful");
        QTest::newRow("width 1 (the seed)") << ramp(10, 1) << false;
        QTest::newRow("width 4") << ramp(10, 4) << true;
        QTest::newRow("empty") << Matrix{} << false;
    }
    void similarityNeedsWidthAboveOne()
    {
        QFETCH(Matrix, embedding);
        QFETCH(bool, meaningful);
        SimilarityView view;
        view.reset(runStart(embedding));
        QCOMPARE(view.isMeaningful(), meaningful);
        QCOMPARE(view.message().isEmpty(), meaningful);
        if (meaningful) {
            QCOMPARE(view.similarity(), cosineSimilarity(embedding));
        } else if (!embedding.isEmpty()) {
            QVERIFY(view.message().contains(QStringLiteral("wider than 1")));
        }
    }

    void similarityHoverShowsPairAndValue()
    {
        const Matrix embedding{3, 2, {1, 0, 0, 1, -1, 0}};
        SimilarityView view;
        view.resize(500, 400);
        view.setEmbedding(embedding);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QPoint target;
        for (int x = 0; x < view.width() && target.isNull(); x += 2)
            if (view.toolTipAt({x, view.height() / 2}).startsWith("positions 1 and 0"))
                target = QPoint(x, view.height() / 2);
        QVERIFY(!target.isNull());
        QTest::mouseMove(&view, QPoint(1, 1));
        QTest::mouseMove(&view, target);
        QTRY_VERIFY2(view.hoverText().startsWith("positions 1 and 0"),
                     qPrintable(view.hoverText()));
        QVERIFY(view.hoverText().contains(QStringLiteral("similarity 0")));
        QVERIFY(view.toolTipAt({1, 1}).isEmpty());
    }

    void profileCorrelatesWithTheTargetSine_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<double>("offset");
        QTest::addColumn<double>("expected");
        QTest::newRow("2 sin + 0.3") << 2.0 << 0.3 << 1.0;
        QTest::newRow("-0.5 sin") << -0.5 << 0.0 << -1.0;
    }
    void profileCorrelatesWithTheTargetSine()
    {
        QFETCH(double, scale);
        QFETCH(double, offset);
        QFETCH(double, expected);
        EmbeddingProfileView view;
        view.reset(runStart(ramp(10, 1), TaskKind::PositionSignal));
        Matrix learnt = sine(10);
        for (float &v : learnt.values)
            v = float(scale * v + offset);
        view.setEmbedding(learnt);
        QVERIFY2(std::abs(view.targetCorrelation() - expected) < 1e-6,
                 qPrintable(QString::number(view.targetCorrelation(), 'g', 10)));
        if (expected > 0)
            QVERIFY2(view.caption().contains(QStringLiteral("r = 1.000")),
                     qPrintable(view.caption()));
    }

    void profileTargetIsFixedAndTheLinearLayerShown()
    {
        // The band is the task's sine itself, whatever the embedding does: not a refit.
        EmbeddingProfileView view;
        RunStart start = runStart(ramp(10, 1), TaskKind::PositionSignal);
        start.initialHead = LinearHead{0.5, -0.25};
        view.reset(start);
        const QString before = view.positionText(3);
        QVERIFY2(view.caption().startsWith(QStringLiteral("w = 0.5, b = -0.25: ")) ||
                     view.caption().startsWith(QStringLiteral("w = 0.5, b = \u22120.25: ")),
                 qPrintable(view.caption()));
        Matrix wild = sine(10);
        for (float &v : wild.values)
            v = 40 * v + 7;
        view.setEmbedding(wild);
        view.setHead(LinearHead{1.0, 0.125});
        const QString target =
            QStringLiteral("target sine %1").arg(formatFigureValue(start.targetSignal.at(3, 0)));
        QVERIFY2(before.endsWith(target), qPrintable(before));
        QVERIFY2(view.positionText(3).endsWith(target), qPrintable(view.positionText(3)));
        QVERIFY2(view.caption().startsWith(QStringLiteral("w = 1, b = 0.125: ")),
                 qPrintable(view.caption()));
        // A snapshot without a head keeps the last one.
        view.setHead(std::nullopt);
        QCOMPARE(view.head()->bias, 0.125);
    }

    void profileSaysTheZeroTargetTeachesNothing()
    {
        EmbeddingProfileView view;
        view.reset(runStart(ramp(10, 1), TaskKind::Zeros));
        view.setEmbedding(sine(10));
        QVERIFY(std::isnan(view.targetCorrelation())); // zeros are not a sine target
        QVERIFY2(view.caption().contains(QStringLiteral("nothing positional to learn")),
                 qPrintable(view.caption()));
    }

    void badInputDoesNotCrash_data()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        QTest::addColumn<Matrix>("embedding");
        QTest::newRow("empty") << Matrix{};
        QTest::newRow("NaN values") << Matrix{4, 2, {nan, 1, 2, nan, 0, 0, nan, 3}};
        QTest::newRow("all NaN") << Matrix{3, 1, {nan, nan, nan}};
        QTest::newRow("too few values") << Matrix{4, 2, {1, 2, 3}};
        QTest::newRow("one position") << Matrix{1, 1, {0.5f}};
    }
    void badInputDoesNotCrash()
    {
        QFETCH(Matrix, embedding);
        EmbeddingHeatmap heatmap;
        EmbeddingProfileView profile;
        SimilarityView similarity;
        for (QWidget *view : std::initializer_list<QWidget *>{&heatmap, &profile, &similarity})
            view->resize(500, 300);
        heatmap.setEmbedding(embedding);
        profile.setEmbedding(embedding);
        similarity.setEmbedding(embedding);
        heatmap.setMode(EmbeddingHeatmap::Mode::ChangeSinceInit);
        for (QWidget *view : std::initializer_list<QWidget *>{&heatmap, &profile, &similarity})
            QVERIFY(!view->grab().isNull());
        QVERIFY(std::isnan(profile.targetCorrelation()));
        if (isWellFormed(embedding)) {
            // Bit for bit: NaN != NaN, so operator== cannot say the NaNs were kept.
            QCOMPARE(heatmap.embedding().rows, embedding.rows);
            QCOMPARE(heatmap.embedding().cols, embedding.cols);
            QVERIFY(embedding.values.empty() || // memcmp of no bytes may not take null
                    std::memcmp(heatmap.embedding().values.data(), embedding.values.data(),
                                embedding.values.size() * sizeof(float)) == 0);
        } else
            QVERIFY(heatmap.embedding().isEmpty());
    }
};

QTEST_MAIN(TestEmbeddingViews)
#include "tst_embeddingviews.moc"
