/** UI.md §3's 404: it never says whether another company's record exists. */
export function NotFoundPage() {
  return (
    <section>
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-gray-700">
        This page doesn't exist, or it belongs to a company you're not a member of.
      </p>
    </section>
  );
}
