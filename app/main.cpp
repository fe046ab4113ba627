#include "TrainingSession.h"
#include "PythonFloat.h"
#include <cstdio>
using namespace pelab;
int main() {
    setTorchThreads(1);
    TrainingConfig c;
    TrainingSession s(c);
    StepResult r;
    while (!s.isFinished()) { r = s.step(); if (r.epochEnded) std::printf("Epoch %lld, Loss: %s\n", (long long)r.epoch, pythonFloatRepr(r.loss).c_str()); }
    for (float v : s.embedding().values) std::printf("%s ", pythonFloatRepr(v).c_str());
    std::printf("\n");
}
