import { PAGES } from '../app.tsx';
import { session } from '../session.ts';
import { useTitle } from '../ui.tsx';
import { ROLE } from '../words.ts';

export default function Home() {
  useTitle('Trang chính');
  const current = session.value;
  if (!current) return null;
  const pages = PAGES.filter((page) => page.roles.includes(current.role));
  return (
    <section>
      <h1>Xin chào, {ROLE[current.role] ?? current.role}</h1>
      <ul class="cards">
        {pages.map((page) => (
          <li key={page.href}>
            <a href={page.href}>{page.label}</a>
          </li>
        ))}
      </ul>
      <p>
        Người dân tra cứu hồ sơ tại <code>/track/&lt;mã hồ sơ&gt;</code>.
      </p>
    </section>
  );
}
