/**
 * The "Quét bằng máy ảnh" button: opens the camera and hands each code it reads to `found`,
 * the same path a keyboard-wedge scan takes. The camera code loads on the first press.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Message } from './ui.tsx';

export function CameraScan({ found }: { found: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stopper, setStopper] = useState<AbortController | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(found);
  latest.current = found;
  useEffect(() => () => stopper?.abort(), [stopper]);

  const start = async () => {
    setProblem(null);
    const controller = new AbortController();
    setStopper(controller);
    try {
      const { scanWithCamera } = await import('./camera.ts');
      await scanWithCamera(video.current!, (code) => latest.current(code), controller.signal);
    } catch (error) {
      controller.abort();
      setStopper(null);
      setProblem(
        error instanceof DOMException && error.name === 'NotAllowedError'
          ? 'Chưa được phép dùng máy ảnh'
          : 'Không mở được máy ảnh',
      );
    }
  };
  const stop = () => {
    stopper?.abort();
    setStopper(null);
  };
  return (
    <div class="camera stack">
      {stopper ? (
        <button type="button" class="secondary" onClick={stop}>
          Tắt máy ảnh
        </button>
      ) : (
        <button type="button" class="secondary" onClick={() => void start()}>
          Quét bằng máy ảnh
        </button>
      )}
      <video ref={video} muted playsInline hidden={!stopper} aria-label="Hình từ máy ảnh" />
      {problem && <Message tone="error">{problem}</Message>}
    </div>
  );
}
