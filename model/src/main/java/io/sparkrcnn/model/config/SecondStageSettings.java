package io.sparkrcnn.model.config;

/**
 * The {@code second_stage_*} settings of {@code model.faster_rcnn} and the RoI crop they use: RoI align to
 * {@code cropSize} (the reference's {@code initial_crop_size}) then a {@code poolKernel}/{@code poolStride} max-pool
 * ({@code maxpool_kernel_size}, {@code maxpool_stride}), the box head's L2 ({@code l2}, of its fc hyperparams), the RoI
 * sample of its loss ({@code batchSize}, {@code positiveFraction} as {@code second_stage_balance_fraction}) and its
 * loss weights.
 */
public record SecondStageSettings(int cropSize, int poolKernel, int poolStride, double l2, int batchSize,
    double positiveFraction, double localizationWeight, double classificationWeight) {}
