/** `/` for a signed-in user who belongs to no company yet (UI.md §2). */
export function NoCompanyPage() {
  return (
    <section>
      <h1 className="text-xl font-semibold">No company yet</h1>
      <p className="mt-2 text-gray-700">
        You are not a member of any company yet. Ask your ERP admin to add you.
      </p>
    </section>
  );
}
