// SPDX-License-Identifier: MIT
#include "export/TensorPickle.h"

#include <ATen/ATen.h>
#include <torch/csrc/jit/serialization/pickle.h>

namespace pelab {

QByteArray torchPickleFloat32(const Matrix &matrix)
{
    // from_blob borrows the vector's memory; clone so the saved tensor owns its storage.
    const at::Tensor tensor =
        at::from_blob(const_cast<float *>(matrix.values.data()), {matrix.rows, matrix.cols},
                      at::TensorOptions().dtype(at::kFloat))
            .clone();
    const std::vector<char> bytes = torch::jit::pickle_save(tensor);
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

QByteArray torchPickleStateDict(const std::vector<NamedArray> &entries)
{
    c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
    for (const NamedArray &entry : entries) {
        const at::Tensor values =
            at::tensor(at::ArrayRef<double>(entry.array.values), at::kDouble).to(at::kFloat);
        dict.insert(entry.name.toStdString(), values.reshape(entry.array.shape).contiguous());
    }
    const std::vector<char> bytes = torch::jit::pickle_save(dict);
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

} // namespace pelab
