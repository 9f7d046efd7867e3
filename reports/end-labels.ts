import type { Plot } from "./plot.js";

/**
 * Places labels along one axis at least `gap` apart, in the order of where they want to be
 * (`wanted`, pixels), each as near its own place as that allows (least squares), and within
 * [`low`, `high`] where there is room for all of them. Lines of policy variants that end at about
 * the same value (two variants that treat A and B alike) would otherwise write their names over
 * each other. Returns the places in the order of `wanted`.
 *
 * With the labels sorted, label k at z_k + k·gap for a non-decreasing z keeps every gap; the z
 * nearest to wanted_k − k·gap is its isotonic regression (pool adjacent violators), and clamping
 * a non-decreasing z to bounds keeps it non-decreasing and nearest within them.
 */
export function spreadLabels(
  wanted: readonly number[],
  gap: number,
  low = -Infinity,
  high = Infinity,
): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b] || a - b);
  // Blocks of pooled labels: their sum of z and their count.
  const sums: number[] = [];
  const counts: number[] = [];
  order.forEach((i, k) => {
    sums.push(wanted[i] - k * gap);
    counts.push(1);
    while (sums.length > 1) {
      const n = sums.length;
      if (sums[n - 2] / counts[n - 2] <= sums[n - 1] / counts[n - 1]) break;
      sums[n - 2] += sums[n - 1];
      counts[n - 2] += counts[n - 1];
      sums.pop();
      counts.pop();
    }
  });
  const top = high - (order.length - 1) * gap;
  const clamp = (z: number) => (low <= top ? Math.min(Math.max(z, low), top) : z);
  const placed = new Array<number>(wanted.length);
  let k = 0;
  sums.forEach((sum, b) => {
    const z = clamp(sum / counts[b]);
    for (let j = 0; j < counts[b]; j++, k++) placed[order[k]] = z + k * gap;
  });
  return placed;
}

/**
 * A render transform for a text mark whose labels stand beside the ends of lines: moves them
 * apart vertically (see spreadLabels), so that no two are written over each other: up to the top
 * edge of the chart (into the margin above the frame, where nothing else is at the right) and
 * down to the x axis.
 */
export function spreadY(gap: number): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const y = Array.from(values.y ?? [], Number);
    const placed = spreadLabels(
      index.map((i) => y[i]),
      gap,
      gap / 2,
      dimensions.height - dimensions.marginBottom,
    );
    index.forEach((i, k) => {
      y[i] = placed[k];
    });
    return next ? next(index, scales, { ...values, y } as Plot.ChannelValues, dimensions, context) : null;
  };
}
