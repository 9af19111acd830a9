export default function P() {
  return (
    <section>
      <h1>supervisor</h1>
    </section>
  );
}
