// SPDX-License-Identifier: MIT
#include "engine/Optimizers.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>

namespace pelab {

void Optimizer::zeroGrad()
{
    for (at::Tensor &p : m_params) {
        at::Tensor grad = p.mutable_grad();
        if (grad.defined())
            grad.zero_();
    }
}

namespace {

// torch.optim.Adam / AdamW (decoupled weight decay), amsgrad off, maximize off.
class Adam final : public Optimizer {
public:
    Adam(std::vector<at::Tensor> params, double learningRate, double weightDecay, bool decoupled)
        : Optimizer(std::move(params), learningRate)
        , m_weightDecay(weightDecay)
        , m_decoupled(decoupled)
    {
        for (const at::Tensor &p : m_params) {
            m_expAvg.push_back(at::zeros_like(p, at::MemoryFormat::Preserve));
            m_expAvgSq.push_back(at::zeros_like(p, at::MemoryFormat::Preserve));
        }
    }

    void step() override
    {
        torch::NoGradGuard noGrad;
        // PyTorch keeps `step` in a float32 tensor and reads it back with .item().
        m_step = m_step + 1.0f;
        const double step = double(m_step);
        const double biasCorrection1 = 1 - std::pow(m_beta1, step);
        const double biasCorrection2 = 1 - std::pow(m_beta2, step);
        const double stepSize = m_learningRate / biasCorrection1;
        const double biasCorrection2Sqrt = std::sqrt(biasCorrection2);
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            at::Tensor &param = m_params[i];
            at::Tensor grad = param.grad();
            if (m_decoupled)
                param.mul_(1 - m_learningRate * m_weightDecay);
            else if (m_weightDecay != 0)
                grad = grad.add(param, m_weightDecay);
            m_expAvg[i].mul_(m_beta1).add_(grad, 1 - m_beta1);
            m_expAvgSq[i].mul_(m_beta2).addcmul_(grad, grad, 1 - m_beta2);
            at::Tensor denom = (m_expAvgSq[i].sqrt() / biasCorrection2Sqrt).add_(m_eps);
            param.addcdiv_(m_expAvg[i], denom, -stepSize);
        }
    }

private:
    const double m_beta1 = 0.9;
    const double m_beta2 = 0.999;
    const double m_eps = 1e-8;
    double m_weightDecay;
    bool m_decoupled;
    float m_step = 0;
    std::vector<at::Tensor> m_expAvg;
    std::vector<at::Tensor> m_expAvgSq;
};

// torch.optim.SGD with momentum, no dampening, no Nesterov, no weight decay.
class Sgd final : public Optimizer {
public:
    Sgd(std::vector<at::Tensor> params, double learningRate, double momentum)
        : Optimizer(std::move(params), learningRate)
        , m_momentum(momentum)
        , m_buffers(m_params.size())
    {
    }

    void step() override
    {
        torch::NoGradGuard noGrad;
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            at::Tensor &param = m_params[i];
            at::Tensor dp = param.grad();
            if (m_momentum != 0) {
                at::Tensor &buffer = m_buffers[i];
                if (!buffer.defined())
                    buffer = at::clone(dp).detach();
                else
                    buffer.mul_(m_momentum).add_(dp, 1);
                dp = buffer;
            }
            param.add_(dp, -m_learningRate);
        }
    }

private:
    double m_momentum;
    std::vector<at::Tensor> m_buffers;
};

} // namespace

std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config,
                                         std::vector<at::Tensor> params)
{
    switch (config.optimizer) {
    case OptimizerKind::Adam:
        return std::make_unique<Adam>(std::move(params), config.learningRate, 0.0, false);
    case OptimizerKind::AdamW:
        return std::make_unique<Adam>(std::move(params), config.learningRate,
                                      config.weightDecay, true);
    case OptimizerKind::Sgd:
        return std::make_unique<Sgd>(std::move(params), config.learningRate, config.momentum);
    }
    return nullptr;
}

} // namespace pelab
