/** A QR code as one SVG path (uqr encodes; we draw), so it stays sharp at any projector size. */
import { encode } from 'uqr';

export interface QrDrawing {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** One `M x y h n v1 h -n z` run per horizontal stretch of dark modules. */
  path: string;
}

export function qrDrawing(text: string): QrDrawing {
  // M: survives a smudged screen or a glare spot; border 4 is the quiet zone the standard asks for.
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let path = '';
  data.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      const n = x - start + 1;
      path += `M${start} ${y}h${n}v1h-${n}z`;
    }
  });
  return { size, path };
}
