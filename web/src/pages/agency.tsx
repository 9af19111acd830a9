export default function P() {
  return (
    <section>
      <h1>agency</h1>
    </section>
  );
}
