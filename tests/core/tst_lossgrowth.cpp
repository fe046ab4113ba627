// SPDX-License-Identifier: MIT
// A loss that blows up but stays finite: found from 11 losses, told in the CLI and figures.
#include "LossGrowth.h"
#include "TestSupport.h"

#include <QtTest>

#include <cmath>

using namespace pelab;
using namespace pelab::test;

namespace {

std::vector<LossPoint> losses(const std::vector<double> &values)
{
    std::vector<LossPoint> points;
    for (std::size_t i = 0; i < values.size(); ++i)
        points.push_back({1, std::int64_t(i + 1), values[i]});
    return points;
}

} // namespace

class TestLossGrowth : public QObject {
    Q_OBJECT
private slots:
    void fallingOrFlatLossIsFine();
    void growthByOrdersOfMagnitudeIsABlowUp();
    void oneNoisyBatchIsNot();
    void tooShortOrNonFiniteSaysNothing();
    void cliWarnsButFinishes();
    void optimizerOverflowIsABlowUp();
    void cliNamesTheOverflowedState();
};

void TestLossGrowth::fallingOrFlatLossIsFine()
{
    std::vector<double> falling;
    for (int i = 0; i < 100; ++i)
        falling.push_back(2.77 * std::exp(-i / 10.0));
    QVERIFY(!lossBlowUp(losses(falling)));
    QVERIFY(!lossBlowUp(losses(std::vector<double>(50, 1.0))));
    // 99-fold is not yet two orders of magnitude.
    std::vector<double> rising(20, 0.5);
    std::fill(rising.begin() + 1, rising.end(), 49.5);
    QVERIFY(!lossBlowUp(losses(rising)));
}

void TestLossGrowth::growthByOrdersOfMagnitudeIsABlowUp()
{
    std::vector<double> values = {0.25};
    for (int i = 1; i < 30; ++i)
        values.push_back(1e12);
    const auto growth = lossBlowUp(losses(values));
    QVERIFY(growth);
    QCOMPARE(growth->factor, 4e12);
    QCOMPARE(growth->firstLoss, 0.25);
    QCOMPARE(growth->latestLoss, 1e12);
    QCOMPARE(growth->step, std::int64_t(30));
    QCOMPARE(lossBlowUpMessage(*growth, 100000),
             QStringLiteral("The loss grew 4e+12-fold (from 0.25 at the first step to 1e+12 by "
                            "step 30) without becoming infinite: training is blowing up, not "
                            "learning. Lower the learning rate (now 100000.0) and start again."));
    QCOMPARE(lossBlowUpLabel(*growth),
             QStringLiteral("Loss grew 4e+12-fold: the learning rate is too high"));
}

void TestLossGrowth::oneNoisyBatchIsNot()
{
    // One batch at 500x among ten: the mean of the latest ten is 50.9x.
    std::vector<double> values(30, 1.0);
    values.back() = 500;
    QVERIFY(!lossBlowUp(losses(values)));
}

void TestLossGrowth::tooShortOrNonFiniteSaysNothing()
{
    QVERIFY(!lossBlowUp(losses({1, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9})));
    std::vector<double> values(20, 1e9);
    values.front() = 1;
    values.back() = INFINITY; // diverged: the divergence check's business
    QVERIFY(!lossBlowUp(losses(values)));
    values.back() = 1e9;
    values.front() = 0; // nothing to compare with
    QVERIFY(!lossBlowUp(losses(values)));
}

void TestLossGrowth::cliWarnsButFinishes()
{
    // Adam at lr 1e5 on the seed's model: the loss jumps by 13 decades and stays finite. The
    // run completes and writes its files, but exits 3 (its own code: not 0, not diverged).
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("run"));
    const ProcessResult blown = runProcess(
        pelabBinary(), {QStringLiteral("train"), QStringLiteral("--lr"), QStringLiteral("100000"),
                        QStringLiteral("--epochs"), QStringLiteral("5"), QStringLiteral("--quiet"),
                        QStringLiteral("--out"), out});
    QCOMPARE(blown.exitCode, 3);
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/loss.csv")));
    QVERIFY2(blown.err.contains("pelab: warning: The loss grew "), blown.err.constData());
    QVERIFY(blown.err.contains("Lower the learning rate (now 100000.0)"));
    // The notebook's own run says nothing.
    const ProcessResult fine =
        runProcess(pelabBinary(), {QStringLiteral("train"), QStringLiteral("--quiet")});
    QCOMPARE(fine.exitCode, 0);
    QVERIFY2(!fine.err.contains("warning"), fine.err.constData());
}

void TestLossGrowth::optimizerOverflowIsABlowUp()
{
    const std::vector<LossPoint> flat = losses(std::vector<double>(30, 1.0));
    QVERIFY(!blowUp(flat, std::nullopt));
    const OptimizerOverflow overflow{12, QStringLiteral("block.0.attn.q.weight"),
                                     QStringLiteral("exp_avg_sq")};
    // The loss stayed flat, but the state overflowed: a blow-up all the same.
    const auto found = blowUp(flat, overflow);
    QVERIFY(found && !found->growth && found->overflow == overflow);
    QCOMPARE(
        blowUpLabel(*found),
        QStringLiteral("Optimizer state overflowed at step 12: the learning rate is too high"));
    QCOMPARE(blowUpMessage(*found, 0.5),
             QStringLiteral("Adam's running mean of squared gradients (exp_avg_sq) for "
                            "block.0.attn.q.weight overflowed to infinity at step 12: from then "
                            "on the weights whose entries overflowed get no update (their step "
                            "divides by infinity), so they no longer train. Lower the learning "
                            "rate (now 0.5) and start again."));
    // Another state: its updates are not numbers any more.
    const auto momentum = blowUp(flat, OptimizerOverflow{3, QStringLiteral("head.weight"),
                                                         QStringLiteral("momentum_buffer")});
    QVERIFY(blowUpMessage(*momentum, 0.5)
                .startsWith(QStringLiteral("The optimizer's momentum_buffer for head.weight "
                                           "became infinite or NaN at step 3: ")));
    // A run that diverged is not a blow-up, whatever its state did: the divergence says it.
    std::vector<double> diverged(30, 1.0);
    diverged.back() = NAN;
    QVERIFY(!blowUp(losses(diverged), overflow));
    // Both: the growth leads the label; the message tells both, with the advice once.
    std::vector<double> values(30, 1e12);
    values.front() = 0.25;
    const auto both = blowUp(losses(values), overflow);
    QVERIFY(both && both->growth && both->overflow);
    QCOMPARE(blowUpLabel(*both), lossBlowUpLabel(*both->growth));
    const QString message = blowUpMessage(*both, 0.5);
    QVERIFY(message.startsWith(lossBlowUpMessage(*both->growth, 0.5)));
    QVERIFY(message.contains(QStringLiteral("(exp_avg_sq) for block.0.attn.q.weight")));
    QCOMPARE(message.count(QStringLiteral("Lower the learning rate")), 1);
    // Only the growth: as before.
    const auto growth = blowUp(losses(values), std::nullopt);
    QCOMPARE(blowUpMessage(*growth, 0.5), lossBlowUpMessage(*growth->growth, 0.5));
}

void TestLossGrowth::cliNamesTheOverflowedState()
{
    // Adam at lr 1e7 on the seed's model: at step 2 the head weight's gradient passes 1e19,
    // its exp_avg_sq becomes infinite and the weight stops moving (PyTorch does the same:
    // tst_parity). The loss stays finite; exit 3 with both findings named.
    const ProcessResult blown =
        runProcess(pelabBinary(),
                   {QStringLiteral("train"), QStringLiteral("--lr"), QStringLiteral("1e7"),
                    QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--quiet")});
    QCOMPARE(blown.exitCode, 3);
    QVERIFY2(blown.err.contains("(exp_avg_sq) for head.weight overflowed to infinity at step 2"),
             blown.err.constData());
    QVERIFY2(blown.err.contains("The loss grew "), blown.err.constData());
}

QTEST_MAIN(TestLossGrowth)
#include "tst_lossgrowth.moc"
