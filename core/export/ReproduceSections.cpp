// SPDX-License-Identifier: MIT
#include "export/ReproduceSections.h"

#include "PythonFloat.h"
#include "TrainingSession.h"

namespace pelab {

namespace {

QString number(double value)
{
    return formatPythonFloat(value);
}

QString optimizerTitle(OptimizerKind kind)
{
    switch (kind) {
    case OptimizerKind::Adam:
        return QStringLiteral("Adam");
    case OptimizerKind::AdamW:
        return QStringLiteral("AdamW");
    case OptimizerKind::Sgd:
        return QStringLiteral("SGD");
    }
    return {};
}

// Only the settings this run uses, so the learner sees what matters and nothing else.
QString settingsCode(const TrainingConfig &c)
{
    QString code;
    if (c.task == TaskKind::PositionSignal)
        code += QStringLiteral("import math\n\n");
    code += QStringLiteral(
        "import torch\n"
        "import torch.nn as nn\n"
        "from torch.utils.data import DataLoader, Dataset  # the seed forgot to import Dataset\n"
        "\n");
    code += QStringLiteral("SEED = %1\n").arg(c.seed);
    code += QStringLiteral("NUM_SAMPLES = %1  # random sequences in the dataset\n").arg(c.samples);
    code += QStringLiteral("SEQUENCE_LENGTH = %1  # positions per sequence\n").arg(c.seqLen);
    code += QStringLiteral("BATCH_SIZE = %1\n").arg(c.batchSize);
    code += QStringLiteral("SHUFFLE = %1\n")
                .arg(c.shuffle ? QStringLiteral("True") : QStringLiteral("False"));
    code += QStringLiteral("EPOCHS = %1\n").arg(c.epochs);
    code += QStringLiteral("LEARNING_RATE = %1\n").arg(number(c.learningRate));
    if (c.optimizer == OptimizerKind::Sgd)
        code += QStringLiteral("MOMENTUM = %1\n").arg(number(c.momentum));
    if (c.optimizer == OptimizerKind::AdamW)
        code += QStringLiteral("WEIGHT_DECAY = %1\n").arg(number(c.weightDecay));
    code += QStringLiteral("\n"
                           "torch.set_num_threads(%1)  # as PE Lab ran it\n"
                           "torch.manual_seed(SEED)")
                .arg(c.threads);
    return code;
}

QString optimizerLine(OptimizerKind kind)
{
    switch (kind) {
    case OptimizerKind::Adam:
        return QStringLiteral("optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)");
    case OptimizerKind::AdamW:
        return QStringLiteral(
            "optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE,\n"
            "                              weight_decay=WEIGHT_DECAY)");
    case OptimizerKind::Sgd:
        return QStringLiteral(
            "optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)");
    }
    return {};
}

QString trainingCode(const TrainingConfig &c)
{
    const bool signal = c.task == TaskKind::PositionSignal;
    QString code =
        QStringLiteral("# Prepare data loader\n"
                       "dataset = RandomSequenceDataset(num_samples=NUM_SAMPLES, "
                       "sequence_length=SEQUENCE_LENGTH)\n"
                       "dataloader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=SHUFFLE)\n"
                       "\n"
                       "# Initialize model and setup training\n"
                       "model = SimpleModel(sequence_length=SEQUENCE_LENGTH)\n");
    code += optimizerLine(c.optimizer) + QStringLiteral("\ncriterion = nn.MSELoss()\n");
    if (signal)
        code += QStringLiteral(
            "\n"
            "# The target adds sin(2*pi*t/L) at position t: one value per position, [L, 1]\n"
            "positions = torch.arange(SEQUENCE_LENGTH, dtype=torch.float32)\n"
            "signal = torch.sin(positions * (2 * math.pi / SEQUENCE_LENGTH)).unsqueeze(1)\n");
    code += QStringLiteral("\n"
                           "# Training loop\n"
                           "for epoch in range(EPOCHS):\n"
                           "    for batch in dataloader:\n"
                           "        optimizer.zero_grad()\n"
                           "        outputs = model(batch)\n");
    code += signal
                ? QStringLiteral("        loss = criterion(outputs, batch + signal)\n")
                : QStringLiteral("        loss = criterion(outputs, torch.zeros_like(outputs))\n");
    code += QStringLiteral("        loss.backward()\n"
                           "        optimizer.step()\n"
                           "    print(f'Epoch {epoch+1}, Loss: {loss.item()}')");
    return code;
}

QString introText(const TrainingConfig &c, const QStringList &printedLines)
{
    QString optimizer = QStringLiteral("%1 at learning rate %2")
                            .arg(optimizerTitle(c.optimizer), number(c.learningRate));
    if (c.optimizer == OptimizerKind::Sgd)
        optimizer += QStringLiteral(" with momentum %1").arg(number(c.momentum));
    if (c.optimizer == OptimizerKind::AdamW)
        optimizer += QStringLiteral(" with weight decay %1").arg(number(c.weightDecay));
    QString text =
        QStringLiteral(
            "This is the seed notebook's code (a learnable positional encoding trained on random "
            "sequences), made complete and filled in with the settings of a PE Lab run: task "
            "`%1`, %2, batch size %3, %4 epochs, seed %5. Run it (`python3 reproduce.py`, or Run "
            "All in Jupyter) and it prints the same `Epoch N, Loss: X` lines as PE Lab, digit "
            "for digit, given the same PyTorch and BLAS library (PE Lab used LibTorch %6 with "
            "BLAS %7).")
            .arg(taskName(c.task), optimizer)
            .arg(c.batchSize)
            .arg(c.epochs)
            .arg(c.seed)
            .arg(torchVersion(), blasName());
    if (!printedLines.isEmpty()) {
        text += QStringLiteral("\n\nPE Lab printed:\n");
        for (const QString &line : printedLines)
            text += QStringLiteral("\n    ") + line;
    }
    return text;
}

QString trainingText(TaskKind task)
{
    const QString loop = QStringLiteral(
        "The seed's training loop: a DataLoader batches (and shuffles) the sequences; each "
        "step computes the mean squared error, backpropagates it and updates the weights, the "
        "positional embeddings included. After each epoch it prints the last batch's loss.");
    if (task == TaskKind::Zeros)
        return loop + QStringLiteral(
                          "\n\nThe target is all zeros, as in the seed. The best a model can do "
                          "then is a zero linear layer, whatever the embedding, so the "
                          "embedding learns no positional pattern.");
    return loop +
           QStringLiteral("\n\nThe target is the input plus a sine over the positions, "
                          "y_t = x_t + sin(2*pi*t/L). The only way to predict it is to know where "
                          "each element sits, so the embedding learns the sine.");
}

} // namespace

std::vector<ScriptSection> reproduceSections(const TrainingConfig &config,
                                             const QStringList &printedLines)
{
    std::vector<ScriptSection> sections;
    sections.push_back({QStringLiteral("intro"),
                        QStringLiteral("Reproduce a PE Lab run in PyTorch"),
                        introText(config, printedLines),
                        {}});
    sections.push_back(
        {QStringLiteral("settings"), QStringLiteral("Settings"),
         QStringLiteral("The run's settings, as in PE Lab's config.json. `torch.manual_seed` "
                        "fixes every random draw that follows (the dataset, the initial "
                        "weights, the shuffling), which is why the losses come out identical."),
         settingsCode(config)});
    sections.push_back(
        {QStringLiteral("dataset"), QStringLiteral("The dataset"),
         QStringLiteral("The seed's RandomSequenceDataset: `num_samples` sequences of "
                        "`sequence_length` numbers drawn from a standard normal distribution, "
                        "with one feature each. `__len__` and `__getitem__` let a DataLoader "
                        "batch them."),
         QStringLiteral(
             "class RandomSequenceDataset(Dataset):\n"
             "    def __init__(self, num_samples=1000, sequence_length=10):\n"
             "        self.data = torch.randn(num_samples, sequence_length, 1)  # Added an "
             "extra dimension for feature\n"
             "\n"
             "    def __len__(self):\n"
             "        return self.data.size(0)\n"
             "\n"
             "    def __getitem__(self, idx):\n"
             "        return self.data[idx]")});
    sections.push_back(
        {QStringLiteral("positional-encoding"), QStringLiteral("The learnable positional encoding"),
         QStringLiteral("The seed's LearnablePositionalEncoding: one learnable number per "
                        "position, initialised at random and added to the element at that "
                        "position. Training adjusts it like any other weight."),
         QStringLiteral("class LearnablePositionalEncoding(nn.Module):\n"
                        "    def __init__(self, sequence_length):\n"
                        "        super().__init__()\n"
                        "        # Initialize positional encodings as a learnable parameter\n"
                        "        self.position_embeddings = nn.Parameter(torch.randn("
                        "sequence_length, 1))\n"
                        "\n"
                        "    def forward(self, x):\n"
                        "        # Add the learned positional encodings to the input sequence\n"
                        "        return x + self.position_embeddings")});
    sections.push_back(
        {QStringLiteral("model"), QStringLiteral("The model"),
         QStringLiteral("The seed's SimpleModel: the positional encoding, then a linear layer "
                        "(nn.Linear(1, 1)) applied to every element."),
         QStringLiteral("class SimpleModel(nn.Module):\n"
                        "    def __init__(self, sequence_length):\n"
                        "        super().__init__()\n"
                        "        self.positional_encoding = LearnablePositionalEncoding("
                        "sequence_length)\n"
                        "        self.fc = nn.Linear(1, 1)  # Simple linear transformation\n"
                        "\n"
                        "    def forward(self, x):\n"
                        "        x = self.positional_encoding(x)\n"
                        "        return self.fc(x)")});
    sections.push_back({QStringLiteral("training"), QStringLiteral("Training"),
                        trainingText(config.task), trainingCode(config)});
    sections.push_back(
        {QStringLiteral("result"), QStringLiteral("The learned positional embedding"),
         QStringLiteral("One row per position: the same values, bit for bit, that PE Lab "
                        "exported to embeddings.npy, embeddings.pt and embeddings.csv. In the "
                        "export folder, `torch.equal(learned_embedding, "
                        "torch.load('embeddings.pt'))` says True."),
         QStringLiteral("learned_embedding = model.positional_encoding.position_embeddings"
                        ".detach()")});
    return sections;
}

} // namespace pelab
