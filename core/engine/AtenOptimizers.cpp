// SPDX-License-Identifier: MIT
// torch.optim's single-tensor Adam, AdamW and SGD, op for op (torch/optim/*.py in 1.13).
#include "engine/AtenOptimizers.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>

namespace pelab {

namespace {

// What .grad holds after zero_grad() and backward(): the first step stores the new gradient
// as is; later steps add it onto the zeroed .grad.
class AccumulatedGrads {
public:
    const at::Tensor &accumulate(std::size_t i, const at::Tensor &grad)
    {
        if (m_grads.size() <= i)
            m_grads.resize(i + 1);
        if (!m_grads[i].defined())
            m_grads[i] = grad.clone();
        else
            m_grads[i].zero_().add_(grad);
        return m_grads[i];
    }

private:
    std::vector<at::Tensor> m_grads;
};

// Whether a defined, contiguous float state tensor holds only finite values.
bool finite(const at::Tensor &state)
{
    return !state.defined() || allFinite(state.data_ptr<float>(), std::size_t(state.numel()));
}

// Adam with amsgrad and maximize off: weight decay is grad.add(param, alpha=weight_decay);
// AdamW when `decoupledDecay` (PyTorch's param.mul_(1 - lr * weight_decay) before the moments).
// Parameters whose gradient is undefined (unused in the graph: .grad is None) are skipped, as
// torch.optim skips them.
class AtenAdam final : public Optimizer {
public:
    AtenAdam(std::vector<at::Tensor> params, double learningRate, double weightDecay,
             bool decoupledDecay)
        : Optimizer(learningRate)
        , m_params(std::move(params))
        , m_weightDecay(weightDecay)
        , m_decoupled(decoupledDecay)
    {
        for (const at::Tensor &p : m_params) {
            m_expAvg.push_back(at::zeros_like(p, at::MemoryFormat::Preserve));
            m_expAvgSq.push_back(at::zeros_like(p, at::MemoryFormat::Preserve));
        }
    }

    void step(const std::vector<at::Tensor> &grads) override
    {
        torch::NoGradGuard noGrad;
        // PyTorch keeps `step` in a float32 tensor and reads it back with .item().
        m_step = m_step + 1.0f;
        const double step = double(m_step);
        const double biasCorrection1 = 1 - std::pow(beta1, step);
        const double biasCorrection2 = 1 - std::pow(beta2, step);
        const double stepSize = m_learningRate / biasCorrection1;
        const double biasCorrection2Sqrt = std::sqrt(biasCorrection2);
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (!grads[i].defined())
                continue;
            at::Tensor &param = m_params[i];
            at::Tensor grad = m_grads.accumulate(i, grads[i]);
            if (m_decoupled)
                param.mul_(1 - m_learningRate * m_weightDecay);
            else if (m_weightDecay != 0)
                grad = grad.add(param, m_weightDecay);
            m_expAvg[i].mul_(beta1).add_(grad, 1 - beta1);
            m_expAvgSq[i].mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            const at::Tensor denom = (m_expAvgSq[i].sqrt() / biasCorrection2Sqrt).add_(eps);
            param.addcdiv_(m_expAvg[i], denom, -stepSize);
        }
    }

    std::optional<NonFiniteState> nonFiniteState() const override
    {
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (!finite(m_expAvgSq[i]))
                return NonFiniteState{i, "exp_avg_sq"};
            if (!finite(m_expAvg[i]))
                return NonFiniteState{i, "exp_avg"};
        }
        return std::nullopt;
    }

    static constexpr double beta1 = 0.9;
    static constexpr double beta2 = 0.999;
    static constexpr double eps = 1e-8;

private:
    std::vector<at::Tensor> m_params;
    double m_weightDecay;
    bool m_decoupled;
    float m_step = 0;
    AccumulatedGrads m_grads;
    std::vector<at::Tensor> m_expAvg;
    std::vector<at::Tensor> m_expAvgSq;
};

// SGD with momentum and weight decay; no dampening, no Nesterov.
class AtenSgd final : public Optimizer {
public:
    AtenSgd(std::vector<at::Tensor> params, double learningRate, double momentum,
            double weightDecay)
        : Optimizer(learningRate)
        , m_params(std::move(params))
        , m_momentum(momentum)
        , m_weightDecay(weightDecay)
        , m_buffers(m_params.size())
    {}

    void step(const std::vector<at::Tensor> &grads) override
    {
        torch::NoGradGuard noGrad;
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (!grads[i].defined())
                continue;
            at::Tensor dp = m_grads.accumulate(i, grads[i]);
            if (m_weightDecay != 0)
                dp = dp.add(m_params[i], m_weightDecay);
            if (m_momentum != 0) {
                at::Tensor &buffer = m_buffers[i];
                if (!buffer.defined())
                    buffer = at::clone(dp).detach();
                else
                    buffer.mul_(m_momentum).add_(dp, 1);
                dp = buffer;
            }
            m_params[i].add_(dp, -m_learningRate);
        }
    }

    std::optional<NonFiniteState> nonFiniteState() const override
    {
        for (std::size_t i = 0; i < m_buffers.size(); ++i)
            if (!finite(m_buffers[i]))
                return NonFiniteState{i, "momentum_buffer"};
        return std::nullopt;
    }

private:
    std::vector<at::Tensor> m_params;
    double m_momentum;
    double m_weightDecay;
    AccumulatedGrads m_grads;
    std::vector<at::Tensor> m_buffers;
};

} // namespace

std::unique_ptr<Optimizer> makeAtenOptimizer(const TrainingConfig &config,
                                             std::vector<at::Tensor> params)
{
    return makeOptimizerOf<AtenAdam, AtenSgd>(config, std::move(params));
}

} // namespace pelab
