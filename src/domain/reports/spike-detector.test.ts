import { describe, expect, it } from 'vitest';
import { detectSpike, HOURS_PER_WEEK, poissonUpperTail } from './spike-detector.js';

/** A seeded generator, so the synthetic stream is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, r: () => number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Weekly rhythm: busy weekday working hours, quieter evenings, quiet nights and weekends. */
function rate(hourOfWeek: number): number {
  const day = Math.floor(hourOfWeek / 24);
  const hour = hourOfWeek % 24;
  const weekend = day >= 5;
  if (hour < 7) return 0.2;
  if (hour < 9 || hour >= 20) return weekend ? 0.5 : 1;
  return weekend ? 1.5 : day === 0 && hour < 12 ? 6 : 3.5; // Monday mornings are the busiest
}

describe('spike detector', () => {
  it('computes Poisson tails', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(poissonUpperTail(10, 2)).toBeCloseTo(4.65e-5, 6);
    expect(poissonUpperTail(50, 10)).toBeLessThan(1e-15);
  });

  it('flags a planted incident within 3 hours and stays quiet through weeks of normal weekly cycles', () => {
    const r = rng(42);
    const weeks = 9;
    const incidentStart = 8 * HOURS_PER_WEEK + 2 * 24 + 10; // week 9, Wednesday 10:00
    const hourly: number[] = [];
    for (let h = 0; h < weeks * HOURS_PER_WEEK; h++) {
      const incident = h >= incidentStart && h < incidentStart + 12 ? 14 : 0; // "can't place an order" after a redesign
      hourly.push(poisson(rate(h % HOURS_PER_WEEK) + incident, r));
    }
    const alerts: number[] = [];
    for (let h = 4 * HOURS_PER_WEEK + 3; h <= hourly.length; h++) if (detectSpike(hourly.slice(0, h)).alert) alerts.push(h - 1);
    const quiet = alerts.filter((h) => h < incidentStart);
    expect(quiet).toEqual([]); // four weeks and more of ordinary traffic, Monday mornings included
    const first = alerts.find((h) => h >= incidentStart);
    expect(first).toBeDefined();
    expect(first! - incidentStart).toBeLessThan(3);
  });

  it('needs a baseline, and small numbers stay quiet', () => {
    expect(detectSpike(new Array(100).fill(0).concat([5, 5, 5])).alert).toBe(false);
    const calm = new Array(5 * HOURS_PER_WEEK).fill(0);
    calm.push(1, 2, 1);
    expect(detectSpike(calm).alert).toBe(false);
    calm.push(4, 5, 6);
    expect(detectSpike(calm)).toMatchObject({ alert: true, observed: 15 });
  });
});
