/** How a city's status is drawn: colour, shape and size differ, so no one has to tell colours apart. */
export const STATUS_STYLE: Record<string, { color: string; shape: 'circle' | 'rectRot' | 'triangle' | 'rect'; size: number; symbol: string }> = {
  member: { color: '#0b5cad', shape: 'circle', size: 3, symbol: '●' },
  observer: { color: '#1a7f37', shape: 'rectRot', size: 2, symbol: '◆' },
  guest: { color: '#b35900', shape: 'triangle', size: 2, symbol: '▲' },
  network: { color: '#0b5cad', shape: 'circle', size: 2, symbol: '◦' },
  applicant: { color: '#6e40c9', shape: 'rect', size: 1, symbol: '■' },
  former: { color: '#57606a', shape: 'rect', size: 1, symbol: '■' },
  none: { color: '#8c959f', shape: 'rect', size: 1, symbol: '□' },
};

export const styleOf = (status: string) => STATUS_STYLE[status] ?? STATUS_STYLE.former!;
