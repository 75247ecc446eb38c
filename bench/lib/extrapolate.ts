/**
 * Server CPU at a viewer count the machine cannot hold, from two windows of one server process:
 * idle (the rooms playing, no viewer connected) and loaded (`viewers` connected). Linear: the idle
 * CPU plus what each viewer added, times the target. A straight line is what the measurements
 * support and no more; bench/README.md says where it may bend.
 */
export interface CpuMeasurement {
  /** Server CPU with no viewer connected, in cores. */
  readonly idleCores: number;
  /** Server CPU with `viewers` connected, in cores. */
  readonly loadedCores: number;
  readonly viewers: number;
}

/** CPU each connected viewer adds, in cores. */
export function coresPerViewer(m: CpuMeasurement): number {
  return m.viewers > 0 ? (m.loadedCores - m.idleCores) / m.viewers : NaN;
}

/** Server CPU at `target` viewers, in cores: idle + per-viewer × target. */
export function extrapolatedCores(m: CpuMeasurement, target: number): number {
  return m.idleCores + coresPerViewer(m) * target;
}
