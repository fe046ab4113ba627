// SPDX-License-Identifier: MIT
#include "ExplainDialog.h"

#include "FamilyViews.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace pelab {

ExplainDialog::ExplainDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("explainDialog"));
    setWindowTitle(tr("What am I looking at?"));
    auto *text = new QTextBrowser;
    text->setObjectName(QStringLiteral("explainText"));
    text->setOpenExternalLinks(false);
    text->setHtml(explanationHtml());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    resize(680, 720);
}

QString ExplainDialog::explanationHtml()
{
    return tr("<h2>The model</h2>"
              "<p>PE Lab trains the small model from the seed notebook. Every training example is "
              "a "
              "sequence of <i>L</i> random numbers x<sub>1</sub> &hellip; x<sub>L</sub> (<i>L</i> "
              "is "
              "the sequence length, 10 in the notebook). The model has two parts:</p>"
              "<ol>"
              "<li>a <b>learnable positional embedding</b> p: one number per position, drawn at "
              "random when training starts and added to the input, x<sub>t</sub> + "
              "p<sub>t</sub>;</li>"
              "<li>a <b>linear layer</b>, the same for every position: y<sub>t</sub> = "
              "w&middot;(x<sub>t</sub> + p<sub>t</sub>) + b.</li>"
              "</ol>"
              "<p>Each step takes a batch of sequences, measures how far y is from the target with "
              "the mean squared error (the <i>loss</i>), and lets the optimizer move p, w and b a "
              "little in the direction that lowers it.</p>"

              "<h2>The views</h2>"
              "<p><b>Loss chart.</b> One point per step: the loss of that batch, drawn faintly, "
              "with "
              "a smoothed curve on top and the mean of each epoch. A falling curve means the model "
              "fits the target better. Use the log scale to see small losses, and change the "
              "learning rate while it runs to see the curve react.</p>"
              "<p><b>Embedding heatmap.</b> One column per position (numbered from 0, as in "
              "PyTorch), "
              "one row per dimension of the embedding (the notebook's model has one, so it is a "
              "single strip). The colour is the value: dark purple is low, yellow is high; the "
              "colour "
              "bar gives the range. <i>Change since initialisation</i> shows p now minus p at the "
              "start: where training actually moved it.</p>"
              "<p><b>Embedding profile.</b> The same values as a curve over the positions, easier "
              "to read than a one-column heatmap. With the position-signal target, the target's "
              "sine "
              "is drawn too.</p>"
              "<p><b>Similarity.</b> How alike each pair of positions is (cosine similarity of "
              "their "
              "embedding vectors). With one dimension every pair is simply +1 or &minus;1, so the "
              "view says so instead of drawing a matrix; it becomes meaningful with wider "
              "embeddings.</p>"

              "<h2>Why the notebook's embedding learns nothing</h2>"
              "<p>The notebook asks the model to output <b>zeros</b>. The input x is random noise "
              "that no embedding can cancel, so the best the model can do is w = 0 and b = 0: it "
              "then "
              "outputs exactly 0 <i>whatever the embedding is</i>. The loss does fall towards "
              "zero, but only because w shrinks.</p>"
              "<p>The gradient that moves p<sub>t</sub> is proportional to w. In the first few "
              "epochs, "
              "while w is still sizeable, every position is pulled towards one common value (the "
              "one "
              "that makes w&middot;p<sub>t</sub> + b zero), so the heatmap shifts a little. Once w "
              "is close to 0 (around epoch 10) the pull vanishes and the embedding freezes. It "
              "ends "
              "as its random start, partly shrunk, with no pattern over positions. A low loss does "
              "not mean the positions learned anything.</p>"

              "<h2>Why the position signal shapes it</h2>"
              "<p>The <b>Position signal</b> preset changes only the target: y<sub>t</sub> = "
              "x<sub>t</sub> + sin(2&pi;t/<i>L</i>). Now the model must output something that "
              "depends on the position, and the linear layer treats every position the same, so "
              "the "
              "embedding is the only place that part can come from. The best model is w = 1 and "
              "p<sub>t</sub> = sin(2&pi;t/<i>L</i>) (up to a constant the bias b can take). Watch "
              "the profile climb onto the target sine: by epoch 10 the two correlate at about "
              "0.998.</p>"
              "<p>That is the lesson of a learnable positional encoding: it learns what the task "
              "needs from positions, and nothing when the task needs nothing.</p>") +
           familyHtml();
}

QString ExplainDialog::familyHtml()
{
    QString html =
        tr("<h2>The transformer family's views</h2>"
           "<p>With one or more <b>Layers</b>, the model is a stack of self-attention blocks and "
           "the tasks are about tokens (copy the token <i>k</i> places back, reverse, sort, "
           "count, a Markov chain). Seven more views then open below the loss chart. Attention, "
           "entropy, rank and accuracy per position are measured on a fixed <i>probe batch</i> "
           "(the first validation sequences) a few hundred times per run; gradients at every "
           "step; accuracy at longer lengths once, when the run ends. Hover over any of them to "
           "read the exact value; right-click to export it as shown.</p>");
    for (const FigureKind kind : FamilyViews::kinds())
        html += QStringLiteral("<p><b>%1.</b> %2</p>")
                    .arg(figureDisplayName(kind).toHtmlEscaped(),
                         FamilyViews::summary(kind).toHtmlEscaped());
    return html;
}

} // namespace pelab
