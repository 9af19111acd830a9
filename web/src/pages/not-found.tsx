import { useTitle } from '../ui.tsx';

export default function NotFound() {
  useTitle('Không tìm thấy trang');
  return (
    <section>
      <h1>Không tìm thấy trang</h1>
      <p>
        <a href="/">Về trang chính</a>
      </p>
    </section>
  );
}
