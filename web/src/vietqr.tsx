/** A VietQR payment code drawn as SVG from the payload the API gives (the exact amount, the item code as content). */
import { encode } from 'uqr';
import { formatVnd } from './format.ts';

/** One SVG path of the dark modules: a few kilobytes of markup, crisp at any size. */
function modulesPath(payload: string): { size: number; path: string } {
  const { size, data } = encode(payload, { ecc: 'M', border: 2 });
  const parts: string[] = [];
  for (const [y, row] of data.entries()) {
    for (const [x, dark] of row.entries()) if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size, path: parts.join('') };
}

export function VietQrCode({
  payload,
  amountVnd,
  itemCode,
}: {
  payload: string;
  amountVnd: number;
  itemCode: string;
}) {
  const { size, path } = modulesPath(payload);
  const label = `Mã VietQR chuyển khoản ${formatVnd(amountVnd)}, nội dung ${itemCode}`;
  return (
    <figure class="vietqr">
      <svg
        viewBox={`0 0 ${size} ${size}`}
        width="220"
        height="220"
        role="img"
        aria-label={label}
        shape-rendering="crispEdges"
        data-payload={payload}
      >
        <rect width={size} height={size} fill="#fff" />
        <path d={path} fill="#000" />
      </svg>
      <figcaption>
        Chuyển khoản đúng {formatVnd(amountVnd)} · nội dung {itemCode}
      </figcaption>
    </figure>
  );
}
