/**
 * Reads barcodes from the camera: the browser's BarcodeDetector where it has one, else the
 * `barcode-detector` ponyfill (ZXing compiled to WebAssembly, served from this origin). Loaded
 * only when someone presses the camera button, so the pages' first load does not carry it.
 */
import { BarcodeDetector as Ponyfill, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** The label's S10 barcode (Code 128) and its tracking QR code. */
const FORMATS = ['code_128', 'qr_code'] as const;
/** How often a frame is looked at: fast enough for a hand, light on a cheap phone. */
const FRAME_EVERY_MS = 200;

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
  },
});

async function detector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: typeof Ponyfill }).BarcodeDetector;
  if (native) {
    const supported = await native.getSupportedFormats();
    if (FORMATS.every((format) => supported.includes(format))) return new native({ formats: [...FORMATS] });
  }
  return new Ponyfill({ formats: [...FORMATS] });
}

/** Codes found in one picture (an image, a canvas, a video frame). */
export async function codesIn(source: CanvasImageSource): Promise<string[]> {
  return (await (await detector()).detect(source)).map((barcode) => barcode.rawValue);
}

/**
 * Shows the camera in `video` and calls `found` with each code it reads, until `stop` aborts;
 * the same code held in front of the camera counts once.
 */
export async function scanWithCamera(
  video: HTMLVideoElement,
  found: (code: string) => void,
  stop: AbortSignal,
): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment' },
    audio: false,
  });
  stop.addEventListener('abort', () => {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  });
  video.srcObject = stream;
  await video.play();
  const reader = await detector();
  let last = '';
  while (!stop.aborted) {
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      const codes = (await reader.detect(video).catch(() => [])).map((barcode) => barcode.rawValue);
      const code = codes[0];
      if (code && code !== last) found(code);
      last = code ?? last;
    }
    await new Promise((wake) => setTimeout(wake, FRAME_EVERY_MS));
  }
}
