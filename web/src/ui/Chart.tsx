/**
 * Every chart of the workbench: Chart.js, loaded on first use (it is not part of the first page's
 * JavaScript). The canvas is described for screen readers by its label, and the same numbers are
 * offered as a table under a disclosure, so nothing is shown only as a picture.
 */
import { useEffect, useRef, useState } from 'react';
import type { Chart as ChartInstance, ChartConfiguration } from 'chart.js';
import { useT } from '../i18n/index.tsx';

let chartModule: Promise<typeof import('chart.js/auto')> | undefined;
/** Chart.js with every controller registered, fetched once. */
export function loadChartJs(): Promise<typeof import('chart.js/auto')> {
  return (chartModule ??= import('chart.js/auto'));
}

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export function Chart({ config, label, table, height = 260 }: { config: ChartConfiguration; label: string; table?: ChartTable; height?: number }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartInstance | undefined>(undefined);
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    loadChartJs().then(
      ({ default: ChartJs }) => {
        if (cancelled || !canvas.current) return;
        chart.current?.destroy();
        chart.current = new ChartJs(canvas.current, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
      },
      (err: Error) => setFailed(err.message),
    );
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = undefined;
    };
  }, [config]);

  return (
    <figure className="chart">
      <div style={{ position: 'relative', height }}>
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <figcaption className="muted">{label}</figcaption>
      {failed ? <p className="problem">{t('state.error', { detail: failed })}</p> : null}
      {table ? (
        <details>
          <summary>{t('chart.asTable')}</summary>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  );
}
