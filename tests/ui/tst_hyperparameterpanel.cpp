// SPDX-License-Identifier: MIT
// The hyperparameter panel on its own: editors, tooltips, validation, stale-run marking.
#include "HyperparameterPanel.h"
#include "LearningRateEdit.h"
#include "Presets.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using namespace pelab;
using namespace pelab::test;

Q_DECLARE_METATYPE(pelab::TrainingConfig)

class TestHyperparameterPanel : public QObject {
    Q_OBJECT

private slots:
    void configRoundTrips_data();
    void configRoundTrips();
    void everyFieldHasEditorAndToolTip_data();
    void everyFieldHasEditorAndToolTip();
    void invalidValueIsMarkedAndExplained_data();
    void invalidValueIsMarkedAndExplained();
    void validityChangesOnlyOnTransitions();
    void optimizerEnablesItsOwnFields_data();
    void optimizerEnablesItsOwnFields();
    void learningRateSliderIsLogarithmic();
    void onlyValidRatesAreAnnounced();
    void editsDuringRunMarkStale_data();
    void editsDuringRunMarkStale();

private:
    static QWidget *editor(HyperparameterPanel &panel, const char *name)
    {
        return panel.findChild<QWidget *>(QLatin1String(name));
    }
};

void TestHyperparameterPanel::configRoundTrips_data()
{
    QTest::addColumn<TrainingConfig>("config");
    for (const Preset &preset : presets())
        QTest::newRow(qPrintable(preset.id)) << preset.config;
    TrainingConfig edges;
    edges.samples = limits::maxSamples;
    edges.seed = limits::maxSeed;
    edges.optimizer = OptimizerKind::Sgd;
    edges.momentum = 0.95;
    edges.learningRate = 3e-5;
    edges.shuffle = false;
    edges.threads = 4;
    QTest::newRow("largest seed and samples, sgd") << edges;
    TrainingConfig adamw;
    adamw.optimizer = OptimizerKind::AdamW;
    adamw.weightDecay = 0.125;
    adamw.learningRate = 0.5;
    adamw.seqLen = 64;
    QTest::newRow("adamw") << adamw;
}

void TestHyperparameterPanel::configRoundTrips()
{
    QFETCH(TrainingConfig, config);
    HyperparameterPanel panel;
    panel.setConfig(config);
    QCOMPARE(panel.config(), config);
    // The panel judges a config exactly as the core does.
    QCOMPARE(panel.isValid(), config.isValid());
}

void TestHyperparameterPanel::everyFieldHasEditorAndToolTip_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name :
         {"samplesSpin", "seqLenSpin", "batchSizeSpin", "epochsSpin", "optimizerCombo", "lrEdit",
          "lrSlider", "momentumSpin", "weightDecaySpin", "seedSpin", "taskCombo", "shuffleCheck",
          "threadsSpin"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestHyperparameterPanel::everyFieldHasEditorAndToolTip()
{
    QFETCH(QString, name);
    HyperparameterPanel panel;
    auto *widget = panel.findChild<QWidget *>(name);
    QVERIFY(widget);
    // The slider explains its scale; the others say what the setting does.
    const QString tip =
        widget->toolTip().isEmpty() ? widget->parentWidget()->toolTip() : widget->toolTip();
    QVERIFY2(tip.size() > 40, qPrintable(tip));
}

void TestHyperparameterPanel::invalidValueIsMarkedAndExplained_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("samples 0") << "samplesSpin"
                               << "samples"
                               << "0"
                               << "from 1 to 1000000000";
    QTest::newRow("samples huge") << "samplesSpin"
                                  << "samples"
                                  << "1000000001"
                                  << "from 1 to 1000000000";
    QTest::newRow("seq len 0") << "seqLenSpin"
                               << "seq_len"
                               << "0"
                               << "from 1 to 1000000";
    QTest::newRow("batch size 0") << "batchSizeSpin"
                                  << "batch_size"
                                  << "0"
                                  << "from 1 to 1000000";
    QTest::newRow("epochs empty") << "epochsSpin"
                                  << "epochs"
                                  << ""
                                  << "whole number";
    QTest::newRow("lr negative") << "lrEdit"
                                 << "lr"
                                 << "-0.1"
                                 << "greater than 0";
    QTest::newRow("lr garbage") << "lrEdit"
                                << "lr"
                                << "1e-"
                                << "greater than 0";
    QTest::newRow("seed past 2^53") << "seedSpin"
                                    << "seed"
                                    << "9007199254740992"
                                    << "9007199254740991";
    QTest::newRow("threads 257") << "threadsSpin"
                                 << "threads"
                                 << "257"
                                 << "from 1 to 256";
}

void TestHyperparameterPanel::invalidValueIsMarkedAndExplained()
{
    QFETCH(QString, name);
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, reason);
    HyperparameterPanel panel;
    panel.show();
    QWidget *input = panel.findChild<QWidget *>(name);
    QVERIFY(typeInto(input, text));

    QVERIFY(!panel.isValid());
    QCOMPARE(panel.issues().size(), std::size_t(1));
    QCOMPARE(panel.issues().front().field, field);
    auto *error = panel.findChild<QLabel *>(QStringLiteral("configErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(reason), qPrintable(error->text()));
    QWidget *marked = panel.editor(field);
    QVERIFY(marked->property("invalid").toBool());
    auto *marker = textFieldOf(input)->findChild<QAction *>(QStringLiteral("invalidMarker"));
    QVERIFY(marker && marker->isVisible());

    panel.setConfig(TrainingConfig{});
    QVERIFY(panel.isValid());
    QVERIFY(!error->isVisible());
    QVERIFY(!marked->property("invalid").toBool());
    QVERIFY(!marker->isVisible());
}

void TestHyperparameterPanel::validityChangesOnlyOnTransitions()
{
    HyperparameterPanel panel;
    QSignalSpy validity(&panel, &HyperparameterPanel::validityChanged);
    QVERIFY(typeInto(editor(panel, "batchSizeSpin"), QStringLiteral("0")));
    QVERIFY(typeInto(editor(panel, "samplesSpin"), QStringLiteral("0")));
    QCOMPARE(validity.count(), 1);
    QCOMPARE(validity.last().first().toBool(), false);
    QCOMPARE(panel.issues().size(), std::size_t(2));
    panel.setConfig(TrainingConfig{});
    QCOMPARE(validity.count(), 2);
    QCOMPARE(validity.last().first().toBool(), true);
}

void TestHyperparameterPanel::optimizerEnablesItsOwnFields_data()
{
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<bool>("momentum");
    QTest::addColumn<bool>("weightDecay");
    QTest::newRow("adam") << int(OptimizerKind::Adam) << false << false;
    QTest::newRow("adamw") << int(OptimizerKind::AdamW) << false << true;
    QTest::newRow("sgd") << int(OptimizerKind::Sgd) << true << false;
}

void TestHyperparameterPanel::optimizerEnablesItsOwnFields()
{
    QFETCH(int, optimizer);
    QFETCH(bool, momentum);
    QFETCH(bool, weightDecay);
    HyperparameterPanel panel;
    auto *combo = panel.findChild<QComboBox *>(QStringLiteral("optimizerCombo"));
    combo->setCurrentIndex(combo->findData(optimizer));
    QCOMPARE(int(panel.config().optimizer), optimizer);
    QCOMPARE(editor(panel, "momentumSpin")->isEnabled(), momentum);
    QCOMPARE(editor(panel, "weightDecaySpin")->isEnabled(), weightDecay);
}

void TestHyperparameterPanel::learningRateSliderIsLogarithmic()
{
    HyperparameterPanel panel;
    auto *slider = panel.findChild<QSlider *>(QStringLiteral("lrSlider"));
    auto *edit = textFieldOf(editor(panel, "lrEdit"));
    constexpr int decade = LearningRateEdit::sliderStepsPerDecade;
    // 0.01 is two decades below 1.
    QCOMPARE(edit->text(), QStringLiteral("0.01"));
    QCOMPARE(slider->value(), -2 * decade);
    slider->setValue(-3 * decade);
    QCOMPARE(edit->text(), QStringLiteral("0.001"));
    QCOMPARE(panel.config().learningRate, 0.001);
    // Between decades the slider lands on two significant digits: 10^-2.5 -> 0.0032.
    slider->setValue(-2 * decade - decade / 2);
    QCOMPARE(panel.config().learningRate, 0.0032);
    QVERIFY(typeInto(edit, QStringLiteral("0.1")));
    QCOMPARE(slider->value(), -decade);
}

void TestHyperparameterPanel::onlyValidRatesAreAnnounced()
{
    HyperparameterPanel panel;
    QSignalSpy rates(&panel, &HyperparameterPanel::learningRateEdited);
    QVERIFY(typeInto(editor(panel, "lrEdit"), QStringLiteral("0.003")));
    // "0", "0.", "0.0", "0.00" are not rates; only the finished number is announced.
    QCOMPARE(rates.count(), 1);
    QCOMPARE(rates.first().first().toDouble(), 0.003);
}

void TestHyperparameterPanel::editsDuringRunMarkStale_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label"); // empty: applies live, not stale
    QTest::newRow("learning rate") << "lrEdit"
                                   << "0.02" << QString();
    QTest::newRow("epochs") << "epochsSpin"
                            << "12"
                            << "Epochs";
    QTest::newRow("seed") << "seedSpin"
                          << "3"
                          << "Random seed";
    QTest::newRow("batch size") << "batchSizeSpin"
                                << "8"
                                << "Batch size";
}

void TestHyperparameterPanel::editsDuringRunMarkStale()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QString, label);
    HyperparameterPanel panel;
    panel.show();
    panel.setRunConfig(panel.config());
    auto *stale = panel.findChild<QLabel *>(QStringLiteral("staleLabel"));
    QVERIFY(!stale->isVisible());
    QSignalSpy staleChanged(&panel, &HyperparameterPanel::staleChanged);
    QVERIFY(typeInto(panel.findChild<QWidget *>(name), text));
    QCOMPARE(panel.isStale(), !label.isEmpty());
    QCOMPARE(stale->isVisible(), !label.isEmpty());
    if (!label.isEmpty()) {
        QVERIFY(stale->text().contains(label));
        QVERIFY(stale->text().contains(QStringLiteral("restart to apply"), Qt::CaseInsensitive));
        QCOMPARE(staleChanged.count(), 1);
    }
    panel.setRunConfig(std::nullopt); // the run ended: nothing is stale
    QVERIFY(!panel.isStale());
    QVERIFY(!stale->isVisible());
}

QTEST_MAIN(TestHyperparameterPanel)
#include "tst_hyperparameterpanel.moc"
