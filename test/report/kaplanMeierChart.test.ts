// The KM chart: step vertices where the curve drops, a closed band where S reaches 0, numbers at risk.
import { describe, expect, it } from 'vitest';
import { renderKaplanMeierChart } from '../../src/report/svg/kaplanMeierChart.js';

const series = {
  label: 'High <HI>',
  style: { colour: '#882255', dash: '' },
  times: [2, 5, 10],
  survival: [0.5, 0.5, 0],
  lower: [0.1, 0.1, null],
  upper: [0.8, 0.8, null],
  nCensor: [0, 1, 0],
  atRisk: [
    { time: 0, n: 4 },
    { time: 5, n: 2 },
    { time: 10, n: 1 },
  ],
};

describe('renderKaplanMeierChart', () => {
  const svg = renderKaplanMeierChart({
    id: 'km',
    title: 'PFS',
    xTitle: 'Months',
    ticks: [0, 5, 10],
    series: [series],
  });

  it('draws the step curve: x = 110 + t/10·420, y = 30 + (1 − S)·230', () => {
    // (0,1) → (2,1) → (2,0.5) → (5,0.5) → (5,0.5) → (10,0.5) → (10,0)
    expect(svg).toContain(
      'd="M110.0,30.0 L194.0,30.0 L194.0,145.0 L320.0,145.0 L320.0,145.0 L530.0,145.0 L530.0,260.0"',
    );
  });

  it('marks the censoring at t = 5 and closes the band to 0 where the limits are undefined', () => {
    expect(svg).toMatch(/<g class="km-censor"><line x1="320.0" x2="320.0" y1="141.0" y2="149.0"/);
    expect(svg).toContain('530.0,260.0');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('prints numbers at risk under the ticks and escapes the label', () => {
    expect(svg).toContain('>At risk</text>');
    expect(svg).toMatch(/x="110.0" y="\d+" text-anchor="middle">4</);
    expect(svg).toMatch(/x="320.0" y="\d+" text-anchor="middle">2</);
    expect(svg).toContain('High &lt;HI&gt;');
    expect(svg).not.toContain('<HI>');
  });
});
