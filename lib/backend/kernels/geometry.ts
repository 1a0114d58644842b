import type * as tf from "@tensorflow/tfjs";

/** A pooling's geometry (tfjs describes poolings with Conv2DInfo too) in the order the native kernels read it (native/addon.c). */
export function poolGeometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.strideHeight,
    info.strideWidth, info.filterHeight, info.filterWidth, info.padInfo.top, info.padInfo.left, info.batchSize];
}

/** A convolution's geometry in the order the native kernels read it (native/addon.c). */
export function convGeometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left];
}
