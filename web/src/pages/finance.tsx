export default function P() {
  return (
    <section>
      <h1>finance</h1>
    </section>
  );
}
