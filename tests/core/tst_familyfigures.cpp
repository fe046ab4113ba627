// SPDX-License-Identifier: MIT
// The family's figures (gradients, attention, entropy, rank, extrapolation): which appear for
// which run, what they say (titles, labels, the gradient ratio) and what hovering reads.
#include "TestSupport.h"
#include "figures/AttentionFigure.h"
#include "figures/FigureRenderer.h"
#include "figures/FigureWriter.h"
#include "figures/GradientFigure.h"
#include "figures/PcaFigure.h"
#include "figures/PositionsFigure.h"

#include <QImage>
#include <QPainter>
#include <QSet>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::FigureKind)

namespace {

constexpr std::int64_t kLayers = 2, kHeads = 2, kLength = 4;

// A small family run, every number chosen so a label or a hover can name it.
RunRecord familyRecord(std::int64_t steps = 10)
{
    RunRecord r;
    r.config.task = TaskKind::Shift;
    r.config.layers = kLayers;
    r.config.heads = kHeads;
    r.config.width = 8;
    r.config.seqLen = kLength;
    r.config.vocab = 16;
    r.config.causal = true;
    r.config.evalLengths = {4, 8};
    r.gradGroups = {QStringLiteral("input"),    QStringLiteral("encoding"),
                    QStringLiteral("block.0"),  QStringLiteral("block.1"),
                    QStringLiteral("final_ln"), QStringLiteral("head")};
    for (std::int64_t s = 1; s <= steps; ++s) {
        r.losses.push_back({1, s, 2.0 / double(s)});
        // block.0's gradient 1e-4, block.1's 0.95: layer 1's is 9,500 times smaller.
        for (double norm : {0.5, 0.25, 1e-4, 0.95, 0.1, 2.0})
            r.gradNorms.push_back(norm);
    }
    for (std::int64_t step : {std::int64_t(0), steps}) {
        ProbePoint probe{step, {}};
        const double f = step == 0 ? 1.0 : 0.5;
        probe.values.insert(QStringLiteral("attention_entropy"),
                            NdArray{{kLayers, kHeads}, {f, f * 0.9, f * 0.8, f * 0.7}});
        probe.values.insert(QStringLiteral("attention_distance"),
                            NdArray{{kLayers, kHeads}, {1.5, 1.25, 1.0, 0.75}});
        probe.values.insert(QStringLiteral("rank_residual"),
                            NdArray{{kLayers}, {0.9 * f, 0.01 * f}});
        probe.values.insert(QStringLiteral("accuracy_per_position"),
                            NdArray{{kLength}, {0.25, 0.5, 0.75, 1.0}});
        r.probes.push_back(probe);
    }
    NdArray attention{{kLayers, kHeads, kLength, kLength}, {}};
    for (std::int64_t i = 0; i < attention.size(); ++i)
        attention.values.push_back(double(i) / 1000.0); // every cell its own value
    r.latest = r.probes.back().values;
    r.latest.insert(QStringLiteral("attention"), attention);
    r.extrapolation = {{steps, 4, 0.1, 1.0, std::nullopt}, {steps, 8, 1.5, 0.625, 0.25}};
    return r;
}

QString svgText(const QByteArray &svg)
{
    QXmlStreamReader xml(svg);
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isCharacters() && !xml.isWhitespace())
            text += xml.text().toString() + QLatin1Char(' ');
    }
    return text;
}

// Every hover text the figure offers, sampled every `step` units over the layout.
QSet<QString> hoverTexts(FigureKind kind, const FigureData &data, QSizeF size, double step = 2)
{
    QImage image(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    HoverMap hovers;
    renderFigure(kind, data, painter, QRectF(QPointF(0, 0), size), FigureStyle::standard(),
                 &hovers);
    QSet<QString> texts;
    for (double y = 0; y < size.height(); y += step)
        for (double x = 0; x < size.width(); x += step)
            if (const QString text = hovers.textAt({x, y}); !text.isEmpty())
                texts.insert(text);
    return texts;
}

} // namespace

class TestFamilyFigures : public QObject {
    Q_OBJECT
private slots:
    void familyKindsAppearWithTheirData();
    void figuresSayWhatTheyShow_data();
    void figuresSayWhatTheyShow();
    void gradientRatioComparesFirstAndLastLayer();
    void attentionHoverNamesEveryCellExactly();
    void attentionShowsThePickedSequenceAndItsTokens();
    void lineChartHoverNamesThePoint();
    void modelWithoutAttentionSaysSo();
    void longRunsAreBinnedToThePlot();
    void liveBinningMatchesTheDirectSums();
    void positionsShowEveryEncoding();
    void principalComponentsOrderThePositions();
    void deepStackLegendNamesFirstAndLastLayer();
};

void TestFamilyFigures::familyKindsAppearWithTheirData()
{
    RunRecord record = familyRecord();
    FigureData data = figureDataFor(record);
    const std::vector<FigureKind> all = figureKindsFor(data);
    for (FigureKind kind : {FigureKind::Gradients, FigureKind::Attention, FigureKind::Entropy,
                            FigureKind::Rank, FigureKind::Extrapolation})
        QVERIFY2(std::find(all.begin(), all.end(), kind) != all.end(),
                 qPrintable(figureFileStem(kind)));

    // No extrapolation until it was measured; no attention figures without layers.
    record.extrapolation.clear();
    record.config.layers = 0;
    record.probes.clear();
    data = figureDataFor(record);
    const std::vector<FigureKind> some = figureKindsFor(data);
    QVERIFY(std::find(some.begin(), some.end(), FigureKind::Gradients) != some.end());
    for (FigureKind kind :
         {FigureKind::Attention, FigureKind::Entropy, FigureKind::Rank, FigureKind::Extrapolation})
        QVERIFY(std::find(some.begin(), some.end(), kind) == some.end());

    // The seed's shape has none of them (and no record: the seed's figures only: loss,
    // embeddings, similarity and profile).
    FigureData seed;
    QCOMPARE(figureKindsFor(seed).size(), std::size_t(4));
}

void TestFamilyFigures::figuresSayWhatTheyShow_data()
{
    QTest::addColumn<FigureKind>("kind");
    QTest::addColumn<QStringList>("texts");
    QTest::newRow("gradients") << FigureKind::Gradients << QStringList{"Gradient norm per layer",
                                                                       "input",
                                                                       "encoding",
                                                                       "layer 1",
                                                                       "layer 2",
                                                                       "final norm",
                                                                       "head",
                                                                       "step"};
    QTest::newRow("attention") << FigureKind::Attention
                               << QStringList{"Attention of the probe sequence at step 10",
                                              "layer 1",
                                              "layer 2",
                                              "head 1",
                                              "head 2",
                                              "key position",
                                              "query position",
                                              "attention probability"};
    QTest::newRow("entropy") << FigureKind::Entropy
                             << QStringList{"uniform", "layer 1", "mean of heads", "layer 2",
                                            "mean distance (positions)"};
    QTest::newRow("rank") << FigureKind::Rank
                          << QStringList{"Rank collapse", "at initialisation", "step 10",
                                         "relative residual"};
    QTest::newRow("extrapolation")
        << FigureKind::Extrapolation
        << QStringList{"training length 4", "chance 1/16", "positions beyond training",
                       "evaluation length", "accuracy now"};
}

void TestFamilyFigures::figuresSayWhatTheyShow()
{
    QFETCH(FigureKind, kind);
    QFETCH(QStringList, texts);
    const RunRecord record = familyRecord();
    QString error;
    const QByteArray svg = renderFigureBytes(kind, figureDataFor(record), FigureFormat::Svg,
                                             QSize(1600, 1000), &error);
    QVERIFY2(!svg.isEmpty(), qPrintable(error));
    const QString text = svgText(svg);
    for (const QString &expected : texts)
        QVERIFY2(text.contains(expected),
                 qPrintable(QStringLiteral("missing \"%1\" in: %2").arg(expected, text)));
}

void TestFamilyFigures::gradientRatioComparesFirstAndLastLayer()
{
    const RunRecord record = familyRecord();
    const std::optional<double> ratio = firstToLastBlockRatio(record);
    QVERIFY(ratio);
    QCOMPARE(*ratio, 1e-4 / 0.95);
    QCOMPARE(gradientRatioSentence(*ratio, 2),
             QStringLiteral("layer 1's gradient is 9500\u00d7 smaller than layer 2's"));
    QCOMPARE(gradientRatioSentence(3.0, 8),
             QStringLiteral("layer 1's gradient is 3\u00d7 larger than layer 8's"));
    QCOMPARE(gradientRatioSentence(1.1, 8),
             QStringLiteral("layer 1's gradient is about as large as layer 8's (1.1\u00d7)"));
    const QString text = svgText(renderFigureBytes(FigureKind::Gradients, figureDataFor(record),
                                                   FigureFormat::Svg, QSize(1600, 1000)));
    QVERIFY2(text.contains(QStringLiteral("9500\u00d7 smaller")), qPrintable(text));
    RunRecord one = record;
    one.config.layers = 1;
    QVERIFY(!firstToLastBlockRatio(one));
}

void TestFamilyFigures::attentionHoverNamesEveryCellExactly()
{
    const RunRecord record = familyRecord();
    const QSet<QString> texts =
        hoverTexts(FigureKind::Attention, figureDataFor(record), {800, 600});
    const NdArray &a = record.latest[QStringLiteral("attention")];
    // Every query -> key cell of every panel, with its own value.
    for (std::int64_t l = 0; l < kLayers; ++l)
        for (std::int64_t h = 0; h < kHeads; ++h)
            for (std::int64_t q = 0; q < kLength; ++q)
                for (std::int64_t k = 0; k < kLength; ++k) {
                    const QString expected =
                        QStringLiteral(
                            "layer %1, head %2 \u00b7 query %3 \u2192 key %4 \u00b7 p = %5")
                            .arg(l + 1)
                            .arg(h + 1)
                            .arg(q)
                            .arg(k)
                            .arg(QString::number(a.at({l, h, q, k}), 'g', 4));
                    QVERIFY2(texts.contains(expected), qPrintable(expected));
                }
}

void TestFamilyFigures::attentionShowsThePickedSequenceAndItsTokens()
{
    RunRecord record = familyRecord();
    // Three probe sequences kept for the picker, each map its own values, and their tokens.
    NdArray probes{{3, kLayers, kHeads, kLength, kLength}, {}};
    for (std::int64_t i = 0; i < probes.size(); ++i)
        probes.values.push_back(double(i % 997) / 997.0);
    record.latest.insert(QStringLiteral("attention_probes"), probes);
    record.latest.insert(QStringLiteral("probe_tokens"),
                         NdArray{{3, kLength}, {1, 2, 3, 4, 11, 12, 13, 14, 5, 6, 7, 8}});
    FigureData data = figureDataFor(record);
    data.probeSequence = 1;
    const std::optional<AttentionMaps> maps = pickedAttention(record, 1);
    QVERIFY(maps);
    QCOMPARE(maps->count, 3);
    QCOMPARE(maps->tokens, (std::vector<std::int64_t>{11, 12, 13, 14}));
    QCOMPARE(maps->at(1, 0, 2, 3), probes.at({1, 1, 0, 2, 3}));
    const QString text =
        svgText(renderFigureBytes(FigureKind::Attention, data, FigureFormat::Svg, {1600, 1200}));
    QVERIFY2(text.contains(QStringLiteral("Attention of probe sequence 2 of 3")), qPrintable(text));
    // Four positions leave room for every token on the outer axes.
    QVERIFY2(text.contains(QStringLiteral("tokens shown")), qPrintable(text));
    const QSet<QString> texts = hoverTexts(FigureKind::Attention, data, {800, 600});
    const QString expected =
        QStringLiteral("layer 2, head 1 \u00b7 query 2 (token 13) \u2192 key 3 (token 14) "
                       "\u00b7 p = %1")
            .arg(QString::number(probes.at({1, 1, 0, 2, 3}), 'g', 4));
    QVERIFY2(texts.contains(expected), qPrintable(expected));
    // A sequence the record does not have falls back to the first.
    data.probeSequence = 7;
    QCOMPARE(pickedAttention(record, 7)->sequence, 0);
}

void TestFamilyFigures::lineChartHoverNamesThePoint()
{
    const RunRecord record = familyRecord();
    const QSet<QString> texts =
        hoverTexts(FigureKind::Extrapolation, figureDataFor(record), {800, 500}, 1);
    QVERIFY2(
        texts.contains(QStringLiteral("all positions: evaluation length 8 \u00b7 accuracy 0.625")),
        qPrintable(QStringList(texts.values()).join(QLatin1Char('\n'))));
    QVERIFY(texts.contains(
        QStringLiteral("positions beyond training: evaluation length 8 \u00b7 accuracy 0.25")));
}

void TestFamilyFigures::modelWithoutAttentionSaysSo()
{
    RunRecord record = familyRecord();
    record.config.layers = 0;
    for (FigureKind kind : {FigureKind::Attention, FigureKind::Entropy, FigureKind::Rank}) {
        const QString text = svgText(
            renderFigureBytes(kind, figureDataFor(record), FigureFormat::Svg, QSize(1600, 1000)));
        QVERIFY2(text.contains(QStringLiteral("No attention layers")), qPrintable(text));
    }
    const QString none = svgText(renderFigureBytes(FigureKind::Gradients, FigureData(),
                                                   FigureFormat::Svg, QSize(1600, 1000)));
    QVERIFY2(none.contains(QStringLiteral("No gradients yet")), qPrintable(none));
}

void TestFamilyFigures::longRunsAreBinnedToThePlot()
{
    // 100,000 steps of 24 layers: drawn as one column per layout unit of the plot, the last
    // column naming the run's last steps.
    RunRecord record = familyRecord(1);
    record.config.layers = 24;
    record.gradGroups = {QStringLiteral("input")};
    for (int l = 0; l < 24; ++l)
        record.gradGroups << QStringLiteral("block.%1").arg(l);
    record.losses.clear();
    record.gradNorms.clear();
    const std::int64_t steps = 100000;
    for (std::int64_t s = 1; s <= steps; ++s) {
        record.losses.push_back({1, s, 1.0});
        for (int g = 0; g < 25; ++g)
            record.gradNorms.push_back(std::pow(10.0, -g / 6.0));
    }
    const QSet<QString> texts =
        hoverTexts(FigureKind::Gradients, figureDataFor(record), {800, 500}, 1);
    bool last = false;
    for (const QString &text : texts)
        last |= text.contains(QStringLiteral("\u2013100000 (mean)"));
    QVERIFY(last);
    // The first column: layer 24's norm, 10^-4, exactly (every step has the same).
    bool first = false;
    for (const QString &text : texts)
        first |= text.startsWith(QStringLiteral("layer 24 \u00b7 steps 1\u2013")) &&
                 text.endsWith(QStringLiteral("gradient norm ") +
                               QString::number(std::pow(10.0, -24 / 6.0), 'g', 4));
    QVERIFY(first);
}

// A window's run (runId > 0) is binned from running sums kept as the run grows; they must
// give the bins a direct pass gives, even for a layer whose gradient fell by ten orders of
// magnitude after a large start.
void TestFamilyFigures::liveBinningMatchesTheDirectSums()
{
    RunRecord record = familyRecord(0);
    const std::size_t groups = std::size_t(record.gradGroups.size());
    // (Irrational means: a mean that is a 4-digit decimal tie could print either way.)
    const auto grow = [&](std::int64_t steps) {
        for (std::int64_t s = std::int64_t(record.losses.size()) + 1; s <= steps; ++s) {
            record.losses.push_back({1, s, 1.0});
            for (std::size_t g = 0; g < groups; ++g)
                record.gradNorms.push_back(g == 2 ? std::pow(10.0, 3.0 - 13.0 * double(s) / 5000)
                                                  : 0.5 + 0.01 * std::sin(double(s * 7 + g)));
        }
    };
    const auto texts = [&](quint64 runId) {
        RunRecord copy = record;
        copy.runId = runId;
        return hoverTexts(FigureKind::Gradients, figureDataFor(copy), {800, 500});
    };
    grow(3000);
    {
        const QSet<QString> a = texts(42), b = texts(0);
        QStringList only;
        for (const QString &t : a - b)
            only << "live: " + t;
        for (const QString &t : b - a)
            only << "direct: " + t;
        QVERIFY2(only.isEmpty(), qPrintable(only.join("\n")));
    }
    grow(5000); // the run went on: the sums are extended, not rebuilt
    const QSet<QString> live = texts(42), direct = texts(0);
    QVERIFY(!live.isEmpty());
    QCOMPARE(live, direct);
}

void TestFamilyFigures::positionsShowEveryEncoding()
{
    // ALiBi: the bias of head 1 as a matrix, every head's line by offset.
    RunRecord alibi = familyRecord();
    alibi.config.encoding = EncodingKind::Alibi;
    NdArray bias{{kHeads, kLength, kLength}, {}};
    for (std::int64_t h = 0; h < kHeads; ++h)
        for (std::int64_t q = 0; q < kLength; ++q)
            for (std::int64_t k = 0; k < kLength; ++k)
                bias.values.push_back(-0.5 * double(h + 1) * double(std::abs(q - k)));
    alibi.encoding.insert(QStringLiteral("alibi_bias"), bias);
    const FigureData alibiData = figureDataFor(alibi);
    const std::vector<FigureKind> kinds = figureKindsFor(alibiData);
    QVERIFY(std::find(kinds.begin(), kinds.end(), FigureKind::Positions) != kinds.end());
    QVERIFY(std::find(kinds.begin(), kinds.end(), FigureKind::Pca) == kinds.end()); // no table
    const QString text = svgText(
        renderFigureBytes(FigureKind::Positions, alibiData, FigureFormat::Svg, QSize(1600, 1000)));
    for (const char *expected : {"head 1's score bias", "head 1", "head 2", "offset between"})
        QVERIFY2(text.contains(QLatin1String(expected)), expected);
    const QSet<QString> hovers = hoverTexts(FigureKind::Positions, alibiData, {800, 500}, 1);
    QVERIFY(
        hovers.contains(QStringLiteral("positions 3 and 1 \u00b7 head 1's score bias \u22121")));
    QVERIFY(hovers.contains(
        QStringLiteral("head 2: offset between positions 3 \u00b7 score bias \u22123")));

    // A learned table: the cosine similarity of its rows, the untrained rows marked.
    RunRecord table = familyRecord();
    table.config.seqLen = 3;
    table.embedding = Matrix{4, 2, {1, 0, 0, 1, -1, 0, 0, -1}};
    const QSet<QString> cells =
        hoverTexts(FigureKind::Positions, figureDataFor(table), {800, 500}, 1);
    QVERIFY(cells.contains(QStringLiteral("positions 0 and 2 \u00b7 cosine similarity \u22121")));
    QVERIFY(cells.contains(QStringLiteral("positions 1 and 0 \u00b7 cosine similarity 0")));
    // No encoding: said, not drawn.
    RunRecord none = familyRecord();
    none.config.encoding = EncodingKind::None;
    const QString noneText = svgText(renderFigureBytes(FigureKind::Positions, figureDataFor(none),
                                                       FigureFormat::Svg, QSize(1600, 1000)));
    QVERIFY2(noneText.contains(QStringLiteral("no positional encoding")), qPrintable(noneText));
}

void TestFamilyFigures::principalComponentsOrderThePositions()
{
    // Points on a line (d = 3), in order: one component explains all of it, and its scores
    // grow with the position whichever way the line points.
    for (const double direction : {1.0, -1.0}) {
        std::vector<double> rows;
        for (int i = 0; i < 10; ++i)
            for (double v : {1.0, 2.0, -0.5})
                rows.push_back(direction * v * i + 3.0);
        const PcaResult line = principalComponents(rows, 10, 3);
        QVERIFY(std::abs(line.firstShare - 1) < 1e-9);
        QVERIFY(line.secondShare < 1e-9);
        for (int i = 1; i < 10; ++i)
            QVERIFY(line.first[std::size_t(i)] > line.first[std::size_t(i - 1)]);
    }
    // A circle: two equal directions.
    std::vector<double> circle;
    for (int i = 0; i < 64; ++i)
        for (double v : {std::cos(2 * M_PI * i / 64), std::sin(2 * M_PI * i / 64)})
            circle.push_back(v);
    const PcaResult round = principalComponents(circle, 64, 2);
    QVERIFY(std::abs(round.firstShare - 0.5) < 1e-6);
    QVERIFY(std::abs(round.secondShare - 0.5) < 1e-6);
}

void TestFamilyFigures::deepStackLegendNamesFirstAndLastLayer()
{
    // 8 layers: coloured by depth, only layer 1 and layer 8 in the legend (8 entries would
    // cover the plot); 2 layers: both named.
    RunRecord deep = familyRecord();
    deep.config.layers = 8;
    for (ProbePoint &probe : deep.probes)
        probe.values[QStringLiteral("attention_entropy")] =
            NdArray{{8, 1}, {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2}};
    const QString text = svgText(renderFigureBytes(FigureKind::Entropy, figureDataFor(deep),
                                                   FigureFormat::Svg, QSize(1600, 1000)));
    QVERIFY2(text.contains(QStringLiteral("layer 1 ")) && text.contains(QStringLiteral("layer 8")),
             qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("layer 4")), qPrintable(text));
    const QString shallow = svgText(renderFigureBytes(
        FigureKind::Entropy, figureDataFor(familyRecord()), FigureFormat::Svg, QSize(1600, 1000)));
    QVERIFY(shallow.contains(QStringLiteral("layer 1 ")) &&
            shallow.contains(QStringLiteral("layer 2")));
}

QTEST_MAIN(TestFamilyFigures)
#include "tst_familyfigures.moc"
