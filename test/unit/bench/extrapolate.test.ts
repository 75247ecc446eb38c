import { describe, expect, it } from 'vitest';
import { coresPerViewer, extrapolatedCores } from '../../../bench/lib/extrapolate';

describe('server CPU extrapolated to more viewers', () => {
  const m = { idleCores: 0.02, loadedCores: 0.21, viewers: 19_000 };

  it('charges each viewer what the loaded window added over idle', () => {
    expect(coresPerViewer(m)).toBeCloseTo(0.00001, 12);
  });

  it('is the idle CPU plus the per-viewer CPU times the target', () => {
    expect(extrapolatedCores(m, 50_000)).toBeCloseTo(0.52, 10);
  });

  it('gives back the measurement at the measured count', () => {
    expect(extrapolatedCores(m, 19_000)).toBeCloseTo(0.21, 12);
  });

  it('has nothing to say without viewers', () => {
    expect(extrapolatedCores({ ...m, viewers: 0 }, 50_000)).toBeNaN();
  });
});
