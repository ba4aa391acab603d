import { describe, expect, it } from 'vitest';
import { startProgress } from './progress.js';

describe('startProgress', () => {
  it('rewrites one line on a terminal and writes a few lines otherwise', () => {
    let tty = '';
    const p = startProgress({ isTTY: true, write: (s: string) => (tty += s) }, 'rows', 2000);
    p.update(1000);
    p.finish();
    expect(tty).toBe('\rrows 1,000/2,000\rrows 2,000/2,000\n');
    let log = '';
    const q = startProgress({ write: (s: string) => (log += s) }, 'rows', 100);
    for (let i = 0; i < 100; i++) q.update(i);
    q.finish();
    expect(log.trim().split('\n')).toEqual(['rows 0/100', 'rows 25/100', 'rows 50/100', 'rows 75/100', 'rows 100/100']);
    let mb = '';
    const r = startProgress({ write: (s: string) => (mb += s) }, 'reading a.csv', 340, 'MB');
    r.finish();
    expect(mb).toBe('reading a.csv 340/340 MB\n');
  });
});
