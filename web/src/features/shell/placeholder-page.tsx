/** A route whose screen is still to be built: it says so, and shows no made-up data. */
export function PlaceholderPage({ title }: { title: string }) {
  return (
    <section>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-gray-700">This screen isn't built yet.</p>
    </section>
  );
}
