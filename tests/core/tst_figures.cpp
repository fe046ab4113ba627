// SPDX-License-Identifier: MIT
// Figures: what lands in the PNG, SVG and PDF files, from the renderer and from the CLI.
#include "TestSupport.h"
#include "figures/AxisScale.h"
#include "figures/FigureRenderer.h"
#include "figures/FigureWriter.h"
#include "figures/SeriesDecimation.h"

#include <QDir>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::FigureKind)

namespace {

Matrix profileMatrix(int length, int width, double phase)
{
    Matrix m{length, width, {}};
    for (int p = 0; p < length; ++p)
        for (int k = 0; k < width; ++k)
            m.values.push_back(float(std::sin(2 * M_PI * p / length + phase * k)));
    return m;
}

// A run like the seed's: 3 epochs of 32 steps, falling loss, an embedding of width `width`.
FigureData seedLikeData(int width = 1)
{
    FigureData data;
    data.config.seed = 7;
    data.config.task = TaskKind::PositionSignal;
    for (std::int64_t step = 1; step <= 96; ++step)
        data.losses.push_back({(step - 1) / 32 + 1, step, 1.0 / step + 0.01 * (step % 3)});
    data.embedding = profileMatrix(10, width, 0.7);
    data.initialEmbedding = profileMatrix(10, width, 2.0);
    return data;
}

// Every piece of text in an SVG, joined: a label may come in several pieces (Qt splits
// "2πt" into Latin and Greek runs), so nothing goes between them.
QString svgText(const QByteArray &svg, QString *rootName)
{
    QXmlStreamReader xml(svg);
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && rootName->isEmpty())
            *rootName = xml.name().toString();
        if (xml.isCharacters() && !xml.isWhitespace())
            text += xml.text();
    }
    if (xml.hasError())
        return QStringLiteral("XML error: ") + xml.errorString();
    return text;
}

} // namespace

class TestFigures : public QObject {
    Q_OBJECT
private slots:
    void pngHasRequestedSizeAndContent_data();
    void pngHasRequestedSizeAndContent();
    void svgIsXmlWithItsText_data();
    void svgIsXmlWithItsText();
    void pdfIsPdfWithEmbeddedFont();
    void widthOneSimilarityExplainsItself();
    void profileShowsTheFixedTargetAndTheLinearLayer();
    void cellValuesAreWrittenOnlyWhereTheyFit();
    void sizeOutsideTheLimitsIsRefused();
    void lossFigureNeedsTheWindowLibrary();
    void decimationKeepsEachColumnsExtremes();
    void ticksAreRoundNumbers_data();
    void ticksAreRoundNumbers();
    void unwritableDestinationLeavesNothing();
    void cliRejectsUnknownFormat();
    void cliFiguresNeedOut();
    void cliWritesEveryFigure();
    void cliWritesAllOrNothing();
};

void TestFigures::pngHasRequestedSizeAndContent_data()
{
    QTest::addColumn<FigureKind>("kind");
    QTest::addColumn<int>("width"); // of the embedding
    QTest::addColumn<QSize>("pixels");
    QTest::newRow("strip small") << FigureKind::Embeddings << 1 << QSize(480, 300);
    QTest::newRow("strip") << FigureKind::Embeddings << 1 << QSize(1600, 640);
    QTest::newRow("heatmap d=4") << FigureKind::Embeddings << 4 << QSize(1200, 900);
    QTest::newRow("similarity d=4") << FigureKind::Similarity << 4 << QSize(1400, 1200);
    QTest::newRow("similarity d=1") << FigureKind::Similarity << 1 << QSize(1000, 640);
    QTest::newRow("profile tall") << FigureKind::Profile << 1 << QSize(900, 1400);
}

void TestFigures::pngHasRequestedSizeAndContent()
{
    QFETCH(FigureKind, kind);
    QFETCH(int, width);
    QFETCH(QSize, pixels);
    QString error;
    const QByteArray png =
        renderFigureBytes(kind, seedLikeData(width), FigureFormat::Png, pixels, &error);
    QVERIFY2(!png.isEmpty(), qPrintable(error));
    const QImage image = QImage::fromData(png, "PNG");
    QCOMPARE(image.size(), pixels);
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    // Text, lines and cells antialiased against white: far more than a blank or flat image.
    QVERIFY2(colors.size() >= 20, qPrintable(QString::number(colors.size())));
}

void TestFigures::svgIsXmlWithItsText_data()
{
    QTest::addColumn<FigureKind>("kind");
    QTest::addColumn<QStringList>("texts");
    QTest::newRow("embeddings") << FigureKind::Embeddings
                                << QStringList{"Learned positional embedding", "position",
                                               "dimension", "embedding value"};
    QTest::newRow("profile") << FigureKind::Profile
                             << QStringList{"Learned embedding by position", "position",
                                            "embedding value", "initial"};
}

void TestFigures::svgIsXmlWithItsText()
{
    QFETCH(FigureKind, kind);
    QFETCH(QStringList, texts);
    const QByteArray svg =
        renderFigureBytes(kind, seedLikeData(), FigureFormat::Svg, QSize(1600, 1000));
    QString root;
    const QString text = svgText(svg, &root);
    QCOMPARE(root, QStringLiteral("svg"));
    // Every figure carries the run's config in its caption.
    texts << "task position-signal"
          << "seed 7"
          << "Adam"
          << "lr 0.01"
          << "batch size 32"
          << "3 epochs";
    for (const QString &expected : std::as_const(texts))
        QVERIFY2(text.contains(expected), qPrintable(expected + " not in: " + text));
}

void TestFigures::pdfIsPdfWithEmbeddedFont()
{
    for (FigureKind kind : figureKindsFor(seedLikeData())) {
        const QByteArray pdf =
            renderFigureBytes(kind, seedLikeData(), FigureFormat::Pdf, QSize(1600, 1000));
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY2(pdf.contains("/FontFile2"), "the TrueType font is not embedded");
    }
}

void TestFigures::widthOneSimilarityExplainsItself()
{
    QString root;
    const QString text = svgText(renderFigureBytes(FigureKind::Similarity, seedLikeData(1),
                                                   FigureFormat::Svg, QSize(1600, 640)),
                                 &root);
    QVERIFY(text.contains("Not meaningful for a width-1 embedding"));
    QCOMPARE(int(figureKindsFor(seedLikeData(1)).size()), 4); // with the profile
    // A wider table's profile draws a few of its dimensions, as the window's view does.
    QCOMPARE(int(figureKindsFor(seedLikeData(3)).size()), 4);
}

void TestFigures::cellValuesAreWrittenOnlyWhereTheyFit()
{
    // The seed's 10 x 1 table: each cell's value is written in it ("0.64" fits a cell).
    FigureData data = seedLikeData(1);
    QString root;
    const QString fitting = svgText(
        renderFigureBytes(FigureKind::Embeddings, data, FigureFormat::Svg, QSize(900, 560)), &root);
    QVERIFY2(fitting.contains(QStringLiteral("0.59")), qPrintable(fitting));
    // A blown-up table (values near 1e5) would write "58778.53" over its neighbours: none.
    for (float &v : data.embedding.values)
        v *= 1e5f;
    const QString blown = svgText(
        renderFigureBytes(FigureKind::Embeddings, data, FigureFormat::Svg, QSize(900, 560)), &root);
    for (const float v : data.embedding.values)
        if (std::abs(v) >= 1000)
            QVERIFY2(!blown.contains(QString::number(int(std::abs(v)))), qPrintable(blown));
}

void TestFigures::profileShowsTheFixedTargetAndTheLinearLayer()
{
    FigureData data = seedLikeData();
    // The learned profile is the target sine scaled and shifted. The figure draws the task's
    // own sine (fixed, not refitted to the curve), the correlation, and the linear layer.
    for (float &value : data.embedding.values)
        value = 0.5f * value - 0.25f;
    data.head = LinearHead{2.0, 0.5};
    QString root;
    const QString text = svgText(
        renderFigureBytes(FigureKind::Profile, data, FigureFormat::Svg, QSize(1600, 1000)), &root);
    QVERIFY2(text.contains(QString::fromUtf8("target sin(2πt/L)")), qPrintable(text));
    QVERIFY2(!text.contains(QString::fromUtf8("0.50·sin")), qPrintable(text));
    QVERIFY2(text.contains("r = 1.000"), qPrintable(text));
    QVERIFY2(text.contains("w = 2, b = 0.5"), qPrintable(text));
}

void TestFigures::sizeOutsideTheLimitsIsRefused()
{
    QString error;
    QVERIFY(renderFigureBytes(FigureKind::Loss, seedLikeData(), FigureFormat::Png, QSize(100, 50),
                              &error)
                .isEmpty());
    QVERIFY2(error.contains("100x50") && error.contains("480x300"), qPrintable(error));
}

// The loss figure is the window's chart (tests/ui/tst_lossfigure.cpp): core alone says so
// instead of drawing something else under its name.
void TestFigures::lossFigureNeedsTheWindowLibrary()
{
    QString root;
    const QString text = svgText(
        renderFigureBytes(FigureKind::Loss, seedLikeData(), FigureFormat::Svg, QSize(1600, 1000)),
        &root);
    QVERIFY2(text.contains("The loss chart is not available"), qPrintable(text));
    QVERIFY2(text.contains("Training loss"), qPrintable(text));
}

void TestFigures::decimationKeepsEachColumnsExtremes()
{
    const std::vector<double> ys = {5, 1, 9, 3, 4, /* next column */ 2, 8, 0, 6};
    const QPolygonF line = decimateSeries(
        ys.size(), [&](std::size_t i) { return QPointF(i < 5 ? 0.1 * i : 1 + 0.1 * i, ys[i]); },
        1.0);
    const QPolygonF expected = {{0.0, 5}, {0.1, 1}, {0.2, 9}, {0.4, 4},
                                {1.5, 2}, {1.6, 8}, {1.7, 0}, {1.8, 6}};
    QCOMPARE(line.size(), expected.size());
    for (qsizetype i = 0; i < line.size(); ++i)
        QVERIFY2(std::abs(line[i].x() - expected[i].x()) < 1e-9 && line[i].y() == expected[i].y(),
                 qPrintable(QString::number(i)));
}

void TestFigures::ticksAreRoundNumbers_data()
{
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<bool>("log");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<QStringList>("labels");
    const QString minus = QString(QChar(0x2212));
    QTest::newRow("unit") << 0.0 << 1.0 << false << 6
                          << QStringList{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"};
    QTest::newRow("steps") << -18.0 << 979.0 << false << 8
                           << QStringList{"0", "200", "400", "600", "800"};
    QTest::newRow("negative") << -2.6 << 1.1 << false << 5
                              << QStringList{minus + "2", minus + "1", "0", "1"};
    QTest::newRow("million steps")
        << 0.0 << 1e6 << false << 6 << QStringList{"0", "0.2M", "0.4M", "0.6M", "0.8M", "1.0M"};
    QTest::newRow("log decades") << 0.0005 << 2.0 << true << 8
                                 << QStringList{"0.001", "0.01", "0.1", "1"};
    QTest::newRow("log 47 decades")
        << 1e-46 << 10.0 << true << 11 << QStringList{"10^" + minus + "45", "10^" + minus + "40",
                                                      "10^" + minus + "35", "10^" + minus + "30",
                                                      "10^" + minus + "25", "10^" + minus + "20",
                                                      "10^" + minus + "15", "10^" + minus + "10",
                                                      "10^" + minus + "5",  "10^0"};
}

void TestFigures::ticksAreRoundNumbers()
{
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(bool, log);
    QFETCH(int, maxTicks);
    QFETCH(QStringList, labels);
    const AxisScale scale =
        log ? AxisScale::logarithmic(min, max, maxTicks) : AxisScale::linear(min, max, maxTicks);
    QStringList actual;
    for (double tick : scale.ticks()) {
        const TickLabel label = scale.label(tick);
        actual << (label.exponent.isEmpty() ? label.text : label.text + "^" + label.exponent);
    }
    QCOMPARE(actual, labels);
}

void TestFigures::unwritableDestinationLeavesNothing()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath("not-a-folder"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString path = dir.filePath("not-a-folder/loss.png");
    const QString error = writeFigure(FigureKind::Loss, seedLikeData(), path, FigureFormat::Png);
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"not-a-folder"});
}

void TestFigures::cliRejectsUnknownFormat()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    const auto result =
        test::runProcess(test::pelabBinary(), {"train", "--out", out, "--figures", "png,jpg"});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("--figures: \"jpg\" is not allowed; use png, svg or pdf"),
             result.err.constData());
    QVERIFY(!QFileInfo::exists(out));
}

void TestFigures::cliFiguresNeedOut()
{
    const auto result = test::runProcess(test::pelabBinary(), {"train", "--figures", "svg"});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("--figures needs --out"), result.err.constData());
}

void TestFigures::cliWritesEveryFigure()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    const auto result = test::runProcess(
        test::pelabBinary(), {"train", "--epochs", "2", "--out", out, "--figures", "png,svg,pdf"});
    QCOMPARE(result.exitCode, 0);
    for (const QString stem : {"loss", "embeddings", "similarity", "profile"})
        for (const QString extension : {"png", "svg", "pdf"})
            QVERIFY2(QFileInfo(out + "/" + stem + "." + extension).size() > 1000,
                     qPrintable(stem + "." + extension));
    QCOMPARE(QImage(out + "/loss.png").size(), QSize(1600, 1000));
    QVERIFY(QFileInfo::exists(out + "/loss.csv"));
}

void TestFigures::cliWritesAllOrNothing()
{
    QTemporaryDir dir;
    // A folder where a figure should go: that write fails after others succeeded.
    QVERIFY(QDir(dir.path()).mkdir("similarity.svg"));
    const auto result = test::runProcess(
        test::pelabBinary(), {"train", "--epochs", "1", "--out", dir.path(), "--figures", "svg"});
    QCOMPARE(result.exitCode, 4); // an output could not be written
    QVERIFY2(result.err.contains(dir.filePath("similarity.svg").toUtf8()), result.err.constData());
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"similarity.svg"});
}

QTEST_MAIN(TestFigures)
#include "tst_figures.moc"
